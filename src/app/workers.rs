//! The background work beside the gateway: the reconciler's workers, re-verification
//! sweeps, purging expired link states, and housekeeping (re-sealing tokens after a key
//! rotation, pseudonymising the audit of unlinked members).

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinHandle;

use super::Core;
use super::shutdown::Stop;
use crate::discord::MemberLists;
use crate::linking::LinkService;
use crate::reverify::Reverifier;
use crate::tokens::TokenVault;

/// How long the first sweep waits for the gateway to deliver every guild's members.
const MEMBERS_WAIT: Duration = Duration::from_secs(120);

/// How often expired link states are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(600);

pub(super) struct Workers {
    reconciler: JoinHandle<()>,
    sweeps: Option<JoinHandle<()>>,
    purge: JoinHandle<()>,
    housekeeping: JoinHandle<()>,
    linked_roles: Option<JoinHandle<()>>,
    /// Linking by message (the bot's Resonite account), when it is set.
    by_message: Option<JoinHandle<()>>,
}

impl Workers {
    pub(super) fn spawn(core: &Core, stop: &Stop) -> Self {
        Self {
            // Pending role changes survive restarts: the workers start with what is due.
            reconciler: tokio::spawn(Arc::clone(&core.reconciler).run(stop.subscribe())),
            sweeps: spawn_sweeps(core, &core.reverifier, &core.members, stop),
            purge: spawn_purge(Arc::clone(&core.links), stop),
            housekeeping: spawn_housekeeping(core, stop),
            linked_roles: spawn_linked_roles(core, stop),
            by_message: core.config.resonite_bot.clone().map(|cfg| {
                crate::linking::by_message::spawn(Arc::clone(&core.links), cfg, stop.subscribe())
            }),
        }
    }

    /// Waits for every worker to end (after the stop was triggered).
    pub(super) async fn join(self) {
        let _ = self.purge.await;
        let _ = self.housekeeping.await;
        if let Some(linked_roles) = self.linked_roles {
            let _ = linked_roles.await;
        }
        if let Some(by_message) = self.by_message {
            let _ = by_message.await;
        }
        let _ = self.reconciler.await;
        if let Some(sweeps) = self.sweeps {
            let _ = sweeps.await;
        }
    }
}

fn spawn_sweeps(
    core: &Core,
    reverifier: &Arc<Reverifier>,
    members: &Arc<MemberLists>,
    stop: &Stop,
) -> Option<JoinHandle<()>> {
    if !reverifier.verifies_with_resonite() {
        tracing::warn!(
            "re-verification is off: set TOKEN_ENCRYPTION_KEY (resonite-verify gen-key) so roles follow changes on Resonite without /update"
        );
        return None;
    }
    tracing::info!(every = ?core.config.reverify.interval, max_rps = core.config.reverify.max_rps, "re-verification is on");
    let reverifier = Arc::clone(reverifier);
    let members = Arc::clone(members);
    let stop = stop.subscribe();
    Some(tokio::spawn(async move {
        // Sweep once members have arrived from the gateway: they are read from memory,
        // not fetched one by one. A gateway that never delivers them delays, not stops.
        if !members.wait_loaded(MEMBERS_WAIT).await {
            tracing::warn!(waited = ?MEMBERS_WAIT, "members still loading; sweeping anyway");
        }
        reverifier.run_periodically(stop).await;
    }))
}

fn spawn_purge(links: Arc<LinkService>, stop: &Stop) -> JoinHandle<()> {
    let mut stop = stop.subscribe();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            tokio::select! {
                _ = every.tick() => {
                    if let Err(e) = links.purge_expired().await {
                        tracing::warn!(error = %e, "could not purge expired link states");
                    }
                }
                _ = stop.changed() => break,
            }
        }
    })
}

/// At start-up and every [`PURGE_EVERY`]: tokens under `TOKEN_ENCRYPTION_KEY_OLD` are
/// re-sealed under the current key (so a rotation completes and the old key can go), and
/// unlinked members' audit rows past the retention lose the Resonite account they name.
/// Both are idempotent: several processes may run them at once.
fn spawn_housekeeping(core: &Core, stop: &Stop) -> JoinHandle<()> {
    let vault = TokenVault::new(core.store.clone(), core.cipher.clone());
    let store = core.store.clone();
    let clock = core.links.clock().clone();
    let mut stop = stop.subscribe();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            tokio::select! {
                _ = every.tick() => {}
                _ = stop.changed() => break,
            }
            match vault.reseal_old().await {
                Ok(done) if done.resealed > 0 || done.unusable > 0 => tracing::info!(
                    resealed = done.resealed,
                    unusable = done.unusable,
                    "refresh tokens re-sealed under TOKEN_ENCRYPTION_KEY; TOKEN_ENCRYPTION_KEY_OLD can go once /doctor counts none left"
                ),
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "could not re-seal refresh tokens; trying again later")
                }
            }
            match store.audit().pseudonymise_unlinked(clock.now()).await {
                Ok(0) => {}
                Ok(rows) => tracing::info!(rows, "audit rows of unlinked members pseudonymised"),
                Err(e) => {
                    tracing::warn!(error = %e, "could not pseudonymise the audit; trying again later")
                }
            }
        }
    })
}

/// Registers the Linked Roles metadata, then pushes what is owed until stopped; says how
/// to turn Linked Roles on when it is off.
fn spawn_linked_roles(core: &Core, stop: &Stop) -> Option<JoinHandle<()>> {
    let Some(linked_roles) = core.linked_roles.clone() else {
        tracing::info!(
            "Linked Roles is off: set DISCORD_CLIENT_SECRET (developer portal → OAuth2) and the Linked Roles Verification URL PUBLIC_URL/linked-role to turn it on"
        );
        return None;
    };
    let stop = stop.subscribe();
    Some(tokio::spawn(async move {
        let register = super::patience::until_up("Discord (Linked Roles metadata)", || async {
            linked_roles.register_metadata().await.map_err(|e| {
                if e.is_transient() {
                    super::patience::Attempt::Retry(e)
                } else {
                    super::patience::Attempt::GiveUp(e)
                }
            })
        });
        let mut stopping = stop.clone();
        let registered = tokio::select! {
            registered = register => registered,
            _ = stopping.changed() => return,
        };
        match registered {
            Ok(()) => tracing::info!("Linked Roles is on: metadata registered with Discord"),
            Err(e) => {
                tracing::error!(error = %e, "could not register the Linked Roles metadata; members cannot claim linked roles until it is")
            }
        }
        if !linked_roles.keeps_tokens() {
            tracing::warn!(
                "Linked Roles without TOKEN_ENCRYPTION_KEY: each member's connection is pushed once at link time and not updated after"
            );
        }
        linked_roles.run(stop).await;
    }))
}
