//! Documents: uploaded into the blob store, size-limited, served as attachments, verified.

use crate::helpers::test_apps;

#[tokio::test]
async fn a_document_round_trips_as_an_attachment_with_its_digest() {
    for app in test_apps().await {
        let case = app.create_case(&serde_json::json!({ "title": "docs" })).await;
        let reference = case["reference"].as_str().unwrap();
        let pdf = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n".to_vec();
        let uploaded = app
            .client
            .post(app.url(&format!(
                "/api/v1/cases/{reference}/documents?filename=..%2F..%2Fsubpoena%20%22final%22.pdf"
            )))
            .bearer_auth(&app.admin_token)
            .header("Content-Type", "application/pdf")
            .body(pdf.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(uploaded.status(), 201);
        let document: serde_json::Value = uploaded.json().await.unwrap();
        assert_eq!(document["filename"], "subpoena _final_.pdf");
        assert_eq!(document["size_bytes"], pdf.len());
        let digest = document["sha256"].as_str().unwrap().to_owned();

        let path = format!("/api/v1/cases/{reference}/documents/{}", document["id"].as_str().unwrap());
        let downloaded = app.get(&path, &app.admin_token).await;
        assert_eq!(downloaded.status(), 200);
        assert!(downloaded.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert_eq!(downloaded.headers()["content-type"], "application/pdf");
        assert_eq!(downloaded.headers()["x-content-sha256"], digest.as_str());
        assert_eq!(downloaded.bytes().await.unwrap().to_vec(), pdf);

        // Corrupt the blob behind lert's back: it is refused, not served.
        let blob =
            app.settings.data_dir.join("blobs/sha256").join(&digest[..2]).join(&digest[2..4]).join(&digest);
        std::fs::write(blob, b"tampered").unwrap();
        let corrupted = app.get(&path, &app.admin_token).await;
        assert_eq!(corrupted.status(), 500);
        assert_eq!(corrupted.json::<serde_json::Value>().await.unwrap()["error"], "internal error");
    }
}

#[tokio::test]
async fn oversize_empty_and_nameless_uploads_are_refused_and_change_nothing() {
    for app in test_apps().await {
        let case = app.create_case(&serde_json::json!({ "title": "docs" })).await;
        let reference = case["reference"].as_str().unwrap();
        let before = app.row_counts();
        let upload = |name: &str, body: Vec<u8>| {
            app.client
                .post(app.url(&format!("/api/v1/cases/{reference}/documents?filename={name}")))
                .bearer_auth(&app.admin_token)
                .body(body)
                .send()
        };
        assert_eq!(upload("big.pdf", vec![b'x'; 64 * 1024 + 1]).await.unwrap().status(), 413);
        assert_eq!(upload("empty.pdf", Vec::new()).await.unwrap().status(), 422);
        assert_eq!(upload("..%2F", b"x".to_vec()).await.unwrap().status(), 422);
        assert_eq!(app.row_counts(), before);
        let blobs = std::fs::read_dir(app.settings.data_dir.join("blobs/sha256")).unwrap().count();
        assert_eq!(blobs, 0, "a refused upload left a blob behind");
    }
}
