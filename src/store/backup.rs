//! `resonite-verify backup FILE`: a consistent copy of a SQLite database, taken while the
//! bot runs. PostgreSQL has `pg_dump` for that.
//!
//! The database file and every backup are created readable and writable by the bot's
//! user only (mode 0600): they hold who is linked to whom and the sealed tokens. SQLite
//! gives its `-wal` and `-shm` files the database file's mode.

use std::fs::OpenOptions;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::any::AnyConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor};

use super::{Backend, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} already exists; a backup never overwrites a file: name a new one", .0.display())]
    Exists(PathBuf),
    #[error(
        "DATABASE_URL is PostgreSQL: back it up with pg_dump, e.g. pg_dump --format=custom --file=FILE \"$DATABASE_URL\""
    )]
    Postgres,
    #[error("cannot open the database at DATABASE_URL: {0}")]
    Open(sqlx::Error),
    #[error("the backup could not be written: {0}")]
    Write(sqlx::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Copies the SQLite database at `url` into the new file `target` with `VACUUM INTO`: one
/// read transaction, so the copy is consistent however busy the bot is, and compact.
/// Returns the size of the copy in bytes.
pub async fn backup(url: &str, target: &Path) -> Result<u64, BackupError> {
    if Backend::from_url(url)? == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    // Created empty, owner only, never over an existing file; `VACUUM INTO` fills an
    // empty file and keeps its mode.
    match private_file(target) {
        Ok(()) => {}
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            return Err(BackupError::Exists(target.to_owned()));
        }
        Err(e) => return Err(BackupError::Write(sqlx::Error::Io(e))),
    }
    let copied = copy_into(url, target).await;
    if copied.is_err() && is_empty_file(target) {
        let _ = std::fs::remove_file(target);
    }
    copied
}

async fn copy_into(url: &str, target: &Path) -> Result<u64, BackupError> {
    sqlx::any::install_default_drivers();
    let options = AnyConnectOptions::from_str(url)
        .map_err(BackupError::Open)?
        .disable_statement_logging();
    let mut conn = options.connect().await.map_err(BackupError::Open)?;
    // The bot may be writing: wait for its write lock rather than fail.
    conn.execute("PRAGMA busy_timeout = 10000")
        .await
        .map_err(BackupError::Open)?;
    let written = sqlx::query("VACUUM INTO $1")
        .bind(target.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    written.map_err(BackupError::Write)?;
    std::fs::metadata(target)
        .map(|m| m.len())
        .map_err(|e| BackupError::Write(sqlx::Error::Io(e)))
}

fn is_empty_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() == 0)
}

/// Creates `path` empty with mode 0600 (on Unix); `AlreadyExists` when it is there.
fn private_file(path: &Path) -> std::io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Before SQLite creates the database file of `url`, creates it empty with mode 0600 (an
/// empty file is an empty database). An existing file is left as it is, with a warning
/// when others may read it; in-memory databases have no file.
pub(super) fn create_private_database_file(url: &str) -> Result<(), StoreError> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(());
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
    let path = options.get_filename();
    match private_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            warn_if_readable_by_others(path);
            Ok(())
        }
        Err(e) => Err(StoreError::Database(sqlx::Error::Io(e))),
    }
}

fn warn_if_readable_by_others(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(
                path = %path.display(),
                mode = format!("{:o}", meta.permissions().mode() & 0o777),
                "the database file is readable by other users; `chmod 600` it (and its -wal, -shm files)"
            );
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}
