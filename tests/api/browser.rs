//! The dashboard in a real headless Chromium, driven over the W3C WebDriver protocol through
//! Debian's chromedriver: sign in, search the cases, open a case by hand, record an order and see the notice clock move,
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
        loop {
            let source = self.source().await;
            if source.contains(text) {
                break;
            }
            if started.elapsed() > Duration::from_secs(10) {
                let errors: Vec<&str> = source.lines().filter(|l| l.contains("class=\"error\"")).collect();
                panic!("the page never showed {text:?}; its errors: {errors:#?}");
            }
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

async fn seed(app: &TestApp) {
    crate::productions::fill_records(app);
    let mut emergency = crate::helpers::subpoena_case();
    emergency["title"] = json!("Emergency: threat to life re: example.com");
    emergency["process"]["kind"] = json!("emergency_request");
    app.create_case(&emergency).await;
    app.create_case(&crate::helpers::subpoena_case()).await;
}

/// Opens the 2703(d) order case through the new-case form, typed as a person would; returns
/// its reference.
async fn open_case_by_hand(browser: &Browser) -> String {
    browser.click("a[href='/cases/new']").await;
    browser.wait_for_title("New case · lert").await;
    browser.type_into("#case-title", "2703(d) order re: accounts 12345 and 777").await;
    browser.type_into("#case-agency_name", "U.S. Attorney's Office, N.D. Cal.").await;
    browser.click("#process-kind option[value=court_order_2703d]").await;
    browser.type_into("#process-issuing_authority", "U.S. District Court, N.D. Cal.").await;
    browser.type_into("#process-docket_number", "26-MJ-0142").await;
    browser.type_into("#process-requested_from", "01012026").await;
    browser.type_into("#process-requested_to", "06042026").await;
    for category in ["account_registration", "contact_email", "api_logs"] {
        browser.click(&format!("input[name=category_{category}]")).await;
    }
    browser.type_into("#case-targets", "account_id 12345\naccount_id 777").await;
    browser.screenshot("new-case").await;
    browser.click("form[action='/cases'] button[type=submit]").await;
    browser.wait_for_text("<h1>LE-").await;
    let url = browser.url().await;
    let reference = url.rsplit('/').next().unwrap().to_owned();
    let source = browser.source().await;
    assert!(source.contains("<code>12345</code>") && source.contains("26-MJ-0142"), "{source}");
    reference
}

#[tokio::test]
async fn in_chromium_counsel_signs_in_records_an_order_approves_produces_downloads_and_signs_out() {
    let downloads = tempfile::tempdir().unwrap();
    let Some(browser) = Browser::start(downloads.path()).await else { return };
    let app = spawn_app().await;
    seed(&app).await;

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
    browser.type_into("#q", "example.com").await;
    browser.click("form.filters button[type=submit]").await;
    browser.wait_for_text("value=\"example.com\"").await;
    assert!(browser.url().await.contains("q=example.com"));
    browser.screenshot("cases").await;
    let reference = open_case_by_hand(&browser).await;

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

    for (link, title, shot) in [
        ("nav a[href='/calendar']", "Calendar — June 2026 · lert", "calendar"),
        ("nav a[href='/intake']", "Intake · lert", "intake"),
        ("nav a[href='/admin']", "Admin · lert", "admin"),
        ("a[href='/admin/users']", "Admin · Users · lert", "admin-users"),
    ] {
        browser.click(link).await;
        browser.wait_for_title(title).await;
        browser.screenshot(shot).await;
    }

    browser.click(".who button[type=submit]").await;
    browser.wait_for_title("Sign in · lert").await;
    browser.go(&app.url("/")).await;
    assert_eq!(browser.title().await, "Sign in · lert", "signed out for good");
    browser.call("DELETE", "", None).await;
}
