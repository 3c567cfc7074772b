//! `link_confirmations`: what the OAuth callback read, waiting for the member to press Link
//! on the page it showed (DESIGN "Security rules": a link is confirmed by the browser that
//! made it). Kept in the database so any process accepts the POST; keyed by the SHA-256 of
//! the page's single-use token, bound to the SHA-256 of the browser's cookie.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::link_states::{LinkState, LinkStates, clear_secrets_in};
use super::links::Link;
use super::{Sealed, StoreError, id_from_db, id_to_db};
use crate::config::Secret;

/// What the callback stores in place of its state.
#[derive(Debug, Clone)]
pub struct NewConfirmation<'a> {
    /// Hex SHA-256 of the token the page's form carries.
    pub token_hash: &'a str,
    /// Hex SHA-256 of the browser's cookie.
    pub browser_hash: &'a str,
    /// The state the callback consumed: who, where, the interaction, the locale.
    pub state: &'a LinkState,
    /// The link the member is asked to confirm (its Resonite side, as read now).
    pub link: &'a Link,
    pub sealed_token: Option<&'a Sealed>,
    pub now: i64,
    pub expires_at: i64,
}

/// A confirmation waiting for its POST.
#[derive(Debug, Clone)]
pub struct Confirmation {
    pub browser_hash: String,
    pub discord_user_id: u64,
    pub discord_name: String,
    pub guild_id: Option<u64>,
    pub guild_name: Option<String>,
    pub interaction_token: Secret,
    pub locale: Option<String>,
    pub resonite_user_id: String,
    pub resonite_username: String,
    pub profile_json: String,
    pub scopes: String,
    pub sealed_token: Option<Sealed>,
    pub expires_at: i64,
}

impl<'a> LinkStates<'a> {
    /// Consumes the held state (its verifier and interaction token cleared) and stores the
    /// confirmation that replaces it — one transaction. [`StoreError::StateTaken`] when the
    /// state was consumed meanwhile (nothing written).
    pub async fn await_confirmation(
        self,
        state_hash: &str,
        c: &NewConfirmation<'_>,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.begin_write().await?;
        let consumed = sqlx::query(
            "UPDATE link_states SET consumed_at = $1 WHERE state_hash = $2 AND consumed_at IS NULL",
        )
        .bind(c.now)
        .bind(state_hash)
        .execute(&mut *tx)
        .await?;
        if consumed.rows_affected() == 0 {
            return Err(StoreError::StateTaken);
        }
        clear_secrets_in(&mut tx, state_hash).await?;
        let s = c.state;
        let l = c.link;
        sqlx::query(
            "INSERT INTO link_confirmations (token_hash, browser_hash, discord_user_id, discord_name, guild_id, guild_name, interaction_token, locale, resonite_user_id, resonite_username, profile_json, scopes, token_key_id, token_ciphertext, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
        )
        .bind(c.token_hash)
        .bind(c.browser_hash)
        .bind(id_to_db(s.discord_user_id))
        .bind(&s.discord_name)
        .bind(s.guild_id.map(id_to_db))
        .bind(s.guild_name.as_deref())
        .bind(s.interaction_token.expose())
        .bind(s.locale.as_deref())
        .bind(&l.resonite_user_id)
        .bind(&l.resonite_username)
        .bind(&l.profile_json)
        .bind(&l.scopes)
        .bind(c.sealed_token.map(|t| t.key_id.as_str()))
        .bind(c.sealed_token.map(|t| t.ciphertext.as_str()))
        .bind(c.now)
        .bind(c.expires_at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The confirmation if it exists, is unexpired at `now` and was never used (whatever
    /// browser asks: the caller compares [`Confirmation::browser_hash`]).
    pub async fn pending_confirmation(
        self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<Confirmation>, StoreError> {
        let row = sqlx::query(
            "SELECT browser_hash, discord_user_id, discord_name, guild_id, guild_name, interaction_token, locale, resonite_user_id, resonite_username, profile_json, scopes, token_key_id, token_ciphertext, expires_at
             FROM link_confirmations WHERE token_hash = $1 AND consumed_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| confirmation_from_row(&r)).transpose()
    }

    /// Uses the confirmation up without a link (Cancel from its browser, or a refusal).
    /// Returns whether it was pending for that browser.
    pub async fn burn_confirmation(
        self,
        token_hash: &str,
        browser_hash: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let burnt = consume_confirmation_in(&mut tx, token_hash, browser_hash, now).await?;
        tx.commit().await?;
        Ok(burnt)
    }

    /// The locale a confirmation's `/link` reported, used or not (its pages speak it).
    pub async fn confirmation_locale(self, token_hash: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar::<_, Option<String>>(
            "SELECT locale FROM link_confirmations WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?
        .flatten())
    }

    /// Forgets confirmations that expired before `before`, returning how many.
    pub async fn purge_confirmations(self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM link_confirmations WHERE expires_at < $1")
            .bind(before)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}

/// Consumes a pending, unexpired confirmation of `browser_hash` inside the caller's
/// transaction; its secrets (interaction token, sealed refresh token) go with it. Of two
/// racing POSTs exactly one gets `true`.
pub(super) async fn consume_confirmation_in(
    tx: &mut Transaction<'static, Any>,
    token_hash: &str,
    browser_hash: &str,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE link_confirmations
         SET consumed_at = $1, interaction_token = NULL, token_key_id = NULL, token_ciphertext = NULL
         WHERE token_hash = $2 AND browser_hash = $3 AND consumed_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(token_hash)
    .bind(browser_hash)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn confirmation_from_row(row: &AnyRow) -> Result<Confirmation, StoreError> {
    let key_id: Option<String> = row.try_get("token_key_id")?;
    let ciphertext: Option<String> = row.try_get("token_ciphertext")?;
    Ok(Confirmation {
        browser_hash: row.try_get("browser_hash")?,
        discord_user_id: id_from_db(row.try_get("discord_user_id")?),
        discord_name: row.try_get("discord_name")?,
        guild_id: row.try_get::<Option<i64>, _>("guild_id")?.map(id_from_db),
        guild_name: row.try_get("guild_name")?,
        interaction_token: Secret::new(
            row.try_get::<Option<String>, _>("interaction_token")?
                .unwrap_or_default(),
        ),
        locale: row.try_get("locale")?,
        resonite_user_id: row.try_get("resonite_user_id")?,
        resonite_username: row.try_get("resonite_username")?,
        profile_json: row.try_get("profile_json")?,
        scopes: row.try_get("scopes")?,
        sealed_token: key_id
            .zip(ciphertext)
            .map(|(key_id, ciphertext)| Sealed { key_id, ciphertext }),
        expires_at: row.try_get("expires_at")?,
    })
}
