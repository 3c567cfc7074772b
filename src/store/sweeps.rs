//! `sweeps`: re-verification's progress, so that a restart resumes the sweep it left.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::StoreError;

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

repository! {
    /// Re-verification's sweeps, by name.
    Sweeps
}

impl<'a> Sweeps<'a> {
    pub async fn state(self, name: &str) -> Result<Option<SweepState>, StoreError> {
        let row = sqlx::query("SELECT started_at, cursor, finished_at, checked, changed, failed FROM sweeps WHERE name = $1")
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map(|r| sweep_from_row(&r)).transpose()?)
    }

    /// Starts a new sweep named `name` at `now`, forgetting the previous one.
    pub async fn start(self, name: &str, now: i64) -> Result<SweepState, StoreError> {
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
    pub async fn save(self, name: &str, state: &SweepState) -> Result<(), StoreError> {
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
}
