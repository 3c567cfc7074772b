//! One fake world for every test, the demo and the benchmark: the mock Resonite with its
//! accounts, the fake Discord with guilds, roles, members and the bot's own role, and what
//! the bot should find in its database (role rules, links) — built in one go on 127.0.0.1,
//! with the bot's configuration as environment-style pairs pointing at it.
//!
//! ```no_run
//! # async fn example() -> Result<(), resonite_verify_fakes::world::WorldError> {
//! use resonite_verify_fakes::{fixtures, world::{MANAGE_ROLES, World}};
//! const GUILD: u64 = 1;
//! let world = World::builder()
//!     .guild(GUILD, "Demo Community", 2)
//!     .bot_role(GUILD, 10, "resonite-verify", 10, MANAGE_ROLES)
//!     .role(GUILD, 11, "Patron", 3)
//!     .member(GUILD, 3, "demo-member", &[])
//!     .linked(3, fixtures::profile("patreon-active").expect("a fixture"))
//!     .rule(GUILD, 11, "patreon", None)
//!     .env("DATABASE_URL", "sqlite://demo.db")
//!     .build()
//!     .await?;
//! let _bot_reads = world.var("DISCORD_API_URL");
//! # Ok(()) }
//! ```
//!
//! This crate knows nothing of the bot, so the rules and links are plain data
//! ([`Seeds`]): rule kinds and values as strings, links as a Discord id, the profile JSON
//! and a refresh token minted on the mock. The bot's side writes them into its store
//! (`resonite_verify::seed`).

mod generated;
mod seeds;
#[cfg(test)]
mod tests;
mod typing;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::net::TcpListener;

use crate::discord::{FakeApp, FakeDiscord, FakeRole, SlashInvocation};
use crate::resonite::{MockHandle, MockResonite, MockResoniteConfig};

pub use generated::{discord_id, profile as generated_profile, resonite_id};
pub use seeds::{LinkSeed, RuleSeed, Seeds};
pub use typing::{TypedCommand, TypingError, choice_option, link_button_url, parse_command};

/// The application the fake Discord answers as, unless [`WorldBuilder::app`] says otherwise.
pub const APPLICATION_ID: u64 = 900_000_000_000_000_001;
/// The bot's user.
pub const BOT_USER_ID: u64 = 900_000_000_000_000_002;
pub const BOT_NAME: &str = "resonite-verify";
/// The bot token the fake Discord accepts (`DISCORD_TOKEN`).
pub const BOT_TOKEN: &str = "fake-bot-token";
/// The OAuth client the mock Resonite knows (`RESONITE_CLIENT_ID`, `RESONITE_CLIENT_SECRET`).
pub const CLIENT_ID: &str = "fake-client";
pub const CLIENT_SECRET: &str = "fake-client-secret";
/// A fixed `TOKEN_ENCRYPTION_KEY` (32 bytes, base64) for worlds that re-verify.
pub const TOKEN_KEY: &str = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdCE=";
/// Discord's Manage Roles permission bit.
pub const MANAGE_ROLES: u64 = 1 << 28;
/// Discord's Manage Server permission bit.
pub const MANAGE_GUILD: u64 = 1 << 5;
/// Discord's Manage Nicknames permission bit.
pub const MANAGE_NICKNAMES: u64 = 1 << 27;
/// Where the bot takes the OAuth redirect (its `PUBLIC_URL` plus this path): the mock
/// Resonite registers exactly that redirect URI.
pub const CALLBACK_PATH: &str = "/oauth/callback";
/// The scopes a seeded link's refresh token was granted (what the bot asks for when it
/// re-verifies).
pub const LINK_SCOPES: &[&str] = &["profile", "patreon", "offline_access"];

/// Errors while building or driving a world.
#[derive(Debug, thiserror::Error)]
pub enum WorldError {
    #[error("guild {0} was not added with .guild(…) before its roles, members or rules")]
    UnknownGuild(u64),
    #[error("account {0:?} has no string \"id\"")]
    AccountWithoutId(String),
    #[error("cannot listen on {addr} for the {what}: {source}")]
    Bind {
        what: &'static str,
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("no Resonite account {0:?} on the mock (try a username such as PatronUser)")]
    UnknownAccount(String),
    #[error(transparent)]
    Typing(#[from] TypingError),
    #[error("the bot did not answer /{command} within {timeout:?}")]
    NoAnswer { command: String, timeout: Duration },
}

/// Where the bot under test listens; decides `PUBLIC_URL` (and the mock's redirect URI).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BotAddress {
    /// The world binds `127.0.0.1:0` and hands the listener to an in-process server
    /// ([`World::take_bot_listener`]), so the port is known and already taken.
    Listener,
    /// The bot binds `127.0.0.1:PORT` itself (`HOST` and `PORT` are in the environment);
    /// 0 picks a port that was free a moment ago.
    Port(u16),
    /// A `PUBLIC_URL` nothing serves (the bot is never called back).
    Url(String),
}

#[derive(Clone, Debug)]
struct GuildPlan {
    id: u64,
    name: String,
    owner: u64,
    roles: Vec<FakeRole>,
    bot_roles: Vec<u64>,
    members: Vec<(u64, String, Vec<u64>)>,
    /// Members that are bot accounts.
    bots: Vec<u64>,
    channels: Vec<(u64, String)>,
    /// Guild nicknames members have from the start.
    nicks: Vec<(u64, String)>,
}

#[derive(Clone, Debug)]
struct LinkPlan {
    discord_user_id: u64,
    profile: Value,
}

/// Describes a world; [`build`](Self::build) starts it. Cheap to clone, so a caller that
/// retries (a port taken between probe and bind) can build the same world again.
#[derive(Clone, Debug)]
pub struct WorldBuilder {
    app: FakeApp,
    client_id: String,
    client_secret: String,
    guilds: Vec<GuildPlan>,
    fixture_accounts: bool,
    accounts: Vec<Value>,
    global_names: Vec<(u64, String)>,
    links: Vec<LinkPlan>,
    rules: Vec<(u64, u64, String, Option<String>)>,
    env: Vec<(String, String)>,
    bot_address: BotAddress,
    mock_port: u16,
    code_ttl: Option<Duration>,
    first_error: Option<u64>,
}

impl Default for WorldBuilder {
    fn default() -> Self {
        Self {
            app: FakeApp {
                application_id: APPLICATION_ID,
                bot_user_id: BOT_USER_ID,
                bot_name: BOT_NAME.into(),
                token: BOT_TOKEN.into(),
            },
            client_id: CLIENT_ID.into(),
            client_secret: CLIENT_SECRET.into(),
            guilds: Vec::new(),
            fixture_accounts: true,
            accounts: Vec::new(),
            global_names: Vec::new(),
            links: Vec::new(),
            rules: Vec::new(),
            env: Vec::new(),
            bot_address: BotAddress::Listener,
            mock_port: 0,
            code_ttl: None,
            first_error: None,
        }
    }
}

impl WorldBuilder {
    /// The application and bot user the fake Discord answers as.
    pub fn app(mut self, app: FakeApp) -> Self {
        self.app = app;
        self
    }

    /// The OAuth client registered on the mock Resonite.
    pub fn client(mut self, id: &str, secret: &str) -> Self {
        self.client_id = id.into();
        self.client_secret = secret.into();
        self
    }

    /// A guild (with its `@everyone` role and the bot as a member without roles).
    pub fn guild(mut self, id: u64, name: &str, owner: u64) -> Self {
        self.guilds.push(GuildPlan {
            id,
            name: name.into(),
            owner,
            roles: Vec::new(),
            bot_roles: Vec::new(),
            members: Vec::new(),
            bots: Vec::new(),
            nicks: Vec::new(),
            channels: Vec::new(),
        });
        self
    }

    /// The bot's own role in `guild` (managed by the integration): its position and
    /// permissions decide what the bot may do there.
    pub fn bot_role(
        self,
        guild: u64,
        id: u64,
        name: &str,
        position: u16,
        permissions: u64,
    ) -> Self {
        self.with_guild(guild, |g| {
            g.roles.push(FakeRole {
                id,
                name: name.into(),
                position,
                permissions,
                managed: true,
            });
            g.bot_roles.push(id);
        })
    }

    /// A plain role (no permissions) at `position`.
    pub fn role(self, guild: u64, id: u64, name: &str, position: u16) -> Self {
        self.role_with(
            guild,
            FakeRole {
                id,
                name: name.into(),
                position,
                permissions: 0,
                managed: false,
            },
        )
    }

    /// A role with permissions or managed by an integration.
    pub fn role_with(self, guild: u64, role: FakeRole) -> Self {
        self.with_guild(guild, |g| g.roles.push(role))
    }

    /// A member holding `roles`.
    pub fn member(self, guild: u64, id: u64, name: &str, roles: &[u64]) -> Self {
        self.with_guild(guild, |g| g.members.push((id, name.into(), roles.to_vec())))
    }

    /// A member that is a bot account (`user.bot`), holding no roles.
    pub fn bot_member(self, guild: u64, id: u64, name: &str) -> Self {
        self.with_guild(guild, |g| {
            g.members.push((id, name.into(), Vec::new()));
            g.bots.push(id);
        })
    }

    /// A member's guild nickname, from the start.
    pub fn nick(self, guild: u64, member: u64, nick: &str) -> Self {
        self.with_guild(guild, |g| g.nicks.push((member, nick.into())))
    }

    /// A user's Discord display name (`global_name`), from the start.
    pub fn global_name(mut self, user: u64, name: &str) -> Self {
        self.global_names.push((user, name.into()));
        self
    }

    /// Many members at once: `(user id, username, roles)`.
    pub fn members(
        self,
        guild: u64,
        members: impl IntoIterator<Item = (u64, String, Vec<u64>)>,
    ) -> Self {
        self.with_guild(guild, |g| g.members.extend(members))
    }

    /// A text channel.
    pub fn channel(self, guild: u64, id: u64, name: &str) -> Self {
        self.with_guild(guild, |g| g.channels.push((id, name.into())))
    }

    /// A Resonite account (a profile in Resonite's format) the mock serves, besides the
    /// fixture accounts (BasicUser, PatronUser, …).
    pub fn account(mut self, profile: Value) -> Self {
        self.accounts.push(profile);
        self
    }

    /// Many accounts at once.
    pub fn accounts(mut self, profiles: impl IntoIterator<Item = Value>) -> Self {
        self.accounts.extend(profiles);
        self
    }

    /// Leaves the fixture accounts out (thousands of generated accounts need no company).
    pub fn without_fixture_accounts(mut self) -> Self {
        self.fixture_accounts = false;
        self
    }

    /// `member` is already linked to `profile` (which the mock serves), with a refresh
    /// token minted on the mock for [`LINK_SCOPES`].
    pub fn linked(mut self, member: u64, profile: Value) -> Self {
        self.links.push(LinkPlan {
            discord_user_id: member,
            profile,
        });
        self
    }

    /// A role rule the guild's owner added: `kind` and `value` as `/roles add` stores them
    /// (`"patreon"`, `("tier-at-least", "1000")`, `("tag", "mentor")`, …).
    pub fn rule(mut self, guild: u64, role: u64, kind: &str, value: Option<&str>) -> Self {
        if !self.guilds.iter().any(|g| g.id == guild) {
            self.first_error.get_or_insert(guild);
        }
        self.rules
            .push((guild, role, kind.into(), value.map(str::to_owned)));
        self
    }

    /// One more variable of the bot's environment (overrides the world's own).
    pub fn env(mut self, name: &str, value: impl Into<String>) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    /// `TOKEN_ENCRYPTION_KEY` set to [`TOKEN_KEY`]: the bot keeps refresh tokens and
    /// re-verifies with Resonite.
    pub fn token_key(self) -> Self {
        self.env("TOKEN_ENCRYPTION_KEY", TOKEN_KEY)
    }

    /// Where the bot listens (default [`BotAddress::Listener`]).
    pub fn bot_address(mut self, address: BotAddress) -> Self {
        self.bot_address = address;
        self
    }

    /// The mock Resonite's port on 127.0.0.1 (default 0: any free port).
    pub fn mock_port(mut self, port: u16) -> Self {
        self.mock_port = port;
        self
    }

    /// How long the mock's authorization codes stay usable (default 60 s).
    pub fn code_ttl(mut self, ttl: Duration) -> Self {
        self.code_ttl = Some(ttl);
        self
    }

    fn with_guild(mut self, guild: u64, change: impl FnOnce(&mut GuildPlan)) -> Self {
        match self.guilds.iter_mut().find(|g| g.id == guild) {
            Some(plan) => change(plan),
            None => {
                self.first_error.get_or_insert(guild);
            }
        }
        self
    }

    /// Starts the mock Resonite and the fake Discord, mints the seeded links' refresh
    /// tokens, and returns the running world.
    pub async fn build(mut self) -> Result<World, WorldError> {
        if let Some(guild) = self.first_error {
            return Err(WorldError::UnknownGuild(guild));
        }
        let (bot_listener, public_url, mut env) = bind_bot(&self.bot_address).await?;
        let resonite = self.spawn_resonite(&public_url).await?;
        let links = mint_links(&resonite, std::mem::take(&mut self.links))?;
        let rules = self.rule_seeds();
        let discord = self.fake_discord();
        let discord_url = serve_discord(&discord, &resonite).await?;
        for (name, value) in [
            ("DISCORD_TOKEN", self.app.token.clone()),
            ("DISCORD_API_URL", discord_url.clone()),
            ("RESONITE_CLIENT_ID", self.client_id),
            ("RESONITE_CLIENT_SECRET", self.client_secret),
            ("RESONITE_AUTHORIZE_URL", resonite.authorize_url()),
            ("RESONITE_TOKEN_URL", resonite.token_url()),
            ("RESONITE_PROFILE_URL", resonite.profile_url()),
            ("PUBLIC_URL", public_url.clone()),
        ] {
            env.insert(name.to_owned(), value);
        }
        env.extend(self.env);

        Ok(World {
            discord,
            resonite,
            discord_url,
            bot_url: public_url,
            app: self.app,
            env,
            seeds: Seeds { rules, links },
            bot_listener,
        })
    }

    /// The mock Resonite with the planned accounts (the fixture's unless left out, the
    /// added ones, the linked ones), redirecting to the bot's callback under `public_url`.
    async fn spawn_resonite(&mut self, public_url: &str) -> Result<MockHandle, WorldError> {
        let mut mock_config = MockResoniteConfig::new(
            self.client_id.clone(),
            self.client_secret.clone(),
            format!("{}{CALLBACK_PATH}", public_url.trim_end_matches('/')),
        );
        if !self.fixture_accounts {
            mock_config.profiles.clear();
        }
        mock_config
            .profiles
            .extend(std::mem::take(&mut self.accounts));
        mock_config
            .profiles
            .extend(self.links.iter().map(|l| l.profile.clone()));
        if let Some(ttl) = self.code_ttl {
            mock_config.code_ttl = ttl;
        }
        let mock_addr = SocketAddr::from(([127, 0, 0, 1], self.mock_port));
        MockResonite::spawn(mock_config, bind(mock_addr, "mock Resonite").await?)
            .await
            .map_err(|source| WorldError::Bind {
                what: "mock Resonite",
                addr: mock_addr,
                source,
            })
    }

    /// The planned rules as seeds, each added by its guild's owner.
    fn rule_seeds(&mut self) -> Vec<RuleSeed> {
        std::mem::take(&mut self.rules)
            .into_iter()
            .map(|(guild, role, kind, value)| RuleSeed {
                guild_id: guild,
                role_id: role,
                kind,
                value: value.unwrap_or_default(),
                added_by: self
                    .guilds
                    .iter()
                    .find(|g| g.id == guild)
                    .map_or(0, |g| g.owner),
            })
            .collect()
    }

    /// The fake Discord holding the planned guilds (roles, members, bots, nicknames,
    /// channels) and users' global names; not serving yet.
    fn fake_discord(&mut self) -> FakeDiscord {
        let discord = FakeDiscord::new(self.app.clone());
        for guild in std::mem::take(&mut self.guilds) {
            discord.add_guild(guild.id, &guild.name, guild.owner);
            for role in guild.roles {
                discord.add_role(guild.id, role);
            }
            discord.set_bot_roles(guild.id, &guild.bot_roles);
            discord.add_members(guild.id, guild.members);
            for bot in guild.bots {
                discord.set_user_bot(bot, true);
            }
            for (member, nick) in guild.nicks {
                discord.set_member_nick(guild.id, member, Some(&nick));
            }
            for (id, name) in guild.channels {
                discord.add_channel(guild.id, id, &name);
            }
        }
        for (user, name) in std::mem::take(&mut self.global_names) {
            discord.set_global_name(user, Some(&name));
        }
        discord
    }
}

/// Mints a refresh token at the mock for each planned link (the mock is shut down when one
/// cannot be).
fn mint_links(resonite: &MockHandle, plans: Vec<LinkPlan>) -> Result<Vec<LinkSeed>, WorldError> {
    let mut links = Vec::with_capacity(plans.len());
    for plan in plans {
        match LinkSeed::mint(resonite, plan.discord_user_id, plan.profile) {
            Ok(seed) => links.push(seed),
            Err(e) => {
                resonite.shutdown();
                return Err(e);
            }
        }
    }
    Ok(links)
}

/// Serves the fake Discord on a free port of 127.0.0.1: its base URL (the mock is shut
/// down when it cannot).
async fn serve_discord(discord: &FakeDiscord, resonite: &MockHandle) -> Result<String, WorldError> {
    let discord_addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let discord_listener = match bind(discord_addr, "fake Discord").await {
        Ok(listener) => listener,
        Err(e) => {
            resonite.shutdown();
            return Err(e);
        }
    };
    match discord.clone().spawn(discord_listener).await {
        Ok(url) => Ok(url),
        Err(source) => {
            resonite.shutdown();
            Err(WorldError::Bind {
                what: "fake Discord",
                addr: discord_addr,
                source,
            })
        }
    }
}

async fn bind(addr: SocketAddr, what: &'static str) -> Result<TcpListener, WorldError> {
    TcpListener::bind(addr)
        .await
        .map_err(|source| WorldError::Bind { what, addr, source })
}

/// The bot's listener (if the world holds it), its `PUBLIC_URL`, and `HOST`/`PORT` when
/// the bot binds itself.
async fn bind_bot(
    address: &BotAddress,
) -> Result<(Option<TcpListener>, String, BTreeMap<String, String>), WorldError> {
    let mut env = BTreeMap::new();
    match address {
        BotAddress::Listener => {
            let addr = SocketAddr::from(([127, 0, 0, 1], 0));
            let listener = bind(addr, "bot").await?;
            let local = listener.local_addr().map_err(|source| WorldError::Bind {
                what: "bot",
                addr,
                source,
            })?;
            Ok((Some(listener), format!("http://{local}"), env))
        }
        BotAddress::Port(port) => {
            let port = match port {
                0 => free_port()?,
                port => *port,
            };
            env.insert("HOST".to_owned(), "127.0.0.1".to_owned());
            env.insert("PORT".to_owned(), port.to_string());
            Ok((None, format!("http://127.0.0.1:{port}"), env))
        }
        BotAddress::Url(url) => Ok((None, url.clone(), env)),
    }
}

/// A port that was free a moment ago on 127.0.0.1 (the bot's `PUBLIC_URL` must be known
/// before the mock Resonite, which checks the exact redirect URI, starts).
fn free_port() -> Result<u16, WorldError> {
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    std::net::TcpListener::bind(addr)
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|source| WorldError::Bind {
            what: "bot (probing a free port)",
            addr,
            source,
        })
}

/// A role mutation the bot sent to the fake Discord.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RoleCall {
    /// `PUT` (add) or `DELETE` (remove).
    pub method: String,
    pub guild_id: u64,
    pub user_id: u64,
    pub role_id: u64,
}

/// What the bot answered to a slash command.
#[derive(Clone, Debug)]
pub struct Answer {
    pub invocation: SlashInvocation,
    /// The body of the interaction callback (`{"type": 4, "data": {…}}`).
    pub reply: Value,
}

impl Answer {
    /// The reply's text.
    pub fn content(&self) -> &str {
        self.reply["data"]["content"].as_str().unwrap_or_default()
    }

    /// The custom ids of the reply's (non-link) buttons, in order.
    pub fn button_ids(&self) -> Vec<String> {
        button_ids(&self.reply)
    }

    /// The URL of the reply's link button, if it has one (`/link`).
    pub fn link_url(&self) -> Option<String> {
        link_button_url(&self.reply)
    }

    /// Only the member who typed the command sees the reply.
    pub fn is_ephemeral(&self) -> bool {
        self.reply["data"]["flags"].as_u64().unwrap_or(0) & 64 == 64
    }
}

/// The custom ids of the buttons in an interaction callback's message.
pub fn button_ids(reply: &Value) -> Vec<String> {
    reply["data"]["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["custom_id"].as_str().map(str::to_owned))
        .collect()
}

/// A running world. The fakes serve until the runtime ends; [`shutdown`](Self::shutdown)
/// stops the mock Resonite early.
pub struct World {
    pub discord: FakeDiscord,
    pub resonite: MockHandle,
    /// The fake Discord's base URL (`DISCORD_API_URL`).
    pub discord_url: String,
    /// `PUBLIC_URL`: where the bot is reached, `http://127.0.0.1:PORT`.
    pub bot_url: String,
    app: FakeApp,
    env: BTreeMap<String, String>,
    seeds: Seeds,
    bot_listener: Option<TcpListener>,
}

impl std::fmt::Debug for World {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World")
            .field("discord_url", &self.discord_url)
            .field("resonite", &self.resonite.base_url)
            .field("bot_url", &self.bot_url)
            .finish_non_exhaustive()
    }
}

impl World {
    pub fn builder() -> WorldBuilder {
        WorldBuilder::default()
    }

    /// The bot's environment: what `Config::from_lookup` should read.
    pub fn env(&self) -> &BTreeMap<String, String> {
        &self.env
    }

    /// One variable of the bot's environment (a lookup for `Config::from_lookup`).
    pub fn var(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }

    /// The application the fake Discord answers as.
    pub fn app(&self) -> &FakeApp {
        &self.app
    }

    /// The rules and links the bot's store should hold before the bot starts.
    pub fn seeds(&self) -> &Seeds {
        &self.seeds
    }

    /// The listener bound for the bot ([`BotAddress::Listener`]); `None` once taken.
    pub fn take_bot_listener(&mut self) -> Option<TcpListener> {
        self.bot_listener.take()
    }

    /// A link seed made now: `profile` served by the mock and a refresh token minted for
    /// it, for a test that seeds links after the bot started.
    pub fn mint_link(&self, member: u64, profile: Value) -> Result<LinkSeed, WorldError> {
        self.resonite.set_profile(profile.clone());
        LinkSeed::mint(&self.resonite, member, profile)
    }

    /// The mock's account named `account` (username such as `PatronUser`, or id `U-…`).
    pub fn account(&self, account: &str) -> Result<Value, WorldError> {
        let id = if account.starts_with("U-") {
            account.to_owned()
        } else {
            format!("U-{account}")
        };
        self.resonite
            .profile(&id)
            .or_else(|| self.resonite.profile(account))
            .ok_or_else(|| WorldError::UnknownAccount(account.to_owned()))
    }

    /// The account's support lapses on the mock (every supporter entry inactive); the bot
    /// notices at its next re-verification. Returns the new profile.
    pub fn lapse(&self, account: &str) -> Result<Value, WorldError> {
        let lapsed = generated::lapsed(self.account(account)?);
        self.resonite.set_profile(lapsed.clone());
        Ok(lapsed)
    }

    /// Runs a slash command as `user` (in `guild`, or a DM with the bot for `None`) and
    /// waits for the bot's interaction callback.
    pub async fn command(
        &self,
        guild: Option<u64>,
        user: u64,
        name: &str,
        options: Value,
        timeout: Duration,
    ) -> Result<Answer, WorldError> {
        let invocation = self.discord.slash_command(guild, user, name, options);
        let reply = self
            .discord
            .wait_for_callback(&invocation.token, timeout)
            .await
            .ok_or_else(|| WorldError::NoAnswer {
                command: name.to_owned(),
                timeout,
            })?;
        Ok(Answer { invocation, reply })
    }

    /// `user` presses the button `custom_id` on the bot's reply to the interaction
    /// `message_token` and waits for the bot's answer to the press (a `MESSAGE_COMPONENT`
    /// interaction; `reply["type"]` 7 when the bot updated the message in place).
    pub async fn press(
        &self,
        guild: Option<u64>,
        user: u64,
        message_token: &str,
        custom_id: &str,
        timeout: Duration,
    ) -> Result<Answer, WorldError> {
        let no_answer = || WorldError::NoAnswer {
            command: format!("button {custom_id}"),
            timeout,
        };
        let invocation = self
            .discord
            .press_button(guild, user, message_token, custom_id)
            .ok_or_else(no_answer)?;
        let reply = self
            .discord
            .wait_for_callback(&invocation.token, timeout)
            .await
            .ok_or_else(no_answer)?;
        Ok(Answer { invocation, reply })
    }

    /// Types a command line as a member would in Discord's client
    /// (`/roles add role:Patron rule:patreon`): names of roles, members and rule choices
    /// are resolved as the client's pickers would, then the command runs as
    /// [`command`](Self::command) does.
    pub async fn type_command(
        &self,
        guild: u64,
        user: u64,
        line: &str,
        timeout: Duration,
    ) -> Result<Answer, WorldError> {
        let commands = self
            .discord
            .registered_commands()
            .ok_or(TypingError::NotRegistered)?;
        let guild_state = self
            .discord
            .guild_create_payload(guild)
            .ok_or(WorldError::UnknownGuild(guild))?;
        let typed = parse_command(line, &commands, &guild_state)?;
        self.command(Some(guild), user, &typed.name, typed.options, timeout)
            .await
    }

    /// The role additions and removals the bot sent to the fake Discord, in order.
    pub fn role_calls(&self) -> Vec<RoleCall> {
        role_calls(&self.discord)
    }

    /// Waits (bounded) until the member's roles are exactly `expected` (in any order);
    /// on time-out, the roles last seen.
    pub async fn wait_for_roles(
        &self,
        guild: u64,
        user: u64,
        expected: &[u64],
        timeout: Duration,
    ) -> Result<(), Vec<u64>> {
        let mut expected = expected.to_vec();
        expected.sort_unstable();
        let deadline = Instant::now() + timeout;
        loop {
            let roles = self.discord.member_roles(guild, user).unwrap_or_default();
            if roles == expected {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(roles);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Stops the mock Resonite and waits for it.
    pub async fn shutdown(&self) {
        self.resonite.shutdown();
        self.resonite.wait().await;
    }
}

/// The role mutations recorded by `discord`, in order.
pub fn role_calls(discord: &FakeDiscord) -> Vec<RoleCall> {
    discord
        .requests()
        .into_iter()
        .filter_map(|r| {
            let parts: Vec<&str> = r.path.trim_start_matches("/api/v10/").split('/').collect();
            match parts.as_slice() {
                ["guilds", g, "members", u, "roles", role] => Some(RoleCall {
                    method: r.method.clone(),
                    guild_id: g.parse().ok()?,
                    user_id: u.parse().ok()?,
                    role_id: role.parse().ok()?,
                }),
                _ => None,
            }
        })
        .collect()
}
