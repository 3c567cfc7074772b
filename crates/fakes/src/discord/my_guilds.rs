//! `GET /users/@me/guilds` (Discord's `list_my_guilds`): the servers of the user behind a
//! Bearer token with the `guilds` scope, or of the bot with the bot token. Each carries the
//! caller's guild-level `permissions` (from `@everyone` and their roles; the owner and an
//! Administrator hold all) and `owner`. Paged by `after` and `limit` (1-200, default 200),
//! oldest id first, as Discord pages it.

use serde_json::{Value, json};

use super::oauth::form;
use super::state::{ADMINISTRATOR, FakeGuild, State};

/// The path, as recorded (without the query).
pub(super) const PATH: &str = "/api/v10/users/@me/guilds";
/// Every permission bit Discord defines today: what the owner and Administrators get.
const ALL_PERMISSIONS: u64 = (1 << 51) - 1;

/// The guild-level permissions of `user_id` in `guild`; `None` when not a member.
fn permissions(guild_id: u64, guild: &FakeGuild, user_id: u64) -> Option<u64> {
    // The owner is always a member, even when the world did not add them as one.
    if guild.owner_id == user_id {
        return Some(ALL_PERMISSIONS);
    }
    let member = guild.members.get(&user_id)?;
    let bits = member
        .roles
        .iter()
        .chain(std::iter::once(&guild_id))
        .filter_map(|id| guild.roles.get(id))
        .fold(0, |acc, r| acc | r.permissions);
    Some(if bits & ADMINISTRATOR != 0 {
        ALL_PERMISSIONS
    } else {
        bits
    })
}

/// The page of `user_id`'s servers that `query` asks for.
pub(super) fn list(state: &State, user_id: u64, query: Option<&str>) -> Value {
    let params = form(query.unwrap_or("").trim_start_matches('&'));
    let after: u64 = params
        .get("after")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let limit: usize = params
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(200)
        .clamp(1, 200);
    let guilds: Vec<Value> = state
        .guilds
        .range(after.saturating_add(1)..)
        .filter_map(|(id, guild)| {
            let permissions = permissions(*id, guild, user_id)?;
            Some(json!({
                "id": id.to_string(),
                "name": guild.name,
                "icon": null,
                "banner": null,
                "owner": guild.owner_id == user_id,
                "permissions": permissions.to_string(),
                "features": [],
            }))
        })
        .take(limit)
        .collect();
    Value::Array(guilds)
}
