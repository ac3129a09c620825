//! The calendar page and the personal ICS feeds: deadlines on the right days of the month grid,
//! month navigation and a bad month, the feed's life (created, read without a session,
//! replaced, revoked, dead with a disabled user), what the feed may not say, CSRF, and every
//! calendar route for every role.

use diesel::prelude::*;
use lert::domain::role::Role;
use serde_json::{Value, json};

use crate::dashboard::{browser, page, session_as};
use crate::helpers::{TestApp, spawn_app, subpoena_case, test_apps};

/// The deadlines a case's JSON lists, as (id, kind, due_on).
fn deadlines_of(case: &Value) -> Vec<(String, String, String)> {
    case["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let field = |name: &str| d[name].as_str().unwrap().to_owned();
            (field("id"), field("kind"), field("due_on"))
        })
        .collect()
}

/// The grid's cell for a day: from its `<td>` to the next `</td>`.
fn cell<'a>(html: &'a str, date: &str) -> &'a str {
    let grid = &html[html.find("<caption>").unwrap_or_else(|| panic!("a grid in {html}"))..];
    let at = grid.find(&format!("<time datetime=\"{date}\" class=\"day-number\"")).expect("the day's cell");
    let start = grid[..at].rfind("<td").unwrap();
    let end = at + grid[at..].find("</td>").unwrap();
    &grid[start..end]
}

async fn post_form(app: &TestApp, path: &str, session: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    browser().post(app.url(path)).header("Cookie", session).form(fields).send().await.unwrap()
}

/// Creates the session user's feed and returns its URL as the page shows it.
async fn create_feed(app: &TestApp, session: &str, csrf: &str) -> String {
    let response = post_form(app, "/calendar/feed", session, &[("csrf", csrf)]).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let start = html.find("id=\"feed-url\"").expect("the new feed's address");
    let value = &html[start..];
    let value = &value[value.find("value=\"").unwrap() + 7..];
    let url = value.split('"').next().unwrap().replace("&#x2F;", "/");
    assert!(url.starts_with(&app.address) && url.ends_with(".ics"), "{url}");
    url
}

fn feeds(app: &TestApp) -> i64 {
    use lert::storage::schema::calendar_feeds;
    calendar_feeds::table.count().get_result(&mut *app.conn()).unwrap()
}

fn audit_actions(app: &TestApp, action: &str) -> Vec<String> {
    use lert::storage::schema::audit_events;
    audit_events::table
        .filter(audit_events::action.eq(action))
        .select(audit_events::actor)
        .load(&mut *app.conn())
        .unwrap()
}

#[tokio::test]
async fn the_month_grid_shows_each_open_cases_deadlines_on_their_days() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap().to_owned();
        let mut closed_case = subpoena_case();
        closed_case["process"]["return_by"] = json!("2026-06-24");
        let closed = app.create_case(&closed_case).await["reference"].as_str().unwrap().to_owned();
        app.execute(&format!("UPDATE cases SET status = 'withdrawn' WHERE reference = '{closed}'"));
        let (session, _) = session_as(&app, Role::Viewer).await;

        let response = page(&app, "/calendar", &session).await;
        assert_eq!(response.status(), 200);
        let html = response.text().await.unwrap();
        assert!(html.contains("<title>Calendar — June 2026 · lert</title>"), "this month by default");
        assert!(html.contains("<th scope=\"col\"><abbr title=\"Monday\">Mon</abbr></th>"));
        assert!(cell(&html, "2026-06-05").contains("aria-current=\"date\""), "today is marked");
        assert!(!cell(&html, "2026-06-04").contains("aria-current"));
        assert!(
            html.contains("href=\"/calendar?month=2026-05\"")
                && html.contains("href=\"/calendar?month=2026-07\"")
        );
        let june: Vec<_> =
            deadlines_of(&case).into_iter().filter(|(_, _, due)| due.starts_with("2026-06")).collect();
        assert!(june.iter().any(|(_, kind, _)| kind == "response_due"), "{case}");
        for (_, kind, due_on) in &june {
            let label = lert::domain::response::DeadlineKind::parse(kind).unwrap().label();
            let day = cell(&html, due_on);
            assert!(
                day.contains(&format!("{label} <a href=\"/cases/{reference}\">")),
                "{kind} on {due_on}: {day}"
            );
        }
        let days_with_deadlines: Vec<&str> = june.iter().map(|(_, _, due)| due.as_str()).collect();
        assert!(!cell(&html, "2026-06-24").contains("/cases/"), "a withdrawn case's deadline is not listed");
        assert!(!html.contains(&closed), "nothing of the withdrawn case");
        assert!(
            days_with_deadlines.iter().all(|d| html.contains(&format!("<dt><time datetime=\"{d}\">"))),
            "the list by day"
        );

        // Days later the response is overdue, and marked so; the next month has none of it.
        app.set_today("2026-06-22");
        let (session, _) = session_as(&app, Role::Viewer).await;
        let html = page(&app, "/calendar?month=2026-06", &session).await.text().await.unwrap();
        let (_, _, response_due) = june.iter().find(|(_, kind, _)| kind == "response_due").unwrap();
        assert!(cell(&html, response_due).contains("<strong>Overdue:</strong> Response due"));
        let july = page(&app, "/calendar?month=2026-07", &session).await.text().await.unwrap();
        assert!(july.contains("<title>Calendar — July 2026 · lert</title>"));
        assert!(!july.contains(&format!("/cases/{reference}")));
        assert!(july.contains("No open case has a deadline in July 2026."));
    }
}

#[tokio::test]
async fn a_bad_month_is_a_400_with_the_message_beside_the_field() {
    let app = spawn_app().await;
    let (session, _) = session_as(&app, Role::Analyst).await;
    for bad in ["2026-13", "june", "<script>alert(1)</script>"] {
        let response = browser()
            .get(app.url("/calendar"))
            .query(&[("month", bad)])
            .header("Cookie", &session)
            .send()
            .await;
        let response = response.unwrap();
        assert_eq!(response.status(), 400, "{bad}");
        let html = response.text().await.unwrap();
        assert!(html.contains("id=\"jump-month-error\""), "{html}");
        assert!(html.contains("is not a month such as 2026-06"));
        assert!(!html.contains("<script>alert"), "escaped");
    }
}

/// Checks a feed body's structure and returns its events as (UID, SUMMARY) lines, unfolded.
fn parse_feed(body: &str) -> Vec<(String, String)> {
    assert!(body.ends_with("\r\n"));
    assert!(!body.replace("\r\n", "").contains(['\r', '\n']), "every line ends with CRLF");
    let lines: Vec<String> = body.replace("\r\n ", "").split("\r\n").map(str::to_owned).collect();
    assert!(body.split("\r\n").all(|line| line.len() <= 75));
    let mut open: Vec<String> = Vec::new();
    let (mut events, mut uid, mut summary) = (Vec::new(), String::new(), String::new());
    for line in lines.iter().filter(|l| !l.is_empty()) {
        if let Some(what) = line.strip_prefix("BEGIN:") {
            open.push(what.to_owned());
        } else if let Some(what) = line.strip_prefix("END:") {
            assert_eq!(open.pop().as_deref(), Some(what), "BEGIN and END pair up");
            if what == "VEVENT" {
                events.push((std::mem::take(&mut uid), std::mem::take(&mut summary)));
            }
        } else if let Some(value) = line.strip_prefix("UID:") {
            uid = value.to_owned();
        } else if let Some(value) = line.strip_prefix("SUMMARY:") {
            summary = value.to_owned();
        }
    }
    assert!(open.is_empty());
    for needed in ["VERSION:2.0", "CALSCALE:GREGORIAN", "X-WR-CALNAME:lert deadlines"] {
        assert!(lines.iter().any(|l| l == needed), "{needed}");
    }
    assert!(lines[0] == "BEGIN:VCALENDAR" && lines.iter().any(|l| l.starts_with("PRODID:")));
    events
}

#[tokio::test]
async fn a_feed_is_read_without_a_session_replaced_revoked_and_dies_with_its_user() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap().to_owned();
        let (session, csrf) = session_as(&app, Role::Viewer).await;
        let first = create_feed(&app, &session, &csrf).await;

        let response = reqwest::get(&first).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
        let body = response.text().await.unwrap();
        let events = parse_feed(&body);
        let deadlines = deadlines_of(&case);
        assert_eq!(events.len(), deadlines.len(), "{body}");
        for (id, kind, _) in &deadlines {
            let label = lert::domain::response::DeadlineKind::parse(kind).unwrap().label();
            assert!(events.contains(&(format!("{id}@lert"), format!("{label} — {reference}"))), "{body}");
        }
        for secret in
            ["example.com", "Example.COM", "someone", "0012345", "Grand jury", "Whitfield", "fbi.gov"]
        {
            assert!(!body.to_lowercase().contains(&secret.to_lowercase()), "the feed leaks {secret}");
        }
        assert!(!body.contains("URL:"), "no public address is configured");
        let readers = audit_actions(&app, "calendar.feed_read");
        assert_eq!(readers.len(), 1);
        assert!(readers[0].starts_with("viewer-"), "audited as the feed's owner: {readers:?}");

        // The page now says there is a feed, without its address.
        let html = page(&app, "/calendar", &session).await.text().await.unwrap();
        assert!(html.contains("You have a feed, created on"));
        assert!(!html.contains(first.rsplit('/').next().unwrap()));

        // A second feed replaces the first.
        let second = create_feed(&app, &session, &csrf).await;
        assert_ne!(first, second);
        assert_eq!(reqwest::get(&first).await.unwrap().status(), 404);
        assert_eq!(reqwest::get(&second).await.unwrap().status(), 200);

        // The feed reaches back 30 days: weeks on, this case's June deadlines are gone.
        app.set_today("2026-07-20");
        let later = parse_feed(&reqwest::get(&second).await.unwrap().text().await.unwrap());
        let kept: Vec<_> = deadlines.iter().filter(|(_, _, due)| due.as_str() >= "2026-06-20").collect();
        assert_eq!(later.len(), kept.len(), "{later:?}");
        assert!(later.len() < deadlines.len());
        app.set_today("2026-06-05");

        // Revoking needs the confirmation.
        let unconfirmed = post_form(&app, "/calendar/feed/revoke", &session, &[("csrf", &csrf)]).await;
        assert_eq!(unconfirmed.status(), 422);
        assert!(unconfirmed.text().await.unwrap().contains("id=\"revoke-error\""));
        assert_eq!(reqwest::get(&second).await.unwrap().status(), 200);
        let revoked =
            post_form(&app, "/calendar/feed/revoke", &session, &[("csrf", &csrf), ("confirm", "yes")]).await;
        assert_eq!(revoked.status(), 303);
        assert_eq!(revoked.headers()["location"], "/calendar");
        assert_eq!(reqwest::get(&second).await.unwrap().status(), 404);
        assert_eq!(audit_actions(&app, "calendar.feed_revoked").len(), 1);

        // A disabled user's feed answers nothing; a well-formed unknown token neither.
        let third = create_feed(&app, &session, &csrf).await;
        assert_eq!(reqwest::get(&third).await.unwrap().status(), 200);
        app.execute(
            "UPDATE users SET disabled = TRUE WHERE id IN \
             (SELECT user_id FROM calendar_feeds WHERE revoked_at IS NULL)",
        );
        assert_eq!(reqwest::get(&third).await.unwrap().status(), 404);
        let unknown = app.url(&format!("/calendar/feed/{}.ics", "A".repeat(43)));
        assert_eq!(reqwest::get(&unknown).await.unwrap().status(), 404);
    }
}

#[tokio::test]
async fn a_feed_links_cases_at_the_configured_address_and_keeps_closed_cases_out() {
    let app = crate::helpers::spawn_with(crate::helpers::Backend::Sqlite, |settings| {
        settings.mail.dashboard_url = "https://lert.example.org/".into();
    })
    .await;
    let reference = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    let withdrawn = app.create_case(&subpoena_case()).await["reference"].as_str().unwrap().to_owned();
    app.execute(&format!("UPDATE cases SET status = 'withdrawn' WHERE reference = '{withdrawn}'"));
    let (session, csrf) = session_as(&app, Role::Counsel).await;
    let url = {
        let response = post_form(&app, "/calendar/feed", &session, &[("csrf", &csrf)]).await;
        let html = response.text().await.unwrap();
        let html = html.replace("&#x2F;", "/");
        let at = html.find("https://lert.example.org/calendar/feed/").expect("the configured address");
        html[at..].split('"').next().unwrap().to_owned()
    };
    let local = url.replace("https://lert.example.org", &app.address);
    let body = reqwest::get(&local).await.unwrap().text().await.unwrap();
    assert!(body.contains(&format!("URL:https://lert.example.org/cases/{reference}\r\n")), "{body}");
    assert!(!body.contains(&withdrawn));
}

#[tokio::test]
async fn feed_forms_without_the_sessions_token_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let (session, csrf) = session_as(&app, Role::Admin).await;
    let feed = create_feed(&app, &session, &csrf).await;
    let before = (feeds(&app), app.row_counts());
    for fields in [vec![], vec![("csrf", "forged")]] {
        let created = post_form(&app, "/calendar/feed", &session, &fields).await;
        assert_eq!(created.status(), 403);
        let mut revoke = fields.clone();
        revoke.push(("confirm", "yes"));
        let revoked = post_form(&app, "/calendar/feed/revoke", &session, &revoke).await;
        assert_eq!(revoked.status(), 403);
    }
    assert_eq!((feeds(&app), app.row_counts()), before);
    assert_eq!(reqwest::get(&feed).await.unwrap().status(), 200);
}

/// A route to try: method, path, form fields and the status every role gets.
type Call<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, u16);

/// Every calendar route with every role, and without a session: every reader may use them all.
#[tokio::test]
async fn every_calendar_route_gives_each_role_exactly_what_it_should() {
    let app = spawn_app().await;
    app.create_case(&subpoena_case()).await;
    for role in Role::ALL {
        let (session, csrf) = session_as(&app, role).await;
        let calls: Vec<Call<'_>> = vec![
            ("GET", "/calendar", vec![], 200),
            ("GET", "/calendar?month=2026-09", vec![], 200),
            ("POST", "/calendar/feed", vec![], 200),
            ("POST", "/calendar/feed/revoke", vec![("confirm", "yes")], 303),
        ];
        for (method, path, mut fields, success) in calls {
            fields.push(("csrf", csrf.as_str()));
            let send = |cookie: Option<&str>| {
                let mut request = match method {
                    "GET" => browser().get(app.url(path)),
                    _ => browser().post(app.url(path)).form(&fields),
                };
                if let Some(cookie) = cookie {
                    request = request.header("Cookie", cookie.to_owned());
                }
                request.send()
            };
            let anonymous = send(None).await.unwrap();
            assert_eq!(anonymous.status(), 303, "{method} {path} without a session");
            assert_eq!(anonymous.headers()["location"], "/signin");
            let response = send(Some(&session)).await.unwrap();
            assert_eq!(response.status().as_u16(), success, "{method} {path} as {}", role.as_str());
        }
        // The feed itself takes no session: its token is the credential, for every role.
        let feed = create_feed(&app, &session, &csrf).await;
        assert_eq!(reqwest::get(&feed).await.unwrap().status(), 200, "{} feed", role.as_str());
    }
}
