//! Today: what needs the legal team now, emergencies first, then overdue, due today, due this
//! week, expiring preservations and orders, held notices, failing mail and new mail to triage.
//! The same reading as the daily digest (`workflows::attention`), kept in memory until the next
//! write (see `TodayCache`).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;
use tera::Context;

use super::{PageError, blocking, claims_of, render, signed_in};
use crate::app::AppState;
use crate::storage::schema::{cases, inbound_messages, legal_processes};
use crate::storage::{DbConnection, writes_committed};
use crate::workflows::attention::{Attention, UNANSWERED, attention};
use crate::workflows::clocks::Clocks;

/// How long a reading may serve when nothing in this process wrote: bounds how late Today
/// shows what another process (`lert tick`, `lert intake`, a second server) changed.
const AT_MOST: Duration = Duration::from_secs(5);

#[derive(Serialize)]
struct Emergency {
    reference: String,
    title: String,
    status: String,
}

/// Everything Today shows; the same for every signed-in user.
#[derive(Serialize)]
pub struct Reading {
    attention: Attention,
    emergencies: Vec<Emergency>,
    triage: i64,
}

/// The last reading, with what it was read under. It is read again when this process has
/// committed a write since (any write: a page view's audit entry too), when the day changed,
/// or after `AT_MOST`. Its queries scale with the open cases, and this page is the one
/// everyone keeps open.
#[derive(Default)]
pub struct TodayCache(Mutex<Option<Kept>>);

struct Kept {
    writes: u64,
    today: NaiveDate,
    read_at: Instant,
    reading: Arc<Reading>,
}

impl TodayCache {
    fn reading(
        &self,
        conn: &mut DbConnection,
        clocks: &Clocks,
        today: NaiveDate,
    ) -> Result<Arc<Reading>, PageError> {
        let writes = writes_committed();
        if let Some(kept) = self.0.lock().expect("the Today cache is not poisoned").as_ref()
            && kept.writes == writes
            && kept.today == today
            && kept.read_at.elapsed() < AT_MOST
        {
            return Ok(kept.reading.clone());
        }
        let read_at = Instant::now();
        let reading = Arc::new(read(conn, clocks, today)?);
        *self.0.lock().expect("the Today cache is not poisoned") =
            Some(Kept { writes, today, read_at, reading: reading.clone() });
        Ok(reading)
    }
}

fn read(conn: &mut DbConnection, clocks: &Clocks, today: NaiveDate) -> Result<Reading, PageError> {
    let attention = attention(conn, clocks, today)?;
    let emergencies: Vec<(String, String, String)> = cases::table
        .inner_join(legal_processes::table)
        .filter(legal_processes::kind.eq("emergency_request"))
        .filter(cases::status.eq_any(UNANSWERED))
        .select((cases::reference, cases::title, cases::status))
        .distinct()
        .order(cases::reference.asc())
        .limit(50)
        .load(conn)?;
    let triage: i64 =
        inbound_messages::table.filter(inbound_messages::status.eq("triage")).count().get_result(conn)?;
    let emergencies = emergencies
        .into_iter()
        .map(|(reference, title, status)| Emergency { reference, title, status })
        .collect();
    Ok(Reading { attention, emergencies, triage })
}

pub async fn show(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        let today = state2.clocks.date_of(now);
        let reading = state2.today.reading(conn, &state2.clocks, today)?;
        let mut context = Context::new();
        context.insert("title", "Today");
        context.insert("date", &crate::workflows::outbox::long_date(today));
        context.insert("attention", &reading.attention);
        context.insert("emergencies", &reading.emergencies);
        context.insert("triage", &reading.triage);
        Ok((me, context))
    })
    .await?;
    render(&state, "today.html", &me, context)
}
