//! `resonite-verify demo`: everything on 127.0.0.1 for a first try, no account needed.
//!
//! One process runs the fake world (`resonite_verify_fakes::world`: the mock Resonite and a
//! fake Discord with a sample server, "Demo Community") and the real bot ([`App`]) on an
//! embedded SQLite database, its `DISCORD_API_URL` pointing at the fake. A prompt then
//! lets the person trying it type slash commands as the demo member or the demo admin;
//! they reach the bot through the fake gateway as real interactions, and the prompt
//! prints what the bot answered and which roles changed ([`drive`]).
//!
//! [`Demo::start`] and [`Demo::type_link`] are also what the browser test drives.

mod input;
mod prompt;
pub mod seed;
mod watch;

pub use prompt::drive;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use resonite_verify_fakes::world::{
    Answer, BotAddress, MANAGE_NICKNAMES, MANAGE_ROLES, World, WorldBuilder,
};
use serde_json::json;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::app::App;

pub const GUILD_ID: u64 = 1_300_000_000_000_000_100;
pub const GUILD_NAME: &str = "Demo Community";
/// The server's owner, who sets up the role rules.
pub const ADMIN_ID: u64 = 1_300_000_000_000_000_200;
pub const ADMIN_NAME: &str = "community-admin";
/// The member who types `/link`.
pub const MEMBER_ID: u64 = 1_300_000_000_000_000_201;
pub const MEMBER_NAME: &str = "demo-member";
pub const BOT_ROLE_ID: u64 = 1_300_000_000_000_000_110;
/// A channel for `/config log-channel`.
pub const LOG_CHANNEL_ID: u64 = 1_300_000_000_000_000_300;
pub const LOG_CHANNEL_NAME: &str = "bot-log";
/// Roles no rule grants yet, for trying the controls: `/roles add role:@Unverified
/// rule:unlinked`, `/config bypass-role role:@Staff`.
pub const SPARE_ROLES: [(u64, &str, u16); 2] = [
    (1_300_000_000_000_000_105, "Unverified", 5),
    (1_300_000_000_000_000_106, "Staff", 6),
];
/// What the invite link asks for: Manage Roles, Manage Nicknames, View Channel, Send Messages.
const BOT_PERMISSIONS: u64 = MANAGE_ROLES | MANAGE_NICKNAMES | (1 << 10) | (1 << 11);
/// How often the demo's bot re-verifies links with the mock Resonite.
pub const RESYNC_INTERVAL: &str = "10s";

/// The demo server's roles the rules grant: (id, name, position, rule, rule value).
pub const RULE_ROLES: [(u64, &str, u16, &str, Option<&str>); 4] = [
    (1_300_000_000_000_000_101, "Linked", 1, "linked", None),
    (1_300_000_000_000_000_102, "Supporter", 2, "supporter", None),
    (1_300_000_000_000_000_103, "Patron", 3, "patreon", None),
    (
        1_300_000_000_000_000_104,
        "Mentor",
        4,
        "tag",
        Some("mentor"),
    ),
];

const READY_TIMEOUT: Duration = Duration::from_secs(30);
const REPLY_TIMEOUT: Duration = Duration::from_secs(15);

/// The sample server: the bot's role above the ones it manages, an admin, a member, the
/// rules of [`RULE_ROLES`]; the bot keeps refresh tokens and re-verifies every
/// [`RESYNC_INTERVAL`].
pub fn demo_world() -> WorldBuilder {
    let mut world = World::builder()
        .guild(GUILD_ID, GUILD_NAME, ADMIN_ID)
        .bot_role(
            GUILD_ID,
            BOT_ROLE_ID,
            "resonite-verify",
            10,
            BOT_PERMISSIONS,
        )
        .member(GUILD_ID, ADMIN_ID, ADMIN_NAME, &[])
        .member(GUILD_ID, MEMBER_ID, MEMBER_NAME, &[])
        .channel(GUILD_ID, LOG_CHANNEL_ID, LOG_CHANNEL_NAME)
        .token_key()
        .env("RESYNC_INTERVAL", RESYNC_INTERVAL);
    for (id, name, position, rule, value) in RULE_ROLES {
        world = world
            .role(GUILD_ID, id, name, position)
            .rule(GUILD_ID, id, rule, value);
    }
    for (id, name, position) in SPARE_ROLES {
        world = world.role(GUILD_ID, id, name, position);
    }
    world
}

/// Where the demo listens.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// The bot's callback server on 127.0.0.1 (0: any free port).
    pub bot_port: u16,
    /// The mock Resonite on 127.0.0.1 (0: any free port).
    pub mock_port: u16,
    /// The SQLite file; a fresh one in a temporary folder when `None`.
    pub database: Option<PathBuf>,
    /// Where the bot serves Prometheus `/metrics` (`METRICS_ADDR`); off when `None`.
    pub metrics: Option<std::net::SocketAddr>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            bot_port: 8080,
            mock_port: 8081,
            database: None,
            metrics: None,
        }
    }
}

/// The running demo: the fake world and the bot.
pub struct Demo {
    pub world: World,
    /// The SQLite file the bot uses.
    pub database: PathBuf,
    /// Where `/metrics` listens, with `--metrics`.
    pub metrics_addr: Option<std::net::SocketAddr>,
    /// The bot's store, to read back what it keeps.
    store: crate::store::Store,
    stop: Option<oneshot::Sender<()>>,
    bot: Option<JoinHandle<anyhow::Result<()>>>,
    _dir: Option<tempfile::TempDir>,
}

/// What the member's `/link` answered.
#[derive(Clone, Debug)]
pub struct TypedLink {
    /// The interaction token: `FakeDiscord::original_message` shows the reply after edits.
    pub token: String,
    /// The button's URL: Resonite's (here the mock's) authorize URL.
    pub url: String,
}

impl Demo {
    /// Starts the fake world and the bot (with the demo's rules in its database), and
    /// waits until the bot is ready.
    pub async fn start(options: DemoOptions) -> anyhow::Result<Self> {
        // A kept database that exists already has its own rules: the admin may have changed
        // them since, so the demo's are written only into a new one.
        let fresh = options.database.as_ref().is_none_or(|path| !path.exists());
        let (dir, database) = match options.database {
            Some(path) => (None, path),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("resonite-verify-demo-")
                    .tempdir()
                    .context("cannot create a temporary folder for the demo database")?;
                let path = dir.path().join("demo.db");
                (Some(dir), path)
            }
        };
        let mut world = demo_world()
            .bot_address(BotAddress::Port(options.bot_port))
            .mock_port(options.mock_port)
            .env("DATABASE_URL", format!("sqlite://{}", database.display()));
        if let Some(addr) = options.metrics {
            world = world.env("METRICS_ADDR", addr.to_string());
        }
        let world = world
            .build()
            .await
            .context("cannot start the fake world (try --port and --mock-port)")?;
        let config = seed::config(&world)?;
        let app = match App::build(config).await {
            Ok(app) => app,
            Err(e) => {
                world.shutdown().await;
                return Err(e.context("cannot start the bot (try --port)"));
            }
        };
        let core = app.core();
        let now = chrono::Utc::now().timestamp();
        if fresh
            && let Err(e) =
                seed::seed_as_owner(&core.store, core.cipher.as_deref(), world.seeds(), now).await
        {
            world.shutdown().await;
            return Err(anyhow::Error::new(e).context("cannot write the demo's rules"));
        }
        let store = core.store.clone();
        let metrics_addr = app.metrics_addr();
        let (stop, stopped) = oneshot::channel::<()>();
        let bot = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        let mut demo = Self {
            world,
            database,
            metrics_addr,
            store,
            stop: Some(stop),
            bot: Some(bot),
            _dir: dir,
        };
        if let Err(e) = demo.wait_until_ready().await {
            let _ = demo.shutdown().await;
            return Err(e);
        }
        Ok(demo)
    }

    /// `http://127.0.0.1:PORT`: the bot's `PUBLIC_URL`.
    pub fn bot_url(&self) -> &str {
        &self.world.bot_url
    }

    async fn wait_until_ready(&self) -> anyhow::Result<()> {
        if !self.world.discord.wait_for_ready(READY_TIMEOUT).await {
            bail!("the bot did not connect to the fake Discord gateway");
        }
        // `/readyz` turns 200 once the database answers and the gateway is connected.
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()?;
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            let ok = client
                .get(format!("{}/readyz", self.bot_url()))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            // The commands are registered at Ready; typing needs them.
            if ok && self.world.discord.registered_commands().is_some() {
                return Ok(());
            }
            if Instant::now() >= deadline {
                bail!("the bot did not become ready within {READY_TIMEOUT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types `line` (`/whois`, `/roles add role:Patron rule:patreon`, …) in the demo
    /// server as `user`; returns what the bot answered.
    pub async fn command(&self, user: u64, line: &str) -> anyhow::Result<Answer> {
        Ok(self
            .world
            .type_command(GUILD_ID, user, line, REPLY_TIMEOUT)
            .await?)
    }

    /// The demo member types `/link`; returns the button's URL.
    pub async fn type_link(&self) -> anyhow::Result<TypedLink> {
        let answer = self
            .world
            .command(Some(GUILD_ID), MEMBER_ID, "link", json!([]), REPLY_TIMEOUT)
            .await?;
        let url = answer
            .link_url()
            .with_context(|| format!("the /link reply has no link button: {}", answer.content()))?;
        Ok(TypedLink {
            token: answer.invocation.token,
            url,
        })
    }

    /// The demo member's roles on the fake server, by name (lowest id first).
    pub fn member_role_names(&self) -> Vec<String> {
        watch::Watch::new(
            self.world.discord.clone(),
            GUILD_ID,
            self.world.app().bot_user_id,
        )
        .roles_of(MEMBER_ID)
    }

    /// The demo server's role rules as the bot has them stored (`@Patron ← patreon, …`):
    /// the demo's own in a new database, whatever the admin left in a kept one.
    pub async fn rules_summary(&self) -> anyhow::Result<String> {
        let rules = self
            .store
            .rules()
            .for_guild(GUILD_ID)
            .await
            .context("cannot read the stored rules")?;
        let guild = self.world.discord.guild_create_payload(GUILD_ID);
        let role_name = |id: u64| -> Option<String> {
            guild.as_ref()?["roles"]
                .as_array()?
                .iter()
                .find(|r| r["id"].as_str() == Some(id.to_string().as_str()) || r["id"] == id)
                .and_then(|r| r["name"].as_str())
                .map(str::to_owned)
        };
        Ok(seed::rules_summary(&rules, role_name))
    }

    /// Stops the bot (as on Ctrl-C) and the mock, and waits for both.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        self.shutdown().await
    }

    async fn shutdown(&mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = match self.bot.take() {
            Some(bot) => bot.await.context("the bot task failed")?,
            None => Ok(()),
        };
        self.world.shutdown().await;
        result
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.world.resonite.shutdown();
    }
}

/// `resonite-verify demo`: the prompt on this terminal (or piped input) until it ends,
/// `quit`, or Ctrl-C (or SIGTERM).
pub async fn run(options: DemoOptions) -> anyhow::Result<()> {
    use std::io::IsTerminal as _;

    println!("Starting the demo: mock Resonite, fake Discord and the bot, all on 127.0.0.1 …");
    let demo = Demo::start(options).await?;
    println!(
        "Mock Resonite: {}   Bot: {}   Database: {}",
        demo.world.resonite.base_url,
        demo.bot_url(),
        demo.database.display()
    );
    if let Some(addr) = demo.metrics_addr {
        println!("Metrics: http://{addr}/metrics");
    }
    println!(
        "Role rules in \"{GUILD_NAME}\": {}",
        demo.rules_summary().await?
    );
    println!(
        "Re-verification with the mock Resonite every {RESYNC_INTERVAL} (RESYNC_INTERVAL; TOKEN_ENCRYPTION_KEY is set)."
    );

    let interactive = std::io::stdin().is_terminal();
    let stop = crate::app::shutdown_signal();
    let driven = tokio::select! {
        driven = drive(&demo, prompt::stdin_lines(), tokio::io::stdout(), !interactive) => driven,
        () = stop => Ok(()),
    };
    println!("Stopping …");
    let stopped = demo.stop().await;
    println!("Stopped.");
    driven.and(stopped)
}
