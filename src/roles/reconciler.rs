//! The reconciler: the one mechanism that changes roles.
//!
//! Every cause (a link, an unlink, `/update`, a member joining, a rule added or removed, a
//! sweep that found a new profile) only marks a (guild, member) as needing reconciling —
//! a row in the database, so a crash or a restart loses nothing. Workers claim due rows,
//! compute what the member earns from what is stored *now* (level-triggered: however often
//! a row runs, it brings the member to the same roles), apply the difference, and delete
//! the row. Discord being busy (429) waits the `retry_after` it sent; Discord being away
//! (5xx, time-outs, refused connections) backs off exponentially from 1 s to 10 min; after
//! a day of failures the row is kept as failed and the log channel says so once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::{Notify, broadcast, watch};

use super::sync::{
    GuildPolicy, MemberLink, RoleSync, SyncCause, SyncError, SyncReport, effective_facts,
};
use super::{Condition, GuildNotice};
use crate::clock::Clock;
use crate::store::{
    AuditAction, ClaimedReconcile, ReconcileMark, ReconcileRetry, ShardFilter, Store, StoreError,
};

/// Discord lets a bot make 50 requests a second in all, and a member's reconcile is about one
/// request: more members in flight than that only queue inside the HTTP client.
const MAX_IN_FLIGHT: usize = 50;

/// How the workers run. The defaults suit one process; tests shorten the waits.
#[derive(Debug, Clone)]
pub struct ReconcilerOptions {
    /// At most this many members reconciled at once by this process: as many as are due, up
    /// to this (a quiet queue runs one at a time, a busy one this many). Each member's own
    /// calls stay in order; different members' calls overlap.
    pub max_in_flight: usize,
    /// Rows claimed per round trip to the database.
    pub batch: i64,
    /// How long a claim lasts unrenewed before another process may take the row over: a
    /// killed holder's members wait at most this long. The holder renews its claims every
    /// `renew_every` while it works on them, and gives up a member whose claim it could
    /// not renew before the claim runs out (so two processes never apply one row at once).
    pub claim: Duration,
    pub renew_every: Duration,
    /// The longest one member's reconcile may take (a hanging Discord is a failure).
    pub member_timeout: Duration,
    /// Back-off after the first failure; doubles up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// After failing this long a row is kept as failed.
    pub give_up_after: Duration,
    /// Idle workers look for rows marked by other processes this often.
    pub poll: Duration,
    /// Guilds of this process's shards only (`None`: every guild).
    pub shards: Option<ShardFilter>,
    /// `STALE_GRACE_DAYS`: a stale link keeps its supporter roles this long.
    pub stale_grace: Duration,
}

impl Default for ReconcilerOptions {
    fn default() -> Self {
        Self {
            max_in_flight: MAX_IN_FLIGHT,
            batch: 2 * MAX_IN_FLIGHT as i64,
            claim: Duration::from_secs(30),
            renew_every: Duration::from_secs(10),
            member_timeout: Duration::from_secs(30),
            min_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(600),
            give_up_after: Duration::from_secs(86_400),
            poll: Duration::from_secs(2),
            shards: None,
            stale_grace: Duration::from_secs(7 * 86_400),
        }
    }
}

/// What one reconcile did, for whoever waits on it (the result page, `/update`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub guild_id: u64,
    pub user_id: u64,
    pub report: SyncReport,
    /// The row stays pending: Discord failed and the reconcile is retried later.
    pub retrying: Option<String>,
}

/// What [`Reconciler::mark_guild`] marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuildMarks {
    /// Members marked.
    pub marked: usize,
    /// Of them, those with a link.
    pub linked: usize,
}

/// How a claimed row ended this time.
enum Ending {
    Done(SyncReport),
    Retry {
        report: SyncReport,
        error: String,
        after: Option<Duration>,
    },
}

pub struct Reconciler {
    roles: Arc<RoleSync>,
    store: Store,
    clock: Clock,
    holder: String,
    options: ReconcilerOptions,
    wake: Notify,
    applied: broadcast::Sender<Applied>,
    /// Some row claimed by this process could not be recorded (the database went away
    /// mid-reconcile): its claim is given back once the database answers, rather than
    /// left to expire.
    lost_claims: AtomicBool,
}

impl Reconciler {
    pub fn new(roles: Arc<RoleSync>, options: ReconcilerOptions) -> Self {
        let (applied, _) = broadcast::channel(1024);
        Self {
            store: roles.store().clone(),
            clock: roles.clock().clone(),
            roles,
            holder: format!("{}-{}", std::process::id(), crate::random::random_token()),
            options,
            wake: Notify::new(),
            applied,
            lost_claims: AtomicBool::new(false),
        }
    }

    pub fn roles(&self) -> &Arc<RoleSync> {
        &self.roles
    }

    pub fn options(&self) -> &ReconcilerOptions {
        &self.options
    }

    fn now_ms(&self) -> i64 {
        // The test clock moves in whole seconds; milliseconds come from the system clock.
        let offset_ms = (self.clock.now() - chrono::Utc::now().timestamp()) * 1000;
        chrono::Utc::now().timestamp_millis() + offset_ms
    }

    /// Wakes an idle worker of this process (after marking).
    pub fn wake(&self) {
        self.wake.notify_waiters();
        self.wake.notify_one();
    }

    /// Hears every reconcile this process finishes or retries. Subscribe before marking.
    pub fn subscribe(&self) -> broadcast::Receiver<Applied> {
        self.applied.subscribe()
    }

    /// Marks one member of one guild.
    pub async fn mark(
        &self,
        guild_id: u64,
        user_id: u64,
        cause: SyncCause,
    ) -> Result<(), StoreError> {
        self.mark_members(guild_id, &[user_id], cause).await
    }

    /// Marks members of one guild, in one transaction.
    pub async fn mark_members(
        &self,
        guild_id: u64,
        users: &[u64],
        cause: SyncCause,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let due = self.now_ms();
        let marks: Vec<ReconcileMark> = users
            .iter()
            .map(|user| ReconcileMark {
                guild_id,
                user_id: *user,
                cause: cause.as_stored().to_owned(),
                actor_id: cause.actor(*user),
                reply_token: None,
                due_at_ms: due,
            })
            .collect();
        self.store.queue().mark(&marks, now).await?;
        self.wake();
        Ok(())
    }

    /// Marks the member in every guild that has rules; returns those guilds.
    pub async fn mark_everywhere(
        &self,
        user_id: u64,
        cause: SyncCause,
    ) -> Result<Vec<u64>, StoreError> {
        let guilds = self.store.rules().managed_guilds().await?;
        let now = self.clock.now();
        let due = self.now_ms();
        let marks: Vec<ReconcileMark> = guilds
            .iter()
            .map(|guild| ReconcileMark {
                guild_id: *guild,
                user_id,
                cause: cause.as_stored().to_owned(),
                actor_id: cause.actor(user_id),
                reply_token: None,
                due_at_ms: due,
            })
            .collect();
        self.store.queue().mark(&marks, now).await?;
        self.wake();
        Ok(guilds)
    }

    /// Marks every member of the guild whose roles a rule change can touch: every linked
    /// member, and when the guild has an `unlinked` rule every member at all. Members are
    /// taken from the gateway's member list when it is complete; otherwise every link is
    /// marked and non-members drop out when their row runs. Returns how many were marked,
    /// and how many of them are linked (a reply about linked members counts those).
    pub async fn mark_guild(
        &self,
        guild_id: u64,
        cause: SyncCause,
    ) -> Result<GuildMarks, StoreError> {
        let members: Option<Vec<u64>> = match self.roles.gateway().member_ids(guild_id).await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::info!(guild = guild_id, error = %e, "member list unavailable; marking every link");
                None
            }
        };
        let rules = self.roles.rules(guild_id).await?;
        let everyone = rules.iter().any(|r| r.condition == Condition::Unlinked);
        match members {
            Some(all) if everyone => {
                for users in all.chunks(1000) {
                    self.mark_members(guild_id, users, cause).await?;
                }
                let linked = self.linked_among(&all).await?;
                return Ok(GuildMarks {
                    marked: all.len(),
                    linked,
                });
            }
            None if everyone => tracing::warn!(
                guild = guild_id,
                "the member list has not arrived (is the Server Members intent on?); \
                 only linked members are marked for the unlinked rule"
            ),
            _ => {}
        }
        let linked = self.mark_linked_among(guild_id, members, cause).await?;
        Ok(GuildMarks {
            marked: linked,
            linked,
        })
    }

    /// How many of `members` have a link.
    async fn linked_among(&self, members: &[u64]) -> Result<usize, StoreError> {
        let members: HashSet<u64> = members.iter().copied().collect();
        let mut cursor = None;
        let mut linked = 0;
        loop {
            let ids = self.store.links().ids_after(cursor, 1000).await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            cursor = Some(last);
            linked += ids.iter().filter(|u| members.contains(u)).count();
        }
        Ok(linked)
    }

    /// Level-triggered: marks every member of the guild, linked or not, whose managed roles
    /// differ from what the rules give them now, whatever made them differ while nobody was
    /// looking (a role taken or given by hand, a member who joined while the bot was
    /// stopped). Decided as `/roles preview` decides, from the gateway's member list (only
    /// linked members when the list is not complete); members whose roles match are not
    /// marked, so the reconciler makes exactly the changes. Returns how many were marked.
    pub async fn mark_drifted(&self, guild_id: u64) -> Result<usize, SyncError> {
        let rules = self.roles.rules(guild_id).await?;
        if rules.is_empty() {
            return Ok(0);
        }
        let bypass = self.store.settings().get(guild_id).await?.bypass_role_id;
        let (members, _) =
            super::preview::gather(&self.roles, guild_id, self.options.stale_grace).await?;
        let positions: HashMap<u64, i64> = if rules.iter().any(|r| r.group.is_some()) {
            let roles = self.roles.gateway().guild_roles(guild_id).await;
            roles
                .map_err(SyncError::Discord)?
                .into_iter()
                .map(|r| (r.id, r.position))
                .collect()
        } else {
            HashMap::new()
        };
        let change = super::preview::preview(None, &rules, &members, bypass, |id| {
            positions.get(&id).copied()
        });
        let drifted: Vec<u64> = change
            .gains
            .values()
            .chain(change.losses.values())
            .flatten()
            .copied()
            .collect::<std::collections::BTreeSet<u64>>()
            .into_iter()
            .collect();
        for users in drifted.chunks(1000) {
            self.mark_members(guild_id, users, SyncCause::Sweep).await?;
        }
        Ok(drifted.len())
    }

    /// Marks the guild's linked members only (a nickname template concerns nobody else);
    /// returns how many.
    pub async fn mark_linked(&self, guild_id: u64, cause: SyncCause) -> Result<usize, StoreError> {
        let members = self
            .roles
            .gateway()
            .member_ids(guild_id)
            .await
            .ok()
            .flatten();
        self.mark_linked_among(guild_id, members, cause).await
    }

    /// Marks every link whose member is in `members` (every link when the list is unknown).
    async fn mark_linked_among(
        &self,
        guild_id: u64,
        members: Option<Vec<u64>>,
        cause: SyncCause,
    ) -> Result<usize, StoreError> {
        let members: Option<HashSet<u64>> = members.map(|ids| ids.into_iter().collect());
        let mut cursor = None;
        let mut marked = 0;
        loop {
            let ids = self.store.links().ids_after(cursor, 1000).await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            cursor = Some(last);
            let users: Vec<u64> = ids
                .into_iter()
                .filter(|u| members.as_ref().is_none_or(|m| m.contains(u)))
                .collect();
            marked += users.len();
            self.mark_members(guild_id, &users, cause).await?;
        }
        Ok(marked)
    }

    /// Waits until this process applied (or gave up for now on) `user` in each of `guilds`,
    /// or `timeout` passed; returns what arrived. `rx` must predate the marks.
    pub async fn wait_for(
        rx: &mut broadcast::Receiver<Applied>,
        user_id: u64,
        guilds: &[u64],
        timeout: Duration,
    ) -> Vec<Applied> {
        let mut waiting: HashSet<u64> = guilds.iter().copied().collect();
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + timeout;
        while !waiting.is_empty() {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Ok(applied)) if applied.user_id == user_id => {
                    if waiting.remove(&applied.guild_id) {
                        seen.push(applied);
                    }
                }
                Ok(Ok(_)) | Ok(Err(broadcast::error::RecvError::Lagged(_))) => {}
                Ok(Err(broadcast::error::RecvError::Closed)) | Err(_) => break,
            }
        }
        seen
    }

    /// Waits until no reconcile of the guild is pending (or `timeout`); true when drained.
    /// Polls the database: rows may be drained by another process.
    pub async fn wait_until_drained(&self, guild_id: u64, timeout: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            match self.store.queue().count_pending(Some(guild_id)).await {
                Ok(0) => return true,
                Ok(_) => {}
                Err(e) => tracing::info!(error = %e, "could not count pending reconciles"),
            }
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            self.wake();
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Drains due rows until `stop` turns true, then gives back its claims.
    pub async fn run(self: Arc<Self>, mut stop: watch::Receiver<bool>) {
        tracing::info!(holder = %self.holder, "reconciler running");
        let mut paused = false;
        loop {
            if *stop.borrow() {
                break;
            }
            let drained = self.drain_due().await;
            if drained.is_ok() {
                if paused {
                    tracing::info!("the database answers again; reconciler resumed");
                    paused = false;
                }
                // Between drains none of this process's claims is in flight.
                self.give_back_lost_claims().await;
            }
            let wait = match drained {
                Ok(n) if n > 0 => continue,
                Ok(_) => self.idle_wait().await,
                Err(e) => {
                    // Rows may have been claimed before the error.
                    self.lost_claims.store(true, Ordering::Relaxed);
                    if paused {
                        tracing::debug!(error = %e, "reconciler still paused");
                    } else {
                        tracing::warn!(error = %e, "reconciler cannot reach the database; pausing until it answers");
                        paused = true;
                    }
                    self.options.poll
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = self.wake.notified() => {}
                // A dropped sender stops the workers too.
                changed = stop.changed() => if changed.is_err() { break },
            }
        }
        match self.store.queue().release_claims(&self.holder).await {
            Ok(n) if n > 0 => tracing::info!(released = n, "reconciler stopped; claims released"),
            Ok(_) => {}
            Err(e) => {
                tracing::warn!(error = %e, "could not release reconcile claims (they expire)")
            }
        }
    }

    /// Releases this process's claims on rows whose outcome could not be recorded, so they
    /// run again at their due time instead of once their claim expires.
    async fn give_back_lost_claims(&self) {
        if !self.lost_claims.swap(false, Ordering::Relaxed) {
            return;
        }
        match self.store.queue().release_claims(&self.holder).await {
            Ok(n) if n > 0 => tracing::info!(
                released = n,
                "reconcile claims given back after a database outage"
            ),
            Ok(_) => {}
            Err(e) => {
                tracing::debug!(error = %e, "could not give back reconcile claims yet");
                self.lost_claims.store(true, Ordering::Relaxed);
            }
        }
    }

    /// Until the next row is due (another process may mark meanwhile: at most `poll`).
    async fn idle_wait(&self) -> Duration {
        let poll = self.options.poll;
        match self.store.queue().next_due_ms().await {
            Ok(Some(due)) => {
                let ms = (due - self.now_ms()).clamp(5, poll.as_millis() as i64);
                Duration::from_millis(ms as u64)
            }
            _ => poll,
        }
    }

    /// Claims one batch of due rows and reconciles them; returns how many it claimed.
    pub async fn drain_due(&self) -> Result<usize, StoreError> {
        let asked = tokio::time::Instant::now();
        let now_ms = self.now_ms();
        let claim_until = now_ms + self.options.claim.as_millis() as i64;
        let claimed = self
            .store
            .queue()
            .claim(
                &self.holder,
                now_ms,
                claim_until,
                self.options.batch,
                self.options.shards,
            )
            .await?;
        if claimed.is_empty() {
            return Ok(0);
        }
        let count = claimed.len();
        // Until when this process may still act on its claims, by its own clock.
        let (lease, held) = watch::channel(self.lease_end(asked));
        let work = async {
            let mut policies: HashMap<u64, Arc<GuildPolicy>> = HashMap::new();
            for guild in claimed.iter().map(|c| c.guild_id).collect::<HashSet<_>>() {
                policies.insert(guild, Arc::new(self.roles.policy(guild).await?));
            }
            futures::stream::iter(claimed)
                .map(|c| {
                    let policy = policies.get(&c.guild_id).cloned().unwrap_or_default();
                    self.reconcile(c, policy, held.clone())
                })
                .buffer_unordered(self.options.max_in_flight.max(1))
                .collect::<Vec<()>>()
                .await;
            Ok::<(), StoreError>(())
        };
        tokio::select! {
            done = work => done?,
            never = self.renew_claims(&lease) => match never {},
        }
        Ok(count)
    }

    /// The moment a claim asked for at `asked` must be given up if it was not renewed: a
    /// little before it runs out in the database, for clocks that differ between processes.
    fn lease_end(&self, asked: tokio::time::Instant) -> tokio::time::Instant {
        let claim = self.options.claim;
        asked + claim.saturating_sub(claim / 6)
    }

    /// Renews this process's claims every `renew_every` while a batch runs (ends with it).
    async fn renew_claims(
        &self,
        lease: &watch::Sender<tokio::time::Instant>,
    ) -> std::convert::Infallible {
        let mut failing = false;
        loop {
            tokio::time::sleep(self.options.renew_every).await;
            let asked = tokio::time::Instant::now();
            let until = self.now_ms() + self.options.claim.as_millis() as i64;
            match self.store.queue().renew_claims(&self.holder, until).await {
                Ok(_) => {
                    failing = false;
                    lease.send_replace(self.lease_end(asked));
                }
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e, "could not renew reconcile claims; members not renewed in time are left to the next claim");
                }
                Err(e) => tracing::debug!(error = %e, "still cannot renew reconcile claims"),
            }
        }
    }

    async fn reconcile(
        &self,
        claimed: ClaimedReconcile,
        policy: Arc<GuildPolicy>,
        lease: watch::Receiver<tokio::time::Instant>,
    ) {
        let (guild, user) = (claimed.guild_id, claimed.user_id);
        let ending = tokio::select! {
            ending = self.apply(&claimed, &policy) => ending,
            () = lease_lapsed(lease) => {
                // Another process may claim the row now: stop before it starts. The row
                // stays pending; if it is still ours it is given back.
                self.lost_claims.store(true, Ordering::Relaxed);
                tracing::warn!(guild, discord_user = user, "reconcile claim not renewed in time; leaving the member to the next claim");
                let _ = self.applied.send(Applied {
                    guild_id: guild,
                    user_id: user,
                    report: SyncReport::default(),
                    retrying: Some("the claim on this member could not be renewed".to_owned()),
                });
                return;
            }
        };
        let result = match ending {
            Ending::Done(report) => self.done(&claimed, report).await,
            Ending::Retry {
                report,
                error,
                after,
            } => self.retry(&claimed, report, &error, after).await,
        };
        if let Err(e) = result {
            // The row stays claimed: given back once the database answers (or the claim
            // expires), it runs again; nothing is lost.
            self.lost_claims.store(true, Ordering::Relaxed);
            tracing::warn!(guild, discord_user = user, error = %e, "could not record a reconcile");
            // Whoever waits for the member hears that the row is still pending.
            let _ = self.applied.send(Applied {
                guild_id: guild,
                user_id: user,
                report: SyncReport::default(),
                retrying: Some(format!("could not record the reconcile: {e}")),
            });
        }
    }

    async fn apply(&self, claimed: &ClaimedReconcile, policy: &GuildPolicy) -> Ending {
        let (guild, user) = (claimed.guild_id, claimed.user_id);
        let now = self.clock.now();
        let linked = match self.store.links().with_health(user).await {
            Ok(found) => found.map(|(link, health)| {
                let facts = effective_facts(&link, &health, now, self.options.stale_grace);
                (facts, link.resonite_username)
            }),
            Err(e) => {
                return Ending::Retry {
                    report: SyncReport::default(),
                    error: e.to_string(),
                    after: None,
                };
            }
        };
        let cause = SyncCause::from_stored(&claimed.cause, claimed.actor_id);
        let link = linked.as_ref().map(|(facts, username)| MemberLink {
            facts,
            resonite_username: username,
        });
        let sync = self
            .roles
            .sync_member_with_policy(guild, user, policy, link, cause);
        match tokio::time::timeout(self.options.member_timeout, sync).await {
            Err(_) => Ending::Retry {
                report: SyncReport::default(),
                error: "Discord did not answer in time".to_owned(),
                after: None,
            },
            Ok(Err(SyncError::Discord(e))) if e.is_transient() => Ending::Retry {
                report: SyncReport::default(),
                after: retry_after(&e),
                error: e.to_string(),
            },
            Ok(Err(SyncError::Discord(e))) => {
                tracing::warn!(guild, discord_user = user, error = %e, "cannot read the member's roles; not retrying");
                Ending::Done(SyncReport {
                    guild_id: guild,
                    user_id: user,
                    ..SyncReport::default()
                })
            }
            Ok(Err(SyncError::Store(e))) => Ending::Retry {
                report: SyncReport::default(),
                error: e.to_string(),
                after: None,
            },
            Ok(Ok(report)) => match report.transient_failure().cloned() {
                Some(e) => Ending::Retry {
                    after: retry_after(&e),
                    error: e.to_string(),
                    report,
                },
                None => Ending::Done(report),
            },
        }
    }

    async fn done(&self, claimed: &ClaimedReconcile, report: SyncReport) -> Result<(), StoreError> {
        self.store.queue().finish(claimed, &self.holder).await?;
        // The one edit of the `/link` reply (a link from Linked Roles has none).
        if let Some(token) = claimed.reply_token.as_ref().filter(|t| !t.is_empty()) {
            self.edit_link_reply(claimed, token.expose(), &report).await;
        }
        let _ = self.applied.send(Applied {
            guild_id: claimed.guild_id,
            user_id: claimed.user_id,
            report,
            retrying: None,
        });
        Ok(())
    }

    async fn edit_link_reply(&self, claimed: &ClaimedReconcile, token: &str, report: &SyncReport) {
        let link = match self.store.links().by_discord(claimed.user_id).await {
            Ok(Some(link)) => link,
            Ok(None) => return,
            Err(e) => {
                tracing::info!(error = %e, "could not read the link for its /link reply");
                return;
            }
        };
        let reply = super::LinkReply {
            resonite_username: link.resonite_username,
            resonite_user_id: link.resonite_user_id,
            replaced: claimed.reply_replaced.clone(),
            locale: claimed.reply_locale.clone(),
            report: report.clone(),
        };
        if let Err(e) = self.roles.notifier().link_reply(token, &reply).await {
            // The reply may be gone (dismissed, or its 15 minutes are over).
            tracing::info!(error = %e, "could not edit the /link reply");
        }
    }

    async fn retry(
        &self,
        claimed: &ClaimedReconcile,
        report: SyncReport,
        error: &str,
        after: Option<Duration>,
    ) -> Result<(), StoreError> {
        let now = self.clock.now();
        let attempts = claimed.attempts + 1;
        let first_failed_at = claimed.first_failed_at.unwrap_or(now);
        let wait = after.unwrap_or_else(|| self.backoff(attempts));
        let give_up = now - first_failed_at >= self.options.give_up_after.as_secs() as i64;
        let retry = ReconcileRetry {
            due_at_ms: self.now_ms() + wait.as_millis() as i64,
            attempts,
            first_failed_at,
            last_error: error,
            failed_at: give_up.then_some(now),
        };
        self.store
            .queue()
            .retry(claimed, &self.holder, &retry)
            .await?;
        metrics::counter!(crate::telemetry::RECONCILE_RETRIES).increment(1);
        let (guild, user) = (claimed.guild_id, claimed.user_id);
        if give_up {
            tracing::error!(
                guild,
                discord_user = user,
                attempts,
                error,
                "reconcile failed for a day; kept as failed"
            );
            if let Err(e) = self
                .store
                .audit()
                .record(
                    now,
                    Some(guild),
                    user,
                    None,
                    AuditAction::RoleFailed,
                    &format!("gave up after {attempts} attempts: {error}"),
                )
                .await
            {
                tracing::warn!(error = %e, "could not audit a failed reconcile");
            }
            let notice = GuildNotice::ReconcileGaveUp {
                user_id: user,
                error: error.to_owned(),
            };
            self.roles.notify_guild(guild, &notice).await;
        } else {
            tracing::info!(
                guild,
                discord_user = user,
                attempts,
                ?wait,
                error,
                "reconcile failed; retrying"
            );
        }
        let _ = self.applied.send(Applied {
            guild_id: guild,
            user_id: user,
            report,
            retrying: Some(error.to_owned()),
        });
        Ok(())
    }

    /// 1 s, 2 s, 4 s, … up to 10 min.
    fn backoff(&self, attempts: i64) -> Duration {
        let exp = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(u32::MAX)
            .min(20);
        self.options
            .min_backoff
            .saturating_mul(2u32.saturating_pow(exp))
            .min(self.options.max_backoff)
    }
}

/// Resolves once the lease's end (which renewals move later) has passed.
async fn lease_lapsed(mut lease: watch::Receiver<tokio::time::Instant>) {
    loop {
        let end = *lease.borrow_and_update();
        tokio::select! {
            () = tokio::time::sleep_until(end) => {
                if *lease.borrow() <= tokio::time::Instant::now() {
                    return;
                }
            }
            changed = lease.changed() => {
                // The batch is over (nobody renews any more): nothing to guard.
                if changed.is_err() {
                    std::future::pending::<()>().await;
                }
            }
        }
    }
}

/// The wait Discord asked for, for a 429.
fn retry_after(e: &super::RoleApiError) -> Option<Duration> {
    match e {
        super::RoleApiError::RateLimited(wait) => Some(*wait),
        _ => None,
    }
}
