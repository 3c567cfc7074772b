//! `admin_states` and `admin_sessions`: the dashboard's sign-in, in the database so that
//! every process behind a load balancer knows every session. Only hashes of the OAuth2 state,
//! the browser cookie and the session cookie are kept; the admin's access token is sealed.

use sqlx::Row;

use crate::store::{Sealed, Store, StoreError, id_from_db, id_to_db};

/// A sign-in taken by its callback: it can never be taken again.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum StateTaken {
    /// The PKCE verifier of the sign-in.
    Taken(String),
    /// Live, but another browser started it: not taken.
    OtherBrowser,
    /// Unknown, expired or already used.
    Invalid,
}

/// A stored session as read back.
#[derive(Debug, Clone)]
pub(super) struct StoredSession {
    pub discord_user_id: u64,
    pub discord_name: String,
    pub token: Sealed,
    pub guilds_json: String,
    pub guilds_checked_at: i64,
}

/// What a new session stores.
pub(super) struct NewSession<'a> {
    pub session_hash: &'a str,
    pub discord_user_id: u64,
    pub discord_name: &'a str,
    pub token: &'a Sealed,
    pub guilds_json: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

/// The dashboard's tables over the bot's store.
#[derive(Clone, Debug)]
pub(super) struct Sessions {
    store: Store,
}

impl Sessions {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    pub async fn insert_state(
        &self,
        state_hash: &str,
        verifier: &str,
        browser_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO admin_states (state_hash, pkce_verifier, browser_hash, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(state_hash)
        .bind(verifier)
        .bind(browser_hash)
        .bind(now)
        .bind(expires_at)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// Takes a live state started by `browser_hash`, atomically: two racing callbacks
    /// cannot both win. The verifier is cleared once taken.
    pub async fn take_state(
        &self,
        state_hash: &str,
        browser_hash: Option<&str>,
        now: i64,
    ) -> Result<StateTaken, StoreError> {
        let verifier: Option<Option<String>> = sqlx::query_scalar(
            "UPDATE admin_states SET consumed_at = $1
             WHERE state_hash = $2 AND consumed_at IS NULL AND expires_at > $1
               AND browser_hash = $3
             RETURNING pkce_verifier",
        )
        .bind(now)
        .bind(state_hash)
        .bind(browser_hash.unwrap_or(""))
        .fetch_optional(self.store.pool())
        .await?;
        if let Some(verifier) = verifier {
            sqlx::query("UPDATE admin_states SET pkce_verifier = NULL WHERE state_hash = $1")
                .bind(state_hash)
                .execute(self.store.pool())
                .await?;
            return Ok(StateTaken::Taken(verifier.unwrap_or_default()));
        }
        let live: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM admin_states WHERE state_hash = $1 AND consumed_at IS NULL AND expires_at > $2",
        )
        .bind(state_hash)
        .bind(now)
        .fetch_optional(self.store.pool())
        .await?;
        Ok(if live.is_some() {
            StateTaken::OtherBrowser
        } else {
            StateTaken::Invalid
        })
    }

    /// Burns a state (Discord reported an error): the attempt cannot be replayed.
    pub async fn burn_state(&self, state_hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE admin_states SET consumed_at = $1, pkce_verifier = NULL
             WHERE state_hash = $2 AND consumed_at IS NULL",
        )
        .bind(now)
        .bind(state_hash)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    pub async fn insert_session(&self, s: &NewSession<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO admin_sessions (session_hash, discord_user_id, discord_name, token_key_id,
                token_ciphertext, guilds_json, guilds_checked_at, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)",
        )
        .bind(s.session_hash)
        .bind(id_to_db(s.discord_user_id))
        .bind(s.discord_name)
        .bind(&s.token.key_id)
        .bind(&s.token.ciphertext)
        .bind(s.guilds_json)
        .bind(s.now)
        .bind(s.expires_at)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// A live session by the hash of its cookie.
    pub async fn session(
        &self,
        session_hash: &str,
        now: i64,
    ) -> Result<Option<StoredSession>, StoreError> {
        let row = sqlx::query(
            "SELECT discord_user_id, discord_name, token_key_id, token_ciphertext, guilds_json,
                    guilds_checked_at
             FROM admin_sessions WHERE session_hash = $1 AND expires_at > $2",
        )
        .bind(session_hash)
        .bind(now)
        .fetch_optional(self.store.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(StoredSession {
            discord_user_id: id_from_db(row.try_get("discord_user_id")?),
            discord_name: row.try_get("discord_name")?,
            token: Sealed {
                key_id: row.try_get("token_key_id")?,
                ciphertext: row.try_get("token_ciphertext")?,
            },
            guilds_json: row.try_get("guilds_json")?,
            guilds_checked_at: row.try_get("guilds_checked_at")?,
        }))
    }

    /// Keeps what a re-check found.
    pub async fn update_guilds(
        &self,
        session_hash: &str,
        guilds_json: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE admin_sessions SET guilds_json = $1, guilds_checked_at = $2 WHERE session_hash = $3",
        )
        .bind(guilds_json)
        .bind(now)
        .bind(session_hash)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    pub async fn delete_session(&self, session_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM admin_sessions WHERE session_hash = $1")
            .bind(session_hash)
            .execute(self.store.pool())
            .await?;
        Ok(())
    }

    /// Forgets sessions and sign-ins that expired before `now`.
    pub async fn prune(&self, now: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM admin_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.store.pool())
            .await?;
        sqlx::query("DELETE FROM admin_states WHERE expires_at <= $1")
            .bind(now)
            .execute(self.store.pool())
            .await?;
        Ok(())
    }
}
