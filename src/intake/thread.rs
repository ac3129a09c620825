//! Which case a message belongs to: a reply joins the case of the message it answers, and a
//! subject carrying a case reference (`[LE-2026-0042]`) joins that case, and so does a renewal of
//! a preservation that case holds.

use super::classify::PreservationAsk;
use super::prepare::Request;
use crate::domain::case_status::CaseStatus;
use crate::domain::reference::CaseReference;
use crate::storage::rows::CaseRow;
use crate::storage::{DbConnection, case_lookups, case_queries, inbound_queries};

/// The case this message continues, if any: the case of the message it replies to, a case
/// its subject names, or, for a preservation renewal, the open case preserving its identifiers.
pub fn case_of(conn: &mut DbConnection, request: &Request) -> diesel::QueryResult<Option<CaseRow>> {
    let parsed = &request.parsed;
    if let Some(case_id) = inbound_queries::case_of_thread(conn, &parsed.thread_ids)? {
        return case_queries::find_by_id(conn, &case_id);
    }
    for reference in references_in(&parsed.subject) {
        if let Some(case) = case_queries::find_by_reference(conn, reference.as_str())? {
            return Ok(Some(case));
        }
    }
    let classification = &request.classification;
    if classification.preservation.as_ref().is_some_and(|g| g.value == PreservationAsk::Renewal) {
        let normalized: Vec<String> =
            classification.identifiers.iter().map(|g| g.value.normalized().to_owned()).collect();
        if let Some(case_id) = case_lookups::case_preserving(conn, &normalized)? {
            let case = case_queries::find_by_id(conn, &case_id)?;
            return Ok(case.filter(|c| CaseStatus::parse(&c.status).is_ok_and(|s| s.is_open())));
        }
    }
    Ok(None)
}

/// Case references written in a subject, in order: `[LE-2026-0042]`, `(LE-2026-0042)`, bare.
pub fn references_in(subject: &str) -> Vec<CaseReference> {
    subject
        .split(|c: char| c.is_whitespace() || "[](){}<>:,;.\"'#".contains(c))
        .filter(|word| word.len() >= 12 && word.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("LE-")))
        .filter_map(|word| CaseReference::parse(&word.to_ascii_uppercase()).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_in_brackets_and_bare() {
        let found = references_in("RE: [LE-2026-0042] Subpoena; see also le-2025-0007.");
        let found: Vec<&str> = found.iter().map(|r| r.as_str()).collect();
        assert_eq!(found, ["LE-2026-0042", "LE-2025-0007"]);
        assert_eq!(references_in("Re: (LE-2026-0042)")[0].as_str(), "LE-2026-0042");
        assert!(references_in("LE-20x6-0042 LE-").is_empty());
    }
}
