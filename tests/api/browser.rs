//! The dashboard in a real headless Chromium, driven over the W3C WebDriver protocol through
//! Debian's chromedriver: sign in, find a case, record an order and see the notice clock move,
//! approve the case, generate and download a production, sign out. `LERT_UPDATE_SCREENSHOTS=1`
//! saves the main pages to docs/screenshots/. Skipped with a reason when chromedriver is not
//! installed (`.ci/run` installs it and requires it).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

use crate::helpers::{ADMIN_EMAIL, TestApp, spawn_app};

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver process and one browser session on it.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: reqwest::Client,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    async fn start(downloads: &Path) -> Option<Browser> {
        let Some(driver) = ["chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .find(|path| Command::new(path).arg("--version").output().is_ok())
        else {
            assert!(
                std::env::var("LERT_TEST_REQUIRE_BROWSER").is_err(),
                "chromedriver is required (LERT_TEST_REQUIRE_BROWSER) but not installed"
            );
            eprintln!(
                "skipped the browser test: chromedriver is not installed (.ci/run installs chromium-driver)"
            );
            return None;
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::new();
        let started = Instant::now();
        while http.get(format!("{base}/status")).send().await.is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu"],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false
                }
            }
        } } });
        let mut browser = Browser { driver: child, base, session: String::new(), http };
        let created = browser.call("POST", "/session", Some(capabilities)).await;
        browser.session = created["sessionId"].as_str().expect("a WebDriver session").to_owned();
        Some(browser)
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}{path}", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body.unwrap_or_else(|| json!({}))),
        };
        let response: Value = request.send().await.unwrap().json().await.unwrap();
        assert!(response["value"]["error"].is_null(), "WebDriver {method} {path}: {response}");
        response["value"].clone()
    }

    async fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url }))).await;
    }

    /// The element `css` selects, waiting up to 10 s for it (the page may still be loading).
    async fn find(&self, css: &str) -> String {
        let url = format!("{}/session/{}/element", self.base, self.session);
        let started = Instant::now();
        loop {
            let response: Value = self
                .http
                .post(&url)
                .json(&json!({ "using": "css selector", "value": css }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if let Some(element) = response["value"][ELEMENT].as_str() {
                return element.to_owned();
            }
            assert!(started.elapsed() < Duration::from_secs(10), "no element {css}: {response}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits (up to 10 s) until the page's source contains `text`.
    async fn wait_for_text(&self, text: &str) {
        let started = Instant::now();
        while !self.source().await.contains(text) {
            assert!(started.elapsed() < Duration::from_secs(10), "the page never showed {text:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        self.call("POST", &format!("/element/{element}/value"), Some(json!({ "text": text }))).await;
    }

    async fn click(&self, css: &str) {
        let element = self.find(css).await;
        self.call("POST", &format!("/element/{element}/click"), None).await;
    }

    async fn title(&self) -> String {
        self.call("GET", "/title", None).await.as_str().unwrap().to_owned()
    }

    /// Waits (up to 10 s) for the page titled `expected`: a click that submits a form may
    /// return before the next page has loaded.
    async fn wait_for_title(&self, expected: &str) {
        let started = Instant::now();
        loop {
            let title = self.title().await;
            if title == expected {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "expected the page {expected:?}, still on {title:?}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn source(&self) -> String {
        self.call("GET", "/source", None).await.as_str().unwrap().to_owned()
    }

    async fn url(&self) -> String {
        self.call("GET", "/url", None).await.as_str().unwrap().to_owned()
    }

    /// Saves a screenshot of the page under docs/screenshots/ when asked to.
    async fn screenshot(&self, name: &str) {
        if std::env::var("LERT_UPDATE_SCREENSHOTS").is_err() {
            return;
        }
        let png = self.call("GET", "/screenshot", None).await;
        let bytes = base64::engine::general_purpose::STANDARD.decode(png.as_str().unwrap()).unwrap();
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

async fn seed(app: &TestApp) -> String {
    crate::productions::fill_records(app);
    let mut emergency = crate::helpers::subpoena_case();
    emergency["title"] = json!("Emergency: threat to life re: example.com");
    emergency["process"]["kind"] = json!("emergency_request");
    app.create_case(&emergency).await;
    app.create_case(&crate::helpers::subpoena_case()).await;
    let case = app.create_case(&crate::productions::court_order_case()).await;
    case["reference"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn in_chromium_counsel_signs_in_records_an_order_approves_produces_downloads_and_signs_out() {
    let downloads = tempfile::tempdir().unwrap();
    let Some(browser) = Browser::start(downloads.path()).await else { return };
    let app = spawn_app().await;
    let reference = seed(&app).await;

    browser.go(&app.url("/")).await;
    assert_eq!(browser.title().await, "Sign in · lert", "signed-out visitors are sent to sign in");
    browser.screenshot("signin").await;
    browser.type_into("#email", ADMIN_EMAIL).await;
    browser.type_into("#password", &app.admin_password).await;
    browser.click("form button[type=submit]").await;
    browser.wait_for_title("Today · lert").await;
    assert!(browser.source().await.contains("Emergency requests"));
    browser.screenshot("today").await;

    browser.click("nav a[href='/cases']").await;
    browser.wait_for_title("Cases · lert").await;
    browser.type_into("#q", "12345").await;
    browser.click("form.filters button[type=submit]").await;
    browser.wait_for_text("value=\"12345\"").await;
    assert!(browser.url().await.contains("q=12345"));
    browser.screenshot("cases").await;
    browser.click(&format!("a[href='/cases/{reference}']")).await;
    browser.wait_for_text(&format!("<h1>{reference} ")).await;

    // An order, typed into the date fields as a person would (US date order in Chromium's en-US).
    browser.click("#ndos ~ details summary").await;
    browser.type_into("#ndo-signed_on", "06012026").await;
    browser.type_into("#ndo-received_on", "06022026").await;
    browser.type_into("#ndo-ends_on", "12012026").await;
    browser.click("form[action$='/ndos'] button[type=submit]").await;
    browser.wait_for_text("<dt>Subscriber notice</dt><dd>blocked_until, due 2026-12-02").await;

    for status in ["in_review", "approved"] {
        browser.click(&format!("form input[name=to][value={status}] ~ button")).await;
        browser.wait_for_text(&format!("<dd class=\"status\">{status}</dd>")).await;
    }
    browser.click("form[action$='/productions'] input[name=confirm]").await;
    browser.click("form[action$='/productions'] button[type=submit]").await;
    let link = format!("a[href='/cases/{reference}/productions/1/bundle']");
    browser.find(&link).await;
    browser.screenshot("case").await;
    browser.click(&link).await;
    let name = format!("{reference}-production-1.zip");
    let started = Instant::now();
    while !downloads.path().join(&name).exists() {
        assert!(started.elapsed() < Duration::from_secs(20), "the bundle did not download");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let bytes = std::fs::read(downloads.path().join(&name)).unwrap();
    assert_eq!(&bytes[..2], b"PK");

    browser.click(".who button[type=submit]").await;
    browser.wait_for_title("Sign in · lert").await;
    browser.go(&app.url("/")).await;
    assert_eq!(browser.title().await, "Sign in · lert", "signed out for good");
    browser.call("DELETE", "", None).await;
}
