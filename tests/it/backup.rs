//! `resonite-verify backup FILE`: a consistent SQLite copy while the bot writes; never an
//! overwrite; PostgreSQL is pg_dump's job.

use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use resonite_verify::store::{BackupError, Store, backup};
use sqlx::{Connection, Row};

use crate::support::db::TestDb;

const GUILD: u64 = 42;

/// Runs the real binary with only `vars` set, in a folder without a `.env`.
fn run_binary(args: &[&str], vars: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_resonite-verify"));
    command.args(args).current_dir(dir.path()).env_clear();
    for (k, v) in vars {
        command.env(k, v);
    }
    command.output().expect("the binary runs")
}

#[tokio::test]
async fn a_backup_taken_while_the_bot_writes_is_a_consistent_copy() {
    let db = TestDb::sqlite();
    let store = Store::connect(&db.url).await.expect("store");
    // The bot, busy: one rule after another, each its own write.
    let written = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (store, written, stop) = (store.clone(), Arc::clone(&written), Arc::clone(&stop));
        tokio::spawn(async move {
            let mut role = 0;
            while !stop.load(Ordering::Relaxed) {
                role += 1;
                store
                    .rules()
                    .add(GUILD, role, "linked", "", 1, 0)
                    .await
                    .expect("write");
                written.store(role, Ordering::Relaxed);
                tokio::task::yield_now().await;
            }
        })
    };
    while written.load(Ordering::Relaxed) < 50 {
        tokio::task::yield_now().await;
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("copy.db");
    let bytes = backup(&db.url, &target).await.expect("backup");
    let writes_after_backup = written.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    writer.await.expect("writer");
    assert!(bytes > 0 && std::fs::metadata(&target).expect("copy").len() == bytes);

    // The copy is a sound database holding exactly the first k rules: a snapshot, no holes.
    let url = format!("sqlite://{}", target.display());
    let mut copy = sqlx::SqliteConnection::connect(&url)
        .await
        .expect("copy opens");
    let check: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await
        .expect("integrity check")
        .get(0);
    assert_eq!(check, "ok");
    let (count, highest): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), MAX(role_id) FROM role_rules")
            .fetch_one(&mut copy)
            .await
            .expect("rules in the copy");
    assert!(
        count >= 50,
        "the copy has {count} rules, at least 50 were written"
    );
    assert!(count as u64 <= writes_after_backup);
    assert_eq!(count, highest, "rules 1..={highest} all present");
    copy.close().await.expect("close");

    // The copy is a store the bot can start from.
    let restored = Store::connect(&url).await.expect("restored store");
    assert_eq!(
        restored
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .len() as i64,
        count
    );
    store.close().await;
}

#[tokio::test]
async fn a_backup_never_overwrites_a_file() {
    let db = TestDb::sqlite();
    Store::connect(&db.url).await.expect("store").close().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("precious.db");
    std::fs::write(&target, "precious").expect("write");

    assert!(matches!(
        backup(&db.url, &target).await,
        Err(BackupError::Exists(_))
    ));
    let target_arg = target.to_string_lossy().into_owned();
    let out = run_binary(&["backup", &target_arg], &[("DATABASE_URL", &db.url)]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "precious");

    // A new name works, through the binary as an operator runs it.
    let fresh = dir.path().join("fresh.db").to_string_lossy().into_owned();
    let out = run_binary(&["backup", &fresh], &[("DATABASE_URL", &db.url)]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up to"));
}

#[tokio::test]
async fn postgres_backups_are_left_to_pg_dump() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("copy.db");
    let url = "postgres://postgres@127.0.0.1:5432/postgres";
    assert!(matches!(
        backup(url, &target).await,
        Err(BackupError::Postgres)
    ));
    let target_arg = target.to_string_lossy().into_owned();
    let out = run_binary(&["backup", &target_arg], &[("DATABASE_URL", url)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
    assert!(!target.exists());

    // A DATABASE_URL the bot would refuse is a configuration error (exit 2), as for the bot.
    let out = run_binary(&["backup", &target_arg], &[("DATABASE_URL", "mysql://x")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DATABASE_URL: expected"));
}

/// The permission bits of `path`.
#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("the file")
        .permissions()
        .mode()
        & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_file_and_its_backups_are_readable_by_the_bots_user_only() {
    let db = TestDb::sqlite();
    let path = std::path::PathBuf::from(db.url.trim_start_matches("sqlite://"));
    assert!(!path.exists(), "the store creates the file");
    let store = Store::connect(&db.url).await.expect("store");
    store
        .rules()
        .add(GUILD, 1, "linked", "", 1, 0)
        .await
        .expect("write");
    assert_eq!(mode(&path), 0o600, "the database file");
    let wal = path.with_extension("db-wal");
    assert!(wal.exists(), "WAL mode writes a -wal file");
    assert_eq!(
        mode(&wal),
        0o600,
        "SQLite's -wal file takes the database's mode"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("copy.db");
    backup(&db.url, &target).await.expect("backup");
    assert_eq!(mode(&target), 0o600, "the backup");
    let url = format!("sqlite://{}", target.display());
    let copy = Store::connect(&url).await.expect("the copy opens");
    assert_eq!(copy.rules().for_guild(GUILD).await.expect("rules").len(), 1);
    copy.close().await;
    store.close().await;

    // A backup that fails leaves no empty file behind to be mistaken for one.
    let missing = dir.path().join("no-such-folder").join("copy.db");
    assert!(backup(&db.url, &missing).await.is_err());
    let unreadable = format!("sqlite://{}/absent.db?mode=ro", dir.path().display());
    let failed = dir.path().join("failed.db");
    assert!(backup(&unreadable, &failed).await.is_err());
    assert!(!failed.exists());
}
