//! What role syncing needs from Discord — roles only — as a trait: the Discord adapter
//! implements it over serenity, tests can implement it in memory. Knows no Discord types.
//! Telling people what happened is the [`Notifier`](super::notice_port::Notifier)'s job.

use std::collections::BTreeSet;
use std::time::Duration;

/// How a Discord call failed, in the terms role syncing acts on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleApiError {
    #[error("the bot lacks permission (Manage Roles, or the role is above the bot's role)")]
    MissingPermissions,
    #[error("the role no longer exists")]
    UnknownRole,
    #[error("the member is not in the server")]
    UnknownMember,
    #[error("rate limited by Discord; retry after {0:?}")]
    RateLimited(Duration),
    /// Discord answered 5xx, timed out or refused the connection: try again later.
    #[error("Discord is unavailable: {0}")]
    Unavailable(String),
    #[error("Discord request failed: {0}")]
    Other(String),
}

/// A role of a guild, as far as rules care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildRole {
    pub id: u64,
    pub name: String,
    pub position: i64,
    /// Managed by an integration (a bot's own role, a booster role): nobody can assign it.
    pub managed: bool,
    /// Discord's permission bit set of the role.
    pub permissions: u64,
}

/// A member of a guild, as far as the bot's controls care.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuildMember {
    pub roles: BTreeSet<u64>,
    /// A bot account: it never earns the `unlinked` role.
    pub bot: bool,
    /// The Discord username.
    pub username: String,
    /// The Discord display name (`global_name`), when set.
    pub display_name: Option<String>,
    /// The guild nickname, when set.
    pub nick: Option<String>,
}

/// What the bot itself may do in a guild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BotStanding {
    /// The position of the bot's highest role; it can only assign roles below it.
    pub highest_position: i64,
    pub can_manage_roles: bool,
    pub can_manage_nicknames: bool,
    /// The guild's owner, when known: nobody can change their nickname.
    pub owner_id: Option<u64>,
}

#[async_trait::async_trait]
pub trait RoleGateway: Send + Sync {
    /// The member's current roles, `None` when they are not in the guild.
    async fn member_roles(
        &self,
        guild_id: u64,
        user_id: u64,
    ) -> Result<Option<BTreeSet<u64>>, RoleApiError>;
    /// The member (roles, whether a bot, names), `None` when they are not in the guild.
    async fn member(
        &self,
        guild_id: u64,
        user_id: u64,
    ) -> Result<Option<GuildMember>, RoleApiError>;
    async fn add_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        reason: &str,
    ) -> Result<(), RoleApiError>;
    async fn remove_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        reason: &str,
    ) -> Result<(), RoleApiError>;
    /// Sets the member's guild nickname (`None` removes it).
    async fn set_nickname(
        &self,
        guild_id: u64,
        user_id: u64,
        nick: Option<&str>,
        reason: &str,
    ) -> Result<(), RoleApiError>;
    async fn guild_roles(&self, guild_id: u64) -> Result<Vec<GuildRole>, RoleApiError>;
    async fn bot_standing(&self, guild_id: u64) -> Result<BotStanding, RoleApiError>;
    /// Every member of the guild but bot accounts (no rule gives a bot anything), when the
    /// gateway delivered the whole list; `None` when it is not known (the caller then
    /// considers every linked member).
    async fn member_ids(&self, guild_id: u64) -> Result<Option<Vec<u64>>, RoleApiError>;
}

impl RoleApiError {
    /// Worth retrying later as it is: Discord was busy or away, not refusing.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::RateLimited(_) | Self::Unavailable(_))
    }
}
