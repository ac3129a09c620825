//! Making a bundle version in three steps, so no database connection is held while records are
//! read and PDFs drawn: `prepare` checks the case may be produced and plans the bundle (one read
//! transaction), `make` assembles it from the records source into the blob store, and `record`
//! stores the version, its files and digest, and the audit event (one write transaction, which
//! checks the notice hold again).

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::json;

use super::plan::{Plan, PlanInputs, plan};
use crate::config::productions::ProductionSettings;
use crate::domain::case_status::CaseStatus;
use crate::domain::records::RecordKind;
use crate::domain::reference::CaseReference;
use crate::pdf;
use crate::productions::assemble::{AssembleError, Assembled, BundleInput, assemble};
use crate::productions::records_db::{RecordsDb, SourceError};
use crate::productions::upload::UploadFormat;
use crate::productions::uploaded::{UploadedFile, UploadedRecords};
use crate::storage::audit::{self, AuditEntry};
use crate::storage::blobs::BlobStore;
use crate::storage::production_rows::{
    ProductionFileRow, ProductionRow, RecordUploadRow, current_uploads_of, decisions_of,
};
use crate::storage::rows::{AgencyRow, TargetRow};
use crate::storage::schema::{agencies, production_files, productions, targets};
use crate::storage::{DbConnection, write_tx};
use crate::workflows::cases::find_case;
use crate::workflows::clocks::{Clocks, case_facts};
use crate::workflows::notices::check_production_allowed;
use crate::workflows::{Actor, WorkflowError, new_id};

/// Where the records come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceChoice {
    RecordsDatabase,
    Uploads,
}

impl SourceChoice {
    pub fn parse(value: &str) -> Result<SourceChoice, String> {
        match value.trim() {
            "records_database" => Ok(SourceChoice::RecordsDatabase),
            "uploads" => Ok(SourceChoice::Uploads),
            other => Err(format!("source {other:?} must be records_database or uploads")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceChoice::RecordsDatabase => "records_database",
            SourceChoice::Uploads => "uploads",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct GenerateOptions {
    /// AES-256 password for the ZIP, delivered to the agency out of band; never stored.
    pub password: Option<String>,
    /// Default: the attached exports when the case has any, else the records database.
    pub source: Option<SourceChoice>,
}

/// What a production is made with, from the settings.
pub struct Producer<'a> {
    pub blobs: &'a dyn BlobStore,
    pub clocks: &'a Clocks,
    pub settings: &'a ProductionSettings,
    pub records_database_url: String,
    /// A directory on the blob store's file system for the bundle's files while it is made.
    pub work_root: PathBuf,
}

impl<'a> Producer<'a> {
    pub fn new(blobs: &'a dyn BlobStore, clocks: &'a Clocks, settings: &'a crate::config::Settings) -> Self {
        Producer {
            blobs,
            clocks,
            settings: &settings.productions,
            records_database_url: settings.effective_records_database_url(),
            work_root: settings.data_dir.join("work"),
        }
    }
}

/// A bundle planned and allowed, not yet made.
pub struct Prepared {
    pub case_id: String,
    pub reference: CaseReference,
    pub source: SourceChoice,
    pub uploads: Vec<RecordUploadRow>,
    pub plan: Plan,
    pub input: BundleInput,
}

/// A bundle made and stored in the blob store, not yet recorded.
pub struct Made {
    pub assembled: Assembled,
    pub bundle_sha256: String,
    pub bundle_size: u64,
}

pub const MIN_PASSWORD_CHARS: usize = 12;

/// Checks the case may be produced now and decides what the bundle holds.
pub fn prepare(
    conn: &mut DbConnection,
    producer: &Producer<'_>,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    options: &GenerateOptions,
) -> Result<Prepared, WorkflowError> {
    actor.require(actor.role.can_approve(), "generate productions")?;
    if let Some(password) = &options.password
        && password.chars().count() < MIN_PASSWORD_CHARS
    {
        return Err(WorkflowError::Invalid(format!(
            "the bundle password must be at least {MIN_PASSWORD_CHARS} characters"
        )));
    }
    let clocks = producer.clocks;
    let today = clocks.date_of(now);
    write_tx(conn, |conn| {
        let case = find_case(conn, reference)?;
        allowed(conn, now, clocks, &case.id, &case.status, reference)?;
        let facts = case_facts(conn, clocks, &case.id)?;
        let case_targets: Vec<TargetRow> = targets::table
            .filter(targets::case_id.eq(&case.id))
            .filter(targets::withdrawn_at.is_null())
            .order((targets::created_at.asc(), targets::id.asc()))
            .select(TargetRow::as_select())
            .load(conn)?;
        let decisions = decisions_of(conn, &case.id)?;
        let plan = plan(&PlanInputs {
            facts: &facts,
            targets: &case_targets,
            decisions: &decisions,
            policy: &clocks.policy.tiers,
            today,
            tz: clocks.tz,
        })?;
        let agency = match &case.agency_id {
            Some(id) => agencies::table.find(id).select(AgencyRow::as_select()).first(conn).optional()?,
            None => None,
        };
        let uploads = current_uploads_of(conn, &case.id)?;
        let source = match options.source {
            Some(SourceChoice::Uploads) if uploads.is_empty() => {
                return Err(WorkflowError::Conflict(format!(
                    "case {reference} has no attached record exports to produce from"
                )));
            }
            Some(choice) => choice,
            None if uploads.is_empty() => SourceChoice::RecordsDatabase,
            None => SourceChoice::Uploads,
        };
        let input = bundle_input(producer, reference, agency, &plan, today, options.password.clone());
        Ok(Prepared { case_id: case.id, reference: reference.clone(), source, uploads, plan, input })
    })
}

/// Assembles the bundle and stores it in the blob store. Takes seconds for large productions and
/// holds no database connection.
pub fn make(producer: &Producer<'_>, prepared: &Prepared) -> Result<Made, WorkflowError> {
    std::fs::create_dir_all(&producer.work_root).map_err(AssembleError::from)?;
    let work = tempfile::tempdir_in(&producer.work_root).map_err(AssembleError::from)?;
    let files_dir = work.path().join("files");
    std::fs::create_dir(&files_dir).map_err(AssembleError::from)?;
    let zip_path = work.path().join("bundle.zip");
    let assembled = match prepared.source {
        SourceChoice::RecordsDatabase => {
            let mut source = open_records_database(&producer.records_database_url)?;
            assemble(&mut source, &prepared.input, &files_dir, &zip_path)
        }
        SourceChoice::Uploads => {
            let files = prepared.uploads.iter().map(uploaded_file).collect::<Result<Vec<_>, _>>()?;
            let mut source = UploadedRecords { blobs: producer.blobs, files };
            assemble(&mut source, &prepared.input, &files_dir, &zip_path)
        }
    }?;
    let (bundle_sha256, bundle_size) = producer.blobs.put_file(&zip_path)?;
    Ok(Made { assembled, bundle_sha256, bundle_size })
}

/// Records the made bundle as the case's next version.
pub fn record(
    conn: &mut DbConnection,
    producer: &Producer<'_>,
    now: DateTime<Utc>,
    actor: &Actor,
    prepared: &Prepared,
    made: &Made,
) -> Result<ProductionRow, WorkflowError> {
    write_tx(conn, |conn| {
        let case = find_case(conn, &prepared.reference)?;
        allowed(conn, now, producer.clocks, &case.id, &case.status, &prepared.reference)?;
        let latest: Option<i32> = productions::table
            .filter(productions::case_id.eq(&case.id))
            .select(diesel::dsl::max(productions::version))
            .first(conn)?;
        let row = ProductionRow {
            id: new_id(),
            case_id: case.id.clone(),
            version: latest.unwrap_or(0) + 1,
            source: prepared.source.as_str().to_owned(),
            bundle_sha256: made.bundle_sha256.clone(),
            bundle_size: i64::try_from(made.bundle_size).unwrap_or(i64::MAX),
            encrypted: prepared.input.password.is_some(),
            scope: scope_json(&prepared.plan, &made.assembled).to_string(),
            generated_by: actor.label.clone(),
            generated_at: now.naive_utc(),
        };
        diesel::insert_into(productions::table).values(&row).execute(conn).map_err(|error| match error {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                WorkflowError::Conflict(format!(
                    "version {} of case {} was recorded by another request meanwhile; generate again",
                    row.version, prepared.reference
                ))
            }
            other => other.into(),
        })?;
        let files: Vec<ProductionFileRow> = made
            .assembled
            .files
            .iter()
            .map(|f| ProductionFileRow {
                production_id: row.id.clone(),
                name: f.name.clone(),
                size_bytes: i64::try_from(f.size).unwrap_or(i64::MAX),
                sha256: f.sha256.clone(),
            })
            .collect();
        for file in &files {
            diesel::insert_into(production_files::table).values(file).execute(conn)?;
        }
        audit::append(
            conn,
            now,
            AuditEntry {
                actor: &actor.label,
                action: "production.generated",
                case_id: Some(&case.id),
                details: json!({
                    "production_id": row.id,
                    "version": row.version,
                    "source": row.source,
                    "bundle_sha256": row.bundle_sha256,
                    "bundle_size": row.bundle_size,
                    "encrypted": row.encrypted,
                }),
            },
        )?;
        Ok(row)
    })
}

/// `prepare`, `make` and `record` in one call (the CLI; tests).
pub fn generate_production(
    conn: &mut DbConnection,
    producer: &Producer<'_>,
    now: DateTime<Utc>,
    actor: &Actor,
    reference: &CaseReference,
    options: &GenerateOptions,
) -> Result<ProductionRow, WorkflowError> {
    let prepared = prepare(conn, producer, now, actor, reference, options)?;
    let made = make(producer, &prepared)?;
    record(conn, producer, now, actor, &prepared, &made)
}

/// A case is produced once approved, and again (a new version) after; never while a subscriber
/// notice's hold is running.
fn allowed(
    conn: &mut DbConnection,
    now: DateTime<Utc>,
    clocks: &Clocks,
    case_id: &str,
    status: &str,
    reference: &CaseReference,
) -> Result<(), WorkflowError> {
    let status = CaseStatus::parse(status).map_err(WorkflowError::corrupt)?;
    if !matches!(status, CaseStatus::Approved | CaseStatus::Produced) {
        return Err(WorkflowError::Conflict(format!(
            "case {reference} is {}; counsel approves a case before it is produced",
            status.as_str()
        )));
    }
    check_production_allowed(conn, now, clocks, case_id)
}

fn bundle_input(
    producer: &Producer<'_>,
    reference: &CaseReference,
    agency: Option<AgencyRow>,
    plan: &Plan,
    today: NaiveDate,
    password: Option<String>,
) -> BundleInput {
    let mail = &producer.clocks.mail.settings;
    let settings = producer.settings;
    let produces_logs = plan.gate.produced.iter().any(|c| {
        matches!(
            c,
            crate::domain::data_category::DataCategory::ApiLogs
                | crate::domain::data_category::DataCategory::Certificates
        )
    });
    BundleInput {
        case_reference: reference.as_str().to_owned(),
        organisation: pdf::Organisation {
            name: mail.organisation.clone(),
            address_lines: mail
                .postal_address
                .split(['\n', ';'])
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        agency: agency.map(|a| a.name).unwrap_or_else(|| "the requesting agency".to_owned()),
        agent: plan.agent.clone(),
        process: plan.process.clone(),
        generated_on: today,
        identifiers: plan.identifiers.clone(),
        withheld_targets: plan.withheld_targets.clone(),
        gate: plan.gate.clone(),
        window: plan.window,
        backup_retrieval: plan.backup_retrieval,
        signer: pdf::Signer { name: settings.signer_name.clone(), title: settings.signer_title.clone() },
        declarant: pdf::Signer {
            name: settings.custodian_name.clone(),
            title: settings.custodian_title.clone(),
        },
        qualification: settings.custodian_qualification.clone(),
        activity: settings.regular_activity.clone(),
        machine_generated: produces_logs.then(|| pdf::MachineGenerated {
            records: "the API transaction log and certificate records".to_owned(),
            system: settings.log_system.clone(),
            accuracy: settings.log_accuracy.clone(),
        }),
        executed_at: (!settings.executed_at.trim().is_empty())
            .then(|| settings.executed_at.trim().to_owned()),
        outside_us: settings.outside_us,
        bates_prefix: settings.bates_prefix.clone(),
        password,
    }
}

fn scope_json(plan: &Plan, assembled: &Assembled) -> serde_json::Value {
    let rows: serde_json::Map<String, serde_json::Value> =
        assembled.rows.iter().map(|(kind, n)| (kind.as_str().to_owned(), json!(n))).collect();
    json!({
        "process": plan.process_kind.as_str(),
        "docket": plan.process.docket,
        "targets_produced": plan.identifiers.iter().map(|i| json!({ "kind": i.kind().as_str(), "value": i.raw() })).collect::<Vec<_>>(),
        "targets_withheld": plan.withheld_targets.iter().map(|(what, reason)| json!({ "target": what, "reason": reason })).collect::<Vec<_>>(),
        "categories_produced": plan.gate.produced.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "categories_overridden": plan.gate.overridden.iter().map(|(c, reason)| json!({ "category": c.as_str(), "reason": reason })).collect::<Vec<_>>(),
        "categories_withheld": plan.gate.withheld.iter().map(|(c, reason)| json!({ "category": c.as_str(), "reason": reason })).collect::<Vec<_>>(),
        "window": plan.window.map(|(_, first, last)| json!({ "first_day": first, "last_day": last })),
        "backup_retrieval": plan.backup_retrieval,
        "rows": rows,
    })
}

fn open_records_database(url: &str) -> Result<RecordsDb, WorkflowError> {
    if let Some(path) = url.strip_prefix("sqlite://")
        && !Path::new(path).exists()
    {
        return Err(WorkflowError::Conflict(
            "there is no records database: set productions.records_database_url, run `lert demo`, or attach \
             record exports to the case"
                .into(),
        ));
    }
    RecordsDb::open(url).map_err(|error| {
        tracing::warn!(%error, "the records database cannot be opened");
        WorkflowError::Conflict(
            "the records database cannot be opened; check productions.records_database_url".into(),
        )
    })
}

fn uploaded_file(row: &RecordUploadRow) -> Result<UploadedFile, WorkflowError> {
    let corrupt = |what: &str| WorkflowError::corrupt(format!("record export {}: {what}", row.id));
    Ok(UploadedFile {
        kind: RecordKind::parse(&row.kind).ok_or_else(|| corrupt("kind"))?,
        format: match row.format.as_str() {
            "csv" => UploadFormat::Csv,
            "jsonl" => UploadFormat::JsonLines,
            _ => return Err(corrupt("format")),
        },
        sha256: row.sha256.clone(),
        file_name: row.file_name.clone(),
    })
}

impl From<AssembleError> for WorkflowError {
    fn from(error: AssembleError) -> Self {
        source_problem(error)
    }
}

/// A source that cannot be read, or holds a row that is not a record, is the operator's or the
/// engineer's to fix: a conflict with the reason. Anything else is lert's.
fn source_problem(error: AssembleError) -> WorkflowError {
    match error {
        AssembleError::Source(SourceError::InvalidRow { kind, key, problem }) => {
            WorkflowError::Conflict(format!(
                "the records source holds an invalid {kind} row ({key}): {problem}; fix or withdraw it and generate again"
            ))
        }
        AssembleError::Source(SourceError::Open(message)) => {
            tracing::warn!(error = %message, "a records source cannot be read");
            WorkflowError::Conflict("the records source cannot be read; see the server log".into())
        }
        other => WorkflowError::Bundle(other.to_string()),
    }
}
