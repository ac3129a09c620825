//! The calendar page: one month of every open case's deadlines, as a grid and as a list by day
//! (what phones show), and the forms that create and revoke the user's personal ICS feed.

pub mod feed;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tera::Context;

use super::{PageError, SignedIn, blocking, check_csrf, claims_of, redirect, render, signed_in};
use crate::app::AppState;
use crate::domain::month::Month;
use crate::storage::DbConnection;
use crate::workflows::calendar::{
    CalendarDeadline, create_feed, live_feed_since, month_deadlines, revoke_feed,
};
use crate::workflows::outbox::long_date;

/// The grid's column headings, Monday first: (name, abbreviation).
const WEEKDAYS: [(&str, &str); 7] = [
    ("Monday", "Mon"),
    ("Tuesday", "Tue"),
    ("Wednesday", "Wed"),
    ("Thursday", "Thu"),
    ("Friday", "Fri"),
    ("Saturday", "Sat"),
    ("Sunday", "Sun"),
];

#[derive(Debug, Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    pub month: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct FeedForm {
    /// Missing is refused like a forged one (403), by `check_csrf`.
    #[serde(default)]
    pub csrf: String,
}

#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub confirm: Option<String>,
}

/// What the page says besides the month: a bad month asked for, the new feed's URL (shown once),
/// or why the feed was not revoked.
#[derive(Debug, Default)]
struct Notes {
    month_error: Option<String>,
    asked_month: String,
    new_feed_url: Option<String>,
    feed_error: Option<String>,
}

#[derive(Serialize)]
struct Day {
    date: String,
    number: u32,
    in_month: bool,
    today: bool,
    deadlines: Vec<CalendarDeadline>,
}

#[derive(Serialize)]
struct DayList {
    date: String,
    long: String,
    today: bool,
    deadlines: Vec<CalendarDeadline>,
}

/// `GET /calendar?month=YYYY-MM` (default: this month in lert's time zone).
pub async fn month(
    state: web::Data<AppState>,
    request: HttpRequest,
    query: web::Query<MonthQuery>,
) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let asked = query.into_inner().month.map(|m| m.trim().to_owned()).filter(|m| !m.is_empty());
    let (me, status, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        let today = state2.clocks.date_of(now);
        let (month, notes, status) = match asked.as_deref().map(Month::parse) {
            None => (Month::of(today), Notes::default(), StatusCode::OK),
            Some(Ok(month)) => (month, Notes::default(), StatusCode::OK),
            Some(Err(error)) => {
                let notes = Notes {
                    month_error: Some(format!("{error}; showing this month instead.")),
                    asked_month: asked.clone().unwrap_or_default(),
                    ..Notes::default()
                };
                (Month::of(today), notes, StatusCode::BAD_REQUEST)
            }
        };
        let context = page_context(conn, &me, month, today, notes)?;
        Ok((me, status, context))
    })
    .await?;
    with_status(render(&state, "calendar.html", &me, context)?, status)
}

/// `POST /calendar/feed`: a new feed (replacing any other); the page shows its URL this once.
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<FeedForm>,
) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let base = feed::public_base(&state, &request);
    let token = form.into_inner().csrf;
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        check_csrf(&state2, &me, &token)?;
        let secret = create_feed(conn, now, &me.actor)?;
        let today = state2.clocks.date_of(now);
        let notes = Notes { new_feed_url: Some(feed::feed_url(&base, &secret)), ..Notes::default() };
        let context = page_context(conn, &me, Month::of(today), today, notes)?;
        Ok((me, context))
    })
    .await?;
    render(&state, "calendar.html", &me, context)
}

/// `POST /calendar/feed/revoke`: the feed's URL stops working (needs "I confirm").
pub async fn revoke(
    state: web::Data<AppState>,
    request: HttpRequest,
    form: web::Form<RevokeForm>,
) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let form = form.into_inner();
    let refused = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        check_csrf(&state2, &me, &form.csrf)?;
        if form.confirm.is_none() {
            let today = state2.clocks.date_of(now);
            let notes = Notes {
                feed_error: Some(
                    "Tick “I confirm” to revoke the feed: its URL stops working for good.".into(),
                ),
                ..Notes::default()
            };
            let context = page_context(conn, &me, Month::of(today), today, notes)?;
            return Ok(Some((me, context)));
        }
        revoke_feed(conn, now, &me.actor)?;
        Ok(None)
    })
    .await?;
    match refused {
        None => Ok(redirect("/calendar")),
        Some((me, context)) => {
            with_status(render(&state, "calendar.html", &me, context)?, StatusCode::UNPROCESSABLE_ENTITY)
        }
    }
}

fn with_status(mut response: HttpResponse, status: StatusCode) -> Result<HttpResponse, PageError> {
    *response.status_mut() = status;
    Ok(response)
}

fn page_context(
    conn: &mut DbConnection,
    me: &SignedIn,
    month: Month,
    today: NaiveDate,
    notes: Notes,
) -> Result<Context, PageError> {
    let found = month_deadlines(conn, &me.actor, month, today)?;
    let on = |day: NaiveDate| -> Vec<CalendarDeadline> {
        found.deadlines.iter().filter(|d| d.due_on == day).cloned().collect()
    };
    let weeks: Vec<Vec<Day>> = month
        .weeks()
        .iter()
        .map(|week| {
            week.iter()
                .map(|&day| Day {
                    date: day.to_string(),
                    number: day.day(),
                    in_month: month.contains(day),
                    today: day == today,
                    deadlines: if month.contains(day) { on(day) } else { Vec::new() },
                })
                .collect()
        })
        .collect();
    let mut days: Vec<NaiveDate> = found.deadlines.iter().map(|d| d.due_on).collect();
    days.dedup();
    let by_day: Vec<DayList> = days
        .into_iter()
        .map(|day| DayList {
            date: day.to_string(),
            long: long_date(day),
            today: day == today,
            deadlines: on(day),
        })
        .collect();
    let feed_since = live_feed_since(conn, &me.actor)?.map(|at| long_date(at.date()));
    let mut context = Context::new();
    context.insert("title", &format!("Calendar — {}", month.label()));
    context.insert("month_label", &month.label());
    context.insert("month", &month.to_string());
    context.insert("previous", &month.previous().to_string());
    context.insert("previous_label", &month.previous().label());
    context.insert("next", &month.next().to_string());
    context.insert("next_label", &month.next().label());
    context.insert("this_month", &Month::of(today).to_string());
    context.insert("weekdays", &WEEKDAYS);
    context.insert("weeks", &weeks);
    context.insert("days", &by_day);
    context.insert("truncated", &found.truncated);
    context.insert("feed_since", &feed_since);
    context.insert("month_error", &notes.month_error);
    context.insert("asked_month", &notes.asked_month);
    context.insert("new_feed_url", &notes.new_feed_url);
    context.insert("feed_error", &notes.feed_error);
    Ok(context)
}
