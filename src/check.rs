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

    pub fn passed_ok(&self) -> bool {
        matches!(self.outcome, Outcome::Passed(_))
    }
}

/// An authorization code no server ever issued: the token endpoint's answer to it tells
/// whether the client credentials are right without granting anything.
const PROBE_CODE: &str = "resonite-verify-check-not-a-code";
const PROBE_VERIFIER: &str = "resonite-verify-check-verifier-0000000000000000000";

/// Runs every check against `config` (the configuration itself was read already).
pub async fn run(config: &Config) -> Vec<Item> {
    let mut items = vec![Item::passed("configuration", "every variable is usable")];
    items.push(database(config).await);
    let http = crate::app::discord_http(config);
    items.push(discord_token(&http).await);
    items.push(members_intent(&http).await);
    match ResoniteClient::new(&config.resonite) {
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

/// The checklist as printed: one line per item, its fix under a failure, a summary.
pub fn render(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        match &item.outcome {
            Outcome::Passed(detail) => {
                let _ = writeln!(out, "[ok]   {}: {detail}", item.name);
            }
            Outcome::Failed { problem, fix } => {
                let _ = writeln!(out, "[FAIL] {}: {problem}", item.name);
                let _ = writeln!(out, "       fix: {fix}");
            }
        }
    }
    let failed = items.iter().filter(|i| !i.passed_ok()).count();
    if failed == 0 {
        let _ = writeln!(out, "All {} checks passed.", items.len());
    } else {
        let _ = writeln!(out, "{failed} of {} checks failed.", items.len());
    }
    out
}
