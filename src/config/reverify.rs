//! Re-verification: the refresh-token key(s) and how sweeps run.

use std::time::Duration;

use super::Secret;
use super::reader::Reader;

/// Keeping roles true over time: periodic re-verification through refresh tokens.
#[derive(Debug, Clone)]
pub struct ReverifyConfig {
    /// `TOKEN_ENCRYPTION_KEY` (and `_OLD` during a rotation); `None` turns re-verification off.
    pub token_key: Option<Secret>,
    pub token_key_old: Option<Secret>,
    /// `RESYNC_INTERVAL`
    pub interval: Duration,
    /// `RESONITE_MAX_RPS`: calls to Resonite per second during sweeps.
    pub max_rps: f64,
    /// `STALE_GRACE_DAYS`: how long a link whose refresh token was refused keeps its roles.
    pub stale_grace: Duration,
    /// `LAPSE_GRACE_HOURS`: how long lost support keeps its roles.
    pub lapse_grace: Duration,
}

impl ReverifyConfig {
    pub fn enabled(&self) -> bool {
        self.token_key.is_some()
    }
}

const DEFAULT_INTERVAL: Duration = Duration::from_secs(12 * 3600);

pub(super) fn read(r: &mut Reader<'_>) -> ReverifyConfig {
    let token_key = r.optional("TOKEN_ENCRYPTION_KEY");
    let token_key_old = r.optional("TOKEN_ENCRYPTION_KEY_OLD");
    for (name, key) in [
        ("TOKEN_ENCRYPTION_KEY", &token_key),
        ("TOKEN_ENCRYPTION_KEY_OLD", &token_key_old),
    ] {
        if let Some(key) = key
            && !is_key(key)
        {
            r.problem(
                name,
                "expected 32 bytes in base64 (make one with `resonite-verify gen-key`)",
            );
        }
    }
    if token_key.is_none() && token_key_old.is_some() {
        r.problem(
            "TOKEN_ENCRYPTION_KEY_OLD",
            "set TOKEN_ENCRYPTION_KEY too: the old key only decrypts during a rotation",
        );
    }
    let interval = r.duration(
        "RESYNC_INTERVAL",
        DEFAULT_INTERVAL,
        |d| d.as_secs() >= 10,
        "expected a duration of at least 10s, such as 45s, 30m or 12h",
    );
    let max_rps: f64 = r.parsed(
        "RESONITE_MAX_RPS",
        5.0,
        "a number of calls per second, such as 5 or 0.5",
    );
    if !(max_rps.is_finite() && max_rps > 0.0 && max_rps <= 10_000.0) {
        r.problem(
            "RESONITE_MAX_RPS",
            "expected a number of calls per second above 0 (at most 10000)",
        );
    }
    let stale_days: u64 = r.parsed("STALE_GRACE_DAYS", 7, "a whole number of days");
    let lapse_hours: u64 = r.parsed("LAPSE_GRACE_HOURS", 0, "a whole number of hours");
    ReverifyConfig {
        token_key: token_key.map(Secret::new),
        token_key_old: token_key_old.map(Secret::new),
        interval,
        max_rps,
        stale_grace: Duration::from_secs(stale_days.saturating_mul(86_400)),
        lapse_grace: Duration::from_secs(lapse_hours.saturating_mul(3600)),
    }
}

/// Whether `raw` is 32 bytes of standard base64.
fn is_key(raw: &str) -> bool {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(raw)
        .is_ok_and(|k| k.len() == 32)
}
