//! The fakes every figure runs against, on loopback: the mock Resonite, the fake Discord
//! (REST and gateway), generated profiles, and the bot's configuration pointing at them.

use std::collections::HashMap;
use std::time::Duration;

use resonite_link::config::Config;
use resonite_link_fakes::discord::{FakeApp, FakeDiscord, FakeRole};
use resonite_link_fakes::resonite::{MockHandle, MockResonite, MockResoniteConfig};
use serde_json::{Value, json};
use tokio::net::TcpListener;

pub const APP_ID: u64 = 900_000_000_000_000_001;
pub const BOT_ID: u64 = 900_000_000_000_000_002;
pub const GUILD: u64 = 800_000_000_000_000_001;
pub const OWNER: u64 = 700_000_000_000_000_001;
pub const BOT_ROLE: u64 = 800_000_000_000_000_100;
pub const LINKED: u64 = 800_000_000_000_000_301;
pub const PATRON: u64 = 800_000_000_000_000_302;
pub const TIER10: u64 = 800_000_000_000_000_303;
pub const MENTOR: u64 = 800_000_000_000_000_304;
pub const TOKEN: &str = "bench-bot-token";
pub const CLIENT_ID: &str = "bench-client";
pub const CLIENT_SECRET: &str = "bench-client-secret";
/// A fixed benchmark key (32 bytes, base64).
pub const KEY: &str = "YmVuY2gta2V5LWJlbmNoLWtleS1iZW5jaC1rZXktISE=";
const MANAGE_ROLES: u64 = 1 << 28;

/// The Discord user of generated member `n`.
pub fn discord_id(n: u64) -> u64 {
    600_000_000_000_000_000 + n
}

pub fn resonite_id(n: u64) -> String {
    format!("U-Gen{n}")
}

/// A generated profile: Patreon supporter (active or lapsed) at `tier` cents, with `tags`.
pub fn profile(n: u64, active: bool, tier: i64, tags: &[&str]) -> Value {
    json!({
        "id": resonite_id(n),
        "username": format!("Gen{n}"),
        "registrationDate": "2024-01-01T00:00:00.0000000Z",
        "tags": tags,
        "isActiveSupporter": active,
        "supporterMetadata": [{
            "$type": "patreon", "isActiveSupporter": active, "isActive": active,
            "totalSupportMonths": 3, "totalSupportCents": tier * 3, "lastTierCents": tier,
        }],
    })
}

/// The mock Resonite on 127.0.0.1:0, its redirect URI registered as `public_url`'s callback.
/// Codes live long enough to prepare thousands before timing the callbacks.
pub async fn mock_resonite(public_url: &str, profiles: Vec<Value>) -> MockHandle {
    let mut cfg = MockResoniteConfig::new(
        CLIENT_ID,
        CLIENT_SECRET,
        format!("{}/oauth/callback", public_url.trim_end_matches('/')),
    );
    cfg.profiles = profiles;
    cfg.code_ttl = Duration::from_secs(3600);
    MockResonite::spawn(cfg, bind().await)
        .await
        .expect("mock Resonite starts")
}

pub async fn bind() -> TcpListener {
    TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port")
}

/// The fake Discord with one guild, the bot (Manage Roles, above the managed roles) and
/// the four managed roles. Not yet serving.
pub fn fake_discord() -> FakeDiscord {
    let discord = FakeDiscord::new(FakeApp {
        application_id: APP_ID,
        bot_user_id: BOT_ID,
        bot_name: "resonite-link".into(),
        token: TOKEN.into(),
    });
    discord.add_guild(GUILD, "Bench guild", OWNER);
    discord.add_role(
        GUILD,
        FakeRole {
            id: BOT_ROLE,
            name: "bot".into(),
            position: 10,
            permissions: MANAGE_ROLES,
            managed: true,
        },
    );
    discord.set_bot_roles(GUILD, &[BOT_ROLE]);
    for (id, name, position) in [
        (LINKED, "Linked", 1),
        (PATRON, "Patron", 2),
        (TIER10, "Tier 10", 3),
        (MENTOR, "Mentor", 4),
    ] {
        discord.add_role(
            GUILD,
            FakeRole {
                id,
                name: name.into(),
                position,
                permissions: 0,
                managed: false,
            },
        );
    }
    // Heartbeats rarely: they are not what is measured.
    discord.set_heartbeat_interval(41_250);
    discord
}

/// The environment the bot reads, pointing at the fakes.
pub fn bot_env(
    discord_url: &str,
    resonite: &[String; 3],
    public_url: &str,
    database_url: &str,
    extra: &[(&str, String)],
) -> HashMap<String, String> {
    let mut vars: HashMap<String, String> = [
        ("DISCORD_TOKEN", TOKEN.to_owned()),
        ("DISCORD_API_URL", discord_url.to_owned()),
        ("RESONITE_CLIENT_ID", CLIENT_ID.to_owned()),
        ("RESONITE_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        ("RESONITE_AUTHORIZE_URL", resonite[0].clone()),
        ("RESONITE_TOKEN_URL", resonite[1].clone()),
        ("RESONITE_PROFILE_URL", resonite[2].clone()),
        ("PUBLIC_URL", public_url.to_owned()),
        ("DATABASE_URL", database_url.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    for (k, v) in extra {
        vars.insert((*k).to_owned(), v.clone());
    }
    vars
}

/// The mock's authorize, token and profile URLs.
pub fn resonite_urls(mock: &MockHandle) -> [String; 3] {
    [mock.authorize_url(), mock.token_url(), mock.profile_url()]
}

pub fn config(vars: HashMap<String, String>) -> Config {
    Config::from_lookup(&move |k| vars.get(k).cloned()).expect("benchmark configuration is valid")
}

/// What a browser does on the consent page, without fetching the page (it lists every
/// account, thousands here): posts the authorize request's parameters back with the
/// approval. Returns the redirect to the callback (`…/oauth/callback?code=…&state=…`).
pub async fn approve(
    http: &reqwest::Client,
    authorize_url: &str,
    resonite_user: &str,
) -> anyhow::Result<String> {
    let url = url::Url::parse(authorize_url)?;
    let mut form: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.push(("account".into(), resonite_user.into()));
    form.push(("decision".into(), "approve".into()));
    let mut action = url.clone();
    action.set_query(None);
    let response = http.post(action).form(&form).send().await?;
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    match location {
        Some(l) if l.contains("code=") => Ok(l),
        other => anyhow::bail!(
            "the mock did not approve (HTTP {}, location {other:?})",
            response.status()
        ),
    }
}

/// A client that follows no redirects and does not look for proxies.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("HTTP client")
}
