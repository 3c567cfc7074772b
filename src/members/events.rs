//! What Discord's member events mean for the reconciler: a member who joins, and a member
//! changed outside the bot. Failures are logged: an event has nobody to answer.

use super::Members;
use crate::roles::{Condition, SyncCause};

/// A member changed outside the bot, as far as the bot cares.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemberChange {
    /// Their Discord username or display name changed.
    pub renamed: bool,
    /// The roles taken from them.
    pub lost_roles: Vec<u64>,
}

impl Members {
    /// A member joined a guild: mark them when what they earn can differ from nothing —
    /// they are linked, or the guild has an `unlinked` rule — and the reconciler applies it.
    pub async fn joined(&self, guild_id: u64, user_id: u64) {
        let linked = match self.store.links().by_discord(user_id).await {
            Ok(found) => found.is_some(),
            Err(e) => {
                tracing::warn!(error = %e, "could not read a joining member's link");
                return;
            }
        };
        if !linked {
            match self.reconciler.roles().rules(guild_id).await {
                Ok(rules) if rules.iter().any(|r| r.condition == Condition::Unlinked) => {}
                Ok(_) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "could not read the rules for a joining member");
                    return;
                }
            }
        }
        if let Err(e) = self
            .reconciler
            .mark(guild_id, user_id, SyncCause::Joined)
            .await
        {
            tracing::warn!(guild = guild_id, discord_user = user_id, error = %e, "could not mark a joining member");
        }
    }

    /// A member changed outside the bot. Mark them when it can change what the bot does:
    /// they were renamed while a nickname template is set, or the bypass role was taken
    /// from them (given: the bot leaves them alone anyway).
    pub async fn changed(&self, guild_id: u64, user_id: u64, change: &MemberChange) {
        if !change.renamed && change.lost_roles.is_empty() {
            return;
        }
        let settings = match self.store.settings().get(guild_id).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "could not read the settings for a changed member");
                return;
            }
        };
        let lost_bypass = settings
            .bypass_role_id
            .is_some_and(|r| change.lost_roles.contains(&r));
        if !(lost_bypass || change.renamed && settings.nickname_template.is_some()) {
            return;
        }
        if let Err(e) = self
            .reconciler
            .mark(guild_id, user_id, SyncCause::Sweep)
            .await
        {
            tracing::warn!(guild = guild_id, discord_user = user_id, error = %e, "could not mark a changed member");
        }
    }
}
