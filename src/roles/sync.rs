//! Applying one member's managed roles in one guild: earned vs. current, one Discord call per
//! role that differs, none when nothing does. Failures are per role; nothing panics. The
//! [`Reconciler`](super::reconciler::Reconciler) decides when this runs and retries it.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use super::gateway::{RoleApiError, RoleGateway};
use super::notices::{GuildNotice, Notifier};
use super::{Facts, Rule, diff, earned_roles_of, keep_highest_per_group, managed_roles};
use crate::clock::Clock;
use crate::resonite::Profile;
use crate::store::{AuditAction, Link, LinkHealth, Store, StoreError};

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
        }
    }

    pub fn actor(self, user: u64) -> Option<u64> {
        match self {
            Self::Update { actor } | Self::RulesChanged { actor } => Some(actor),
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
}

impl SyncReport {
    pub fn changed(&self) -> bool {
        !self.added.is_empty() || !self.removed.is_empty()
    }

    /// The first failure worth retrying as it is (Discord busy or away), if any.
    pub fn transient_failure(&self) -> Option<&RoleApiError> {
        self.failed
            .iter()
            .map(|(_, e)| e)
            .find(|e| e.is_transient())
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

/// What a link earns now: its snapshot, except that a link stale for longer than
/// `stale_grace` earns only what being linked earns.
pub fn effective_facts(link: &Link, health: &LinkHealth, now: i64, stale_grace: Duration) -> Facts {
    match health.stale_since {
        Some(since) if now - since >= stale_grace.as_secs() as i64 => Facts::default(),
        _ => facts_for(link, now),
    }
}

/// The most a rate-limited call waits before trying again.
const MAX_RETRY_WAIT: Duration = Duration::from_secs(30);

pub struct RoleSync {
    store: Store,
    gateway: Arc<dyn RoleGateway>,
    notifier: Arc<dyn Notifier>,
    clock: Clock,
    attempts: u32,
}

impl RoleSync {
    pub fn new(
        store: Store,
        gateway: Arc<dyn RoleGateway>,
        notifier: Arc<dyn Notifier>,
        clock: Clock,
    ) -> Self {
        Self {
            store,
            gateway,
            notifier,
            clock,
            attempts: 3,
        }
    }

    pub fn gateway(&self) -> &Arc<dyn RoleGateway> {
        &self.gateway
    }

    pub fn notifier(&self) -> &Arc<dyn Notifier> {
        &self.notifier
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
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
                Ok(condition) => Some(Rule {
                    role_id: r.role_id,
                    condition,
                    group: r.group_name.clone(),
                }),
                Err(e) => {
                    tracing::warn!(guild = guild_id, rule = r.id, error = %e, "skipping an unreadable rule");
                    None
                }
            })
            .collect())
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
        let member = match self.gateway.member(guild_id, user_id).await {
            Ok(Some(member)) => member,
            Ok(None) | Err(RoleApiError::UnknownMember) => {
                report.not_member = true;
                return Ok(report);
            }
            Err(e) => return Err(SyncError::Discord(e)),
        };
        let mut earned = earned_roles_of(rules, facts, member.bot);
        if rules.iter().any(|r| r.group.is_some()) {
            // Discord's role order decides which role of a group is the highest.
            let roles = self
                .gateway
                .guild_roles(guild_id)
                .await
                .map_err(SyncError::Discord)?;
            earned = keep_highest_per_group(rules, &earned, |id| {
                roles.iter().find(|r| r.id == id).map(|r| r.position)
            });
        }
        let wanted = diff(&managed_roles(rules), &earned, &member.roles);
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
            let result = self
                .apply(guild_id, user_id, role_id, adding, &reason)
                .await;
            count_role_change(adding, &result);
            match result {
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
                Err(e) if e.is_transient() => {
                    // Discord is busy or away: the reconciler retries the rest later.
                    report.failed.push((role_id, e));
                    break;
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
        // A transient failure is retried by the reconciler: audited once it gives up.
        rows.extend(
            report
                .failed
                .iter()
                .filter(|(_, e)| !e.is_transient())
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
        let failed: Vec<(u64, RoleApiError)> = report
            .failed
            .iter()
            .filter(|(_, e)| !e.is_transient())
            .cloned()
            .collect();
        if report.changed() || !failed.is_empty() {
            let notice = GuildNotice::RolesChanged {
                user_id: user,
                cause,
                added: report.added.clone(),
                removed: report.removed.clone(),
                failed,
            };
            self.notify_guild(guild, &notice).await;
        }
    }

    /// Tells the guild's log channel, if one is set. Failures are logged, never raised.
    pub async fn notify_guild(&self, guild_id: u64, notice: &GuildNotice) {
        let channel = match self.store.guild_settings(guild_id).await {
            Ok(s) => s.log_channel_id,
            Err(e) => {
                tracing::warn!(error = %e, "could not read guild settings");
                None
            }
        };
        if let Some(channel) = channel
            && let Err(e) = self.notifier.post(channel, notice).await
        {
            tracing::warn!(guild = guild_id, channel, error = %e, "could not post to the log channel");
        }
    }

    /// The union of roles some rule of the guild manages (for listing).
    pub async fn managed(&self, guild_id: u64) -> Result<BTreeSet<u64>, StoreError> {
        Ok(managed_roles(&self.rules(guild_id).await?))
    }
}

/// `resonite_link_role_changes_total{op, result}`.
fn count_role_change(adding: bool, result: &Result<(), RoleApiError>) {
    let result = match result {
        Ok(()) => "ok",
        Err(RoleApiError::RateLimited(_)) => "rate_limited",
        Err(RoleApiError::Unavailable(_)) => "unavailable",
        Err(RoleApiError::MissingPermissions) => "missing_permissions",
        Err(RoleApiError::UnknownRole) => "unknown_role",
        Err(RoleApiError::UnknownMember) => "unknown_member",
        Err(RoleApiError::Other(_)) => "error",
    };
    let op = if adding { "add" } else { "remove" };
    metrics::counter!(crate::telemetry::ROLE_CHANGES, "op" => op, "result" => result).increment(1);
}
