//! What the From header says about the sender: the display name, the address and its domain,
//! and whether that domain is law enforcement or free mail. Several fields fall back on it.

use crate::domain::email_address::EmailAddress;
use crate::domain::identifier::Domain;
use crate::domain::sufficiency::sender_domain::{
    LawEnforcementDomains, SenderVerdict, classify_sender_domain,
};
use crate::intake::classify::evidence::collapse;
use crate::intake::classify::source::capped;
use crate::intake::classify::{Evidence, Location, MessageText};

/// Display names longer than this are not names.
const NAME_MAX_BYTES: usize = 200;

/// The From header, read.
#[derive(Debug, Clone)]
pub(super) struct Sender<'a> {
    pub name: Option<&'a str>,
    pub address: Option<EmailAddress>,
    pub verdict: Option<SenderVerdict>,
}

impl<'a> Sender<'a> {
    pub fn of(message: &MessageText<'a>, allow: &LawEnforcementDomains) -> Sender<'a> {
        let name = message
            .from_name
            .map(str::trim)
            .filter(|name| !name.is_empty() && name.len() <= NAME_MAX_BYTES)
            .map(capped);
        let address = message.from_address.and_then(|address| EmailAddress::parse(capped(address)).ok());
        let verdict = address.as_ref().map(|address| classify_sender_domain(address.domain(), allow));
        Sender { name, address, verdict }
    }

    pub fn domain(&self) -> Option<&Domain> {
        self.address.as_ref().map(EmailAddress::domain)
    }

    pub fn is_law_enforcement(&self) -> bool {
        matches!(self.verdict, Some(SenderVerdict::LawEnforcement { .. }))
    }

    pub fn is_free_mail(&self) -> bool {
        matches!(self.verdict, Some(SenderVerdict::FreeMail))
    }

    /// Evidence quoting the From address.
    pub fn address_evidence(&self) -> Option<Evidence> {
        self.address
            .as_ref()
            .map(|address| Evidence { phrase: collapse(address.as_str()), location: Location::Sender })
    }
}
