//! The case page's mail: the conversation with the agency (messages in, replies out, in time
//! order) and the fields intake guessed that wait for a person to confirm, correct or reject.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tera::Context;

use super::cases::case_context;
use super::{PageError, blocking, check_csrf, claims_of, redirect, render, signed_in};
use crate::app::AppState;
use crate::domain::outbox::OutboxKind;
use crate::domain::reference::CaseReference;
use crate::intake::review::intake_of_case;
use crate::storage::{DbConnection, outbox};
use crate::workflows::WorkflowError;
use crate::workflows::guesses::{GuessDecision, decide_guess};

/// Mail lert sends the agency about a case (the rest goes to subscribers or the team).
const TO_AGENCY: [OutboxKind; 5] = [
    OutboxKind::AgencyAck,
    OutboxKind::ReplyDeficient,
    OutboxKind::ReplyLookback,
    OutboxKind::ReplyMlat,
    OutboxKind::NdoHeadsup,
];

/// One message of the conversation.
#[derive(Serialize)]
struct Mail {
    at: chrono::NaiveDateTime,
    when: String,
    /// `in` from the agency, `out` to it.
    direction: &'static str,
    /// The sender of a message in, the recipient of one out.
    party: Option<String>,
    subject: Option<String>,
    /// Inbound: the message's id, for its page.
    message: Option<String>,
    /// Outbound: where the email stands (draft, sent, ...).
    status: Option<String>,
}

/// A guess waiting for a decision.
#[derive(Serialize)]
struct PendingGuess {
    id: String,
    field: String,
    value: String,
    evidence: String,
    confidence: String,
}

/// Adds the conversation and the pending guesses to the case page's context. Read without a
/// second audit event: the case view that built the page already recorded this one.
pub fn add_to(
    conn: &mut DbConnection,
    can_edit: bool,
    case_id: &str,
    context: &mut Context,
) -> Result<(), PageError> {
    let intake = intake_of_case(conn, case_id)?;
    let mut conversation: Vec<Mail> = intake
        .messages
        .into_iter()
        .map(|m| Mail {
            at: m.received_at.naive_utc(),
            when: m.received_at.format("%Y-%m-%d %H:%M UTC").to_string(),
            direction: "in",
            party: m.from,
            subject: m.subject,
            message: Some(m.id),
            status: None,
        })
        .collect();
    let kinds: Vec<&str> = TO_AGENCY.iter().map(|k| k.as_str()).collect();
    for row in outbox::of_case(conn, case_id, &kinds)? {
        let at = row.sent_at.unwrap_or(row.created_at);
        let content = outbox::content(conn, &row.id)?;
        conversation.push(Mail {
            at,
            when: at.format("%Y-%m-%d %H:%M UTC").to_string(),
            direction: "out",
            party: row.recipient,
            subject: Some(content.subject),
            message: None,
            status: Some(row.status),
        });
    }
    conversation.sort_by_key(|mail| mail.at);
    let guesses: Vec<PendingGuess> = intake
        .guesses
        .into_iter()
        .filter(|g| g.status == "proposed")
        .map(|g| PendingGuess {
            value: shown(&g.value),
            id: g.id,
            field: g.field,
            evidence: g.evidence.phrase,
            confidence: g.confidence,
        })
        .collect();
    context.insert("conversation", &conversation);
    context.insert("pending_guesses", &guesses);
    context.insert("can_decide", &can_edit);
    context.insert("guess_errors", &std::collections::BTreeMap::<String, String>::new());
    context.insert("guess_values", &std::collections::BTreeMap::<String, String>::new());
    Ok(())
}

/// A guessed value as a person reads (and would type) it.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Object(map) if map.contains_key("raw") => map["raw"].as_str().unwrap_or_default().to_owned(),
        Value::Object(map) if map.contains_key("from") => {
            format!("{} to {}", map["from"].as_str().unwrap_or("?"), map["to"].as_str().unwrap_or("?"))
        }
        other => other.to_string(),
    }
}

/// A corrected value typed in the form, in the guess's own JSON shape.
fn typed(field: &str, proposed: &Value, text: &str) -> Result<Value, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("Enter the right value.".into());
    }
    match field {
        "identifier" => Ok(json!({ "kind": proposed["kind"], "raw": text })),
        "respond_within_days" => {
            text.parse::<u32>().map(|days| json!(days)).map_err(|_| "Enter a number of days.".into())
        }
        "requested_range" => match text.split_once(" to ") {
            Some((from, to)) => Ok(json!({ "from": from.trim(), "to": to.trim() })),
            None => Err("Enter a range such as 2026-01-01 to 2026-03-31.".into()),
        },
        _ => Ok(json!(text)),
    }
}

#[derive(Debug, Deserialize)]
pub struct GuessForm {
    pub csrf: String,
    /// `confirm`, `correct` or `reject`.
    pub decision: String,
    #[serde(default)]
    pub value: String,
}

/// Confirms, corrects or rejects one guess; back to the case's guesses when done.
pub async fn decide(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<GuessForm>,
) -> Result<HttpResponse, PageError> {
    let (reference, guess_id) = path.into_inner();
    let reference = CaseReference::parse(&reference).map_err(|e| PageError::NotFound(e.to_string()))?;
    let form = form.into_inner();
    let claims = claims_of(&state, &request);
    let state2 = state.clone();
    let back = format!("/cases/{reference}#guesses");
    let refused = blocking(&state, move |conn| {
        let now = state2.clock.now();
        let me = signed_in(conn, &state2, claims, now)?;
        check_csrf(&state2, &me, &form.csrf)?;
        me.actor.require(me.actor.role.can_edit_cases(), "review intake guesses")?;
        let decision = match form.decision.as_str() {
            "confirm" => Ok(GuessDecision::Confirm),
            "reject" => Ok(GuessDecision::Reject),
            "correct" => proposed(conn, &guess_id).and_then(|(field, value)| {
                typed(&field, &value, &form.value)
                    .map(GuessDecision::Correct)
                    .map_err(|m| (StatusCode::UNPROCESSABLE_ENTITY, m))
            }),
            _ => Err((StatusCode::UNPROCESSABLE_ENTITY, "Choose confirm, correct or reject.".into())),
        };
        let (status, message) = match decision {
            Ok(decision) => {
                match decide_guess(conn, now, &state2.clocks, &me.actor, &reference, &guess_id, decision) {
                    Ok(_) => return Ok(None),
                    Err(WorkflowError::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, m),
                    Err(WorkflowError::Conflict(m)) => (StatusCode::CONFLICT, m),
                    Err(other) => return Err(other.into()),
                }
            }
            Err(refusal) => refusal,
        };
        let mut context = case_context(conn, &state2, &me, &reference, None)?;
        context.insert("guess_errors", &std::collections::BTreeMap::from([(guess_id.clone(), message)]));
        context.insert("guess_values", &std::collections::BTreeMap::from([(guess_id, form.value)]));
        Ok(Some((me, status, context)))
    })
    .await?;
    match refused {
        None => Ok(redirect(&back)),
        Some((me, status, context)) => {
            let mut response = render(&state, "case.html", &me, context)?;
            *response.status_mut() = status;
            Ok(response)
        }
    }
}

/// The field and proposed value of a guess, to shape a correction like it.
fn proposed(conn: &mut DbConnection, guess_id: &str) -> Result<(String, Value), (StatusCode, String)> {
    use crate::storage::schema::intake_guesses;
    use diesel::prelude::*;
    let found: Option<(String, String)> = intake_guesses::table
        .find(guess_id)
        .select((intake_guesses::field, intake_guesses::value))
        .first(conn)
        .optional()
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    let (field, value) = found.ok_or((StatusCode::NOT_FOUND, "There is no such guess.".to_owned()))?;
    Ok((field, serde_json::from_str(&value).unwrap_or(Value::Null)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_take_the_guess_shape() {
        let identifier = json!({ "kind": "email", "raw": "a@b.example", "normalized": "a@b.example" });
        assert_eq!(
            typed("identifier", &identifier, " c@d.example ").unwrap(),
            json!({ "kind": "email", "raw": "c@d.example" })
        );
        assert_eq!(typed("respond_within_days", &json!(14), "10").unwrap(), json!(10));
        assert!(typed("respond_within_days", &json!(14), "ten").is_err());
        assert_eq!(
            typed("requested_range", &Value::Null, "2026-01-01 to 2026-02-01").unwrap(),
            json!({ "from": "2026-01-01", "to": "2026-02-01" })
        );
        assert_eq!(typed("agent_name", &Value::Null, "Dana").unwrap(), json!("Dana"));
        assert!(typed("agent_name", &Value::Null, "  ").is_err());
        assert_eq!(shown(&identifier), "a@b.example");
    }
}
