//! The nicknames the bot changed (`member_nicknames`, with what each member had before)
//! and the members it may not rename (`nickname_skips`).

use sqlx::Row;

use sqlx::{Any, Transaction};

use super::{StoreError, id_from_db, id_to_db};

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

repository! {
    /// The nicknames the bot set and the members it may not rename.
    Nicknames
}

impl<'a> Nicknames<'a> {
    pub async fn managed(
        self,
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
    pub async fn record(
        self,
        guild_id: u64,
        user_id: u64,
        original: Option<&str>,
        set_nick: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.store.begin_write().await?;
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
    pub async fn forget(self, guild_id: u64, user_id: u64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM member_nicknames WHERE guild_id = $1 AND user_id = $2")
            .bind(id_to_db(guild_id))
            .bind(id_to_db(user_id))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Whether the bot set some nickname in the guild that it has not given back.
    pub async fn any_managed(self, guild_id: u64) -> Result<bool, StoreError> {
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
    pub async fn managed_members(self, guild_id: u64) -> Result<Vec<u64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT user_id FROM member_nicknames WHERE guild_id = $1 ORDER BY user_id",
        )
        .bind(id_to_db(guild_id))
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(id_from_db).collect())
    }

    /// Notes (or with `None` forgets) that the member's nickname could not be set.
    pub async fn set_skip(
        self,
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

    pub async fn skips(self, guild_id: u64) -> Result<Vec<SkippedNickname>, StoreError> {
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
}

/// Forgets, inside the caller's transaction, every member of the guild the bot could not
/// rename (the nickname template was cleared).
pub(super) async fn clear_skips_in(
    tx: &mut Transaction<'static, Any>,
    guild_id: u64,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM nickname_skips WHERE guild_id = $1")
        .bind(id_to_db(guild_id))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
