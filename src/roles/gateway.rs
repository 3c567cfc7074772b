//! What role syncing needs from Discord, as a trait: the Discord adapter implements it
//! over serenity, tests can implement it in memory. Knows no Discord types.

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
}

/// What the bot itself may do in a guild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BotStanding {
    /// The position of the bot's highest role; it can only assign roles below it.
    pub highest_position: i64,
    pub can_manage_roles: bool,
}

#[async_trait::async_trait]
pub trait RoleGateway: Send + Sync {
    /// The member's current roles, `None` when they are not in the guild.
    async fn member_roles(
        &self,
        guild_id: u64,
        user_id: u64,
    ) -> Result<Option<BTreeSet<u64>>, RoleApiError>;
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
    async fn guild_roles(&self, guild_id: u64) -> Result<Vec<GuildRole>, RoleApiError>;
    async fn bot_standing(&self, guild_id: u64) -> Result<BotStanding, RoleApiError>;
    /// Posts a line to a guild's log channel.
    async fn post_log(&self, channel_id: u64, text: &str) -> Result<(), RoleApiError>;
    /// Tells the member by direct message that their link needs `/link` again, and that
    /// its roles go after `grace_days`.
    async fn notify_link_stale(
        &self,
        user_id: u64,
        resonite_username: &str,
        grace_days: u64,
    ) -> Result<(), RoleApiError>;
}
