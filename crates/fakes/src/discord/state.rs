//! The fake's in-memory state and the Discord rules applied to it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use axum::http::StatusCode;
use serde_json::Value;

use super::faults::{FaultId, Faults};
use super::{FakeApp, FakeRole, RecordedRequest, payload};

pub(super) const MANAGE_ROLES: u64 = 1 << 28;
pub(super) const ADMINISTRATOR: u64 = 1 << 3;

/// A Discord JSON error: status plus `{"message", "code"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ApiError {
    pub status: StatusCode,
    pub message: &'static str,
    pub code: u32,
}

impl ApiError {
    const fn new(status: StatusCode, message: &'static str, code: u32) -> Self {
        Self {
            status,
            message,
            code,
        }
    }
    pub const NOT_FOUND: Self = Self::new(StatusCode::NOT_FOUND, "404: Not Found", 0);
    pub const UNAUTHORIZED: Self = Self::new(StatusCode::UNAUTHORIZED, "401: Unauthorized", 0);
    pub const UNKNOWN_CHANNEL: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Channel", 10003);
    pub const UNKNOWN_GUILD: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Guild", 10004);
    pub const UNKNOWN_MEMBER: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Member", 10007);
    pub const UNKNOWN_MESSAGE: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Message", 10008);
    pub const UNKNOWN_ROLE: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Role", 10011);
    pub const UNKNOWN_USER: Self = Self::new(StatusCode::NOT_FOUND, "Unknown User", 10013);
    pub const UNKNOWN_WEBHOOK: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Webhook", 10015);
    pub const MISSING_ACCESS: Self = Self::new(StatusCode::FORBIDDEN, "Missing Access", 50001);
    pub const CANNOT_DM: Self = Self::new(
        StatusCode::FORBIDDEN,
        "Cannot send messages to this user",
        50007,
    );
    pub const MISSING_PERMISSIONS: Self =
        Self::new(StatusCode::FORBIDDEN, "Missing Permissions", 50013);
    pub const INVALID_FORM_BODY: Self =
        Self::new(StatusCode::BAD_REQUEST, "Invalid Form Body", 50035);
    pub const EMPTY_MESSAGE: Self = Self::new(
        StatusCode::BAD_REQUEST,
        "Cannot send an empty message",
        50006,
    );
    pub const ALREADY_ACKNOWLEDGED: Self = Self::new(
        StatusCode::BAD_REQUEST,
        "Interaction has already been acknowledged.",
        40060,
    );

    pub fn body(&self) -> Value {
        payload::error(self.message, self.code)
    }
}

pub(super) struct FakeMember {
    pub username: String,
    pub bot: bool,
    pub roles: BTreeSet<u64>,
    pub joined_at: String,
}

impl FakeMember {
    pub fn new(username: &str, bot: bool, roles: &[u64]) -> Self {
        Self {
            username: username.to_owned(),
            bot,
            roles: roles.iter().copied().collect(),
            joined_at: now(),
        }
    }
}

pub(super) struct FakeGuild {
    pub name: String,
    pub owner_id: u64,
    pub roles: BTreeMap<u64, FakeRole>,
    pub members: BTreeMap<u64, FakeMember>,
    pub channels: BTreeMap<u64, String>,
}

impl FakeGuild {
    pub fn new(name: &str, owner_id: u64) -> Self {
        Self {
            name: name.to_owned(),
            owner_id,
            roles: BTreeMap::new(),
            members: BTreeMap::new(),
            channels: BTreeMap::new(),
        }
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
        let member = self.members.get(&actor).ok_or(ApiError::MISSING_ACCESS)?;
        let actor_roles = || {
            member
                .roles
                .iter()
                .chain(std::iter::once(&guild_id))
                .filter_map(|id| self.roles.get(id))
        };
        let permissions = actor_roles().fold(0, |acc, r| acc | r.permissions);
        if permissions & (MANAGE_ROLES | ADMINISTRATOR) == 0 {
            return Err(ApiError::MISSING_PERMISSIONS);
        }
        let highest = actor_roles().map(|r| r.position).max().unwrap_or(0);
        if role.position >= highest {
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
    /// Guilds with more members than this are sent as `large` (see
    /// [`super::FakeDiscord::set_large_threshold`]); `None`: never.
    pub large_threshold: Option<usize>,
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
            large_threshold: None,
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
            .map(|m| payload::user(user_id, &m.username, m.bot))
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
