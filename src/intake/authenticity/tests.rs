//! Specifications of the authenticity evidence, on header values as real MTAs write them.

use super::{AuthOutcome, Authenticity, AuthenticityPolicy, MessageHeaders, MethodResult, assess};
use crate::domain::email_address::EmailAddress;
use crate::domain::sufficiency::sender_domain::{LawEnforcementDomains, SenderVerdict};

const OURS: &str = "mx.example.org";

const GMAIL: &str = concat!(
    "mx.google.com;\r\n       dkim=pass header.i=@fbi.gov header.s=s2048 header.b=Xq3+/Ab9;\r\n       ",
    "arc=pass (i=1 spf=pass spfdomain=fbi.gov dkim=pass dkdomain=fbi.gov dmarc=pass fromdomain=fbi.gov);",
    "\r\n       spf=pass (google.com: domain of jane.roe@fbi.gov designates 153.31.119.142 as permitted ",
    "sender) smtp.mailfrom=jane.roe@fbi.gov;\r\n       ",
    "dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=fbi.gov",
);

const MICROSOFT_365: &str = concat!(
    "mx.example.org; spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=fbi.gov; ",
    "dkim=pass (signature was verified) header.d=fbi.gov; dmarc=pass action=none header.from=fbi.gov;",
    "compauth=pass reason=100",
);

fn assess_with(trusted: &[&str], results: &[&str], from: Option<&str>, reply_to: &[&str]) -> Authenticity {
    let trusted: Vec<String> = trusted.iter().map(|id| (*id).to_owned()).collect();
    let from = from.map(|from| EmailAddress::parse(from).expect("test From parses"));
    let law_enforcement = LawEnforcementDomains::default();
    let headers = MessageHeaders { authentication_results: results, from: from.as_ref(), reply_to };
    assess(
        &headers,
        &AuthenticityPolicy { trusted_authserv_ids: &trusted, law_enforcement: &law_enforcement },
    )
}

pub(super) fn ours(results: &[&str], from: &str) -> Authenticity {
    assess_with(&[OURS], results, Some(from), &[])
}

/// (kind, severity) of every finding, in order.
pub(super) fn kinds(authenticity: &Authenticity) -> Vec<(&'static str, &'static str)> {
    authenticity.findings.iter().map(|finding| (finding.kind, finding.severity)).collect()
}

pub(super) fn message(authenticity: &Authenticity, kind: &str) -> String {
    let found = authenticity.findings.iter().find(|finding| finding.kind == kind);
    found.map(|finding| finding.message.clone()).unwrap_or_else(|| panic!("no {kind} finding"))
}

#[test]
fn a_clean_gmail_delivered_message_from_a_gov_sender_has_no_findings() {
    let authenticity = assess_with(&["MX.Google.COM"], &[GMAIL], Some("Jane.Roe@FBI.gov"), &[]);
    assert_eq!(authenticity.findings, vec![]);
    assert!(!authenticity.failed());
    assert_eq!(authenticity.authserv_id.as_deref(), Some("mx.google.com"));
    assert_eq!(authenticity.ignored_headers, 0);
    assert_eq!(authenticity.spf.as_ref().map(|spf| spf.outcome), Some(AuthOutcome::Pass));
    assert_eq!(authenticity.dkim.len(), 1);
    assert_eq!(authenticity.dkim[0].property("header.i"), Some("@fbi.gov"));
    assert_eq!(authenticity.dmarc.as_ref().map(|dmarc| dmarc.property("header.from")), Some(Some("fbi.gov")));
    assert_eq!(authenticity.sender_domain.as_deref(), Some("fbi.gov"));
    assert_eq!(
        authenticity.sender_verdict,
        Some(SenderVerdict::LawEnforcement { matched: "gov".to_owned() })
    );
    assert_eq!(authenticity.reply_to_differs, None);
}

#[test]
fn a_clean_microsoft_365_header_has_no_findings_and_keeps_its_extensions() {
    let authenticity = ours(&[MICROSOFT_365], "agent@fbi.gov");
    assert_eq!(kinds(&authenticity), vec![]);
    let dmarc = authenticity.dmarc.expect("dmarc result");
    assert_eq!(
        dmarc,
        MethodResult {
            method: "dmarc".to_owned(),
            outcome: AuthOutcome::Pass,
            properties: vec![
                ("action".to_owned(), "none".to_owned()),
                ("header.from".to_owned(), "fbi.gov".to_owned())
            ],
        }
    );
}

#[test]
fn a_microsoft_365_header_without_an_authserv_id_cannot_be_attributed_and_is_ignored() {
    let without_id = MICROSOFT_365.trim_start_matches("mx.example.org;");
    let authenticity = ours(&[without_id], "agent@fbi.gov");
    assert_eq!(kinds(&authenticity), vec![("auth_results_missing", "warning")]);
    assert_eq!(authenticity.ignored_headers, 1);
    assert_eq!(authenticity.spf, None);
}

#[test]
fn a_postfix_opendkim_header_passes_dkim_but_lacks_spf_and_dmarc() {
    let opendkim = "mx.example.org; dkim=pass (2048-bit key; unprotected) header.d=fbi.gov header.i=@fbi.gov \
                    header.b=\"abc\"";
    let authenticity = ours(&[opendkim], "agent@fbi.gov");
    assert_eq!(kinds(&authenticity), vec![("spf_failed", "warning"), ("dmarc_failed", "warning")]);
    assert_eq!(message(&authenticity, "spf_failed"), "No SPF result was recorded (mx.example.org).");
    assert_eq!(
        message(&authenticity, "dmarc_failed"),
        "No DMARC result was recorded for fbi.gov (mx.example.org)."
    );
}

#[test]
fn a_forged_header_from_another_server_is_ignored_and_ours_is_used() {
    let forged = "mail.attacker.example; spf=pass smtp.mailfrom=fbi.gov; dkim=pass header.d=fbi.gov; \
                  dmarc=pass header.from=fbi.gov";
    let real = "mx.example.org; spf=fail (sender IP is 198.51.100.9) smtp.mailfrom=agent@fbi.gov; dkim=none \
                (message not signed) header.d=none; dmarc=fail action=quarantine header.from=fbi.gov";
    let authenticity = ours(&[forged, real], "agent@fbi.gov");
    assert_eq!(authenticity.authserv_id.as_deref(), Some(OURS));
    assert_eq!(authenticity.ignored_headers, 1);
    assert_eq!(
        kinds(&authenticity),
        vec![("spf_failed", "blocking"), ("dkim_failed", "warning"), ("dmarc_failed", "blocking")]
    );
    assert!(authenticity.failed());
    assert!(message(&authenticity, "spf_failed").starts_with("SPF failed for fbi.gov (mx.example.org)"));
    assert!(message(&authenticity, "dmarc_failed").starts_with("DMARC failed for fbi.gov (mx.example.org)"));
}

#[test]
fn only_the_topmost_header_with_our_authserv_id_counts() {
    let real = "mx.example.org; spf=fail smtp.mailfrom=fbi.gov; dkim=fail header.d=fbi.gov; dmarc=fail \
                header.from=fbi.gov";
    let planted = "MX.EXAMPLE.ORG; spf=pass smtp.mailfrom=fbi.gov; dkim=pass header.d=fbi.gov; dmarc=pass \
                   header.from=fbi.gov";
    let authenticity = ours(&["other.example; none", real, planted], "agent@fbi.gov");
    assert_eq!(authenticity.ignored_headers, 2);
    assert_eq!(authenticity.dkim.len(), 1);
    assert_eq!(authenticity.dkim[0].outcome, AuthOutcome::Fail);
    assert_eq!(
        kinds(&authenticity),
        vec![("spf_failed", "blocking"), ("dkim_failed", "blocking"), ("dmarc_failed", "blocking")]
    );
}

#[test]
fn an_unreadable_header_of_ours_is_not_replaced_by_one_further_down() {
    let broken = "mx.example.org spf=fail smtp.mailfrom=fbi.gov";
    let planted = "mx.example.org; spf=pass smtp.mailfrom=fbi.gov; dkim=pass header.d=fbi.gov; dmarc=pass";
    let authenticity = ours(&[broken, planted], "agent@fbi.gov");
    assert_eq!(authenticity.authserv_id, None);
    assert_eq!(authenticity.ignored_headers, 2);
    assert_eq!(kinds(&authenticity), vec![("auth_results_missing", "warning")]);
    assert_eq!(
        message(&authenticity, "auth_results_missing"),
        "The authentication results written by mx.example.org could not be read; 1 other authentication \
         header was ignored because only our mail server's own can be relied on. Nothing shows whether SPF, \
         DKIM or DMARC passed."
    );
}

#[test]
fn an_unclosed_quote_keeps_the_result_before_it_and_nothing_after_it() {
    let header = "mx.example.org; spf=fail smtp.mailfrom=\"unclosed; dkim=pass header.d=fbi.gov; dmarc=pass";
    let authenticity = ours(&[header], "agent@fbi.gov");
    assert_eq!(
        kinds(&authenticity),
        vec![("spf_failed", "blocking"), ("dkim_failed", "warning"), ("dmarc_failed", "warning")]
    );
    assert_eq!(authenticity.dkim, vec![]);
}

#[test]
fn missing_results_are_a_warning_that_counts_the_ignored_headers() {
    let none = ours(&[], "agent@fbi.gov");
    assert_eq!(kinds(&none), vec![("auth_results_missing", "warning")]);
    assert_eq!(
        message(&none, "auth_results_missing"),
        "No authentication results from our mail server (mx.example.org) were found. Nothing shows whether \
         SPF, DKIM or DMARC passed."
    );
    let foreign = ours(&["a.example; spf=pass", "garbage ;;; (", "b.example; none"], "agent@fbi.gov");
    assert_eq!(foreign.ignored_headers, 3);
    assert!(
        message(&foreign, "auth_results_missing").contains("; 3 other authentication headers were ignored")
    );
    let unconfigured = assess_with(&[], &[MICROSOFT_365], Some("agent@fbi.gov"), &[]);
    assert!(message(&unconfigured, "auth_results_missing").contains("(none is configured)"));
}

#[test]
fn a_look_alike_sender_is_blocking_and_named_in_every_message() {
    let header = "mx.example.org; spf=pass smtp.mailfrom=agent@fbi-gov.com; dkim=pass header.d=fbi-gov.com; \
                  dmarc=fail (p=none) header.from=fbi-gov.com";
    let authenticity = ours(&[header], "agent@fbi-gov.com");
    assert_eq!(kinds(&authenticity), vec![("dmarc_failed", "blocking"), ("sender_look_alike", "blocking")]);
    assert!(
        message(&authenticity, "dmarc_failed").starts_with("DMARC failed for fbi-gov.com (mx.example.org)")
    );
    assert_eq!(
        message(&authenticity, "sender_look_alike"),
        "Sender domain fbi-gov.com looks like a government domain but is not one (it ends in .com)."
    );
}

#[test]
fn a_punycode_sender_is_a_look_alike_even_when_everything_passes() {
    // "fbі.gov" with a Cyrillic і.
    let from = "agent@fb\u{456}.gov";
    let domain = EmailAddress::parse(from).expect("parses").domain().as_str().to_owned();
    let header = format!(
        "mx.example.org; spf=pass smtp.mailfrom={domain}; dkim=pass header.d={domain}; dmarc=pass \
         header.from={domain}"
    );
    let authenticity = ours(&[&header], from);
    assert_eq!(kinds(&authenticity), vec![("sender_look_alike", "blocking")]);
    assert!(message(&authenticity, "sender_look_alike").contains("punycode"));
}

#[test]
fn free_mail_is_blocking_even_with_perfect_authentication() {
    let header = "mx.example.org; spf=pass smtp.mailfrom=fbi.agent@gmail.com; dkim=pass header.d=gmail.com; \
                  dmarc=pass header.from=gmail.com";
    let authenticity = ours(&[header], "fbi.agent@gmail.com");
    assert_eq!(kinds(&authenticity), vec![("sender_free_mail", "blocking")]);
    assert_eq!(authenticity.sender_verdict, Some(SenderVerdict::FreeMail));
}

#[test]
fn an_unlisted_sender_is_only_a_warning() {
    let header = "mx.example.org; spf=pass smtp.mailfrom=sheriff.example; \
                  dkim=pass header.d=sheriff.example; dmarc=pass header.from=sheriff.example";
    let authenticity = ours(&[header], "deputy@sheriff.example");
    assert_eq!(kinds(&authenticity), vec![("sender_unrecognised", "warning")]);
    assert!(!authenticity.failed());
}

#[test]
fn a_reply_to_free_mail_is_blocking_and_another_mailbox_a_warning() {
    let reply_to = ["Jane.Roe@FBI.gov", "fbi.urgent@gmail.com", "<records@fbi.gov>", "FBI.Urgent@gmail.com"];
    let authenticity = assess_with(&[OURS], &[MICROSOFT_365], Some("jane.roe@fbi.gov"), &reply_to);
    assert_eq!(authenticity.reply_to_differs.as_deref(), Some("fbi.urgent@gmail.com"));
    assert_eq!(kinds(&authenticity), vec![("reply_to_differs", "blocking"), ("reply_to_differs", "warning")]);
    assert_eq!(
        authenticity.findings[0].message,
        "Replies would go to fbi.urgent@gmail.com, not to the sender jane.roe@fbi.gov: gmail.com is a free \
         mail provider, where anyone can open a mailbox."
    );
    assert!(authenticity.findings[1].message.contains("a different mailbox at the same domain fbi.gov"));
}

#[test]
fn a_reply_to_look_alike_is_blocking_and_an_unreadable_one_a_warning() {
    let authenticity = assess_with(
        &[OURS],
        &[MICROSOFT_365],
        Some("agent@fbi.gov"),
        &["agent@fbi-gov.us.com", "not an address"],
    );
    assert_eq!(kinds(&authenticity), vec![("reply_to_differs", "blocking"), ("reply_to_differs", "warning")]);
    assert!(authenticity.findings[1].message.contains("\"not an address\""));
}

#[test]
fn a_reply_to_equal_to_from_is_not_reported() {
    let authenticity = assess_with(&[OURS], &[MICROSOFT_365], Some("agent@fbi.gov"), &[" AGENT@FBI.GOV "]);
    assert_eq!(authenticity.reply_to_differs, None);
    assert_eq!(kinds(&authenticity), vec![]);
}

#[test]
fn without_a_from_address_the_message_is_blocking() {
    let authenticity = assess_with(&[OURS], &[MICROSOFT_365], None, &["someone@fbi.gov"]);
    assert_eq!(authenticity.sender_domain, None);
    assert_eq!(authenticity.sender_verdict, None);
    assert_eq!(
        kinds(&authenticity),
        vec![("sender_missing", "blocking"), ("dkim_failed", "warning"), ("reply_to_differs", "warning")]
    );
}

#[test]
fn comments_everywhere_do_not_change_the_evidence() {
    let header = "(ours) mx.example.org (v) 1 (x); (a) spf (b) = (c) pass (d (nested; spf=fail)) smtp (e) \
                  . (f) mailfrom (g) = (h) agent@fbi.gov (i) ; (j) dkim (k) / (l) 1 (m) = (n) pass (o) \
                  header.d (p) = (q) fbi.gov (r); dmarc=pass (p=reject) header.from=fbi.gov (s) ; (t)";
    let authenticity = ours(&[header], "agent@fbi.gov");
    assert_eq!(kinds(&authenticity), vec![]);
    assert_eq!(authenticity.dkim[0].property("header.d"), Some("fbi.gov"));
}

#[test]
fn large_hostile_headers_are_read_in_one_pass() {
    let hostile = [
        format!("mx.example.org; spf=pass {}", "(".repeat(64 * 1024)),
        format!("mx.example.org{}", "; spf=pass smtp.mailfrom=x@fbi.gov".repeat(2_000)),
        format!("mx.example.org; dkim=pass header.b=\"{}\"", "\\\"".repeat(32 * 1024)),
        ";".repeat(64 * 1024),
    ];
    let values: Vec<&str> = hostile.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    for value in &values {
        let _ = ours(&[value], "agent@fbi.gov");
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn the_evidence_serialises_with_snake_case_outcomes() {
    let json = serde_json::to_value(ours(&[MICROSOFT_365], "agent@fbi.gov")).expect("serialises");
    assert_eq!(json["spf"]["outcome"], "pass");
    assert_eq!(json["dkim"][0]["properties"][0], serde_json::json!(["header.d", "fbi.gov"]));
    assert_eq!(json["sender_verdict"]["verdict"], "law_enforcement");
    assert_eq!(json["findings"], serde_json::json!([]));
}
