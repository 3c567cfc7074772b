//! Which language to speak: the locale stored with a `/link` (its state, then its link) and
//! each guild's locale. Kept as the codes Discord sends; `i18n::Lang` reads them.

use super::{Store, StoreError, id_to_db};

impl Store {
    /// The locale of the `/link` behind a state (consumed or not, until it is purged).
    pub async fn link_state_locale(&self, state_hash: &str) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT locale FROM link_states WHERE state_hash = $1")
                .bind(state_hash)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.flatten())
    }

    /// The locale of the `/link` that made the Discord user's link.
    pub async fn link_locale(&self, discord_user_id: u64) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT locale FROM links WHERE discord_user_id = $1")
                .bind(id_to_db(discord_user_id))
                .fetch_optional(self.pool())
                .await?;
        Ok(found.flatten())
    }

    /// [`Store::link_locale`] by the linked Resonite account.
    pub async fn link_locale_by_resonite(
        &self,
        resonite_user_id: &str,
    ) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT locale FROM links WHERE resonite_user_id = $1")
                .bind(resonite_user_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(found.flatten())
    }

    /// Records the guild's locale (Discord's `preferred_locale` / `guild_locale`).
    pub async fn set_guild_locale(&self, guild_id: u64, locale: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, locale) VALUES ($1, $2)
             ON CONFLICT (guild_id) DO UPDATE SET locale = excluded.locale",
        )
        .bind(id_to_db(guild_id))
        .bind(locale)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn guild_locale(&self, guild_id: u64) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT locale FROM guild_settings WHERE guild_id = $1")
                .bind(id_to_db(guild_id))
                .fetch_optional(self.pool())
                .await?;
        Ok(found.flatten())
    }

    /// The locale of the guild whose log channel this is (a log post knows only its channel).
    pub async fn guild_locale_by_log_channel(
        &self,
        channel_id: u64,
    ) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> = sqlx::query_scalar(
            "SELECT locale FROM guild_settings WHERE log_channel_id = $1 AND locale IS NOT NULL LIMIT 1",
        )
        .bind(id_to_db(channel_id))
        .fetch_optional(self.pool())
        .await?;
        Ok(found.flatten())
    }
}
