//! The guild's locale, as Discord reports it (the gateway's `preferred_locale`, an
//! interaction's `guild_locale`), stored so log posts made outside any interaction speak
//! it; remembered per process so an unchanged one is not written again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::store::Store;

/// The guild locales this process stored, so an unchanged one is not written again on
/// every command and every reconnect.
#[derive(Default)]
pub struct GuildLocales {
    known: Mutex<HashMap<u64, String>>,
    /// One write at a time, each of the latest locale seen: a slow write of an older one
    /// (GUILD_CREATE's) never lands after a newer one (an interaction's).
    writing: tokio::sync::Mutex<()>,
}

impl GuildLocales {
    /// Stores the guild's locale if it changed; in the background, so a slow database never
    /// delays a reply. Failures are logged (the log channel speaks the last stored one).
    pub fn observe(self: &Arc<Self>, store: &Store, guild_id: u64, locale: &str) {
        if locale.is_empty() {
            return;
        }
        {
            let mut known = match self.known.lock() {
                Ok(k) => k,
                Err(poisoned) => poisoned.into_inner(),
            };
            if known.get(&guild_id).is_some_and(|k| k == locale) {
                return;
            }
            known.insert(guild_id, locale.to_owned());
        }
        let store = store.clone();
        let this = Arc::clone(self);
        tokio::spawn(async move {
            let _one_at_a_time = this.writing.lock().await;
            let Some(latest) = this.latest(guild_id) else {
                return;
            };
            if let Err(e) = store.settings().set_locale(guild_id, &latest).await {
                tracing::info!(guild = guild_id, error = %e, "could not store a guild's locale");
                // The next sighting writes it again.
                if let Ok(mut known) = this.known.lock()
                    && known.get(&guild_id) == Some(&latest)
                {
                    known.remove(&guild_id);
                }
            }
        });
    }

    fn latest(&self, guild_id: u64) -> Option<String> {
        match self.known.lock() {
            Ok(known) => known.get(&guild_id).cloned(),
            Err(poisoned) => poisoned.into_inner().get(&guild_id).cloned(),
        }
    }
}
