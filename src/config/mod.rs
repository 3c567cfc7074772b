//! Configuration from the environment (and an optional `.env`, loaded by `main`).
//!
//! Every problem is collected and reported at once, each naming the variable to set.
//! Secrets are wrapped in [`Secret`], whose `Debug` and `Display` never show the value.
//!
//! One module per section of `.env.example` reads and checks that section's variables
//! through a shared [`Reader`], which collects the problems; [`Config::from_lookup`] only
//! calls the sections in turn and assembles the result. A new variable goes into its
//! section's `read`; a new section is a new module and one line here.

mod dashboard;
mod database;
mod discord;
mod limits;
mod linked_roles;
mod linking;
mod logging;
mod reader;
mod resonite;
mod resonite_bot;
mod reverify;
mod secret;
mod shards;
mod web;

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

pub use dashboard::{ADMIN_CALLBACK_PATH, ADMIN_PATH, DashboardConfig};
pub use database::{DEFAULT_DATABASE_URL, LEGACY_DATABASE_URL};
pub use limits::{
    ClientLimits, DEFAULT_CLIENT_REQUESTS_PER_MINUTE, DEFAULT_LINK_REQUESTS_PER_MINUTE,
    DEFAULT_MAX_CONNECTIONS_PER_CLIENT, TrustedProxies,
};
pub use linked_roles::{DISCORD_CALLBACK_PATH, LINKED_ROLE_PATH, LinkedRolesConfig};
pub use logging::LogFormat;
pub use reader::{ConfigError, Problem, Reader, TRY_THE_DEMO, map_lookup, parse_duration};
pub use resonite::{
    DEFAULT_AUTHORIZE_URL, DEFAULT_PROFILE_URL, DEFAULT_SCOPES, DEFAULT_SCOPES_REVERIFY,
    DEFAULT_TOKEN_URL, OAuthClient, ResoniteConfig, TokenAuth,
};
pub use resonite_bot::{DEFAULT_API_URL, ResoniteBotConfig, normalize_totp_secret};
pub use reverify::ReverifyConfig;
pub use secret::Secret;
pub use shards::ShardRange;
pub use web::{CALLBACK_PATH, DEFAULT_MAX_CONNECTIONS, redirect_uri};

/// Everything the bot process needs, validated.
#[derive(Debug, Clone)]
pub struct Config {
    pub discord_token: Secret,
    pub discord_api_url: Url,
    /// `DISCORD_TIMEOUT`: the longest one role call may take.
    pub discord_timeout: std::time::Duration,
    pub resonite: ResoniteConfig,
    pub public_url: Url,
    pub host: IpAddr,
    pub port: u16,
    /// `METRICS_ADDR`: Prometheus `/metrics` on its own listener; `None` is off.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// `MAX_CONNECTIONS`: open connections the callback server keeps at once.
    pub max_connections: usize,
    /// What one client may use of the callback server (`MAX_CONNECTIONS_PER_CLIENT`,
    /// `CLIENT_REQUESTS_PER_MINUTE`, `LINK_REQUESTS_PER_MINUTE`, `TRUSTED_PROXIES`).
    pub client_limits: ClientLimits,
    pub database_url: Secret,
    pub link_ttl: Duration,
    pub reverify: ReverifyConfig,
    /// `DISCORD_SHARDS`: which shards this process runs; `None` = all, as Discord recommends.
    pub shards: Option<ShardRange>,
    /// `LOG_FORMAT`
    pub log_format: LogFormat,
    /// `DISCORD_CLIENT_SECRET`: Linked Roles; `None` is off.
    pub linked_roles: Option<LinkedRolesConfig>,
    /// `DISCORD_CLIENT_SECRET` (and not `DASHBOARD=off`): the admin dashboard; `None` is off.
    pub dashboard: Option<DashboardConfig>,
    /// `RESONITE_BOT_USERNAME`/`_PASSWORD`: the bot's own Resonite account; `None` is off.
    pub resonite_bot: Option<ResoniteBotConfig>,
}

impl Config {
    /// Reads the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Only `DATABASE_URL`, checked like the rest (for `backup`, which needs nothing else).
    pub fn database_url_from_lookup(
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Secret, ConfigError> {
        let mut r = Reader::new(lookup);
        let database_url = database::read(&mut r);
        r.finish()?;
        Ok(database_url)
    }

    /// Reads the configuration through `lookup` (tests pass a map).
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut r = Reader::new(lookup);
        // Each section notes its problems in `r` and comes back `None` only when a
        // required value is missing or refused, so every section is read either way.
        let discord = discord::read(&mut r);
        let web = web::read(&mut r);
        let client_limits = limits::read(&mut r);
        let database_url = database::read(&mut r);
        let link_ttl = linking::read(&mut r);
        let reverify = reverify::read(&mut r);
        let bot_account_set = resonite_bot::is_set(&r);
        let resonite = resonite::read(
            &mut r,
            resonite::Context {
                public_url: web.as_ref().map(|w| &w.public_url),
                reverify: reverify.enabled(),
                bot_account: bot_account_set,
            },
        );
        let shards = shards::read(&mut r);
        let log_format = logging::read(&mut r);
        let public_url = web.as_ref().map(|w| &w.public_url);
        let client_secret = linked_roles::client_secret(&mut r);
        let linked_roles = linked_roles::read(&mut r, public_url, client_secret.clone());
        let dashboard = dashboard::read(&mut r, public_url, client_secret);
        let resonite_bot = resonite_bot::read(&mut r);
        r.finish()?;

        // `finish` returned Ok, so no section was missing anything.
        let (Some(discord), Some(web), Some(resonite)) = (discord, web, resonite) else {
            return Err(ConfigError {
                problems: Vec::new(),
            });
        };
        Ok(Config {
            discord_token: discord.token,
            discord_api_url: discord.api_url,
            discord_timeout: discord.timeout,
            resonite,
            public_url: web.public_url,
            host: web.host,
            port: web.port,
            metrics_addr: web.metrics_addr,
            max_connections: web.max_connections,
            client_limits,
            database_url,
            link_ttl,
            reverify,
            shards,
            log_format,
            linked_roles,
            dashboard,
            resonite_bot,
        })
    }
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
        assert_eq!(cfg.max_connections, DEFAULT_MAX_CONNECTIONS);
        assert_eq!(cfg.client_limits, ClientLimits::default());
        assert!(cfg.client_limits.trusted_proxies.is_empty());
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
    fn the_revocation_url_is_https_or_loopback_http() {
        let with = |value: &str| {
            let mut pairs = MINIMAL.to_vec();
            pairs.push(("RESONITE_REVOKE_URL", value));
            Config::from_lookup(&lookup(&pairs))
        };
        let unset = Config::from_lookup(&lookup(MINIMAL)).expect("valid");
        assert_eq!(unset.resonite.revoke_url, None);
        for ok in [
            "https://auth.resonite.com/connect/revocation",
            "http://127.0.0.1:8081/connect/revocation",
            "http://localhost:8081/connect/revocation",
        ] {
            let cfg = with(ok).expect(ok);
            assert_eq!(
                cfg.resonite.revoke_url.map(String::from).as_deref(),
                Some(ok)
            );
        }
        for bad in [
            "http://auth.resonite.com/connect/revocation",
            "revoke",
            "ftp://x/",
        ] {
            let err = with(bad).expect_err(bad);
            assert_eq!(err.problems.len(), 1, "{bad}");
            assert_eq!(err.problems[0].variable, "RESONITE_REVOKE_URL");
        }
    }

    #[test]
    fn log_format_is_text_json_or_refused() {
        let with = |value: &str| {
            let mut pairs = MINIMAL.to_vec();
            pairs.push(("LOG_FORMAT", value));
            Config::from_lookup(&lookup(&pairs))
        };
        let default = Config::from_lookup(&lookup(MINIMAL)).expect("valid");
        assert_eq!(default.log_format, LogFormat::Text);
        assert_eq!(with("json").expect("valid").log_format, LogFormat::Json);
        assert_eq!(with("text").expect("valid").log_format, LogFormat::Text);
        let err = with("xml").expect_err("invalid");
        assert_eq!(
            err.problems,
            vec![Problem {
                variable: "LOG_FORMAT",
                message: "expected `text` or `json`".into()
            }]
        );
    }

    #[test]
    fn linked_roles_are_on_with_a_client_secret_never_shown() {
        let off = Config::from_lookup(&lookup(MINIMAL)).expect("valid");
        assert!(off.linked_roles.is_none());
        let mut pairs = MINIMAL.to_vec();
        pairs.push(("DISCORD_CLIENT_SECRET", "oauth-secret-value"));
        let on = Config::from_lookup(&lookup(&pairs)).expect("valid");
        let linked = on.linked_roles.as_ref().expect("on");
        assert_eq!(linked.client_secret.expose(), "oauth-secret-value");
        assert_eq!(
            linked.redirect_uri.as_str(),
            "https://bot.example.org/discord/callback"
        );
        assert!(!format!("{on:?}").contains("oauth-secret-value"));

        let mut bad = MINIMAL.to_vec();
        bad.push(("DISCORD_CLIENT_SECRET", "two words"));
        bad.push(("PORT", "eighty"));
        let err = Config::from_lookup(&lookup(&bad)).expect_err("invalid");
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(vars, vec!["PORT", "DISCORD_CLIENT_SECRET"]);
        assert!(!err.to_string().contains("two words"));
    }

    #[test]
    fn the_dashboard_and_linked_roles_turn_off_each_alone() {
        let off = Config::from_lookup(&lookup(MINIMAL)).expect("valid");
        assert!(off.dashboard.is_none());
        let mut pairs = MINIMAL.to_vec();
        pairs.push(("DISCORD_CLIENT_SECRET", "oauth-secret-value"));
        let both = Config::from_lookup(&lookup(&pairs)).expect("valid");
        let dashboard = both.dashboard.as_ref().expect("on");
        assert_eq!(
            dashboard.redirect_uri.as_str(),
            "https://bot.example.org/admin/callback"
        );
        assert!(dashboard.secure_cookies);
        assert!(both.linked_roles.is_some());

        let mut no_dashboard = pairs.clone();
        no_dashboard.push(("DASHBOARD", "off"));
        let c = Config::from_lookup(&lookup(&no_dashboard)).expect("valid");
        assert!(c.dashboard.is_none() && c.linked_roles.is_some());

        let mut no_linked_roles = pairs.clone();
        no_linked_roles.push(("LINKED_ROLES", "off"));
        let c = Config::from_lookup(&lookup(&no_linked_roles)).expect("valid");
        assert!(c.dashboard.is_some() && c.linked_roles.is_none());

        let mut bad = pairs;
        bad.push(("DASHBOARD", "maybe"));
        let err = Config::from_lookup(&lookup(&bad)).unwrap_err();
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(vars, vec!["DASHBOARD"]);
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

    #[test]
    fn the_bot_account_alone_is_enough_and_neither_way_names_both() {
        let bot_only = [
            ("DISCORD_TOKEN", "discord-token-value"),
            ("PUBLIC_URL", "https://bot.example.org/"),
            ("RESONITE_BOT_USERNAME", "VerifyBot"),
            ("RESONITE_BOT_PASSWORD", "bot-password-value"),
        ];
        let cfg = Config::from_lookup(&lookup(&bot_only)).expect("valid without an OAuth client");
        assert!(cfg.resonite.client.is_none());
        assert!(cfg.resonite_bot.is_some());

        let cfg = Config::from_lookup(&lookup(MINIMAL)).expect("valid");
        let client = cfg.resonite.client.expect("the OAuth client");
        assert_eq!(client.id, "client");

        let neither = Config::from_lookup(&lookup(&bot_only[..2])).expect_err("no way to link");
        let text = neither.to_string();
        assert!(text.contains("RESONITE_CLIENT_ID: required"), "{text}");
        assert!(
            text.contains("RESONITE_BOT_USERNAME and RESONITE_BOT_PASSWORD"),
            "{text}"
        );

        // Half an OAuth client is a problem even with the bot account.
        let mut half = bot_only.to_vec();
        half.push(("RESONITE_CLIENT_ID", "client"));
        let err = Config::from_lookup(&lookup(&half)).expect_err("secret missing");
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(vars, vec!["RESONITE_CLIENT_SECRET"]);
    }
}
