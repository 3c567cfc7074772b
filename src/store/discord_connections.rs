//! Linked Roles at rest: `discord_states` (Discord's single-use authorization states, by
//! hash) and `discord_connections` (each member's sealed Discord tokens, the metadata last
//! pushed, and a push still owed after a 429 or 5xx, so none is lost across restarts).

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{StoreError, id_from_db, id_to_db};
use crate::tokens::Sealed;

/// What taking a Discord state found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiscordStateTaken {
    /// Taken: its PKCE verifier.
    Taken(String),
    /// Still pending, but another browser's: left as it was.
    OtherBrowser,
    /// Unknown, expired or used.
    Invalid,
}

/// A member's Discord connection as stored (tokens still sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscordConnection {
    pub discord_user_id: u64,
    pub discord_username: String,
    pub access: Option<Sealed>,
    pub refresh: Option<Sealed>,
    /// When the access token expires (Unix seconds).
    pub expires_at: i64,
    pub pushed_json: Option<String>,
    pub push_due_ms: Option<i64>,
    pub push_attempts: i64,
    pub refused_at: Option<i64>,
    pub refused_notified_at: Option<i64>,
}

/// New tokens for a member (after an authorization or a refresh).
#[derive(Debug, Clone)]
pub struct NewDiscordTokens<'a> {
    pub discord_user_id: u64,
    pub discord_username: &'a str,
    pub access: &'a Sealed,
    pub refresh: Option<&'a Sealed>,
    pub expires_at: i64,
    pub now: i64,
}

fn sealed(row: &AnyRow, key: &str, text: &str) -> Result<Option<Sealed>, sqlx::Error> {
    let key_id: Option<String> = row.try_get(key)?;
    let ciphertext: Option<String> = row.try_get(text)?;
    Ok(key_id
        .zip(ciphertext)
        .map(|(key_id, ciphertext)| Sealed { key_id, ciphertext }))
}

fn connection_from_row(row: &AnyRow) -> Result<DiscordConnection, sqlx::Error> {
    Ok(DiscordConnection {
        discord_user_id: id_from_db(row.try_get("discord_user_id")?),
        discord_username: row.try_get("discord_username")?,
        access: sealed(row, "access_key_id", "access_ciphertext")?,
        refresh: sealed(row, "refresh_key_id", "refresh_ciphertext")?,
        expires_at: row.try_get("expires_at")?,
        pushed_json: row.try_get("pushed_json")?,
        push_due_ms: row.try_get("push_due_ms")?,
        push_attempts: row.try_get("push_attempts")?,
        refused_at: row.try_get("refused_at")?,
        refused_notified_at: row.try_get("refused_notified_at")?,
    })
}

repository! {
    /// Linked Roles' states and connections.
    DiscordConnections
}

impl<'a> DiscordConnections<'a> {
    /// Stores a fresh state bound to the browser whose cookie hashes to `browser_hash`.
    pub async fn insert_state(
        self,
        state_hash: &str,
        pkce_verifier: &str,
        browser_hash: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO discord_states (state_hash, pkce_verifier, browser_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(state_hash)
        .bind(pkce_verifier)
        .bind(browser_hash)
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes the state (its PKCE verifier) if it exists, is unexpired, was never taken and
    /// belongs to `browser_hash` (`None`: any browser, to burn a declined attempt): one
    /// conditional `UPDATE … RETURNING`, so of two racing callbacks exactly one wins. The
    /// verifier is cleared as it is taken.
    pub async fn consume_state(
        self,
        state_hash: &str,
        browser_hash: Option<&str>,
        now: i64,
    ) -> Result<DiscordStateTaken, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let verifier: Option<Option<String>> = sqlx::query_scalar(
            "UPDATE discord_states SET consumed_at = $1
             WHERE state_hash = $2 AND consumed_at IS NULL AND expires_at > $1
               AND ($3 IS NULL OR browser_hash = $3)
             RETURNING pkce_verifier",
        )
        .bind(now)
        .bind(state_hash)
        .bind(browser_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let taken = match verifier {
            Some(verifier) => {
                sqlx::query("UPDATE discord_states SET pkce_verifier = NULL WHERE state_hash = $1")
                    .bind(state_hash)
                    .execute(&mut *tx)
                    .await?;
                DiscordStateTaken::Taken(verifier.unwrap_or_default())
            }
            None => {
                let pending: Option<i64> = sqlx::query_scalar(
                    "SELECT 1 FROM discord_states WHERE state_hash = $1 AND consumed_at IS NULL AND expires_at > $2",
                )
                .bind(state_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await?;
                if pending.is_some() {
                    DiscordStateTaken::OtherBrowser
                } else {
                    DiscordStateTaken::Invalid
                }
            }
        };
        tx.commit().await?;
        Ok(taken)
    }

    /// Forgets Discord states that expired before `before`.
    pub async fn purge_states(self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM discord_states WHERE expires_at < $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// Stores a member's new tokens; a reconnect clears an earlier refusal.
    pub async fn put_tokens(self, t: &NewDiscordTokens<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO discord_connections (discord_user_id, discord_username, access_key_id, access_ciphertext, refresh_key_id, refresh_ciphertext, expires_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (discord_user_id) DO UPDATE SET
               discord_username = excluded.discord_username,
               access_key_id = excluded.access_key_id,
               access_ciphertext = excluded.access_ciphertext,
               refresh_key_id = excluded.refresh_key_id,
               refresh_ciphertext = excluded.refresh_ciphertext,
               expires_at = excluded.expires_at,
               refused_at = NULL,
               refused_notified_at = NULL,
               updated_at = excluded.updated_at",
        )
        .bind(id_to_db(t.discord_user_id))
        .bind(t.discord_username)
        .bind(&t.access.key_id)
        .bind(&t.access.ciphertext)
        .bind(t.refresh.map(|s| s.key_id.clone()))
        .bind(t.refresh.map(|s| s.ciphertext.clone()))
        .bind(t.expires_at)
        .bind(t.now)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn get(self, discord_user_id: u64) -> Result<Option<DiscordConnection>, StoreError> {
        let row = sqlx::query(
            "SELECT discord_user_id, discord_username, access_key_id, access_ciphertext, refresh_key_id, refresh_ciphertext, expires_at, pushed_json, push_due_ms, push_attempts, refused_at, refused_notified_at
             FROM discord_connections WHERE discord_user_id = $1",
        )
        .bind(id_to_db(discord_user_id))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| connection_from_row(&r)).transpose()?)
    }

    /// Discord accepted `pushed_json`: remember it, owe nothing. `forget_tokens` drops the
    /// tokens (no key keeps them past the push at link time).
    pub async fn record_push(
        self,
        discord_user_id: u64,
        pushed_json: &str,
        forget_tokens: bool,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE discord_connections SET pushed_json = $1, push_due_ms = NULL, push_attempts = 0, updated_at = $2,
               access_key_id = CASE WHEN $4 = 1 THEN NULL ELSE access_key_id END,
               access_ciphertext = CASE WHEN $4 = 1 THEN NULL ELSE access_ciphertext END,
               refresh_key_id = CASE WHEN $4 = 1 THEN NULL ELSE refresh_key_id END,
               refresh_ciphertext = CASE WHEN $4 = 1 THEN NULL ELSE refresh_ciphertext END
             WHERE discord_user_id = $3",
        )
        .bind(pushed_json)
        .bind(now)
        .bind(id_to_db(discord_user_id))
        .bind(i64::from(forget_tokens))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A push is owed at `due_ms` (a 429's `retry_after`, or back-off after a 5xx).
    pub async fn schedule_push(self, discord_user_id: u64, due_ms: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE discord_connections SET push_due_ms = $1, push_attempts = push_attempts + 1 WHERE discord_user_id = $2",
        )
        .bind(due_ms)
        .bind(id_to_db(discord_user_id))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Members owed a push by `now_ms`, oldest first.
    pub async fn due_pushes(self, now_ms: i64, limit: i64) -> Result<Vec<u64>, StoreError> {
        let rows: Vec<i64> = sqlx::query_scalar(
            "SELECT discord_user_id FROM discord_connections
             WHERE push_due_ms IS NOT NULL AND push_due_ms <= $1 AND refused_at IS NULL
             ORDER BY push_due_ms LIMIT $2",
        )
        .bind(now_ms)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(id_from_db).collect())
    }

    /// Discord refused the refresh token: pushes stop, the tokens go. Returns whether the
    /// member still has to be told (told once).
    pub async fn refuse(self, discord_user_id: u64, now: i64) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "UPDATE discord_connections SET refused_at = COALESCE(refused_at, $1), push_due_ms = NULL,
               access_key_id = NULL, access_ciphertext = NULL, refresh_key_id = NULL, refresh_ciphertext = NULL,
               refused_notified_at = COALESCE(refused_notified_at, $1)
             WHERE discord_user_id = $2
             RETURNING refused_notified_at",
        )
        .bind(now)
        .bind(id_to_db(discord_user_id))
        .fetch_optional(self.pool())
        .await?;
        // Told now exactly when this update set the notice time.
        Ok(match row {
            Some(r) => r.try_get::<Option<i64>, _>("refused_notified_at")? == Some(now),
            None => false,
        })
    }

    /// Forgets the member's Discord connection; `true` when there was one.
    pub async fn delete(self, discord_user_id: u64) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM discord_connections WHERE discord_user_id = $1")
            .bind(id_to_db(discord_user_id))
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected() > 0)
    }
}
