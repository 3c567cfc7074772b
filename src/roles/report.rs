//! What one sync did and why it ran: [`SyncCause`], [`SyncReport`] and [`NicknameChange`].
//! A leaf of `roles`: [`sync`](super::sync) makes reports and [`notice_port`](super::notice_port)
//! carries them, neither the other's dependency through these types.

use super::nickname::NicknameSkip;
use super::role_port::RoleApiError;

/// Why a sync runs; shown in the audit log, Discord's audit log and the log channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncCause {
    Linked,
    Unlinked,
    /// `/update`, by the member or an admin.
    Update {
        actor: u64,
    },
    /// A member joined the guild (linked, or the guild has an `unlinked` rule).
    Joined,
    /// Periodic re-verification or `/sync`.
    Sweep,
    /// An admin added or removed a rule of the guild.
    RulesChanged {
        actor: u64,
    },
    /// An admin changed the bypass role or the nickname template.
    SettingsChanged {
        actor: u64,
    },
}

impl SyncCause {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Linked => "linked their Resonite account",
            Self::Unlinked => "unlinked their Resonite account",
            Self::Update { .. } => "roles updated on request",
            Self::Joined => "joined the server",
            Self::Sweep => "re-verified",
            Self::RulesChanged { .. } => "the server's role rules changed",
            Self::SettingsChanged { .. } => "the server's settings changed",
        }
    }

    pub fn actor(self, user: u64) -> Option<u64> {
        match self {
            Self::Update { actor }
            | Self::RulesChanged { actor }
            | Self::SettingsChanged { actor } => Some(actor),
            Self::Linked | Self::Unlinked => Some(user),
            Self::Joined | Self::Sweep => None,
        }
    }

    /// The word stored with a pending reconcile.
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Linked => "linked",
            Self::Unlinked => "unlinked",
            Self::Update { .. } => "update",
            Self::Joined => "joined",
            Self::Sweep => "sweep",
            Self::RulesChanged { .. } => "rules",
            Self::SettingsChanged { .. } => "settings",
        }
    }

    /// Reads a stored cause back; an unknown word (a newer version's) counts as a sweep.
    pub fn from_stored(word: &str, actor: Option<u64>) -> Self {
        let actor = actor.unwrap_or_default();
        match word {
            "linked" => Self::Linked,
            "unlinked" => Self::Unlinked,
            "update" => Self::Update { actor },
            "joined" => Self::Joined,
            "rules" => Self::RulesChanged { actor },
            "settings" => Self::SettingsChanged { actor },
            _ => Self::Sweep,
        }
    }
}

/// What a sync did in one guild.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub guild_id: u64,
    pub user_id: u64,
    pub added: Vec<u64>,
    pub removed: Vec<u64>,
    /// Roles that could not be changed, and why.
    pub failed: Vec<(u64, RoleApiError)>,
    /// The member is not in this guild: nothing was done.
    pub not_member: bool,
    /// Roles found deleted during this sync; their rules are now disabled.
    pub deleted_roles: Vec<u64>,
    /// The member holds the bypass role: nothing was changed.
    pub bypassed: bool,
    /// What happened to the member's nickname, if anything.
    pub nickname: Option<NicknameChange>,
}

/// A nickname the bot set, gave back, could not set, or was not allowed to touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NicknameChange {
    Set(String),
    /// The nickname from before the bot's first change (`None`: none) was given back.
    Restored(Option<String>),
    Skipped(NicknameSkip),
    Failed(RoleApiError),
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty()
    }

    /// The first failure worth retrying as it is (Discord busy or away), if any.
    pub fn transient_failure(&self) -> Option<&RoleApiError> {
        let nickname = match &self.nickname {
            Some(NicknameChange::Failed(e)) if e.is_transient() => Some(e),
            _ => None,
        };
        self.failed
            .iter()
            .map(|(_, e)| e)
            .find(|e| e.is_transient())
            .or(nickname)
    }
}
