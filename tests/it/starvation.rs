//! No one client can starve the others (issue 23, item 4): with the callback server's
//! connection cap held by keep-alive connections that each send a request every few
//! seconds, a member's callback still completes, because the connection idle the longest
//! makes room for the newcomer.
//!
//! The attack as reproduced: 1,024 connections (the default `MAX_CONNECTIONS`) from 16
//! loopback addresses, 64 each (the default `MAX_CONNECTIONS_PER_CLIENT`), every one
//! served and kept alive. Before the fix the next client got 503.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use resonite_verify::web::{ServeLimits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

use crate::support::app::TestApp;
use crate::support::db::TestDb;
use crate::support::session::Session;
use crate::support::world::MEMBER_A;

const ADDRESSES: u8 = 16;
const WAIT: Duration = Duration::from_secs(10);

/// A connection from `127.0.0.{last}` (all of 127/8 is loopback).
async fn connect_from(addr: SocketAddr, last: u8) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind(SocketAddr::from(([127, 0, 0, last], 0)))
        .expect("bind a loopback source address");
    socket.connect(addr).await.expect("connect")
}

/// One keep-alive request on `stream`; the response, or `None` once the server closed it.
async fn healthz(stream: &mut TcpStream) -> Option<String> {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nhost: bot\r\n\r\n")
        .await
        .ok()?;
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    let deadline = Instant::now() + WAIT;
    while !(got.ends_with(b"\r\n\r\nok")) {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => panic!("no answer in {WAIT:?}"),
            Ok(Ok(0)) | Ok(Err(_)) => return None,
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
    Some(String::from_utf8_lossy(&got).into_owned())
}

/// Waits until the server closes `stream`; false if it is still open after `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 64];
    matches!(
        tokio::time::timeout(within, stream.read(&mut buf)).await,
        Ok(Ok(0) | Err(_))
    )
}

/// Whether the server has already closed `stream` (it sends nothing unasked while open).
fn is_closed_now(stream: &TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match stream.try_read(&mut buf) {
        Ok(0) => true,
        Ok(_) => false,
        Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
    }
}

both_backends!(
    keep_alive_connections_holding_the_cap_do_not_stop_a_callback,
    keep_alive_starvation
);
async fn keep_alive_starvation(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let config = &app.core.config;
    let cap = config.max_connections;
    let per_address = config.client_limits.max_connections_per_client;
    assert_eq!(
        cap,
        usize::from(ADDRESSES) * per_address,
        "the defaults: 16 addresses fill the cap"
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let limits = ServeLimits {
        max_connections: cap,
        clients: config.client_limits.clone(),
        // Long enough that no connection times out during the test: room is made by
        // eviction alone.
        header_read_timeout: Duration::from_secs(120),
    };
    tokio::spawn(serve(
        listener,
        resonite_verify::web::router(app.core.web_state()),
        limits,
        std::future::pending(),
    ));

    // The attacker: every connection served and kept alive...
    let mut held = Vec::with_capacity(cap);
    for i in 0..cap {
        let source = 2 + (i % usize::from(ADDRESSES)) as u8;
        let mut stream = connect_from(addr, source).await;
        assert!(
            healthz(&mut stream).await.is_some(),
            "connection #{i} served"
        );
        held.push(stream);
    }
    // ...and each sends another request, as it would every few seconds: all 1,024 are
    // still open, so the server is at its cap.
    for (i, stream) in held.iter_mut().enumerate() {
        let answer = healthz(stream).await;
        assert!(
            answer.is_some_and(|a| a.starts_with("HTTP/1.1 200 OK")),
            "connection #{i} kept alive"
        );
    }

    // A member comes back from Resonite to this server, and presses Link on the
    // confirmation page: two requests, each on a connection that had to make room.
    let (started, _) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-PatronUser").await;
    let server = format!("http://{addr}");
    let callback = callback.replacen(&app.base_url, &server, 1);
    let (status, body) = Session::new(&server).get(&callback).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.core.store.links().count().await.expect("count"), 1);

    // The connection idle the longest (the first to finish its second request) made room.
    assert!(
        closed_within(&mut held[0], WAIT).await,
        "the longest idle was closed"
    );
    let closed = held.iter().filter(|s| is_closed_now(s)).count();
    assert!(
        (1..=4).contains(&closed),
        "only as many closed as the member needed: {closed}"
    );
}
