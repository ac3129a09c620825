//! Embedded migrations for both backends, applied at start and by `lert migrate`.

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, StorageError};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Applies every pending migration; returns the names applied.
pub fn run_pending(conn: &mut DbConnection) -> Result<Vec<String>, StorageError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(names),
        DbConnection::Postgres(c) => c.run_pending_migrations(POSTGRES).map(names),
    };
    applied.map_err(|e| StorageError::Migration(e.to_string()))
}

/// Lets SQLite's planner know the tables' sizes (`PRAGMA optimize`, which analyses only the
/// tables that changed a lot or have no statistics yet): without them it may pick an index that
/// reads most of a table (Today's overdue query after a large import). PostgreSQL's autovacuum
/// does this itself.
pub fn refresh_statistics(conn: &mut DbConnection) -> Result<(), StorageError> {
    if let DbConnection::Sqlite(c) = conn {
        use diesel::connection::SimpleConnection;
        c.batch_execute("PRAGMA optimize = 0x10002;")?;
    }
    Ok(())
}

/// Reverts every applied migration (tests and disaster drills only).
pub fn revert_all(conn: &mut DbConnection) -> Result<Vec<String>, StorageError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE).map(names),
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES).map(names),
    };
    reverted.map_err(|e| StorageError::Migration(e.to_string()))
}

fn names<V: std::fmt::Display>(versions: Vec<V>) -> Vec<String> {
    versions.iter().map(ToString::to_string).collect()
}
