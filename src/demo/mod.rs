//! `resonite-link demo`: everything on 127.0.0.1 for a first try, no account needed.
//!
//! One process runs the mock Resonite OAuth server, the fake Discord (REST and gateway)
//! with a sample server ("Demo Community"), and the real bot ([`App`]) on an embedded
//! SQLite database, its `DISCORD_API_URL` pointing at the fake. The demo then plays a
//! member typing `/link`, prints the button's URL to open in a browser, and reports the
//! member's roles on the fake server as they change.
//!
//! [`Demo::start`] and [`Demo::type_link`] are also what the browser test drives.

use std::collections::{BTreeSet, HashMap};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::config::{self, Config};
use resonite_link_fakes::discord::{FakeApp, FakeDiscord, FakeRole};
use resonite_link_fakes::resonite::{MockHandle, MockResonite, MockResoniteConfig};

pub const APPLICATION_ID: u64 = 1_300_000_000_000_000_001;
pub const BOT_USER_ID: u64 = 1_300_000_000_000_000_002;
pub const GUILD_ID: u64 = 1_300_000_000_000_000_100;
pub const GUILD_NAME: &str = "Demo Community";
/// The server's owner, who sets up the role rules.
pub const ADMIN_ID: u64 = 1_300_000_000_000_000_200;
pub const ADMIN_NAME: &str = "community-admin";
/// The member who types `/link`.
pub const MEMBER_ID: u64 = 1_300_000_000_000_000_201;
pub const MEMBER_NAME: &str = "demo-member";
pub const BOT_ROLE_ID: u64 = 1_300_000_000_000_000_110;

const BOT_TOKEN: &str = "demo-bot-token";
const CLIENT_ID: &str = "demo-client";
const CLIENT_SECRET: &str = "demo-client-secret";
const MANAGE_ROLES: u64 = 1 << 28;
const READY_TIMEOUT: Duration = Duration::from_secs(30);
const REPLY_TIMEOUT: Duration = Duration::from_secs(15);

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

/// Where the demo listens.
#[derive(Clone, Debug)]
pub struct DemoOptions {
    /// The bot's callback server on 127.0.0.1 (0: any free port).
    pub bot_port: u16,
    /// The mock Resonite on 127.0.0.1 (0: any free port).
    pub mock_port: u16,
    /// The SQLite file; a fresh one in a temporary folder when `None`.
    pub database: Option<PathBuf>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        Self {
            bot_port: 8080,
            mock_port: 8081,
            database: None,
        }
    }
}

/// The running demo: the fakes and the bot.
pub struct Demo {
    pub discord: FakeDiscord,
    pub resonite: MockHandle,
    /// `http://127.0.0.1:PORT`: the bot's `PUBLIC_URL`.
    pub bot_url: String,
    /// The SQLite file the bot uses.
    pub database: PathBuf,
    stop: Option<oneshot::Sender<()>>,
    bot: Option<JoinHandle<anyhow::Result<()>>>,
    _dir: Option<tempfile::TempDir>,
}

/// What the member's `/link` answered.
#[derive(Clone, Debug)]
pub struct TypedLink {
    /// The interaction token: [`FakeDiscord::original_message`] shows the reply after edits.
    pub token: String,
    /// The button's URL: Resonite's (here the mock's) authorize URL.
    pub url: String,
}

impl Demo {
    /// Starts the mock Resonite, the fake Discord and the bot, waits until the bot is ready,
    /// and has the admin add the demo's role rules with `/roles add`.
    pub async fn start(options: DemoOptions) -> anyhow::Result<Self> {
        let bot_port = match options.bot_port {
            0 => free_port()?,
            port => port,
        };
        let bot_url = format!("http://127.0.0.1:{bot_port}");
        let (dir, database) = match options.database {
            Some(path) => (None, path),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("resonite-link-demo-")
                    .tempdir()
                    .context("cannot create a temporary folder for the demo database")?;
                let path = dir.path().join("demo.db");
                (Some(dir), path)
            }
        };

        let mock_addr = SocketAddr::from(([127, 0, 0, 1], options.mock_port));
        let resonite = MockResonite::spawn(
            MockResoniteConfig::new(
                CLIENT_ID,
                CLIENT_SECRET,
                config::redirect_uri(&url::Url::parse(&bot_url)?).to_string(),
            ),
            TcpListener::bind(mock_addr).await.with_context(|| {
                format!("cannot listen on {mock_addr} for the mock Resonite (try --mock-port)")
            })?,
        )
        .await
        .context("cannot start the mock Resonite")?;

        let discord = sample_discord();
        let discord_url = discord
            .clone()
            .spawn(TcpListener::bind("127.0.0.1:0").await?)
            .await
            .context("cannot start the fake Discord")?;

        let vars: HashMap<String, String> = [
            ("DISCORD_TOKEN", BOT_TOKEN.to_owned()),
            ("DISCORD_API_URL", discord_url),
            ("RESONITE_CLIENT_ID", CLIENT_ID.to_owned()),
            ("RESONITE_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
            ("RESONITE_AUTHORIZE_URL", resonite.authorize_url()),
            ("RESONITE_TOKEN_URL", resonite.token_url()),
            ("RESONITE_PROFILE_URL", resonite.profile_url()),
            ("PUBLIC_URL", bot_url.clone()),
            ("HOST", "127.0.0.1".to_owned()),
            ("PORT", bot_port.to_string()),
            ("DATABASE_URL", format!("sqlite://{}", database.display())),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let config = Config::from_lookup(&config::map_lookup(vars))?;
        let app = match App::build(config).await {
            Ok(app) => app,
            Err(e) => {
                resonite.shutdown();
                return Err(e.context("cannot start the bot (try --port)"));
            }
        };
        let (stop, stopped) = oneshot::channel::<()>();
        let bot = tokio::spawn(app.run_until_stopped(async {
            let _ = stopped.await;
        }));
        let mut demo = Self {
            discord,
            resonite,
            bot_url,
            database,
            stop: Some(stop),
            bot: Some(bot),
            _dir: dir,
        };
        if let Err(e) = demo.set_up().await {
            let _ = demo.shutdown().await;
            return Err(e);
        }
        Ok(demo)
    }

    async fn set_up(&mut self) -> anyhow::Result<()> {
        if !self.discord.wait_for_ready(READY_TIMEOUT).await {
            bail!("the bot did not connect to the fake Discord gateway");
        }
        wait_until_ready(&self.bot_url, READY_TIMEOUT).await?;
        for (role, _, _, rule, value) in RULE_ROLES {
            let commands = self
                .discord
                .registered_commands()
                .context("the bot registered no commands")?;
            let rule = choice_option(&commands, "roles", "rule", rule)
                .with_context(|| format!("/roles has no rule choice {rule:?}"))?;
            let mut options = vec![
                json!({ "name": "role", "type": 8, "value": role.to_string() }),
                rule,
            ];
            if let Some(value) = value {
                options.push(json!({ "name": "value", "type": 3, "value": value }));
            }
            let reply = self
                .command(
                    ADMIN_ID,
                    "roles",
                    json!([{ "name": "add", "type": 1, "options": options }]),
                )
                .await?;
            if !reply.starts_with("Added") {
                bail!("the bot refused a demo rule: {reply}");
            }
        }
        Ok(())
    }

    /// Runs a slash command in the demo server as `user`; returns the reply's text.
    pub async fn command(&self, user: u64, name: &str, options: Value) -> anyhow::Result<String> {
        let invocation = self
            .discord
            .slash_command(Some(GUILD_ID), user, name, options);
        let reply = self
            .discord
            .wait_for_callback(&invocation.token, REPLY_TIMEOUT)
            .await
            .with_context(|| format!("the bot did not answer /{name}"))?;
        Ok(reply["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_owned())
    }

    /// The demo member types `/link`; returns the button's URL.
    pub async fn type_link(&self) -> anyhow::Result<TypedLink> {
        let invocation = self
            .discord
            .slash_command(Some(GUILD_ID), MEMBER_ID, "link", json!([]));
        let reply = self
            .discord
            .wait_for_callback(&invocation.token, REPLY_TIMEOUT)
            .await
            .context("the bot did not answer /link")?;
        let url = link_button_url(&reply).with_context(|| {
            format!(
                "the /link reply has no link button: {}",
                reply["data"]["content"]
            )
        })?;
        Ok(TypedLink {
            token: invocation.token,
            url,
        })
    }

    /// The demo member's roles on the fake server, by name (rule roles in order).
    pub fn member_role_names(&self) -> Vec<String> {
        role_names(
            &self
                .discord
                .member_roles(GUILD_ID, MEMBER_ID)
                .unwrap_or_default(),
        )
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
        self.resonite.shutdown();
        self.resonite.wait().await;
        result
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        self.resonite.shutdown();
    }
}

/// The sample server: roles (the bot's own above the ones it manages), an admin, a member.
fn sample_discord() -> FakeDiscord {
    let discord = FakeDiscord::new(FakeApp {
        application_id: APPLICATION_ID,
        bot_user_id: BOT_USER_ID,
        bot_name: "resonite-link".into(),
        token: BOT_TOKEN.into(),
    });
    discord.add_guild(GUILD_ID, GUILD_NAME, ADMIN_ID);
    discord.add_role(
        GUILD_ID,
        FakeRole {
            id: BOT_ROLE_ID,
            name: "resonite-link".into(),
            position: 10,
            permissions: MANAGE_ROLES,
            managed: true,
        },
    );
    discord.set_bot_roles(GUILD_ID, &[BOT_ROLE_ID]);
    for (id, name, position, _, _) in RULE_ROLES {
        discord.add_role(
            GUILD_ID,
            FakeRole {
                id,
                name: name.into(),
                position,
                permissions: 0,
                managed: false,
            },
        );
    }
    discord.add_member(GUILD_ID, ADMIN_ID, ADMIN_NAME, &[]);
    discord.add_member(GUILD_ID, MEMBER_ID, MEMBER_NAME, &[]);
    discord
}

/// The option a Discord client sends for the choice named `choice` of the option `option`
/// of `command` (or of one of its subcommands), from the registered commands' JSON:
/// `{"name", "type", "value"}` with the choice's value (poise numbers its choices).
pub fn choice_option(commands: &Value, command: &str, option: &str, choice: &str) -> Option<Value> {
    fn find(options: &Value, option: &str, choice: &str) -> Option<Value> {
        options.as_array()?.iter().find_map(|o| {
            if o["name"] == option
                && let Some(c) = o["choices"]
                    .as_array()?
                    .iter()
                    .find(|c| c["name"] == choice)
            {
                return Some(json!({ "name": option, "type": o["type"], "value": c["value"] }));
            }
            find(&o["options"], option, choice)
        })
    }
    let command = commands.as_array()?.iter().find(|c| c["name"] == command)?;
    find(&command["options"], option, choice)
}

/// The URL of the first link button (component type 2, style 5) in an interaction reply.
pub fn link_button_url(reply: &Value) -> Option<String> {
    let rows = reply["data"]["components"].as_array()?;
    rows.iter()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .find(|c| c["type"] == 2 && c["style"] == 5)
        .and_then(|c| c["url"].as_str())
        .map(str::to_owned)
}

fn role_names(ids: &[u64]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            RULE_ROLES
                .iter()
                .find(|(rid, ..)| rid == id)
                .map_or_else(|| format!("role {id}"), |(_, name, ..)| (*name).to_owned())
        })
        .collect()
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Polls the bot's `/readyz` until it answers 200 (database up, gateway connected).
async fn wait_until_ready(bot_url: &str, timeout: Duration) -> anyhow::Result<()> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(5))
        .build()?;
    let deadline = Instant::now() + timeout;
    loop {
        let ok = client
            .get(format!("{bot_url}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success());
        if ok {
            return Ok(());
        }
        if Instant::now() >= deadline {
            bail!("the bot did not become ready within {timeout:?}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn banner(demo: &Demo, link: &TypedLink) {
    let rule = "─".repeat(72);
    println!();
    println!("{rule}");
    println!("  {MEMBER_NAME} typed /link in \"{GUILD_NAME}\". Open this URL in a browser:");
    println!();
    println!("    {}", link.url);
    println!();
    println!("  Pick an account (PatronUser earns every demo role), then approve.");
    println!(
        "  The browser lands on the bot's result page at {}.",
        demo.bot_url
    );
    println!("{rule}");
    println!();
}

fn stamp() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// `resonite-link demo`: runs until Ctrl-C (or SIGTERM), printing what happens.
pub async fn run(options: DemoOptions) -> anyhow::Result<()> {
    println!("Starting the demo: mock Resonite, fake Discord and the bot, all on 127.0.0.1 …");
    let demo = Demo::start(options).await?;
    println!(
        "Mock Resonite: {}   Bot: {}   Database: {}",
        demo.resonite.base_url,
        demo.bot_url,
        demo.database.display()
    );
    let rules: Vec<String> = RULE_ROLES
        .iter()
        .map(|(_, name, _, rule, value)| match value {
            Some(v) => format!("@{name} ← {rule} {v}"),
            None => format!("@{name} ← {rule}"),
        })
        .collect();
    println!("Role rules in \"{GUILD_NAME}\": {}", rules.join(", "));

    let mut link = demo.type_link().await?;
    banner(&demo, &link);
    println!("Watching {MEMBER_NAME}'s roles. Press Enter for a fresh /link, Ctrl-C to stop.");

    // Enter asks for a new /link. A plain thread: a blocked read must not hold up the exit.
    let (enter_tx, mut enter_rx) = tokio::sync::mpsc::unbounded_channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        while matches!(std::io::stdin().read_line(&mut line), Ok(n) if n > 0) {
            line.clear();
            if enter_tx.send(()).is_err() {
                break;
            }
        }
    });

    let mut roles: BTreeSet<u64> = BTreeSet::new();
    let mut reply_seen = demo
        .discord
        .original_message(&link.token)
        .and_then(|m| m["content"].as_str().map(str::to_owned));
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    let stop = crate::app::shutdown_signal();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            _ = &mut stop => break,
            Some(()) = enter_rx.recv() => {
                match demo.type_link().await {
                    Ok(fresh) => {
                        link = fresh;
                        reply_seen = None;
                        banner(&demo, &link);
                    }
                    Err(e) => println!("[{}] /link failed: {e:#}", stamp()),
                }
            }
            _ = tick.tick() => {
                let now: BTreeSet<u64> = demo
                    .discord
                    .member_roles(GUILD_ID, MEMBER_ID)
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                let added: Vec<u64> = now.difference(&roles).copied().collect();
                let removed: Vec<u64> = roles.difference(&now).copied().collect();
                for name in role_names(&added) {
                    println!("[{}] role added on \"{GUILD_NAME}\": @{name}", stamp());
                }
                for name in role_names(&removed) {
                    println!("[{}] role removed on \"{GUILD_NAME}\": @{name}", stamp());
                }
                roles = now;
                let content = demo
                    .discord
                    .original_message(&link.token)
                    .and_then(|m| m["content"].as_str().map(str::to_owned));
                if content != reply_seen {
                    if let Some(text) = &content
                        && reply_seen.is_some()
                    {
                        println!("[{}] the /link reply now says:", stamp());
                        for line in text.lines() {
                            println!("    {line}");
                        }
                        if text.contains("Linked to") {
                            println!("[{}] link complete. Press Enter to /link again, Ctrl-C to stop.", stamp());
                        }
                    }
                    reply_seen = content;
                }
            }
        }
    }
    println!("Stopping …");
    demo.stop().await?;
    println!("Stopped.");
    Ok(())
}
