//! What a server's overview shows: how many of its members are linked, stale links, role
//! changes still pending or failed, its rules, and links and unlinks per day from the audit.

use sqlx::Row;

use crate::store::{Store, StoreError, id_to_db};

/// Days the activity chart covers.
pub const CHART_DAYS: i64 = 90;
const DAY: i64 = 86_400;

/// One day of the activity chart (`day`: Unix seconds at 00:00 UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayCount {
    pub day: i64,
    pub links: u64,
    pub unlinks: u64,
}

/// A server's figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    /// Linked members seen in this server (linked here, or given a role here).
    pub linked: u64,
    /// Of them, links whose profile could not be read again for a while.
    pub stale: u64,
    /// Members whose roles are still to be applied here.
    pub pending: u64,
    /// Members whose role changes failed for a day and wait for a retry.
    pub failed: u64,
    pub rules: u64,
    /// The last [`CHART_DAYS`] days, oldest first, every day present.
    pub activity: Vec<DayCount>,
}

fn count(row: &sqlx::any::AnyRow, column: &str) -> Result<u64, StoreError> {
    let n: i64 = row.try_get(column)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// The figures of `guild_id` at `now`.
pub(super) async fn overview(
    store: &Store,
    guild_id: u64,
    now: i64,
) -> Result<Overview, StoreError> {
    let guild = id_to_db(guild_id);
    let pool = store.pool();
    let links = sqlx::query(
        "SELECT COUNT(*) AS linked,
                COALESCE(SUM(CASE WHEN l.stale_since IS NOT NULL THEN 1 ELSE 0 END), 0) AS stale
         FROM links l
         WHERE EXISTS (SELECT 1 FROM audit_events a
                       WHERE a.guild_id = $1 AND a.discord_user_id = l.discord_user_id)",
    )
    .bind(guild)
    .fetch_one(pool)
    .await?;
    let queue = sqlx::query(
        "SELECT COALESCE(SUM(CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END), 0) AS pending,
                COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed
         FROM pending_reconciles WHERE guild_id = $1",
    )
    .bind(guild)
    .fetch_one(pool)
    .await?;
    let rules = sqlx::query("SELECT COUNT(*) AS rules FROM role_rules WHERE guild_id = $1")
        .bind(guild)
        .fetch_one(pool)
        .await?;
    Ok(Overview {
        linked: count(&links, "linked")?,
        stale: count(&links, "stale")?,
        pending: count(&queue, "pending")?,
        failed: count(&queue, "failed")?,
        rules: count(&rules, "rules")?,
        activity: activity(store, guild_id, now).await?,
    })
}

/// Links and unlinks per day in `guild_id` over the last [`CHART_DAYS`] days.
async fn activity(store: &Store, guild_id: u64, now: i64) -> Result<Vec<DayCount>, StoreError> {
    let today = now - now.rem_euclid(DAY);
    let first = today - (CHART_DAYS - 1) * DAY;
    let rows = sqlx::query(
        "SELECT at - (at % 86400) AS day,
                COALESCE(SUM(CASE WHEN action IN ('linked', 'relinked') THEN 1 ELSE 0 END), 0) AS links,
                COALESCE(SUM(CASE WHEN action = 'unlinked' THEN 1 ELSE 0 END), 0) AS unlinks
         FROM audit_events
         WHERE guild_id = $1 AND at >= $2 AND action IN ('linked', 'relinked', 'unlinked')
         GROUP BY at - (at % 86400)",
    )
    .bind(id_to_db(guild_id))
    .bind(first)
    .fetch_all(store.pool())
    .await?;
    let mut days: Vec<DayCount> = (0..CHART_DAYS)
        .map(|i| DayCount {
            day: first + i * DAY,
            links: 0,
            unlinks: 0,
        })
        .collect();
    for row in rows {
        let day: i64 = row.try_get("day")?;
        let index = (day - first) / DAY;
        if let Some(slot) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) {
            slot.links = count(&row, "links")?;
            slot.unlinks = count(&row, "unlinks")?;
        }
    }
    Ok(days)
}
