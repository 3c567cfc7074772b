//! Serving the callback server so that slow and idle clients cannot use it up.
//!
//! - A client has [`ServeLimits::header_read_timeout`] to send each request's header, and
//!   an idle keep-alive connection is closed after the same time (hyper starts the clock
//!   whenever it waits for the next request's header).
//! - At most [`ServeLimits::max_connections`] connections are open. When a new client
//!   arrives at the cap, the oldest connection that has not sent one complete request
//!   header makes room (slow-header clients cannot crowd members out); when every open
//!   connection has been served, the newcomer gets a short 503 and the connection closes.
//!
//! HTTP/1.1 only: browsers speak it to a plain-HTTP callback, and reverse proxies speak
//! it upstream.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot};
use tower::ServiceExt as _;

/// Bounds on what clients may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeLimits {
    /// Time to send a request's header; also how long an idle keep-alive connection stays.
    pub header_read_timeout: Duration,
    /// Connections open at once (keep it below the process's file limit, `ulimit -n`).
    pub max_connections: usize,
}

pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
pub use crate::config::DEFAULT_MAX_CONNECTIONS;

impl Default for ServeLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// How long in-flight requests may finish after the stop (a callback's two upstream calls
/// fit in it).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);
/// Refusals being written at once; beyond that a refused connection is just closed.
const MAX_REFUSING: usize = 64;
/// How long a refusal may take to write and drain.
const REFUSAL_TIME: Duration = Duration::from_secs(1);

const BUSY_BODY: &str = "The bot is busy. Try again in a moment.\n";

/// Serves `router` on `listener` within `limits` until `shutdown` resolves, then lets
/// in-flight requests finish (up to 30 s).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let open = Arc::new(Connections::new(limits.max_connections));
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    wait_after_accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = open.admit() else {
            refuse(stream, &refusing);
            continue;
        };
        let served = Arc::clone(&slot.served);
        let service = router
            .clone()
            .map_request(move |request: http::Request<Incoming>| {
                served.store(true, Ordering::Relaxed);
                request
            });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            let mut slot = slot;
            tokio::select! {
                ended = connection => {
                    if let Err(e) = ended {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                }
                _ = &mut slot.evicted => {
                    tracing::debug!("closed a connection that sent nothing, to make room");
                }
            }
            // The connection (and its socket) is gone; now its place is free.
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(grace = ?SHUTDOWN_GRACE, "requests still running at shutdown were cut");
    }
    Ok(())
}

/// Errors of one connection are the client's; others (out of file descriptors) need a
/// pause before accepting again, or the loop would spin.
async fn wait_after_accept_error(e: std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::warn!(error = %e, "cannot accept connections; trying again in a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// Answers 503 and closes, without letting a flood of refusals hold descriptors.
fn refuse(mut stream: TcpStream, refusing: &Arc<Semaphore>) {
    let Ok(permit) = Arc::clone(refusing).try_acquire_owned() else {
        return;
    };
    tracing::debug!("connection refused: every connection is in use");
    tokio::spawn(async move {
        let _permit = permit;
        let answer = format!(
            "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n\
             content-length: {}\r\nretry-after: 5\r\nconnection: close\r\n\r\n{BUSY_BODY}",
            BUSY_BODY.len()
        );
        let _ = tokio::time::timeout(REFUSAL_TIME, async {
            stream.write_all(answer.as_bytes()).await?;
            stream.shutdown().await?;
            // Read what the client sent: closing with unread data would reset the
            // connection, and a reset can destroy the answer before the client reads it.
            let mut sink = [0u8; 1024];
            while stream.read(&mut sink).await? > 0 {}
            Ok::<_, std::io::Error>(())
        })
        .await;
    });
}

/// The open connections, oldest first.
struct Connections {
    max: usize,
    state: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    next_id: u64,
    by_age: BTreeMap<u64, Tracked>,
}

struct Tracked {
    /// Set once the connection's first request header has been read.
    served: Arc<AtomicBool>,
    evict: oneshot::Sender<()>,
}

/// One admitted connection; leaving the registry when dropped.
struct Slot {
    id: u64,
    connections: Arc<Connections>,
    served: Arc<AtomicBool>,
    evicted: oneshot::Receiver<()>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.connections.lock().by_age.remove(&self.id);
    }
}

impl Connections {
    fn new(max: usize) -> Self {
        Self {
            max: max.max(1),
            state: Mutex::new(Open::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Open> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for a new connection: free, or taken from the oldest connection that has
    /// sent no request yet. `None` when every open connection has been served.
    fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut open = self.lock();
        if open.by_age.len() >= self.max {
            let waiting = open
                .by_age
                .iter()
                .find(|(_, t)| !t.served.load(Ordering::Relaxed))
                .map(|(id, _)| *id)?;
            if let Some(tracked) = open.by_age.remove(&waiting) {
                let _ = tracked.evict.send(());
            }
        }
        let id = open.next_id;
        open.next_id += 1;
        let served = Arc::new(AtomicBool::new(false));
        let (evict, evicted) = oneshot::channel();
        open.by_age.insert(
            id,
            Tracked {
                served: Arc::clone(&served),
                evict,
            },
        );
        Some(Slot {
            id,
            connections: Arc::clone(self),
            served,
            evicted,
        })
    }
}

#[cfg(test)]
mod tests;
