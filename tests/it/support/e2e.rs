//! The REAL bot, end to end: `App::build(config)` + `app.run_until_stopped(shutdown)` as
//! `main` runs them, configured through an environment-style lookup that points
//! `DISCORD_API_URL` at the fake Discord (REST + gateway) and the Resonite URLs at the mock.
//!
//! Readiness is awaited on the fakes' notifications (`wait_for_ready`,
//! `wait_for_callback`) and by polling `/readyz` against a deadline; never by sleeping
//! for a fixed time.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use resonite_verify::app::App;
use resonite_verify::discord::MemberLists;
use resonite_verify::seed;
use resonite_verify::store::Store;
use resonite_verify_fakes::discord::{FakeDiscord, SlashInvocation};
use resonite_verify_fakes::openapi::OpenApi;
use resonite_verify_fakes::resonite::MockHandle;
use resonite_verify_fakes::world::{
    BotAddress, World, WorldBuilder, button_ids, choice_option, link_button_url,
};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::db::TestDb;
use super::session::Session;
pub use super::world::*;

pub const WAIT: Duration = Duration::from_secs(20);

/// One running bot process (as far as the test can tell).
struct RunningBot {
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
    /// Set once `App::build` returned (it waits for a database that does not answer).
    store: Arc<OnceLock<Store>>,
    /// Set with `store`: which guilds' member lists the gateway has delivered.
    members: Arc<OnceLock<Arc<MemberLists>>>,
}

pub struct E2e {
    pub world: World,
    /// The world's fake Discord and mock Resonite, for short.
    pub discord: FakeDiscord,
    pub resonite: MockHandle,
    /// `PUBLIC_URL`: `http://127.0.0.1:PORT`.
    pub bot_url: String,
    pub http: reqwest::Client,
    /// The member's browser: keeps the bot's cookie, presses Link when asked ([`Self::get`]).
    pub browser: Session,
    bot: Option<RunningBot>,
    /// The world's rules and links are written once, before the first start.
    seeded: bool,
    db: TestDb,
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_test_writer()
        .try_init();
}

impl E2e {
    /// The bot in [`community`], started and ready.
    pub async fn start(db: TestDb) -> Self {
        Self::start_in(community(), db).await
    }

    /// Starts the world and the bot in it (which binds its own port, as `main` does), and
    /// waits until the bot is ready.
    pub async fn start_in(world: WorldBuilder, db: TestDb) -> Self {
        init_tracing();
        // The port picked for the bot could be taken between the probe and the bot's bind:
        // build the world again on another.
        let mut last_error = None;
        let mut db = Some(db);
        for _ in 0..5 {
            let taken = db.take().expect("the database");
            let mut e2e = Self::stopped_in(world.clone(), taken).await;
            match e2e.try_start_bot().await {
                Ok(()) => return e2e,
                Err(e) => {
                    e2e.world.shutdown().await;
                    last_error = Some(e);
                    let Self { db: back, .. } = e2e;
                    db = Some(back);
                }
            }
        }
        panic!("the bot could not start: {last_error:?}");
    }

    /// The world started, the bot not yet ([`Self::launch`] starts it): for a test that
    /// changes the world (a fault, an outage) before the bot's first start.
    pub async fn stopped_in(world: WorldBuilder, db: TestDb) -> Self {
        init_tracing();
        let world = world
            .bot_address(BotAddress::Port(0))
            .env("DATABASE_URL", db.url.clone())
            .build()
            .await
            .expect("the world starts");
        Self {
            discord: world.discord.clone(),
            resonite: world.resonite.clone(),
            bot_url: world.bot_url.clone(),
            browser: Session::new(&world.bot_url),
            world,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
            bot: None,
            seeded: false,
            db,
        }
    }

    /// Starts the bot as `main` does (`App::build`, the world's seeds written once it
    /// returns, `run_until_stopped`) without waiting for anything: the database or Discord
    /// may not answer yet. [`Self::wait_until_ready`] waits for it.
    pub fn launch(&mut self) {
        assert!(self.bot.is_none(), "the bot is already running");
        let config = seed::config(&self.world).expect("a valid configuration");
        let seeds = (!self.seeded).then(|| self.world.seeds().clone());
        self.seeded = true;
        let store = Arc::new(OnceLock::new());
        let built = Arc::clone(&store);
        let members = Arc::new(OnceLock::new());
        let built_members = Arc::clone(&members);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let app = App::build(config).await?;
            let core = app.core();
            if let Some(seeds) = seeds {
                let now = chrono::Utc::now().timestamp();
                seed::seed(&core.store, core.cipher.as_deref(), &seeds, now).await?;
            }
            let _ = built.set(core.store.clone());
            let _ = built_members.set(Arc::clone(&core.members));
            app.run_until_stopped(async {
                let _ = stopped.await;
            })
            .await
        });
        self.bot = Some(RunningBot {
            stop,
            task,
            store,
            members,
        });
    }

    /// Whether the launched bot has ended (it should not, whatever does not answer).
    pub fn bot_ended(&self) -> bool {
        self.bot.as_ref().is_none_or(|bot| bot.task.is_finished())
    }

    /// The environment the bot was started with (as `main` would read it).
    pub fn var(&self, name: &str) -> Option<String> {
        self.world.var(name)
    }

    async fn try_start_bot(&mut self) -> anyhow::Result<()> {
        assert!(self.bot.is_none(), "the bot is already running");
        let config = seed::config(&self.world)?;
        let app = App::build(config).await?;
        if !self.seeded {
            let core = app.core();
            let now = chrono::Utc::now().timestamp();
            seed::seed(&core.store, core.cipher.as_deref(), self.world.seeds(), now).await?;
            self.seeded = true;
        }
        let store = Arc::new(OnceLock::from(app.core().store.clone()));
        let members = Arc::new(OnceLock::from(Arc::clone(&app.core().members)));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        self.bot = Some(RunningBot {
            stop,
            task,
            store,
            members,
        });
        self.wait_until_ready().await;
        Ok(())
    }

    /// Starts the bot again (same configuration, same database).
    pub async fn start_bot(&mut self) {
        self.try_start_bot().await.expect("the bot starts");
    }

    /// Waits (bounded) until the bot is READY on the fake gateway, `/readyz` says 200 and
    /// the member lists have arrived.
    pub async fn wait_until_ready(&self) {
        assert!(
            self.discord.wait_for_ready(WAIT).await,
            "the bot never got READY from the fake gateway"
        );
        // `/readyz` turns 200 once poise ran the setup (commands registered) and the
        // Ready handler marked the gateway connected.
        let deadline = Instant::now() + WAIT;
        loop {
            let ready = self
                .http
                .get(format!("{}/readyz", self.bot_url))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if ready {
                break;
            }
            assert!(Instant::now() < deadline, "/readyz never answered 200");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // What a command reads from memory (`/roles add` counting members, `/doctor`) is
        // there once the member lists are: tests start from there, as a server does a
        // moment after the bot joins.
        self.wait_for_member_lists().await;
    }

    /// Stops the bot the way Ctrl-C does (the shutdown future resolves) and waits until the
    /// process would have exited and its gateway session is gone.
    pub async fn stop_bot(&mut self) {
        let bot = self.bot.take().expect("the bot is running");
        let _ = bot.stop.send(());
        let result = tokio::time::timeout(WAIT, bot.task)
            .await
            .expect("run_until_stopped returned in time")
            .expect("the bot task did not panic");
        assert!(result.is_ok(), "run_until_stopped failed: {result:?}");
        let deadline = Instant::now() + WAIT;
        while self.discord.sessions() > 0 {
            assert!(Instant::now() < deadline, "the gateway session stayed open");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Waits (bounded) until every guild's member list named at READY has arrived in the
    /// bot's cache: what `/doctor` reports and a sweep reads from memory. `/readyz` does
    /// not wait for it (a large guild's members take a while).
    pub async fn wait_for_member_lists(&self) {
        let members = self
            .bot
            .as_ref()
            .expect("the bot is running")
            .members
            .get()
            .expect("the bot is built");
        assert!(
            members.wait_loaded(WAIT).await,
            "the member lists never arrived"
        );
    }

    /// The running bot's store (to check what was, or was not, stored).
    pub fn store(&self) -> &Store {
        self.bot
            .as_ref()
            .expect("the bot is running")
            .store
            .get()
            .expect("the bot has opened its database")
    }

    /// Runs a slash command; returns the invocation and the bot's interaction callback body.
    pub async fn command(
        &self,
        guild: Option<u64>,
        user: u64,
        name: &str,
        options: Value,
    ) -> (SlashInvocation, Value) {
        let answer = self
            .world
            .command(guild, user, name, options, WAIT)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        (answer.invocation, answer.reply)
    }

    /// Runs a slash command in a guild; returns the reply's text, checking it is ephemeral.
    pub async fn say(&self, guild: u64, user: u64, name: &str, options: Value) -> String {
        let (_, reply) = self.command(Some(guild), user, name, options).await;
        assert_eq!(reply["type"], 4, "a message reply to /{name}: {reply}");
        assert_eq!(
            reply["data"]["flags"].as_u64().unwrap_or(0) & 64,
            64,
            "/{name} answers ephemerally: {reply}"
        );
        reply["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// `user` presses the button `custom_id` on the bot's reply to the interaction
    /// `message_token`; returns the bot's answer to the press.
    pub async fn press(
        &self,
        guild: u64,
        user: u64,
        message_token: &str,
        custom_id: &str,
    ) -> Value {
        self.world
            .press(Some(guild), user, message_token, custom_id, WAIT)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .reply
    }

    /// `/unlink` as `member`, confirmed with the prompt's button, as a member does it;
    /// returns what the prompt turned into.
    pub async fn unlink_confirmed(&self, guild: u64, member: u64) -> String {
        let (invocation, prompt) = self.command(Some(guild), member, "unlink", json!([])).await;
        assert_eq!(prompt["type"], 4, "/unlink replies with a prompt: {prompt}");
        let buttons = button_ids(&prompt);
        let confirm = buttons
            .iter()
            .find(|id| id.starts_with("unlink:confirm:"))
            .unwrap_or_else(|| panic!("no confirm button in {prompt}"));
        let pressed = self.press(guild, member, &invocation.token, confirm).await;
        assert_eq!(
            pressed["type"], 7,
            "the press updates the prompt: {pressed}"
        );
        pressed["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The `rule:` option as a Discord client sends it: the value of the chosen choice, as
    /// the bot registered it.
    pub fn rule_option(&self, rule: &str) -> Value {
        let commands = self
            .discord
            .registered_commands()
            .expect("commands registered");
        choice_option(&commands, "roles", "rule", rule)
            .unwrap_or_else(|| panic!("no choice {rule:?} for /roles rule:"))
    }

    /// `/roles add role: rule: [value:]`.
    pub async fn roles_add(
        &self,
        guild: u64,
        user: u64,
        role: u64,
        rule: &str,
        value: Option<&str>,
    ) -> String {
        let mut options = vec![
            json!({ "name": "role", "type": 8, "value": role }),
            self.rule_option(rule),
        ];
        if let Some(value) = value {
            options.push(json!({ "name": "value", "type": 3, "value": value }));
        }
        self.say(
            guild,
            user,
            "roles",
            json!([{ "name": "add", "type": 1, "options": options }]),
        )
        .await
    }

    /// `/roles remove role: [rule:]`.
    pub async fn roles_remove(
        &self,
        guild: u64,
        user: u64,
        role: u64,
        rule: Option<&str>,
    ) -> String {
        let mut options = vec![json!({ "name": "role", "type": 8, "value": role })];
        if let Some(rule) = rule {
            options.push(self.rule_option(rule));
        }
        self.say(
            guild,
            user,
            "roles",
            json!([{ "name": "remove", "type": 1, "options": options }]),
        )
        .await
    }

    /// `/roles list`.
    pub async fn roles_list(&self, guild: u64, user: u64) -> String {
        self.say(
            guild,
            user,
            "roles",
            json!([{ "name": "list", "type": 1, "options": [] }]),
        )
        .await
    }

    /// `/link` as `user` in the main guild; returns the interaction token and the button URL.
    pub async fn type_link(&self, user: u64) -> (String, String) {
        let (invocation, reply) = self.command(Some(GUILD), user, "link", json!([])).await;
        assert_eq!(reply["type"], 4, "/link replies with a message: {reply}");
        let url = link_button_url(&reply)
            .unwrap_or_else(|| panic!("no link button (type 2, style 5) in {reply}"));
        (invocation.token, url)
    }

    /// `/link`, approve on the mock as `resonite_user`, follow the redirect to the bot, press
    /// Link.
    /// Returns the interaction token, the callback's status and its page.
    pub async fn link(&self, user: u64, resonite_user: &str) -> (String, u16, String) {
        let (token, url) = self.type_link(user).await;
        let callback = self
            .resonite
            .approve(&url, resonite_user)
            .await
            .expect("the mock approves");
        let (status, page) = self.get(&callback).await;
        (token, status, page)
    }

    /// GET on the bot (a path or a full URL) in the member's browser; status and body. On
    /// the confirmation page a callback shows, the member presses Link: the page returned
    /// is the link's result.
    pub async fn get(&self, url: &str) -> (u16, String) {
        self.browser.get(url).await
    }

    /// Waits (bounded) until the member's roles on the fake guild are exactly `expected`.
    pub async fn wait_for_roles(&self, guild: u64, user: u64, expected: &[u64]) {
        if let Err(roles) = self.world.wait_for_roles(guild, user, expected, WAIT).await {
            panic!("roles of {user} in {guild}: {roles:?}, expected {expected:?}");
        }
    }

    /// Every request the bot sent to the fake Discord fits Discord's OpenAPI description,
    /// and none went to a route the fake (like Discord) does not have.
    pub fn assert_discord_requests_valid(&self) {
        let unexpected = self.discord.unexpected();
        assert!(
            unexpected.is_empty(),
            "requests to routes Discord does not have: {unexpected:#?}"
        );
        let mut requests = self.discord.requests();
        assert!(!requests.is_empty(), "the bot sent no request at all");
        for request in &mut requests {
            permissions_as_integers(request);
        }
        OpenApi::load().assert_all_valid(&requests);
    }

    /// Stops the bot and the mock.
    pub async fn finish(mut self) {
        if self.bot.is_some() {
            self.stop_bot().await;
        }
        self.world.shutdown().await;
    }
}

/// Discord documents `default_member_permissions` as a string (a permission bit set, like
/// every permission field; serenity and poise send it so), while the OpenAPI description
/// types it as an integer. Discord accepts both; validate the number the string holds.
fn permissions_as_integers(request: &mut resonite_verify_fakes::discord::RecordedRequest) {
    if !request.path.ends_with("/commands") {
        return;
    }
    let commands = match request.body.as_mut() {
        Some(Value::Array(list)) => list.iter_mut().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => return,
    };
    for command in commands {
        if let Some(field) = command.get_mut("default_member_permissions")
            && let Some(bits) = field.as_str().and_then(|s| s.parse::<u64>().ok())
        {
            *field = json!(bits);
        }
    }
}
