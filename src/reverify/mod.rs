//! Re-verification: keeping roles true over time without anyone typing a command.
//!
//! A sweep pages through every link (memory does not grow with their number), refreshes
//! each link's Resonite token, fetches the profile again, stores the new snapshot and marks
//! the member for reconciling in each guild where what they earn differs from what they
//! hold (the [`Reconciler`] applies it). Calls to Resonite are paced; progress is stored after
//! each page, so a restart resumes the sweep instead of starting over; a database lease keeps
//! two processes from sweeping at once. `/sync` runs the same work for one guild.

mod pacer;

pub use pacer::Pacer;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::ReverifyConfig;
use crate::resonite::{Profile, ResoniteClient, ResoniteError};
use crate::roles::{
    Facts, MemberNotice, Reconciler, RoleSync, Rule, SyncCause, diff, earned_roles, facts_for,
    managed_roles,
};
use crate::store::{Link, LinkHealth, Store, StoreError, SweepState, Verified};
use crate::tokens::TokenVault;

/// The periodic sweep's name in the `sweeps` and `leases` tables.
pub const SWEEP_ALL: &str = "all";
/// Links read from the database at a time.
const PAGE: i64 = 256;
/// Links verified at once; the pacer still bounds the rate.
const IN_FLIGHT: usize = 8;
/// How long `/sync` waits for the roles it queued before it reports.
const SYNC_APPLY_WAIT: Duration = Duration::from_secs(60);
/// How long a sweep lease lasts without renewal (renewed after every page).
const LEASE_SECS: i64 = 300;
/// How often a sweep paused by a database outage looks whether the database is back.
const OUTAGE_RETRY: Duration = Duration::from_secs(10);

/// What happened to one link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Refreshed, profile fetched, roles synced.
    Verified { changed: bool },
    /// No usable refresh token: roles synced from the stored snapshot.
    FromSnapshot { changed: bool },
    /// Resonite refused the refresh token: the link is stale.
    Stale { changed: bool },
    /// The member is in none of the swept guilds (guild sweeps only).
    Skipped,
    /// Resonite is down or slow: nothing changed, tried again next sweep.
    Outage,
    /// Anything else: nothing changed.
    Failed,
}

impl Outcome {
    fn changed(self) -> bool {
        matches!(
            self,
            Self::Verified { changed: true }
                | Self::FromSnapshot { changed: true }
                | Self::Stale { changed: true }
        )
    }

    fn failed(self) -> bool {
        matches!(self, Self::Outage | Self::Failed)
    }
}

/// Where a sweep applies roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    AllGuilds,
    Guild(u64),
}

/// Marks a guild as being synced; unmarked when dropped (even if the sync is cancelled).
struct GuildRun<'a> {
    running: &'a Mutex<HashSet<u64>>,
    guild_id: u64,
}

impl<'a> GuildRun<'a> {
    fn claim(running: &'a Mutex<HashSet<u64>>, guild_id: u64) -> Option<Self> {
        let fresh = running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(guild_id);
        fresh.then_some(Self { running, guild_id })
    }
}

impl Drop for GuildRun<'_> {
    fn drop(&mut self) {
        self.running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.guild_id);
    }
}

/// A sweep's progress, for the `/sync` message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub done: i64,
    pub total: i64,
    pub changed: i64,
    pub errors: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum ReverifyError {
    #[error("a sync is already running for this server")]
    AlreadyRunning,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub struct Reverifier {
    store: Store,
    resonite: ResoniteClient,
    roles: Arc<RoleSync>,
    reconciler: Arc<Reconciler>,
    vault: TokenVault,
    clock: Clock,
    cfg: ReverifyConfig,
    pacer: Pacer,
    /// This process, in leases.
    holder: String,
    running_guilds: Mutex<HashSet<u64>>,
    /// Pushes changed values to the member's Linked Roles connection, when that is on.
    linked_roles: Option<Arc<crate::linked_roles::LinkedRoles>>,
    /// Public profiles (`GET RESONITE_API_URL/users/{id}`) for links made by message, which
    /// keep no token; `None` without the bot account.
    public: Option<crate::resonite::bot::CloudClient>,
}

/// What a [`Reverifier`] is built from.
pub struct ReverifierParts {
    pub store: Store,
    pub resonite: ResoniteClient,
    pub reconciler: Arc<Reconciler>,
    pub vault: TokenVault,
    pub clock: Clock,
    pub cfg: ReverifyConfig,
    /// Discord's Linked Roles, when on: sweeps push changed values.
    pub linked_roles: Option<Arc<crate::linked_roles::LinkedRoles>>,
}

impl Reverifier {
    pub fn new(parts: ReverifierParts) -> Self {
        let ReverifierParts {
            store,
            resonite,
            reconciler,
            vault,
            clock,
            cfg,
            linked_roles,
        } = parts;
        let pacer = Pacer::new(cfg.max_rps);
        Self {
            store,
            resonite,
            roles: Arc::clone(reconciler.roles()),
            reconciler,
            vault,
            clock,
            cfg,
            pacer,
            holder: format!("{}-{}", std::process::id(), crate::linking::random_token()),
            running_guilds: Mutex::new(HashSet::new()),
            linked_roles,
            public: None,
        }
    }

    /// Re-verifies links made by message from the public profile read through `cloud`.
    pub fn with_public_profiles(
        mut self,
        cloud: Option<crate::resonite::bot::CloudClient>,
    ) -> Self {
        self.public = cloud;
        self
    }

    /// [`Self::verify`], then the member's Linked Roles connection brought up to date
    /// (pushed only when a value changed; the Discord token refreshed before it expires).
    async fn verify_and_push(
        &self,
        link: Link,
        health: LinkHealth,
        scope: Scope,
        rules: &HashMap<u64, Vec<Rule>>,
    ) -> Outcome {
        let user = link.discord_user_id;
        let outcome = self.verify(link, health, scope, rules).await;
        if let Some(linked_roles) = &self.linked_roles
            && matches!(
                outcome,
                Outcome::Verified { .. } | Outcome::Stale { .. } | Outcome::FromSnapshot { .. }
            )
        {
            linked_roles.after_verify(user).await;
        }
        outcome
    }

    /// `RESYNC_INTERVAL`: how often every link is re-verified.
    pub fn interval(&self) -> std::time::Duration {
        self.cfg.interval
    }

    /// Refresh tokens not under the current key (a rotation still re-sealing); `None`
    /// without a key.
    pub async fn tokens_not_current(&self) -> Result<Option<i64>, crate::store::StoreError> {
        self.vault.count_not_current().await
    }

    /// Whether sweeps ask Resonite (a token key is set) or only re-apply stored profiles.
    pub fn verifies_with_resonite(&self) -> bool {
        self.vault.keeps_tokens() || self.public.is_some()
    }

    /// Runs the periodic sweep whenever it is due, until `stop` turns true. Resumes an
    /// unfinished sweep first; starts one at once if none ever ran.
    ///
    /// While the database is away the sweep pauses, looking again every [`OUTAGE_RETRY`];
    /// it resumes from its last saved page once the database answers.
    pub async fn run_periodically(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        let mut paused = false;
        loop {
            let wait = match self.sweep_if_due(&stop, &|_| {}).await {
                Ok(wait) => {
                    if paused {
                        tracing::info!("the database answers again; re-verification resumed");
                        paused = false;
                    }
                    wait
                }
                Err(ReverifyError::Store(e)) if e.is_unavailable() => {
                    if !paused {
                        tracing::warn!(error = %e, "re-verification paused: the database is not answering");
                        paused = true;
                    }
                    OUTAGE_RETRY
                }
                Err(e) => {
                    tracing::error!(error = %e, "re-verification sweep failed; retrying in a minute");
                    Duration::from_secs(60)
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
        }
    }

    /// Sweeps if due and this process holds the lease; returns how long until the next check.
    /// `on_progress` hears after each page.
    pub async fn sweep_if_due(
        &self,
        stop: &watch::Receiver<bool>,
        on_progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Duration, ReverifyError> {
        let now = self.clock.now();
        let interval = self.cfg.interval.as_secs() as i64;
        // Only the lease holder reads or resets the sweep's row, so two processes cannot
        // both decide to start a sweep.
        if !self
            .store
            .leases()
            .take(SWEEP_ALL, &self.holder, now, now + LEASE_SECS)
            .await?
        {
            // Another process sweeps; look again within the interval (it may stop).
            return Ok(self.cfg.interval.min(Duration::from_secs(60)));
        }
        let state = match self.store.sweeps().state(SWEEP_ALL).await {
            Ok(Some(s)) if s.finished_at.is_none() => Ok(s),
            Ok(Some(s)) if s.finished_at.unwrap_or(s.started_at) + interval > now => {
                let due = s.finished_at.unwrap_or(s.started_at) + interval;
                self.release_lease().await;
                return Ok(Duration::from_secs((due - now).clamp(1, 60) as u64));
            }
            Ok(_) => self.store.sweeps().start(SWEEP_ALL, now).await,
            Err(e) => Err(e),
        };
        let state = match state {
            Ok(s) => s,
            Err(e) => {
                self.release_lease().await;
                return Err(e.into());
            }
        };
        let result = self
            .sweep(SWEEP_ALL, state, Scope::AllGuilds, stop, on_progress)
            .await;
        self.release_lease().await;
        let state = result?;
        match state.finished_at {
            Some(finished) => {
                tracing::info!(
                    checked = state.checked,
                    changed = state.changed,
                    failed = state.failed,
                    "re-verification sweep finished"
                );
                let due = finished + interval;
                Ok(Duration::from_secs(
                    (due - self.clock.now()).clamp(1, 60) as u64
                ))
            }
            // Stopped part-way (shutdown): resume at the next look.
            None => Ok(Duration::from_secs(1)),
        }
    }

    async fn release_lease(&self) {
        if let Err(e) = self.store.leases().release(SWEEP_ALL, &self.holder).await {
            tracing::warn!(error = %e, "could not release the sweep lease");
        }
    }

    /// Re-verifies every linked member of one guild now (`/sync`), reporting progress.
    /// Refused while another sync of the same guild runs in this process.
    pub async fn sync_guild(
        &self,
        guild_id: u64,
        on_progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Progress, ReverifyError> {
        let _running =
            GuildRun::claim(&self.running_guilds, guild_id).ok_or(ReverifyError::AlreadyRunning)?;
        let name = format!("guild:{guild_id}");
        let state = self.store.sweeps().start(&name, self.clock.now()).await?;
        let (_keep, stop) = watch::channel(false);
        let state = self
            .sweep(&name, state, Scope::Guild(guild_id), &stop, on_progress)
            .await?;
        // "Finished" means the roles are applied, not only queued (a bounded wait: Discord
        // may be away, and the reconciler keeps going without us).
        if !self
            .reconciler
            .wait_until_drained(guild_id, SYNC_APPLY_WAIT)
            .await
        {
            tracing::info!(guild = guild_id, "roles of /sync still being applied");
        }
        Ok(Progress {
            done: state.checked,
            total: state.checked,
            changed: state.changed,
            errors: state.failed,
        })
    }

    /// Pages through the links after `state.cursor`, saving progress after each page.
    async fn sweep(
        &self,
        name: &str,
        mut state: SweepState,
        scope: Scope,
        stop: &watch::Receiver<bool>,
        on_progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<SweepState, ReverifyError> {
        let rules = self.load_rules(scope).await?;
        let total = self.store.links().count().await?;
        tracing::info!(
            sweep = name,
            resumed_after = state.checked,
            total,
            "re-verification sweep running"
        );
        loop {
            if *stop.borrow() {
                return Ok(state);
            }
            if name == SWEEP_ALL {
                let now = self.clock.now();
                self.store
                    .leases()
                    .take(SWEEP_ALL, &self.holder, now, now + LEASE_SECS)
                    .await?;
            }
            let page = self.store.links().after(state.cursor, PAGE).await?;
            let Some(last) = page.last().map(|(l, _)| l.discord_user_id as i64) else {
                break;
            };
            let outcomes: Vec<Outcome> = futures::stream::iter(page)
                .map(|(link, health)| self.verify_and_push(link, health, scope, &rules))
                .buffer_unordered(IN_FLIGHT)
                .collect()
                .await;
            state.checked += outcomes.len() as i64;
            metrics::counter!(crate::telemetry::SWEEP_CHECKED).increment(outcomes.len() as u64);
            state.changed += outcomes.iter().filter(|o| o.changed()).count() as i64;
            state.failed += outcomes.iter().filter(|o| o.failed()).count() as i64;
            state.cursor = Some(last);
            self.store.sweeps().save(name, &state).await?;
            on_progress(Progress {
                done: state.checked,
                total,
                changed: state.changed,
                errors: state.failed,
            });
        }
        let now = self.clock.now();
        state.finished_at = Some(now);
        self.store.sweeps().save(name, &state).await?;
        for guild in rules.keys() {
            self.store.settings().set_last_swept(*guild, now).await?;
            // Members without a link, and roles changed by hand, are checked too.
            if let Err(e) = self.reconciler.mark_drifted(*guild).await {
                tracing::warn!(guild, error = %e, "could not compare the guild's members with the rules");
            }
        }
        Ok(state)
    }

    async fn load_rules(&self, scope: Scope) -> Result<HashMap<u64, Vec<Rule>>, StoreError> {
        let guilds = match scope {
            Scope::AllGuilds => self.store.rules().managed_guilds().await?,
            Scope::Guild(g) => vec![g],
        };
        let mut rules = HashMap::new();
        for guild in guilds {
            rules.insert(guild, self.roles.rules(guild).await?);
        }
        Ok(rules)
    }

    /// Re-verifies one link and syncs its roles. Never returns an error: what went wrong is
    /// the outcome, logged without secrets.
    pub async fn verify(
        &self,
        link: Link,
        health: LinkHealth,
        scope: Scope,
        rules: &HashMap<u64, Vec<Rule>>,
    ) -> Outcome {
        let user = link.discord_user_id;
        if let Scope::Guild(guild) = scope {
            // Only members of the guild cost Resonite calls.
            match self.roles.gateway().member_roles(guild, user).await {
                Ok(Some(_)) => {}
                Ok(None) => return Outcome::Skipped,
                Err(e) => {
                    tracing::warn!(guild, discord_user = user, error = %e, "could not read a member during /sync");
                    return Outcome::Failed;
                }
            }
        }
        let now = self.clock.now();
        let Some(refresh_token) = self.refresh_token(user).await else {
            if let Some(cloud) = &self.public
                && self.made_by_message(user).await
            {
                return self.verify_public(cloud, &link, &health, rules, now).await;
            }
            let facts = facts_for(&link, now);
            let changed = self.sync(user, &facts, rules).await;
            return Outcome::FromSnapshot { changed };
        };
        self.pacer.ready().await;
        let tokens = match self.resonite.refresh(&refresh_token).await {
            Ok(t) => t,
            Err(ResoniteError::InvalidGrant) => return self.stale(&link, now, rules).await,
            Err(e) => return self.upstream_failure(user, "refresh", &e),
        };
        if let Some(new_token) = &tokens.refresh_token
            && let Err(e) = self.vault.keep(user, new_token, now).await
        {
            // The old token was rotated away: next time this link goes stale. Say so.
            tracing::error!(discord_user = user, error = %e, "could not store a rotated refresh token");
        }
        self.pacer.ready().await;
        let (profile, profile_json) = match self.resonite.fetch_profile(&tokens.access_token).await
        {
            Ok(p) => p,
            Err(e) => return self.upstream_failure(user, "profile", &e),
        };
        let facts = match self
            .record(&link, &health, &profile, &profile_json, now)
            .await
        {
            Ok(f) => f,
            Err(e) => {
                tracing::error!(discord_user = user, error = %e, "could not store a re-verified profile");
                return Outcome::Failed;
            }
        };
        let mut changed = self.sync(user, &facts, rules).await;
        if profile.username != link.resonite_username {
            // A nickname template may show the Resonite username.
            match self
                .reconciler
                .mark_everywhere(user, SyncCause::Sweep)
                .await
            {
                Ok(_) => changed = true,
                Err(e) => {
                    tracing::warn!(discord_user = user, error = %e, "could not mark a renamed account")
                }
            }
        }
        Outcome::Verified { changed }
    }

    async fn made_by_message(&self, user: u64) -> bool {
        matches!(
            self.store.link_codes().method_of(user).await,
            Ok(Some(crate::store::LinkMethod::Message))
        )
    }

    /// A link made by message: the public profile, paced like every call to Resonite. A
    /// field the public profile lacks keeps its stored value, so it never removes a role;
    /// a lapse it shows is followed (after `LAPSE_GRACE_HOURS`) as for OAuth links.
    async fn verify_public(
        &self,
        cloud: &crate::resonite::bot::CloudClient,
        link: &Link,
        health: &LinkHealth,
        rules: &HashMap<u64, Vec<Rule>>,
        now: i64,
    ) -> Outcome {
        let user = link.discord_user_id;
        self.pacer.ready().await;
        let json = match cloud.public_user(&link.resonite_user_id).await {
            Ok(Some((_, json))) => json,
            Ok(None) => {
                tracing::warn!(
                    discord_user = user,
                    "the linked Resonite account has no public profile"
                );
                return Outcome::Failed;
            }
            Err(e) if e.is_transient() => {
                tracing::info!(discord_user = user, error = %e, "Resonite unavailable; will retry next sweep");
                return Outcome::Outage;
            }
            Err(e) => {
                tracing::warn!(discord_user = user, error = %e, "re-verification from the public profile failed");
                return Outcome::Failed;
            }
        };
        let merged = merge_public(&link.profile_json, &json);
        let Ok(profile) = Profile::from_json(&merged) else {
            tracing::warn!(discord_user = user, "a public profile could not be read");
            return Outcome::Failed;
        };
        match self.record(link, health, &profile, &merged, now).await {
            Ok(facts) => Outcome::Verified {
                changed: self.sync(user, &facts, rules).await,
            },
            Err(e) => {
                tracing::error!(discord_user = user, error = %e, "could not store a re-verified profile");
                Outcome::Failed
            }
        }
    }

    fn upstream_failure(&self, user: u64, step: &str, e: &ResoniteError) -> Outcome {
        if e.is_transient() {
            tracing::info!(discord_user = user, step, error = %e, "Resonite unavailable; will retry next sweep");
            Outcome::Outage
        } else {
            tracing::warn!(discord_user = user, step, error = %e, "re-verification failed");
            Outcome::Failed
        }
    }

    async fn refresh_token(&self, user: u64) -> Option<crate::config::Secret> {
        self.vault.open(user).await
    }

    /// Stores the new snapshot, holding a lapse back for `LAPSE_GRACE_HOURS`; returns the
    /// facts roles follow now.
    async fn record(
        &self,
        link: &Link,
        health: &LinkHealth,
        profile: &Profile,
        profile_json: &str,
        now: i64,
    ) -> Result<Facts, StoreError> {
        let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
        let old = facts_for(link, now);
        let new = Facts::from_profile(profile, at);
        let grace = self.cfg.lapse_grace.as_secs() as i64;
        let lapsed = old.active_supporter && !new.active_supporter;
        let since = health.pending_since.unwrap_or(now);
        let hold_back = lapsed && grace > 0 && now - since < grace;
        let (snapshot, pending, facts) = if hold_back {
            (link.profile_json.as_str(), Some((profile_json, since)), old)
        } else {
            (profile_json, None, new)
        };
        self.store
            .links()
            .record_verified(&Verified {
                discord_user_id: link.discord_user_id,
                resonite_username: &profile.username,
                profile_json: snapshot,
                pending,
                now,
            })
            .await?;
        Ok(facts)
    }

    /// Resonite refused the refresh token: mark stale, tell the member once, and after
    /// `STALE_GRACE_DAYS` keep only what being linked earns.
    async fn stale(&self, link: &Link, now: i64, rules: &HashMap<u64, Vec<Rule>>) -> Outcome {
        let user = link.discord_user_id;
        let health = match self.store.links().mark_stale(user, now).await {
            Ok(h) => h,
            Err(e) => {
                tracing::error!(discord_user = user, error = %e, "could not mark a link stale");
                return Outcome::Failed;
            }
        };
        let since = health.stale_since.unwrap_or(now);
        let grace_days = self.cfg.stale_grace.as_secs() / 86_400;
        if health.stale_notified_at.is_none() {
            let notice = MemberNotice::LinkStale {
                resonite_username: link.resonite_username.clone(),
                grace_days,
            };
            match self.roles.notifier().dm(user, &notice).await {
                Ok(()) => {}
                Err(e) => {
                    tracing::info!(discord_user = user, error = %e, "could not DM a member about a stale link")
                }
            }
            // Once, even if the DM failed (closed DMs): the log channel and /whois show it too.
            if let Err(e) = self.store.links().mark_stale_notified(user, now).await {
                tracing::warn!(error = %e, "could not record the stale-link notice");
            }
        }
        let expired = now - since >= self.cfg.stale_grace.as_secs() as i64;
        let facts = if expired {
            Facts::default()
        } else {
            facts_for(link, now)
        };
        let changed = self.sync(user, &facts, rules).await;
        Outcome::Stale { changed }
    }

    /// Marks the member in each guild of the sweep where what they earn differs from what
    /// they hold; true if any was marked. Members whose roles match cost no database write.
    async fn sync(&self, user: u64, facts: &Facts, rules: &HashMap<u64, Vec<Rule>>) -> bool {
        let mut changed = false;
        for (guild, guild_rules) in rules {
            if guild_rules.is_empty() {
                continue;
            }
            let current = match self.roles.gateway().member_roles(*guild, user).await {
                Ok(Some(current)) => current,
                Ok(None) => continue,
                Err(e) => {
                    // Let the reconciler find out (and retry) rather than guess.
                    tracing::info!(guild, discord_user = user, error = %e, "could not read a member during a sweep; marking");
                    Default::default()
                }
            };
            let wanted = diff(
                &managed_roles(guild_rules),
                &earned_roles(guild_rules, Some(facts)),
                &current,
            );
            if wanted.is_empty() {
                continue;
            }
            match self.reconciler.mark(*guild, user, SyncCause::Sweep).await {
                Ok(()) => changed = true,
                Err(e) => {
                    tracing::warn!(guild, discord_user = user, error = %e, "could not mark a member during a sweep")
                }
            }
        }
        changed
    }
}
/// The stored snapshot with every field the public profile carries replaced by its value:
/// fields it lacks (absent, not null) keep what was stored.
fn merge_public(stored: &str, public: &str) -> String {
    let Ok(serde_json::Value::Object(new)) = serde_json::from_str::<serde_json::Value>(public)
    else {
        return public.to_owned();
    };
    match serde_json::from_str::<serde_json::Value>(stored) {
        Ok(serde_json::Value::Object(mut old)) => {
            old.extend(new);
            serde_json::Value::Object(old).to_string()
        }
        _ => serde_json::Value::Object(new).to_string(),
    }
}
