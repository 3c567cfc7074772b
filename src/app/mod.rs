//! Wires the store, the Resonite client, the Discord bot and the web server together,
//! and shuts them down together.
//!
//! [`App::run_until_stopped`] builds the Discord client ([`discord_client`]), serves the
//! callback server, starts the background [`Workers`] and, when the gateway ends, stops
//! everything through one [`Stop`].

mod discord_client;
mod shutdown;
mod workers;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use shutdown::Stop;
pub use shutdown::shutdown_signal;
use workers::Workers;

use crate::clock::Clock;
use crate::config::Config;
use crate::discord::{DiscordObserver, MemberLists, SerenityRoles};
use crate::health::Health;
use crate::linking::LinkService;
use crate::resonite::ResoniteClient;
use crate::reverify::Reverifier;
use crate::roles::RoleSync;
use crate::store::Store;
use crate::tokens::TokenCipher;
use crate::web::{self, WebState};

/// Everything but the Discord gateway: storage, linking, health. Tests build this directly.
#[derive(Clone)]
pub struct Core {
    pub config: Config,
    pub store: Store,
    pub resonite: ResoniteClient,
    pub links: Arc<LinkService>,
    /// Seals refresh tokens at rest; `None` when no `TOKEN_ENCRYPTION_KEY` is set.
    pub cipher: Option<Arc<TokenCipher>>,
    pub health: Health,
}

/// The parts that need Discord, once it is attached.
#[derive(Clone)]
pub struct Attached {
    pub roles: Arc<RoleSync>,
    pub reverifier: Arc<Reverifier>,
}

impl Core {
    pub async fn build(config: Config, clock: Clock) -> anyhow::Result<Self> {
        let store = Store::connect(config.database_url.expose())
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
        let links = Arc::new(LinkService::new(
            store.clone(),
            resonite.clone(),
            config.link_ttl,
            clock,
        ));
        links.set_token_cipher(cipher.clone());
        Ok(Self {
            config,
            store,
            resonite,
            links,
            cipher,
            health: Health::default(),
        })
    }

    pub fn web_state(&self) -> WebState {
        WebState {
            links: Arc::clone(&self.links),
            health: self.health.clone(),
        }
    }

    /// The Discord REST client: through `DISCORD_API_URL` when it is not Discord itself.
    pub fn discord_http(&self) -> serenity::Http {
        discord_http(&self.config)
    }

    /// Connects the core to Discord: role syncing over `http` (and the gateway cache, when
    /// there is one), and completed links followed on Discord.
    pub fn attach_discord(
        &self,
        http: Arc<serenity::Http>,
        cache: Option<Arc<serenity::Cache>>,
        members: Option<Arc<MemberLists>>,
    ) -> Attached {
        let clock = self.links.clock().clone();
        let gateway = Arc::new(SerenityRoles::new(Arc::clone(&http), cache, members));
        let roles = Arc::new(RoleSync::new(self.store.clone(), gateway, clock.clone()));
        self.links.set_observer(Arc::new(DiscordObserver::new(
            http,
            Arc::clone(&roles),
            clock.clone(),
        )));
        let reverifier = Arc::new(Reverifier::new(
            self.store.clone(),
            self.resonite.clone(),
            Arc::clone(&roles),
            self.cipher.clone(),
            clock,
            self.config.reverify.clone(),
        ));
        Attached { roles, reverifier }
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

/// The bot process: web server bound, ready to connect to Discord.
pub struct App {
    core: Core,
    listener: TcpListener,
}

impl App {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Clock::system()).await
    }

    pub async fn build_with_clock(config: Config, clock: Clock) -> anyhow::Result<Self> {
        let addr = SocketAddr::new(config.host, config.port);
        let core = Core::build(config, clock).await?;
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("could not listen on {addr} (HOST, PORT)"))?;
        Ok(Self { core, listener })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Runs the bot and the web server until `shutdown` resolves or the gateway fails for good.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self { core, listener } = self;
        let members = Arc::new(MemberLists::default());
        let (mut client, attached) = discord_client::build(&core, &members).await?;
        let stop = Stop::new();
        let web = spawn_web_server(&core, listener, &stop)?;
        let workers = Workers::spawn(&core, &attached.reverifier, &members, &stop);
        let stopper = stop.on(shutdown, Arc::clone(&client.shard_manager));

        let gateway = discord_client::run_gateway(&mut client, core.config.shards).await;
        core.health.set_gateway_connected(false);
        // The gateway ended, by request or because Discord refused us: stop the rest too.
        stop.trigger();
        stopper.abort();
        workers.join().await;
        match web.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "web server failed"),
            Err(e) => tracing::error!(error = %e, "web server task failed"),
        }
        core.store.close().await;
        gateway.context("the Discord gateway connection failed")
    }
}

/// Serves the callback server on `listener` until `stop` triggers.
fn spawn_web_server(
    core: &Core,
    listener: TcpListener,
    stop: &Stop,
) -> std::io::Result<JoinHandle<std::io::Result<()>>> {
    let router = web::router(core.web_state());
    let addr = listener.local_addr()?;
    tracing::info!(%addr, public_url = %core.config.public_url, "callback server listening");
    let limits = web::ServeLimits {
        max_connections: core.config.max_connections,
        ..web::ServeLimits::default()
    };
    Ok(tokio::spawn(web::serve(
        listener,
        router,
        limits,
        stop.wait(),
    )))
}
