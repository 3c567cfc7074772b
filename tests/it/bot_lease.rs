//! The bot account's install identity and lease, on SQLite and PostgreSQL alike: one
//! identity for every process, exactly one holder of the session and hub, taken over when
//! the holder dies.

use std::time::Duration;

use resonite_verify::clock::Clock;
use resonite_verify::config::{ResoniteBotConfig, Secret};
use resonite_verify::resonite::bot::lease::{
    HUB_LEASE, LeaseKeeper, LeaseTimings, install_identity, new_holder_id,
};
use resonite_verify::resonite::bot::{Backoff, BotAccount, BotTimings};
use resonite_verify::store::Store;
use resonite_verify_fakes::resonite::cloud::CloudAccount;
use resonite_verify_fakes::resonite::{MockResonite, MockResoniteConfig};
use tokio::time::Instant;

use crate::support::db::TestDb;

const FAST: LeaseTimings = LeaseTimings {
    ttl: Duration::from_secs(2),
    renew_every: Duration::from_millis(200),
};

both_backends!(every_process_logs_in_as_the_same_install, same_install);
async fn same_install(db: TestDb) {
    let first = Store::connect(&db.url).await.expect("connect");
    let second = Store::connect(&db.url).await.expect("connect");
    let (a, b) = tokio::join!(
        install_identity(&first, 1_700_000_000),
        install_identity(&second, 1_700_000_000)
    );
    let (a, b) = (a.expect("identity"), b.expect("identity"));
    assert_eq!(a, b, "both processes use the identity stored first");
    assert_eq!(a.uid.len(), 64);
    let again = install_identity(&first, 1_800_000_000)
        .await
        .expect("identity");
    assert_eq!(again, a, "kept across restarts");
}

/// Waits until `f` holds (checked every 20 ms), or panics after `bound`.
async fn within(bound: Duration, what: &str, mut f: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < bound, "not within {bound:?}: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

both_backends!(
    exactly_one_process_holds_the_hub_and_another_takes_over_when_it_dies,
    one_holder_then_takeover
);
async fn one_holder_then_takeover(db: TestDb) {
    let store_a = Store::connect(&db.url).await.expect("connect");
    let store_b = Store::connect(&db.url).await.expect("connect");
    let clock = Clock::system();
    let a = LeaseKeeper::start(
        store_a.clone(),
        clock.clone(),
        HUB_LEASE,
        new_holder_id(),
        FAST,
    );
    let b = LeaseKeeper::start(store_b, clock.clone(), HUB_LEASE, new_holder_id(), FAST);
    let (held_a, held_b) = (a.held(), b.held());
    within(Duration::from_secs(5), "someone holds the lease", || {
        *held_a.borrow() || *held_b.borrow()
    })
    .await;
    // For a while (several renewals), exactly one holds it.
    for _ in 0..10 {
        assert!(
            *held_a.borrow() != *held_b.borrow(),
            "exactly one holder at a time"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (winner, loser) = if *held_a.borrow() { (a, b) } else { (b, a) };
    let winner_id = winner.holder().to_owned();
    let now = clock.now();
    assert_eq!(
        store_a
            .leases()
            .holder(HUB_LEASE, now)
            .await
            .expect("holder"),
        Some(winner_id)
    );

    // The holder dies: it stops renewing and never gives the lease back.
    winner.abandon().await;
    let held = loser.held();
    let took = within(
        FAST.ttl + FAST.renew_every + Duration::from_secs(2),
        "the other process takes over",
        || *held.borrow(),
    )
    .await;
    assert!(
        took >= Duration::from_millis(500),
        "not before the lease ran out: {took:?}"
    );
    assert_eq!(
        store_a
            .leases()
            .holder(HUB_LEASE, clock.now())
            .await
            .expect("holder")
            .as_deref(),
        Some(loser.holder())
    );

    // A clean stop gives the lease back at once.
    let third = LeaseKeeper::start(store_a, clock, HUB_LEASE, new_holder_id(), FAST);
    let third_held = third.held();
    loser.release().await.expect("released");
    within(
        Duration::from_secs(2),
        "taken right after a release",
        || *third_held.borrow(),
    )
    .await;
}

both_backends!(
    two_processes_on_one_database_hold_one_session_and_one_hub_connection,
    one_hub_for_two_processes
);
async fn one_hub_for_two_processes(db: TestDb) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let mock = MockResonite::spawn(
        MockResoniteConfig::new("client", "secret", "http://127.0.0.1:1/oauth/callback"),
        listener,
    )
    .await
    .expect("mock");
    const BOT: &str = "U-VerifyBot";
    mock.cloud()
        .add_account(CloudAccount::new(BOT, "VerifyBot", "pw"));
    let cfg = ResoniteBotConfig {
        username: "VerifyBot".into(),
        password: Secret::new("pw"),
        totp_secret: None,
        api_url: mock.api_url().parse().expect("url"),
    };
    let timings = BotTimings {
        ping_interval: Duration::from_millis(300),
        backoff: Backoff::new(Duration::from_millis(200), Duration::from_secs(2)),
        ..BotTimings::default()
    };
    let clock = Clock::system();
    // Two processes: each its own pool, lease keeper and bot account.
    let mut processes = Vec::new();
    for _ in 0..2 {
        let store = Store::connect(&db.url).await.expect("connect");
        let identity = install_identity(&store, clock.now())
            .await
            .expect("identity");
        let keeper = LeaseKeeper::start(store, clock.clone(), HUB_LEASE, new_holder_id(), FAST);
        let (bot, events) =
            BotAccount::start(&cfg, identity, timings.clone(), keeper.held()).expect("start");
        processes.push((keeper, bot, events));
    }
    let cloud = mock.cloud();
    within(Duration::from_secs(10), "one hub connection", || {
        cloud.hub_connections(BOT) == 1
    })
    .await;
    // Through several lease renewals, still one session and one connection.
    for _ in 0..10 {
        assert_eq!(cloud.hub_connections(BOT), 1);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(cloud.stats().logins.len(), 1);
    let holder = processes
        .iter()
        .position(|(keeper, _, _)| *keeper.held().borrow())
        .expect("a holder");
    assert!(*processes[holder].1.connected().borrow());

    // The holder dies: its lease is no longer renewed, its connection goes away.
    let (keeper, bot, _events) = processes.remove(holder);
    keeper.abandon().await;
    drop(bot);
    let logins_before = cloud.stats().logins.len();
    let took = within(
        FAST.ttl + FAST.renew_every + Duration::from_secs(5),
        "the other process connects",
        || *processes[0].1.connected().borrow(),
    )
    .await;
    assert_eq!(cloud.hub_connections(BOT), 1);
    let stats = cloud.stats();
    assert_eq!(stats.logins.len(), logins_before + 1);
    assert_eq!(
        stats.logins[0].uid, stats.logins[logins_before].uid,
        "both processes log in as the one install"
    );
    assert!(took < Duration::from_secs(30));
}
