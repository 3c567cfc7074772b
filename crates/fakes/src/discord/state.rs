//! The fake's in-memory state and the Discord rules applied to it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

pub(super) use super::error::ApiError;
use super::faults::{FaultId, Faults};
use super::linked_roles::LinkedRoles;
use super::model::{FakeApp, FakeRole, RecordedRequest};
use super::oauth::OAuth;
use super::payload;

pub(super) const MANAGE_ROLES: u64 = 1 << 28;
pub(super) const ADMINISTRATOR: u64 = 1 << 3;
pub(super) const MANAGE_NICKNAMES: u64 = 1 << 27;
pub(super) const CHANGE_NICKNAME: u64 = 1 << 26;
/// Discord's longest nickname, in characters.
pub(super) const NICK_MAX_CHARS: usize = 32;

pub(super) struct FakeMember {
    pub username: String,
    /// The user's display name (`global_name`), the same in every guild.
    pub global_name: Option<String>,
    /// The guild nickname.
    pub nick: Option<String>,
    pub bot: bool,
    pub roles: BTreeSet<u64>,
    pub joined_at: String,
}

impl FakeMember {
    pub fn new(username: &str, bot: bool, roles: &[u64]) -> Self {
        Self {
            username: username.to_owned(),
            global_name: None,
            nick: None,
            bot,
            roles: roles.iter().copied().collect(),
            joined_at: now(),
        }
    }

    /// The member's user object.
    pub fn user(&self, user_id: u64) -> Value {
        let mut user = payload::user(user_id, &self.username, self.bot);
        user["global_name"] = self.global_name.as_deref().into();
        user
    }

    /// The guild member object (with its user).
    pub fn payload(&self, user_id: u64) -> Value {
        let roles: Vec<u64> = self.roles.iter().copied().collect();
        let mut member = payload::member(self.user(user_id), &roles, &self.joined_at);
        member["nick"] = self.nick.as_deref().into();
        member
    }
}

pub(super) struct FakeGuild {
    pub name: String,
    pub owner_id: u64,
    pub roles: BTreeMap<u64, FakeRole>,
    pub members: BTreeMap<u64, FakeMember>,
    pub channels: BTreeMap<u64, String>,
    /// The guild's `preferred_locale` (and interactions' `guild_locale`).
    pub locale: String,
    /// Permissions a member is allowed in the channel interactions come from, by a channel
    /// overwrite (user id -> allowed bits): in that channel's permissions only, never in
    /// the member's guild-level ones.
    pub channel_allows: BTreeMap<u64, u64>,
}

impl FakeGuild {
    pub fn new(name: &str, owner_id: u64) -> Self {
        Self {
            name: name.to_owned(),
            owner_id,
            roles: BTreeMap::new(),
            members: BTreeMap::new(),
            channels: BTreeMap::new(),
            locale: "en-US".to_owned(),
            channel_allows: BTreeMap::new(),
        }
    }

    /// A member's roles, `@everyone` (id == guild id) included.
    fn roles_of<'g>(
        &'g self,
        guild_id: u64,
        member: &'g FakeMember,
    ) -> impl Iterator<Item = &'g FakeRole> {
        member
            .roles
            .iter()
            .copied()
            .chain(std::iter::once(guild_id))
            .filter_map(|id| self.roles.get(&id))
    }

    /// `(permissions, highest role position)` of a member; `Missing Access` if
    /// they are not in the guild.
    fn standing(&self, guild_id: u64, user_id: u64) -> Result<(u64, u16), ApiError> {
        let member = self.members.get(&user_id).ok_or(ApiError::MISSING_ACCESS)?;
        let permissions = self
            .roles_of(guild_id, member)
            .fold(0, |acc, r| acc | r.permissions);
        let highest = self
            .roles_of(guild_id, member)
            .map(|r| r.position)
            .max()
            .unwrap_or(0);
        Ok((permissions, highest))
    }

    /// Can `actor` add or remove `role_id`? Discord's rules: the actor needs
    /// MANAGE_ROLES (or ADMINISTRATOR) from `@everyone` or one of its roles, the
    /// role must sit strictly below the actor's highest role, and managed roles
    /// can't be assigned at all. The guild owner bypasses the first two.
    pub fn check_can_manage(
        &self,
        guild_id: u64,
        actor: u64,
        role_id: u64,
    ) -> Result<(), ApiError> {
        let role = self.roles.get(&role_id).ok_or(ApiError::UNKNOWN_ROLE)?;
        if role.managed {
            return Err(ApiError::MISSING_PERMISSIONS);
        }
        if actor == self.owner_id {
            return Ok(());
        }
        let (permissions, highest) = self.standing(guild_id, actor)?;
        if permissions & (MANAGE_ROLES | ADMINISTRATOR) == 0 {
            return Err(ApiError::MISSING_PERMISSIONS);
        }
        if role.position >= highest {
            return Err(ApiError::MISSING_PERMISSIONS);
        }
        Ok(())
    }

    /// Can `actor` change `target`'s nickname? Discord's rules: the owner can
    /// change anyone's; nobody else can change the owner's; one's own needs
    /// CHANGE_NICKNAME or MANAGE_NICKNAMES; another member's needs
    /// MANAGE_NICKNAMES and a highest role strictly above theirs. ADMINISTRATOR
    /// stands for every permission, but not for the hierarchy.
    pub fn check_can_change_nick(
        &self,
        guild_id: u64,
        actor: u64,
        target: u64,
    ) -> Result<(), ApiError> {
        if actor == self.owner_id {
            return Ok(());
        }
        let (permissions, highest) = self.standing(guild_id, actor)?;
        let has = |bits: u64| permissions & (bits | ADMINISTRATOR) != 0;
        if actor == target {
            return if has(MANAGE_NICKNAMES | CHANGE_NICKNAME) {
                Ok(())
            } else {
                Err(ApiError::MISSING_PERMISSIONS)
            };
        }
        if target == self.owner_id || !has(MANAGE_NICKNAMES) {
            return Err(ApiError::MISSING_PERMISSIONS);
        }
        let (_, target_highest) = self.standing(guild_id, target)?;
        if target_highest >= highest {
            return Err(ApiError::MISSING_PERMISSIONS);
        }
        Ok(())
    }
}

/// The messages sent through one interaction token's webhook.
#[derive(Default)]
pub(super) struct WebhookMessages {
    pub original: Option<Value>,
    pub followups: Vec<Value>,
}

pub(super) struct State {
    pub app: FakeApp,
    pub app_owner: (u64, String),
    pub gateway_url: Option<String>,
    pub guilds: BTreeMap<u64, FakeGuild>,
    pub requests: Vec<RecordedRequest>,
    /// Requests dropped from the front of `requests` by clearing, so a request's
    /// number minus this is its index.
    pub requests_cleared: u64,
    pub unexpected: Vec<RecordedRequest>,
    pub faults: Faults,
    /// The fault [`super::FakeDiscord::rate_limit_next`] set last (it replaces it).
    pub rate_limit_next: Option<FaultId>,
    pub registered_commands: Option<Value>,
    pub guild_commands: BTreeMap<u64, Value>,
    /// Commands as answered by the last `PUT`, for `GET .../commands`.
    pub command_objects: HashMap<Option<u64>, Value>,
    pub interaction_responses: Vec<(String, Value)>,
    pub webhook_messages: HashMap<String, WebhookMessages>,
    pub channel_messages: BTreeMap<u64, Vec<Value>>,
    /// user id -> DM channel id
    pub dm_channels: BTreeMap<u64, u64>,
    pub dm_blocked: BTreeSet<u64>,
    /// Each user's Discord language (an interaction's `locale`); `en-US` when unset.
    pub user_locales: HashMap<u64, String>,
    /// Guilds with more members than this are sent as `large` (see
    /// [`super::FakeDiscord::set_large_threshold`]); `None`: never.
    pub large_threshold: Option<usize>,
    /// Every REST request waits this long before it is handled (see
    /// [`super::FakeDiscord::set_latency`]).
    pub latency: std::time::Duration,
    pub oauth: OAuth,
    pub linked_roles: LinkedRoles,
    next_id: u64,
}

impl State {
    pub fn new(app: FakeApp) -> Self {
        Self {
            app,
            app_owner: (1, "app-owner".into()),
            gateway_url: None,
            guilds: BTreeMap::new(),
            requests: Vec::new(),
            requests_cleared: 0,
            unexpected: Vec::new(),
            faults: Faults::default(),
            rate_limit_next: None,
            registered_commands: None,
            guild_commands: BTreeMap::new(),
            command_objects: HashMap::new(),
            interaction_responses: Vec::new(),
            webhook_messages: HashMap::new(),
            channel_messages: BTreeMap::new(),
            dm_channels: BTreeMap::new(),
            dm_blocked: BTreeSet::new(),
            user_locales: HashMap::new(),
            large_threshold: None,
            latency: std::time::Duration::ZERO,
            oauth: OAuth::new(),
            linked_roles: LinkedRoles::default(),
            // A plausible 2024 snowflake, so ids sort after the fixtures' ones.
            next_id: 1_250_000_000_000_000_000,
        }
    }

    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn guild_mut(&mut self, guild_id: u64) -> Option<&mut FakeGuild> {
        let guild = self.guilds.get_mut(&guild_id);
        if guild.is_none() {
            tracing::warn!(guild_id, "fake Discord: unknown guild");
        }
        guild
    }

    /// A guild the bot is in: unknown guild → 404, bot not a member → 403.
    pub fn visible_guild(&self, guild_id: u64) -> Result<&FakeGuild, ApiError> {
        let guild = self.guilds.get(&guild_id).ok_or(ApiError::UNKNOWN_GUILD)?;
        if guild.members.contains_key(&self.app.bot_user_id) {
            Ok(guild)
        } else {
            Err(ApiError::MISSING_ACCESS)
        }
    }

    pub fn bot_user(&self) -> Value {
        payload::user(self.app.bot_user_id, &self.app.bot_name, true)
    }

    /// A user object for any id: from a guild membership if known.
    pub fn user(&self, user_id: u64) -> Value {
        self.guilds
            .values()
            .find_map(|g| g.members.get(&user_id))
            .map(|m| m.user(user_id))
            .unwrap_or_else(|| payload::user(user_id, &format!("user{user_id}"), false))
    }

    /// Records a request; returns its number, for [`Self::answered`].
    pub fn record(&mut self, request: RecordedRequest) -> u64 {
        let number = self.requests_cleared + self.requests.len() as u64;
        self.requests.push(request);
        number
    }

    /// Notes when and how request `number` was answered (unless cleared meanwhile).
    pub fn answered(&mut self, number: u64, status: u16) {
        let index = number.checked_sub(self.requests_cleared);
        if let Some(request) = index.and_then(|i| self.requests.get_mut(i as usize)) {
            request.answered_at = Some(std::time::Instant::now());
            request.status = Some(status);
        }
    }
}

/// Now, as Discord formats timestamps (`2024-01-01T00:00:00.000000+00:00`).
pub(super) fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6f+00:00")
        .to_string()
}
