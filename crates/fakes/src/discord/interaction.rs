//! `INTERACTION_CREATE` payloads for slash commands, built from the fake's state.

use serde_json::{Map, Value, json};
use serenity::all::Permissions;

use super::gateway::snowflake;
use super::handle::FakeDiscord;
use super::model::INTERACTION_CHANNEL_ID;
use super::payload;
use super::state::{ADMINISTRATOR, FakeGuild, State};

/// Discord's default upload limit, sent as `attachment_size_limit`.
const ATTACHMENT_SIZE_LIMIT: u64 = 10 * 1024 * 1024;

/// What [`FakeDiscord::slash_command`] dispatched: the interaction's id and
/// token, to find the bot's answer with ([`FakeDiscord::wait_for_callback`],
/// [`FakeDiscord::original_message`], ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlashInvocation {
    pub id: u64,
    pub token: String,
}

impl FakeDiscord {
    /// Dispatches `INTERACTION_CREATE` for a chat-input command run by
    /// `user_id`, in `guild_id` or (`None`) in a DM with the bot.
    ///
    /// `options` is the Discord option array, e.g.
    /// `[{"name": "user", "type": 6, "value": "123"}]`, with subcommands as
    /// `[{"name": "sub", "type": 1, "options": [...]}]`; snowflake values may be
    /// numbers. `data.id` is the command's id if the bot registered it with a
    /// `PUT .../commands`; `resolved` holds the users, members, roles and
    /// channels the options mention; `member.permissions` is computed from the
    /// member's roles (the owner and administrators have all permissions).
    pub fn slash_command(
        &self,
        guild_id: Option<u64>,
        user_id: u64,
        name: &str,
        options: Value,
    ) -> SlashInvocation {
        let (invocation, interaction) = {
            let mut state = self.lock();
            command_interaction(&mut state, guild_id, user_id, name, options)
        };
        self.send_interaction(interaction);
        invocation
    }
}

impl FakeDiscord {
    /// Gives `user_id` `allow` (permission bits) in the channel interactions come from, as
    /// a channel overwrite does: an interaction's `member.permissions` then include them,
    /// the member's guild-level permissions (their roles) do not.
    pub fn allow_in_channel(&self, guild_id: u64, user_id: u64, allow: u64) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            guild.channel_allows.insert(user_id, allow);
        }
    }

    /// `user_id` presses the button `custom_id` on the bot's reply to the interaction
    /// `message_token` (its original message): dispatches a `MESSAGE_COMPONENT` (type 3)
    /// interaction carrying that message. `None` when there is no such reply.
    pub fn press_button(
        &self,
        guild_id: Option<u64>,
        user_id: u64,
        message_token: &str,
        custom_id: &str,
    ) -> Option<SlashInvocation> {
        let (invocation, interaction) = component_interaction(
            &mut self.lock(),
            guild_id,
            user_id,
            message_token,
            custom_id,
        )?;
        self.send_interaction(interaction);
        Some(invocation)
    }
}

/// The type 3 interaction object for a press of button `custom_id` on the original
/// message of the interaction `message_token`.
pub(super) fn component_interaction(
    state: &mut State,
    guild_id: Option<u64>,
    user_id: u64,
    message_token: &str,
    custom_id: &str,
) -> Option<(SlashInvocation, Value)> {
    let message = state
        .webhook_messages
        .get(message_token)?
        .original
        .clone()?;
    let (invocation, mut interaction) =
        command_interaction(state, guild_id, user_id, "", json!([]));
    interaction["type"] = json!(3);
    interaction["data"] = json!({ "custom_id": custom_id, "component_type": 2 });
    interaction["message"] = message;
    Some((invocation, interaction))
}

/// The type 2 interaction object for a slash command.
pub(super) fn command_interaction(
    state: &mut State,
    guild_id: Option<u64>,
    user_id: u64,
    name: &str,
    options: Value,
) -> (SlashInvocation, Value) {
    let id = state.next_id();
    let token = format!("fake-interaction-token-{id}");
    let (command_id, command_guild) = match registered_command(state, guild_id, name) {
        Some(found) => found,
        None => (state.next_id(), None),
    };
    let mut options = match options {
        Value::Array(_) => options,
        Value::Null => json!([]),
        other => {
            tracing::warn!(%other, "fake Discord: slash command options must be an array");
            json!([])
        }
    };
    stringify_snowflakes(&mut options);
    let guild = guild_id.and_then(|g| state.guilds.get(&g).map(|guild| (g, guild)));
    if guild_id.is_some() && guild.is_none() {
        tracing::warn!(?guild_id, "fake Discord: slash command in an unknown guild");
    }
    // Discord sends the member's permissions *in the channel*: a channel overwrite counts.
    let invoker_permissions = guild.map_or(dm_permissions(), |(g, guild)| {
        channel_permissions(g, guild, user_id)
    });

    let mut data = json!({
        "id": command_id.to_string(),
        "name": name,
        "type": 1,
        "options": options,
    });
    let resolved = resolved(state, guild, &options, invoker_permissions);
    if let Some(map) = data.as_object_mut() {
        if !resolved.is_empty() {
            map.insert("resolved".into(), Value::Object(resolved));
        }
        if let Some(g) = command_guild {
            map.insert("guild_id".into(), json!(g.to_string()));
        }
    }

    let locale = state
        .user_locales
        .get(&user_id)
        .cloned()
        .unwrap_or_else(|| "en-US".to_owned());
    let mut interaction = json!({
        "id": id.to_string(),
        "application_id": state.app.application_id.to_string(),
        "type": 2,
        "data": data,
        "token": token,
        "version": 1,
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    });
    let extra = match guild {
        Some((g, guild)) => guild_context(state, g, guild, user_id, invoker_permissions),
        None => dm_context(state, user_id),
    };
    if let (Some(map), Value::Object(extra)) = (interaction.as_object_mut(), extra) {
        map.extend(extra);
    }
    (SlashInvocation { id, token }, interaction)
}

/// What a slash command's interaction carries in a guild: the guild, the channel, the
/// member with their permissions in that channel, and the bot's permissions.
fn guild_context(
    state: &State,
    g: u64,
    guild: &FakeGuild,
    user_id: u64,
    invoker_permissions: u64,
) -> Value {
    let bot = state.app.bot_user_id;
    let joined_at = guild
        .members
        .get(&user_id)
        .map_or_else(super::state::now, |m| m.joined_at.clone());
    let roles: Vec<u64> = guild
        .members
        .get(&user_id)
        .map(|m| m.roles.iter().copied().collect())
        .unwrap_or_default();
    if !guild.members.contains_key(&user_id) {
        tracing::warn!(
            guild_id = g,
            user_id,
            "fake Discord: slash command by a non-member"
        );
    }
    let mut member = payload::member(state.user(user_id), &roles, &joined_at);
    member["nick"] = guild
        .members
        .get(&user_id)
        .and_then(|m| m.nick.as_deref())
        .into();
    member["permissions"] = json!(invoker_permissions.to_string());
    json!({
        "guild_id": g.to_string(),
        "guild": { "id": g.to_string(), "locale": guild.locale, "features": [] },
        "guild_locale": guild.locale,
        "channel_id": INTERACTION_CHANNEL_ID.to_string(),
        "channel": {
            "id": INTERACTION_CHANNEL_ID.to_string(),
            "type": 0,
            "guild_id": g.to_string(),
            "name": "general",
            "position": 0,
            "parent_id": null,
            "nsfw": false,
            "topic": null,
            "last_message_id": null,
            "rate_limit_per_user": 0,
            "flags": 0,
            "permissions": invoker_permissions.to_string(),
        },
        "member": member,
        "app_permissions": permissions(g, guild, bot).to_string(),
        "authorizing_integration_owners": { "0": g.to_string() },
        "context": 0,
    })
}

/// What a slash command's interaction carries in a DM with the bot.
fn dm_context(state: &mut State, user_id: u64) -> Value {
    let channel = dm_channel(state, user_id);
    json!({
        "channel_id": channel.to_string(),
        "channel": {
            "id": channel.to_string(),
            "type": 1,
            "last_message_id": null,
            "flags": 0,
            "recipients": [state.user(user_id)],
        },
        "user": state.user(user_id),
        "app_permissions": dm_permissions().to_string(),
        "authorizing_integration_owners": { "0": "0" },
        "context": 1,
    })
}

/// The id (and guild, for a guild command) of a command the bot registered.
fn registered_command(
    state: &State,
    guild_id: Option<u64>,
    name: &str,
) -> Option<(u64, Option<u64>)> {
    let scopes = guild_id.map(Some).into_iter().chain([None]);
    scopes.into_iter().find_map(|scope| {
        let commands = state.command_objects.get(&scope)?.as_array()?;
        let command = commands.iter().find(|c| c["name"] == name)?;
        Some((snowflake(command.get("id"))?, scope))
    })
}

/// The DM channel with this user, opened if needed (as `POST /users/@me/channels` would).
fn dm_channel(state: &mut State, user_id: u64) -> u64 {
    if let Some(channel) = state.dm_channels.get(&user_id) {
        return *channel;
    }
    let channel = state.next_id();
    state.dm_channels.insert(user_id, channel);
    channel
}

/// A member's guild permissions: `@everyone` plus their roles; the owner and
/// administrators have every permission.
pub(super) fn permissions(guild_id: u64, guild: &FakeGuild, user_id: u64) -> u64 {
    let all = Permissions::all().bits();
    if user_id == guild.owner_id {
        return all;
    }
    let everyone = guild.roles.get(&guild_id).map_or(0, |r| r.permissions);
    let roles = guild.members.get(&user_id).map_or(0, |m| {
        m.roles
            .iter()
            .filter_map(|r| guild.roles.get(r))
            .fold(0, |acc, r| acc | r.permissions)
    });
    let permissions = everyone | roles;
    if permissions & ADMINISTRATOR != 0 {
        all
    } else {
        permissions
    }
}

/// A member's permissions in the channel interactions come from: their guild permissions
/// plus what a channel overwrite allows them there.
fn channel_permissions(guild_id: u64, guild: &FakeGuild, user_id: u64) -> u64 {
    let allowed = guild.channel_allows.get(&user_id).copied().unwrap_or(0);
    let permissions = permissions(guild_id, guild, user_id) | allowed;
    if permissions & ADMINISTRATOR != 0 {
        Permissions::all().bits()
    } else {
        permissions
    }
}

/// What a bot may do in a DM.
fn dm_permissions() -> u64 {
    (Permissions::VIEW_CHANNEL
        | Permissions::SEND_MESSAGES
        | Permissions::EMBED_LINKS
        | Permissions::ATTACH_FILES
        | Permissions::READ_MESSAGE_HISTORY
        | Permissions::ADD_REACTIONS
        | Permissions::USE_EXTERNAL_EMOJIS
        | Permissions::USE_APPLICATION_COMMANDS)
        .bits()
}

/// Discord sends snowflake option values as strings.
fn stringify_snowflakes(options: &mut Value) {
    for option in options.as_array_mut().into_iter().flatten() {
        match option.get("type").and_then(Value::as_u64) {
            Some(1 | 2) => {
                if let Some(nested) = option.get_mut("options") {
                    stringify_snowflakes(nested);
                }
            }
            Some(6..=9) => {
                if let Some(id) = option.get("value").and_then(Value::as_u64) {
                    option["value"] = json!(id.to_string());
                }
            }
            _ => {}
        }
    }
}

/// `(option type, id)` for every user, channel, role and mentionable option.
fn mentions(options: &Value, out: &mut Vec<(u64, u64)>) {
    for option in options.as_array().into_iter().flatten() {
        match option.get("type").and_then(Value::as_u64) {
            Some(1 | 2) => mentions(option.get("options").unwrap_or(&Value::Null), out),
            Some(kind @ 6..=9) => {
                if let Some(id) = snowflake(option.get("value")) {
                    out.push((kind, id));
                }
            }
            _ => {}
        }
    }
}

/// `data.resolved`: `users` and `members` (partial, with `permissions`),
/// `roles`, `channels`. Empty maps are left out.
fn resolved(
    state: &State,
    guild: Option<(u64, &FakeGuild)>,
    options: &Value,
    invoker_permissions: u64,
) -> Map<String, Value> {
    let mut found = Vec::new();
    mentions(options, &mut found);
    let mut users = Map::new();
    let mut members = Map::new();
    let mut roles = Map::new();
    let mut channels = Map::new();
    for (kind, id) in found {
        let role = guild.and_then(|(_, g)| g.roles.get(&id));
        match (kind, role) {
            (8 | 9, Some(role)) => {
                roles.insert(id.to_string(), payload::role(role));
            }
            (8, None) => tracing::warn!(id, "fake Discord: role option names an unknown role"),
            (7, _) => {
                let name = guild
                    .and_then(|(_, g)| g.channels.get(&id).cloned())
                    .unwrap_or_else(|| format!("channel{id}"));
                channels.insert(
                    id.to_string(),
                    json!({
                        "id": id.to_string(),
                        "name": name,
                        "type": 0,
                        "permissions": invoker_permissions.to_string(),
                        "parent_id": null,
                    }),
                );
            }
            _ => {
                users.insert(id.to_string(), state.user(id));
                if let Some((g, guild)) = guild
                    && let Some(member) = guild.members.get(&id)
                {
                    let member_roles: Vec<u64> = member.roles.iter().copied().collect();
                    let mut partial =
                        payload::member(Value::Null, &member_roles, &member.joined_at);
                    partial["nick"] = member.nick.as_deref().into();
                    if let Some(map) = partial.as_object_mut() {
                        map.remove("user");
                        map.insert(
                            "permissions".into(),
                            json!(permissions(g, guild, id).to_string()),
                        );
                    }
                    members.insert(id.to_string(), partial);
                }
            }
        }
    }
    let mut out = Map::new();
    for (key, map) in [
        ("users", users),
        ("members", members),
        ("roles", roles),
        ("channels", channels),
    ] {
        if !map.is_empty() {
            out.insert(key.into(), Value::Object(map));
        }
    }
    out
}
