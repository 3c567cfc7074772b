//! `guild_settings`: each guild's settings (the log channel, the bypass role, the nickname
//! template, its locale) and when it was last swept. The only writer of the table.

use sqlx::Row;

use super::nicknames::clear_skips_in;
use super::{StoreError, id_from_db, id_to_db};

/// A guild's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuildSettings {
    pub log_channel_id: Option<u64>,
    pub last_swept_at: Option<i64>,
    /// `/config bypass-role`: members holding it are never changed.
    pub bypass_role_id: Option<u64>,
    /// `/config nickname`: the template linked members' nicknames follow.
    pub nickname_template: Option<String>,
}

repository! {
    /// Each guild's settings.
    Settings
}

impl<'a> Settings<'a> {
    pub async fn get(self, guild_id: u64) -> Result<GuildSettings, StoreError> {
        let row = sqlx::query(
            "SELECT log_channel_id, last_swept_at, bypass_role_id, nickname_template
             FROM guild_settings WHERE guild_id = $1",
        )
        .bind(id_to_db(guild_id))
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else {
            return Ok(GuildSettings::default());
        };
        Ok(GuildSettings {
            log_channel_id: row
                .try_get::<Option<i64>, _>("log_channel_id")?
                .map(id_from_db),
            last_swept_at: row.try_get("last_swept_at")?,
            bypass_role_id: row
                .try_get::<Option<i64>, _>("bypass_role_id")?
                .map(id_from_db),
            nickname_template: row.try_get("nickname_template")?,
        })
    }

    /// Sets (or clears, with `None`) the channel audit events are posted to.
    pub async fn set_log_channel(
        self,
        guild_id: u64,
        channel_id: Option<u64>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, log_channel_id) VALUES ($1, $2)
             ON CONFLICT (guild_id) DO UPDATE SET log_channel_id = excluded.log_channel_id",
        )
        .bind(id_to_db(guild_id))
        .bind(channel_id.map(id_to_db))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets (or clears, with `None`) the role whose holders the bot never changes.
    pub async fn set_bypass_role(
        self,
        guild_id: u64,
        role_id: Option<u64>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, bypass_role_id) VALUES ($1, $2)
             ON CONFLICT (guild_id) DO UPDATE SET bypass_role_id = excluded.bypass_role_id",
        )
        .bind(id_to_db(guild_id))
        .bind(role_id.map(id_to_db))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets (or clears, with `None`) the nickname template. Clearing also forgets the
    /// members the bot could not rename.
    pub async fn set_nickname_template(
        self,
        guild_id: u64,
        template: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.begin_write().await?;
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, nickname_template) VALUES ($1, $2)
             ON CONFLICT (guild_id) DO UPDATE SET nickname_template = excluded.nickname_template",
        )
        .bind(id_to_db(guild_id))
        .bind(template)
        .execute(&mut *tx)
        .await?;
        if template.is_none() {
            clear_skips_in(&mut tx, guild_id).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_last_swept(self, guild_id: u64, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, last_swept_at) VALUES ($1, $2)
             ON CONFLICT (guild_id) DO UPDATE SET last_swept_at = excluded.last_swept_at",
        )
        .bind(id_to_db(guild_id))
        .bind(at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Records the guild's locale (Discord's `preferred_locale` / `guild_locale`).
    pub async fn set_locale(self, guild_id: u64, locale: &str) -> Result<(), StoreError> {
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

    pub async fn locale(self, guild_id: u64) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT locale FROM guild_settings WHERE guild_id = $1")
                .bind(id_to_db(guild_id))
                .fetch_optional(self.pool())
                .await?;
        Ok(found.flatten())
    }

    /// The locale of the guild whose log channel this is (a log post knows only its channel).
    pub async fn locale_by_log_channel(
        self,
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
