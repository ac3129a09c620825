//! Today: what needs the legal team now, emergencies first, then overdue, due today, due this
//! week, expiring preservations and orders, held notices, failing mail and new mail to triage.
//! The same reading as the daily digest (`workflows::attention`).

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use serde::Serialize;
use tera::Context;

use super::{PageError, blocking, claims_of, render, signed_in};
use crate::app::AppState;
use crate::storage::schema::{cases, inbound_messages, legal_processes};
use crate::workflows::attention::{UNANSWERED, attention};

#[derive(Serialize)]
struct Emergency {
    reference: String,
    title: String,
    status: String,
}

pub async fn show(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, PageError> {
    let claims = claims_of(&state, &request);
    let (state2, now) = (state.clone(), state.clock.now());
    let (me, context) = blocking(&state, move |conn| {
        let me = signed_in(conn, &state2, claims, now)?;
        let today = state2.clocks.date_of(now);
        let items = attention(conn, &state2.clocks, today)?;
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
        let mut context = Context::new();
        context.insert("title", "Today");
        context.insert("date", &crate::workflows::outbox::long_date(today));
        context.insert("attention", &items);
        context.insert(
            "emergencies",
            &emergencies
                .into_iter()
                .map(|(reference, title, status)| Emergency { reference, title, status })
                .collect::<Vec<_>>(),
        );
        context.insert("triage", &triage);
        Ok((me, context))
    })
    .await?;
    render(&state, "today.html", &me, context)
}
