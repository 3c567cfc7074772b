//! `resonite-verify check`: tries every outside dependency of a configuration once and says,
//! item by item, what works and how to fix what does not. Never shows a secret.

use std::fmt::Write as _;
use std::time::Duration;

use poise::serenity_prelude as serenity;

use crate::config::{Config, Secret};
use crate::resonite::{ResoniteClient, ResoniteError};
use crate::store::Store;

/// One line of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: &'static str,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// What was found (no secret in it).
    Passed(String),
    /// Works, but likely not what was meant: what, and what to do about it. Not a failure
    /// (the exit status stays what the checks decide) and not counted as a check.
    Warned { problem: String, fix: String },
    /// What went wrong, and what to do about it.
    Failed { problem: String, fix: String },
}

impl Item {
    fn passed(name: &'static str, detail: impl Into<String>) -> Self {
        Self {
            name,
            outcome: Outcome::Passed(detail.into()),
        }
    }

    fn failed(name: &'static str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            name,
            outcome: Outcome::Failed {
                problem: problem.into(),
                fix: fix.into(),
            },
        }
    }

    fn warned(name: &'static str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            name,
            outcome: Outcome::Warned {
                problem: problem.into(),
                fix: fix.into(),
            },
        }
    }

    /// Passed, or only warned about.
    pub fn passed_ok(&self) -> bool {
        !matches!(self.outcome, Outcome::Failed { .. })
    }

    pub fn is_warning(&self) -> bool {
        matches!(self.outcome, Outcome::Warned { .. })
    }
}

/// An authorization code no server ever issued: the token endpoint's answer to it tells
/// whether the client credentials are right without granting anything.
const PROBE_CODE: &str = "resonite-verify-check-not-a-code";
const PROBE_VERIFIER: &str = "resonite-verify-check-verifier-0000000000000000000";

/// Runs every check against `config` (the configuration itself was read already).
pub async fn run(config: &Config) -> Vec<Item> {
    let mut items = vec![Item::passed("configuration", "every variable is usable")];
    items.extend(warnings(config));
    items.push(database(config).await);
    let http = crate::app::discord_http(config);
    items.push(discord_token(&http).await);
    items.push(members_intent(&http).await);
    match ResoniteClient::new(&config.resonite) {
        // Linking by message only: no OAuth client to try.
        Ok(resonite) if !resonite.has_client() => {}
        Ok(resonite) => {
            items.push(authorize_endpoint(config).await);
            items.push(token_endpoint(&resonite).await);
            if resonite.revokes() {
                items.push(revocation_endpoint(&resonite).await);
            }
        }
        Err(e) => items.push(Item::failed(
            "Resonite client",
            e.to_string(),
            "report this: the HTTP client could not be built",
        )),
    }
    if let Some(linked) = &config.linked_roles {
        items.push(discord_client_secret(config, linked).await);
    }
    items
}

/// What the configuration allows but a real community cannot use: a `PUBLIC_URL` members'
/// browsers cannot reach or that is not HTTPS, a `DISCORD_TOKEN` that is not a bot token.
/// A set-up that is local from end to end (Discord itself on this machine, as in `demo`
/// and the tests) is fine as it is.
pub fn warnings(config: &Config) -> Vec<Item> {
    let mut items = Vec::new();
    let local_discord = is_loopback(&config.discord_api_url);
    let public = &config.public_url;
    if is_loopback(public) && !local_discord {
        items.push(Item::warned(
            "PUBLIC_URL",
            format!(
                "{} is an address on this machine: members' browsers cannot reach it, so no link can complete",
                public.host_str().unwrap_or_default()
            ),
            "set PUBLIC_URL to the https:// address members reach (the site of your reverse proxy, e.g. https://link.example.org; README \"Deploy it on a server\") and register PUBLIC_URL/oauth/callback with Resonite; a loopback address is for trying it on this machine only",
        ));
    } else if public.scheme() == "http" && !is_loopback(public) {
        items.push(Item::warned(
            "PUBLIC_URL",
            "it is http://: the way back from Resonite (the sign-in code and the link's state) crosses the network unencrypted",
            "put HTTPS in front (README \"Deploy it on a server\", deploy/Caddyfile) and set PUBLIC_URL to https://…",
        ));
    }
    if !local_discord && !looks_like_bot_token(config.discord_token.expose()) {
        items.push(Item::warned(
            "DISCORD_TOKEN",
            "does not look like a bot token (three parts separated by dots, the first the bot's id): perhaps the application id, public key or OAuth2 client secret",
            "Discord developer portal → your application → Bot → Reset Token, and put that token in DISCORD_TOKEN",
        ));
    }
    items
}

/// A host on this machine: `localhost`, 127.0.0.0/8, `::1` or the unspecified address.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback() || ip.is_unspecified(),
        None => false,
    }
}

/// The shape of a Discord bot token: three dot-separated parts (serenity's check), the
/// first the bot's user id in base64. `Bot ` in front is allowed (serenity adds it anyway).
pub fn looks_like_bot_token(token: &str) -> bool {
    use base64::Engine as _;
    let token = token.trim();
    let token = token.strip_prefix("Bot ").unwrap_or(token);
    if serenity::utils::validate_token(token).is_err() {
        return false;
    }
    let first = token.split('.').next().unwrap_or_default();
    let first = first.trim_end_matches('=');
    [
        base64::engine::general_purpose::URL_SAFE_NO_PAD,
        base64::engine::general_purpose::STANDARD_NO_PAD,
    ]
    .iter()
    .filter_map(|engine| engine.decode(first).ok())
    .any(|id| id.len() >= 15 && id.iter().all(u8::is_ascii_digit))
}

/// `DISCORD_CLIENT_SECRET` (Linked Roles): a made-up code at Discord's token endpoint.
/// `invalid_grant` means Discord judged the code, so it accepted the application's secret.
async fn discord_client_secret(config: &Config, linked: &crate::config::LinkedRolesConfig) -> Item {
    const NAME: &str = "Discord OAuth2 client secret (Linked Roles)";
    let api = match crate::linked_roles::DiscordApi::new(
        &config.discord_api_url,
        config.discord_token.clone(),
        linked,
    ) {
        Ok(api) => api,
        Err(e) => {
            return Item::failed(
                NAME,
                e.to_string(),
                "report this: the HTTP client could not be built",
            );
        }
    };
    use crate::linked_roles::DiscordApiError as E;
    match api.exchange_code(PROBE_CODE, PROBE_VERIFIER).await {
        Err(E::InvalidGrant) => Item::passed(NAME, "Discord accepts the application's secret"),
        Err(E::InvalidClient) => Item::failed(
            NAME,
            "Discord does not accept DISCORD_CLIENT_SECRET",
            "copy the secret again from the developer portal → your application → OAuth2 → Client Secret (Reset Secret makes a new one)",
        ),
        Ok(_) => Item::failed(
            NAME,
            "a made-up code was exchanged for tokens",
            "DISCORD_API_URL does not point at Discord",
        ),
        Err(e) => Item::failed(NAME, e.to_string(), "check DISCORD_API_URL and the network"),
    }
}

async fn database(config: &Config) -> Item {
    const NAME: &str = "database";
    match Store::connect(config.database_url.expose()).await {
        Ok(store) => {
            let backend = format!("{:?}", store.backend()).to_lowercase();
            store.close().await;
            Item::passed(NAME, format!("{backend}: opened and migrated"))
        }
        Err(e) => Item::failed(
            NAME,
            e.to_string(),
            "check DATABASE_URL: the folder of a SQLite file must exist and be writable; a PostgreSQL server must answer and the user may create tables",
        ),
    }
}

async fn discord_token(http: &serenity::Http) -> Item {
    const NAME: &str = "Discord bot token";
    match http.get_current_user().await {
        Ok(user) => Item::passed(NAME, format!("the bot is {} (id {})", user.name, user.id)),
        Err(e) if http_status(&e) == Some(401) => Item::failed(
            NAME,
            "Discord does not accept DISCORD_TOKEN",
            "Discord developer portal → your application → Bot → Reset Token, and put the new token in DISCORD_TOKEN",
        ),
        Err(e) => Item::failed(
            NAME,
            format!("Discord did not answer: {}", discord_error(&e)),
            "check the network and DISCORD_API_URL (leave it https://discord.com)",
        ),
    }
}

async fn members_intent(http: &serenity::Http) -> Item {
    const NAME: &str = "Server Members intent";
    use serenity::ApplicationFlags as Flags;
    match http.get_current_application_info().await {
        Ok(app) => {
            let flags = app.flags.unwrap_or_else(Flags::empty);
            if flags.intersects(Flags::GATEWAY_GUILD_MEMBERS | Flags::GATEWAY_GUILD_MEMBERS_LIMITED)
            {
                Item::passed(NAME, "enabled")
            } else {
                Item::failed(
                    NAME,
                    "not enabled: Discord would refuse the gateway connection (4014)",
                    "Discord developer portal → your application → Bot → Privileged Gateway Intents → turn on Server Members Intent",
                )
            }
        }
        Err(e) => Item::failed(
            NAME,
            format!("could not read the application: {}", discord_error(&e)),
            "fix the Discord bot token first",
        ),
    }
}

async fn authorize_endpoint(config: &Config) -> Item {
    const NAME: &str = "Resonite authorize endpoint";
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(config.resonite.timeout.min(Duration::from_secs(10)))
        .build()
    {
        Ok(c) => c,
        Err(e) => return Item::failed(NAME, e.to_string(), "report this"),
    };
    // Without parameters a careful server answers with an error page or a redirect to
    // sign in: either shows it is there.
    match client
        .get(config.resonite.authorize_url.clone())
        .send()
        .await
    {
        Ok(r) if r.status().is_server_error() || r.status() == 404 => Item::failed(
            NAME,
            format!("answered HTTP {}", r.status().as_u16()),
            "check RESONITE_AUTHORIZE_URL (see README: the wiki's or Resonite's example app's)",
        ),
        Ok(r) => Item::passed(NAME, format!("answers (HTTP {})", r.status().as_u16())),
        Err(e) => Item::failed(
            NAME,
            if e.is_timeout() {
                "did not answer in time".to_owned()
            } else {
                "could not be reached".to_owned()
            },
            "check RESONITE_AUTHORIZE_URL and the network",
        ),
    }
}

async fn token_endpoint(resonite: &ResoniteClient) -> Item {
    const NAME: &str = "Resonite token endpoint and client credentials";
    match resonite.exchange_code(PROBE_CODE, PROBE_VERIFIER).await {
        // The server judged the code, so it accepted who asked.
        Err(ResoniteError::InvalidGrant) => {
            Item::passed(NAME, "answers; the client id and secret are accepted")
        }
        Err(ResoniteError::InvalidClient(_)) => Item::failed(
            NAME,
            "Resonite does not accept the client id and secret",
            "check RESONITE_CLIENT_ID and RESONITE_CLIENT_SECRET, and RESONITE_TOKEN_AUTH (body or basic) as Resonite registered your client",
        ),
        Ok(_) => Item::failed(
            NAME,
            "a made-up code was exchanged for tokens",
            "RESONITE_TOKEN_URL does not point at a real OAuth server",
        ),
        Err(e) => Item::failed(
            NAME,
            e.to_string(),
            "check RESONITE_TOKEN_URL and the network",
        ),
    }
}

async fn revocation_endpoint(resonite: &ResoniteClient) -> Item {
    const NAME: &str = "Resonite revocation endpoint";
    // RFC 7009 answers 200 for a token it does not know: nothing is revoked.
    match resonite
        .revoke_refresh_token(&Secret::new(PROBE_CODE))
        .await
    {
        Ok(_) => Item::passed(NAME, "answers; the client id and secret are accepted"),
        Err(ResoniteError::InvalidClient(_)) => Item::failed(
            NAME,
            "Resonite does not accept the client id and secret there",
            "check RESONITE_CLIENT_ID, RESONITE_CLIENT_SECRET and RESONITE_TOKEN_AUTH",
        ),
        Err(e) => Item::failed(
            NAME,
            e.to_string(),
            "check RESONITE_REVOKE_URL, or leave it empty to unlink without revoking",
        ),
    }
}

fn http_status(e: &serenity::Error) -> Option<u16> {
    match e {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) => {
            Some(r.status_code.as_u16())
        }
        _ => None,
    }
}

/// A short account of a Discord failure (a status, or that it could not be reached).
fn discord_error(e: &serenity::Error) -> String {
    match http_status(e) {
        Some(status) => format!("HTTP {status}"),
        None => "could not be reached or answered something unexpected".to_owned(),
    }
}

/// The checklist as printed: one line per item, the fix under a failure or a warning, a
/// summary (warnings are not counted as checks).
pub fn render(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        match &item.outcome {
            Outcome::Passed(detail) => {
                let _ = writeln!(out, "[ok]   {}: {detail}", item.name);
            }
            Outcome::Warned { problem, fix } => {
                let _ = writeln!(out, "[warn] {}: {problem}", item.name);
                let _ = writeln!(out, "       fix: {fix}");
            }
            Outcome::Failed { problem, fix } => {
                let _ = writeln!(out, "[FAIL] {}: {problem}", item.name);
                let _ = writeln!(out, "       fix: {fix}");
            }
        }
    }
    let checks = items.iter().filter(|i| !i.is_warning()).count();
    let failed = items.iter().filter(|i| !i.passed_ok()).count();
    let warned = match items.iter().filter(|i| i.is_warning()).count() {
        0 => String::new(),
        1 => " (1 warning)".to_owned(),
        n => format!(" ({n} warnings)"),
    };
    if failed == 0 {
        let _ = writeln!(out, "All {checks} checks passed{warned}.");
    } else {
        let _ = writeln!(out, "{failed} of {checks} checks failed{warned}.");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Config {
        let mut all = vec![
            (
                "DISCORD_TOKEN",
                "Mjg4NzYwMjQxMzYzODc3ODg4.C_ikow.j3VupLBuE1QWZng3TMGH0z_UAwg",
            ),
            ("RESONITE_CLIENT_ID", "client"),
            ("RESONITE_CLIENT_SECRET", "secret"),
            ("PUBLIC_URL", "https://link.example.org"),
        ];
        all.extend_from_slice(pairs);
        let map = all
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(&crate::config::map_lookup(map)).expect("a valid configuration")
    }

    fn warned(config: &Config) -> Vec<(&'static str, String)> {
        warnings(config)
            .into_iter()
            .map(|item| match item.outcome {
                Outcome::Warned { problem, fix } => (item.name, format!("{problem} / fix: {fix}")),
                other => panic!("{} is not a warning: {other:?}", item.name),
            })
            .collect()
    }

    #[test]
    fn bot_tokens_are_told_from_what_else_gets_pasted() {
        let real = "Mjg4NzYwMjQxMzYzODc3ODg4.C_ikow.j3VupLBuE1QWZng3TMGH0z_UAwg";
        assert!(looks_like_bot_token(real));
        assert!(looks_like_bot_token(&format!("Bot {real}")));
        assert!(looks_like_bot_token(&format!("  {real}\n")));
        for wrong in [
            "",
            "fake-bot-token",
            // An application id, a public key, an OAuth2 client secret.
            "1300000000000000002",
            "7b3f0c2e9d1a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d",
            "Xq3vKp9TzL2mN8rB5wY1cH6jF0dG4sAe",
            // Three parts, but the first is not an id.
            "aGVsbG8.C_ikow.j3VupLBuE1QWZng3TMGH0z_UAwg",
        ] {
            assert!(!looks_like_bot_token(wrong), "{wrong:?}");
        }
    }

    #[test]
    fn a_public_url_members_cannot_use_is_warned_about_with_the_fix() {
        assert_eq!(warned(&config(&[])), vec![], "https and a bot token");
        for loopback in [
            "http://127.0.0.1:8080",
            "http://localhost:8080",
            "https://[::1]/",
        ] {
            let w = warned(&config(&[("PUBLIC_URL", loopback)]));
            assert_eq!(w.len(), 1, "{loopback}: {w:?}");
            assert_eq!(w[0].0, "PUBLIC_URL");
            assert!(
                w[0].1.contains("members' browsers cannot reach it")
                    && w[0].1.contains("fix: set PUBLIC_URL to the https://"),
                "{w:?}"
            );
        }
        let w = warned(&config(&[("PUBLIC_URL", "http://link.example.org")]));
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(
            w[0].1.contains("http://") && w[0].1.contains("deploy/Caddyfile"),
            "{w:?}"
        );
    }

    #[test]
    fn a_token_that_is_not_a_bot_token_is_warned_about_never_shown() {
        let w = warned(&config(&[(
            "DISCORD_TOKEN",
            "Xq3vKp9TzL2mN8rB5wY1cH6jF0dG4sAe",
        )]));
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].0, "DISCORD_TOKEN");
        assert!(w[0].1.contains("Reset Token"), "{w:?}");
        assert!(
            !w[0].1.contains("Xq3vKp9T"),
            "the value is not shown: {w:?}"
        );
    }

    #[test]
    fn a_set_up_local_from_end_to_end_is_fine() {
        // The demo's: Discord, Resonite and the bot all on 127.0.0.1, the fakes' token.
        let local = config(&[
            ("DISCORD_TOKEN", "fake-bot-token"),
            ("DISCORD_API_URL", "http://127.0.0.1:9000"),
            ("PUBLIC_URL", "http://127.0.0.1:8080"),
        ]);
        assert_eq!(warned(&local), vec![]);
    }

    #[test]
    fn warnings_are_shown_with_their_fix_and_are_not_failures() {
        let items = vec![
            Item::passed("configuration", "every variable is usable"),
            Item::warned("PUBLIC_URL", "it is http://", "put HTTPS in front"),
            Item::passed("database", "sqlite: opened and migrated"),
        ];
        assert!(items.iter().all(Item::passed_ok));
        assert_eq!(
            render(&items),
            "[ok]   configuration: every variable is usable\n\
             [warn] PUBLIC_URL: it is http://\n       fix: put HTTPS in front\n\
             [ok]   database: sqlite: opened and migrated\n\
             All 2 checks passed (1 warning).\n"
        );
        let mut failing = items;
        failing.push(Item::failed("Discord bot token", "refused", "reset it"));
        assert!(render(&failing).ends_with("1 of 3 checks failed (1 warning).\n"));
    }
}
