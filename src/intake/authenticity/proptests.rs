//! Properties of the authenticity evidence over arbitrary and almost-valid headers: it never
//! panics, and comments never change what a header says.

use proptest::prelude::{Just, Strategy, any, prop, prop_assert, prop_assert_eq, prop_oneof, proptest};

use super::parse::parse_header;
use super::{AuthenticityPolicy, MessageHeaders, assess};
use crate::domain::email_address::EmailAddress;
use crate::domain::sufficiency::sender_domain::LawEnforcementDomains;

/// Text made mostly of the characters the grammar cares about, so generated values get deep into
/// the parser instead of failing on the first character.
fn header_like() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("mx.example.org".to_owned()),
        Just("; ".to_owned()),
        Just("spf=".to_owned()),
        Just("dkim=pass header.d=".to_owned()),
        Just("dmarc=fail header.from=".to_owned()),
        Just("fbi.gov".to_owned()),
        Just("@".to_owned()),
        Just("none".to_owned()),
        "[ ;=()\"\\\\./@a-z0-9\r\n\t]{1,8}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat())
}

fn run(results: &[String], from: Option<&str>, reply_to: &[String]) -> super::Authenticity {
    let results: Vec<&str> = results.iter().map(String::as_str).collect();
    let reply_to: Vec<&str> = reply_to.iter().map(String::as_str).collect();
    let from = from.and_then(|from| EmailAddress::parse(from).ok());
    let trusted = vec!["mx.example.org".to_owned()];
    let law_enforcement = LawEnforcementDomains::default();
    let headers =
        MessageHeaders { authentication_results: &results, from: from.as_ref(), reply_to: &reply_to };
    assess(
        &headers,
        &AuthenticityPolicy { trusted_authserv_ids: &trusted, law_enforcement: &law_enforcement },
    )
}

proptest! {
    #[test]
    fn assess_never_panics_on_arbitrary_strings(
        results in prop::collection::vec(any::<String>(), 0..4),
        from in any::<String>(),
        reply_to in prop::collection::vec(any::<String>(), 0..3),
    ) {
        let authenticity = run(&results, Some(&from), &reply_to);
        prop_assert!(authenticity.ignored_headers <= results.len());
    }

    #[test]
    fn assess_never_panics_on_header_like_text(
        results in prop::collection::vec(header_like(), 0..4),
        reply_to in prop::collection::vec(header_like(), 0..3),
    ) {
        let authenticity = run(&results, Some("agent@fbi.gov"), &reply_to);
        let used = usize::from(authenticity.authserv_id.is_some());
        prop_assert_eq!(authenticity.ignored_headers + used, results.len());
    }

    #[test]
    fn comments_and_folding_between_tokens_change_nothing(
        comment in "[a-z ;=.\"]{0,12}",
        result in prop_oneof![Just("pass"), Just("fail"), Just("softfail"), Just("none")],
    ) {
        let plain =
            format!("mx.example.org; spf={result} smtp.mailfrom=a@fbi.gov; dkim=pass header.d=fbi.gov");
        let c = format!("({comment})");
        let commented = format!(
            "{c} mx.example.org {c}\r\n\t; {c} spf {c} = {c} {result} {c} smtp {c} . {c} mailfrom {c} = {c} \
             a@fbi.gov {c} ; dkim {c} = {c} pass {c} header.d {c} = {c} fbi.gov {c}"
        );
        prop_assert_eq!(parse_header(&commented), parse_header(&plain));
    }
}
