//! The verification controls' state: the bypass role and nickname template of
//! `guild_settings`, the nicknames the bot changed (`member_nicknames`) and the members it
//! may not rename (`nickname_skips`).

use sqlx::Row;

use super::{Store, StoreError, id_from_db, id_to_db};

/// A nickname the bot set, and what the member had before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedNickname {
    /// `None`: the member had no nickname.
    pub original_nick: Option<String>,
    pub set_nick: String,
}

/// A member whose nickname the bot may not change, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedNickname {
    pub user_id: u64,
    pub reason: String,
    pub at: i64,
}

impl Store {
    /// Sets (or clears, with `None`) the role whose holders the bot never changes.
    pub async fn set_bypass_role(
        &self,
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
        &self,
        guild_id: u64,
        template: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, nickname_template) VALUES ($1, $2)
             ON CONFLICT (guild_id) DO UPDATE SET nickname_template = excluded.nickname_template",
        )
        .bind(id_to_db(guild_id))
        .bind(template)
        .execute(&mut *tx)
        .await?;
        if template.is_none() {
            sqlx::query("DELETE FROM nickname_skips WHERE guild_id = $1")
                .bind(id_to_db(guild_id))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn managed_nickname(
        &self,
        guild_id: u64,
        user_id: u64,
    ) -> Result<Option<ManagedNickname>, StoreError> {
        let row = sqlx::query(
            "SELECT original_nick, set_nick FROM member_nicknames
             WHERE guild_id = $1 AND user_id = $2",
        )
        .bind(id_to_db(guild_id))
        .bind(id_to_db(user_id))
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(ManagedNickname {
                original_nick: row.try_get("original_nick")?,
                set_nick: row.try_get("set_nick")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| StoreError::from(e))
    }

    /// Records the nickname the bot is about to set. The first record of a member keeps
    /// `original` (their nickname before the bot's first change); later ones only update
    /// what was set. Also drops a recorded skip.
    pub async fn record_managed_nickname(
        &self,
        guild_id: u64,
        user_id: u64,
        original: Option<&str>,
        set_nick: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO member_nicknames (guild_id, user_id, original_nick, set_nick)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (guild_id, user_id) DO UPDATE SET set_nick = excluded.set_nick",
        )
        .bind(id_to_db(guild_id))
        .bind(id_to_db(user_id))
        .bind(original)
        .bind(set_nick)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM nickname_skips WHERE guild_id = $1 AND user_id = $2")
            .bind(id_to_db(guild_id))
            .bind(id_to_db(user_id))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Forgets a nickname the bot set (it was given back, or the member changed it).
    pub async fn forget_managed_nickname(
        &self,
        guild_id: u64,
        user_id: u64,
    ) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM member_nicknames WHERE guild_id = $1 AND user_id = $2")
            .bind(id_to_db(guild_id))
            .bind(id_to_db(user_id))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Whether the bot set some nickname in the guild that it has not given back.
    pub async fn has_managed_nicknames(&self, guild_id: u64) -> Result<bool, StoreError> {
        // COUNT(*) is BIGINT on both backends; the inner LIMIT stops at the first row.
        let found: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM member_nicknames WHERE guild_id = $1 LIMIT 1) AS one",
        )
        .bind(id_to_db(guild_id))
        .fetch_one(self.pool())
        .await?;
        Ok(found > 0)
    }

    /// Members of the guild whose nicknames the bot set and has not given back.
    pub async fn managed_nickname_members(&self, guild_id: u64) -> Result<Vec<u64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT user_id FROM member_nicknames WHERE guild_id = $1 ORDER BY user_id",
        )
        .bind(id_to_db(guild_id))
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(id_from_db).collect())
    }

    /// Notes (or with `None` forgets) that the member's nickname could not be set.
    pub async fn set_nickname_skip(
        &self,
        guild_id: u64,
        user_id: u64,
        reason: Option<&str>,
        now: i64,
    ) -> Result<(), StoreError> {
        match reason {
            Some(reason) => {
                sqlx::query(
                    "INSERT INTO nickname_skips (guild_id, user_id, reason, at) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (guild_id, user_id) DO UPDATE SET reason = excluded.reason, at = excluded.at",
                )
                .bind(id_to_db(guild_id))
                .bind(id_to_db(user_id))
                .bind(reason)
                .bind(now)
                .execute(self.pool())
                .await?
            }
            None => {
                sqlx::query("DELETE FROM nickname_skips WHERE guild_id = $1 AND user_id = $2")
                    .bind(id_to_db(guild_id))
                    .bind(id_to_db(user_id))
                    .execute(self.pool())
                    .await?
            }
        };
        Ok(())
    }

    pub async fn nickname_skips(&self, guild_id: u64) -> Result<Vec<SkippedNickname>, StoreError> {
        let rows = sqlx::query(
            "SELECT user_id, reason, at FROM nickname_skips WHERE guild_id = $1 ORDER BY user_id",
        )
        .bind(id_to_db(guild_id))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(SkippedNickname {
                    user_id: id_from_db(row.try_get("user_id")?),
                    reason: row.try_get("reason")?,
                    at: row.try_get("at")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The link of a Resonite account, by `U-` id or by username (case-insensitive).
    pub async fn link_by_resonite_name_or_id(
        &self,
        name_or_id: &str,
    ) -> Result<Option<super::Link>, StoreError> {
        if let Some(link) = self.link_by_resonite(name_or_id).await? {
            return Ok(Some(link));
        }
        let user: Option<i64> = sqlx::query_scalar(
            "SELECT discord_user_id FROM links
             WHERE LOWER(resonite_username) = LOWER($1) OR LOWER(resonite_user_id) = LOWER($1)
             ORDER BY linked_at DESC LIMIT 1",
        )
        .bind(name_or_id)
        .fetch_optional(self.pool())
        .await?;
        match user {
            Some(user) => self.link_by_discord(id_from_db(user)).await,
            None => Ok(None),
        }
    }

    /// Discord users whose links Resonite stopped accepting.
    pub async fn stale_link_users(&self) -> Result<Vec<u64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT discord_user_id FROM links WHERE stale_since IS NOT NULL ORDER BY discord_user_id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(id_from_db).collect())
    }
}
