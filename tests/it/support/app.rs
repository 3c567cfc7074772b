//! The bot's core and web server on loopback, against the mock Resonite and a fake Discord.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use resonite_link::app::Core;
use resonite_link::clock::Clock;
use resonite_link::config::Config;
use resonite_link::linking::StartedLink;
use resonite_link::reverify::Reverifier;
use resonite_link::roles::{Reconciler, RoleSync};
use resonite_link_fakes::discord::{FakeApp, FakeDiscord, FakeRole};
use resonite_link_fakes::resonite::{MockHandle, MockResonite, MockResoniteConfig};
use tokio::net::TcpListener;

use super::db::TestDb;
use resonite_link_fakes::openapi::OpenApi;

pub const APP_ID: u64 = 900_000_000_000_000_001;
pub const BOT_ID: u64 = 900_000_000_000_000_002;
pub const GUILD: u64 = 800_000_000_000_000_001;
pub const OWNER: u64 = 700_000_000_000_000_001;
pub const BOT_ROLE: u64 = 800_000_000_000_000_100;
pub const MEMBER_A: u64 = 700_000_000_000_000_010;
pub const MEMBER_B: u64 = 700_000_000_000_000_011;
pub const TOKEN: &str = "fake-bot-token";
pub const CLIENT_ID: &str = "test-client";
pub const CLIENT_SECRET: &str = "test-client-secret";
pub const MANAGE_ROLES: u64 = 1 << 28;

pub struct TestApp {
    pub base_url: String,
    pub core: Core,
    pub roles: Arc<RoleSync>,
    pub reconciler: Arc<Reconciler>,
    pub reverifier: Arc<Reverifier>,
    /// Stops the reconciler's workers when the app is dropped.
    _stop_reconciler: tokio::sync::watch::Sender<bool>,
    pub resonite: MockHandle,
    pub discord: FakeDiscord,
    pub clock: Clock,
    pub http: reqwest::Client,
    _db: TestDb,
}

pub struct Options {
    pub token_auth: &'static str,
    pub resonite_timeout: &'static str,
    /// Sets `TOKEN_ENCRYPTION_KEY` (re-verification on) when true.
    pub reverify: bool,
    pub max_rps: &'static str,
    pub lapse_grace_hours: &'static str,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            token_auth: "body",
            resonite_timeout: "10s",
            reverify: false,
            max_rps: "10000",
            lapse_grace_hours: "0",
        }
    }
}

/// A fixed test key (32 bytes, base64).
pub const TEST_KEY: &str = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=";

impl TestApp {
    pub async fn spawn(db: TestDb) -> Self {
        Self::spawn_with(db, Options::default()).await
    }

    pub async fn spawn_with(db: TestDb, options: Options) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind app");
        let base_url = format!("http://{}", listener.local_addr().expect("addr"));

        let resonite = MockResonite::spawn(
            MockResoniteConfig::new(
                CLIENT_ID,
                CLIENT_SECRET,
                format!("{base_url}/oauth/callback"),
            ),
            TcpListener::bind("127.0.0.1:0").await.expect("bind mock"),
        )
        .await
        .expect("mock resonite");

        let discord = FakeDiscord::new(FakeApp {
            application_id: APP_ID,
            bot_user_id: BOT_ID,
            bot_name: "resonite-link".into(),
            token: TOKEN.into(),
        });
        discord.add_guild(GUILD, "Test guild", OWNER);
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
        discord.add_member(GUILD, MEMBER_A, "member-a", &[]);
        discord.add_member(GUILD, MEMBER_B, "member-b", &[]);
        let discord_url = discord
            .clone()
            .spawn(
                TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind discord"),
            )
            .await
            .expect("fake discord");

        let vars: HashMap<String, String> = [
            ("DISCORD_TOKEN", TOKEN.to_owned()),
            ("DISCORD_API_URL", discord_url),
            ("RESONITE_CLIENT_ID", CLIENT_ID.to_owned()),
            ("RESONITE_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
            ("RESONITE_AUTHORIZE_URL", resonite.authorize_url()),
            ("RESONITE_TOKEN_URL", resonite.token_url()),
            ("RESONITE_PROFILE_URL", resonite.profile_url()),
            ("RESONITE_TOKEN_AUTH", options.token_auth.to_owned()),
            ("RESONITE_TIMEOUT", options.resonite_timeout.to_owned()),
            ("PUBLIC_URL", base_url.clone()),
            ("DATABASE_URL", db.url.clone()),
            ("RESONITE_MAX_RPS", options.max_rps.to_owned()),
            ("LAPSE_GRACE_HOURS", options.lapse_grace_hours.to_owned()),
            (
                "TOKEN_ENCRYPTION_KEY",
                if options.reverify {
                    TEST_KEY.to_owned()
                } else {
                    String::new()
                },
            ),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let config =
            Config::from_lookup(&move |k| vars.get(k).cloned()).expect("test config is valid");
        let clock = Clock::system();
        let core = Core::build(config, clock.clone()).await.expect("core");
        let http = core.discord_http();
        http.set_application_id(serenity::ApplicationId::new(APP_ID));
        let attached = core.attach_discord(Arc::new(http), None, None);
        let (stop_reconciler, stop_rx) = tokio::sync::watch::channel(false);
        tokio::spawn(Arc::clone(&attached.reconciler).run(stop_rx));
        let router = resonite_link::web::router(core.web_state());
        tokio::spawn(async move { axum::serve(listener, router).await });

        Self {
            base_url,
            core,
            roles: attached.roles,
            reconciler: attached.reconciler,
            reverifier: attached.reverifier,
            _stop_reconciler: stop_reconciler,
            resonite,
            discord,
            clock,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            _db: db,
        }
    }

    /// Waits until no reconcile is pending (every role change applied), against a deadline.
    pub async fn settle(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let pending = self
                .core
                .store
                .count_pending_reconciles(None)
                .await
                .expect("count pending");
            if pending == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{pending} reconciles still pending after 20 s"
            );
            self.reconciler.wake();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What `/link` does for `user` in the test guild, with a recognisable interaction token.
    pub async fn start_link(&self, user: u64) -> (StartedLink, String) {
        let token = format!(
            "interaction-token-{user}-{}",
            resonite_link::linking::random_token()
        );
        let started = self
            .core
            .links
            .start(user, &format!("member-{user}"), Some(GUILD), &token)
            .await
            .expect("start link");
        (started, token)
    }

    /// The member approves on the mock Resonite as `resonite_user`; returns the callback URL.
    pub async fn approve(&self, started: &StartedLink, resonite_user: &str) -> String {
        self.resonite
            .approve(started.authorize_url.as_str(), resonite_user)
            .await
            .expect("mock approves")
    }

    /// GET a URL on the app; returns status and body.
    pub async fn get(&self, url: &str) -> (u16, String) {
        let url = if url.starts_with("http") {
            url.to_owned()
        } else {
            format!("{}{url}", self.base_url)
        };
        let response = self.http.get(url).send().await.expect("app answers");
        let status = response.status().as_u16();
        (status, response.text().await.expect("body"))
    }

    /// Start → approve → callback, returning the callback's status and page.
    pub async fn link(&self, user: u64, resonite_user: &str) -> (u16, String, String) {
        let (started, token) = self.start_link(user).await;
        let callback = self.approve(&started, resonite_user).await;
        let (status, body) = self.get(&callback).await;
        self.settle().await;
        (status, body, token)
    }

    /// Adds a role below the bot's role to the fake guild.
    pub fn add_role(&self, guild: u64, id: u64, name: &str, position: u16) {
        self.discord.add_role(
            guild,
            FakeRole {
                id,
                name: name.into(),
                position,
                permissions: 0,
                managed: false,
            },
        );
    }

    /// Stores a rule as `/roles add` would.
    pub async fn add_rule(&self, guild: u64, role: u64, kind: &str, value: &str) {
        let condition =
            resonite_link::roles::Condition::from_stored(kind, value).expect("valid rule");
        self.core
            .store
            .add_rule(
                guild,
                role,
                condition.kind().as_str(),
                &condition.value(),
                OWNER,
                self.clock.now(),
            )
            .await
            .expect("rule stored");
    }

    /// The role add/remove calls sent to the fake Discord, as `(method, guild, user, role)`.
    pub fn role_calls(&self) -> Vec<(String, u64, u64, u64)> {
        self.discord
            .requests()
            .into_iter()
            .filter_map(|r| {
                let parts: Vec<&str> = r.path.trim_start_matches("/api/v10/").split('/').collect();
                match parts.as_slice() {
                    ["guilds", g, "members", u, "roles", role] => Some((
                        r.method.clone(),
                        g.parse().ok()?,
                        u.parse().ok()?,
                        role.parse().ok()?,
                    )),
                    _ => None,
                }
            })
            .collect()
    }

    /// Every request the bot sent to the fake Discord fits Discord's OpenAPI description,
    /// and none went to a route Discord does not have.
    pub fn assert_discord_requests_valid(&self) {
        let unexpected = self.discord.unexpected();
        assert!(
            unexpected.is_empty(),
            "requests to routes the fake does not serve: {unexpected:#?}"
        );
        OpenApi::load().assert_all_valid(&self.discord.requests());
    }
}
