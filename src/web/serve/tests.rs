//! The limits, against a toy router on loopback.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use axum::extract::Extension;
use axum::routing::get;
use tokio::net::TcpSocket;
use tokio::sync::{Notify, oneshot};

use super::*;

const WAIT: Duration = Duration::from_secs(10);

struct Server {
    addr: std::net::SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    async fn start(router: Router, limits: ServeLimits) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, limits, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            stop: Some(stop),
            task,
        }
    }

    async fn connect(&self) -> TcpStream {
        TcpStream::connect(self.addr).await.expect("connect")
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        tokio::time::timeout(WAIT, self.task)
            .await
            .expect("stops in time")
            .expect("no panic")
            .expect("no error");
    }
}

fn hello() -> Router {
    Router::new().route("/", get(|| async { "hello" }))
}

/// Reads until the server closes; what it sent. Panics if it stays open past `within`.
async fn read_until_closed(stream: &mut TcpStream, within: Duration) -> String {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => panic!(
                "still open after {within:?}; got {:?}",
                String::from_utf8_lossy(&got)
            ),
            Ok(Ok(0)) | Ok(Err(_)) => return String::from_utf8_lossy(&got).into_owned(),
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
        }
    }
}

async fn get_root(stream: &mut TcpStream) -> String {
    get_with(stream, "/", "").await
}

#[tokio::test]
async fn a_client_that_never_finishes_its_header_is_closed_after_the_time_out() {
    let limits = ServeLimits {
        header_read_timeout: Duration::from_millis(300),
        ..ServeLimits::default()
    };
    let server = Server::start(hello(), limits).await;
    let mut slow = server.connect().await;
    slow.write_all(b"GET / HTTP/1.1\r\nhost: te")
        .await
        .expect("write");
    let started = Instant::now();
    let answer = read_until_closed(&mut slow, Duration::from_secs(5)).await;
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "closed too early"
    );
    assert!(!answer.contains("200 OK"), "{answer}");
    server.stop().await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_time_out() {
    let limits = ServeLimits {
        header_read_timeout: Duration::from_millis(300),
        ..ServeLimits::default()
    };
    let server = Server::start(hello(), limits).await;
    let mut client = server.connect().await;
    assert!(get_root(&mut client).await.starts_with("HTTP/1.1 200 OK"));
    // Keep-alive: the connection stays usable for a second request at once...
    assert!(get_root(&mut client).await.starts_with("HTTP/1.1 200 OK"));
    // ...and is closed once it idles past the time-out.
    let started = Instant::now();
    read_until_closed(&mut client, Duration::from_secs(5)).await;
    assert!(
        started.elapsed() >= Duration::from_millis(250),
        "closed too early"
    );
    server.stop().await;
}

#[tokio::test]
async fn at_the_cap_a_new_client_takes_the_place_of_the_oldest_silent_one() {
    let limits = ServeLimits {
        header_read_timeout: Duration::from_secs(60),
        max_connections: 4,
        ..ServeLimits::default()
    };
    let server = Server::start(hello(), limits).await;
    let mut silent = Vec::new();
    for _ in 0..4 {
        silent.push(server.connect().await);
    }
    // The fifth is served at once, though four silent clients fill the cap...
    let mut fifth = server.connect().await;
    assert!(get_root(&mut fifth).await.starts_with("HTTP/1.1 200 OK"));
    // ...because the oldest silent one was closed, long before its time-out.
    read_until_closed(&mut silent[0], Duration::from_secs(5)).await;
    // Another newcomer takes the next oldest's place; the served one keeps its own.
    let mut sixth = server.connect().await;
    assert!(get_root(&mut sixth).await.starts_with("HTTP/1.1 200 OK"));
    read_until_closed(&mut silent[1], Duration::from_secs(5)).await;
    assert!(get_root(&mut fifth).await.starts_with("HTTP/1.1 200 OK"));
    server.stop().await;
}

#[tokio::test]
async fn when_every_connection_is_busy_the_excess_gets_503_and_is_closed() {
    let entered = Arc::new(AtomicUsize::new(0));
    let arrived = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let router = {
        let (entered, arrived, release) = (
            Arc::clone(&entered),
            Arc::clone(&arrived),
            Arc::clone(&release),
        );
        Router::new().route(
            "/",
            get(move || {
                let (entered, arrived, release) = (
                    Arc::clone(&entered),
                    Arc::clone(&arrived),
                    Arc::clone(&release),
                );
                async move {
                    let waiting = release.notified();
                    tokio::pin!(waiting);
                    // Registered before it counts as arrived, so the release cannot miss it.
                    waiting.as_mut().enable();
                    entered.fetch_add(1, Ordering::SeqCst);
                    arrived.notify_one();
                    waiting.await;
                    "done"
                }
            }),
        )
    };
    let limits = ServeLimits {
        header_read_timeout: Duration::from_secs(60),
        max_connections: 2,
        ..ServeLimits::default()
    };
    let server = Server::start(router, limits).await;
    let mut busy = Vec::new();
    for _ in 0..2 {
        let mut stream = server.connect().await;
        stream
            .write_all(b"GET / HTTP/1.1\r\nhost: test\r\n\r\n")
            .await
            .expect("write");
        busy.push(stream);
    }
    let deadline = Instant::now() + WAIT;
    while entered.load(Ordering::SeqCst) < 2 {
        assert!(Instant::now() < deadline, "the requests never arrived");
        let _ = tokio::time::timeout(Duration::from_millis(50), arrived.notified()).await;
    }

    let mut third = server.connect().await;
    third
        .write_all(b"GET / HTTP/1.1\r\nhost: test\r\n\r\n")
        .await
        .expect("write");
    let answer = read_until_closed(&mut third, Duration::from_secs(5)).await;
    assert!(
        answer.starts_with("HTTP/1.1 503 Service Unavailable"),
        "{answer}"
    );
    assert!(answer.contains("retry-after: 5") && answer.ends_with(BUSY_BODY));

    // The busy ones were never disturbed.
    release.notify_waiters();
    for stream in &mut busy {
        let mut buf = vec![0u8; 4096];
        let n = tokio::time::timeout(WAIT, stream.read(&mut buf))
            .await
            .expect("answered")
            .expect("read");
        assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200 OK"));
    }
    server.stop().await;
}

/// A connection from the loopback address `127.0.0.{last}` (all of 127/8 is loopback).
async fn connect_from(addr: SocketAddr, last: u8) -> TcpStream {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind(SocketAddr::from(([127, 0, 0, last], 0)))
        .expect("bind a loopback source address");
    socket.connect(addr).await.expect("connect")
}

async fn get_with(stream: &mut TcpStream, path: &str, extra: &str) -> String {
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nhost: test\r\n{extra}\r\n").as_bytes())
        .await
        .expect("write");
    let mut buf = vec![0u8; 16 * 1024];
    let n = tokio::time::timeout(WAIT, stream.read(&mut buf))
        .await
        .expect("answered in time")
        .expect("read");
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test]
async fn at_the_cap_keep_alive_connections_make_room_the_longest_idle_first() {
    let limits = ServeLimits {
        header_read_timeout: Duration::from_secs(60),
        max_connections: 3,
        ..ServeLimits::default()
    };
    let server = Server::start(hello(), limits).await;
    // Three clients keep their connections alive, each having been served.
    let mut kept = Vec::new();
    for _ in 0..3 {
        let mut stream = server.connect().await;
        assert!(get_root(&mut stream).await.starts_with("HTTP/1.1 200 OK"));
        kept.push(stream);
    }
    // The first one sends another request: now the second has idled the longest.
    assert!(get_root(&mut kept[0]).await.starts_with("HTTP/1.1 200 OK"));
    let mut newcomer = server.connect().await;
    assert!(get_root(&mut newcomer).await.starts_with("HTTP/1.1 200 OK"));
    read_until_closed(&mut kept[1], Duration::from_secs(5)).await;
    assert!(get_root(&mut kept[0]).await.starts_with("HTTP/1.1 200 OK"));
    assert!(get_root(&mut kept[2]).await.starts_with("HTTP/1.1 200 OK"));
    server.stop().await;
}

#[tokio::test]
async fn one_address_holds_at_most_its_cap_and_makes_room_among_its_own() {
    let limits = ServeLimits {
        header_read_timeout: Duration::from_secs(60),
        clients: ClientLimits {
            max_connections_per_client: 3,
            ..ClientLimits::default()
        },
        ..ServeLimits::default()
    };
    let server = Server::start(hello(), limits).await;
    let mut member = connect_from(server.addr, 1).await;
    assert!(get_root(&mut member).await.starts_with("HTTP/1.1 200 OK"));
    let mut greedy = Vec::new();
    for _ in 0..8 {
        let mut stream = connect_from(server.addr, 2).await;
        assert!(get_root(&mut stream).await.starts_with("HTTP/1.1 200 OK"));
        greedy.push(stream);
    }
    // 127.0.0.2 opened eight; each beyond three closed its own oldest: five are gone.
    for stream in &mut greedy[..5] {
        read_until_closed(stream, Duration::from_secs(5)).await;
    }
    for stream in &mut greedy[5..] {
        assert!(get_root(stream).await.starts_with("HTTP/1.1 200 OK"));
    }
    // The other address was never touched, though its connection idled longest.
    assert!(get_root(&mut member).await.starts_with("HTTP/1.1 200 OK"));
    server.stop().await;
}

/// A router answering with the client address the server saw.
fn who() -> Router {
    Router::new().route(
        "/who",
        get(|Extension(ClientAddr(client)): Extension<ClientAddr>| async move {
            client.to_string()
        }),
    )
}

fn body(answer: &str) -> &str {
    answer.split("\r\n\r\n").nth(1).unwrap_or("")
}

#[tokio::test]
async fn x_forwarded_for_names_the_client_only_when_the_peer_is_a_trusted_proxy() {
    let proxies = crate::config::TrustedProxies::parse("127.0.0.5").expect("valid");
    let limits = ServeLimits {
        clients: ClientLimits {
            trusted_proxies: proxies,
            ..ClientLimits::default()
        },
        ..ServeLimits::default()
    };
    let server = Server::start(who(), limits).await;
    let spoof = "x-forwarded-for: 203.0.113.50\r\n";
    let mut direct = connect_from(server.addr, 1).await;
    assert_eq!(
        body(&get_with(&mut direct, "/who", spoof).await),
        "127.0.0.1"
    );
    let mut proxy = connect_from(server.addr, 5).await;
    assert_eq!(
        body(&get_with(&mut proxy, "/who", spoof).await),
        "203.0.113.50"
    );
    assert_eq!(body(&get_with(&mut proxy, "/who", "").await), "127.0.0.5");
    server.stop().await;
}

#[tokio::test]
async fn a_client_over_its_link_allowance_gets_429_with_retry_after_and_others_do_not() {
    let router = Router::new()
        .route(crate::config::LINKED_ROLE_PATH, get(|| async { "started" }))
        .route("/", get(|| async { "hello" }));
    let proxies = crate::config::TrustedProxies::parse("127.0.0.5").expect("valid");
    let limits = ServeLimits {
        clients: ClientLimits {
            link_requests_per_minute: 2,
            trusted_proxies: proxies,
            ..ClientLimits::default()
        },
        ..ServeLimits::default()
    };
    let server = Server::start(router, limits).await;
    let path = crate::config::LINKED_ROLE_PATH;
    let mut proxy = connect_from(server.addr, 5).await;
    let from = |ip: &str| format!("x-forwarded-for: {ip}\r\naccept-language: de\r\n");
    for _ in 0..2 {
        let answer = get_with(&mut proxy, path, &from("198.51.100.1")).await;
        assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    }
    let answer = get_with(&mut proxy, path, &from("198.51.100.1")).await;
    assert!(
        answer.starts_with("HTTP/1.1 429 Too Many Requests"),
        "{answer}"
    );
    let retry: u64 = answer
        .lines()
        .find_map(|l| l.strip_prefix("retry-after: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=30).contains(&retry), "{retry}");
    assert!(
        answer.contains(r#"<html lang="de">"#),
        "a page, in the browser's language"
    );
    // Another client behind the same proxy, and other routes, are not held back.
    let answer = get_with(&mut proxy, path, &from("198.51.100.2")).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    let answer = get_with(&mut proxy, "/", &from("198.51.100.1")).await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    server.stop().await;
}
