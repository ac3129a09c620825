//! Test mail: a builder for the messages the specifications classify, so each test reads like
//! the email it describes.

use chrono::NaiveDate;

use crate::domain::sufficiency::sender_domain::LawEnforcementDomains;
use crate::intake::classify::source::Source;
use crate::intake::classify::{
    AttachmentText, Classification, Confidence, Evidence, Guess, Location, MessageText, classify,
};

/// An email as a test writes it.
#[derive(Debug, Clone)]
pub(super) struct Mail {
    subject: String,
    body: String,
    attachments: Vec<(String, String)>,
    from_name: Option<String>,
    from_address: Option<String>,
    received_on: NaiveDate,
}

impl Mail {
    /// A message received on 2 March 2026 with this subject and body.
    pub fn new(subject: &str, body: &str) -> Mail {
        Mail {
            subject: subject.to_owned(),
            body: body.to_owned(),
            attachments: Vec::new(),
            from_name: None,
            from_address: None,
            received_on: date(2026, 3, 2),
        }
    }

    pub fn attach(mut self, name: &str, text: &str) -> Mail {
        self.attachments.push((name.to_owned(), text.to_owned()));
        self
    }

    pub fn from(mut self, name: Option<&str>, address: &str) -> Mail {
        self.from_name = name.map(str::to_owned);
        self.from_address = Some(address.to_owned());
        self
    }

    pub fn received(mut self, on: NaiveDate) -> Mail {
        self.received_on = on;
        self
    }

    pub fn classify(&self) -> Classification {
        self.classify_with(&LawEnforcementDomains::default())
    }

    pub fn classify_with(&self, allow: &LawEnforcementDomains) -> Classification {
        let attachments: Vec<AttachmentText<'_>> =
            self.attachments.iter().map(|(name, text)| AttachmentText { name, text }).collect();
        let message = MessageText {
            subject: &self.subject,
            body: &self.body,
            attachments: &attachments,
            from_name: self.from_name.as_deref(),
            from_address: self.from_address.as_deref(),
            received_on: self.received_on,
        };
        classify(&message, allow)
    }
}

pub(super) fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

/// The value, the phrase, the location and the confidence of a guess, for one-line assertions.
pub(super) fn parts<T: Clone>(guess: &Option<Guess<T>>) -> Option<(T, String, Location, Confidence)> {
    guess.as_ref().map(|guess| {
        let Evidence { phrase, location } = guess.evidence.clone();
        (guess.value.clone(), phrase, location, guess.confidence)
    })
}

pub(super) fn attachment(name: &str) -> Location {
    Location::Attachment { name: name.to_owned() }
}

/// A body source with dates read month first.
pub(super) fn body(text: &str) -> Source<'_> {
    let mut source = Source::new(Location::Body, text);
    source.find_dates(false);
    source
}
