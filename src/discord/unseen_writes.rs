//! The bot's own member changes that the gateway has not shown yet.
//!
//! Discord answers a role change over REST before its `GUILD_MEMBER_UPDATE` reaches
//! serenity's cache. A member synced again in between (a sweep re-marking a guild that a rule
//! change has just marked) would read the old roles from the cache and make the same call a
//! second time. The role port notes here every change it made; until the cache shows all of
//! them (or [`UNSEEN_FOR_AT_MOST`] has passed) that member is asked over REST, which already
//! knows. This is not a copy of anyone's roles: only what the bot wrote and has not yet seen.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// After this the cache is trusted again even if it never showed a change (an event lost
/// with a gateway session that ended, say): a later sweep corrects whatever is left.
pub const UNSEEN_FOR_AT_MOST: Duration = Duration::from_secs(60);
/// Past this many noted members, the ones older than [`UNSEEN_FOR_AT_MOST`] are dropped.
const PRUNE_ABOVE: usize = 1024;

/// What the bot wrote to one member and expects the cache to show.
#[derive(Debug, Default)]
struct Expected {
    /// Role id → whether the member holds it after the bot's change.
    roles: HashMap<u64, bool>,
    /// The nickname the bot set (`Some(None)`: reset).
    nick: Option<Option<String>>,
    at: Option<Instant>,
}

impl Expected {
    fn roles_shown(&self, roles: &BTreeSet<u64>) -> bool {
        self.roles
            .iter()
            .all(|(r, held)| roles.contains(r) == *held)
    }

    fn nick_shown(&self, nick: Option<&str>) -> bool {
        self.nick.as_ref().is_none_or(|n| n.as_deref() == nick)
    }
}

/// A member as the cache (or REST) shows it, for comparing with what the bot wrote.
pub struct Shown<'a> {
    pub roles: &'a BTreeSet<u64>,
    /// `None`: the nickname was not looked at (a caller that needs only roles).
    pub nick: Option<Option<&'a str>>,
}

#[derive(Default)]
pub struct UnseenWrites {
    members: Mutex<HashMap<(u64, u64), Expected>>,
}

impl UnseenWrites {
    /// The bot added (`held`) or removed a role, and Discord said yes.
    pub fn role_written(&self, guild: u64, user: u64, role: u64, held: bool, now: Instant) {
        self.note(guild, user, now, |e| {
            e.roles.insert(role, held);
        });
    }

    /// The bot set (or with `None` reset) a member's nickname, and Discord said yes.
    pub fn nick_written(&self, guild: u64, user: u64, nick: Option<&str>, now: Instant) {
        self.note(guild, user, now, |e| e.nick = Some(nick.map(str::to_owned)));
    }

    /// Whether the cache's view of the member can answer: nothing the bot wrote is unseen,
    /// or the cache shows it all (then the note goes). `None` for a member absent from the
    /// cache: if the bot wrote to them, they are not absent, the cache is behind.
    pub fn cache_can_answer(
        &self,
        guild: u64,
        user: u64,
        shown: Option<Shown<'_>>,
        now: Instant,
    ) -> bool {
        let mut members = self.lock();
        let Some(expected) = members.get(&(guild, user)) else {
            return true;
        };
        if expected
            .at
            .is_none_or(|at| now.duration_since(at) >= UNSEEN_FOR_AT_MOST)
        {
            members.remove(&(guild, user));
            return true;
        }
        let Some(shown) = shown else {
            return false;
        };
        if !expected.roles_shown(shown.roles) {
            return false;
        }
        match shown.nick {
            Some(nick) if expected.nick_shown(nick) => {
                members.remove(&(guild, user));
                true
            }
            Some(_) => false,
            // Only the roles were asked for: they are seen, the nickname may still be due.
            None if expected.nick.is_none() => {
                members.remove(&(guild, user));
                true
            }
            None => true,
        }
    }

    /// Discord answered over REST: that is what the cache has to catch up to now (someone
    /// else may have changed the member since the bot did).
    pub fn answered_over_rest(&self, guild: u64, user: u64, shown: Shown<'_>) {
        let mut members = self.lock();
        if let Some(expected) = members.get_mut(&(guild, user)) {
            for (role, held) in expected.roles.iter_mut() {
                *held = shown.roles.contains(role);
            }
            if let (Some(nick), Some(_)) = (shown.nick, expected.nick.as_ref()) {
                expected.nick = Some(nick.map(str::to_owned));
            }
        }
    }

    fn note(&self, guild: u64, user: u64, now: Instant, change: impl FnOnce(&mut Expected)) {
        let mut members = self.lock();
        if members.len() > PRUNE_ABOVE {
            members.retain(|_, e| {
                e.at.is_some_and(|at| now.duration_since(at) < UNSEEN_FOR_AT_MOST)
            });
        }
        let expected = members.entry((guild, user)).or_default();
        change(expected);
        expected.at = Some(now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(u64, u64), Expected>> {
        self.members.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: u64 = 1;
    const U: u64 = 2;

    fn roles(ids: &[u64]) -> BTreeSet<u64> {
        ids.iter().copied().collect()
    }

    fn only_roles(r: &BTreeSet<u64>) -> Option<Shown<'_>> {
        Some(Shown {
            roles: r,
            nick: None,
        })
    }

    #[test]
    fn a_member_the_bot_never_wrote_to_is_the_caches() {
        let unseen = UnseenWrites::default();
        let now = Instant::now();
        assert!(unseen.cache_can_answer(G, U, only_roles(&roles(&[])), now));
        assert!(unseen.cache_can_answer(G, U, None, now));
    }

    #[test]
    fn a_role_added_is_asked_elsewhere_until_the_cache_shows_it() {
        let unseen = UnseenWrites::default();
        let now = Instant::now();
        unseen.role_written(G, U, 7, true, now);
        assert!(!unseen.cache_can_answer(G, U, only_roles(&roles(&[])), now));
        assert!(
            !unseen.cache_can_answer(G, U, None, now),
            "absent: the cache is behind"
        );
        assert!(
            unseen.cache_can_answer(G, 99, only_roles(&roles(&[])), now),
            "another member"
        );
        assert!(unseen.cache_can_answer(G, U, only_roles(&roles(&[7, 3])), now));
        // Seen once: the note is gone, the cache answers whatever it says from now on.
        assert!(unseen.cache_can_answer(G, U, only_roles(&roles(&[])), now));
    }

    #[test]
    fn a_role_removed_is_seen_when_the_cache_lacks_it() {
        let unseen = UnseenWrites::default();
        let now = Instant::now();
        unseen.role_written(G, U, 7, true, now);
        unseen.role_written(G, U, 7, false, now);
        assert!(!unseen.cache_can_answer(G, U, only_roles(&roles(&[7])), now));
        assert!(unseen.cache_can_answer(G, U, only_roles(&roles(&[])), now));
    }

    #[test]
    fn a_nickname_is_waited_for_only_by_who_reads_it() {
        let unseen = UnseenWrites::default();
        let now = Instant::now();
        unseen.nick_written(G, U, Some("Ada"), now);
        let r = roles(&[]);
        assert!(
            unseen.cache_can_answer(G, U, only_roles(&r), now),
            "roles are not unseen"
        );
        let stale = Shown {
            roles: &r,
            nick: Some(Some("old")),
        };
        assert!(!unseen.cache_can_answer(G, U, Some(stale), now));
        let seen = Shown {
            roles: &r,
            nick: Some(Some("Ada")),
        };
        assert!(unseen.cache_can_answer(G, U, Some(seen), now));
        let stale = Shown {
            roles: &r,
            nick: Some(Some("old")),
        };
        assert!(
            unseen.cache_can_answer(G, U, Some(stale), now),
            "the note went"
        );
    }

    #[test]
    fn what_rest_says_is_what_the_cache_must_reach() {
        let unseen = UnseenWrites::default();
        let now = Instant::now();
        unseen.role_written(G, U, 7, true, now);
        // A moderator took the role away again before the cache caught up.
        unseen.answered_over_rest(
            G,
            U,
            Shown {
                roles: &roles(&[]),
                nick: None,
            },
        );
        assert!(unseen.cache_can_answer(G, U, only_roles(&roles(&[])), now));
    }

    #[test]
    fn a_change_never_shown_is_forgotten_after_a_while() {
        let unseen = UnseenWrites::default();
        let then = Instant::now();
        unseen.role_written(G, U, 7, true, then);
        let later = then + UNSEEN_FOR_AT_MOST;
        assert!(unseen.cache_can_answer(G, U, only_roles(&roles(&[])), later));
    }

    #[test]
    fn old_notes_are_pruned_when_many_accumulate() {
        let unseen = UnseenWrites::default();
        let then = Instant::now();
        for user in 0..=PRUNE_ABOVE as u64 {
            unseen.role_written(G, user, 7, true, then);
        }
        let later = then + UNSEEN_FOR_AT_MOST;
        unseen.role_written(G, 1_000_000, 7, true, later);
        assert_eq!(unseen.lock().len(), 1);
    }
}
