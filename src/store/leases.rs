//! `leases`: what only one process may do at a time (sweeping, holding the bot account's
//! session and hub). Taking one is a single statement, so two processes cannot both win.

use super::StoreError;

repository! {
    /// Named leases with a holder and an expiry.
    Leases
}

impl<'a> Leases<'a> {
    /// Takes (or renews) the lease `name` for `holder` until `until`, if it is free, expired,
    /// or already `holder`'s. One statement, so two processes cannot both win.
    pub async fn take(
        self,
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

    pub async fn release(self, name: &str, holder: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
            .bind(name)
            .bind(holder)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Who holds the lease `name` at `now` (`None` when free or expired); the lease is
    /// taken with [`Leases::take`].
    pub async fn holder(self, name: &str, now: i64) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT holder FROM leases WHERE name = $1 AND expires_at > $2")
                .bind(name)
                .bind(now)
                .fetch_optional(self.pool())
                .await?,
        )
    }
}
