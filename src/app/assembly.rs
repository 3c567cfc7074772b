//! The one assembly: every part of the bot built once, in dependency order, each from the
//! parts below it. Nothing is set on a part after it is built.
//!
//! ```text
//! config, clock
//!   → store (waited for), Resonite client, token cipher and vault
//!   → Discord REST client, gateway view, role port, notifier
//!   → role sync → reconciler
//!   → link starter → Linked Roles → link service → re-verifier; guild admin
//! ```
//!
//! `main` (through [`super::App`]), the tests, the demo and the bench all build through
//! [`Core::build`]; what differs between them is only the configuration and the clock.

use std::sync::Arc;

use anyhow::Context as _;
use poise::serenity_prelude as serenity;

use super::patience;
use crate::clock::Clock;
use crate::config::Config;
use crate::dashboard::{Dashboard, DashboardServices};
use crate::discord::{DiscordNotifier, DiscordObserver, MemberLists, ProxyRest, SerenityRoles};
use crate::doctor::Doctor;
use crate::guild_admin::GuildAdmin;
use crate::linked_roles::{DiscordApi, LinkedRoles};
use crate::linking::{LinkService, LinkServiceParts, LinkStarter, UnlinkFollower};
use crate::members::Members;
use crate::readiness::Health;
use crate::resonite::ResoniteClient;
use crate::reverify::{Reverifier, ReverifierParts};
use crate::roles::{Reconciler, ReconcilerOptions, RoleGateway, RoleSync};
use crate::settings::Settings;
use crate::store::{ShardFilter, Store};
use crate::tokens::{TokenCipher, TokenVault};
use crate::web::WebState;

/// Every part of the bot but its processes (web server, gateway, workers: [`super::App`]).
#[derive(Clone)]
pub struct Core {
    pub config: Config,
    pub store: Store,
    pub resonite: ResoniteClient,
    /// Seals refresh tokens at rest; `None` when no `TOKEN_ENCRYPTION_KEY` is set.
    pub cipher: Option<Arc<TokenCipher>>,
    pub health: Health,
    /// The bot's Discord REST client (roles, replies, DMs, log lines).
    pub http: Arc<serenity::Http>,
    /// What the gateway has shown: its cache, which guilds' member lists are complete.
    pub members: Arc<MemberLists>,
    pub roles: Arc<RoleSync>,
    /// Applies every role change; its workers run in [`super::App::run_until_stopped`]
    /// (tests spawn [`Reconciler::run`] themselves).
    pub reconciler: Arc<Reconciler>,
    pub links: Arc<LinkService>,
    /// Discord's Linked Roles; `None` without `DISCORD_CLIENT_SECRET`.
    pub linked_roles: Option<Arc<LinkedRoles>>,
    pub reverifier: Arc<Reverifier>,
    /// The admin dashboard; `None` without `DISCORD_CLIENT_SECRET` or with `DASHBOARD=off`.
    pub dashboard: Option<Arc<Dashboard>>,
    /// Members and their links: `/whois`, `/update`, `/unlink`, member events.
    pub member_service: Arc<Members>,
    /// The guild's settings: `/config`, the guild locale.
    pub settings: Arc<Settings>,
    /// `/doctor`'s checklist.
    pub doctor: Arc<Doctor>,
    /// Role rules: what `/roles` and the dashboard change.
    pub guild_admin: Arc<GuildAdmin>,
}

/// The parts outside the process: the database, Resonite, the token key.
struct Outside {
    store: Store,
    resonite: ResoniteClient,
    cipher: Option<Arc<TokenCipher>>,
}

/// The Discord side: its REST client and what is built on it.
struct DiscordSide {
    http: Arc<serenity::Http>,
    members: Arc<MemberLists>,
    notifier: Arc<DiscordNotifier>,
    roles: Arc<RoleSync>,
    reconciler: Arc<Reconciler>,
}

impl Core {
    pub async fn build(config: Config, clock: Clock) -> anyhow::Result<Self> {
        let outside = Outside::open(&config).await?;
        let discord = DiscordSide::build(&config, &outside.store, &clock);
        let vault = TokenVault::new(outside.store.clone(), outside.cipher.clone());
        let starter = LinkStarter::new(
            outside.store.clone(),
            outside.resonite.clone(),
            config.link_ttl,
            clock.clone(),
        );
        let linked_roles = linked_roles(&config, &outside, &discord, starter.clone(), &clock)?;
        let links = Arc::new(
            LinkService::new(LinkServiceParts {
                starter,
                vault: vault.clone(),
                reconciler: Arc::clone(&discord.reconciler),
                observer: Arc::new(DiscordObserver::new(
                    Arc::clone(&discord.notifier),
                    Arc::clone(&discord.roles),
                )),
                unlink_follower: linked_roles.clone().map(|l| l as Arc<dyn UnlinkFollower>),
            })
            .with_bot_account(config.resonite_bot.as_ref().map(|b| b.username.clone())),
        );
        let reverifier = Arc::new(
            Reverifier::new(ReverifierParts {
                store: outside.store.clone(),
                resonite: outside.resonite.clone(),
                reconciler: Arc::clone(&discord.reconciler),
                vault,
                clock: clock.clone(),
                cfg: config.reverify.clone(),
                linked_roles: linked_roles.clone(),
            })
            .with_public_profiles(crate::resonite::bot::public_profiles(
                config.resonite_bot.as_ref(),
            )),
        );
        let guild_admin = Arc::new(GuildAdmin::new(Arc::clone(&discord.reconciler)));
        let member_service = Arc::new(Members::new(
            Arc::clone(&links),
            Arc::clone(&discord.reconciler),
            linked_roles.clone(),
        ));
        let settings = Arc::new(Settings::new(Arc::clone(&discord.reconciler)));
        let doctor = Arc::new(Doctor::new(
            &discord.reconciler,
            Arc::clone(&reverifier),
            linked_roles.is_some(),
        ));
        let services = DashboardServices {
            guild_admin: Arc::clone(&guild_admin),
            settings: Arc::clone(&settings),
            members: Arc::clone(&member_service),
            doctor: Arc::clone(&doctor),
        };
        let dashboard = dashboard(&config, &outside, &clock, services)?;
        Ok(Self {
            config,
            store: outside.store,
            resonite: outside.resonite,
            cipher: outside.cipher,
            health: Health::default(),
            http: discord.http,
            members: discord.members,
            roles: discord.roles,
            reconciler: discord.reconciler,
            links,
            linked_roles,
            reverifier,
            guild_admin,
            dashboard,
            member_service,
            settings,
            doctor,
        })
    }

    pub fn web_state(&self) -> WebState {
        WebState {
            links: Arc::clone(&self.links),
            health: self.health.clone(),
            linked_roles: self.linked_roles.clone(),
            dashboard: self.dashboard.clone(),
            binding: crate::web::confirm::Binding {
                secure: self.config.public_url.scheme() == "https",
                max_age_secs: self.config.link_ttl.as_secs(),
            },
        }
    }

    /// A new Discord REST client like [`Core::http`] (serenity's own client needs one of its own).
    pub fn discord_http(&self) -> serenity::Http {
        discord_http(&self.config)
    }
}

impl Outside {
    /// Opens the database (waiting for it if it does not answer), the Resonite client and
    /// the token key.
    async fn open(config: &Config) -> anyhow::Result<Self> {
        if config.database_url.expose() == crate::config::LEGACY_DATABASE_URL {
            tracing::info!(
                file = "resonite-link.db",
                "using the database file of the bot's earlier name (resonite-link.db): no resonite-verify.db here; rename the file or set DATABASE_URL to keep it"
            );
        }
        let url = config.database_url.expose();
        let store = patience::until_up("the database", || async {
            Store::connect(url).await.map_err(|e| {
                if e.is_unavailable() {
                    patience::Attempt::Retry(e)
                } else {
                    patience::Attempt::GiveUp(e)
                }
            })
        })
        .await
        .context("could not open the database (DATABASE_URL)")?;
        let resonite = ResoniteClient::new(&config.resonite)
            .context("could not set up the Resonite client")?;
        let cipher = match &config.reverify.token_key {
            Some(key) => Some(Arc::new(
                TokenCipher::new(
                    key.expose(),
                    config.reverify.token_key_old.as_ref().map(|k| k.expose()),
                )
                .context("TOKEN_ENCRYPTION_KEY is not usable")?,
            )),
            None => None,
        };
        Ok(Self {
            store,
            resonite,
            cipher,
        })
    }
}

impl DiscordSide {
    fn build(config: &Config, store: &Store, clock: &Clock) -> Self {
        let http = Arc::new(discord_http(config));
        let members = Arc::new(MemberLists::default());
        let port: Arc<dyn RoleGateway> = Arc::new(SerenityRoles::new(
            Arc::clone(&http),
            Arc::clone(&members),
            discord_proxy(config),
        ));
        let notifier = Arc::new(DiscordNotifier::new(
            Arc::clone(&http),
            Arc::clone(&port),
            store.clone(),
        ));
        let roles = Arc::new(RoleSync::new(
            store.clone(),
            port,
            notifier.clone(),
            clock.clone(),
        ));
        let reconciler = Arc::new(Reconciler::new(
            Arc::clone(&roles),
            reconciler_options(config),
        ));
        Self {
            http,
            members,
            notifier,
            roles,
            reconciler,
        }
    }
}

/// Discord's Linked Roles, when `DISCORD_CLIENT_SECRET` turns it on.
fn linked_roles(
    config: &Config,
    outside: &Outside,
    discord: &DiscordSide,
    starter: LinkStarter,
    clock: &Clock,
) -> anyhow::Result<Option<Arc<LinkedRoles>>> {
    let Some(cfg) = &config.linked_roles else {
        return Ok(None);
    };
    let api = DiscordApi::new(&config.discord_api_url, config.discord_token.clone(), cfg)
        .context("could not set up the Discord OAuth2 client")?;
    let linked_roles = LinkedRoles::new(
        outside.store.clone(),
        api,
        starter,
        clock.clone(),
        outside.cipher.clone(),
        discord.notifier.clone(),
    )
    .context("could not set up Linked Roles' token key")?;
    Ok(Some(Arc::new(linked_roles)))
}

/// The admin dashboard when `config` turns it on (its own Discord OAuth2 redirect URI).
fn dashboard(
    config: &Config,
    outside: &Outside,
    clock: &Clock,
    services: DashboardServices,
) -> anyhow::Result<Option<Arc<Dashboard>>> {
    let Some(cfg) = &config.dashboard else {
        return Ok(None);
    };
    let oauth = crate::config::LinkedRolesConfig {
        client_secret: cfg.client_secret.clone(),
        redirect_uri: cfg.redirect_uri.clone(),
    };
    let api = DiscordApi::new(
        &config.discord_api_url,
        config.discord_token.clone(),
        &oauth,
    )
    .context("could not set up the dashboard's Discord OAuth2 client")?;
    let dashboard = Dashboard::new(
        outside.store.clone(),
        api,
        clock.clone(),
        outside.cipher.clone(),
        services,
    )
    .context("could not set up the dashboard's token key")?;
    Ok(Some(Arc::new(dashboard)))
}

/// How this process's reconciler runs: only guilds of its shards.
pub fn reconciler_options(config: &Config) -> ReconcilerOptions {
    ReconcilerOptions {
        shards: config.shards.map(|r| ShardFilter {
            first: r.first,
            last: r.last,
            total: r.total,
        }),
        stale_grace: config.reverify.stale_grace,
        member_timeout: config.discord_timeout * 2,
        ..ReconcilerOptions::default()
    }
}

/// Role calls bypass serenity behind a proxy base URL, to read 429s' `retry_after`.
fn discord_proxy(config: &Config) -> Option<ProxyRest> {
    let base = config.discord_api_url.as_str().trim_end_matches('/');
    if base == "https://discord.com" {
        return None;
    }
    match ProxyRest::new(base, config.discord_token.expose(), config.discord_timeout) {
        Ok(proxy) => Some(proxy),
        Err(e) => {
            tracing::warn!(error = %e, "could not set up direct role calls; using serenity's");
            None
        }
    }
}

/// A serenity `Http` for the configured API. A proxy base URL (a fake Discord in tests, or
/// a rate-limiting proxy) needs serenity's own rate limiter off to take effect.
pub fn discord_http(config: &Config) -> serenity::Http {
    let mut builder = serenity::HttpBuilder::new(config.discord_token.expose());
    let base = config.discord_api_url.as_str().trim_end_matches('/');
    if base != "https://discord.com" {
        builder = builder.proxy(base).ratelimiter_disabled(true);
    }
    builder.build()
}
