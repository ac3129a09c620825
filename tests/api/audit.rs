//! The audit trail: every change and view is an event, chained so tampering is found.

use lert::storage::audit;

use crate::helpers::{Backend, subpoena_case, test_apps};

#[tokio::test]
async fn changes_and_views_are_recorded_in_order() {
    for app in test_apps().await {
        let case = app.create_case(&subpoena_case()).await;
        let reference = case["reference"].as_str().unwrap();
        app.get(&format!("/api/v1/cases/{reference}"), &app.admin_token).await;
        let events: serde_json::Value = app
            .get(&format!("/api/v1/cases/{reference}/audit"), &app.admin_token)
            .await
            .json()
            .await
            .unwrap();
        let actions: Vec<&str> =
            events.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert_eq!(
            actions,
            [
                "case.opened",
                "process.recorded",
                "target.added",
                "target.added",
                "target.added",
                "clocks.recomputed",
                // The acknowledgement to the agency, queued with the case.
                "mail.queued",
                "case.viewed",
                "case.viewed",
                "case.viewed"
            ]
        );
        assert_eq!(events[0]["actor"], crate::helpers::ADMIN_EMAIL);
        let report = audit::verify(&mut app.conn()).unwrap();
        assert!(report.first_broken.is_none(), "{report:?}");
    }
}

#[tokio::test]
async fn the_trail_refuses_updates_and_verify_names_an_edited_event() {
    for app in test_apps().await {
        app.create_case(&subpoena_case()).await;
        let total = audit::verify(&mut app.conn()).unwrap().events;
        assert!(total >= 5);

        let update = "UPDATE audit_events SET details = '{\"forged\":true}' WHERE seq = 3";
        let refused = diesel::RunQueryDsl::execute(diesel::sql_query(update), &mut *app.conn());
        assert!(refused.unwrap_err().to_string().contains("append-only"));

        // Someone with raw database access removes the guard and edits event 3.
        match app.backend {
            Backend::Sqlite => app.execute("DROP TRIGGER audit_events_no_update"),
            Backend::Postgres => {
                app.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
            }
        }
        app.execute(update);
        let report = audit::verify(&mut app.conn()).unwrap();
        let broken = report.first_broken.expect("the edit is detected");
        assert_eq!(broken.seq, 3);
        assert!(broken.reason.contains("edited"), "{}", broken.reason);
    }
}

#[tokio::test]
async fn verify_notices_a_deleted_event() {
    for app in test_apps().await {
        app.create_case(&subpoena_case()).await;
        match app.backend {
            Backend::Sqlite => app.execute("DROP TRIGGER audit_events_no_delete"),
            Backend::Postgres => {
                app.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
            }
        }
        app.execute("DELETE FROM audit_events WHERE seq = 2");
        let broken = audit::verify(&mut app.conn()).unwrap().first_broken.expect("the gap is detected");
        assert_eq!(broken.seq, 3);
        assert!(broken.reason.contains("removed"), "{}", broken.reason);
    }
}
