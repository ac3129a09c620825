//! The backend switch: a URL scheme picks SQLite or PostgreSQL, both behind one connection type.

use std::fmt;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, RunQueryDsl};

use super::StorageError;

/// One connection to whichever backend the URL named.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

pub type DbPool = r2d2::Pool<ConnectionManager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database URL whose scheme has been checked: `sqlite://PATH` or `postgres(ql)://...`.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    /// The file path for SQLite, the full URL for PostgreSQL.
    target: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("database_url must be sqlite://PATH or postgres://USER@HOST/DB; {0} is ambiguous or unsupported")]
pub struct UnsupportedDatabaseUrl(String);

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, UnsupportedDatabaseUrl> {
        let describe = || {
            let scheme = url.split_once("://").map(|(s, _)| s).unwrap_or(url);
            UnsupportedDatabaseUrl(format!("{scheme:?}"))
        };
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(describe());
            }
            return Ok(DatabaseUrl { backend: Backend::Sqlite, target: path.to_owned() });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl { backend: Backend::Postgres, target: url.to_owned() });
        }
        Err(describe())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file path, if this is SQLite.
    pub fn sqlite_path(&self) -> Option<&str> {
        (self.backend == Backend::Sqlite).then_some(self.target.as_str())
    }

    pub fn connect(&self) -> Result<DbConnection, StorageError> {
        match self.backend {
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.target)
                    .map_err(|e| StorageError::Connect(e.to_string()))?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                )?;
                Ok(DbConnection::Sqlite(conn))
            }
            Backend::Postgres => PgConnection::establish(&self.target)
                .map(DbConnection::Postgres)
                .map_err(|e| StorageError::Connect(e.to_string())),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // PostgreSQL URLs may carry a password.
        match self.backend {
            Backend::Sqlite => write!(f, "sqlite://{}", self.target),
            Backend::Postgres => f.write_str("postgres://[hidden]"),
        }
    }
}

/// r2d2 manager that connects by the parsed URL (diesel's own would try SQLite first for any URL).
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = StorageError;

    fn connect(&self) -> Result<DbConnection, StorageError> {
        self.url.connect()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StorageError> {
        diesel::sql_query("SELECT 1").execute(conn)?;
        Ok(())
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        diesel::r2d2::R2D2Connection::is_broken(conn)
    }
}

pub fn build_pool(url: &DatabaseUrl, size: u32) -> Result<DbPool, StorageError> {
    if url.backend == Backend::Sqlite {
        // Switching a new file to WAL needs an exclusive lock that SQLite does not wait for; do
        // it once, alone, before the pool opens its connections side by side.
        drop(url.connect()?);
    }
    r2d2::Pool::builder()
        .max_size(size)
        // A `SELECT 1` on every checkout costs a round trip per request; a connection whose
        // transaction state broke is dropped by `has_broken` on return instead.
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(10))
        .build(ConnectionManager { url: url.clone() })
        .map_err(|e| StorageError::Connect(e.to_string()))
}

/// Counts the write transactions this process has committed, so a reading kept in memory (the
/// dashboard's Today) knows when something may have changed under it.
static WRITES_COMMITTED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// How many write transactions this process has committed so far; read it before a reading.
pub fn writes_committed() -> u64 {
    WRITES_COMMITTED.load(std::sync::atomic::Ordering::Acquire)
}

/// Runs `work` in a write transaction: `BEGIN IMMEDIATE` on SQLite (a deferred transaction that
/// later upgrades to a writer fails under concurrency), an ordinary transaction on PostgreSQL.
/// Commits on `Ok`, rolls back on `Err`.
pub fn write_tx<T, E>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        // Nested inside another write_tx (a workflow composed into a larger one): a savepoint.
        DbConnection::Sqlite(c) => match in_transaction(c)? {
            true => AnsiTransactionManager::begin_transaction(c)?,
            false => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        },
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match work(conn) {
        Ok(value) => {
            commit(conn)?;
            WRITES_COMMITTED.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = rollback(conn) {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(error)
        }
    }
}

fn in_transaction(conn: &mut SqliteConnection) -> diesel::QueryResult<bool> {
    let status = AnsiTransactionManager::transaction_manager_status_mut(conn);
    Ok(status.transaction_depth()?.is_some())
}

fn commit(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        DbConnection::Postgres(c) => AnsiTransactionManager::commit_transaction(c),
    }
}

fn rollback(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConnection::Postgres(c) => AnsiTransactionManager::rollback_transaction(c),
    }
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Sqlite(_) => Backend::Sqlite,
            DbConnection::Postgres(_) => Backend::Postgres,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_picks_the_backend() {
        assert_eq!(DatabaseUrl::parse("sqlite://./x.db").unwrap().backend(), Backend::Sqlite);
        assert_eq!(DatabaseUrl::parse("postgres://h/db").unwrap().backend(), Backend::Postgres);
        assert_eq!(DatabaseUrl::parse("postgresql://h/db").unwrap().backend(), Backend::Postgres);
    }

    #[test]
    fn ambiguous_urls_are_refused() {
        for url in ["./lert.db", "", "mysql://h/db", "sqlite://", "file:lert.db"] {
            let error = DatabaseUrl::parse(url).unwrap_err().to_string();
            assert!(error.contains("sqlite://PATH or postgres://"), "{url}: {error}");
        }
    }

    #[test]
    fn postgres_passwords_do_not_print() {
        let url = DatabaseUrl::parse("postgres://lert:hunter2@db/lert").unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
    }
}
