//! Applying one member's managed roles in one guild: earned vs. current, one Discord call per
//! role that differs, none when nothing does. Failures are per role; nothing panics. The
//! [`Reconciler`](super::reconciler::Reconciler) decides when this runs and retries it.

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;
use std::time::Duration;

use super::nickname::{self, NicknamePlan, NicknameSkip, NicknameTemplate};
use super::notice_port::{GuildNotice, Notifier};
pub use super::report::{NicknameChange, SyncCause, SyncReport};
use super::role_port::{GuildMember, GuildRole, RoleApiError, RoleGateway};
use super::{
    Facts, RoleDiff, Rule, diff, earned_roles_of, granting_rules, keep_highest_per_group,
    managed_roles,
};
use crate::clock::Clock;
use crate::resonite::Profile;
use crate::store::{AuditAction, Link, LinkHealth, ManagedNickname, Store, StoreError};

/// What a guild's admins set up: the rules, the bypass role and the nickname template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GuildPolicy {
    pub rules: Vec<Rule>,
    /// The rules added by someone neither the owner nor an Administrator (or before that
    /// was recorded): they do not grant a role carrying a dangerous permission.
    pub untrusted: HashSet<Rule>,
    pub bypass_role: Option<u64>,
    pub nickname: Option<NicknameTemplate>,
    /// Without a template: whether some nickname the bot set is still to be given back
    /// (when not, no member's reconcile asks the database about nicknames).
    pub nicknames_to_give_back: bool,
    /// With a template: the members recorded as impossible to rename.
    pub nickname_skips: HashSet<u64>,
}

/// A linked member, as the reconciler sees them.
#[derive(Debug, Clone, Copy)]
pub struct MemberLink<'a> {
    pub facts: &'a Facts,
    pub resonite_username: &'a str,
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
            .vouched_rules(guild_id)
            .await?
            .into_iter()
            .map(|(rule, _)| rule)
            .collect())
    }

    /// [`Self::rules`], each with whether the owner or an Administrator added it.
    pub async fn vouched_rules(&self, guild_id: u64) -> Result<Vec<(Rule, bool)>, StoreError> {
        Ok(self
            .store
            .rules()
            .for_guild(guild_id)
            .await?
            .into_iter()
            .filter(|r| r.disabled_reason.is_none())
            .filter_map(|r| match super::Condition::from_stored(&r.kind, &r.value) {
                Ok(condition) => Some((
                    Rule {
                        role_id: r.role_id,
                        condition,
                        group: r.group_name.clone(),
                    },
                    r.trusted,
                )),
                Err(e) => {
                    tracing::warn!(guild = guild_id, rule = r.id, error = %e, "skipping an unreadable rule");
                    None
                }
            })
            .collect())
    }

    /// The guild's rules and controls, as the reconciler applies them.
    pub async fn policy(&self, guild_id: u64) -> Result<GuildPolicy, StoreError> {
        let vouched = self.vouched_rules(guild_id).await?;
        let untrusted = vouched
            .iter()
            .filter(|(_, trusted)| !trusted)
            .map(|(rule, _)| rule.clone())
            .collect();
        let rules = vouched.into_iter().map(|(rule, _)| rule).collect();
        let settings = self.store.settings().get(guild_id).await?;
        let nickname = settings.nickname_template.as_deref().and_then(|t| {
            NicknameTemplate::parse(t)
                .inspect_err(|e| tracing::warn!(guild = guild_id, error = %e, "stored nickname template unreadable; ignored"))
                .ok()
        });
        let (nicknames_to_give_back, nickname_skips) = match nickname {
            Some(_) => {
                let skips = self.store.nicknames().skips(guild_id).await?;
                (false, skips.into_iter().map(|s| s.user_id).collect())
            }
            None => (
                self.store.nicknames().any_managed(guild_id).await?,
                HashSet::new(),
            ),
        };
        Ok(GuildPolicy {
            rules,
            untrusted,
            bypass_role: settings.bypass_role_id,
            nickname,
            nicknames_to_give_back,
            nickname_skips,
        })
    }

    /// Syncs one member from the stored rules and controls; `facts` as their link earns
    /// (`None`: not linked). The Resonite username for a nickname is read from the link.
    pub async fn sync_member(
        &self,
        guild_id: u64,
        user_id: u64,
        facts: Option<&Facts>,
        cause: SyncCause,
    ) -> Result<SyncReport, SyncError> {
        let policy = self.policy(guild_id).await?;
        let username = match facts {
            Some(_) => self
                .store
                .links()
                .by_discord(user_id)
                .await?
                .map(|l| l.resonite_username),
            None => None,
        };
        let standing = facts.map(|facts| MemberLink {
            facts,
            resonite_username: username.as_deref().unwrap_or_default(),
        });
        self.sync_member_with_policy(guild_id, user_id, &policy, standing, cause)
            .await
    }

    /// Like [`Self::sync_member`], with the guild's policy already loaded (the reconciler).
    pub async fn sync_member_with_policy(
        &self,
        guild_id: u64,
        user_id: u64,
        policy: &GuildPolicy,
        link: Option<MemberLink<'_>>,
        cause: SyncCause,
    ) -> Result<SyncReport, SyncError> {
        let mut report = SyncReport {
            guild_id,
            user_id,
            ..SyncReport::default()
        };
        let managed_nick = match policy.nickname {
            // Without a template only a nickname the bot set still needs giving back.
            None if policy.nicknames_to_give_back => {
                self.store.nicknames().managed(guild_id, user_id).await?
            }
            _ => None,
        };
        if policy.rules.is_empty() && policy.nickname.is_none() && managed_nick.is_none() {
            return Ok(report);
        }
        let Some(member) = self.member_to_sync(policy, &mut report).await? else {
            return Ok(report);
        };
        let roles = self.roles_needed(guild_id, policy).await?;
        let earned = earned_by(policy, link.as_ref().map(|l| l.facts), member.bot, &roles);
        let wanted = diff(&managed_roles(&policy.rules), &earned, &member.roles);
        let reason = format!("resonite-verify: {}", cause.describe());
        self.apply_roles(&wanted, &reason, &mut report).await;
        if !report.not_member && report.transient_failure().is_none() {
            let step = NicknameStep {
                policy,
                link: link.as_ref(),
                member: &member,
                roles: &roles,
                managed_nick,
                reason: &reason,
            };
            report.nickname = self.sync_nickname(step, &report).await?;
        }
        self.record(&report, cause).await;
        Ok(report)
    }

    /// The member as Discord has them, unless there is nothing to do: not in the guild
    /// (marked `not_member`) or holding the bypass role (marked `bypassed`).
    async fn member_to_sync(
        &self,
        policy: &GuildPolicy,
        report: &mut SyncReport,
    ) -> Result<Option<GuildMember>, SyncError> {
        let member = match self.gateway.member(report.guild_id, report.user_id).await {
            Ok(Some(member)) => member,
            Ok(None) | Err(RoleApiError::UnknownMember) => {
                report.not_member = true;
                return Ok(None);
            }
            Err(e) => return Err(SyncError::Discord(e)),
        };
        if policy
            .bypass_role
            .is_some_and(|role| member.roles.contains(&role))
        {
            report.bypassed = true;
            return Ok(None);
        }
        Ok(Some(member))
    }

    /// The guild's roles when the policy needs them (else none, and no call): Discord's role
    /// order decides which role of a group is the highest, and whose nickname the bot may
    /// change; a role's permissions whether an untrusted rule may grant it.
    async fn roles_needed(
        &self,
        guild_id: u64,
        policy: &GuildPolicy,
    ) -> Result<Vec<GuildRole>, SyncError> {
        let needs_roles = policy.rules.iter().any(|r| r.group.is_some())
            || policy.nickname.is_some()
            || !policy.untrusted.is_empty();
        if !needs_roles {
            return Ok(Vec::new());
        }
        self.gateway
            .guild_roles(guild_id)
            .await
            .map_err(SyncError::Discord)
    }

    /// One Discord call per role that differs, recorded in `report`. Stops early when the
    /// member left or Discord is busy or away (the reconciler retries the rest later).
    async fn apply_roles(&self, wanted: &RoleDiff, reason: &str, report: &mut SyncReport) {
        let (guild_id, user_id) = (report.guild_id, report.user_id);
        for (role_id, adding) in wanted
            .add
            .iter()
            .map(|r| (*r, true))
            .chain(wanted.remove.iter().map(|r| (*r, false)))
        {
            let result = self.apply(guild_id, user_id, role_id, adding, reason).await;
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
    }

    /// The nickname, once the roles are applied: the template rendered for the member,
    /// whether the bot may rename them, and the plan carried out.
    async fn sync_nickname(
        &self,
        step: NicknameStep<'_>,
        report: &SyncReport,
    ) -> Result<Option<NicknameChange>, SyncError> {
        let (guild_id, user_id) = (report.guild_id, report.user_id);
        let NicknameStep {
            policy,
            link,
            member,
            roles,
            managed_nick,
            reason,
        } = step;
        let managed_nick = match (&policy.nickname, managed_nick) {
            (Some(_), _) => self.store.nicknames().managed(guild_id, user_id).await?,
            (None, known) => known,
        };
        let rendered = match (&policy.nickname, link) {
            (Some(template), Some(link)) => Some(template.render(
                link.resonite_username,
                &member.username,
                member.display_name.as_deref().unwrap_or(&member.username),
            )),
            _ => None,
        }
        .filter(|nick| !nick.is_empty());
        let protected = match &rendered {
            Some(_) => self.nickname_protection(member, roles, report).await?,
            None => None,
        };
        let plan = nickname::plan_nickname(
            rendered.as_deref(),
            member.nick.as_deref(),
            managed_nick.as_ref(),
            protected,
        );
        if policy.nickname_skips.contains(&user_id) && !matches!(plan, NicknamePlan::Skip(_)) {
            self.store
                .nicknames()
                .set_skip(guild_id, user_id, None, self.clock.now())
                .await?;
        }
        let first_change = managed_nick.is_none();
        Ok(self
            .apply_nickname(guild_id, user_id, member, plan, first_change, reason)
            .await?)
    }

    /// Why the bot may not rename the member, if it may not: they own the guild, or their
    /// highest role (after this sync's changes) is not below the bot's.
    async fn nickname_protection(
        &self,
        member: &GuildMember,
        roles: &[GuildRole],
        report: &SyncReport,
    ) -> Result<Option<NicknameSkip>, SyncError> {
        let standing = self
            .gateway
            .bot_standing(report.guild_id)
            .await
            .map_err(SyncError::Discord)?;
        let highest = member
            .roles
            .iter()
            .chain(&report.added)
            .filter(|r| !report.removed.contains(r))
            .filter_map(|id| roles.iter().find(|r| r.id == *id))
            .map(|r| r.position)
            .max()
            .unwrap_or(0);
        Ok(nickname::protection(
            standing.owner_id == Some(report.user_id),
            highest,
            standing.highest_position,
        ))
    }

    /// Carries out a nickname plan, keeping `member_nicknames` and `nickname_skips` in step.
    /// A database error is raised (the reconcile is retried); Discord's refusal is reported.
    async fn apply_nickname(
        &self,
        guild_id: u64,
        user_id: u64,
        member: &super::GuildMember,
        plan: NicknamePlan,
        first_change: bool,
        reason: &str,
    ) -> Result<Option<NicknameChange>, StoreError> {
        let now = self.clock.now();
        let store = &self.store;
        Ok(match plan {
            NicknamePlan::Leave => None,
            NicknamePlan::Skip(why) => {
                store
                    .nicknames()
                    .set_skip(guild_id, user_id, Some(why.as_stored()), now)
                    .await?;
                Some(NicknameChange::Skipped(why))
            }
            NicknamePlan::Forget => {
                store.nicknames().forget(guild_id, user_id).await?;
                None
            }
            NicknamePlan::Set(nick) => {
                // Recorded before the call: a crash after Discord's answer still knows
                // what to give back.
                let original = if first_change {
                    member.nick.as_deref()
                } else {
                    None
                };
                store
                    .nicknames()
                    .record(guild_id, user_id, original, &nick)
                    .await?;
                match self
                    .gateway
                    .set_nickname(guild_id, user_id, Some(&nick), reason)
                    .await
                {
                    Ok(()) => Some(NicknameChange::Set(nick)),
                    Err(e) => {
                        if first_change && !e.is_transient() {
                            store.nicknames().forget(guild_id, user_id).await?;
                        }
                        Some(NicknameChange::Failed(e))
                    }
                }
            }
            NicknamePlan::Restore(original) => {
                match self
                    .gateway
                    .set_nickname(guild_id, user_id, original.as_deref(), reason)
                    .await
                {
                    Ok(()) => {
                        store.nicknames().forget(guild_id, user_id).await?;
                        Some(NicknameChange::Restored(original))
                    }
                    Err(e) if e.is_transient() => Some(NicknameChange::Failed(e)),
                    Err(e) => {
                        // Discord will not let the bot: nothing to give back any more.
                        store.nicknames().forget(guild_id, user_id).await?;
                        Some(NicknameChange::Failed(e))
                    }
                }
            }
        })
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
        for (action, detail) in audit_rows(report, cause) {
            if let Err(e) = self
                .store
                .audit()
                .record(now, Some(guild), user, actor, action, &detail)
                .await
            {
                tracing::warn!(error = %e, "could not record a role change in the audit log");
            }
        }
        self.disable_deleted_roles(guild, &report.deleted_roles)
            .await;
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

    /// Disables the rules of roles found deleted. Failures are logged, never raised.
    async fn disable_deleted_roles(&self, guild: u64, deleted: &[u64]) {
        for role in deleted {
            match self
                .store
                .rules()
                .disable_for_role(guild, *role, "the role was deleted")
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
    }

    /// Tells the guild's log channel, if one is set. Failures are logged, never raised.
    pub async fn notify_guild(&self, guild_id: u64, notice: &GuildNotice) {
        let channel = match self.store.settings().get(guild_id).await {
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

/// `resonite_verify_role_changes_total{op, result}`.
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

/// The roles the member earns under the policy: untrusted rules grant no dangerous role,
/// and of a group only the highest earned role is kept.
fn earned_by(
    policy: &GuildPolicy,
    facts: Option<&Facts>,
    bot: bool,
    roles: &[GuildRole],
) -> BTreeSet<u64> {
    let rules = &policy.rules;
    let earned = if policy.untrusted.is_empty() {
        earned_roles_of(rules, facts, bot)
    } else {
        earned_roles_of(&granting_rules(rules, &policy.untrusted, roles), facts, bot)
    };
    if rules.iter().any(|r| r.group.is_some()) {
        keep_highest_per_group(rules, &earned, |id| {
            roles.iter().find(|r| r.id == id).map(|r| r.position)
        })
    } else {
        earned
    }
}

/// The audit rows of one sync: roles added and removed, the nickname, and failures that
/// will not be retried (a transient failure is audited once the reconciler gives up).
fn audit_rows(report: &SyncReport, cause: SyncCause) -> Vec<(AuditAction, String)> {
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
    match &report.nickname {
        Some(NicknameChange::Set(nick)) => rows.push((
            AuditAction::NicknameChanged,
            format!("nickname set to {nick:?}: {}", cause.describe()),
        )),
        Some(NicknameChange::Restored(nick)) => rows.push((
            AuditAction::NicknameChanged,
            format!("nickname given back ({nick:?}): {}", cause.describe()),
        )),
        Some(NicknameChange::Failed(e)) if !e.is_transient() => rows.push((
            AuditAction::NicknameChanged,
            format!("nickname not changed: {e}"),
        )),
        _ => {}
    }
    rows.extend(
        report
            .failed
            .iter()
            .filter(|(_, e)| !e.is_transient())
            .map(|(r, e)| (AuditAction::RoleFailed, format!("role {r}: {e}"))),
    );
    rows
}

/// What the nickname step of one sync works from.
struct NicknameStep<'a> {
    policy: &'a GuildPolicy,
    link: Option<&'a MemberLink<'a>>,
    member: &'a GuildMember,
    roles: &'a [GuildRole],
    /// The nickname the bot set before, when already read (no template).
    managed_nick: Option<ManagedNickname>,
    reason: &'a str,
}
