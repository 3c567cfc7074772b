//! The guild admin service: a server's role rules — add, remove, list, preview — with every
//! check that is not Discord's (the value and group an admin typed, the bypass role, whether
//! the bot can manage the role, and the rank rule of [`RankCheck`]).
//!
//! Inputs are plain data (ids and strings), so every admin surface calls the same methods:
//! the slash commands (`src/discord/commands/roles.rs`, `preview.rs`), and the dashboard.
//! Each method takes the guild, the [`Actor`] (who asks, and what Discord says about their
//! standing) and a typed request, and returns a typed outcome or a typed refusal the
//! adapter words in the admin's language. Nothing here knows Discord's or HTTP's types.

mod listing;
mod preview;
mod rules;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::sync::Arc;

pub use listing::{ListedRule, RuleProblem, RulesListing};
pub use preview::{PreviewOutcome, PreviewRequest, PreviewedRule};
pub use rules::{RuleAdded, RuleSpec, RuleWritten, RulesRemoved};

use crate::roles::{
    GroupError, GuildRole, RankCheck, RankRefusal, Reconciler, RoleApiError, RoleRefusal,
    RuleError, SyncError,
};
use crate::store::StoreError;

/// Who asks, as Discord judges them in one guild: the guild's roles (with their permissions
/// and order), the owner, and the roles the actor holds. The adapter gathers it (or asks
/// [`GuildAdmin::actor`]); the service decides from it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub guild_id: u64,
    pub user_id: u64,
    pub guild_roles: Vec<GuildRole>,
    pub owner_id: Option<u64>,
    /// The roles the actor holds (empty: only @everyone, or not a member).
    pub held: BTreeSet<u64>,
}

impl Actor {
    /// The core's rank check over this standing.
    pub fn check(&self) -> RankCheck<'_> {
        RankCheck {
            guild_id: self.guild_id,
            roles: &self.guild_roles,
            owner_id: self.owner_id,
            invoker_id: self.user_id,
            invoker_roles: &self.held,
        }
    }

    fn role(&self, role_id: u64) -> Option<&GuildRole> {
        self.guild_roles.iter().find(|r| r.id == role_id)
    }
}

/// Why the service could not answer at all: the database or Discord failed.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Discord did not answer: {0}")]
    Discord(#[from] RoleApiError),
}

impl From<SyncError> for AdminError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Store(e) => Self::Store(e),
            SyncError::Discord(e) => Self::Discord(e),
        }
    }
}

/// Why a rule was not added, removed or previewed. Every variant but [`Self::Failed`] is
/// written for the admin who asked (the adapter words it in their language).
#[derive(Debug, thiserror::Error)]
pub enum RuleRefused {
    /// The rule kind or `value:` does not read.
    #[error(transparent)]
    Value(RuleError),
    /// The `group:` name does not read.
    #[error(transparent)]
    Group(GroupError),
    /// The role is in another exclusive group already.
    #[error("<@&{role_id}> is in the group `{group}` already")]
    GroupTaken { role_id: u64, group: String },
    /// The role is the bypass role: granting it would freeze whoever earns it.
    #[error("<@&{role_id}> is the bypass role")]
    BypassRole { role_id: u64 },
    /// The bot cannot hand the role out.
    #[error(transparent)]
    Unassignable(RoleRefusal),
    /// The actor may not have the bot hand the role out.
    #[error(transparent)]
    Rank(RankRefusal),
    #[error(transparent)]
    Failed(#[from] AdminError),
}

impl From<StoreError> for RuleRefused {
    fn from(e: StoreError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<RoleApiError> for RuleRefused {
    fn from(e: RoleApiError) -> Self {
        Self::Failed(e.into())
    }
}

impl From<SyncError> for RuleRefused {
    fn from(e: SyncError) -> Self {
        Self::Failed(e.into())
    }
}

/// The service. Cheap to share: it holds the reconciler, which holds the role port and the
/// store.
pub struct GuildAdmin {
    reconciler: Arc<Reconciler>,
}

impl GuildAdmin {
    pub fn new(reconciler: Arc<Reconciler>) -> Self {
        Self { reconciler }
    }

    /// Gathers `user_id`'s standing in `guild_id` through the role port (the guild's roles,
    /// the owner, the roles they hold), for a surface that has no gateway of its own.
    pub async fn actor(&self, guild_id: u64, user_id: u64) -> Result<Actor, AdminError> {
        let gateway = self.reconciler.roles().gateway();
        let guild_roles = gateway.guild_roles(guild_id).await?;
        let owner_id = gateway.bot_standing(guild_id).await?.owner_id;
        let held = gateway
            .member_roles(guild_id, user_id)
            .await?
            .unwrap_or_default();
        Ok(Actor {
            guild_id,
            user_id,
            guild_roles,
            owner_id,
            held,
        })
    }
}
