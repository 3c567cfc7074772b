//! `resonite-verify backup FILE`: a consistent copy of a SQLite database, taken while the
//! bot runs. PostgreSQL has `pg_dump` for that.

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
    // SQLite refuses a non-empty target too; this check only makes the message clear.
    if target.exists() {
        return Err(BackupError::Exists(target.to_owned()));
    }
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
    written.map_err(|e| {
        if target.exists() && !is_empty_file(target) {
            // Someone created the file between the check and the copy.
            BackupError::Exists(target.to_owned())
        } else {
            BackupError::Write(e)
        }
    })?;
    std::fs::metadata(target)
        .map(|m| m.len())
        .map_err(|e| BackupError::Write(sqlx::Error::Io(e)))
}

fn is_empty_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() == 0)
}
