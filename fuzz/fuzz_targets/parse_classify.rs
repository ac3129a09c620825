//! Fuzzes what intake does to untrusted bytes before any storage: MIME parsing, HTML and PDF
//! text extraction, classification, authenticity assessment and the findings. It must never
//! panic, hang or exhaust memory, whatever arrives.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use lert::config::intake::IntakeSettings;
use lert::domain::sufficiency::sender_domain::LawEnforcementDomains;
use lert::intake::prepare::{PrepareContext, prepare};

fn settings() -> &'static IntakeSettings {
    static SETTINGS: OnceLock<IntakeSettings> = OnceLock::new();
    SETTINGS.get_or_init(|| IntakeSettings {
        trusted_authserv_ids: vec!["mx.example-trust.test".to_owned()],
        ..IntakeSettings::default()
    })
}

fuzz_target!(|raw: &[u8]| {
    let law_enforcement = LawEnforcementDomains::default();
    let context = PrepareContext {
        settings: settings(),
        law_enforcement: &law_enforcement,
        received_on: NaiveDate::from_ymd_opt(2026, 11, 26).expect("a valid date"),
        pdf_text: true,
    };
    let _ = prepare(raw, &context);
});
