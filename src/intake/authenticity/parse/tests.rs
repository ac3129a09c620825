//! Specifications of reading Authentication-Results header values.

use super::{ParsedHeader, ParsedResult, Unreadable, parse_header};

fn result(method: &str, result: &str, properties: &[(&str, &str)]) -> ParsedResult {
    ParsedResult {
        method: method.to_owned(),
        result: result.to_owned(),
        properties: properties
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect(),
    }
}

fn header(id: Option<&str>, results: Vec<ParsedResult>) -> ParsedHeader {
    ParsedHeader { authserv_id: id.map(str::to_owned), results }
}

fn unreadable(id: Option<&str>) -> Result<ParsedHeader, Unreadable> {
    Err(Unreadable { authserv_id: id.map(str::to_owned) })
}

#[test]
fn opendkim_header_with_a_semicolon_inside_a_comment_and_a_quoted_signature() {
    let value = "mx.example.org; dkim=pass (2048-bit key; unprotected) header.d=fbi.gov header.i=@fbi.gov \
                 header.b=\"abc\"";
    assert_eq!(
        parse_header(value),
        Ok(header(
            Some("mx.example.org"),
            vec![result(
                "dkim",
                "pass",
                &[("header.d", "fbi.gov"), ("header.i", "@fbi.gov"), ("header.b", "abc")]
            )]
        ))
    );
}

#[test]
fn comments_may_nest_escape_parentheses_and_sit_between_any_two_tokens() {
    let value = "(lead) mx.example.org (a (nested (deep)) \\) still comment; spf=fail) ; (x) spf (y) = (z) \
                 pass (w) smtp (v) . (u) mailfrom (t) = (s) agent@fbi.gov (r) ; (q)";
    assert_eq!(
        parse_header(value),
        Ok(header(
            Some("mx.example.org"),
            vec![result("spf", "pass", &[("smtp.mailfrom", "agent@fbi.gov")])]
        ))
    );
}

#[test]
fn quoted_strings_lose_their_quotes_and_escapes() {
    let value = r#""mx.example.org"; dkim=pass header.b="a\"b\\c;d (e)" smtp.mailfrom="john doe"@fbi.gov"#;
    assert_eq!(
        parse_header(value),
        Ok(header(
            Some("mx.example.org"),
            vec![result(
                "dkim",
                "pass",
                &[("header.b", "a\"b\\c;d (e)"), ("smtp.mailfrom", "john doe@fbi.gov")]
            )]
        ))
    );
}

#[test]
fn method_and_property_names_are_lower_cased_and_values_kept_as_written() {
    let value = "MX.Example.ORG; SPF=PASS Smtp.MailFrom=Agent@FBI.gov; DKIM/1=Pass Header.D=FBI.GOV";
    assert_eq!(
        parse_header(value),
        Ok(header(
            Some("MX.Example.ORG"),
            vec![
                result("spf", "pass", &[("smtp.mailfrom", "Agent@FBI.gov")]),
                result("dkim", "pass", &[("header.d", "FBI.GOV")]),
            ]
        ))
    );
}

#[test]
fn folding_white_space_versions_and_extra_semicolons_are_accepted() {
    let value =
        "mx.example.org 1;\r\n\tspf=pass smtp.mailfrom=fbi.gov;;\r\n  dmarc=pass header.from=fbi.gov;  ;";
    assert_eq!(
        parse_header(value),
        Ok(header(
            Some("mx.example.org"),
            vec![
                result("spf", "pass", &[("smtp.mailfrom", "fbi.gov")]),
                result("dmarc", "pass", &[("header.from", "fbi.gov")]),
            ]
        ))
    );
}

#[test]
fn a_header_without_results_says_none() {
    assert_eq!(parse_header("mx.example.org; none"), Ok(header(Some("mx.example.org"), vec![])));
    assert_eq!(parse_header("mx.example.org 1 ; none ;"), Ok(header(Some("mx.example.org"), vec![])));
    assert_eq!(parse_header("mx.example.org"), Ok(header(Some("mx.example.org"), vec![])));
}

#[test]
fn microsoft_365_extensions_and_unknown_methods_are_read() {
    let value = "spf=pass (sender IP is 1.2.3.4) smtp.mailfrom=fbi.gov; dkim=pass (signature was verified) \
                 header.d=fbi.gov;dmarc=pass action=none header.from=fbi.gov;compauth=pass reason=100";
    assert_eq!(
        parse_header(value),
        Ok(header(
            None,
            vec![
                result("spf", "pass", &[("smtp.mailfrom", "fbi.gov")]),
                result("dkim", "pass", &[("header.d", "fbi.gov")]),
                result("dmarc", "pass", &[("action", "none"), ("header.from", "fbi.gov")]),
                result("compauth", "pass", &[("reason", "100")]),
            ]
        ))
    );
}

#[test]
fn unquoted_values_keep_base64_and_non_ascii_characters() {
    let value = "mx.example.org; dkim=pass header.b=Ab+/9x== header.d=bücher.example";
    assert_eq!(
        parse_header(value),
        Ok(header(
            Some("mx.example.org"),
            vec![result("dkim", "pass", &[("header.b", "Ab+/9x=="), ("header.d", "bücher.example")])]
        ))
    );
}

#[test]
fn an_unclosed_comment_runs_to_the_end() {
    assert_eq!(
        parse_header("mx.example.org; spf=fail (never closed; dkim=pass header.d=fbi.gov"),
        Ok(header(Some("mx.example.org"), vec![result("spf", "fail", &[])]))
    );
}

#[test]
fn garbage_around_the_authserv_id_makes_the_whole_header_unreadable() {
    assert_eq!(parse_header(""), unreadable(None));
    assert_eq!(parse_header("  (only a comment) "), unreadable(None));
    assert_eq!(parse_header("; spf=pass"), unreadable(None));
    assert_eq!(parse_header("\"never closed; spf=pass"), unreadable(None));
    let refused = ["mx.example.org spf=pass", "mx.example.org 1x; spf=pass", "mx.example.org 1 2; spf=pass"];
    for value in refused {
        assert_eq!(parse_header(value), unreadable(Some("mx.example.org")), "{value}");
    }
}

#[test]
fn a_broken_result_is_skipped_and_a_broken_property_ends_its_result() {
    let table: [(&str, Vec<ParsedResult>); 9] = [
        ("spf; dkim=pass", vec![result("dkim", "pass", &[])]),
        ("spf=; =pass; dkim/=pass; ???; dmarc=fail", vec![result("dmarc", "fail", &[])]),
        ("spf=pass smtp.mailfrom", vec![result("spf", "pass", &[])]),
        ("spf=pass smtp.=x header.d=fbi.gov", vec![result("spf", "pass", &[])]),
        ("spf=pass, dkim=pass header.d=fbi.gov", vec![result("spf", "pass", &[])]),
        (
            "spf=fail smtp.helo=a junk (x; y) \"q;\" smtp.mailfrom=b; dkim=none",
            vec![result("spf", "fail", &[("smtp.helo", "a")]), result("dkim", "none", &[])],
        ),
        ("spf=pass header.b=\"never closed; dkim=pass", vec![result("spf", "pass", &[])]),
        (
            "dkim=pass header.d=fbi.gov junk header.d=evil.example",
            vec![result("dkim", "pass", &[("header.d", "fbi.gov")])],
        ),
        ("none; spf=pass", vec![result("spf", "pass", &[])]),
    ];
    for (results, expected) in table {
        let value = format!("mx.example.org; {results}");
        assert_eq!(parse_header(&value), Ok(header(Some("mx.example.org"), expected)), "{value}");
    }
}

#[test]
fn amazon_ses_segments_are_read_as_results_of_their_own() {
    let value = "amazonses.com; spf=pass (spfCheck: domain of fbi.gov designates 1.2.3.4 as permitted \
                 sender) client-ip=1.2.3.4; envelope-from=agent@fbi.gov; helo=mail.fbi.gov; \
                 dkim=pass header.i=@fbi.gov; dmarc=pass header.from=fbi.gov;";
    assert_eq!(
        parse_header(value),
        Ok(header(
            Some("amazonses.com"),
            vec![
                result("spf", "pass", &[("client-ip", "1.2.3.4")]),
                result("envelope-from", "agent", &[]),
                result("helo", "mail", &[]),
                result("dkim", "pass", &[("header.i", "@fbi.gov")]),
                result("dmarc", "pass", &[("header.from", "fbi.gov")]),
            ]
        ))
    );
}
