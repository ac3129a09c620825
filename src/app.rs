//! Wiring: open storage, build the HTTP server. `main` and the integration tests share this.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use anyhow::Context;

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::email_address::EmailAddress;
use crate::intake::watcher::IntakeWatcher;
use crate::mail::transport::MailTransport;
use crate::scheduler::Scheduler;
use crate::scheduler::runner::SchedulerLoop;
use crate::storage::blobs::{BlobStore, DirBlobStore};
use crate::storage::connection::build_pool;
use crate::storage::{DatabaseUrl, DbPool, migrations};
use crate::workflows::clocks::Clocks;
use crate::workflows::users::ensure_first_admin;

/// The database pool and blob store, opened and migrated.
#[derive(Clone)]
pub struct Storage {
    pub pool: DbPool,
    pub blobs: Arc<dyn BlobStore>,
    pub url: DatabaseUrl,
}

impl Storage {
    /// Creates the data directory, connects, and applies pending migrations.
    pub fn open(settings: &Settings) -> anyhow::Result<Storage> {
        std::fs::create_dir_all(&settings.data_dir)
            .with_context(|| format!("cannot create the data directory {}", settings.data_dir.display()))?;
        let url = DatabaseUrl::parse(&settings.effective_database_url())?;
        if let Some(path) = url.sqlite_path()
            && let Some(parent) = std::path::Path::new(path).parent().filter(|p| !p.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let pool = build_pool(&url, settings.effective_db_pool_size()).context("cannot open the database")?;
        let mut conn = pool.get().context("cannot open the database")?;
        let applied = migrations::run_pending(&mut conn)?;
        if !applied.is_empty() {
            tracing::info!(count = applied.len(), "applied migrations");
        }
        migrations::refresh_statistics(&mut conn)?;
        let blobs =
            DirBlobStore::open(settings.data_dir.join("blobs")).context("cannot open the blob store")?;
        Ok(Storage { pool, blobs: Arc::new(blobs), url })
    }
}

/// What the HTTP handlers share.
#[derive(Clone)]
pub struct AppState {
    pub storage: Storage,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    pub clocks: Arc<Clocks>,
    /// Seals dashboard sessions and signs their forms.
    pub sessions: Arc<crate::web::pages::session::SessionKeys>,
    /// The dashboard's page templates.
    pub pages: Arc<tera::Tera>,
    /// Today's last reading, kept until the next write.
    pub today: Arc<crate::web::pages::today::TodayCache>,
}

/// A built, bound server, not yet running.
pub struct Application {
    port: u16,
    server: Server,
    first_admin: Option<(String, String)>,
    /// The Maildir and IMAP threads; they stop when the application is dropped.
    intake: IntakeWatcher,
    /// The scheduler thread (reminders, notices, sending), unless `mail.tick_seconds` is 0.
    scheduler: Option<SchedulerLoop>,
}

impl Application {
    /// Opens storage, creates the first administrator if there are no users, and binds the
    /// listener (port 0 picks a free port, as the tests do).
    pub fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Application> {
        let storage = Storage::open(&settings)?;
        let admin_email = EmailAddress::parse(&settings.first_admin_email)
            .map_err(|e| anyhow::anyhow!("first_admin_email: {e}"))?;
        let first_admin = {
            let mut conn = storage.pool.get()?;
            ensure_first_admin(&mut conn, clock.now(), &admin_email)?
                .and_then(|created| created.generated_password.map(|password| (created.user.email, password)))
        };
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let clocks = Arc::new(settings.clocks_in_force()?);
        let sessions = crate::web::pages::session::SessionKeys::load(
            settings.dashboard.session_key.expose(),
            &settings.data_dir,
        )
        .context("cannot load the dashboard's session key")?;
        let intake = crate::intake::watcher::start(&storage, &settings, clock.clone(), clocks.clone());
        let transport = MailTransport::from_settings(&settings.mail, &settings.data_dir)
            .map_err(|e| anyhow::anyhow!(e))?;
        tracing::info!(transport = %transport.describe(), "outgoing mail");
        let scheduler = match settings.mail.tick_seconds {
            0 => None,
            seconds => Some(crate::scheduler::runner::start(
                &storage,
                clock.clone(),
                Scheduler::new(clocks.clone(), transport),
                std::time::Duration::from_secs(seconds),
            )),
        };
        let state = AppState {
            storage,
            clock,
            settings: Arc::new(settings),
            clocks,
            sessions: Arc::new(sessions),
            pages: Arc::new(crate::web::pages::templates()),
            today: Arc::default(),
        };
        let server = crate::web::server(listener, state)?;
        Ok(Application { port, server, first_admin, intake, scheduler })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The email and one-time password of an administrator created by this start, if any.
    pub fn first_admin(&self) -> Option<&(String, String)> {
        self.first_admin.as_ref()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        drop(self.intake);
        drop(self.scheduler);
        result
    }
}
