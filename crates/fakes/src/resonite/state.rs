//! What the mock remembers: its client, its accounts, the codes and tokens it issued, the
//! fault it plays and what it has seen.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A misbehaviour of the mock, applied to the matching endpoint until `Fault::None` is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Fault {
    #[default]
    None,
    /// The token endpoint answers this status with a JSON error body.
    TokenStatus(u16),
    /// The token endpoint waits this long, then answers normally.
    TokenDelay(Duration),
    /// The profile endpoint answers this status with a JSON error body.
    ProfileStatus(u16),
    /// The profile endpoint waits this long, then answers normally.
    ProfileDelay(Duration),
    /// The profile endpoint answers 200, `application/json`, with exactly this body.
    ProfileBody(String),
    /// The profile endpoint answers 200 with a JSON body of exactly this many bytes.
    ProfileHuge(usize),
    /// The token endpoint answers 302 to this URL.
    TokenRedirect(String),
    /// The revocation endpoint answers this status with a JSON error body.
    RevocationStatus(u16),
}

/// What the mock has seen.
#[derive(Clone, Debug, Default)]
pub struct MockStats {
    /// Every POST to the token endpoint (faulted ones included).
    pub token_requests: u64,
    /// Token requests with `grant_type=refresh_token`.
    pub refresh_requests: u64,
    /// Every GET of a profile endpoint (faulted and unauthorized ones included).
    pub profile_requests: u64,
    /// Arrival time of each profile request, in order.
    pub profile_request_times: Vec<Instant>,
    /// Arrival time of each token request, in order.
    pub token_request_times: Vec<Instant>,
    /// Every POST to the revocation endpoint (faulted ones included).
    pub revocation_requests: u64,
    /// The user of each token actually revoked, in order.
    pub revoked_users: Vec<String>,
}

pub(super) struct CodeGrant {
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) scopes: Vec<String>,
    pub(super) code_challenge: String,
    pub(super) user_id: String,
    pub(super) issued: Instant,
}

pub(super) struct UsedCode {
    /// The grant the code produced; revoked if the code is presented again.
    pub(super) grant_id: Option<u64>,
    pub(super) at: Instant,
}

#[derive(Clone)]
pub(super) struct TokenGrant {
    pub(super) client_id: String,
    pub(super) user_id: String,
    pub(super) scopes: Vec<String>,
    /// Tokens descending from one authorization code share this id.
    pub(super) grant_id: u64,
    pub(super) issued: Instant,
}

#[derive(Default)]
pub(super) struct Store {
    pub(super) profiles: Vec<Value>,
    /// Position of each profile in `profiles` by id (sweeps ask for thousands).
    pub(super) profile_index: HashMap<String, usize>,
    pub(super) codes: HashMap<String, CodeGrant>,
    pub(super) used_codes: HashMap<String, UsedCode>,
    pub(super) access_tokens: HashMap<String, TokenGrant>,
    pub(super) refresh_tokens: HashMap<String, TokenGrant>,
    pub(super) next_grant_id: u64,
    pub(super) stats: MockStats,
    /// When expired codes and tokens were last dropped (see [`Store::purge_due`]).
    pub(super) last_purge: Option<Instant>,
}

impl Store {
    /// Whether to drop expired codes and tokens now: at most once a second, so a busy
    /// mock (benchmarks hold hundreds of thousands of tokens) does not scan every map on
    /// every request. Lookups check expiry themselves; this only frees memory.
    pub(super) fn purge_due(&mut self, now: Instant) -> bool {
        let due = self
            .last_purge
            .is_none_or(|last| now.duration_since(last) >= Duration::from_secs(1));
        if due {
            self.last_purge = Some(now);
        }
        due
    }

    pub(super) fn find_profile(&self, user_id: &str) -> Option<&Value> {
        self.profiles.get(*self.profile_index.get(user_id)?)
    }

    pub(super) fn upsert_profile(&mut self, id: String, profile: Value) {
        match self.profile_index.get(&id) {
            Some(&i) => self.profiles[i] = profile,
            None => {
                self.profile_index.insert(id, self.profiles.len());
                self.profiles.push(profile);
            }
        }
    }

    pub(super) fn revoke_grant(&mut self, grant_id: u64) {
        self.access_tokens.retain(|_, g| g.grant_id != grant_id);
        self.refresh_tokens.retain(|_, g| g.grant_id != grant_id);
    }
}

pub(super) struct Inner {
    pub(super) client_id: String,
    pub(super) client_secret: String,
    pub(super) redirect_uri: String,
    pub(super) code_ttl: Duration,
    pub(super) access_token_ttl: Duration,
    pub(super) base_url: OnceLock<String>,
    pub(super) store: Mutex<Store>,
    pub(super) fault: Mutex<Fault>,
    /// Every request waits this long before it is handled.
    pub(super) latency: Mutex<Duration>,
    /// The cloud API and hub served beside the OAuth endpoints (its public users are
    /// these profiles).
    pub(super) cloud: super::cloud::FakeCloud,
}

impl Inner {
    pub(super) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn fault(&self) -> Fault {
        self.fault.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// (id, username) of every profile, in order.
    pub(super) fn accounts(&self) -> Vec<(String, String)> {
        self.store()
            .profiles
            .iter()
            .filter_map(|p| {
                let id = profile_id(p)?;
                let name = p
                    .get("username")
                    .and_then(Value::as_str)
                    .unwrap_or("(no username)");
                Some((id.to_owned(), name.to_owned()))
            })
            .collect()
    }
}

pub(super) fn profile_id(p: &Value) -> Option<&str> {
    p.get("id").and_then(Value::as_str)
}
