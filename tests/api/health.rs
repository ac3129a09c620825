//! The health check, security headers and the OpenAPI document.

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_ok_without_a_token_and_with_security_headers() {
    let app = spawn_app().await;
    let response = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(
        response.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'")
    );
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn openapi_document_describes_every_case_route() {
    let app = spawn_app().await;
    let doc: serde_json::Value =
        app.client.get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/v1/cases",
        "/api/v1/cases/{reference}",
        "/api/v1/cases/{reference}/status",
        "/api/v1/cases/{reference}/processes",
        "/api/v1/cases/{reference}/targets",
        "/api/v1/cases/{reference}/documents",
        "/api/v1/cases/{reference}/documents/{id}",
        "/api/v1/users",
    ] {
        assert!(paths.contains_key(path), "{path} missing from the OpenAPI document");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let kinds = &doc["components"]["schemas"]["ProcessKind"]["enum"];
    assert!(kinds.as_array().unwrap().iter().any(|k| k == "court_order_2703d"), "{kinds}");
}

#[tokio::test]
async fn unknown_routes_are_json_404s() {
    let app = spawn_app().await;
    let response = app.get("/api/v1/nothing-here", &app.admin_token).await;
    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "no such route");
}
