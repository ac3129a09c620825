//! `TestApp`: the real application on a free port with a fresh database and a fixed clock.
//!
//! Every test gets SQLite in its own temp dir; when `LERT_TEST_POSTGRES_URL` names a server,
//! `test_apps()` also yields an app on a fresh PostgreSQL database created for that test.

use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use diesel::{Connection, RunQueryDsl};
use lert::app::{Application, Storage};
use lert::clock::FixedClock;
use lert::config::{Secret, Settings};
use lert::domain::email_address::EmailAddress;
use lert::domain::role::Role;
use lert::storage::DbConnection;
use lert::workflows::Actor;
use lert::workflows::users::{add_user, create_token};
use serde_json::Value;

pub const ADMIN_EMAIL: &str = "admin@lert.test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub backend: Backend,
    pub client: reqwest::Client,
    pub storage: Storage,
    pub clock: Arc<FixedClock>,
    pub settings: Settings,
    pub admin_password: String,
    pub admin_token: String,
    _data_dir: tempfile::TempDir,
    _postgres: Option<PostgresDatabase>,
}

/// 2026-06-05 16:00 UTC, a Friday.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 5, 16, 0, 0).unwrap()
}

/// The app on SQLite.
pub async fn spawn_app() -> TestApp {
    spawn(Backend::Sqlite).await
}

/// SQLite, and PostgreSQL too when `LERT_TEST_POSTGRES_URL` is set.
pub fn backends() -> Vec<Backend> {
    if std::env::var("LERT_TEST_POSTGRES_URL").is_ok() {
        vec![Backend::Sqlite, Backend::Postgres]
    } else {
        eprintln!("PostgreSQL half skipped: LERT_TEST_POSTGRES_URL is not set");
        vec![Backend::Sqlite]
    }
}

/// The app on SQLite, and on PostgreSQL too when `LERT_TEST_POSTGRES_URL` is set.
pub async fn test_apps() -> Vec<TestApp> {
    let mut apps = vec![spawn(Backend::Sqlite).await];
    if std::env::var("LERT_TEST_POSTGRES_URL").is_ok() {
        apps.push(spawn(Backend::Postgres).await);
    } else {
        eprintln!("PostgreSQL half skipped: LERT_TEST_POSTGRES_URL is not set");
    }
    apps
}

pub async fn spawn(backend: Backend) -> TestApp {
    spawn_with(backend, |_| {}).await
}

/// The app with settings changed by `configure` (on top of the test defaults).
pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let postgres = (backend == Backend::Postgres).then(PostgresDatabase::create);
    let mut settings = Settings {
        data_dir: data_dir.path().to_path_buf(),
        database_url: Secret::new(postgres.as_ref().map(|p| p.url.clone()).unwrap_or_default()),
        bind: "127.0.0.1:0".into(),
        http_workers: 1,
        db_pool_size: 4,
        first_admin_email: ADMIN_EMAIL.into(),
        max_document_bytes: 64 * 1024,
        max_json_bytes: 16 * 1024,
        ..Settings::default()
    };
    // Tests tick the scheduler themselves, at the instants they choose.
    settings.mail.transport = "stub".into();
    settings.mail.tick_seconds = 0;
    configure(&mut settings);
    let clock = Arc::new(FixedClock::new(test_now()));
    let application = Application::build(settings.clone(), clock.clone()).expect("the app builds");
    let (_, admin_password) = application.first_admin().cloned().expect("a first admin on a fresh database");
    let address = format!("http://127.0.0.1:{}", application.port());
    tokio::spawn(application.run_until_stopped());
    let storage = Storage::open(&settings).unwrap();
    let admin_token = {
        let mut conn = storage.pool.get().unwrap();
        create_token(&mut conn, test_now(), &Actor::system("test"), ADMIN_EMAIL, "tests").unwrap()
    };
    TestApp {
        address,
        backend,
        client: reqwest::Client::new(),
        storage,
        clock,
        settings,
        admin_password,
        admin_token,
        _data_dir: data_dir,
        _postgres: postgres,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub fn conn(&self) -> diesel::r2d2::PooledConnection<lert::storage::connection::ConnectionManager> {
        self.storage.pool.get().unwrap()
    }

    /// A user with `role` and a token for them.
    pub fn token_for(&self, role: Role) -> String {
        let email = format!("{}-{}@lert.test", role.as_str(), uuid::Uuid::now_v7().simple());
        let mut conn = self.conn();
        let email_address = EmailAddress::parse(&email).unwrap();
        add_user(&mut conn, test_now(), &Actor::system("test"), &email_address, role, None).unwrap();
        create_token(&mut conn, test_now(), &Actor::system("test"), &email, "tests").unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.client.get(self.url(path)).bearer_auth(token).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.client.post(self.url(path)).bearer_auth(token).json(body).send().await.unwrap()
    }

    pub async fn post_raw(
        &self,
        path: &str,
        token: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub fn set_today(&self, date: &str) {
        let day: chrono::NaiveDate = date.parse().unwrap();
        self.clock.set(day.and_hms_opt(16, 0, 0).unwrap().and_utc());
    }

    /// Posts as the admin, asserting the status, and returns the JSON body.
    pub async fn post_ok(&self, path: &str, body: &Value, status: u16) -> Value {
        let response = self.post_json(path, &self.admin_token, body).await;
        let code = response.status().as_u16();
        let text = response.text().await.unwrap();
        assert_eq!(code, status, "POST {path}: {text}");
        serde_json::from_str(&text).unwrap()
    }

    /// Opens a case as the admin and returns its JSON.
    pub async fn create_case(&self, body: &Value) -> Value {
        let response = self.post_json("/api/v1/cases", &self.admin_token, body).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
        response.json().await.unwrap()
    }

    /// Rows in every table: "nothing changed" means these are equal before and after.
    pub fn row_counts(&self) -> Vec<(String, i64)> {
        let tables = [
            "users",
            "api_tokens",
            "counters",
            "agencies",
            "agency_contacts",
            "cases",
            "legal_processes",
            "targets",
            "documents",
            "audit_events",
            "inbound_messages",
            "intake_guesses",
            "message_findings",
            "outbox",
            "production_decisions",
            "record_uploads",
            "productions",
            "production_files",
            "production_deliveries",
        ];
        let mut conn = self.conn();
        tables
            .iter()
            .map(|table| {
                let count: i64 =
                    diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!("SELECT COUNT(*) FROM {table}"))
                        .get_result(&mut *conn)
                        .unwrap();
                ((*table).to_owned(), count)
            })
            .collect()
    }

    /// A scheduler for this app's database with its configured transport.
    pub fn scheduler(&self) -> lert::scheduler::Scheduler {
        let transport =
            lert::mail::transport::MailTransport::from_settings(&self.settings.mail, &self.settings.data_dir)
                .unwrap();
        let clocks = std::sync::Arc::new(self.settings.clocks_in_force().unwrap());
        lert::scheduler::Scheduler::new(clocks, transport)
    }

    /// Runs one scheduler tick at `now`.
    pub fn tick_at(&self, now: DateTime<Utc>) -> lert::scheduler::TickReport {
        self.scheduler().tick(&mut self.conn(), now).unwrap()
    }

    /// Every outbox row, oldest first.
    pub fn outbox(&self) -> Vec<lert::storage::outbox::OutboxRow> {
        use diesel::prelude::*;
        use lert::storage::schema::outbox;
        outbox::table
            .order((outbox::created_at.asc(), outbox::id.asc()))
            .select(lert::storage::outbox::OutboxRow::as_select())
            .load(&mut *self.conn())
            .unwrap()
    }

    pub fn execute(&self, sql: &str) {
        diesel::sql_query(sql).execute(&mut *self.conn()).unwrap();
    }
}

/// A uniquely named database on the test server, dropped when the test ends.
pub struct PostgresDatabase {
    pub url: String,
    server_url: String,
    name: String,
}

impl PostgresDatabase {
    pub fn create() -> PostgresDatabase {
        let server_url = std::env::var("LERT_TEST_POSTGRES_URL").expect("LERT_TEST_POSTGRES_URL");
        let name = format!("lert_test_{}", uuid::Uuid::now_v7().simple());
        let mut admin = diesel::PgConnection::establish(&server_url)
            .unwrap_or_else(|e| panic!("LERT_TEST_POSTGRES_URL is set but unreachable: {e}"));
        diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin).unwrap();
        let base = server_url.rsplit_once('/').map(|(base, _)| base).unwrap_or(&server_url);
        PostgresDatabase { url: format!("{base}/{name}"), server_url, name }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = diesel::PgConnection::establish(&self.server_url) {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name))
                .execute(&mut admin);
        }
    }
}

/// A direct connection to a test database, outside the app's pool.
pub fn connect(url: &str) -> DbConnection {
    lert::storage::DatabaseUrl::parse(url).unwrap().connect().unwrap()
}

/// A full subpoena case body used across tests.
pub fn subpoena_case() -> Value {
    serde_json::json!({
        "title": "Grand jury subpoena re: example.com",
        "received_at": "2026-06-04T17:30:00Z",
        "agency": {
            "name": "Federal Bureau of Investigation, San Francisco Field Office",
            "country": "US",
            "contact": { "name": "Dana Whitfield", "email": "dwhitfield@fbi.gov", "phone": "+1 415 555 0143" }
        },
        "process": {
            "kind": "criminal_subpoena",
            "issuing_authority": "Grand Jury, N.D. Cal.",
            "agent_name": "Dana Whitfield",
            "agent_email": "dwhitfield@fbi.gov",
            "agent_phone": "+1 415 555 0143",
            "docket_number": "26-GJ-0142",
            "issued_on": "2026-06-01",
            "served_on": "2026-06-04",
            "return_by": "2026-06-18",
            "requested_from": "2026-03-01",
            "requested_to": "2026-05-31",
            "data_categories": ["account_registration", "contact_email"]
        },
        "targets": [
            { "kind": "domain", "value": "Example.COM." },
            { "kind": "email", "value": "Someone@Example.com" },
            { "kind": "account_id", "value": "https://acme-v02.api.letsencrypt.org/acme/acct/0012345" }
        ]
    })
}
