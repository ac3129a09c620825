//! `GET /calendar/feed/{token}.ics`: a user's personal feed, read by calendar apps that carry
//! no session; the secret token in the URL is the credential. Unknown, revoked and disabled
//! users' tokens all get the same 404.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpRequest, HttpResponse, web};

use crate::app::AppState;
use crate::ics::{self, Event};
use crate::web::pages::{PageError, blocking};
use crate::workflows::calendar::{CalendarDeadline, feed_deadlines, feed_owner};

/// The name calendar apps show for the feed.
const CALENDAR_NAME: &str = "lert deadlines";

pub async fn read(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, PageError> {
    let token = path.into_inner();
    let (state2, now) = (state.clone(), state.clock.now());
    let deadlines = blocking(&state, move |conn| {
        let owner =
            feed_owner(conn, &token)?.ok_or_else(|| PageError::NotFound("No such calendar feed.".into()))?;
        Ok(feed_deadlines(conn, now, &state2.clocks, &owner)?)
    })
    .await?;
    let base = configured_base(&state);
    let events: Vec<Event> = deadlines.iter().map(|deadline| event(deadline, base.as_deref())).collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Inline,
        parameters: vec![DispositionParam::Filename("lert.ics".into())],
    };
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(disposition)
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(ics::calendar(CALENDAR_NAME, now, &events)))
}

/// One deadline as an all-day event: kind and case reference only, never the case's title,
/// targets or anything about the subscriber.
fn event(deadline: &CalendarDeadline, base: Option<&str>) -> Event {
    Event {
        uid: format!("{}@lert", deadline.id),
        day: deadline.due_on,
        summary: format!("{} — {}", deadline.label, deadline.reference),
        description: deadline.overdue.then(|| "Overdue.".to_owned()),
        url: base.map(|base| format!("{base}/cases/{}", deadline.reference)),
    }
}

/// The dashboard's public address from settings (`mail.dashboard_url`), without a trailing slash.
fn configured_base(state: &AppState) -> Option<String> {
    let configured = state.settings.mail.dashboard_url.trim().trim_end_matches('/');
    (!configured.is_empty()).then(|| configured.to_owned())
}

/// Where feed URLs point: the configured public address, else the address this request came to.
pub fn public_base(state: &AppState, request: &HttpRequest) -> String {
    configured_base(state).unwrap_or_else(|| {
        let info = request.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    })
}

pub fn feed_url(base: &str, token: &str) -> String {
    format!("{base}/calendar/feed/{token}.ics")
}
