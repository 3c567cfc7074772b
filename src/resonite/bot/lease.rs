//! Exactly one process holds the bot account's session and hub: a lease in the database,
//! renewed while held and taken over by another process once its holder stops renewing
//! (dies). With the defaults a dead holder is replaced within `ttl + renew_every` = 25 s.
//!
//! The lease's times are the processes' clocks (Unix seconds, [`Clock`]); processes sharing
//! a database are assumed to keep their clocks in step (NTP), as the sweep's lease already
//! does (the same `leases` table, another name).

use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::session::InstallIdentity;
use crate::clock::Clock;
use crate::config::Secret;
use crate::store::{Store, StoreError, StoredInstall};

/// The lease of the bot account's session and hub.
pub const HUB_LEASE: &str = "resonite-hub";

#[derive(Debug, Clone, Copy)]
pub struct LeaseTimings {
    /// How long one renewal holds the lease (whole seconds count).
    pub ttl: Duration,
    /// How often the holder renews and the others try.
    pub renew_every: Duration,
}

impl Default for LeaseTimings {
    fn default() -> Self {
        Self {
            ttl: Duration::from_secs(20),
            renew_every: Duration::from_secs(5),
        }
    }
}

/// A name for this process as a lease holder (random, so restarts are new holders).
pub fn new_holder_id() -> String {
    super::model::uuid_v4()
}

/// The install identity kept in the database: made by the first process, reused by all.
pub async fn install_identity(store: &Store, now: i64) -> Result<InstallIdentity, StoreError> {
    let fresh = InstallIdentity::generate();
    let candidate = StoredInstall {
        uid: fresh.uid,
        machine_id: fresh.machine_id.expose().to_owned(),
    };
    let stored = store
        .bot_account()
        .install_identity(&candidate, now)
        .await?;
    Ok(InstallIdentity {
        uid: stored.uid,
        machine_id: Secret::new(stored.machine_id),
    })
}

/// Keeps trying to take, then renewing, one lease; [`held`](Self::held) says whether this
/// process has it. A database error counts as not holding it (better none than two).
pub struct LeaseKeeper {
    held: watch::Receiver<bool>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    store: Store,
    name: &'static str,
    holder: String,
}

impl LeaseKeeper {
    pub fn start(
        store: Store,
        clock: Clock,
        name: &'static str,
        holder: String,
        timings: LeaseTimings,
    ) -> Self {
        let (held_tx, held) = watch::channel(false);
        let (stop, mut stop_rx) = watch::channel(false);
        let task = {
            let store = store.clone();
            let holder = holder.clone();
            tokio::spawn(async move {
                loop {
                    let now = clock.now();
                    let ttl = i64::try_from(timings.ttl.as_secs())
                        .unwrap_or(i64::MAX)
                        .max(1);
                    let has = match store
                        .leases()
                        .take(name, &holder, now, now.saturating_add(ttl))
                        .await
                    {
                        Ok(has) => has,
                        Err(e) => {
                            tracing::warn!(error = %e, lease = name, "cannot renew the lease; letting go");
                            false
                        }
                    };
                    held_tx.send_if_modified(|was| {
                        let changed = *was != has;
                        if changed {
                            tracing::info!(lease = name, held = has, "lease changed hands");
                        }
                        *was = has;
                        changed
                    });
                    tokio::select! {
                        _ = tokio::time::sleep(timings.renew_every) => {}
                        _ = stop_rx.wait_for(|s| *s) => break,
                    }
                }
                held_tx.send_replace(false);
            })
        };
        Self {
            held,
            stop,
            task: Some(task),
            store,
            name,
            holder,
        }
    }

    /// Whether this process holds the lease now, and its changes (the bot account's gate).
    pub fn held(&self) -> watch::Receiver<bool> {
        self.held.clone()
    }

    pub fn holder(&self) -> &str {
        &self.holder
    }

    /// Stops renewing without giving the lease back (what a crash looks like).
    pub async fn abandon(mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Stops and gives the lease back, so another process takes over at once.
    pub async fn release(mut self) -> Result<(), StoreError> {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        self.store.leases().release(self.name, &self.holder).await
    }
}

impl Drop for LeaseKeeper {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}
