//! `link_tokens`: each linked member's Resonite refresh token, sealed (see [`crate::tokens`]).
//!
//! The store never sees a plaintext token: it keeps a [`Sealed`] value (key id and
//! ciphertext) per Discord user. A row belongs to a `links` row and goes with it:
//! `ON DELETE CASCADE` (SQLite enforces it because `Store::connect` turns on
//! `foreign_keys` for every connection).

use sqlx::{AnyConnection, Row};

use super::{Store, StoreError, id_to_db};
use crate::tokens::Sealed;

impl Store {
    /// Stores (or replaces) the member's sealed refresh token.
    ///
    /// The member must be linked: without a `links` row the foreign key refuses the
    /// insert and this returns [`StoreError::Database`].
    pub async fn put_refresh_token(
        &self,
        discord_user_id: u64,
        sealed: &Sealed,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        put_refresh_token_in(&mut conn, discord_user_id, sealed, now).await
    }

    /// The member's sealed refresh token, if one is stored.
    pub async fn refresh_token(&self, discord_user_id: u64) -> Result<Option<Sealed>, StoreError> {
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
    pub async fn delete_refresh_token(&self, discord_user_id: u64) -> Result<bool, StoreError> {
        let mut conn = self.pool().acquire().await?;
        delete_refresh_token_in(&mut conn, discord_user_id).await
    }

    pub async fn count_refresh_tokens(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM link_tokens")
            .fetch_one(self.pool())
            .await?)
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
