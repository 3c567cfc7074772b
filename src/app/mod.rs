//! Wires the store, the Resonite client, the Discord bot and the web server together,
//! and shuts them down together.
//!
//! [`App::build`] serves the callback server at once (`/healthz` answers while the rest
//! starts) and opens the database, waiting for it if it does not answer
//! ([`patience`]). [`App::run_until_stopped`] reaches Discord (waiting likewise), builds
//! the Discord client ([`discord_client`]), starts the background [`Workers`] and, when the
//! gateway ends, stops everything through one [`Stop`].

mod discord_client;
mod patience;
mod shutdown;
mod starting;
mod workers;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use discord_client::TokenRefused;
use shutdown::Stop;
pub use shutdown::shutdown_signal;
use workers::Workers;

use crate::clock::Clock;
use crate::config::Config;
use crate::dashboard::Dashboard;
use crate::discord::{DiscordNotifier, DiscordObserver, MemberLists, ProxyRest, SerenityRoles};
use crate::health::Health;
use crate::linked_roles::{DiscordApi, LinkedRoles};
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
    /// Discord's Linked Roles; `None` without `DISCORD_CLIENT_SECRET`.
    pub linked_roles: Option<Arc<LinkedRoles>>,
    /// The admin dashboard; `None` without `DISCORD_CLIENT_SECRET` or with `DASHBOARD=off`.
    pub dashboard: Option<Arc<Dashboard>>,
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
        let links = Arc::new(
            LinkService::new(
                store.clone(),
                resonite.clone(),
                config.link_ttl,
                clock.clone(),
            )
            .with_bot_account(config.resonite_bot.as_ref().map(|b| b.username.clone())),
        );
        links.set_token_cipher(cipher.clone());
        let linked_roles = match &config.linked_roles {
            Some(cfg) => {
                let api =
                    DiscordApi::new(&config.discord_api_url, config.discord_token.clone(), cfg)
                        .context("could not set up the Discord OAuth2 client")?;
                let linked_roles = Arc::new(
                    LinkedRoles::new(
                        store.clone(),
                        api,
                        Arc::clone(&links),
                        clock.clone(),
                        cipher.clone(),
                    )
                    .context("could not set up Linked Roles' token key")?,
                );
                links.set_unlink_follower(linked_roles.clone());
                Some(linked_roles)
            }
            None => None,
        };
        let dashboard = dashboard(&config, &store, &clock, cipher.clone())?;
        Ok(Self {
            config,
            store,
            resonite,
            links,
            cipher,
            health: Health::default(),
            linked_roles,
            dashboard,
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
        let notifier = Arc::new(DiscordNotifier::new(
            http,
            Arc::clone(&gateway),
            self.store.clone(),
        ));
        if let Some(linked_roles) = &self.linked_roles {
            linked_roles.set_notifier(notifier.clone());
        }
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
        let reverifier = Arc::new(
            Reverifier::new(
                self.store.clone(),
                self.resonite.clone(),
                Arc::clone(&reconciler),
                TokenVault::new(self.store.clone(), self.cipher.clone()),
                clock,
                self.config.reverify.clone(),
            )
            .with_public_profiles(crate::resonite::bot::public_profiles(
                self.config.resonite_bot.as_ref(),
            )),
        );
        if let Some(linked_roles) = &self.linked_roles {
            reverifier.set_linked_roles(Arc::clone(linked_roles));
        }
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
            member_timeout: self.config.discord_timeout * 2,
            ..ReconcilerOptions::default()
        }
    }

    /// Role calls bypass serenity behind a proxy base URL, to read 429s' `retry_after`.
    fn discord_proxy(&self) -> Option<ProxyRest> {
        let base = self.config.discord_api_url.as_str().trim_end_matches('/');
        if base == "https://discord.com" {
            return None;
        }
        match ProxyRest::new(
            base,
            self.config.discord_token.expose(),
            self.config.discord_timeout,
        ) {
            Ok(proxy) => Some(proxy),
            Err(e) => {
                tracing::warn!(error = %e, "could not set up direct role calls; using serenity's");
                None
            }
        }
    }
}

/// The admin dashboard when `config` turns it on (its own Discord OAuth2 redirect URI).
fn dashboard(
    config: &Config,
    store: &Store,
    clock: &Clock,
    cipher: Option<Arc<TokenCipher>>,
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
    let dashboard = Dashboard::new(store.clone(), api, clock.clone(), cipher)
        .context("could not set up the dashboard's token key")?;
    Ok(Some(Arc::new(dashboard)))
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

/// The bot process: web server serving, database open, ready to connect to Discord.
pub struct App {
    core: Core,
    /// The callback server, serving since [`App::build`] began.
    web: JoinHandle<std::io::Result<()>>,
    addr: SocketAddr,
    stop: Stop,
    /// `METRICS_ADDR`'s listener, bound with the callback server's.
    metrics: Option<TcpListener>,
}

impl App {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        Self::build_with_clock(config, Clock::system()).await
    }

    pub async fn build_with_clock(config: Config, clock: Clock) -> anyhow::Result<Self> {
        let addr = SocketAddr::new(config.host, config.port);
        let listener = TcpListener::bind(addr)
            .await
            .with_context(|| format!("could not listen on {addr} (HOST, PORT)"))?;
        let metrics = match config.metrics_addr {
            Some(addr) => Some({
                // Installed before anything is counted: counts made earlier are lost.
                crate::telemetry::handle();
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("could not listen on {addr} (METRICS_ADDR)"))?
            }),
            None => None,
        };
        let stop = Stop::new();
        let routes = starting::LateRoutes::default();
        let (web, addr) = spawn_web_server(&config, listener, routes.router(), &stop)?;
        let core = match Core::build(config, clock).await {
            Ok(core) => core,
            Err(e) => {
                stop.trigger();
                let _ = web.await;
                return Err(e);
            }
        };
        routes.serve(web::router(core.web_state()));
        Ok(Self {
            core,
            web,
            addr,
            stop,
            metrics,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.addr)
    }

    /// Where `/metrics` listens, when `METRICS_ADDR` is set.
    pub fn metrics_addr(&self) -> Option<SocketAddr> {
        self.metrics.as_ref().and_then(|l| l.local_addr().ok())
    }

    pub fn core(&self) -> &Core {
        &self.core
    }

    /// Runs the bot and the web server until `shutdown` resolves or the gateway fails for good.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let Self {
            core,
            web,
            addr: _,
            stop,
            metrics,
        } = self;
        let metrics = metrics.map(|listener| {
            tokio::spawn(crate::telemetry::serve(
                listener,
                core.store.clone(),
                stop.wait(),
            ))
        });
        let shutdown = stop.on(shutdown);
        let gateway = async {
            // Discord may not answer yet: wait for it (or for the stop).
            let found = tokio::select! {
                found = discord_client::find_gateway(&core) => found?,
                () = stop.wait() => return Ok(()),
            };
            let members = Arc::new(MemberLists::default());
            let (mut client, attached) = discord_client::build(&core, &members, &found).await?;
            let workers = Workers::spawn(&core, &attached, &members, &stop);
            let closer = stop.close_on_stop(Arc::clone(&client.shard_manager));
            let gateway = discord_client::run_gateway(&mut client, &found).await;
            core.health.set_gateway_connected(false);
            // The gateway ended, by request or because Discord refused us: stop the rest too.
            stop.trigger();
            closer.abort();
            workers.join().await;
            gateway.context("the Discord gateway connection failed")
        }
        .await;
        stop.trigger();
        shutdown.abort();
        if let Some(metrics) = metrics {
            let _ = metrics.await;
        }
        match web.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "web server failed"),
            Err(e) => tracing::error!(error = %e, "web server task failed"),
        }
        core.store.close().await;
        gateway
    }
}

/// Serves `router` on `listener` until `stop` triggers; returns the task and its address.
fn spawn_web_server(
    config: &Config,
    listener: TcpListener,
    router: axum::Router,
    stop: &Stop,
) -> anyhow::Result<(JoinHandle<std::io::Result<()>>, SocketAddr)> {
    let addr = listener.local_addr()?;
    tracing::info!(%addr, public_url = %config.public_url, "callback server listening");
    let limits = web::ServeLimits {
        max_connections: config.max_connections,
        clients: config.client_limits.clone(),
        ..web::ServeLimits::default()
    };
    let task = tokio::spawn(web::serve(listener, router, limits, stop.wait()));
    Ok((task, addr))
}
