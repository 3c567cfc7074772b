//! `links`: which Discord account is linked to which Resonite account.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{StoreError, id_from_db, id_to_db, is_unique_violation};

/// A stored link between one Discord user and one Resonite account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub discord_user_id: u64,
    pub resonite_user_id: String,
    pub resonite_username: String,
    /// The profile JSON as Resonite sent it at the last check.
    pub profile_json: String,
    /// Scopes granted, space separated.
    pub scopes: String,
    pub linked_at: i64,
    pub last_checked_at: i64,
}

/// The columns of `links`, as a literal so queries stay `&'static str`.
macro_rules! columns {
    () => {
        "discord_user_id, resonite_user_id, resonite_username, profile_json, scopes, linked_at, last_checked_at"
    };
}

pub(super) fn link_from_row(row: &AnyRow) -> Result<Link, sqlx::Error> {
    Ok(Link {
        discord_user_id: id_from_db(row.try_get("discord_user_id")?),
        resonite_user_id: row.try_get("resonite_user_id")?,
        resonite_username: row.try_get("resonite_username")?,
        profile_json: row.try_get("profile_json")?,
        scopes: row.try_get("scopes")?,
        linked_at: row.try_get("linked_at")?,
        last_checked_at: row.try_get("last_checked_at")?,
    })
}

repository! {
    /// The links between Discord and Resonite accounts.
    Links
}

impl<'a> Links<'a> {
    /// Stores `link`, replacing the Discord user's previous link (a relink).
    ///
    /// Refused with [`StoreError::ResoniteAccountTaken`] when the Resonite account is linked
    /// to another Discord user; the unique index makes that hold under races too.
    /// Returns the link it replaced, if any.
    pub async fn upsert(self, link: &Link) -> Result<Option<Link>, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let previous = upsert_link_in(&mut tx, link).await?;
        match tx.commit().await {
            Ok(()) => Ok(previous),
            Err(e) if is_unique_violation(&e) => Err(StoreError::ResoniteAccountTaken),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn by_discord(self, discord_user_id: u64) -> Result<Option<Link>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM links WHERE discord_user_id = $1"
        ))
        .bind(id_to_db(discord_user_id))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| link_from_row(&r)).transpose()?)
    }

    pub async fn by_resonite(self, resonite_user_id: &str) -> Result<Option<Link>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM links WHERE resonite_user_id = $1"
        ))
        .bind(resonite_user_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| link_from_row(&r)).transpose()?)
    }

    /// Deletes the Discord user's link, returning what was deleted.
    pub async fn delete(self, discord_user_id: u64) -> Result<Option<Link>, StoreError> {
        let row = sqlx::query(concat!(
            "DELETE FROM links WHERE discord_user_id = $1 RETURNING ",
            columns!(),
            ""
        ))
        .bind(id_to_db(discord_user_id))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| link_from_row(&r)).transpose()?)
    }

    pub async fn count(self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM links")
            .fetch_one(self.pool())
            .await?)
    }

    /// The link of a Resonite account, by `U-` id or by username (case-insensitive).
    pub async fn by_resonite_name_or_id(
        self,
        name_or_id: &str,
    ) -> Result<Option<super::Link>, StoreError> {
        if let Some(link) = self.by_resonite(name_or_id).await? {
            return Ok(Some(link));
        }
        let user: Option<i64> = sqlx::query_scalar(
            "SELECT discord_user_id FROM links
             WHERE LOWER(resonite_username) = LOWER($1) OR LOWER(resonite_user_id) = LOWER($1)
             ORDER BY linked_at DESC LIMIT 1",
        )
        .bind(name_or_id)
        .fetch_optional(self.pool())
        .await?;
        match user {
            Some(user) => self.by_discord(id_from_db(user)).await,
            None => Ok(None),
        }
    }

    /// Discord users whose links Resonite stopped accepting.
    pub async fn stale_users(self) -> Result<Vec<u64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT discord_user_id FROM links WHERE stale_since IS NOT NULL ORDER BY discord_user_id",
        )
        .fetch_all(self.pool())
        .await?;
        Ok(ids.into_iter().map(id_from_db).collect())
    }

    /// The locale of the `/link` that made the Discord user's link.
    pub async fn locale(self, discord_user_id: u64) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> =
            sqlx::query_scalar("SELECT locale FROM links WHERE discord_user_id = $1")
                .bind(id_to_db(discord_user_id))
                .fetch_optional(self.pool())
                .await?;
        Ok(found.flatten())
    }
}

/// Stores `link` inside the caller's write transaction; see [`Links::upsert`].
pub(super) async fn upsert_link_in(
    tx: &mut Transaction<'static, Any>,
    link: &Link,
) -> Result<Option<Link>, StoreError> {
    let owner: Option<i64> =
        sqlx::query_scalar("SELECT discord_user_id FROM links WHERE resonite_user_id = $1")
            .bind(&link.resonite_user_id)
            .fetch_optional(&mut **tx)
            .await?;
    if let Some(owner) = owner
        && id_from_db(owner) != link.discord_user_id
    {
        return Err(StoreError::ResoniteAccountTaken);
    }
    let previous = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM links WHERE discord_user_id = $1"
    ))
    .bind(id_to_db(link.discord_user_id))
    .fetch_optional(&mut **tx)
    .await?
    .map(|row| link_from_row(&row))
    .transpose()?;
    let written = sqlx::query(
            "INSERT INTO links (discord_user_id, resonite_user_id, resonite_username, profile_json, scopes, linked_at, last_checked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (discord_user_id) DO UPDATE SET
               resonite_user_id = excluded.resonite_user_id,
               resonite_username = excluded.resonite_username,
               profile_json = excluded.profile_json,
               scopes = excluded.scopes,
               linked_at = excluded.linked_at,
               last_checked_at = excluded.last_checked_at,
               stale_since = NULL,
               stale_notified_at = NULL,
               pending_profile_json = NULL,
               pending_since = NULL",
        )
        .bind(id_to_db(link.discord_user_id))
        .bind(&link.resonite_user_id)
        .bind(&link.resonite_username)
        .bind(&link.profile_json)
        .bind(&link.scopes)
        .bind(link.linked_at)
        .bind(link.last_checked_at)
        .execute(&mut **tx)
        .await;
    match written {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(StoreError::ResoniteAccountTaken),
        Err(e) => return Err(e.into()),
    }
    Ok(previous)
}

/// Keeps the `/link`'s locale with the link, inside the caller's transaction.
pub(super) async fn set_locale_in(
    tx: &mut Transaction<'static, Any>,
    discord_user_id: u64,
    locale: &str,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE links SET locale = $1 WHERE discord_user_id = $2")
        .bind(locale)
        .bind(id_to_db(discord_user_id))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes the Discord user's link inside the caller's transaction, returning it.
pub(super) async fn delete_link_in(
    tx: &mut Transaction<'static, Any>,
    discord_user_id: u64,
) -> Result<Option<Link>, StoreError> {
    let row = sqlx::query(concat!(
        "DELETE FROM links WHERE discord_user_id = $1 RETURNING ",
        columns!(),
        ""
    ))
    .bind(id_to_db(discord_user_id))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| link_from_row(&r)).transpose()?)
}
