//! Each link's health as re-verification keeps it, in `links`: when Resonite stopped
//! accepting it, when the member was told, and a lapse held back by the grace period.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::links::{Link, link_from_row};
use super::{Links, StoreError, id_to_db};

/// How a link fared at its last re-verification.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkHealth {
    /// When Resonite first refused the refresh token; `None` while it works.
    pub stale_since: Option<i64>,
    /// When the member was told (by DM) to `/link` again.
    pub stale_notified_at: Option<i64>,
    /// A newer profile that lost support, held back for `LAPSE_GRACE_HOURS`.
    pub pending_profile_json: Option<String>,
    pub pending_since: Option<i64>,
}

/// What a successful re-verification writes.
#[derive(Debug, Clone)]
pub struct Verified<'a> {
    pub discord_user_id: u64,
    pub resonite_username: &'a str,
    /// The snapshot roles are computed from.
    pub profile_json: &'a str,
    /// A lapse held back by the grace period, with when it was first seen.
    pub pending: Option<(&'a str, i64)>,
    pub now: i64,
}

macro_rules! link_health_columns {
    () => {
        "discord_user_id, resonite_user_id, resonite_username, profile_json, scopes, linked_at, last_checked_at, stale_since, stale_notified_at, pending_profile_json, pending_since"
    };
}

fn health_from_row(row: &AnyRow) -> Result<LinkHealth, sqlx::Error> {
    Ok(LinkHealth {
        stale_since: row.try_get("stale_since")?,
        stale_notified_at: row.try_get("stale_notified_at")?,
        pending_profile_json: row.try_get("pending_profile_json")?,
        pending_since: row.try_get("pending_since")?,
    })
}

impl<'a> Links<'a> {
    /// Up to `limit` links after `cursor` (a stored Discord id), in a stable order, with their
    /// health. Sweeps page through every link with it, so memory does not grow with their number.
    pub async fn after(
        self,
        cursor: Option<i64>,
        limit: i64,
    ) -> Result<Vec<(Link, LinkHealth)>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            link_health_columns!(),
            " FROM links WHERE discord_user_id > $1 ORDER BY discord_user_id LIMIT $2"
        ))
        .bind(cursor.unwrap_or(i64::MIN))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|r| Ok((link_from_row(r)?, health_from_row(r)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// The member's link with its health, if linked (what a reconcile computes roles from).
    pub async fn with_health(
        self,
        discord_user_id: u64,
    ) -> Result<Option<(Link, LinkHealth)>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            link_health_columns!(),
            " FROM links WHERE discord_user_id = $1"
        ))
        .bind(id_to_db(discord_user_id))
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| Ok((link_from_row(&r)?, health_from_row(&r)?)))
            .transpose()
            .map_err(|e: sqlx::Error| StoreError::from(e))
    }

    /// Up to `limit` linked Discord ids after `cursor`, in order (marking a whole guild).
    pub async fn ids_after(self, cursor: Option<u64>, limit: i64) -> Result<Vec<u64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT discord_user_id FROM links WHERE discord_user_id > $1 ORDER BY discord_user_id LIMIT $2",
        )
        .bind(cursor.map(id_to_db).unwrap_or(i64::MIN))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(super::id_from_db).collect())
    }

    pub async fn health(self, discord_user_id: u64) -> Result<Option<LinkHealth>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            link_health_columns!(),
            " FROM links WHERE discord_user_id = $1"
        ))
        .bind(id_to_db(discord_user_id))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| health_from_row(&r)).transpose()?)
    }

    /// Records a successful re-verification: new snapshot, healthy again.
    pub async fn record_verified(self, v: &Verified<'_>) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE links SET resonite_username = $2, profile_json = $3, last_checked_at = $4,
               stale_since = NULL, stale_notified_at = NULL, pending_profile_json = $5, pending_since = $6
             WHERE discord_user_id = $1",
        )
        .bind(id_to_db(v.discord_user_id))
        .bind(v.resonite_username)
        .bind(v.profile_json)
        .bind(v.now)
        .bind(v.pending.map(|p| p.0))
        .bind(v.pending.map(|p| p.1))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Marks the link stale from `now` unless it already is; returns its health afterwards.
    pub async fn mark_stale(
        self,
        discord_user_id: u64,
        now: i64,
    ) -> Result<LinkHealth, StoreError> {
        sqlx::query(
            "UPDATE links SET stale_since = $2 WHERE discord_user_id = $1 AND stale_since IS NULL",
        )
        .bind(id_to_db(discord_user_id))
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(self.health(discord_user_id).await?.unwrap_or_default())
    }

    pub async fn mark_stale_notified(
        self,
        discord_user_id: u64,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE links SET stale_notified_at = $2 WHERE discord_user_id = $1")
            .bind(id_to_db(discord_user_id))
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// How many links Resonite stopped vouching for.
    pub async fn count_stale(self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM links WHERE stale_since IS NOT NULL")
                .fetch_one(self.pool())
                .await?,
        )
    }
}
