//! `link_codes`: the codes `/link` shows for linking by message, keyed by their SHA-256.
//! A code is taken by the link it proves, in the link's own transaction.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::link_commit::{LinkCommit, LinkMethod, commit_linked, write_link_in};
use super::{LinkCommitted, StoreError, id_from_db, id_to_db};
use crate::config::Secret;

/// What `/link` stores for a code.
#[derive(Debug, Clone)]
pub struct NewLinkCode<'a> {
    /// Hex SHA-256 of the normalised code; the code itself is never stored.
    pub code_hash: &'a str,
    pub discord_user_id: u64,
    pub discord_name: &'a str,
    pub guild_id: Option<u64>,
    pub locale: Option<&'a str>,
    /// The `/link` interaction, to edit its reply (empty: none).
    pub interaction_token: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A stored code, as the bot's account reads it when the code arrives.
#[derive(Debug, Clone)]
pub struct LinkCode {
    pub discord_user_id: u64,
    pub discord_name: String,
    pub guild_id: Option<u64>,
    pub locale: Option<String>,
    /// Cleared once the code is used.
    pub interaction_token: Secret,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// The Resonite account that used it.
    pub used_by: Option<String>,
}

/// A link made by message, for `undo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageLink {
    pub discord_user_id: u64,
    pub linked_at: i64,
    pub locale: Option<String>,
}

repository! {
    /// `link_codes`: the codes of linking by message, and the links they commit.
    LinkCodes
}

fn code_from_row(row: &AnyRow) -> Result<LinkCode, sqlx::Error> {
    Ok(LinkCode {
        discord_user_id: id_from_db(row.try_get("discord_user_id")?),
        discord_name: row.try_get("discord_name")?,
        guild_id: row.try_get::<Option<i64>, _>("guild_id")?.map(id_from_db),
        locale: row.try_get("locale")?,
        interaction_token: Secret::new(
            row.try_get::<Option<String>, _>("interaction_token")?
                .unwrap_or_default(),
        ),
        expires_at: row.try_get("expires_at")?,
        used_at: row.try_get("used_at")?,
        used_by: row.try_get("used_by")?,
    })
}

impl<'a> LinkCodes<'a> {
    /// Stores a fresh code. A code's hash already stored (a collision of 60 random bits)
    /// is [`StoreError::StateTaken`]: the caller draws another.
    pub async fn insert(self, c: &NewLinkCode<'_>) -> Result<(), StoreError> {
        let result = sqlx::query(
            "INSERT INTO link_codes (code_hash, discord_user_id, discord_name, guild_id, locale,
                interaction_token, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(c.code_hash)
        .bind(id_to_db(c.discord_user_id))
        .bind(c.discord_name)
        .bind(c.guild_id.map(id_to_db))
        .bind(c.locale)
        .bind(c.interaction_token)
        .bind(c.created_at)
        .bind(c.expires_at)
        .execute(self.pool())
        .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if super::is_unique_violation(&e) => Err(StoreError::StateTaken),
            Err(e) => Err(e.into()),
        }
    }

    /// The code with this hash, live or not (`None`: never issued, or purged).
    pub async fn find(self, code_hash: &str) -> Result<Option<LinkCode>, StoreError> {
        let row = sqlx::query(
            "SELECT discord_user_id, discord_name, guild_id, locale, interaction_token,
                expires_at, used_at, used_by
             FROM link_codes WHERE code_hash = $1",
        )
        .bind(code_hash)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| code_from_row(&r)).transpose()?)
    }

    /// Burns a live code without linking (a refusal is final, as for an OAuth state).
    /// Returns whether it was live.
    pub async fn burn(self, code_hash: &str, used_by: &str, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE link_codes SET used_at = $1, used_by = $2, interaction_token = NULL
             WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(now)
        .bind(used_by)
        .bind(code_hash)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Takes the live code `code_hash` for `c.link`'s Resonite account and commits the link
    /// (made by message), its audit row and the marks — one transaction, as
    /// [`Store::commit_link`] does for OAuth. [`StoreError::StateTaken`] when the code was
    /// used or expired meanwhile; [`StoreError::ResoniteAccountTaken`] when the account
    /// belongs to another Discord user. Nothing is written on any error.
    pub async fn commit_link(
        self,
        code_hash: &str,
        c: &LinkCommit<'_>,
    ) -> Result<LinkCommitted, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let taken = sqlx::query(
            "UPDATE link_codes SET used_at = $1, used_by = $2, interaction_token = NULL
             WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1",
        )
        .bind(c.now)
        .bind(&c.link.resonite_user_id)
        .bind(code_hash)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() == 0 {
            return Err(StoreError::StateTaken);
        }
        let committed = write_link_in(&mut tx, c, LinkMethod::Message).await?;
        commit_linked(tx, committed).await
    }

    /// The link of `resonite_user_id` when it was made by message (for `undo`).
    pub async fn message_link(
        self,
        resonite_user_id: &str,
    ) -> Result<Option<MessageLink>, StoreError> {
        let row = sqlx::query(
            "SELECT discord_user_id, linked_at, locale FROM links
             WHERE resonite_user_id = $1 AND method = 'message'",
        )
        .bind(resonite_user_id)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        Ok(Some(MessageLink {
            discord_user_id: id_from_db(row.try_get("discord_user_id")?),
            linked_at: row.try_get("linked_at")?,
            locale: row.try_get("locale")?,
        }))
    }

    /// How the Discord user's link was made (`None`: not linked).
    pub async fn method_of(self, discord_user_id: u64) -> Result<Option<LinkMethod>, StoreError> {
        let method: Option<String> =
            sqlx::query_scalar("SELECT method FROM links WHERE discord_user_id = $1")
                .bind(id_to_db(discord_user_id))
                .fetch_optional(self.pool())
                .await?;
        Ok(method.as_deref().map(LinkMethod::from_stored))
    }

    /// Deletes codes that expired before `before`.
    pub async fn purge(self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM link_codes WHERE expires_at < $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
