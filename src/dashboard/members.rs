//! A server's linked members, for the members page and its CSV export: searched by Resonite
//! name, `U-` id or Discord id, paged, each with what the bot did for them here.

use std::collections::{BTreeMap, BTreeSet};

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::store::{Store, StoreError, id_from_db, id_to_db};

/// Members per page.
pub const PAGE_SIZE: u32 = 50;
/// The longest search accepted (longer is cut).
const MAX_QUERY_CHARS: usize = 100;

/// One linked member of a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub discord_user_id: u64,
    pub resonite_user_id: String,
    pub resonite_username: String,
    pub linked_at: i64,
    pub last_verified_at: i64,
    pub stale: bool,
    /// The roles the bot gave here and has not taken back, from the audit.
    pub roles: Vec<u64>,
    pub queue: QueueState,
}

/// Where the member's role changes stand in this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueState {
    /// Nothing waiting.
    Done,
    /// Waiting to be applied (or being retried).
    Pending,
    /// Failed for a day; waits for a retry.
    Failed { error: Option<String> },
}

/// One page of members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberPage {
    pub rows: Vec<MemberRow>,
    /// 1-based.
    pub page: u32,
    pub has_next: bool,
}

/// What a search matches: a name part (case-insensitive), or an exact id.
fn pattern(query: &str) -> (String, String) {
    let q: String = query.trim().chars().take(MAX_QUERY_CHARS).collect();
    let escaped: String = q
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    (q, format!("%{escaped}%"))
}

/// Members linked and seen in this server (linked here, or given a role here).
const MEMBERS: &str =
    "SELECT l.discord_user_id, l.resonite_user_id, l.resonite_username, l.linked_at,
        l.last_checked_at, l.stale_since, p.failed_at, p.last_error,
        CASE WHEN p.guild_id IS NULL THEN 0 ELSE 1 END AS queued
     FROM links l
     LEFT JOIN pending_reconciles p ON p.guild_id = $1 AND p.discord_user_id = l.discord_user_id
     WHERE EXISTS (SELECT 1 FROM audit_events a
                   WHERE a.guild_id = $1 AND a.discord_user_id = l.discord_user_id)
       AND ($2 = '' OR LOWER(l.resonite_username) LIKE $3 ESCAPE '\\'
            OR LOWER(l.resonite_user_id) = LOWER($2)
            OR CAST(l.discord_user_id AS TEXT) = $2)
     ORDER BY l.linked_at DESC, l.discord_user_id
     LIMIT $4 OFFSET $5";

fn member(row: &AnyRow) -> Result<MemberRow, StoreError> {
    let stale: Option<i64> = row.try_get("stale_since")?;
    let failed: Option<i64> = row.try_get("failed_at")?;
    let queued: i64 = row.try_get("queued")?;
    let queue = match (queued, failed) {
        (0, _) => QueueState::Done,
        (_, Some(_)) => QueueState::Failed {
            error: row.try_get("last_error")?,
        },
        _ => QueueState::Pending,
    };
    Ok(MemberRow {
        discord_user_id: id_from_db(row.try_get("discord_user_id")?),
        resonite_user_id: row.try_get("resonite_user_id")?,
        resonite_username: row.try_get("resonite_username")?,
        linked_at: row.try_get("linked_at")?,
        last_verified_at: row.try_get("last_checked_at")?,
        stale: stale.is_some(),
        roles: Vec::new(),
        queue,
    })
}

/// Page `page` (1-based) of the members of `guild_id` matching `query`, `size` a page.
pub(super) async fn page(
    store: &Store,
    guild_id: u64,
    query: &str,
    page: u32,
    size: u32,
) -> Result<MemberPage, StoreError> {
    let page = page.max(1);
    let (q, like) = pattern(query);
    let rows = sqlx::query(MEMBERS)
        .bind(id_to_db(guild_id))
        .bind(&q)
        .bind(&like)
        .bind(i64::from(size) + 1)
        .bind(i64::from(page - 1) * i64::from(size))
        .fetch_all(store.pool())
        .await?;
    let has_next = rows.len() > size as usize;
    let mut members = rows
        .iter()
        .take(size as usize)
        .map(member)
        .collect::<Result<Vec<_>, _>>()?;
    with_roles(store, guild_id, &mut members).await?;
    Ok(MemberPage {
        rows: members,
        page,
        has_next,
    })
}

/// Fills in the roles the bot gave each member here: the last add or remove of each role
/// in the audit decides.
async fn with_roles(
    store: &Store,
    guild_id: u64,
    members: &mut [MemberRow],
) -> Result<(), StoreError> {
    for m in members.iter_mut() {
        let rows = sqlx::query(
            "SELECT action, detail FROM audit_events
             WHERE discord_user_id = $1 AND guild_id = $2 AND action IN ('role_added', 'role_removed')
             ORDER BY at, id",
        )
        .bind(id_to_db(m.discord_user_id))
        .bind(id_to_db(guild_id))
        .fetch_all(store.pool())
        .await?;
        let mut held: BTreeMap<u64, bool> = BTreeMap::new();
        for row in rows {
            let action: String = row.try_get("action")?;
            let detail: String = row.try_get("detail")?;
            if let Some(role) = role_of(&detail) {
                held.insert(role, action == "role_added");
            }
        }
        let roles: BTreeSet<u64> = held
            .into_iter()
            .filter(|(_, h)| *h)
            .map(|(r, _)| r)
            .collect();
        m.roles = roles.into_iter().collect();
    }
    Ok(())
}

/// The role an audit row's detail names (`role 123: …`).
pub(super) fn role_of(detail: &str) -> Option<u64> {
    let rest = detail.strip_prefix("role ")?;
    let end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// Whether `user_id` is a linked member of `guild_id` as the members page lists them.
pub(super) async fn is_listed(
    store: &Store,
    guild_id: u64,
    user_id: u64,
) -> Result<bool, StoreError> {
    let found = page(store, guild_id, &user_id.to_string(), 1, 1).await?;
    Ok(found.rows.iter().any(|r| r.discord_user_id == user_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_a_literal_part_of_a_name() {
        assert_eq!(pattern("  Ann "), ("Ann".into(), "%ann%".into()));
        assert_eq!(
            pattern("50%_off"),
            ("50%_off".into(), "%50\\%\\_off%".into())
        );
        assert_eq!(pattern(&"x".repeat(300)).0.len(), MAX_QUERY_CHARS);
    }

    #[test]
    fn the_role_of_an_audit_row_is_its_leading_id() {
        assert_eq!(
            role_of("role 810000000000000104: linked"),
            Some(810_000_000_000_000_104)
        );
        assert_eq!(role_of("nickname set"), None);
    }
}
