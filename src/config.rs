//! Configuration from the environment (and an optional `.env`, loaded by `main`).
//!
//! Every problem is collected and reported at once, each naming the variable to set.
//! Secrets are wrapped in [`Secret`], whose `Debug` and `Display` never show the value.

use std::collections::HashMap;
use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use url::Url;

/// A value that must never reach a log, a page or an error message.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself; call only where it is sent to the service that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How the bot authenticates itself at Resonite's token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAuth {
    /// `client_secret_post`: id and secret in the form body (what Resonite's example uses).
    Body,
    /// `client_secret_basic`: HTTP Basic.
    Basic,
}

/// Where and how the bot reaches Resonite's OAuth server.
#[derive(Debug, Clone)]
pub struct ResoniteConfig {
    pub client_id: String,
    pub client_secret: Secret,
    pub authorize_url: Url,
    pub token_url: Url,
    pub profile_url: Url,
    pub scopes: Vec<String>,
    pub token_auth: TokenAuth,
    /// Exactly `PUBLIC_URL/oauth/callback`.
    pub redirect_uri: Url,
    /// Upper bound for one call to Resonite (connect + answer).
    pub timeout: Duration,
}

/// Everything the bot process needs, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub discord_token: Secret,
    pub discord_api_url: Url,
    pub resonite: ResoniteConfig,
    pub public_url: Url,
    pub host: IpAddr,
    pub port: u16,
    pub database_url: Secret,
    pub link_ttl: Duration,
    pub reverify: ReverifyConfig,
    /// `DISCORD_SHARDS`: which shards this process runs; `None` = all, as Discord recommends.
    pub shards: Option<ShardRange>,
}

/// Shards `first..=last` of `total` (`DISCORD_SHARDS=0-1/4`), for several processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardRange {
    pub first: u32,
    pub last: u32,
    pub total: u32,
}

impl std::str::FromStr for ShardRange {
    type Err = ();

    /// `A/N` or `A-B/N`, with `A <= B < N`.
    fn from_str(raw: &str) -> Result<Self, ()> {
        let (range, total) = raw.split_once('/').ok_or(())?;
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let parse = |s: &str| s.trim().parse::<u32>().map_err(|_| ());
        let (first, last, total) = (parse(first)?, parse(last)?, parse(total)?);
        (first <= last && last < total)
            .then_some(Self { first, last, total })
            .ok_or(())
    }
}

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

pub const DEFAULT_AUTHORIZE_URL: &str = "https://auth.resonite.com/connect/authorize";
pub const DEFAULT_TOKEN_URL: &str = "https://auth.resonite.com/connect/token";
pub const DEFAULT_PROFILE_URL: &str = "https://auth.resonite.com/api/user/profiles";
pub const DEFAULT_SCOPES: &str = "profile patreon";
/// The default once re-verification is on: `offline_access` yields the refresh token.
pub const DEFAULT_SCOPES_REVERIFY: &str = "profile patreon offline_access";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://resonite-link.db";
pub const CALLBACK_PATH: &str = "/oauth/callback";

/// One problem with one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub variable: &'static str,
    pub message: String,
}

/// All configuration problems found, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the configuration is not usable:")?;
        for p in &self.problems {
            writeln!(f, "  - {}: {}", p.variable, p.message)?;
        }
        write!(
            f,
            "Set these in the environment or in a .env file (see .env.example)."
        )
    }
}

/// Reads variables one by one, collecting every problem instead of stopping at the first.
pub struct Reader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    problems: Vec<Problem>,
}

impl<'a> Reader<'a> {
    pub fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            lookup,
            problems: Vec::new(),
        }
    }

    /// The trimmed value, `None` when unset or blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    pub fn problem(&mut self, variable: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            variable,
            message: message.into(),
        });
    }

    pub fn required(&mut self, name: &'static str, what: &str) -> Option<String> {
        let value = self.optional(name);
        if value.is_none() {
            self.problem(name, format!("required: {what}"));
        }
        value
    }

    pub fn parsed<T>(&mut self, name: &'static str, default: T, what: &str) -> T
    where
        T: std::str::FromStr,
    {
        match self.optional(name) {
            None => default,
            Some(raw) => match raw.parse() {
                Ok(v) => v,
                Err(_) => {
                    // Values are not secrets here, but keep messages short and predictable.
                    self.problem(name, format!("expected {what}"));
                    default
                }
            },
        }
    }

    pub fn url(&mut self, name: &'static str, default: Option<&str>) -> Option<Url> {
        let raw = match (self.optional(name), default) {
            (Some(raw), _) => raw,
            (None, Some(d)) => d.to_owned(),
            (None, None) => {
                self.problem(name, "required: an http(s) URL");
                return None;
            }
        };
        match Url::parse(&raw) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => Some(u),
            _ => {
                self.problem(name, "expected an absolute http:// or https:// URL");
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), ConfigError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError {
                problems: self.problems,
            })
        }
    }
}

/// Parses a duration such as `45s`, `30m`, `12h`, `2d` or a bare number of seconds.
pub fn parse_duration(raw: &str) -> Option<Duration> {
    let raw = raw.trim();
    let (digits, unit) = match raw.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => raw.split_at(i),
        None => (raw, "s"),
    };
    let n: u64 = digits.parse().ok()?;
    let secs = match unit.trim() {
        "s" | "sec" | "secs" => n,
        "m" | "min" | "mins" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

/// The redirect URI registered with Resonite: `PUBLIC_URL/oauth/callback`, exactly.
pub fn redirect_uri(public_url: &Url) -> Url {
    let base = public_url.as_str().trim_end_matches('/');
    // The base was validated as an absolute URL; appending a fixed path keeps it one.
    Url::parse(&format!("{base}{CALLBACK_PATH}")).unwrap_or_else(|_| public_url.clone())
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut r = Reader::new(lookup);

        let discord_token = r.required(
            "DISCORD_TOKEN",
            "the bot token from the Discord developer portal",
        );
        let discord_api_url = r.url("DISCORD_API_URL", Some("https://discord.com"));
        let client_id = r.required(
            "RESONITE_CLIENT_ID",
            "the id of your registered Resonite OAuth client",
        );
        let client_secret = r.required(
            "RESONITE_CLIENT_SECRET",
            "the secret of your registered Resonite OAuth client",
        );
        let authorize_url = r.url("RESONITE_AUTHORIZE_URL", Some(DEFAULT_AUTHORIZE_URL));
        let token_url = r.url("RESONITE_TOKEN_URL", Some(DEFAULT_TOKEN_URL));
        let profile_url = r.url("RESONITE_PROFILE_URL", Some(DEFAULT_PROFILE_URL));
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
                    "expected 32 bytes in base64 (make one with `resonite-link gen-key`)",
                );
            }
        }
        if token_key.is_none() && token_key_old.is_some() {
            r.problem(
                "TOKEN_ENCRYPTION_KEY_OLD",
                "set TOKEN_ENCRYPTION_KEY too: the old key only decrypts during a rotation",
            );
        }
        let interval = match r.optional("RESYNC_INTERVAL") {
            None => Duration::from_secs(12 * 3600),
            Some(raw) => parse_duration(&raw)
                .filter(|d| d.as_secs() >= 10)
                .unwrap_or_else(|| {
                    r.problem(
                        "RESYNC_INTERVAL",
                        "expected a duration of at least 10s, such as 45s, 30m or 12h",
                    );
                    Duration::from_secs(12 * 3600)
                }),
        };
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
        let shards = match r.optional("DISCORD_SHARDS") {
            None => None,
            Some(raw) => match raw.parse::<ShardRange>() {
                Ok(range) => Some(range),
                Err(()) => {
                    r.problem(
                        "DISCORD_SHARDS",
                        "expected FIRST-LAST/TOTAL, e.g. 0-1/4 (or 2/4 for one shard)",
                    );
                    None
                }
            },
        };
        let default_scopes = if token_key.is_some() {
            DEFAULT_SCOPES_REVERIFY
        } else {
            DEFAULT_SCOPES
        };
        let scopes: Vec<String> = r
            .optional("RESONITE_SCOPES")
            .unwrap_or_else(|| default_scopes.to_owned())
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        if scopes.is_empty() {
            r.problem(
                "RESONITE_SCOPES",
                "expected space-separated scopes, e.g. `profile patreon`",
            );
        }
        let token_auth = match r.optional("RESONITE_TOKEN_AUTH").as_deref() {
            None | Some("body") => TokenAuth::Body,
            Some("basic") => TokenAuth::Basic,
            Some(_) => {
                r.problem("RESONITE_TOKEN_AUTH", "expected `body` or `basic`");
                TokenAuth::Body
            }
        };
        let public_url = r.url("PUBLIC_URL", None);
        if let Some(u) = &public_url
            && (u.query().is_some() || u.fragment().is_some())
        {
            r.problem(
                "PUBLIC_URL",
                "expected a base URL without query or fragment",
            );
        }
        let host = r.parsed(
            "HOST",
            IpAddr::from([0, 0, 0, 0]),
            "an IP address such as 0.0.0.0",
        );
        let port = r.parsed("PORT", 8080u16, "a port number (0-65535)");
        let database_url = r
            .optional("DATABASE_URL")
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            r.problem(
                "DATABASE_URL",
                "expected sqlite://FILE or postgres://USER@HOST/DB",
            );
        }
        let link_ttl_secs = r.parsed("LINK_TTL_SECS", 600u64, "a number of seconds");
        if !(30..=86_400).contains(&link_ttl_secs) {
            r.problem("LINK_TTL_SECS", "expected between 30 and 86400 seconds");
        }
        let timeout = match r.optional("RESONITE_TIMEOUT") {
            None => Duration::from_secs(10),
            Some(raw) => parse_duration(&raw)
                .filter(|d| !d.is_zero())
                .unwrap_or_else(|| {
                    r.problem("RESONITE_TIMEOUT", "expected a duration such as 10s");
                    Duration::from_secs(10)
                }),
        };

        r.finish()?;
        // `finish` returned Ok, so every required value above is present.
        let (
            Some(discord_token),
            Some(discord_api_url),
            Some(client_id),
            Some(client_secret),
            Some(authorize_url),
            Some(token_url),
            Some(profile_url),
            Some(public_url),
        ) = (
            discord_token,
            discord_api_url,
            client_id,
            client_secret,
            authorize_url,
            token_url,
            profile_url,
            public_url,
        )
        else {
            return Err(ConfigError {
                problems: Vec::new(),
            });
        };
        let redirect_uri = redirect_uri(&public_url);
        Ok(Config {
            discord_token: Secret::new(discord_token),
            discord_api_url,
            resonite: ResoniteConfig {
                client_id,
                client_secret: Secret::new(client_secret),
                authorize_url,
                token_url,
                profile_url,
                scopes,
                token_auth,
                redirect_uri,
                timeout,
            },
            public_url,
            host,
            port,
            database_url: Secret::new(database_url),
            link_ttl: Duration::from_secs(link_ttl_secs),
            shards,
            reverify: ReverifyConfig {
                token_key: token_key.map(Secret::new),
                token_key_old: token_key_old.map(Secret::new),
                interval,
                max_rps,
                stale_grace: Duration::from_secs(stale_days.saturating_mul(86_400)),
                lapse_grace: Duration::from_secs(lapse_hours.saturating_mul(3600)),
            },
        })
    }
}

/// Whether `raw` is 32 bytes of standard base64.
fn is_key(raw: &str) -> bool {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(raw)
        .is_ok_and(|k| k.len() == 32)
}

/// Builds a lookup over a fixed map (tests and `demo`).
pub fn map_lookup(map: HashMap<String, String>) -> impl Fn(&str) -> Option<String> {
    move |name| map.get(name).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        map_lookup(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    const MINIMAL: &[(&str, &str)] = &[
        ("DISCORD_TOKEN", "discord-token-value"),
        ("RESONITE_CLIENT_ID", "client"),
        ("RESONITE_CLIENT_SECRET", "client-secret-value"),
        ("PUBLIC_URL", "https://bot.example.org/"),
    ];

    #[test]
    fn minimal_configuration_takes_the_documented_defaults() {
        let cfg = Config::from_lookup(&lookup(MINIMAL)).expect("valid");
        assert_eq!(
            cfg.resonite.redirect_uri.as_str(),
            "https://bot.example.org/oauth/callback"
        );
        assert_eq!(cfg.resonite.authorize_url.as_str(), DEFAULT_AUTHORIZE_URL);
        assert_eq!(cfg.resonite.scopes, vec!["profile", "patreon"]);
        assert_eq!(cfg.resonite.token_auth, TokenAuth::Body);
        assert_eq!(cfg.port, 8080);
        assert_eq!(cfg.link_ttl, Duration::from_secs(600));
        assert_eq!(cfg.database_url.expose(), DEFAULT_DATABASE_URL);
        assert_eq!(cfg.resonite.timeout, Duration::from_secs(10));
    }

    #[test]
    fn every_problem_is_reported_at_once_naming_the_variable() {
        let err = Config::from_lookup(&lookup(&[
            ("PORT", "eighty"),
            ("RESONITE_TOKEN_AUTH", "header"),
            ("DATABASE_URL", "mysql://x"),
        ]))
        .expect_err("invalid");
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        for v in [
            "DISCORD_TOKEN",
            "RESONITE_CLIENT_ID",
            "RESONITE_CLIENT_SECRET",
            "PUBLIC_URL",
            "PORT",
            "RESONITE_TOKEN_AUTH",
            "DATABASE_URL",
        ] {
            assert!(vars.contains(&v), "{v} missing from {vars:?}");
        }
        assert!(err.to_string().contains("PORT: expected a port number"));
    }

    #[test]
    fn secrets_never_appear_in_debug_output() {
        let cfg = Config::from_lookup(&lookup(MINIMAL)).expect("valid");
        let shown = format!("{cfg:?}");
        assert!(!shown.contains("discord-token-value"));
        assert!(!shown.contains("client-secret-value"));
        assert!(shown.contains("[redacted]"));
    }

    #[test]
    fn reverification_settings_are_read_and_checked() {
        let mut pairs = MINIMAL.to_vec();
        pairs.extend([
            (
                "TOKEN_ENCRYPTION_KEY",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            ),
            ("RESYNC_INTERVAL", "30m"),
            ("RESONITE_MAX_RPS", "0.5"),
            ("LAPSE_GRACE_HOURS", "24"),
        ]);
        let cfg = Config::from_lookup(&lookup(&pairs)).expect("valid");
        assert!(cfg.reverify.enabled());
        assert_eq!(cfg.reverify.interval, Duration::from_secs(1800));
        assert_eq!(cfg.reverify.max_rps, 0.5);
        assert_eq!(cfg.reverify.stale_grace, Duration::from_secs(7 * 86_400));
        assert_eq!(cfg.reverify.lapse_grace, Duration::from_secs(24 * 3600));
        assert_eq!(
            cfg.resonite.scopes,
            vec!["profile", "patreon", "offline_access"]
        );
        assert!(
            !format!("{cfg:?}").contains("AAAAAAAA"),
            "the key is a secret"
        );

        let mut bad = MINIMAL.to_vec();
        bad.extend([
            ("TOKEN_ENCRYPTION_KEY", "c2hvcnQ="),
            ("RESYNC_INTERVAL", "often"),
            ("RESONITE_MAX_RPS", "0"),
            ("TOKEN_ENCRYPTION_KEY_OLD", "not base64!"),
        ]);
        let err = Config::from_lookup(&lookup(&bad)).expect_err("invalid");
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(
            vars,
            vec![
                "TOKEN_ENCRYPTION_KEY",
                "TOKEN_ENCRYPTION_KEY_OLD",
                "RESYNC_INTERVAL",
                "RESONITE_MAX_RPS"
            ]
        );
        assert!(
            !err.to_string().contains("c2hvcnQ"),
            "key values are never printed"
        );
    }

    #[test]
    fn shard_ranges_parse_or_are_refused() {
        assert_eq!(
            "0-1/4".parse(),
            Ok(ShardRange {
                first: 0,
                last: 1,
                total: 4
            })
        );
        assert_eq!(
            "2/4".parse(),
            Ok(ShardRange {
                first: 2,
                last: 2,
                total: 4
            })
        );
        for bad in ["4/4", "2-1/4", "x/4", "1-2", ""] {
            assert_eq!(bad.parse::<ShardRange>(), Err(()), "{bad}");
        }
    }

    #[test]
    fn durations_accept_the_documented_forms() {
        assert_eq!(parse_duration("45s"), Some(Duration::from_secs(45)));
        assert_eq!(parse_duration("30m"), Some(Duration::from_secs(1800)));
        assert_eq!(parse_duration("12h"), Some(Duration::from_secs(43_200)));
        assert_eq!(parse_duration("90"), Some(Duration::from_secs(90)));
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("5 fortnights"), None);
    }
}
