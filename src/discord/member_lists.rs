//! What the gateway has shown this process: serenity's cache of the running session, and
//! which guilds' members have all arrived in it.
//!
//! Serenity builds its cache inside its client, after the rest of the bot exists; every event
//! handed to the bot carries it, and [`MemberLists::gateway_cache`] keeps the handle from the
//! first one. Before a session is up (and in tools without a gateway) there is none, and the
//! role port asks Discord over REST.
//!
//! Members themselves live in serenity's cache, which the shard runner updates in event order
//! (our handlers run concurrently, so they must not keep their own copy of member roles). This
//! only records, per guild, when the member list is complete: then a member absent from the
//! cache is not in the guild, with no REST call, and the first sweep can wait for it.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, RwLock};

use poise::serenity_prelude::Cache;
use std::time::Duration;

use tokio::sync::watch;

#[derive(Default)]
struct Guilds {
    /// Guilds named at Ready whose members have not all arrived yet.
    loading: HashSet<u64>,
    /// Guilds whose member list is complete in the cache.
    complete: HashSet<u64>,
}

pub struct MemberLists {
    guilds: Mutex<Guilds>,
    loaded: watch::Sender<bool>,
    /// The gateway session's cache, from its first event on.
    cache: RwLock<Option<Arc<Cache>>>,
}

impl Default for MemberLists {
    fn default() -> Self {
        Self {
            guilds: Mutex::default(),
            loaded: watch::channel(false).0,
            cache: RwLock::new(None),
        }
    }
}

impl MemberLists {
    /// The cache the gateway's events carry (the same one for every event of a client).
    pub fn gateway_cache(&self, cache: &Arc<Cache>) {
        let known = self
            .cache
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|c| Arc::ptr_eq(c, cache));
        if !known {
            *self.cache.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::clone(cache));
        }
    }

    /// The gateway session's cache, once it has sent an event.
    pub fn cache(&self) -> Option<Arc<Cache>> {
        self.cache.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn is_complete(&self, guild: u64) -> bool {
        self.guilds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .complete
            .contains(&guild)
    }

    /// The bot left the guild (or it went away).
    pub fn forget_guild(&self, guild: u64) {
        let mut guilds = self.guilds.lock().unwrap_or_else(|e| e.into_inner());
        guilds.complete.remove(&guild);
        guilds.loading.remove(&guild);
        self.publish(&guilds);
    }

    /// At Ready: the guilds whose members are about to arrive.
    pub fn expect_guilds(&self, ids: impl IntoIterator<Item = u64>) {
        let mut guilds = self.guilds.lock().unwrap_or_else(|e| e.into_inner());
        for id in ids {
            if !guilds.complete.contains(&id) {
                guilds.loading.insert(id);
            }
        }
        self.publish(&guilds);
    }

    /// Every member of `guild` is in the cache (GUILD_CREATE of a small guild, or its last
    /// member chunk: serenity caches an event before handlers see it).
    pub fn guild_complete(&self, guild: u64) {
        let mut guilds = self.guilds.lock().unwrap_or_else(|e| e.into_inner());
        guilds.loading.remove(&guild);
        guilds.complete.insert(guild);
        self.publish(&guilds);
    }

    fn publish(&self, guilds: &Guilds) {
        self.loaded.send_replace(guilds.loading.is_empty());
    }

    /// Waits until the members of every guild named at Ready have arrived, at most `limit`.
    /// Returns whether they all did.
    pub async fn wait_loaded(&self, limit: Duration) -> bool {
        let mut rx = self.loaded.subscribe();
        tokio::time::timeout(limit, rx.wait_for(|loaded| *loaded))
            .await
            .is_ok_and(|r| r.is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn loading_completes_when_every_expected_guild_has_arrived() {
        let m = MemberLists::default();
        assert!(
            !m.wait_loaded(Duration::from_millis(1)).await,
            "not before Ready"
        );
        m.expect_guilds([1, 2]);
        assert!(!m.wait_loaded(Duration::from_millis(1)).await);
        m.guild_complete(1);
        assert!(m.is_complete(1) && !m.is_complete(2));
        m.guild_complete(2);
        assert!(m.wait_loaded(Duration::from_millis(1)).await);
        m.forget_guild(2);
        assert!(!m.is_complete(2));
    }

    #[tokio::test]
    async fn a_bot_in_no_guild_is_loaded_at_ready() {
        let m = MemberLists::default();
        m.expect_guilds([]);
        assert!(m.wait_loaded(Duration::from_millis(1)).await);
    }
}
