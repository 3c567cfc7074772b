//! Wires the store, the Resonite client, the Discord bot and the web server together,
//! and shuts them down together.
//!
//! [`App::build`] serves the callback server at once (`/healthz` answers while the rest
//! starts) and opens the database, waiting for it if it does not answer
//! ([`patience`]). [`App::run_until_stopped`] reaches Discord (waiting likewise), builds
//! the Discord client ([`discord_client`]), starts the background [`Workers`] and, when the
//! gateway ends, stops everything through one [`Stop`].

mod assembly;
mod discord_client;
mod patience;
mod shutdown;
mod starting;
mod workers;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::clock::Clock;
use crate::config::Config;
use crate::web;

pub use assembly::{Core, discord_http, reconciler_options};
pub use discord_client::TokenRefused;
use shutdown::Stop;
pub use shutdown::shutdown_signal;
use workers::Workers;

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
            let mut client = discord_client::build(&core, &found).await?;
            let workers = Workers::spawn(&core, &stop);
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
