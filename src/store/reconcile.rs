//! `pending_reconciles`: the members whose roles must be brought to what they earn.
//!
//! One row per (guild, member). Marking again while a row is pending coalesces: the row's
//! due time moves earlier if the new mark is sooner, and its generation goes up so that a
//! worker busy with the older state leaves the row due instead of deleting it. Workers
//! claim due rows with a short lease that the holder renews while it works (and
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL), so processes sharing one database never work
//! on the same row at once, and a killed holder's rows are taken over once the lease runs
//! out.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{Backend, StoreError, id_from_db, id_to_db};
use crate::config::Secret;

/// A request to reconcile one member of one guild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileMark {
    pub guild_id: u64,
    pub user_id: u64,
    /// Why, in the stored vocabulary of [`crate::roles::SyncCause`].
    pub cause: String,
    pub actor_id: Option<u64>,
    /// The `/link` reply to edit once the roles are applied.
    pub reply_token: Option<Secret>,
    pub due_at_ms: i64,
}

/// A row a worker claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedReconcile {
    pub guild_id: u64,
    pub user_id: u64,
    pub generation: i64,
    pub attempts: i64,
    pub first_failed_at: Option<i64>,
    pub cause: String,
    pub actor_id: Option<u64>,
    pub reply_token: Option<Secret>,
    /// The `/link`'s locale: the language its reply is edited in.
    pub reply_locale: Option<String>,
    /// The username of the account the link replaced, for the reply's first line.
    pub reply_replaced: Option<String>,
    pub marked_at: i64,
}

/// A row kept after a day of failures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedReconcile {
    pub guild_id: u64,
    pub user_id: u64,
    pub last_error: String,
    pub failed_at: i64,
}

/// How a claimed row goes back to waiting after a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileRetry<'a> {
    pub due_at_ms: i64,
    pub attempts: i64,
    pub first_failed_at: i64,
    pub last_error: &'a str,
    /// Set when the row gives up: it stays, as failed, until marked again.
    pub failed_at: Option<i64>,
}

/// The shards of this process: only guilds with `(guild_id >> 22) % total` in
/// `first..=last` are claimed (Discord's own guild-to-shard rule).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardFilter {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

const UPSERT: &str = "INSERT INTO pending_reconciles (guild_id, discord_user_id, due_at_ms, cause, actor_id, reply_token, marked_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (guild_id, discord_user_id) DO UPDATE SET
       due_at_ms = CASE WHEN pending_reconciles.failed_at IS NOT NULL OR excluded.due_at_ms < pending_reconciles.due_at_ms
                        THEN excluded.due_at_ms ELSE pending_reconciles.due_at_ms END,
       generation = pending_reconciles.generation + 1,
       attempts = CASE WHEN pending_reconciles.failed_at IS NULL THEN pending_reconciles.attempts ELSE 0 END,
       first_failed_at = CASE WHEN pending_reconciles.failed_at IS NULL THEN pending_reconciles.first_failed_at ELSE NULL END,
       failed_at = NULL,
       cause = excluded.cause,
       actor_id = excluded.actor_id,
       reply_token = COALESCE(excluded.reply_token, pending_reconciles.reply_token),
       marked_at = excluded.marked_at";

fn claimed_from_row(row: &AnyRow) -> Result<ClaimedReconcile, sqlx::Error> {
    Ok(ClaimedReconcile {
        guild_id: id_from_db(row.try_get("guild_id")?),
        user_id: id_from_db(row.try_get("discord_user_id")?),
        generation: row.try_get("generation")?,
        attempts: row.try_get("attempts")?,
        first_failed_at: row.try_get("first_failed_at")?,
        cause: row.try_get("cause")?,
        actor_id: row.try_get::<Option<i64>, _>("actor_id")?.map(id_from_db),
        reply_token: row
            .try_get::<Option<String>, _>("reply_token")?
            .map(Secret::new),
        reply_locale: row.try_get("reply_locale")?,
        reply_replaced: row.try_get("reply_replaced")?,
        marked_at: row.try_get("marked_at")?,
    })
}

repository! {
    /// The queue of members to reconcile.
    ReconcileQueue
}

impl<'a> ReconcileQueue<'a> {
    /// Records that each member needs reconciling (one transaction for all of them).
    pub async fn mark(self, marks: &[ReconcileMark], now: i64) -> Result<(), StoreError> {
        if marks.is_empty() {
            return Ok(());
        }
        let mut tx = self.store.begin_write().await?;
        for mark in marks {
            mark_in(&mut tx, mark, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Claims up to `limit` due rows for `holder` until `claim_until_ms`.
    pub async fn claim(
        self,
        holder: &str,
        now_ms: i64,
        claim_until_ms: i64,
        limit: i64,
        shards: Option<ShardFilter>,
    ) -> Result<Vec<ClaimedReconcile>, StoreError> {
        let shard_clause = match shards {
            Some(_) => " AND ((guild_id >> 22) % $5) BETWEEN $6 AND $7",
            None => "",
        };
        let lock = match self.store.backend() {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE pending_reconciles SET claimed_by = $1, claim_expires_ms = $2
             WHERE (guild_id, discord_user_id) IN (
               SELECT guild_id, discord_user_id FROM pending_reconciles
               WHERE due_at_ms <= $3 AND failed_at IS NULL
                 AND (claim_expires_ms IS NULL OR claim_expires_ms <= $3){shard_clause}
               ORDER BY due_at_ms LIMIT $4{lock})
             AND (claim_expires_ms IS NULL OR claim_expires_ms <= $3)
             RETURNING guild_id, discord_user_id, generation, attempts, first_failed_at, cause, actor_id, reply_token,
               reply_locale, reply_replaced, marked_at"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(holder)
            .bind(claim_until_ms)
            .bind(now_ms)
            .bind(limit);
        if let Some(s) = shards {
            query = query
                .bind(i64::from(s.total.max(1)))
                .bind(i64::from(s.first))
                .bind(i64::from(s.last));
        }
        let rows = query.fetch_all(self.pool()).await?;
        Ok(rows
            .iter()
            .map(claimed_from_row)
            .collect::<Result<Vec<_>, _>>()?)
    }

    /// The member's roles match: deletes the row if nobody marked it since it was claimed
    /// (returns true); otherwise releases the claim so the newer mark runs (returns false).
    /// A holder whose claim was taken over (it expired) deletes nothing.
    pub async fn finish(
        self,
        claimed: &ClaimedReconcile,
        holder: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM pending_reconciles
             WHERE guild_id = $1 AND discord_user_id = $2 AND generation = $3 AND claimed_by = $4",
        )
        .bind(id_to_db(claimed.guild_id))
        .bind(id_to_db(claimed.user_id))
        .bind(claimed.generation)
        .bind(holder)
        .execute(self.pool())
        .await?;
        if done.rows_affected() > 0 {
            return Ok(true);
        }
        // Marked again meanwhile: run once more. The reply, if any, has been edited.
        sqlx::query(
            "UPDATE pending_reconciles SET claimed_by = NULL, claim_expires_ms = NULL,
               reply_token = CASE WHEN reply_token = $4 THEN NULL ELSE reply_token END
             WHERE guild_id = $1 AND discord_user_id = $2 AND claimed_by = $3",
        )
        .bind(id_to_db(claimed.guild_id))
        .bind(id_to_db(claimed.user_id))
        .bind(holder)
        .bind(claimed.reply_token.as_ref().map_or("", Secret::expose))
        .execute(self.pool())
        .await?;
        Ok(false)
    }

    /// Puts a claimed row back to wait after a failure (or as failed for good).
    pub async fn retry(
        self,
        claimed: &ClaimedReconcile,
        holder: &str,
        retry: &ReconcileRetry<'_>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE pending_reconciles SET
               due_at_ms = CASE WHEN generation = $1 THEN $2 ELSE due_at_ms END,
               attempts = $3, first_failed_at = $4, last_error = $5,
               failed_at = CASE WHEN generation = $1 THEN $6 ELSE NULL END,
               claimed_by = NULL, claim_expires_ms = NULL
             WHERE guild_id = $7 AND discord_user_id = $8 AND claimed_by = $9",
        )
        .bind(claimed.generation)
        .bind(retry.due_at_ms)
        .bind(retry.attempts)
        .bind(retry.first_failed_at)
        .bind(retry.last_error)
        .bind(retry.failed_at)
        .bind(id_to_db(claimed.guild_id))
        .bind(id_to_db(claimed.user_id))
        .bind(holder)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Forgets the reply token of a row (the reply was edited, or the token is gone).
    pub async fn clear_reply(self, guild_id: u64, user_id: u64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE pending_reconciles SET reply_token = NULL WHERE guild_id = $1 AND discord_user_id = $2",
        )
        .bind(id_to_db(guild_id))
        .bind(id_to_db(user_id))
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Extends every claim `holder` still has to `claim_until_ms` (the holder is alive and
    /// working on them); returns how many. A claim another process took over is not its own
    /// any more and stays as it is.
    pub async fn renew_claims(self, holder: &str, claim_until_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE pending_reconciles SET claim_expires_ms = $2 WHERE claimed_by = $1",
        )
        .bind(holder)
        .bind(claim_until_ms)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// Gives back every claim of `holder` (shutdown), leaving the rows due.
    pub async fn release_claims(self, holder: &str) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE pending_reconciles SET claimed_by = NULL, claim_expires_ms = NULL WHERE claimed_by = $1",
        )
        .bind(holder)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// When the next unfailed row is due, if any (for the worker's sleep).
    pub async fn next_due_ms(self) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(due_at_ms) FROM pending_reconciles WHERE failed_at IS NULL",
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// Rows still waiting (not failed), across every guild or one.
    pub async fn count_pending(self, guild_id: Option<u64>) -> Result<i64, StoreError> {
        let count = match guild_id {
            Some(guild) => sqlx::query_scalar(
                "SELECT COUNT(*) FROM pending_reconciles WHERE failed_at IS NULL AND guild_id = $1",
            )
            .bind(id_to_db(guild))
            .fetch_one(self.pool())
            .await?,
            None => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM pending_reconciles WHERE failed_at IS NULL",
                )
                .fetch_one(self.pool())
                .await?
            }
        };
        Ok(count)
    }

    /// Rows kept as failed, across every guild.
    pub async fn count_failed(self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM pending_reconciles WHERE failed_at IS NOT NULL",
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// Rows of a guild that gave up after a day of failures.
    pub async fn failed(self, guild_id: u64) -> Result<Vec<FailedReconcile>, StoreError> {
        let rows = sqlx::query(
            "SELECT guild_id, discord_user_id, last_error, failed_at FROM pending_reconciles
             WHERE guild_id = $1 AND failed_at IS NOT NULL ORDER BY failed_at",
        )
        .bind(id_to_db(guild_id))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(FailedReconcile {
                    guild_id: id_from_db(row.try_get("guild_id")?),
                    user_id: id_from_db(row.try_get("discord_user_id")?),
                    last_error: row
                        .try_get::<Option<String>, _>("last_error")?
                        .unwrap_or_default(),
                    failed_at: row.try_get("failed_at")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}

/// One mark inside a caller's transaction (a completed link marks with the link itself).
pub(super) async fn mark_in(
    tx: &mut Transaction<'static, Any>,
    mark: &ReconcileMark,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(UPSERT)
        .bind(id_to_db(mark.guild_id))
        .bind(id_to_db(mark.user_id))
        .bind(mark.due_at_ms)
        .bind(&mark.cause)
        .bind(mark.actor_id.map(id_to_db))
        .bind(mark.reply_token.as_ref().map(Secret::expose))
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Says, inside the caller's transaction, how the `/link` reply a member's row carries is to
/// be worded: in `locale`, naming the `replaced` account.
pub(super) async fn describe_reply_in(
    tx: &mut Transaction<'static, Any>,
    guild_id: u64,
    user_id: u64,
    (locale, replaced): (Option<&str>, Option<&str>),
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE pending_reconciles SET reply_locale = $1, reply_replaced = $2
         WHERE guild_id = $3 AND discord_user_id = $4",
    )
    .bind(locale)
    .bind(replaced)
    .bind(id_to_db(guild_id))
    .bind(id_to_db(user_id))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Holds the member's due marks under `hold` (a claim holder and its expiry) inside the
/// caller's transaction, unless another holder's claim is still running at `now_ms`.
pub(super) async fn hold_member_in(
    tx: &mut Transaction<'static, Any>,
    user_id: u64,
    (holder, until_ms): (&str, i64),
    now_ms: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE pending_reconciles SET claimed_by = $1, claim_expires_ms = $2
         WHERE discord_user_id = $3 AND (claim_expires_ms IS NULL OR claim_expires_ms <= $4)",
    )
    .bind(holder)
    .bind(until_ms)
    .bind(id_to_db(user_id))
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
