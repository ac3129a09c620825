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
use crate::storage::schema::agencies;
use crate::storage::{DbConnection, bulk, counters, write_tx};
use crate::workflows::clocks::Clocks;
use crate::workflows::{WorkflowError, new_id};
use clocks::{ClockRows, DemoCase};

mod clocks;
pub mod records;

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
    clocks: &Clocks,
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
            let mut batch = Batch::default();
            for received_at in chunk {
                let year = received_at.year();
                let sequence = counters::next_value(conn, &format!("case_reference:{year}"))?;
                let reference = CaseReference::new(year, u32::try_from(sequence).unwrap_or(u32::MAX))
                    .map_err(|e| WorkflowError::Invalid(e.to_string()))?;
                batch.add_case(now, clocks, *received_at, reference, &agency_ids, &mut rng)?;
            }
            batch.insert(conn, now)
        })?;
    }
    // Fresh statistics, so the planners pick the indexes at once rather than after autovacuum.
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(DemoReport { cases: count, agencies: agency_ids.len() as u64, targets: targets_made })
}

/// One transaction's worth of demo rows, inserted with multi-row statements.
#[derive(Default)]
struct Batch {
    cases: Vec<CaseRow>,
    processes: Vec<LegalProcessRow>,
    targets: Vec<TargetRow>,
    clocks: ClockRows,
}

impl Batch {
    /// Inserts the rows and their audit events; returns how many targets were made.
    fn insert(self, conn: &mut DbConnection, now: DateTime<Utc>) -> Result<u64, WorkflowError> {
        bulk::insert_cases(conn, &self.cases)?;
        bulk::insert_processes(conn, &self.processes)?;
        bulk::insert_targets(conn, &self.targets)?;
        bulk::insert_preservations(conn, &self.clocks.preservations)?;
        bulk::insert_ndos(conn, &self.clocks.ndos)?;
        bulk::insert_deadlines(conn, &self.clocks.deadlines)?;
        bulk::insert_flags(conn, &self.clocks.flags)?;
        let mut events = Vec::with_capacity(self.cases.len() + self.processes.len() + self.targets.len());
        for case in &self.cases {
            events.push(AuditEntry {
                actor: "system:demo",
                action: "case.opened",
                case_id: Some(&case.id),
                details: json!({ "reference": case.reference, "demo": true }),
            });
        }
        for process in &self.processes {
            events.push(AuditEntry {
                actor: "system:demo",
                action: "process.recorded",
                case_id: Some(&process.case_id),
                details: json!({ "process_id": process.id, "kind": process.kind }),
            });
        }
        for target in &self.targets {
            events.push(AuditEntry {
                actor: "system:demo",
                action: "target.added",
                case_id: Some(&target.case_id),
                details: json!({ "target_id": target.id, "kind": target.kind, "normalized": target.normalized }),
            });
        }
        for preservation in &self.clocks.preservations {
            events.push(AuditEntry {
                actor: "system:demo",
                action: if preservation.automatic {
                    "preservation.placed_automatically"
                } else {
                    "preservation.recorded"
                },
                case_id: Some(&preservation.case_id),
                details: json!({ "preservation_id": preservation.id, "expires_on": preservation.expires_on }),
            });
        }
        for order in &self.clocks.ndos {
            events.push(AuditEntry {
                actor: "system:demo",
                action: "ndo.recorded",
                case_id: Some(&order.case_id),
                details: json!({ "ndo_id": order.id, "term": order.term }),
            });
        }
        for case in &self.cases {
            events.push(AuditEntry {
                actor: "system:demo",
                action: "clocks.recomputed",
                case_id: Some(&case.id),
                details: json!({ "demo": true }),
            });
        }
        audit::append_all(conn, now, events)?;
        Ok(self.targets.len() as u64)
    }

    fn add_case(
        &mut self,
        now: DateTime<Utc>,
        clocks: &Clocks,
        received_at: DateTime<Utc>,
        reference: CaseReference,
        agencies: &[(String, &'static str)],
        rng: &mut StdRng,
    ) -> Result<(), WorkflowError> {
        let year = reference.year();
        let (agency_id, country) = agencies.choose(rng).cloned().unwrap_or_default();
        let kind = pick_kind(rng);
        let status = pick_status((now - received_at).num_days(), rng);
        let case = CaseRow {
            id: new_id(),
            reference: reference.as_str().to_owned(),
            title: format!(
                "{} re: {} account",
                kind.label(),
                ["customer", "subscriber", "ACME"].choose(rng).unwrap_or(&"ACME")
            ),
            status: status.as_str().to_owned(),
            agency_id: Some(agency_id),
            assignee_id: None,
            received_at: received_at.naive_utc(),
            created_at: received_at.naive_utc(),
            updated_at: received_at.naive_utc(),
        };
        let process = invent_process(&case.id, kind, received_at, year, rng);
        let mut made: Vec<Identifier> = Vec::new();
        for index in 0..rng.random_range(1..=3) {
            let identifier = invent_identifier(rng, index)?;
            if made.iter().any(|m| m.same_target(&identifier)) {
                continue;
            }
            self.targets.push(TargetRow {
                id: new_id(),
                case_id: case.id.clone(),
                kind: identifier.kind().as_str().to_owned(),
                raw: identifier.raw().to_owned(),
                normalized: identifier.normalized().to_owned(),
                created_at: received_at.naive_utc(),
                contact_email: None,
            });
            made.push(identifier);
        }
        let demo = DemoCase { case: &case, process: &process, country, identifiers: made.len() };
        self.clocks.add(demo, clocks, now, rng)?;
        self.processes.push(process);
        self.cases.push(case);
        Ok(())
    }
}

fn invent_process(
    case_id: &str,
    kind: ProcessKind,
    received_at: DateTime<Utc>,
    year: i32,
    rng: &mut StdRng,
) -> LegalProcessRow {
    let received_on = received_at.date_naive();
    LegalProcessRow {
        id: new_id(),
        case_id: case_id.to_owned(),
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
        respond_within_days: None,
    }
}

/// The demo agencies' ids and countries, creating those that do not exist yet.
fn ensure_agencies(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
) -> Result<Vec<(String, &'static str)>, WorkflowError> {
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
        ids.push((id, *country));
    }
    Ok(ids)
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
