//! `lert case list|show`: the case core from a terminal, as text or JSON.

use std::fmt::Write;

use crate::app::Storage;
use crate::clock::Clock;
use crate::domain::reference::CaseReference;
use crate::storage::case_json::clocks::DeadlineOfCaseJson;
use crate::storage::case_json::{CaseJson, CaseSummaryJson};
use crate::storage::case_queries::{self, CaseFilter};
use crate::workflows::Actor;
use crate::workflows::cases::view_case;
use crate::workflows::clocks::Clocks;

use super::CliError;

pub fn list(storage: &Storage, status: Option<&str>, limit: i64, json: bool) -> Result<String, CliError> {
    let status = status
        .map(|s| crate::domain::case_status::CaseStatus::parse(s).map_err(|e| CliError::Usage(e.to_string())))
        .transpose()?;
    let filter = CaseFilter { status: status.map(|s| s.as_str().to_owned()), limit, ..CaseFilter::default() };
    let mut conn = storage.pool.get()?;
    let (rows, _) = case_queries::list(&mut conn, &filter)?;
    let cases: Vec<CaseSummaryJson> =
        rows.into_iter().map(CaseSummaryJson::from_summary).collect::<Result<_, _>>()?;
    if json {
        return Ok(serde_json::to_string_pretty(&cases).map_err(anyhow::Error::from)?);
    }
    let mut out = format!("{:<14} {:<21} {:<17} {}\n", "REFERENCE", "STATUS", "RECEIVED", "TITLE");
    for case in cases {
        let _ = writeln!(
            out,
            "{:<14} {:<21} {:<17} {}",
            case.reference,
            case.status.as_str(),
            case.received_at.format("%Y-%m-%d %H:%M"),
            case.title
        );
    }
    Ok(out.trim_end().to_owned())
}

pub fn show(
    storage: &Storage,
    clock: &dyn Clock,
    clocks: &Clocks,
    reference: &str,
    json: bool,
) -> Result<String, CliError> {
    let reference = CaseReference::parse(reference).map_err(|e| CliError::Usage(e.to_string()))?;
    let mut conn = storage.pool.get()?;
    let detail = view_case(&mut conn, clock.now(), &Actor::system("cli"), &reference)?;
    let case = CaseJson::from_detail(detail, clocks.date_of(clock.now()))?;
    if json {
        return Ok(serde_json::to_string_pretty(&case).map_err(anyhow::Error::from)?);
    }
    Ok(render(&case))
}

fn render(case: &CaseJson) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  {}", case.reference, case.title);
    let _ = writeln!(out, "status:    {}", case.status.as_str());
    let _ = writeln!(out, "received:  {}", case.received_at.to_rfc3339());
    if let Some(agency) = &case.agency {
        let _ = writeln!(out, "agency:    {} ({})", agency.name, agency.country);
    }
    let _ = writeln!(out, "assignee:  {}", case.assignee.as_deref().unwrap_or("-"));
    for process in &case.processes {
        let _ = writeln!(
            out,
            "process:   {} {} served {} range {}..{}",
            process.kind.as_str(),
            process.docket_number.as_deref().unwrap_or(""),
            process.served_on.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
            process.requested_from.map(|d| d.to_string()).unwrap_or_default(),
            process.requested_to.map(|d| d.to_string()).unwrap_or_default(),
        );
    }
    for target in &case.targets {
        let _ = writeln!(out, "target:    {} {}", target.kind.as_str(), target.normalized);
    }
    for deadline in &case.deadlines {
        let _ =
            writeln!(out, "deadline:  {} {}  ({})", deadline.due_on, deadline.kind.as_str(), deadline.trail);
    }
    for preservation in &case.preservations {
        let _ = writeln!(
            out,
            "preserved: {} received {} expires {} renewals {} ({}{})",
            preservation.id,
            preservation.received_on,
            preservation.expires_on,
            preservation.renewals,
            wire_name(&preservation.status),
            preservation.held_by.as_deref().map(|h| format!(" for {h}")).unwrap_or_default()
        );
    }
    for order in &case.ndos {
        let ends = order.expires_on.map(|d| d.to_string()).unwrap_or_else(|| "until further order".into());
        let _ = writeln!(out, "ndo:       {} signed {} ends {ends}", order.id, order.signed_on);
    }
    if !case.ndos.is_empty() {
        let due = case.notice.notice_due.map(|d| format!(", due {d}")).unwrap_or_default();
        let trail = case.notice.trail.as_deref().unwrap_or("");
        let _ = writeln!(out, "notice:    {}{due} ({trail})", wire_name(&case.notice.state));
    }
    for flag in &case.flags {
        let _ = writeln!(out, "flag:      [{}] {}: {}", flag.severity, flag.kind, flag.message);
    }
    for document in &case.documents {
        let _ = writeln!(
            out,
            "document:  {} ({} bytes, sha256 {})",
            document.filename, document.size_bytes, document.sha256
        );
    }
    out.trim_end().to_owned()
}

/// `lert deadlines`: every current deadline due between two dates, soonest first.
pub fn deadlines(storage: &Storage, from: &str, to: &str, json: bool) -> Result<String, CliError> {
    let parse = |value: &str| {
        chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .map_err(|_| CliError::Usage(format!("{value:?} is not a date such as 2026-06-30")))
    };
    let (from, to) = (parse(from)?, parse(to)?);
    if to < from {
        return Err(CliError::Usage("--to is before --from".into()));
    }
    let mut conn = storage.pool.get()?;
    let rows: Vec<DeadlineOfCaseJson> =
        crate::storage::clock_queries::deadlines_between(&mut conn, from, to, None, false, 10_000)?
            .into_iter()
            .map(DeadlineOfCaseJson::from_row)
            .collect::<Result<_, _>>()?;
    if json {
        return Ok(serde_json::to_string_pretty(&rows).map_err(anyhow::Error::from)?);
    }
    let mut out = String::new();
    for row in rows {
        let _ = writeln!(
            out,
            "{}  {:<14} {:<22} {}",
            row.deadline.due_on, row.reference, row.deadline.kind, row.deadline.trail
        );
    }
    Ok(out.trim_end().to_owned())
}

/// The name a value has in the JSON API (`blocked_until`, not `BlockedUntil`).
fn wire_name(value: &impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
