//! The bot's core and web server on loopback, in a fake world (`support::world`).

use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use resonite_verify::app::Core;
use resonite_verify::clock::Clock;
use resonite_verify::linking::StartedLink;
use resonite_verify::reverify::Reverifier;
use resonite_verify::roles::{Reconciler, RoleSync};
use resonite_verify::seed;
use resonite_verify_fakes::discord::{FakeDiscord, FakeRole};
use resonite_verify_fakes::openapi::OpenApi;
use resonite_verify_fakes::resonite::MockHandle;
use serde_json::Value;

use super::db::TestDb;
use super::session::Session;
use super::world::{self, APP_ID, GUILD, GUILD_NAME, OWNER, World, WorldBuilder, discord_id};

pub struct TestApp {
    pub world: World,
    pub base_url: String,
    pub core: Core,
    pub roles: Arc<RoleSync>,
    pub reconciler: Arc<Reconciler>,
    pub reverifier: Arc<Reverifier>,
    /// Stops the reconciler's workers when the app is dropped.
    stop_reconciler: tokio::sync::watch::Sender<bool>,
    /// The reconciler's workers, then the web server.
    tasks: Vec<tokio::task::JoinHandle<()>>,
    /// The world's mock Resonite and fake Discord, for short.
    pub resonite: MockHandle,
    pub discord: FakeDiscord,
    pub clock: Clock,
    pub http: reqwest::Client,
    /// The member's browser: keeps the bot's cookie, presses Link when asked ([`Self::get`]).
    pub browser: Session,
    _db: TestDb,
}

pub struct Options {
    pub token_auth: &'static str,
    pub resonite_timeout: &'static str,
    /// Sets `TOKEN_ENCRYPTION_KEY` (re-verification on) when true.
    pub reverify: bool,
    pub max_rps: &'static str,
    pub lapse_grace_hours: &'static str,
    /// Sets `DISCORD_CLIENT_SECRET` (Linked Roles on) and registers the redirect URI with
    /// the fake Discord when true.
    pub linked_roles: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            token_auth: "body",
            resonite_timeout: "10s",
            reverify: false,
            max_rps: "10000",
            lapse_grace_hours: "0",
            linked_roles: false,
        }
    }
}

impl TestApp {
    /// The app in [`world::guild`].
    pub async fn spawn(db: TestDb) -> Self {
        Self::spawn_with(db, Options::default()).await
    }

    pub async fn spawn_with(db: TestDb, options: Options) -> Self {
        Self::start(world::guild(), db, options).await
    }

    /// The app in `world`, its rules and links seeded into the database.
    pub async fn start(world: WorldBuilder, db: TestDb, options: Options) -> Self {
        let mut world = world
            .env("RESONITE_TOKEN_AUTH", options.token_auth)
            .env("RESONITE_TIMEOUT", options.resonite_timeout)
            .env("RESONITE_MAX_RPS", options.max_rps)
            .env("LAPSE_GRACE_HOURS", options.lapse_grace_hours)
            .env("DATABASE_URL", db.url.clone());
        if options.reverify {
            world = world.token_key();
        }
        if options.linked_roles {
            world = world.env(
                "DISCORD_CLIENT_SECRET",
                resonite_verify_fakes::discord::DEFAULT_CLIENT_SECRET,
            );
        }
        let mut world = world.build().await.expect("the world starts");
        if options.linked_roles {
            let redirect = format!("{}/discord/callback", world.bot_url);
            world.discord.set_redirect_uris(&[redirect.as_str()]);
        }
        let config = seed::config(&world).expect("test config is valid");
        let clock = Clock::system();
        let core = Core::build(config, clock.clone()).await.expect("core");
        seed::seed(
            &core.store,
            core.cipher.as_deref(),
            world.seeds(),
            clock.now(),
        )
        .await
        .expect("the world's rules and links are stored");
        let listener = world.take_bot_listener().expect("the bot's listener");
        let app = Self::attach(world, core, listener, clock, db);
        if let Some(linked_roles) = &app.core.linked_roles {
            // What the app's workers do at start-up.
            linked_roles
                .register_metadata()
                .await
                .expect("metadata registered");
        }
        app
    }

    /// The core attached to the fake Discord, its reconciler's workers and web server running.
    fn attach(
        world: World,
        core: Core,
        listener: tokio::net::TcpListener,
        clock: Clock,
        db: TestDb,
    ) -> Self {
        // What the gateway's Ready tells the bot's REST client (no gateway runs here).
        core.http
            .set_application_id(serenity::ApplicationId::new(APP_ID));
        let (stop_reconciler, stop_rx) = tokio::sync::watch::channel(false);
        let reconciling = tokio::spawn(Arc::clone(&core.reconciler).run(stop_rx));
        let router = resonite_verify::web::router(core.web_state());
        let web = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        let browser = Session::new(&world.bot_url);

        Self {
            base_url: world.bot_url.clone(),
            resonite: world.resonite.clone(),
            discord: world.discord.clone(),
            world,
            roles: Arc::clone(&core.roles),
            reconciler: Arc::clone(&core.reconciler),
            reverifier: Arc::clone(&core.reverifier),
            core,
            stop_reconciler,
            tasks: vec![reconciling, web],
            clock,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            browser,
            _db: db,
        }
    }

    /// Stops this app (its reconciler gives back its claims; its web server goes) and starts
    /// a new one on the same database and world, as a restarted process would.
    pub async fn restart(self) -> Self {
        let Self {
            world,
            core,
            stop_reconciler,
            tasks,
            clock,
            _db: db,
            ..
        } = self;
        let _ = stop_reconciler.send(true);
        let mut tasks = tasks.into_iter();
        if let Some(reconciling) = tasks.next() {
            let _ = reconciling.await;
        }
        for task in tasks {
            task.abort();
            let _ = task.await;
        }
        let config = core.config.clone();
        core.store.close().await;
        let addr = world
            .bot_url
            .trim_start_matches("http://")
            .parse::<std::net::SocketAddr>()
            .expect("the bot's address");
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("the bot's address again");
        let core = Core::build(config, clock.clone())
            .await
            .expect("core again");
        Self::attach(world, core, listener, clock, db)
    }

    /// Waits until no reconcile is pending (every role change applied), against a deadline.
    pub async fn settle(&self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        loop {
            let pending = self
                .core
                .store
                .queue()
                .count_pending(None)
                .await
                .expect("count pending");
            if pending == 0 {
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{pending} reconciles still pending after 60 s"
            );
            self.reconciler.wake();
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// What `/link` does for `user` in the test guild, with a recognisable interaction token.
    pub async fn start_link(&self, user: u64) -> (StartedLink, String) {
        self.start_link_in(user, None).await
    }

    /// [`Self::start_link`] from a `/link` Discord reported in `locale`.
    pub async fn start_link_in(&self, user: u64, locale: Option<&str>) -> (StartedLink, String) {
        let token = format!(
            "interaction-token-{user}-{}",
            resonite_verify::linking::random_token()
        );
        let started = self
            .core
            .links
            .start_in(&resonite_verify::linking::LinkRequest {
                discord_user_id: user,
                discord_name: &format!("member-{user}"),
                guild_id: Some(GUILD),
                guild_name: Some(GUILD_NAME),
                interaction_token: &token,
                locale,
                ..Default::default()
            })
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

    /// GET a URL on the app in the member's browser ([`Self::browser`]); returns status and
    /// body. On the confirmation page a callback shows, the member presses Link: the page
    /// returned is the link's result.
    pub async fn get(&self, url: &str) -> (u16, String) {
        self.browser.get(url).await
    }

    /// A browser of its own (no cookie yet), on this app.
    pub fn new_browser(&self) -> Session {
        Session::new(&self.base_url)
    }

    /// Start → approve → callback → Link, without waiting for the roles beyond the page's
    /// own wait.
    pub async fn link_now(&self, user: u64, resonite_user: &str) -> (u16, String, String) {
        let (started, token) = self.start_link(user).await;
        let callback = self.approve(&started, resonite_user).await;
        let (status, body) = self.get(&callback).await;
        (status, body, token)
    }

    /// Start → approve → callback → Link, then every role change applied.
    pub async fn link(&self, user: u64, resonite_user: &str) -> (u16, String, String) {
        let (started, token) = self.start_link(user).await;
        let callback = self.approve(&started, resonite_user).await;
        let (status, body) = self.get(&callback).await;
        self.settle().await;
        (status, body, token)
    }

    /// Generated member `n` is already linked as `profile` (a working refresh token, so
    /// re-verification needs [`Options::reverify`]) and holds `roles` in the guild.
    pub async fn seed_link(&self, n: u64, profile: Value, roles: &[u64]) {
        let user = discord_id(n);
        let link = self
            .world
            .mint_link(user, profile)
            .expect("a profile with an id");
        seed::seed_links(
            &self.core.store,
            self.core.cipher.as_deref(),
            &[link],
            self.clock.now(),
        )
        .await
        .expect("link stored");
        self.discord
            .add_member(GUILD, user, &format!("gen{n}"), roles);
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
        let rule = resonite_verify_fakes::world::RuleSeed {
            guild_id: guild,
            role_id: role,
            kind: kind.into(),
            value: value.into(),
            added_by: OWNER,
        };
        seed::seed_rules(&self.core.store, &[rule], self.clock.now())
            .await
            .expect("rule stored");
    }

    /// The role add/remove calls sent to the fake Discord, as `(method, guild, user, role)`.
    pub fn role_calls(&self) -> Vec<(String, u64, u64, u64)> {
        self.world
            .role_calls()
            .into_iter()
            .map(|c| (c.method, c.guild_id, c.user_id, c.role_id))
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
        // Discord's OpenAPI description lists no OAuth2 endpoints (only the security
        // scheme's URLs): those requests are checked by the fake itself.
        let described: Vec<_> = self
            .discord
            .requests()
            .into_iter()
            .filter(|r| {
                !matches!(
                    r.path.as_str(),
                    "/oauth2/authorize" | "/api/v10/oauth2/token" | "/api/v10/oauth2/token/revoke"
                )
            })
            .collect();
        OpenApi::load().assert_all_valid(&described);
    }
}
