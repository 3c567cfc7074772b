//! Syncing one member's managed roles in one guild: earned vs. current, one Discord call per
//! role that differs, none when nothing does. Failures are per role; nothing panics.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use super::gateway::{RoleApiError, RoleGateway};
use super::{Facts, Rule, diff, earned_roles, managed_roles};
use crate::clock::Clock;
use crate::resonite::Profile;
use crate::store::{AuditAction, Link, Store, StoreError};

/// Why a sync runs; shown in the audit log, Discord's audit log and the log channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyncCause {
    Linked,
    Unlinked,
    /// `/update`, by the member or an admin.
    Update {
        actor: u64,
    },
    /// A linked member joined the guild.
    Joined,
    /// Periodic re-verification or `/sync`.
    Sweep,
}

impl SyncCause {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Linked => "linked their Resonite account",
            Self::Unlinked => "unlinked their Resonite account",
            Self::Update { .. } => "roles updated on request",
            Self::Joined => "joined the server",
            Self::Sweep => "re-verified",
        }
    }

    fn actor(self, user: u64) -> Option<u64> {
        match self {
            Self::Update { actor } => Some(actor),
            Self::Linked | Self::Unlinked => Some(user),
            Self::Joined | Self::Sweep => None,
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
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not read the member's roles: {0}")]
    Discord(RoleApiError),
}

/// The facts a stored link earns: its profile snapshot read at `now`. A snapshot that no
/// longer parses still counts as linked (earns `linked`, nothing else).
pub fn facts_for(link: &Link, now: i64) -> Facts {
    let now = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    match Profile::from_json(&link.profile_json) {
        Ok(profile) => Facts::from_profile(&profile, now),
        Err(e) => {
            tracing::warn!(discord_user = link.discord_user_id, error = %e, "stored profile unreadable; treating as linked only");
            Facts::default()
        }
    }
}

/// The most a rate-limited call waits before trying again.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

pub struct RoleSync {
    store: Store,
    gateway: Arc<dyn RoleGateway>,
    clock: Clock,
    attempts: u32,
}

impl RoleSync {
    pub fn new(store: Store, gateway: Arc<dyn RoleGateway>, clock: Clock) -> Self {
        Self {
            store,
            gateway,
            clock,
            attempts: 3,
        }
    }

    pub fn gateway(&self) -> &Arc<dyn RoleGateway> {
        &self.gateway
    }

    /// The guild's enabled rules, parsed. A stored rule this version cannot read is skipped.
    pub async fn rules(&self, guild_id: u64) -> Result<Vec<Rule>, StoreError> {
        Ok(self
            .store
            .rules_for_guild(guild_id)
            .await?
            .into_iter()
            .filter(|r| r.disabled_reason.is_none())
            .filter_map(|r| match super::Condition::from_stored(&r.kind, &r.value) {
                Ok(condition) => Some(Rule { role_id: r.role_id, condition }),
                Err(e) => {
                    tracing::warn!(guild = guild_id, rule = r.id, error = %e, "skipping an unreadable rule");
                    None
                }
            })
            .collect())
    }

    /// Syncs the member in every guild that has rules (after a link, an unlink, a re-verify).
    /// `facts` is `None` when the member is not linked: every managed role is removed.
    pub async fn sync_everywhere(
        &self,
        user_id: u64,
        facts: Option<&Facts>,
        cause: SyncCause,
    ) -> Vec<SyncReport> {
        let guilds = match self.store.guilds_with_rules().await {
            Ok(g) => g,
            Err(e) => {
                tracing::error!(error = %e, "could not list guilds with rules");
                return Vec::new();
            }
        };
        let mut reports = Vec::new();
        for guild_id in guilds {
            match self.sync_member(guild_id, user_id, facts, cause).await {
                Ok(r) if r.not_member => {}
                Ok(r) => reports.push(r),
                Err(e) => {
                    tracing::warn!(guild = guild_id, discord_user = user_id, error = %e, "role sync failed")
                }
            }
        }
        reports
    }

    pub async fn sync_member(
        &self,
        guild_id: u64,
        user_id: u64,
        facts: Option<&Facts>,
        cause: SyncCause,
    ) -> Result<SyncReport, SyncError> {
        let rules = self.rules(guild_id).await?;
        self.sync_member_with_rules(guild_id, user_id, &rules, facts, cause)
            .await
    }

    /// Like [`Self::sync_member`], with the guild's rules already loaded (sweeps).
    pub async fn sync_member_with_rules(
        &self,
        guild_id: u64,
        user_id: u64,
        rules: &[Rule],
        facts: Option<&Facts>,
        cause: SyncCause,
    ) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport {
            guild_id,
            user_id,
            ..SyncReport::default()
        };
        if rules.is_empty() {
            return Ok(report);
        }
        let current = match self.gateway.member_roles(guild_id, user_id).await {
            Ok(Some(roles)) => roles,
            Ok(None) | Err(RoleApiError::UnknownMember) => {
                report.not_member = true;
                return Ok(report);
            }
            Err(e) => return Err(SyncError::Discord(e)),
        };
        let wanted = diff(&managed_roles(rules), &earned_roles(rules, facts), &current);
        if wanted.is_empty() {
            return Ok(report);
        }
        let reason = format!("resonite-link: {}", cause.describe());
        for (role_id, adding) in wanted
            .add
            .iter()
            .map(|r| (*r, true))
            .chain(wanted.remove.iter().map(|r| (*r, false)))
        {
            match self
                .apply(guild_id, user_id, role_id, adding, &reason)
                .await
            {
                Ok(()) if adding => report.added.push(role_id),
                Ok(()) => report.removed.push(role_id),
                Err(RoleApiError::UnknownMember) => {
                    report.not_member = true;
                    break;
                }
                Err(RoleApiError::UnknownRole) => {
                    report.deleted_roles.push(role_id);
                    report.failed.push((role_id, RoleApiError::UnknownRole));
                }
                Err(e) => report.failed.push((role_id, e)),
            }
        }
        self.record(&report, cause).await;
        Ok(report)
    }

    /// One add or remove, waiting out rate limits a bounded number of times.
    async fn apply(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        adding: bool,
        reason: &str,
    ) -> Result<(), RoleApiError> {
        let mut attempt = 1;
        loop {
            let result = if adding {
                self.gateway
                    .add_role(guild_id, user_id, role_id, reason)
                    .await
            } else {
                self.gateway
                    .remove_role(guild_id, user_id, role_id, reason)
                    .await
            };
            match result {
                Err(RoleApiError::RateLimited(wait)) if attempt < self.attempts => {
                    tracing::info!(?wait, attempt, "rate limited by Discord; waiting");
                    tokio::time::sleep(wait.min(MAX_RETRY_WAIT)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Audit rows, disabled rules for deleted roles, and a line in the guild's log channel.
    async fn record(&self, report: &SyncReport, cause: SyncCause) {
        let now = self.clock.now();
        let actor = cause.actor(report.user_id);
        let (guild, user) = (report.guild_id, report.user_id);
        let mut rows: Vec<(AuditAction, String)> = Vec::new();
        rows.extend(report.added.iter().map(|r| {
            (
                AuditAction::RoleAdded,
                format!("role {r}: {}", cause.describe()),
            )
        }));
        rows.extend(report.removed.iter().map(|r| {
            (
                AuditAction::RoleRemoved,
                format!("role {r}: {}", cause.describe()),
            )
        }));
        rows.extend(
            report
                .failed
                .iter()
                .map(|(r, e)| (AuditAction::RoleFailed, format!("role {r}: {e}"))),
        );
        for (action, detail) in rows {
            if let Err(e) = self
                .store
                .record_audit(now, Some(guild), user, actor, action, &detail)
                .await
            {
                tracing::warn!(error = %e, "could not record a role change in the audit log");
            }
        }
        for role in &report.deleted_roles {
            match self
                .store
                .disable_rules_for_role(guild, *role, "the role was deleted")
                .await
            {
                Ok(n) => tracing::warn!(
                    guild,
                    role,
                    rules = n,
                    "role deleted on Discord; its rules are disabled"
                ),
                Err(e) => {
                    tracing::warn!(error = %e, "could not disable the rules of a deleted role")
                }
            }
        }
        let mut lines = Vec::new();
        if report.changed() {
            let mut changes: Vec<String> =
                report.added.iter().map(|r| format!("+<@&{r}>")).collect();
            changes.extend(report.removed.iter().map(|r| format!("−<@&{r}>")));
            lines.push(format!(
                "<@{user}> {}: {}",
                cause.describe(),
                changes.join(" ")
            ));
        }
        for (role, error) in &report.failed {
            lines.push(match error {
                RoleApiError::UnknownRole => format!("⚠️ Role {role} was deleted: its rules are now disabled. Remove them with `/roles remove` or add rules for another role."),
                RoleApiError::MissingPermissions => format!("⚠️ Could not change <@&{role}> for <@{user}>: give the bot Manage Roles and move its role above <@&{role}>."),
                other => format!("⚠️ Could not change <@&{role}> for <@{user}>: {other}."),
            });
        }
        if !lines.is_empty() {
            self.post_log(guild, &lines.join("\n")).await;
        }
    }

    /// Posts to the guild's log channel, if one is set. Failures are logged, never raised.
    pub async fn post_log(&self, guild_id: u64, text: &str) {
        let channel = match self.store.guild_settings(guild_id).await {
            Ok(s) => s.log_channel_id,
            Err(e) => {
                tracing::warn!(error = %e, "could not read guild settings");
                None
            }
        };
        if let Some(channel) = channel
            && let Err(e) = self.gateway.post_log(channel, text).await
        {
            tracing::warn!(guild = guild_id, channel, error = %e, "could not post to the log channel");
        }
    }

    /// The union of roles some rule of the guild manages (for listing).
    pub async fn managed(&self, guild_id: u64) -> Result<BTreeSet<u64>, StoreError> {
        Ok(managed_roles(&self.rules(guild_id).await?))
    }
}
