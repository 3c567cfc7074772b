//! JSON payloads shaped the way Discord's REST API returns them: snowflakes and
//! permission bit sets as strings, nullable fields present as `null`.
//!
//! Every shape here is checked by unit tests to deserialize into the serenity
//! 0.12.5 model type the bot reads it as.

use serde_json::{Value, json};

use super::model::FakeRole;

/// A Discord error body: `{"message": ..., "code": ...}`.
pub(super) fn error(message: &str, code: u32) -> Value {
    json!({ "message": message, "code": code })
}

/// A user object (`username`, `discriminator: "0"` as for migrated accounts).
pub(super) fn user(id: u64, username: &str, bot: bool) -> Value {
    let mut user = json!({
        "id": id.to_string(),
        "username": username,
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "avatar_decoration_data": null,
        "collectibles": null,
        "primary_guild": null,
        "banner": null,
        "accent_color": null,
        "public_flags": 0,
        "flags": 0,
    });
    if bot && let Some(map) = user.as_object_mut() {
        map.insert("bot".into(), Value::Bool(true));
    }
    user
}

/// `GET /users/@me` for the bot: a user object plus the private fields.
pub(super) fn current_user(id: u64, username: &str) -> Value {
    let mut user = user(id, username, true);
    if let Some(map) = user.as_object_mut() {
        map.insert("verified".into(), Value::Bool(true));
        map.insert("mfa_enabled".into(), Value::Bool(false));
        map.insert("locale".into(), json!("en-US"));
        map.insert("email".into(), Value::Null);
        map.insert("premium_type".into(), json!(0));
    }
    user
}

pub(super) fn role(role: &FakeRole) -> Value {
    json!({
        "id": role.id.to_string(),
        "name": role.name,
        "description": null,
        "color": 0,
        "colors": { "primary_color": 0, "secondary_color": null, "tertiary_color": null },
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": role.position,
        "permissions": role.permissions.to_string(),
        "managed": role.managed,
        "mentionable": false,
        "flags": 0,
        "tags": {},
    })
}

/// A guild member object (no `guild_id`: Discord omits it, serenity fills it in).
pub(super) fn member(user: Value, roles: &[u64], joined_at: &str) -> Value {
    let roles: Vec<String> = roles.iter().map(u64::to_string).collect();
    json!({
        "user": user,
        "nick": null,
        "avatar": null,
        "banner": null,
        "roles": roles,
        "joined_at": joined_at,
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "communication_disabled_until": null,
        "unusual_dm_activity_until": null,
    })
}

/// `GET /guilds/{id}`: a guild object as the REST API returns it (serenity's
/// `PartialGuild`; the gateway-only fields of `Guild` are absent).
pub(super) fn guild(
    id: u64,
    name: &str,
    owner_id: u64,
    roles: Vec<Value>,
    counts: Option<u64>,
) -> Value {
    let mut guild = json!({
        "id": id.to_string(),
        "name": name,
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": owner_id.to_string(),
        "region": "deprecated",
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": roles,
    });
    // Split in two: one `json!` this size exceeds the macro recursion limit.
    let rest = json!({
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500_000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "nsfw_level": 0,
        "nsfw": false,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
        "hub_type": null,
        "home_header": null,
        "latest_onboarding_question_id": null,
    });
    if let (Some(map), Value::Object(rest)) = (guild.as_object_mut(), rest) {
        map.extend(rest);
    }
    if let (Some(count), Some(map)) = (counts, guild.as_object_mut()) {
        map.insert("approximate_member_count".into(), json!(count));
        map.insert("approximate_presence_count".into(), json!(0));
    }
    guild
}

/// A text channel in a guild (type 0).
pub(super) fn guild_channel(guild_id: u64, id: u64, name: &str, position: usize) -> Value {
    json!({
        "id": id.to_string(),
        "type": 0,
        "guild_id": guild_id.to_string(),
        "name": name,
        "position": position,
        "permission_overwrites": [],
        "parent_id": null,
        "nsfw": false,
        "topic": null,
        "last_message_id": null,
        "rate_limit_per_user": 0,
        "flags": 0,
    })
}

/// A DM channel (type 1) with its single recipient.
pub(super) fn dm_channel(id: u64, recipient: Value) -> Value {
    json!({
        "id": id.to_string(),
        "type": 1,
        "last_message_id": null,
        "flags": 0,
        "recipients": [recipient],
    })
}

/// What a message was created from: the message-level fields of a request body.
pub(super) const MESSAGE_FIELDS: [&str; 5] = ["content", "embeds", "components", "flags", "tts"];

/// A message object. `fields` holds the request's `content`/`embeds`/... which
/// are copied over the defaults.
pub(super) struct MessageSpec<'a> {
    pub id: u64,
    pub channel_id: u64,
    pub author: Value,
    pub kind: u8,
    pub webhook_id: Option<u64>,
    pub application_id: Option<u64>,
    pub timestamp: &'a str,
}

pub(super) fn message(spec: &MessageSpec<'_>, fields: &Value) -> Value {
    let mut message = json!({
        "id": spec.id.to_string(),
        "channel_id": spec.channel_id.to_string(),
        "author": spec.author,
        "content": "",
        "timestamp": spec.timestamp,
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": spec.kind,
        "flags": 0,
        "components": [],
    });
    if let Some(map) = message.as_object_mut() {
        if let Some(webhook_id) = spec.webhook_id {
            map.insert("webhook_id".into(), json!(webhook_id.to_string()));
        }
        if let Some(application_id) = spec.application_id {
            map.insert("application_id".into(), json!(application_id.to_string()));
        }
    }
    merge_message_fields(&mut message, fields);
    message
}

/// Copies the message-level fields of a request body into a stored message
/// (`null` resets a field to its default, as Discord does).
pub(super) fn merge_message_fields(message: &mut Value, fields: &Value) {
    let (Some(target), Some(source)) = (message.as_object_mut(), fields.as_object()) else {
        return;
    };
    for key in MESSAGE_FIELDS {
        let Some(value) = source.get(key) else {
            continue;
        };
        let value = match (key, value) {
            ("content", Value::Null) => json!(""),
            ("embeds" | "components", Value::Null) => json!([]),
            ("flags", Value::Null) => json!(0),
            ("tts", Value::Null) => json!(false),
            (_, v) => v.clone(),
        };
        target.insert(key.into(), value);
    }
}

/// `GET /oauth2/applications/@me` (serenity's `CurrentApplicationInfo`).
pub(super) fn application(id: u64, name: &str, bot: Value, owner: Value) -> Value {
    json!({
        "id": id.to_string(),
        "name": name,
        "icon": null,
        "description": "",
        "summary": "",
        "type": null,
        "hook": true,
        "bot_public": true,
        "bot_require_code_grant": false,
        "verify_key": "0".repeat(64),
        "flags": 0,
        "owner": owner,
        "team": null,
        "bot": bot,
        "redirect_uris": [],
        "interactions_endpoint_url": null,
        "role_connections_verification_url": null,
        "approximate_guild_count": 0,
        "integration_types_config": { "0": {} },
    })
}

/// An application command as Discord echoes it back after registration.
pub(super) fn command(
    requested: &Value,
    id: u64,
    application_id: u64,
    guild_id: Option<u64>,
) -> Value {
    let mut command = json!({
        "id": id.to_string(),
        "application_id": application_id.to_string(),
        "version": id.to_string(),
        "type": 1,
        "description": "",
        "default_member_permissions": null,
        "nsfw": false,
        "integration_types": [0],
        "contexts": null,
    });
    if let Some(map) = command.as_object_mut() {
        if let Some(requested) = requested.as_object() {
            for (key, value) in requested {
                if key != "id" {
                    map.insert(key.clone(), value.clone());
                }
            }
        }
        if let Some(guild_id) = guild_id {
            map.insert("guild_id".into(), json!(guild_id.to_string()));
        }
    }
    command
}
