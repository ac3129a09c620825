//! Migrations: the two backends' folders match, and every migration goes up, down and up again.

use std::collections::BTreeSet;

use lert::storage::migrations::{revert_all, run_pending};

use crate::helpers::{PostgresDatabase, connect};

fn names(backend: &str) -> BTreeSet<String> {
    std::fs::read_dir(format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect()
}

#[test]
fn both_backends_have_migrations_with_identical_names() {
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
    for name in &sqlite {
        for backend in ["sqlite", "postgres"] {
            for file in ["up.sql", "down.sql"] {
                let path = format!("{}/migrations/{backend}/{name}/{file}", env!("CARGO_MANIFEST_DIR"));
                assert!(std::path::Path::new(&path).exists(), "{path} is missing");
            }
        }
    }
}

fn up_down_up(url: &str) {
    let mut conn = connect(url);
    let applied = run_pending(&mut conn).unwrap();
    assert_eq!(applied.len(), names("sqlite").len());
    let reverted = revert_all(&mut conn).unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert_eq!(run_pending(&mut conn).unwrap(), applied);
    assert!(run_pending(&mut conn).unwrap().is_empty(), "a second run applies nothing");
}

#[test]
fn sqlite_migrations_go_up_down_and_up() {
    let dir = tempfile::tempdir().unwrap();
    up_down_up(&format!("sqlite://{}", dir.path().join("m.db").display()));
}

#[test]
fn postgres_migrations_go_up_down_and_up() {
    if std::env::var("LERT_TEST_POSTGRES_URL").is_err() {
        eprintln!("skipped: LERT_TEST_POSTGRES_URL is not set");
        return;
    }
    let database = PostgresDatabase::create();
    up_down_up(&database.url);
}
