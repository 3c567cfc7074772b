//! Wires the store, the Resonite client, the Discord bot and the web server together,
//! and shuts them down together.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use tokio::net::TcpListener;

use crate::clock::Clock;
use crate::config::Config;
use crate::discord::{
    self, Data, DiscordNotifier, DiscordObserver, MemberLists, ProxyRest, SerenityRoles,
};
use crate::health::Health;
use crate::linking::LinkService;
use crate::resonite::ResoniteClient;
use crate::reverify::Reverifier;
use crate::roles::{Reconciler, ReconcilerOptions, RoleGateway, RoleSync};
use crate::store::{ShardFilter, Store};
use crate::tokens::{TokenCipher, TokenVault};
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
    /// Applies every role change; its workers run in [`App::run_until_stopped`] (tests
    /// spawn [`Reconciler::run`] themselves).
    pub reconciler: Arc<Reconciler>,
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
        let proxy = self.discord_proxy();
        let gateway: Arc<dyn RoleGateway> =
            Arc::new(SerenityRoles::new(Arc::clone(&http), cache, members, proxy));
        let notifier = Arc::new(DiscordNotifier::new(http, Arc::clone(&gateway)));
        let roles = Arc::new(RoleSync::new(
            self.store.clone(),
            gateway,
            notifier.clone(),
            clock.clone(),
        ));
        let reconciler = Arc::new(Reconciler::new(
            Arc::clone(&roles),
            self.reconciler_options(),
        ));
        self.links.set_reconciler(Arc::clone(&reconciler));
        self.links
            .set_observer(Arc::new(DiscordObserver::new(notifier, Arc::clone(&roles))));
        let reverifier = Arc::new(Reverifier::new(
            self.store.clone(),
            self.resonite.clone(),
            Arc::clone(&reconciler),
            TokenVault::new(self.store.clone(), self.cipher.clone()),
            clock,
            self.config.reverify.clone(),
        ));
        Attached {
            roles,
            reconciler,
            reverifier,
        }
    }

    /// How this process's reconciler runs: only guilds of its shards.
    pub fn reconciler_options(&self) -> ReconcilerOptions {
        ReconcilerOptions {
            shards: self.config.shards.map(|r| ShardFilter {
                first: r.first,
                last: r.last,
                total: r.total,
            }),
            stale_grace: self.config.reverify.stale_grace,
            ..ReconcilerOptions::default()
        }
    }

    /// Role calls bypass serenity behind a proxy base URL, to read 429s' `retry_after`.
    fn discord_proxy(&self) -> Option<ProxyRest> {
        let base = self.config.discord_api_url.as_str().trim_end_matches('/');
        if base == "https://discord.com" {
            return None;
        }
        match ProxyRest::new(base, self.config.discord_token.expose()) {
            Ok(proxy) => Some(proxy),
            Err(e) => {
                tracing::warn!(error = %e, "could not set up direct role calls; using serenity's");
                None
            }
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

/// How long the first sweep waits for the gateway to deliver every guild's members.
const MEMBERS_WAIT: Duration = Duration::from_secs(120);

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
        // The role syncer needs the client's HTTP and cache, which exist once the client is
        // built; the framework's setup (at Ready) picks it up from here.
        let roles_slot: Arc<std::sync::OnceLock<Attached>> = Arc::new(std::sync::OnceLock::new());
        let setup_roles = Arc::clone(&roles_slot);
        let links = Arc::clone(&core.links);
        let health = core.health.clone();
        let members = Arc::new(MemberLists::default());
        let setup_members = Arc::clone(&members);
        let framework = poise::Framework::builder()
            .options(discord::framework_options())
            .setup(move |ctx, _ready, framework| {
                Box::pin(async move {
                    poise::builtins::register_globally(ctx, &framework.options().commands).await?;
                    let attached = setup_roles.get().cloned().ok_or_else(|| {
                        anyhow::anyhow!("role syncing was not set up before Ready")
                    })?;
                    Ok(Data {
                        links,
                        roles: attached.roles,
                        reconciler: attached.reconciler,
                        reverifier: attached.reverifier,
                        health,
                        members: setup_members,
                    })
                })
            })
            .build();
        let mut client =
            serenity::ClientBuilder::new_with_http(core.discord_http(), discord::intents())
                .cache_settings(discord::cache_settings())
                .framework(framework)
                .await
                .context("could not set up the Discord client")?;
        let attached = core.attach_discord(
            Arc::clone(&client.http),
            Some(Arc::clone(&client.cache)),
            Some(Arc::clone(&members)),
        );
        let reverifier = Arc::clone(&attached.reverifier);
        let reconciler = Arc::clone(&attached.reconciler);
        let _ = roles_slot.set(attached);

        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let web_stop = wait_for(stop_rx.clone());
        let router = web::router(core.web_state());
        let addr = listener.local_addr()?;
        tracing::info!(%addr, public_url = %core.config.public_url, "callback server listening");
        let web = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(web_stop)
                .await
        });

        let sweeps = if reverifier.verifies_with_resonite() {
            tracing::info!(every = ?core.config.reverify.interval, max_rps = core.config.reverify.max_rps, "re-verification is on");
            let reverifier = Arc::clone(&reverifier);
            let members = Arc::clone(&members);
            let stop = stop_rx.clone();
            Some(tokio::spawn(async move {
                // Sweep once members have arrived from the gateway: they are read from memory,
                // not fetched one by one. A gateway that never delivers them delays, not stops.
                if !members.wait_loaded(MEMBERS_WAIT).await {
                    tracing::warn!(waited = ?MEMBERS_WAIT, "members still loading; sweeping anyway");
                }
                reverifier.run_periodically(stop).await;
            }))
        } else {
            tracing::warn!(
                "re-verification is off: set TOKEN_ENCRYPTION_KEY (resonite-link gen-key) so roles follow changes on Resonite without /update"
            );
            None
        };

        // Pending role changes survive restarts: the workers start with what is due.
        let reconciling = tokio::spawn(reconciler.run(stop_rx.clone()));

        let purge_links = Arc::clone(&core.links);
        let mut purge_stop = stop_rx.clone();
        let purge = tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(600));
            loop {
                tokio::select! {
                    _ = every.tick() => {
                        if let Err(e) = purge_links.purge_expired().await {
                            tracing::warn!(error = %e, "could not purge expired link states");
                        }
                    }
                    _ = purge_stop.changed() => break,
                }
            }
        });

        let stop_tx = Arc::new(stop_tx);
        let shard_manager = Arc::clone(&client.shard_manager);
        let stop_on_signal = Arc::clone(&stop_tx);
        let stopper = tokio::spawn(async move {
            shutdown.await;
            tracing::info!("shutting down");
            let _ = stop_on_signal.send(true);
            shard_manager.shutdown_all().await;
        });

        let gateway = match core.config.shards {
            None => client.start_autosharded().await,
            Some(r) => client.start_shard_range(r.first..r.last + 1, r.total).await,
        };
        core.health.set_gateway_connected(false);
        // The gateway ended, by request or because Discord refused us: stop the rest too.
        let _ = stop_tx.send(true);
        stopper.abort();
        let _ = purge.await;
        let _ = reconciling.await;
        if let Some(sweeps) = sweeps {
            let _ = sweeps.await;
        }
        match web.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "web server failed"),
            Err(e) => tracing::error!(error = %e, "web server task failed"),
        }
        core.store.close().await;
        gateway.context("the Discord gateway connection failed")
    }
}

async fn wait_for(mut rx: tokio::sync::watch::Receiver<bool>) {
    while !*rx.borrow_and_update() {
        if rx.changed().await.is_err() {
            return;
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
