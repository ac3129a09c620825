//! Specifications of the sender-domain classification.

use crate::domain::identifier::Domain;
use crate::domain::sufficiency::sender_domain::{
    LawEnforcementDomains, SenderVerdict, classify_sender_domain,
};

fn verdict(name: &str) -> SenderVerdict {
    classify_sender_domain(&Domain::parse(name).unwrap(), &LawEnforcementDomains::default())
}

fn law_enforcement(matched: &str) -> SenderVerdict {
    SenderVerdict::LawEnforcement { matched: matched.to_owned() }
}

fn look_alike(resembles: &str, why: &str) -> SenderVerdict {
    SenderVerdict::LookAlike { resembles: resembles.to_owned(), why: why.to_owned() }
}

#[test]
fn law_enforcement_suffixes_pass() {
    let table = [
        ("fbi.gov", "gov"),
        ("ic.fbi.gov", "gov"),
        ("army.mil", "mil"),
        ("met.police.uk", "police.uk"),
        ("kent.pnn.police.uk", "pnn.police.uk"),
        ("usmarshals.fed.us", "fed.us"),
        ("FBI.GOV.", "gov"),
    ];
    for (name, matched) in table {
        assert_eq!(verdict(name), law_enforcement(matched), "{name}");
    }
}

#[test]
fn us_state_and_local_names_pass_except_schools_libraries_and_general_entities() {
    let table = [
        ("state.ny.us", Some("ny.us")),
        ("dps.state.tx.us", Some("tx.us")),
        ("police.ci.boston.ma.us", Some("ma.us")),
        ("sheriff.co.fairfax.va.us", Some("va.us")),
        ("mpd.dc.us", Some("dc.us")),
        ("ny.us", None),
        ("school.k12.ny.us", None),
        ("library.lib.ca.us", None),
        ("shop.gen.tx.us", None),
        ("agency.zz.us", None),
        ("example.us", None),
    ];
    for (name, matched) in table {
        let passed = matches!(verdict(name), SenderVerdict::LawEnforcement { .. });

        assert_eq!(passed, matched.is_some(), "{name}");
        if let Some(matched) = matched {
            assert_eq!(verdict(name), law_enforcement(matched), "{name}");
        }
    }
}

#[test]
fn free_mail_fails() {
    for name in ["gmail.com", "GoogleMail.com", "proton.me", "163.com", "yandex.ru", "mail.yahoo.com"] {
        assert_eq!(verdict(name), SenderVerdict::FreeMail, "{name}");
    }
}

#[test]
fn government_look_alikes_fail_and_say_what_they_imitate() {
    let table = [
        ("fbi-gov.com", "fbi.gov", "looks like a government domain but is not one (it ends in .com)"),
        ("fbigov.com", "fbi.gov", "looks like a government domain but is not one (it ends in .com)"),
        (
            "fbi.gov.example.net",
            "fbi.gov",
            "looks like a government domain but is not one (it is a subdomain of example.net)",
        ),
        ("police-uk.com", "police.uk", "looks like a police domain but is not one (it ends in .com)"),
        ("mail.army-mil.co", "mail.army.mil", "looks like a military domain but is not one (it ends in .co)"),
        ("dhs-govt.org", "dhs.govt", "looks like a government domain but is not one (it ends in .org)"),
        ("fbi.gov.us", "fbi.gov", "looks like a government domain but is not one (it ends in .us)"),
    ];
    for (name, resembles, why) in table {
        assert_eq!(verdict(name), look_alike(resembles, why), "{name}");
    }
}

#[test]
fn punycode_names_are_look_alikes_even_under_gov() {
    let table = [("xn--fbi-lhd.com", "fbiі.com"), ("xn--fb-ioc.gov", "fbі.gov")];
    for (name, shown) in table {
        let SenderVerdict::LookAlike { resembles, why } = verdict(name) else {
            panic!("{name} should be a look-alike");
        };

        assert_eq!(resembles, shown, "{name}");
        assert_eq!(
            why,
            format!(
                "uses an internationalised (punycode) name, shown as {shown}, which can imitate a familiar one"
            )
        );
    }
}

#[test]
fn words_that_merely_end_in_mil_are_not_look_alikes() {
    assert_eq!(verdict("tamil.com"), SenderVerdict::Unrecognised);
}

#[test]
fn foreign_government_names_are_unrecognised_not_look_alikes() {
    assert_eq!(verdict("nca.gov.uk"), SenderVerdict::Unrecognised);
    assert_eq!(verdict("afp.gov.au"), SenderVerdict::Unrecognised);
}

#[test]
fn unlisted_domains_are_unrecognised() {
    assert_eq!(verdict("example.org"), SenderVerdict::Unrecognised);
}

#[test]
fn configured_domains_pass_and_are_normalised() {
    let allow = LawEnforcementDomains::with_extra([
        " .Sheriff.Example-County.ORG ".to_owned(),
        "*.pd.example".to_owned(),
    ]);

    let sheriff = classify_sender_domain(&Domain::parse("sheriff.example-county.org").unwrap(), &allow);
    let detective = classify_sender_domain(&Domain::parse("cid.pd.example").unwrap(), &allow);

    assert_eq!(sheriff, law_enforcement("sheriff.example-county.org"));
    assert_eq!(detective, law_enforcement("pd.example"));
    assert!(allow.suffixes().contains(&"pd.example".to_owned()));
}

#[test]
fn a_suffix_matches_whole_labels_only() {
    assert_eq!(
        verdict("notgov.com"),
        look_alike("not.gov", "looks like a government domain but is not one (it ends in .com)")
    );
    let allow = LawEnforcementDomains::with_extra(["pd.example".to_owned()]);

    let verdict = classify_sender_domain(&Domain::parse("fakepd.example").unwrap(), &allow);

    assert_eq!(verdict, SenderVerdict::Unrecognised);
}
