//! A server's audit log, newest first, paged, optionally of one member only (the index
//! `audit_events_guild` of migration 0022 serves both).

use sqlx::Row;

use super::{AdminGuild, Dashboard, DashboardError};
use crate::store::{id_from_db, id_to_db};

/// Audit rows per page.
pub const AUDIT_PAGE_SIZE: u32 = 50;

/// One audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub at: i64,
    pub user_id: u64,
    pub actor_id: Option<u64>,
    pub action: String,
    pub detail: String,
}

/// One page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// 1-based.
    pub page: u32,
    pub has_next: bool,
}

const ALL: &str = "SELECT at, discord_user_id, actor_id, action, detail FROM audit_events
     WHERE guild_id = $1 AND $4 = $4
     ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3";
const OF_MEMBER: &str = "SELECT at, discord_user_id, actor_id, action, detail FROM audit_events
     WHERE guild_id = $1 AND discord_user_id = $4
     ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3";

impl Dashboard {
    /// Page `page` of the audit log of a server the admin may manage; of `member` only
    /// when given.
    pub async fn audit(
        &self,
        guild: &AdminGuild,
        member: Option<u64>,
        page: u32,
    ) -> Result<AuditPage, DashboardError> {
        let page = page.max(1);
        let size = i64::from(AUDIT_PAGE_SIZE);
        let sql = if member.is_some() { OF_MEMBER } else { ALL };
        let rows = sqlx::query(sql)
            .bind(id_to_db(guild.id))
            .bind(size + 1)
            .bind(i64::from(page - 1) * size)
            .bind(member.map_or(0, id_to_db))
            .fetch_all(self.store.pool())
            .await
            .map_err(crate::store::StoreError::from)?;
        let has_next = rows.len() as i64 > size;
        let rows = rows
            .iter()
            .take(AUDIT_PAGE_SIZE as usize)
            .map(|row| {
                let actor: Option<i64> = row.try_get("actor_id")?;
                Ok(AuditRow {
                    at: row.try_get("at")?,
                    user_id: id_from_db(row.try_get("discord_user_id")?),
                    actor_id: actor.map(id_from_db),
                    action: row.try_get("action")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(crate::store::StoreError::from)?;
        Ok(AuditPage {
            rows,
            page,
            has_next,
        })
    }
}
