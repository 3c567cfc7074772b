//! Stopping: the signal that asks for it, and the one switch every part watches.

use std::future::Future;
use std::sync::Arc;

use poise::serenity_prelude as serenity;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// One switch, flipped once, that the web server and every worker watch.
#[derive(Clone)]
pub(super) struct Stop {
    tx: Arc<watch::Sender<bool>>,
}

impl Stop {
    pub(super) fn new() -> Self {
        Self {
            tx: Arc::new(watch::channel(false).0),
        }
    }

    pub(super) fn trigger(&self) {
        self.tx.send_replace(true);
    }

    /// A receiver for workers that take one (`changed()` fires at the stop).
    pub(super) fn subscribe(&self) -> watch::Receiver<bool> {
        self.tx.subscribe()
    }

    /// Resolves once the stop was triggered (at once if it already was).
    pub(super) fn wait(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut rx = self.subscribe();
        async move {
            // An error means every sender is gone: nobody can stop us any more, so stop.
            let _ = rx.wait_for(|stopped| *stopped).await;
        }
    }

    /// When `shutdown` resolves: triggers the stop.
    pub(super) fn on(&self, shutdown: impl Future<Output = ()> + Send + 'static) -> JoinHandle<()> {
        let stop = self.clone();
        tokio::spawn(async move {
            shutdown.await;
            tracing::info!("shutting down");
            stop.trigger();
        })
    }

    /// Once the stop triggers (at once if it has): closes the gateway's shards.
    pub(super) fn close_on_stop(
        &self,
        shard_manager: Arc<serenity::ShardManager>,
    ) -> JoinHandle<()> {
        let stopped = self.wait();
        tokio::spawn(async move {
            stopped.await;
            shard_manager.shutdown_all().await;
        })
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
