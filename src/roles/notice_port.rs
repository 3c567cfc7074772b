//! What the bot tells people, as events: the log channel, a member's DMs and the `/link`
//! reply. The core says what happened; the Discord adapter words it (mentions, markdown,
//! command hints) and sends it. Failures to tell are logged by the caller, never raised.

use super::report::{SyncCause, SyncReport};
use super::role_port::RoleApiError;

/// A line for a guild's log channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuildNotice {
    /// A member linked (or relinked) their Resonite account.
    Linked {
        user_id: u64,
        resonite_username: String,
        resonite_user_id: String,
        /// The username of the account the relink replaced.
        replaced: Option<String>,
    },
    Unlinked {
        user_id: u64,
        resonite_username: String,
        resonite_user_id: String,
    },
    /// What one reconcile changed, and what it could not.
    RolesChanged {
        user_id: u64,
        cause: SyncCause,
        added: Vec<u64>,
        removed: Vec<u64>,
        failed: Vec<(u64, RoleApiError)>,
    },
    /// A member's roles could not be reconciled for a day: the bot stopped retrying.
    ReconcileGaveUp { user_id: u64, error: String },
}

/// A direct message to a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberNotice {
    /// Resonite no longer accepts the bot's access: `/link` again within `grace_days`.
    LinkStale {
        resonite_username: String,
        grace_days: u64,
    },
    /// Discord no longer accepts the bot's access to the member's Linked Roles connection:
    /// their profile stops following Resonite until they connect again.
    LinkedRolesDisconnected,
    /// A server admin removed the member's link (`/unlink user:`). The link is gone by the
    /// time this is sent, so it carries the locale of the member's `/link`.
    UnlinkedByAdmin {
        resonite_username: String,
        server: String,
        locale: Option<String>,
    },
}

impl MemberNotice {
    /// The language to write in when the notice knows it (else the link's is read).
    pub fn locale(&self) -> Option<&str> {
        match self {
            Self::UnlinkedByAdmin { locale, .. } => locale.as_deref(),
            Self::LinkStale { .. } | Self::LinkedRolesDisconnected => None,
        }
    }
}

/// The `/link` reply, once the roles the link earns were applied in the guild it ran in:
/// the one edit of that reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkReply {
    pub resonite_username: String,
    pub resonite_user_id: String,
    /// The username of the account the link replaced (a relink to another account).
    pub replaced: Option<String>,
    /// The `/link`'s locale: the reply speaks the member's language (`None`: English).
    pub locale: Option<String>,
    /// What the reconcile did; a member no longer in the guild gets the head line only.
    pub report: SyncReport,
}

#[async_trait::async_trait]
pub trait Notifier: Send + Sync {
    /// Posts to a log channel.
    async fn post(&self, channel_id: u64, notice: &GuildNotice) -> Result<(), RoleApiError>;
    /// Sends a member a direct message.
    async fn dm(&self, user_id: u64, notice: &MemberNotice) -> Result<(), RoleApiError>;
    /// Edits the `/link` reply behind `interaction_token`.
    async fn link_reply(
        &self,
        interaction_token: &str,
        reply: &LinkReply,
    ) -> Result<(), RoleApiError>;
}

/// Tells nobody (tests of the core, and before Discord is attached).
pub struct Silent;

#[async_trait::async_trait]
impl Notifier for Silent {
    async fn post(&self, _channel_id: u64, _notice: &GuildNotice) -> Result<(), RoleApiError> {
        Ok(())
    }
    async fn dm(&self, _user_id: u64, _notice: &MemberNotice) -> Result<(), RoleApiError> {
        Ok(())
    }
    async fn link_reply(
        &self,
        _interaction_token: &str,
        _reply: &LinkReply,
    ) -> Result<(), RoleApiError> {
        Ok(())
    }
}
