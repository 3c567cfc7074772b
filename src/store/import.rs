//! Many links written at once, in one transaction: what a world seeds before the bot
//! starts (tests, the demo, the benchmark's tens of thousands of members).

use super::refresh_tokens::put_refresh_token_in;
use super::{Link, Links, Sealed, StoreError, id_to_db};

/// One link to import, with its sealed refresh token if it has one.
#[derive(Debug, Clone)]
pub struct ImportedLink {
    pub link: Link,
    pub token: Option<Sealed>,
}

impl<'a> Links<'a> {
    /// Inserts `links` (and their tokens) in one transaction; a Discord user or Resonite
    /// account already linked fails the whole import.
    pub async fn import(self, links: &[ImportedLink], now: i64) -> Result<(), StoreError> {
        let mut tx = self.store.begin_write().await?;
        for ImportedLink { link, token } in links {
            sqlx::query(
                "INSERT INTO links (discord_user_id, resonite_user_id, resonite_username, profile_json, scopes, linked_at, last_checked_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id_to_db(link.discord_user_id))
            .bind(&link.resonite_user_id)
            .bind(&link.resonite_username)
            .bind(&link.profile_json)
            .bind(&link.scopes)
            .bind(link.linked_at)
            .bind(link.last_checked_at)
            .execute(&mut *tx)
            .await?;
            if let Some(sealed) = token {
                put_refresh_token_in(&mut tx, link.discord_user_id, sealed, now).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
