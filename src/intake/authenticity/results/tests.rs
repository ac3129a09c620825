//! Specifications of what each SPF, DKIM and DMARC result tells the legal team.

use crate::intake::authenticity::tests::{kinds, message, ours};

#[test]
fn dkim_must_pass_for_the_sender_domain_or_a_parent_of_it() {
    let cases = [
        ("dkim=pass header.d=fbi.gov", "agent@ic.fbi.gov", None),
        ("dkim=pass header.i=agent@FBI.GOV", "agent@fbi.gov", None),
        ("dkim=fail header.d=relay.example; dkim=pass header.d=fbi.gov", "agent@fbi.gov", None),
        ("dkim=pass header.d=ic.fbi.gov", "agent@fbi.gov", Some("warning")),
        ("dkim=pass header.d=sendgrid.net", "agent@fbi.gov", Some("warning")),
        ("dkim=pass header.d=gov", "agent@fbi.gov", Some("warning")),
        ("dkim=pass header.d=notfbi.gov", "agent@fbi.gov", Some("warning")),
        ("dkim=temperror header.d=fbi.gov", "agent@fbi.gov", Some("warning")),
        ("dkim=fail header.d=fbi.gov", "agent@fbi.gov", Some("blocking")),
        ("dkim=pass header.d=sendgrid.net; dkim=fail header.d=fbi.gov", "agent@fbi.gov", Some("blocking")),
    ];
    for (dkim, from, expected) in cases {
        let header = format!("mx.example.org; spf=pass; {dkim}; dmarc=pass header.from=fbi.gov");
        let found = ours(&[&header], from);
        let severity = found.findings.iter().find(|f| f.kind == "dkim_failed").map(|f| f.severity);
        assert_eq!(severity, expected, "{dkim} from {from}");
    }
    let only_other =
        ours(&["mx.example.org; spf=pass; dkim=pass header.d=sendgrid.net; dmarc=pass"], "a@fbi.gov");
    assert_eq!(
        message(&only_other, "dkim_failed"),
        "DKIM passed only for sendgrid.net (mx.example.org), not for the sender's domain: no valid signature \
         from fbi.gov was found."
    );
}

#[test]
fn many_failed_signatures_are_named_once_and_only_the_first_few() {
    let failures: String =
        (0..40).map(|n| format!("dkim=fail header.d=s{}.example; ", n % 8)).collect::<Vec<_>>().concat();
    let header = format!("mx.example.org; spf=pass; {failures}dmarc=pass header.from=fbi.gov");
    let authenticity = ours(&[&header], "agent@fbi.gov");
    assert_eq!(authenticity.dkim.len(), 40);
    assert!(message(&authenticity, "dkim_failed").starts_with(
        "DKIM failed for s0.example, s1.example, s2.example, s3.example, s4.example, others (mx.example.org)"
    ));
}

#[test]
fn spf_and_dmarc_severities_follow_the_result() {
    let cases = [
        ("pass", None, None),
        ("fail", Some("blocking"), Some("blocking")),
        ("hardfail", Some("blocking"), Some("blocking")),
        ("softfail", Some("warning"), Some("warning")),
        ("neutral", Some("warning"), Some("warning")),
        ("none", Some("warning"), Some("warning")),
        ("temperror", Some("warning"), Some("warning")),
        ("permerror", Some("warning"), Some("warning")),
        ("policy", Some("warning"), Some("warning")),
        ("bestguesspass", Some("warning"), Some("warning")),
    ];
    for (result, spf_expected, dmarc_expected) in cases {
        let header = format!(
            "mx.example.org; spf={result} smtp.mailfrom=a@fbi.gov; dkim=pass header.d=fbi.gov; \
             dmarc={result} header.from=fbi.gov"
        );
        let found = ours(&[&header], "agent@fbi.gov");
        let severity = |kind: &str| found.findings.iter().find(|f| f.kind == kind).map(|f| f.severity);
        assert_eq!(severity("spf_failed"), spf_expected, "spf={result}");
        assert_eq!(severity("dmarc_failed"), dmarc_expected, "dmarc={result}");
    }
}

#[test]
fn dmarc_passing_for_another_domain_than_from_is_a_warning() {
    let header = "mx.example.org; spf=pass; dkim=pass header.d=fbi.gov; dmarc=pass header.from=evil.example";
    let authenticity = ours(&[header], "agent@fbi.gov");
    assert_eq!(kinds(&authenticity), vec![("dmarc_failed", "warning")]);
    assert_eq!(
        message(&authenticity, "dmarc_failed"),
        "DMARC passed for evil.example (mx.example.org), which is not the sender's domain fbi.gov."
    );
}

#[test]
fn a_header_of_ours_saying_none_means_nothing_was_checked() {
    let authenticity = ours(&["mx.example.org; none"], "agent@fbi.gov");
    assert_eq!(
        kinds(&authenticity),
        vec![("spf_failed", "warning"), ("dkim_failed", "warning"), ("dmarc_failed", "warning")]
    );
}

#[test]
fn long_untrusted_values_are_cut_short_in_messages() {
    let long = "x".repeat(5_000);
    let header = format!("mx.example.org; spf=fail smtp.mailfrom={long}.example; dkim=pass header.d=fbi.gov");
    let authenticity = ours(&[&header], "agent@fbi.gov");
    assert!(message(&authenticity, "spf_failed").len() < 400);
}
