//! `link_states`: pending `/link` attempts, keyed by the SHA-256 of their OAuth `state`.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{StoreError, id_from_db, id_to_db};
use crate::config::Secret;

/// What `/link` stores before sending the member to Resonite.
#[derive(Debug, Clone)]
pub struct NewLinkState {
    /// Hex SHA-256 of the `state` sent to Resonite; the state itself is never stored.
    pub state_hash: String,
    pub discord_user_id: u64,
    /// The member's Discord name at `/link`, for the result page.
    pub discord_name: String,
    pub guild_id: Option<u64>,
    pub pkce_verifier: Secret,
    pub interaction_token: Secret,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A state taken by the callback: it can never be taken again.
#[derive(Debug, Clone)]
pub struct LinkState {
    pub discord_user_id: u64,
    pub discord_name: String,
    pub guild_id: Option<u64>,
    pub pkce_verifier: Secret,
    pub interaction_token: Secret,
    pub created_at: i64,
    /// The locale Discord reported with the `/link` (`None`: not known).
    pub locale: Option<String>,
    /// The server's name when `/link` ran in one and it was known.
    pub guild_name: Option<String>,
    /// Hex SHA-256 of the browser cookie the state is bound to (a Linked Roles flow, bound
    /// from `/linked-role` on); `None`: any browser may bring the callback (a `/link` button).
    pub browser_hash: Option<String>,
}

/// What a state keeps besides [`NewLinkState`].
#[derive(Debug, Clone, Default)]
pub struct LinkStateExtras<'a> {
    pub locale: Option<&'a str>,
    pub guild_name: Option<&'a str>,
    pub browser_hash: Option<&'a str>,
}

/// The columns a taken state returns (a macro: queries are static strings).
macro_rules! state_columns {
    () => {
        "discord_user_id, discord_name, guild_id, pkce_verifier, interaction_token, created_at, locale, guild_name, browser_hash"
    };
}

repository! {
    /// The `/link`s on their way to a link: their states, then their confirmations.
    LinkStates
}

impl<'a> LinkStates<'a> {
    pub async fn insert(self, s: &NewLinkState) -> Result<(), StoreError> {
        self.insert_localized(s, None).await
    }

    /// [`LinkStates::insert`], remembering the `/link`'s locale: the result page, the
    /// reply and the link's DMs speak it.
    pub async fn insert_localized(
        self,
        s: &NewLinkState,
        locale: Option<&str>,
    ) -> Result<(), StoreError> {
        self.insert_with(
            s,
            &LinkStateExtras {
                locale,
                ..LinkStateExtras::default()
            },
        )
        .await
    }

    /// [`LinkStates::insert`] with the locale, the server's name and the browser the
    /// state is bound to.
    pub async fn insert_with(
        self,
        s: &NewLinkState,
        extras: &LinkStateExtras<'_>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO link_states (state_hash, discord_user_id, discord_name, guild_id, pkce_verifier, interaction_token, created_at, expires_at, locale, guild_name, browser_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(&s.state_hash)
        .bind(id_to_db(s.discord_user_id))
        .bind(&s.discord_name)
        .bind(s.guild_id.map(id_to_db))
        .bind(s.pkce_verifier.expose())
        .bind(s.interaction_token.expose())
        .bind(s.created_at)
        .bind(s.expires_at)
        .bind(extras.locale)
        .bind(extras.guild_name)
        .bind(extras.browser_hash)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes the state if it exists, is unexpired at `now` and was never taken.
    ///
    /// One conditional `UPDATE … RETURNING`: of two racing callbacks, exactly one gets it.
    /// Its PKCE verifier and interaction token are cleared in the same transaction.
    pub async fn consume(
        self,
        state_hash: &str,
        now: i64,
    ) -> Result<Option<LinkState>, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let row = sqlx::query(concat!(
            "UPDATE link_states SET consumed_at = $1
             WHERE state_hash = $2 AND consumed_at IS NULL AND expires_at > $1
             RETURNING ",
            state_columns!()
        ))
        .bind(now)
        .bind(state_hash)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let state = state_from_row(&row)?;
        clear_secrets_in(&mut tx, state_hash).await?;
        tx.commit().await?;
        Ok(Some(state))
    }

    /// Holds the state for one callback until `held_until` if it exists, is unexpired at
    /// `now`, was never consumed and nobody holds it. Of two racing callbacks exactly one
    /// gets it; the state is consumed only with the link ([`Links::commit`]), so a
    /// failure half-way (Resonite or the database down) leaves it usable once released.
    pub async fn hold(
        self,
        state_hash: &str,
        now: i64,
        held_until: i64,
    ) -> Result<Option<LinkState>, StoreError> {
        let row = sqlx::query(concat!(
            "UPDATE link_states SET held_until = $3
             WHERE state_hash = $2 AND consumed_at IS NULL AND expires_at > $1
               AND (held_until IS NULL OR held_until <= $1)
             RETURNING ",
            state_columns!()
        ))
        .bind(now)
        .bind(state_hash)
        .bind(held_until)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| state_from_row(&r)).transpose()
    }

    /// Lets go of a held state that was not consumed (the callback failed before storing).
    pub async fn release(self, state_hash: &str) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE link_states SET held_until = NULL WHERE state_hash = $1 AND consumed_at IS NULL",
        )
        .bind(state_hash)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets states that can no longer be used (expired before `before`), returning how many.
    pub async fn purge(self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM link_states WHERE expires_at < $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// The locale of the `/link` behind a state (consumed or not, until it is purged).
    pub async fn locale(self, state_hash: &str) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT locale FROM link_states WHERE state_hash = $1")
                .bind(state_hash)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.flatten())
    }
}

/// A consumed state keeps neither its PKCE verifier nor its interaction token.
pub(super) async fn clear_secrets_in(
    tx: &mut Transaction<'static, Any>,
    state_hash: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE link_states SET pkce_verifier = NULL, interaction_token = NULL WHERE state_hash = $1",
    )
    .bind(state_hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn state_from_row(row: &AnyRow) -> Result<LinkState, StoreError> {
    Ok(LinkState {
        discord_user_id: id_from_db(row.try_get("discord_user_id")?),
        discord_name: row.try_get("discord_name")?,
        guild_id: row.try_get::<Option<i64>, _>("guild_id")?.map(id_from_db),
        pkce_verifier: Secret::new(
            row.try_get::<Option<String>, _>("pkce_verifier")?
                .unwrap_or_default(),
        ),
        interaction_token: Secret::new(
            row.try_get::<Option<String>, _>("interaction_token")?
                .unwrap_or_default(),
        ),
        created_at: row.try_get("created_at")?,
        locale: row.try_get("locale")?,
        guild_name: row.try_get("guild_name")?,
        browser_hash: row.try_get("browser_hash")?,
    })
}
