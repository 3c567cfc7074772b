//! Slow and idle clients cannot use the callback server up: with far more half-sent
//! headers open than the connection cap, `/healthz` answers and a link completes, and
//! every slow connection is closed, the oldest at once to make room and the rest at the
//! header time-out.
//!
//! Sized to stay fast: 300 slow connections against a cap of 100 and a 3 s time-out
//! (production: 1024 and 10 s) show both mechanisms the way 3,000 against 1024 would.

use std::time::{Duration, Instant};

use resonite_verify::web::{ServeLimits, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::app::TestApp;
use crate::support::db::TestDb;
use crate::support::session::Session;
use crate::support::world::MEMBER_A;

const SLOW: usize = 300;
const CAP: usize = 100;
const HEADER_TIMEOUT: Duration = Duration::from_secs(3);

/// Waits until the server closes `stream`; false if it is still open after `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    let mut buf = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn with_hundreds_of_slow_clients_open_healthz_answers_and_a_link_completes() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let limits = ServeLimits {
        header_read_timeout: HEADER_TIMEOUT,
        max_connections: CAP,
        // Every connection is from 127.0.0.1 here: the cap per client is the server's.
        clients: resonite_verify::config::ClientLimits {
            max_connections_per_client: CAP,
            ..Default::default()
        },
    };
    tokio::spawn(serve(
        listener,
        resonite_verify::web::router(app.core.web_state()),
        limits,
        std::future::pending(),
    ));
    let server = format!("http://{addr}");

    let mut slow = Vec::with_capacity(SLOW);
    for _ in 0..SLOW {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nhost: bot\r\nx-slow: ")
            .await
            .expect("half a header");
        slow.push(stream);
    }

    let (status, body) = app.get(&format!("{server}/healthz")).await;
    assert_eq!((status, body.trim()), (200, "ok"));

    let (started, _) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-PatronUser").await;
    // The member's browser reaches the bot through the server under load.
    let callback = callback.replacen(&app.base_url, &server, 1);
    let (status, _) = Session::new(&server).get(&callback).await;
    assert_eq!(status, 200, "the link completes");
    assert_eq!(app.core.store.links().count().await.expect("count"), 1);

    // At most CAP connections were kept: the oldest slow ones were closed at once...
    let evicted = SLOW - CAP;
    for (i, stream) in slow[..evicted].iter_mut().enumerate() {
        assert!(
            closed_within(stream, Duration::from_secs(1)).await,
            "slow connection #{i} is still open; only {CAP} are kept"
        );
    }
    // ...and the rest at the header time-out.
    for (i, stream) in slow[evicted..].iter_mut().enumerate() {
        assert!(
            closed_within(stream, HEADER_TIMEOUT + Duration::from_secs(5)).await,
            "slow connection #{} outlived the header time-out",
            evicted + i
        );
    }
    let (status, _) = app.get(&format!("{server}/healthz")).await;
    assert_eq!(status, 200);
}
