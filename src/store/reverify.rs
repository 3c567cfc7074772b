//! What re-verification keeps: each link's health, the sweep in progress, and leases so
//! that only one process sweeps at a time.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::links::{Link, link_from_row};
use super::{Store, StoreError, id_to_db};

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

/// The sweep in progress (or the last one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepState {
    pub started_at: i64,
    /// The last Discord user id done, in the store's order; `None` before the first.
    pub cursor: Option<i64>,
    pub finished_at: Option<i64>,
    pub checked: i64,
    pub changed: i64,
    pub failed: i64,
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

fn sweep_from_row(row: &AnyRow) -> Result<SweepState, sqlx::Error> {
    Ok(SweepState {
        started_at: row.try_get("started_at")?,
        cursor: row.try_get("cursor")?,
        finished_at: row.try_get("finished_at")?,
        checked: row.try_get("checked")?,
        changed: row.try_get("changed")?,
        failed: row.try_get("failed")?,
    })
}

impl Store {
    /// Up to `limit` links after `cursor` (a stored Discord id), in a stable order, with their
    /// health. Sweeps page through every link with it, so memory does not grow with their number.
    pub async fn links_after(
        &self,
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
    pub async fn link_with_health(
        &self,
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
    pub async fn link_ids_after(
        &self,
        cursor: Option<u64>,
        limit: i64,
    ) -> Result<Vec<u64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT discord_user_id FROM links WHERE discord_user_id > $1 ORDER BY discord_user_id LIMIT $2",
        )
        .bind(cursor.map(id_to_db).unwrap_or(i64::MIN))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(super::id_from_db).collect())
    }

    pub async fn link_health(
        &self,
        discord_user_id: u64,
    ) -> Result<Option<LinkHealth>, StoreError> {
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
    pub async fn record_verified(&self, v: &Verified<'_>) -> Result<(), StoreError> {
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
        &self,
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
        Ok(self.link_health(discord_user_id).await?.unwrap_or_default())
    }

    pub async fn mark_stale_notified(
        &self,
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

    pub async fn sweep_state(&self, name: &str) -> Result<Option<SweepState>, StoreError> {
        let row = sqlx::query("SELECT started_at, cursor, finished_at, checked, changed, failed FROM sweeps WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| sweep_from_row(&r)).transpose()?)
    }

    /// Starts a new sweep named `name` at `now`, forgetting the previous one.
    pub async fn start_sweep(&self, name: &str, now: i64) -> Result<SweepState, StoreError> {
        sqlx::query(
            "INSERT INTO sweeps (name, started_at, cursor, finished_at, checked, changed, failed)
             VALUES ($1, $2, NULL, NULL, 0, 0, 0)
             ON CONFLICT (name) DO UPDATE SET started_at = excluded.started_at, cursor = NULL,
               finished_at = NULL, checked = 0, changed = 0, failed = 0",
        )
        .bind(name)
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(SweepState {
            started_at: now,
            ..SweepState::default()
        })
    }

    /// Stores the sweep's progress: restarting resumes after `state.cursor`.
    pub async fn save_sweep(&self, name: &str, state: &SweepState) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE sweeps SET cursor = $2, finished_at = $3, checked = $4, changed = $5, failed = $6 WHERE name = $1",
        )
        .bind(name)
        .bind(state.cursor)
        .bind(state.finished_at)
        .bind(state.checked)
        .bind(state.changed)
        .bind(state.failed)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Takes (or renews) the lease `name` for `holder` until `until`, if it is free, expired,
    /// or already `holder`'s. One statement, so two processes cannot both win.
    pub async fn try_lease(
        &self,
        name: &str,
        holder: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
             WHERE leases.expires_at <= $4 OR leases.holder = excluded.holder
             RETURNING holder",
        )
        .bind(name)
        .bind(holder)
        .bind(until)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    pub async fn release_lease(&self, name: &str, holder: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// How many links Resonite stopped vouching for.
    pub async fn count_stale(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM links WHERE stale_since IS NOT NULL")
                .fetch_one(self.pool())
                .await?,
        )
    }
}
