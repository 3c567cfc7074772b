//! Serving the callback server so that no client can use it up.
//!
//! - A client has [`ServeLimits::header_read_timeout`] to send each request's header, and
//!   an idle keep-alive connection is closed after the same time (hyper starts the clock
//!   whenever it waits for the next request's header).
//! - At most [`ServeLimits::max_connections`] connections are open, and at most
//!   [`ClientLimits::max_connections_per_client`] from one address (a trusted proxy's
//!   excepted). A newcomer at either cap takes the place of the connection idle the longest
//!   (its own, at its own cap): half-sent headers and keep-alive connections that send a
//!   request every few seconds make room, and no request is cut off halfway. Only when
//!   every connection is answering a request does the newcomer get a short 503.
//! - Each client (the peer, or `X-Forwarded-For` behind a trusted proxy) has
//!   [`ClientLimits::requests_per_minute`] requests, and
//!   [`ClientLimits::link_requests_per_minute`] of the routes that create or consume link
//!   states; beyond them a 429 page says how long to wait.
//!
//! HTTP/1.1 only: browsers speak it to a plain-HTTP callback, and reverse proxies speak
//! it upstream.

mod clients;
mod connections;

pub use clients::{ClientAddr, client_of};

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use self::clients::RequestLimits;
use self::connections::{Connections, Refused};
use crate::config::ClientLimits;

/// Bounds on what clients may hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeLimits {
    /// Time to send a request's header; also how long an idle keep-alive connection stays.
    pub header_read_timeout: Duration,
    /// Connections open at once (keep it below the process's file limit, `ulimit -n`).
    pub max_connections: usize,
    /// Per client: connections, requests, and whose `X-Forwarded-For` is believed.
    pub clients: ClientLimits,
}

pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
pub use crate::config::DEFAULT_MAX_CONNECTIONS;

impl Default for ServeLimits {
    fn default() -> Self {
        Self {
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            clients: ClientLimits::default(),
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

/// How often clients whose request allowance is whole again are forgotten.
const FORGET_EVERY: Duration = Duration::from_secs(60);

const BUSY_BODY: &str = "The bot is busy. Try again in a moment.\n";

/// Serves `router` on `listener` within `limits` until `shutdown` resolves, then lets
/// in-flight requests finish (up to 30 s).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServeLimits,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let open = Arc::new(Connections::new(
        limits.max_connections,
        limits.clients.max_connections_per_client,
    ));
    let requests = Arc::new(RequestLimits::new(&limits.clients));
    let mut forgotten_at = Instant::now();
    let refusing = Arc::new(Semaphore::new(MAX_REFUSING));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    wait_after_accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if forgotten_at.elapsed() >= FORGET_EVERY {
            requests.forget_idle();
            forgotten_at = Instant::now();
        }
        let peer = peer.ip().to_canonical();
        // A trusted proxy carries everyone behind it: its connections are not capped as
        // one client's (their requests are, per forwarded client).
        let counted = (!requests.trusted().contains(peer)).then_some(peer);
        let slot = match open.admit(counted) {
            Ok(slot) => slot,
            Err(why) => {
                refuse(stream, why, &refusing);
                continue;
            }
        };
        let activity = Arc::clone(&slot.activity);
        let router = router.clone();
        let requests = Arc::clone(&requests);
        let service = tower::service_fn(move |request: http::Request<Incoming>| {
            // Busy from the header's arrival until the response's body is dropped (sent
            // or abandoned): only then may this connection make room for another.
            let busy = activity.begin();
            let answered = answer(request, peer, router.clone(), Arc::clone(&requests));
            async move {
                let response = answered.await;
                Ok::<_, Infallible>(response.map(|body| {
                    Body::new(body.map_frame(move |frame| {
                        busy.hold();
                        frame
                    }))
                }))
            }
        });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(hold_slot(connection, slot));
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

/// One request of a connection from `peer`: routed, unless its client has used up its
/// allowance (then a 429 page).
async fn answer(
    mut request: http::Request<Incoming>,
    peer: std::net::IpAddr,
    router: Router,
    requests: Arc<RequestLimits>,
) -> axum::response::Response {
    let client = client_of(peer, request.headers(), requests.trusted());
    request.extensions_mut().insert(ClientAddr(client));
    match requests.check(client, request.uri().path()) {
        Ok(()) => match router.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        Err(wait) => {
            tracing::debug!(%client, path = request.uri().path(), "too many requests");
            clients::too_many_requests(request.headers(), wait)
        }
    }
}

/// Runs one connection while holding its place, until it ends or is evicted to make room;
/// only then (its socket gone) is the place free.
async fn hold_slot<E: std::fmt::Display>(
    connection: impl Future<Output = Result<(), E>>,
    mut slot: connections::Slot,
) {
    tokio::select! {
        ended = connection => {
            if let Err(e) = ended {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        }
        _ = &mut slot.evicted => {
            tracing::debug!("closed an idle connection to make room");
        }
    }
    // The connection (and its socket) is gone; now its place is free.
    drop(slot);
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
fn refuse(mut stream: TcpStream, why: Refused, refusing: &Arc<Semaphore>) {
    let Ok(permit) = Arc::clone(refusing).try_acquire_owned() else {
        return;
    };
    match why {
        Refused::Full => tracing::debug!("connection refused: every connection is in use"),
        Refused::ClientFull => {
            tracing::debug!("connection refused: every connection of this client is in use")
        }
    }
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

#[cfg(test)]
mod tests;
