//! `link_states`: pending `/link` attempts, keyed by the SHA-256 of their OAuth `state`.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, id_from_db, id_to_db};

/// What `/link` stores before sending the member to Resonite.
#[derive(Debug, Clone)]
pub struct NewLinkState {
    /// Hex SHA-256 of the `state` sent to Resonite; the state itself is never stored.
    pub state_hash: String,
    pub discord_user_id: u64,
    /// The member's Discord name at `/link`, for the result page.
    pub discord_name: String,
    pub guild_id: Option<u64>,
    pub pkce_verifier: String,
    pub interaction_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A state taken by the callback: it can never be taken again.
#[derive(Debug, Clone)]
pub struct LinkState {
    pub discord_user_id: u64,
    pub discord_name: String,
    pub guild_id: Option<u64>,
    pub pkce_verifier: String,
    pub interaction_token: String,
    pub created_at: i64,
    /// The locale Discord reported with the `/link` (`None`: not known).
    pub locale: Option<String>,
}

impl Store {
    pub async fn insert_link_state(&self, s: &NewLinkState) -> Result<(), StoreError> {
        self.insert_link_state_localized(s, None).await
    }

    /// [`Store::insert_link_state`], remembering the `/link`'s locale: the result page, the
    /// reply and the link's DMs speak it.
    pub async fn insert_link_state_localized(
        &self,
        s: &NewLinkState,
        locale: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO link_states (state_hash, discord_user_id, discord_name, guild_id, pkce_verifier, interaction_token, created_at, expires_at, locale)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&s.state_hash)
        .bind(id_to_db(s.discord_user_id))
        .bind(&s.discord_name)
        .bind(s.guild_id.map(id_to_db))
        .bind(&s.pkce_verifier)
        .bind(&s.interaction_token)
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(locale)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes the state if it exists, is unexpired at `now` and was never taken.
    ///
    /// One conditional `UPDATE … RETURNING`: of two racing callbacks, exactly one gets it.
    pub async fn consume_link_state(
        &self,
        state_hash: &str,
        now: i64,
    ) -> Result<Option<LinkState>, StoreError> {
        let row = sqlx::query(
            "UPDATE link_states SET consumed_at = $1
             WHERE state_hash = $2 AND consumed_at IS NULL AND expires_at > $1
             RETURNING discord_user_id, discord_name, guild_id, pkce_verifier, interaction_token, created_at, locale",
        )
        .bind(now)
        .bind(state_hash)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| state_from_row(&r)).transpose()
    }

    /// Holds the state for one callback until `held_until` if it exists, is unexpired at
    /// `now`, was never consumed and nobody holds it. Of two racing callbacks exactly one
    /// gets it; the state is consumed only with the link ([`Store::commit_link`]), so a
    /// failure half-way (Resonite or the database down) leaves it usable once released.
    pub async fn hold_link_state(
        &self,
        state_hash: &str,
        now: i64,
        held_until: i64,
    ) -> Result<Option<LinkState>, StoreError> {
        let row = sqlx::query(
            "UPDATE link_states SET held_until = $3
             WHERE state_hash = $2 AND consumed_at IS NULL AND expires_at > $1
               AND (held_until IS NULL OR held_until <= $1)
             RETURNING discord_user_id, discord_name, guild_id, pkce_verifier, interaction_token, created_at, locale",
        )
        .bind(now)
        .bind(state_hash)
        .bind(held_until)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| state_from_row(&r)).transpose()
    }

    /// Lets go of a held state that was not consumed (the callback failed before storing).
    pub async fn release_link_state(&self, state_hash: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE link_states SET held_until = NULL WHERE state_hash = $1 AND consumed_at IS NULL",
        )
        .bind(state_hash)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets states that can no longer be used (expired before `before`), returning how many.
    pub async fn purge_link_states(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM link_states WHERE expires_at < $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}

fn state_from_row(row: &AnyRow) -> Result<LinkState, StoreError> {
    Ok(LinkState {
        discord_user_id: id_from_db(row.try_get("discord_user_id")?),
        discord_name: row.try_get("discord_name")?,
        guild_id: row.try_get::<Option<i64>, _>("guild_id")?.map(id_from_db),
        pkce_verifier: row.try_get("pkce_verifier")?,
        interaction_token: row.try_get("interaction_token")?,
        created_at: row.try_get("created_at")?,
        locale: row.try_get("locale")?,
    })
}
