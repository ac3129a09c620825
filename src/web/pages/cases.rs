//! The case list (search, filters, newest or oldest first, page by page) and a case's page: its summary, clocks with their trails, processes, targets, preservations,
//! orders, notices, flags, documents, productions and audit timeline, read through the same
//! audited view as the API.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use tera::Context;

use super::{PageError, blocking, claims_of, render, signed_in};
use crate::app::AppState;
use crate::domain::case_status::{CaseStatus, allowed_next};
use crate::domain::process_kind::ProcessKind;
use crate::domain::reference::CaseReference;
use crate::storage::audit;
use crate::storage::case_json::CaseJson;
use crate::storage::case_json::CaseSummaryJson;
use crate::storage::case_queries::{self, CaseFilter, Cursor};
use crate::workflows::cases::view_case;

const PAGE_SIZE: i64 = 50;

#[derive(Debug, Clone, Default, serde::Deserialize, Serialize)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub kind: String,
    /// An email, or `none` for unassigned cases.
    #[serde(default)]
    pub assignee: String,
    #[serde(default)]
    pub flag: String,
    /// `newest` (default) or `oldest`.
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub after: String,
}

pub async fn list(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let bad =
        |what: &str| PageError::BadRequest(format!("{what} is not one lert knows; pick one from the list"));
    let filter = CaseFilter {
        text: Some(query.q.trim().to_owned()).filter(|q| !q.is_empty()),
        status: match query.status.as_str() {
            "" => None,
            s => Some(CaseStatus::parse(s).map_err(|_| bad("that status"))?.as_str().to_owned()),
        },
        kind: match query.kind.as_str() {
            "" => None,
            k => Some(ProcessKind::parse(k).map_err(|_| bad("that kind of process"))?.as_str().to_owned()),
        },
        assignee: match query.assignee.trim() {
            "" => None,
            "none" => Some(String::new()),
            email => Some(email.to_owned()),
        },
        flag: Some(query.flag.trim().to_owned()).filter(|f| !f.is_empty()),
        oldest_first: match query.sort.as_str() {
            "" | "newest" => false,
            "oldest" => true,
            _ => return Err(bad("that order")),
        },
        after: match query.after.as_str() {
            "" => None,
            raw => Some(Cursor::parse(raw).ok_or_else(|| bad("that page"))?),
        },
        limit: PAGE_SIZE,
        ..CaseFilter::default()
    };
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        me.actor.require(me.actor.role.can_read(), "list cases")?;
        let (rows, next) = case_queries::list(conn, &filter)?;
        let cases: Vec<CaseSummaryJson> =
            rows.into_iter().map(CaseSummaryJson::from_summary).collect::<Result<_, _>>()?;
        let mut context = Context::new();
        context.insert("title", "Cases");
        context.insert("can_open", &me.actor.role.can_edit_cases());
        context.insert("cases", &cases);
        context.insert("query", &query);
        context.insert("statuses", &CaseStatus::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>());
        context.insert("kinds", &ProcessKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>());
        let next_page = next.map(|cursor| {
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs([
                    ("q", query.q.as_str()),
                    ("status", query.status.as_str()),
                    ("kind", query.kind.as_str()),
                    ("assignee", query.assignee.as_str()),
                    ("flag", query.flag.as_str()),
                    ("sort", query.sort.as_str()),
                    ("after", cursor.token().as_str()),
                ])
                .finish()
        });
        context.insert("next_page", &next_page);
        Ok((me, context))
    })
    .await?;
    render(&state, "cases.html", &me, context)
}

/// One line of the audit timeline, newest first.
#[derive(Serialize)]
struct Event {
    at: String,
    actor: String,
    action: String,
    details: String,
}

pub async fn show(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let reference = CaseReference::parse(&path).map_err(|e| PageError::NotFound(e.to_string()))?;
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        let context = case_context(conn, &state2, &me, &reference, None)?;
        Ok((me, context))
    })
    .await?;
    render(&state, "case.html", &me, context)
}

/// Everything the case page shows, with an error from a refused form if there was one.
pub fn case_context(
    conn: &mut crate::storage::DbConnection,
    state: &AppState,
    me: &super::SignedIn,
    reference: &CaseReference,
    error: Option<String>,
) -> Result<Context, PageError> {
    let now = state.clock.now();
    let detail = view_case(conn, now, &me.actor, reference)?;
    let case_id = detail.case.id.clone();
    let case = CaseJson::from_detail(detail, state.clocks.date_of(now))?;
    let events: Vec<Event> = audit::for_case(conn, &case_id)?
        .into_iter()
        .rev()
        .map(|row| Event {
            at: row.occurred_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            actor: row.actor,
            action: row.action,
            details: row.details,
        })
        .collect();
    let moves: Vec<Move> = allowed_next(case.status, me.actor.role)
        .into_iter()
        .map(|to| Move { to: to.as_str(), label: to.label(), confirm: is_irreversible(to) })
        .collect();
    let today = state.clocks.date_of(now);
    let countdowns: std::collections::HashMap<&str, String> =
        case.deadlines.iter().map(|d| (d.id.as_str(), countdown(today, d.due_on))).collect();
    let mut context = Context::new();
    context.insert("countdowns", &countdowns);
    context.insert("title", &format!("{} {}", case.reference, case.title));
    context.insert(
        "can_produce",
        &(me.actor.role.can_approve() && matches!(case.status, CaseStatus::Approved | CaseStatus::Produced)),
    );
    context.insert("can_download", &me.actor.role.can_approve());
    context.insert("case", &case);
    context.insert("events", &events);
    context.insert("moves", &moves);
    context.insert("error", &error);
    context.insert("can_edit", &(me.actor.role.can_edit_cases() && case.status.is_open()));
    // The order form starts empty; a refused post fills it again with what was sent.
    context.insert("ndo_form", &super::ndo_form::NdoForm { term: "fixed_end".into(), ..Default::default() });
    context.insert("ndo_errors", &std::collections::BTreeMap::<&str, String>::new());
    super::case_mail::add_to(
        conn,
        me.actor.role.can_edit_cases() && case.status.is_open(),
        &case_id,
        &mut context,
    )?;
    super::case_forms::add_to_context(conn, me, &case_id, &mut context)?;
    Ok(context)
}

/// How far a day is from today, as the case page's deadline table says it.
fn countdown(today: chrono::NaiveDate, due_on: chrono::NaiveDate) -> String {
    match (due_on - today).num_days() {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        days if days > 0 => format!("in {days} days"),
        days => format!("{} days ago", -days),
    }
}

/// A status the signed-in user may move the case to.
#[derive(Serialize)]
struct Move {
    to: &'static str,
    label: &'static str,
    /// Needs the "I confirm" box: it ends work on the case or hands records over.
    confirm: bool,
}

pub fn is_irreversible(to: CaseStatus) -> bool {
    matches!(to, CaseStatus::Produced | CaseStatus::Closed | CaseStatus::Rejected | CaseStatus::Withdrawn)
}

#[cfg(test)]
mod tests {
    use super::countdown;

    #[test]
    fn countdowns_read_as_days_from_today() {
        let day = |d: &str| d.parse::<chrono::NaiveDate>().unwrap();
        let today = day("2026-06-05");
        assert_eq!(countdown(today, day("2026-06-05")), "today");
        assert_eq!(countdown(today, day("2026-06-06")), "tomorrow");
        assert_eq!(countdown(today, day("2026-06-18")), "in 13 days");
        assert_eq!(countdown(today, day("2026-06-04")), "yesterday");
        assert_eq!(countdown(today, day("2026-05-26")), "10 days ago");
    }
}
