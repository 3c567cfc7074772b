//! `link_tokens`: each linked member's Resonite refresh token, sealed (see [`crate::tokens`]).
//!
//! The store never sees a plaintext token: it keeps a [`Sealed`] value (key id and
//! ciphertext) per Discord user. A row belongs to a `links` row and goes with it:
//! `ON DELETE CASCADE` (SQLite enforces it because `Store::connect` turns on
//! `foreign_keys` for every connection).

use sqlx::{AnyConnection, Row};

use super::Sealed;
use super::{StoreError, id_from_db, id_to_db};

repository! {
    /// Each link's sealed refresh token.
    RefreshTokens
}

impl<'a> RefreshTokens<'a> {
    /// Stores (or replaces) the member's sealed refresh token.
    ///
    /// The member must be linked: without a `links` row the foreign key refuses the
    /// insert and this returns [`StoreError::Database`].
    pub async fn put(
        self,
        discord_user_id: u64,
        sealed: &Sealed,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        put_refresh_token_in(&mut conn, discord_user_id, sealed, now).await
    }

    /// The member's sealed refresh token, if one is stored.
    pub async fn get(self, discord_user_id: u64) -> Result<Option<Sealed>, StoreError> {
        let row =
            sqlx::query("SELECT key_id, ciphertext FROM link_tokens WHERE discord_user_id = $1")
                .bind(id_to_db(discord_user_id))
                .fetch_optional(self.pool())
                .await?;
        row.map(|r| {
            Ok(Sealed {
                key_id: r.try_get("key_id")?,
                ciphertext: r.try_get("ciphertext")?,
            })
        })
        .transpose()
    }

    /// Forgets the member's refresh token; `true` when there was one.
    pub async fn delete(self, discord_user_id: u64) -> Result<bool, StoreError> {
        let mut conn = self.pool().acquire().await?;
        delete_refresh_token_in(&mut conn, discord_user_id).await
    }

    pub async fn count(self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM link_tokens")
            .fetch_one(self.pool())
            .await?)
    }

    /// Tokens sealed under any key but `current_key_id` (an old key, or one now unknown).
    pub async fn count_not_under(self, current_key_id: &str) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM link_tokens WHERE key_id <> $1")
                .bind(current_key_id)
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// Up to `limit` tokens sealed under `key_id`, in user order after `after` (a cursor:
    /// the last user of the previous page).
    pub async fn under(
        self,
        key_id: &str,
        after: Option<u64>,
        limit: i64,
    ) -> Result<Vec<(u64, Sealed)>, StoreError> {
        // The first page starts at the lowest id the column can hold.
        let query = match after {
            Some(_) => {
                "SELECT discord_user_id, key_id, ciphertext FROM link_tokens
                 WHERE key_id = $1 AND discord_user_id > $2
                 ORDER BY discord_user_id LIMIT $3"
            }
            None => {
                "SELECT discord_user_id, key_id, ciphertext FROM link_tokens
                 WHERE key_id = $1 AND discord_user_id >= $2
                 ORDER BY discord_user_id LIMIT $3"
            }
        };
        let rows = sqlx::query(query)
            .bind(key_id)
            .bind(after.map_or(i64::MIN, id_to_db))
            .bind(limit)
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    id_from_db(r.try_get("discord_user_id")?),
                    Sealed {
                        key_id: r.try_get("key_id")?,
                        ciphertext: r.try_get("ciphertext")?,
                    },
                ))
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Replaces the member's token with `new` only if it is still `old` (a rotation by
    /// re-verification in between wins); `true` when replaced.
    pub async fn replace(
        self,
        discord_user_id: u64,
        old: &Sealed,
        new: &Sealed,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE link_tokens SET key_id = $1, ciphertext = $2
             WHERE discord_user_id = $3 AND key_id = $4 AND ciphertext = $5",
        )
        .bind(&new.key_id)
        .bind(&new.ciphertext)
        .bind(id_to_db(discord_user_id))
        .bind(&old.key_id)
        .bind(&old.ciphertext)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

pub(super) async fn put_refresh_token_in(
    conn: &mut AnyConnection,
    discord_user_id: u64,
    sealed: &Sealed,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO link_tokens (discord_user_id, key_id, ciphertext, updated_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (discord_user_id) DO UPDATE SET
           key_id = excluded.key_id,
           ciphertext = excluded.ciphertext,
           updated_at = excluded.updated_at",
    )
    .bind(id_to_db(discord_user_id))
    .bind(&sealed.key_id)
    .bind(&sealed.ciphertext)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub(super) async fn delete_refresh_token_in(
    conn: &mut AnyConnection,
    discord_user_id: u64,
) -> Result<bool, StoreError> {
    let done = sqlx::query("DELETE FROM link_tokens WHERE discord_user_id = $1")
        .bind(id_to_db(discord_user_id))
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Keeps `sealed` as the member's token, or with `None` forgets any older one.
pub(super) async fn keep_refresh_token_in(
    conn: &mut AnyConnection,
    discord_user_id: u64,
    sealed: Option<&Sealed>,
    now: i64,
) -> Result<(), StoreError> {
    match sealed {
        Some(sealed) => put_refresh_token_in(conn, discord_user_id, sealed, now).await,
        None => delete_refresh_token_in(conn, discord_user_id)
            .await
            .map(drop),
    }
}
