//! Persistence: one set of queries over `sqlx::Any`, serving SQLite and PostgreSQL.
//!
//! The backend is chosen once, from the database URL; each backend has its own
//! migrations folder (`migrations/sqlite`, `migrations/postgres`) run at start-up.
//! Queries use `$N` placeholders and `ON CONFLICT … RETURNING`, which both dialects accept.
//! Times are UTC Unix seconds; Discord snowflakes are stored as `i64` (bit-for-bit).
//! The dialects differ in two places only: how a write transaction begins
//! ([`Store::begin_write`]) and the reconcile claim's `FOR UPDATE SKIP LOCKED`.
//!
//! [`Store`] holds the pool and hands out one repository per aggregate (`store.links()`,
//! `store.rules()`, `store.settings()`, `store.queue()`, …), each the only writer of its
//! tables. A transaction spanning aggregates (completing a link: confirmation, link, token,
//! audit, reconcile marks) stays one transaction: each table's part is a `*_in` function
//! taking the caller's transaction, in the file of the repository owning that table.

/// A repository: a cheap view of the [`Store`] over the tables of one aggregate.
macro_rules! repository {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name<'a> {
            pub(super) store: &'a super::Store,
        }

        impl<'a> $name<'a> {
            pub(super) fn pool(self) -> &'a sqlx::AnyPool {
                self.store.pool()
            }
        }
    };
}

mod audit;
mod backup;
mod bot_account;
mod discord_connections;
mod guild_settings;
mod import;
mod leases;
mod link_codes;
mod link_commit;
mod link_confirmations;
mod link_health;
mod link_states;
mod links;
mod nicknames;
mod reconcile;
mod refresh_tokens;
mod rules;
mod sealed;
mod sweeps;

pub use audit::{Audit, AuditAction, AuditEvent, UNLINKED_AUDIT_RETENTION_SECS};
pub use backup::{BackupError, backup};
pub use bot_account::{BotAccount, StoredInstall};
pub use discord_connections::{
    DiscordConnection, DiscordConnections, DiscordStateTaken, NewDiscordTokens,
};
pub use guild_settings::{GuildSettings, Settings};
pub use import::ImportedLink;
pub use leases::Leases;
pub use link_codes::{LinkCode, LinkCodes, MessageLink, NewLinkCode};
pub use link_commit::{LinkCommit, LinkCommitted, LinkMethod, UnlinkCommit};
pub use link_confirmations::{Confirmation, NewConfirmation};
pub use link_health::{LinkHealth, Verified};
pub use link_states::{LinkState, LinkStateExtras, LinkStates, NewLinkState};
pub use links::{Link, Links};
pub use nicknames::{ManagedNickname, Nicknames, SkippedNickname};
pub use reconcile::{
    ClaimedReconcile, FailedReconcile, ReconcileMark, ReconcileQueue, ReconcileRetry, ShardFilter,
};
pub use refresh_tokens::RefreshTokens;
pub use rules::{RuleWrite, Rules, StoredRule};
pub use sealed::Sealed;
pub use sweeps::{SweepState, Sweeps};

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, AnyPool, ConnectOptions, Executor, Transaction};

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

impl StoreError {
    /// The database is not answering (down, restarting, unreachable, out of connections):
    /// the same request may well work in a minute, and nothing was written.
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Database(e) => is_unavailable(e),
            Self::Migrate(sqlx::migrate::MigrateError::Execute(e)) => is_unavailable(e),
            _ => false,
        }
    }
}

/// Whether a sqlx error means the database is away rather than the query being wrong.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::BeginFailed => true,
        // PostgreSQL's SQLSTATE classes: 08 connection exception, 57P0x the server shutting
        // down or restarting, 53300 too many connections.
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08") || code.starts_with("57P0") || code == "53300"
        }),
        _ => false,
    }
}

/// How long a query waits for a pooled connection before it fails.
///
/// PostgreSQL: short, so that while the server is away the callback page, `/readyz` and
/// slash commands (which Discord gives 3 s to answer) fail fast with "try again in a
/// minute" instead of hanging. The pool keeps no broken connection: each one is tested
/// before use, and a new one is opened on demand once the server answers again.
/// SQLite: the file is local and never "away"; a writer may hold a connection while it
/// waits out `busy_timeout`, so the wait is as long.
fn acquire_timeout(backend: Backend) -> Duration {
    match backend {
        Backend::Sqlite => Duration::from_secs(10),
        Backend::Postgres => Duration::from_secs(2),
    }
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
        if backend == Backend::Sqlite {
            backup::create_private_database_file(url)?;
        }
        if !Any::database_exists(url).await.unwrap_or(false) {
            Any::create_database(url).await?;
        }
        let options = AnyConnectOptions::from_str(url)?.disable_statement_logging();
        let mut pool_options = AnyPoolOptions::new()
            .acquire_timeout(acquire_timeout(backend))
            .test_before_acquire(true)
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

    /// A write transaction. SQLite takes the write lock up front: a deferred transaction
    /// that reads first cannot upgrade to a write while another connection writes.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// `links` (with each link's health and locale), and the transactions completing and
    /// removing a link.
    pub fn links(&self) -> Links<'_> {
        Links { store: self }
    }

    /// `link_states` and `link_confirmations`: a `/link` on its way to a link.
    pub fn link_states(&self) -> LinkStates<'_> {
        LinkStates { store: self }
    }

    /// `link_codes`: the codes of linking by message.
    pub fn link_codes(&self) -> LinkCodes<'_> {
        LinkCodes { store: self }
    }

    /// `link_tokens`: each link's sealed Resonite refresh token.
    pub fn refresh_tokens(&self) -> RefreshTokens<'_> {
        RefreshTokens { store: self }
    }

    /// `role_rules`: each guild's rules.
    pub fn rules(&self) -> Rules<'_> {
        Rules { store: self }
    }

    /// `guild_settings`: each guild's settings (its only writer).
    pub fn settings(&self) -> Settings<'_> {
        Settings { store: self }
    }

    /// `member_nicknames` and `nickname_skips`.
    pub fn nicknames(&self) -> Nicknames<'_> {
        Nicknames { store: self }
    }

    /// `pending_reconciles`: the members whose roles must be brought to what they earn.
    pub fn queue(&self) -> ReconcileQueue<'_> {
        ReconcileQueue { store: self }
    }

    /// `sweeps`: re-verification's progress.
    pub fn sweeps(&self) -> Sweeps<'_> {
        Sweeps { store: self }
    }

    /// `leases`: what only one process may do at a time.
    pub fn leases(&self) -> Leases<'_> {
        Leases { store: self }
    }

    /// `resonite_install`: the bot account's install identity.
    pub fn bot_account(&self) -> BotAccount<'_> {
        BotAccount { store: self }
    }

    /// `discord_states` and `discord_connections` (Linked Roles).
    pub fn discord_connections(&self) -> DiscordConnections<'_> {
        DiscordConnections { store: self }
    }

    /// `audit_events`.
    pub fn audit(&self) -> Audit<'_> {
        Audit { store: self }
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
