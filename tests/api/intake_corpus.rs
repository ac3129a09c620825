//! The corpus under tests/fixtures/mail/ (its README states what each message must produce):
//! each message is imported as it arrived and the case it produces is checked field by field.

use chrono::{DateTime, Utc};
use lert::clock::Clock;
use serde_json::Value;

use crate::helpers::{Backend, TestApp, spawn_with};
use crate::intake::{case_json, fixture, flag_kinds, trust_fixture_mta};

/// What one message must produce (from the corpus README).
struct Expect {
    file: &'static str,
    arrived: &'static str,
    kind: &'static str,
    agency: Option<&'static str>,
    agent: &'static str,
    phone: &'static str,
    return_by: Option<&'static str>,
    within: Option<i64>,
    range: (Option<&'static str>, Option<&'static str>),
    targets: &'static [&'static str],
    country: Option<&'static str>,
    flags: &'static [&'static str],
}

const CORPUS: &[Expect] = &[
    Expect {
        file: "01-grand-jury-subpoena.eml",
        arrived: "2026-11-10T15:42:25Z",
        kind: "criminal_subpoena",
        agency: Some("Federal Bureau of Investigation"),
        agent: "Dana M. Whitfield",
        phone: "(215) 555-0143",
        return_by: Some("2026-12-10"),
        within: None,
        range: (Some("2026-08-28"), Some("2026-11-09")),
        targets: &["1482093311", "1482107754", "harborline-invoices.example"],
        country: None,
        flags: &[],
    },
    Expect {
        file: "02-2703d-order.eml",
        arrived: "2026-11-06T16:05:14Z",
        kind: "court_order_2703d",
        agency: Some("Homeland Security Investigations"),
        agent: "Rafael Ortega",
        phone: "(713) 555-0135",
        return_by: None,
        within: Some(14),
        range: (Some("2026-09-01"), Some("2026-11-05")),
        targets: &["2290417765", "203.0.113.77"],
        country: None,
        flags: &[],
    },
    Expect {
        file: "03-search-warrant.eml",
        arrived: "2026-11-16T19:31:58Z",
        kind: "search_warrant",
        agency: Some("United States Secret Service"),
        agent: "Nadia Rahimi",
        phone: "(202) 555-0184",
        return_by: Some("2026-11-30"),
        within: Some(14),
        range: (Some("2026-10-01"), None),
        targets: &["918273645", "49f3a7c11e25bd08a6e2f93c417580ba1d3"],
        country: None,
        flags: &[],
    },
    Expect {
        file: "04-preservation-request.eml",
        arrived: "2026-11-03T17:18:47Z",
        kind: "preservation_request",
        agency: Some("United States Postal Inspection Service"),
        agent: "Gregory T. Amsel",
        phone: "(213) 555-0129",
        return_by: None,
        within: None,
        range: (None, None),
        targets: &["1730045912", "usps-redelivery-hold.example", "parcel-reschedule-center.example"],
        country: None,
        flags: &[],
    },
    Expect {
        file: "06-emergency-request.eml",
        arrived: "2026-11-21T15:12:44Z",
        kind: "emergency_request",
        agency: Some("Phoenix Police Department"),
        agent: "Marisol Vega",
        phone: "(602) 555-0110",
        return_by: None,
        within: None,
        range: (Some("2026-11-20"), None),
        targets: &["westside-confessions.example", "2847716039", "198.51.100.58"],
        country: None,
        flags: &["emergency_verification"],
    },
    Expect {
        file: "07-foreign-police-request.eml",
        arrived: "2026-11-12T15:47:11Z",
        kind: "other",
        agency: Some("Bundeskriminalamt"),
        agent: "Sabine Krüger",
        phone: "+49 611 555 0142",
        return_by: Some("2026-11-27"),
        within: None,
        range: (Some("2026-10-01"), Some("2026-11-10")),
        targets: &["2553019847", "sparkasse-sicherheitscheck.example", "2001:db8:7c0:15::2a"],
        country: Some("DE"),
        flags: &["sender_unrecognised", "mlat_route"],
    },
    Expect {
        file: "09-lookalike-domain.eml",
        arrived: "2026-11-23T16:58:27Z",
        kind: "emergency_request",
        agency: None,
        agent: "Michael Reynolds",
        phone: "(202) 555-0199",
        return_by: None,
        within: None,
        range: (None, None),
        targets: &["1650098321", "lena.hartwig@example.org"],
        country: None,
        flags: &["dmarc_failed", "sender_look_alike", "reply_to_differs", "spf_failed", "dkim_failed"],
    },
    Expect {
        file: "10-forwarded-request.eml",
        arrived: "2026-11-17T16:20:19Z",
        kind: "criminal_subpoena",
        agency: Some("Marion County Sheriff's Office"),
        agent: "Travis Holloway",
        phone: "(503) 555-0164",
        return_by: Some("2026-12-01"),
        within: None,
        range: (Some("2026-09-15"), Some("2026-11-15")),
        targets: &[
            "marioncounty-warrantpay.example",
            "3e17a5c229b4fd8610ab37ec52944f01d9c",
            "kbrandt.payments@example.com",
        ],
        country: None,
        flags: &["forwarded"],
    },
    Expect {
        file: "11-html-only.eml",
        arrived: "2026-11-18T17:03:31Z",
        kind: "other_court_order",
        agency: Some("Lakewood Police Department"),
        agent: "Hannah Sorensen",
        phone: "(303) 555-0127",
        return_by: None,
        within: Some(10),
        range: (Some("2026-10-01"), Some("2026-11-15")),
        targets: &[
            "1093847561",
            "lakewood-utility-billing.example",
            "192.0.2.146",
            "a7c4e19b3d25f6081c9e4a7b2d3f5e6a1c8",
        ],
        country: None,
        flags: &[],
    },
    Expect {
        file: "12-base64-body.eml",
        arrived: "2026-11-09T19:26:52Z",
        kind: "administrative_subpoena",
        agency: Some("Drug Enforcement Administration"),
        agent: "Victor J. Almeida",
        phone: "(954) 555-0158",
        return_by: Some("2026-12-03"),
        within: None,
        range: (Some("2026-09-10"), Some("2026-11-08")),
        targets: &["2718405196", "northstar-rx-pharmacy.example", "rxnorthstar.orders@example.com"],
        country: None,
        flags: &[],
    },
    Expect {
        file: "13-quoted-printable.eml",
        arrived: "2026-11-19T21:37:09Z",
        kind: "civil_subpoena",
        agency: None,
        agent: "Lauren E. Castellanos",
        phone: "(415) 555-0196",
        return_by: Some("2026-12-04"),
        within: None,
        range: (Some("2026-06-01"), Some("2026-10-31")),
        targets: &["halvorsen-marine-invoices.example", "3a7c2e91f4b6d58e0127c9a3b4f5d6e7a81"],
        country: None,
        flags: &["sender_unrecognised", "reply_to_differs"],
    },
    Expect {
        file: "14-iso-8859-1-headers.eml",
        arrived: "2026-11-04T14:09:50Z",
        kind: "other",
        agency: Some("Gendarmerie nationale"),
        agent: "Rémi Lefèvre",
        phone: "+33 1 99 00 27 41",
        return_by: None,
        within: Some(15),
        range: (Some("2026-09-01"), Some("2026-10-31")),
        targets: &["2093847165", "remboursement-impots-dossier.example", "198.51.100.203"],
        country: Some("FR"),
        flags: &["spf_failed", "sender_unrecognised", "mlat_route"],
    },
    Expect {
        file: "15-utf8-headers.eml",
        arrived: "2026-11-24T14:55:24Z",
        kind: "criminal_subpoena",
        agency: Some("New York State Police"),
        agent: "Dimitrios Papadopoulos",
        phone: "(518) 555-0131",
        return_by: Some("2026-12-07"),
        within: None,
        range: (Some("2026-10-01"), Some("2026-11-15")),
        targets: &["m.oduya.trading@example.net", "4c81f2a9e7b3d65a0f1e2d3c4b5a69788ab"],
        country: None,
        flags: &[],
    },
];

async fn corpus_app(backend: Backend) -> TestApp {
    let app = spawn_with(backend, trust_fixture_mta).await;
    app.set_today("2026-11-26");
    app
}

/// Imports raw bytes as they arrived at `arrived` through the library, as the Maildir and
/// pipe sources do.
pub fn ingest_at(app: &TestApp, raw: &[u8], arrived: &str) -> lert::intake::IngestOutcome {
    let clocks = app.settings.clocks_in_force().unwrap();
    let context = lert::intake::IntakeContext {
        blobs: app.storage.blobs.as_ref(),
        clocks: &clocks,
        settings: &app.settings.intake,
    };
    let received_at: DateTime<Utc> = arrived.parse().unwrap();
    let arrival =
        lert::intake::Arrival { source: lert::intake::Source::Pipe, source_ref: None, received_at, raw };
    lert::intake::ingest(&mut app.conn(), context, app.clock.now(), arrival).unwrap()
}

fn mismatches(expect: &Expect, case: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut check = |what: &str, got: &Value, want: Value| {
        if *got != want {
            wrong.push(format!("{what}: got {got}, want {want}"));
        }
    };
    let process = &case["processes"][0];
    check("kind", &process["kind"], expect.kind.into());
    check("agency", &case["agency"]["name"], expect.agency.map_or(Value::Null, Value::from));
    if let Some(country) = expect.country {
        check("country", &case["agency"]["country"], country.into());
    }
    check("agent", &process["agent_name"], expect.agent.into());
    check("phone", &process["agent_phone"], expect.phone.into());
    check("return_by", &process["return_by"], expect.return_by.map_or(Value::Null, Value::from));
    if expect.return_by.is_none() {
        check("within", &process["respond_within_days"], expect.within.map_or(Value::Null, Value::from));
    }
    check("from", &process["requested_from"], expect.range.0.map_or(Value::Null, Value::from));
    check("to", &process["requested_to"], expect.range.1.map_or(Value::Null, Value::from));
    let mut targets: Vec<String> = case["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["normalized"].as_str().unwrap().to_owned())
        .collect();
    let mut want: Vec<String> = expect.targets.iter().map(|t| (*t).to_owned()).collect();
    targets.sort();
    want.sort();
    if targets != want {
        wrong.push(format!("targets: got {targets:?}, want {want:?}"));
    }
    let flags = flag_kinds(case);
    for flag in expect.flags {
        if !flags.iter().any(|f| f == flag) {
            wrong.push(format!("flag {flag} missing from {flags:?}"));
        }
    }
    wrong
}

#[tokio::test]
async fn every_request_in_the_corpus_becomes_the_case_its_readme_describes() {
    let app = corpus_app(Backend::Sqlite).await;
    let mut report = Vec::new();
    for expect in CORPUS {
        let outcome = ingest_at(&app, &fixture(expect.file), expect.arrived);
        assert_eq!(outcome.status, "filed", "{}: {outcome:?}", expect.file);
        let case = case_json(&app, outcome.case.as_deref().unwrap()).await;
        for wrong in mismatches(expect, &case) {
            report.push(format!("{}: {wrong}", expect.file));
        }
    }
    assert!(report.is_empty(), "{} mismatches:\n{}", report.len(), report.join("\n"));
}

#[tokio::test]
async fn a_renewal_joins_the_case_preserving_its_identifiers_and_extends_that_preservation() {
    for backend in crate::helpers::backends() {
        let app = corpus_app(backend).await;
        let first = ingest_at(&app, &fixture("04-preservation-request.eml"), "2026-11-03T17:18:47Z");
        let renewal = ingest_at(&app, &fixture("05-preservation-renewal.eml"), "2026-11-20T18:02:19Z");
        assert_eq!(renewal.case, first.case, "the renewal joins the request's case");
        let case = case_json(&app, first.case.as_deref().unwrap()).await;
        let preservations = case["preservations"].as_array().unwrap();
        assert_eq!(preservations.len(), 1, "{case}");
        assert_eq!(preservations[0]["received_on"], "2026-11-03");
        assert_eq!(preservations[0]["expires_on"], "2027-05-02", "renewed 90 days from 2027-02-01");
        assert_eq!(preservations[0]["renewals"], 1);
    }
}
