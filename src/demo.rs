//! `lert demo`: a realistic synthetic data set for demonstrations and benchmarks.
//!
//! Every agency contact, person and identifier here is invented; domains use reserved names
//! (example.com, .test) and IPs the documentation ranges, so nothing real is ever implied.
//! Cases are numbered in the year they were received, from the same counters as real cases,
//! so the demo can run again on the same data and hand-made cases never collide with it.

use chrono::{DateTime, Datelike, TimeDelta, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::domain::case_status::CaseStatus;
use crate::domain::identifier::{Identifier, TargetKind};
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::storage::audit::{self, AuditEntry};
use crate::storage::rows::{AgencyRow, CaseRow, LegalProcessRow, TargetRow};
use crate::storage::schema::{agencies, cases, legal_processes, targets};
use crate::storage::{DbConnection, counters, write_tx};
use crate::workflows::{WorkflowError, new_id};

const AGENCIES: &[(&str, &str)] = &[
    ("Federal Bureau of Investigation, San Francisco Field Office", "US"),
    ("Federal Bureau of Investigation, New York Field Office", "US"),
    ("United States Secret Service, Cyber Investigations", "US"),
    ("Homeland Security Investigations, Newark", "US"),
    ("Drug Enforcement Administration, Miami Division", "US"),
    ("U.S. Attorney's Office, Northern District of California", "US"),
    ("Internal Revenue Service, Criminal Investigation", "US"),
    ("California Department of Justice", "US"),
    ("Texas Office of the Attorney General", "US"),
    ("New York City Police Department", "US"),
    ("Cook County Sheriff's Office", "US"),
    ("Seattle Police Department", "US"),
    ("Federal Trade Commission, Bureau of Consumer Protection", "US"),
    ("Securities and Exchange Commission, Division of Enforcement", "US"),
    ("Metropolitan Police Service", "GB"),
    ("Bundeskriminalamt", "DE"),
    ("Royal Canadian Mounted Police", "CA"),
    ("Australian Federal Police", "AU"),
];

/// Relative frequency of each kind, roughly as providers' transparency reports show them.
const KINDS: &[(ProcessKind, u32)] = &[
    (ProcessKind::CriminalSubpoena, 30),
    (ProcessKind::AdministrativeSubpoena, 8),
    (ProcessKind::CivilSubpoena, 4),
    (ProcessKind::CourtOrder2703d, 12),
    (ProcessKind::OtherCourtOrder, 3),
    (ProcessKind::SearchWarrant, 10),
    (ProcessKind::PreservationRequest, 18),
    (ProcessKind::EmergencyRequest, 5),
    (ProcessKind::MlatRequest, 2),
    (ProcessKind::PenRegisterOrder, 1),
    (ProcessKind::WiretapOrder, 1),
    (ProcessKind::NationalSecurityProcess, 1),
    (ProcessKind::Other, 2),
];

const AGENTS: &[&str] =
    &["Dana Whitfield", "Marcus Oyelaran", "Priya Raman", "Tomás Herrera", "Elise Novak", "Jordan Blake"];

/// What `seed` created.
#[derive(Debug, serde::Serialize)]
pub struct DemoReport {
    pub cases: u64,
    pub agencies: u64,
    pub targets: u64,
}

/// Seeds `count` cases received over the three years before `now`, deterministically for a seed.
pub fn seed(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    count: u64,
    seed: u64,
) -> Result<DemoReport, WorkflowError> {
    let mut rng = StdRng::seed_from_u64(seed);
    let agency_ids = write_tx(conn, |conn| ensure_agencies(conn, now))?;
    let mut received: Vec<DateTime<Utc>> =
        (0..count).map(|_| now - TimeDelta::seconds(rng.random_range(60..3 * 365 * 86_400))).collect();
    received.sort();
    let mut targets_made = 0_u64;
    for chunk in received.chunks(2000) {
        targets_made += write_tx(conn, |conn| {
            let mut made = 0_u64;
            for received_at in chunk {
                let year = received_at.year();
                let sequence = counters::next_value(conn, &format!("case_reference:{year}"))?;
                made += insert_case(conn, now, *received_at, year, sequence, &agency_ids, &mut rng)?;
            }
            Ok::<_, WorkflowError>(made)
        })?;
    }
    Ok(DemoReport { cases: count, agencies: agency_ids.len() as u64, targets: targets_made })
}

fn ensure_agencies(conn: &mut DbConnection, now: DateTime<Utc>) -> Result<Vec<String>, WorkflowError> {
    let mut ids = Vec::new();
    for (name, country) in AGENCIES {
        let existing: Option<String> =
            agencies::table.filter(agencies::name.eq(name)).select(agencies::id).first(conn).optional()?;
        let id = match existing {
            Some(id) => id,
            None => {
                let row = AgencyRow {
                    id: new_id(),
                    name: (*name).into(),
                    country: (*country).into(),
                    created_at: now.naive_utc(),
                };
                diesel::insert_into(agencies::table).values(&row).execute(conn)?;
                row.id
            }
        };
        ids.push(id);
    }
    Ok(ids)
}

fn insert_case(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    received_at: DateTime<Utc>,
    year: i32,
    sequence: i64,
    agency_ids: &[String],
    rng: &mut StdRng,
) -> Result<u64, WorkflowError> {
    let reference = CaseReference::new(year, u32::try_from(sequence).unwrap_or(u32::MAX))
        .map_err(|e| WorkflowError::Invalid(e.to_string()))?;
    let kind = pick_kind(rng);
    let age_days = (now - received_at).num_days();
    let status = pick_status(age_days, rng);
    let case = CaseRow {
        id: new_id(),
        reference: reference.as_str().to_owned(),
        title: format!(
            "{} re: {} account",
            kind.label(),
            ["customer", "subscriber", "ACME"].choose(rng).unwrap_or(&"ACME")
        ),
        status: status.as_str().to_owned(),
        agency_id: agency_ids.choose(rng).cloned(),
        assignee_id: None,
        received_at: received_at.naive_utc(),
        created_at: received_at.naive_utc(),
        updated_at: received_at.naive_utc(),
    };
    diesel::insert_into(cases::table).values(&case).execute(conn)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: "system:demo",
            action: "case.opened",
            case_id: Some(&case.id),
            details: json!({ "reference": case.reference, "demo": true }),
        },
    )?;
    let received_on = received_at.date_naive();
    let process = LegalProcessRow {
        id: new_id(),
        case_id: case.id.clone(),
        kind: kind.as_str().to_owned(),
        issuing_authority: Some("Grand Jury, U.S. District Court".to_owned()),
        agent_name: AGENTS.choose(rng).map(|a| (*a).to_owned()),
        agent_email: Some(format!("agent{}@agency.example.gov", rng.random_range(1..500))),
        agent_phone: Some(format!("+1 202 555 {:04}", rng.random_range(100..9999))),
        docket_number: Some(format!("{}-GJ-{:05}", year, rng.random_range(1..99_999))),
        issued_on: Some(received_on - TimeDelta::days(rng.random_range(1..10))),
        served_on: Some(received_on),
        return_by: Some(received_on + TimeDelta::days(rng.random_range(10..30))),
        requested_from: Some(received_on - TimeDelta::days(rng.random_range(30..400))),
        requested_to: Some(received_on),
        data_categories: r#"["account_registration","api_logs","contact_email"]"#.to_owned(),
        created_at: received_at.naive_utc(),
    };
    diesel::insert_into(legal_processes::table).values(&process).execute(conn)?;
    audit::append(
        conn,
        now,
        AuditEntry {
            actor: "system:demo",
            action: "process.recorded",
            case_id: Some(&case.id),
            details: json!({ "process_id": process.id, "kind": process.kind }),
        },
    )?;
    let target_count = rng.random_range(1..=3);
    for index in 0..target_count {
        let identifier = invent_identifier(rng, index)?;
        let row = TargetRow {
            id: new_id(),
            case_id: case.id.clone(),
            kind: identifier.kind().as_str().to_owned(),
            raw: identifier.raw().to_owned(),
            normalized: identifier.normalized().to_owned(),
            created_at: received_at.naive_utc(),
        };
        diesel::insert_into(targets::table).values(&row).execute(conn)?;
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: "system:demo",
                action: "target.added",
                case_id: Some(&case.id),
                details: json!({ "target_id": row.id, "kind": row.kind, "normalized": row.normalized }),
            },
        )?;
    }
    Ok(target_count)
}

fn pick_kind(rng: &mut StdRng) -> ProcessKind {
    let total: u32 = KINDS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (kind, weight) in KINDS {
        if roll < *weight {
            return *kind;
        }
        roll -= weight;
    }
    ProcessKind::Other
}

fn pick_status(age_days: i64, rng: &mut StdRng) -> CaseStatus {
    let young =
        [CaseStatus::Received, CaseStatus::InReview, CaseStatus::AwaitingInformation, CaseStatus::Approved];
    let old = [
        CaseStatus::Closed,
        CaseStatus::Closed,
        CaseStatus::Closed,
        CaseStatus::Rejected,
        CaseStatus::Withdrawn,
        CaseStatus::Produced,
    ];
    let choices: &[CaseStatus] = if age_days < 45 { &young } else { &old };
    *choices.choose(rng).unwrap_or(&CaseStatus::Closed)
}

fn invent_identifier(rng: &mut StdRng, index: u64) -> Result<Identifier, WorkflowError> {
    let n: u32 = rng.random_range(1..2_000_000);
    let kind = [
        TargetKind::AccountId,
        TargetKind::Email,
        TargetKind::Domain,
        TargetKind::Ip,
        TargetKind::CertSerial,
    ][((u64::from(n) + index) % 5) as usize];
    let raw = match kind {
        TargetKind::AccountId => format!("https://acme-v02.api.letsencrypt.org/acme/acct/{n}"),
        TargetKind::Email => format!("user{n}@mail.example.com"),
        TargetKind::Domain => format!("shop{n}.example.test"),
        TargetKind::Ip if n.is_multiple_of(2) => {
            format!("{}.{}", ["192.0.2", "198.51.100", "203.0.113"][(n % 3) as usize], n % 256)
        }
        TargetKind::Ip => format!("2001:db8:{:x}::{:x}", n % 65_536, n / 65_536),
        TargetKind::CertSerial => format!("03:{:02x}:{:08x}:{:08x}", n % 256, rng.random::<u32>(), n),
    };
    Identifier::parse(kind, &raw).map_err(|e| WorkflowError::Invalid(e.to_string()))
}
