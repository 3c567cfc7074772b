//! Serving the fake on its listeners, with a switch to take it off the network:
//! while down, the listening socket is closed (connections to the port are refused)
//! and every open HTTP connection is dropped; back up, the same port is bound again.
//!
//! axum's own `serve` cannot drop its listener or connections on demand, so the
//! accept loop is hand-written on hyper (HTTP/1.1 with upgrades, for the gateway's
//! WebSocket), as `axum::serve` does underneath.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// How long [`Network::set_up`] waits for every listener to be bound again.
const REBIND_DEADLINE: Duration = Duration::from_secs(10);
/// Pause between attempts to bind the port again (another socket may hold it briefly).
const REBIND_RETRY: Duration = Duration::from_millis(20);

/// Whether the fake is reachable, and what each of its listeners is doing.
pub(super) struct Network {
    up: watch::Sender<bool>,
    /// One per served listener: `true` while it listens, `false` once it closed
    /// its socket and every connection while down.
    listeners: Mutex<Vec<watch::Receiver<bool>>>,
}

impl Network {
    pub fn new() -> Self {
        Self {
            up: watch::Sender::new(true),
            listeners: Mutex::new(Vec::new()),
        }
    }

    fn listeners(&self) -> Vec<watch::Receiver<bool>> {
        self.listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Takes every listener down and waits until each closed its socket and connections.
    pub async fn set_down(&self) {
        self.up.send_replace(false);
        for mut listening in self.listeners() {
            // An error means the serving task ended (runtime shutting down): nothing listens.
            let _ = listening.wait_for(|l| !*l).await;
        }
    }

    /// Brings every listener back on its port; an error if one could not bind
    /// it again in time.
    pub async fn set_up(&self) -> std::io::Result<()> {
        self.up.send_replace(true);
        for mut listening in self.listeners() {
            match tokio::time::timeout(REBIND_DEADLINE, listening.wait_for(|l| *l)).await {
                Ok(Ok(_)) => {}
                Ok(Err(_)) => {
                    return Err(std::io::Error::other("the fake Discord server stopped"));
                }
                Err(_) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the fake Discord could not bind its port again",
                    ));
                }
            }
        }
        Ok(())
    }

    pub fn is_up(&self) -> bool {
        *self.up.borrow()
    }
}

/// Serves `router` on `listener` until the runtime ends, going down and up with `network`.
pub(super) async fn serve(listener: TcpListener, router: axum::Router, network: Arc<Network>) {
    let addr = match listener.local_addr() {
        Ok(addr) => addr,
        Err(error) => {
            tracing::error!(%error, "fake Discord: listener has no address");
            return;
        }
    };
    let (listening, listening_rx) = watch::channel(true);
    network
        .listeners
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(listening_rx);
    let mut up = network.up.subscribe();
    let live = Arc::new(watch::Sender::new(0usize));
    let mut listener = Some(listener);
    loop {
        let current = match listener.take() {
            Some(listener) => listener,
            None => rebind(addr, &mut up).await,
        };
        listening.send_replace(true);
        loop {
            tokio::select! {
                accepted = current.accept() => match accepted {
                    Ok((stream, _)) => spawn_connection(stream, router.clone(), &network, &live),
                    Err(error) => tracing::warn!(%error, "fake Discord: accept failed"),
                },
                _ = up.wait_for(|up| !*up) => break,
            }
        }
        drop(current);
        let _ = live.subscribe().wait_for(|n| *n == 0).await;
        listening.send_replace(false);
        let _ = up.wait_for(|up| *up).await;
    }
}

/// Binds `addr` again, retrying while the port is still taken.
async fn rebind(addr: SocketAddr, up: &mut watch::Receiver<bool>) -> TcpListener {
    loop {
        match TcpListener::bind(addr).await {
            Ok(listener) => return listener,
            Err(error) => {
                tracing::debug!(%error, %addr, "fake Discord: binding again");
                tokio::time::sleep(REBIND_RETRY).await;
                // Taken down again meanwhile: wait to be brought up before retrying.
                let _ = up.wait_for(|up| *up).await;
            }
        }
    }
}

/// Counts a live connection until dropped.
struct LiveGuard(Arc<watch::Sender<usize>>);

impl Drop for LiveGuard {
    fn drop(&mut self) {
        self.0.send_modify(|n| *n -= 1);
    }
}

fn spawn_connection(
    stream: TcpStream,
    router: axum::Router,
    network: &Network,
    live: &Arc<watch::Sender<usize>>,
) {
    // Counted before the task runs, so going down waits for it.
    live.send_modify(|n| *n += 1);
    let guard = LiveGuard(Arc::clone(live));
    let mut up = network.up.subscribe();
    tokio::spawn(async move {
        let _guard = guard;
        let service = TowerToHyperService::new(router);
        let connection = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades();
        // Dropping the connection (and the request it may be holding) closes the socket.
        tokio::select! {
            result = connection => {
                if let Err(error) = result {
                    tracing::trace!(%error, "fake Discord: connection ended");
                }
            }
            _ = up.wait_for(|up| !*up) => {}
        }
    });
}
