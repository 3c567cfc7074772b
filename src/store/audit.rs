//! `audit_events`: what happened to whom, when, and by whom.

use std::fmt;

use sqlx::{AnyConnection, Row};

use super::{StoreError, id_from_db, id_to_db};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Linked,
    Relinked,
    Unlinked,
    LinkRefused,
    RoleAdded,
    RoleRemoved,
    RoleFailed,
    NicknameChanged,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Linked => "linked",
            Self::Relinked => "relinked",
            Self::Unlinked => "unlinked",
            Self::LinkRefused => "link_refused",
            Self::RoleAdded => "role_added",
            Self::RoleRemoved => "role_removed",
            Self::RoleFailed => "role_failed",
            Self::NicknameChanged => "nickname_changed",
        }
    }
}

impl fmt::Display for AuditAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub at: i64,
    pub guild_id: Option<u64>,
    pub discord_user_id: u64,
    /// Who caused it: the member, an admin, or `None` for the bot itself.
    pub actor_id: Option<u64>,
    pub action: String,
    pub detail: String,
}

/// How long an unlinked member's audit rows keep the Resonite account (name and id) and
/// nickname they name: 30 days after the last link or unlink, then only the event stays.
pub const UNLINKED_AUDIT_RETENTION_SECS: i64 = 30 * 86_400;

repository! {
    /// The audit log.
    Audit
}

impl<'a> Audit<'a> {
    /// Pseudonymises the audit rows of members who are no longer linked and whose last
    /// link or unlink is older than [`UNLINKED_AUDIT_RETENTION_SECS`]: the rows stay (with
    /// their time, guild, Discord user and action, for counts and charts), their detail
    /// naming the Resonite account goes. Idempotent; the number of rows changed.
    pub async fn pseudonymise_unlinked(self, now: i64) -> Result<u64, StoreError> {
        let cutoff = now - UNLINKED_AUDIT_RETENTION_SECS;
        // The actions whose detail names a Resonite account, or a nickname taken from one.
        let done = sqlx::query(
            "UPDATE audit_events SET detail = ''
             WHERE detail <> '' AND action IN ('linked', 'relinked', 'unlinked', 'nickname_changed')
               AND NOT EXISTS (SELECT 1 FROM links l
                               WHERE l.discord_user_id = audit_events.discord_user_id)
               AND NOT EXISTS (SELECT 1 FROM audit_events recent
                               WHERE recent.discord_user_id = audit_events.discord_user_id
                                 AND recent.action IN ('linked', 'relinked', 'unlinked')
                                 AND recent.at > $1)",
        )
        .bind(cutoff)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    pub async fn record(
        self,
        at: i64,
        guild_id: Option<u64>,
        discord_user_id: u64,
        actor_id: Option<u64>,
        action: AuditAction,
        detail: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        record_audit_in(
            &mut conn,
            at,
            guild_id,
            discord_user_id,
            actor_id,
            action,
            detail,
        )
        .await
    }

    /// The user's events, oldest first.
    pub async fn for_user(self, discord_user_id: u64) -> Result<Vec<AuditEvent>, StoreError> {
        let rows = sqlx::query(
            "SELECT at, guild_id, discord_user_id, actor_id, action, detail FROM audit_events
             WHERE discord_user_id = $1 ORDER BY id",
        )
        .bind(id_to_db(discord_user_id))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AuditEvent {
                    at: row.try_get("at")?,
                    guild_id: row.try_get::<Option<i64>, _>("guild_id")?.map(id_from_db),
                    discord_user_id: id_from_db(row.try_get("discord_user_id")?),
                    actor_id: row.try_get::<Option<i64>, _>("actor_id")?.map(id_from_db),
                    action: row.try_get("action")?,
                    detail: row.try_get("detail")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }
}

/// One audit row on the caller's connection (or inside its transaction).
pub(super) async fn record_audit_in(
    conn: &mut AnyConnection,
    at: i64,
    guild_id: Option<u64>,
    discord_user_id: u64,
    actor_id: Option<u64>,
    action: AuditAction,
    detail: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (at, guild_id, discord_user_id, actor_id, action, detail)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(guild_id.map(id_to_db))
    .bind(id_to_db(discord_user_id))
    .bind(actor_id.map(id_to_db))
    .bind(action.as_str())
    .bind(detail)
    .execute(conn)
    .await?;
    Ok(())
}
