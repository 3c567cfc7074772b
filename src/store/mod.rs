//! Persistence: one set of queries over `sqlx::Any`, serving SQLite and PostgreSQL.
//!
//! The backend is chosen once, from the database URL; each backend has its own
//! migrations folder (`migrations/sqlite`, `migrations/postgres`) run at start-up.
//! Queries use `$N` placeholders and `ON CONFLICT … RETURNING`, which both dialects accept.
//! Times are UTC Unix seconds; Discord snowflakes are stored as `i64` (bit-for-bit).

mod audit;
mod backup;
mod discord_connections;
mod import;
mod link_commit;
mod link_states;
mod links;
mod reconcile;
mod reverify;
mod rules;
mod tokens;

pub use crate::tokens::Sealed;
pub use audit::{AuditAction, AuditEvent};
pub use backup::{BackupError, backup};
pub use discord_connections::{DiscordConnection, NewDiscordTokens};
pub use import::ImportedLink;
pub use link_commit::{LinkCommit, LinkCommitted, UnlinkCommit};
pub use link_states::{LinkState, NewLinkState};
pub use links::Link;
pub use reconcile::{
    ClaimedReconcile, FailedReconcile, ReconcileMark, ReconcileRetry, ShardFilter,
};
pub use reverify::{LinkHealth, SweepState, Verified};
pub use rules::{GuildSettings, StoredRule};

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, AnyPool, ConnectOptions, Executor};

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("DATABASE_URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("this Resonite account is already linked to another Discord account")]
    ResoniteAccountTaken,
    #[error("the link state was already used")]
    StateTaken,
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The bot's storage. Cheap to clone (a pool handle).
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

impl Store {
    /// Connects (creating the SQLite file or PostgreSQL database if missing) and migrates.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        if !Any::database_exists(url).await.unwrap_or(false) {
            Any::create_database(url).await?;
        }
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let mut pool_options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(10))
            .max_connections(match backend {
                Backend::Sqlite => 8,
                Backend::Postgres => 10,
            });
        if backend == Backend::Sqlite {
            pool_options = pool_options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers work during a write; the busy timeout lets writers queue.
                    conn.execute("PRAGMA journal_mode = WAL").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            });
        }
        let pool = pool_options.connect_with(options).await?;
        match backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
        }
        Ok(Self { pool, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Answers when the database does (`/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// Snowflakes are unsigned 64-bit; both databases store signed 64-bit. The cast keeps every bit.
pub(crate) fn id_to_db(id: u64) -> i64 {
    id as i64
}

pub(crate) fn id_from_db(id: i64) -> u64 {
    id as u64
}

pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}
