//! Running it for real: start-up never gives up on a service that does not answer, a
//! killed process costs a member seconds, and every metric is there from the first scrape.

use std::time::{Duration, Instant};

use resonite_verify::demo::seed;
use resonite_verify::store::{ReconcileMark, Store};
use resonite_verify::telemetry;
use resonite_verify_fakes::discord::Route;
use resonite_verify_fakes::tcp_proxy::TcpProxy;
use resonite_verify_fakes::world::{BotAddress, role_calls};

use crate::support::child::BotProcess;
use crate::support::db::TestDb;
use crate::support::e2e::*;

/// Polls `condition` every 50 ms until it holds, at most `limit`.
async fn eventually(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if condition() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `/healthz` and `/readyz` of the bot, as statuses (0: no answer).
async fn health(t: &E2e) -> (u16, u16) {
    let status = |path: &'static str| async move {
        t.http
            .get(format!("{}{path}", t.bot_url))
            .send()
            .await
            .map_or(0, |r| r.status().as_u16())
    };
    (status("/healthz").await, status("/readyz").await)
}

#[tokio::test]
async fn a_discord_answering_500_at_start_is_waited_for_with_backoff_and_the_bot_then_connects() {
    let mut t = E2e::stopped_in(community(), TestDb::sqlite()).await;
    let outage = t.discord.server_error(Route::all(), 500, None);
    t.launch();

    // The bot asks for the gateway again and again, 1 s then 2 s apart, and meanwhile
    // says it is alive but not ready.
    let gateway_500s = |t: &E2e| -> Vec<Instant> {
        t.discord
            .requests()
            .into_iter()
            .filter(|r| r.path == "/api/v10/gateway" && r.status == Some(500))
            .map(|r| r.received_at)
            .collect()
    };
    assert!(
        eventually(Duration::from_secs(20), || gateway_500s(&t).len() >= 3).await,
        "the bot did not ask Discord three times: {:?}",
        gateway_500s(&t)
    );
    assert_eq!(
        health(&t).await,
        (200, 503),
        "/healthz, /readyz during the outage"
    );
    assert!(!t.bot_ended(), "the bot gave up on Discord");
    assert_eq!(
        t.discord.sessions(),
        0,
        "no gateway session without its URL"
    );
    let tries = gateway_500s(&t);
    let gaps: Vec<Duration> = tries.windows(2).map(|w| w[1] - w[0]).collect();
    assert!(
        gaps[0] >= Duration::from_millis(900) && gaps[1] >= Duration::from_millis(1900),
        "backoff 1 s, then 2 s: {gaps:?}"
    );

    t.discord.clear_fault(outage);
    t.wait_until_ready().await;
    let (_, url) = t.type_link(MEMBER).await;
    assert!(url.contains("state="), "a working /link button: {url}");
    t.assert_discord_requests_valid();
    t.finish().await;
}

#[tokio::test]
async fn a_database_not_answering_at_start_is_waited_for_and_the_bot_then_connects() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let server = db.postgres_addr().await.expect("the server's address");
    let proxy = TcpProxy::start(server).await.expect("the proxy starts");
    proxy.cut().await;
    let mut t = E2e::stopped_in(community(), db.through(proxy.addr())).await;
    t.launch();

    // Alive from the first moment; not ready while the database refuses connections,
    // for as long as it does (three seconds here: three tries).
    let mut seen = 0;
    let window = Instant::now() + Duration::from_secs(3);
    while Instant::now() < window {
        let (healthz, readyz) = health(&t).await;
        if healthz != 0 {
            assert_eq!((healthz, readyz), (200, 503), "while the database is away");
            seen += 1;
        }
        assert!(!t.bot_ended(), "the bot gave up on the database");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(seen > 10, "the bot answered /healthz only {seen} times");
    assert_eq!(t.discord.sessions(), 0, "no gateway before the database");

    proxy.restore().await.expect("the proxy forwards again");
    t.wait_until_ready().await;
    let (_, url) = t.type_link(MEMBER).await;
    assert!(url.contains("state="), "a working /link button: {url}");
    t.finish().await;
}

#[tokio::test]
async fn a_resonite_not_answering_at_start_keeps_nothing_from_starting() {
    let world = community()
        .rule(GUILD, LINKED, "linked", None)
        .linked(MEMBER, profile(7, false, 0, &[]))
        .token_key();
    let mut t = E2e::stopped_in(world, TestDb::sqlite()).await;
    t.resonite.shutdown();
    t.resonite.wait().await;
    t.launch();
    // The start-up sweep cannot reach Resonite: the bot connects anyway and applies what
    // the stored profile earns.
    t.wait_until_ready().await;
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED]).await;
    let (_, url) = t.type_link(OTHER).await;
    assert!(url.contains("state="), "a working /link button: {url}");
    assert!(!t.bot_ended());
    t.finish().await;
}

both_backends!(
    a_role_change_in_flight_when_the_bot_is_killed_arrives_from_the_next_process_within_45_s,
    killed_mid_change
);
async fn killed_mid_change(db: TestDb) {
    let world = community()
        .rule(GUILD, LINKED, "linked", None)
        .linked(MEMBER, profile(7, false, 0, &[]))
        .token_key()
        .bot_address(BotAddress::Port(0))
        .env("DATABASE_URL", db.url.clone())
        .build()
        .await
        .expect("the world starts");
    let config = seed::config(&world).expect("a valid configuration");
    seed::seed_database(&config, world.seeds(), chrono::Utc::now().timestamp())
        .await
        .expect("rules and links stored");
    // The member's link completed a moment ago: their role is to be applied.
    let store = Store::connect(&db.url).await.expect("the database");
    let now = chrono::Utc::now();
    store
        .queue()
        .mark(
            &[ReconcileMark {
                guild_id: GUILD,
                user_id: MEMBER,
                cause: "link".into(),
                actor_id: Some(MEMBER),
                reply_token: None,
                due_at_ms: now.timestamp_millis(),
            }],
            now.timestamp(),
        )
        .await
        .expect("marked");
    store.close().await;

    let put = format!("/guilds/{GUILD}/members/{MEMBER}/roles/{LINKED}");
    let hang = world.discord.hang(Route::new(&["PUT"], &put));
    let mut first = BotProcess::spawn(&world, &[]);
    let in_flight = world
        .discord
        .wait_for_request(
            |r| r.method == "PUT" && r.path.ends_with(&put),
            Duration::from_secs(30),
        )
        .await;
    assert!(in_flight.is_some(), "no PUT of the role:\n{}", first.log());
    first.kill9().await;
    world.discord.clear_fault(hang);
    let killed = Instant::now();

    let mut second = BotProcess::spawn(&world, &[]);
    let arrived = world
        .wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED], Duration::from_secs(45))
        .await;
    let waited = killed.elapsed();
    let log = second.log();
    second.kill9().await;
    assert!(
        arrived.is_ok(),
        "roles {arrived:?} {waited:?} after the kill:\n{log}"
    );
    // The killed process's PUT never took effect; the new one's did, once.
    let applied: Vec<_> = world
        .discord
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with(&put))
        .filter(|r| r.status.is_some_and(|s| s < 300))
        .collect();
    assert_eq!(applied.len(), 1, "{applied:?}");
    world.shutdown().await;
}

#[tokio::test]
async fn every_metric_is_exported_from_the_first_scrape_at_zero() {
    let db = TestDb::sqlite();
    let world = community()
        .bot_address(BotAddress::Port(0))
        .env("DATABASE_URL", db.url.clone())
        .build()
        .await
        .expect("the world starts");
    let metrics_addr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
        probe.local_addr().expect("its address").to_string()
    };
    let mut bot = BotProcess::spawn(&world, &[("METRICS_ADDR", &metrics_addr)]);
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    let url = format!("http://{metrics_addr}/metrics");
    bot.wait_for_status(&http, &url, 200).await;
    let text = http
        .get(&url)
        .send()
        .await
        .expect("scrape")
        .text()
        .await
        .expect("body");
    bot.kill9().await;

    let value = |series: String| -> Option<f64> {
        text.lines()
            .find(|l| l.starts_with(&series) && l[series.len()..].starts_with(' '))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
    };
    let mut expected: Vec<String> = vec![
        telemetry::LINKED_ACCOUNTS.into(),
        telemetry::RECONCILE_PENDING.into(),
        telemetry::RECONCILE_FAILED.into(),
        telemetry::RECONCILE_RETRIES.into(),
        telemetry::SWEEP_CHECKED.into(),
        format!("{}_count", telemetry::CALLBACK_DURATION),
        format!("{}_sum", telemetry::CALLBACK_DURATION),
    ];
    for outcome in telemetry::CALLBACK_OUTCOMES {
        expected.push(format!("{}{{outcome=\"{outcome}\"}}", telemetry::CALLBACKS));
    }
    for op in telemetry::ROLE_CHANGE_OPS {
        for result in telemetry::ROLE_CHANGE_RESULTS {
            expected.push(format!(
                "{}{{op=\"{op}\",result=\"{result}\"}}",
                telemetry::ROLE_CHANGES
            ));
        }
    }
    for service in telemetry::UPSTREAM_SERVICES {
        expected.push(format!(
            "{}{{service=\"{service}\",status=\"error\"}}",
            telemetry::UPSTREAM_REQUESTS
        ));
    }
    for series in expected {
        assert_eq!(value(series.clone()), Some(0.0), "{series}:\n{text}");
    }
    world.shutdown().await;
}

both_backends!(
    a_renewed_claim_is_never_taken_over_and_a_lapsed_one_is_without_its_holder_finishing_it,
    claims_renew_and_lapse
);
async fn claims_renew_and_lapse(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("the database");
    let mark = ReconcileMark {
        guild_id: GUILD,
        user_id: MEMBER,
        cause: "link".into(),
        actor_id: None,
        reply_token: None,
        due_at_ms: 1_000,
    };
    store.queue().mark(&[mark], 1).await.expect("marked");
    let claim = |holder: &'static str, now_ms: i64| {
        let store = store.clone();
        async move {
            store
                .queue()
                .claim(holder, now_ms, now_ms + 30_000, 10, None)
                .await
                .expect("claim")
        }
    };
    let first = claim("first", 2_000).await;
    assert_eq!(first.len(), 1);
    // Renewed at 20 s for 30 s more: at 40 s it is still the first holder's.
    assert_eq!(
        store
            .queue()
            .renew_claims("first", 50_000)
            .await
            .expect("renew"),
        1
    );
    assert!(claim("second", 40_000).await.is_empty());
    // Not renewed again: at 50 s the claim has lapsed and the second process takes over.
    let second = claim("second", 50_000).await;
    assert_eq!(second.len(), 1);
    // The first holder's renewal and finish change nothing any more.
    assert_eq!(
        store
            .queue()
            .renew_claims("first", 90_000)
            .await
            .expect("renew"),
        0
    );
    assert!(
        !store
            .queue()
            .finish(&first[0], "first")
            .await
            .expect("finish")
    );
    assert_eq!(store.queue().count_pending(None).await.expect("count"), 1);
    assert!(
        store
            .queue()
            .finish(&second[0], "second")
            .await
            .expect("finish")
    );
    assert_eq!(store.queue().count_pending(None).await.expect("count"), 0);
    store.close().await;
}

const UNVERIFIED: u64 = 810_000_000_000_000_107;
const NEWCOMER: u64 = 740_000_000_000_000_001;
const LATECOMER: u64 = 740_000_000_000_000_002;

/// Waits (bounded) until no reconcile of the main guild is pending.
async fn drained(t: &E2e) {
    let deadline = Instant::now() + WAIT;
    while t
        .store()
        .queue()
        .count_pending(Some(GUILD))
        .await
        .expect("count")
        > 0
    {
        assert!(Instant::now() < deadline, "reconciles still pending");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

both_backends!(
    what_changed_while_the_bot_was_stopped_is_found_at_start_with_exactly_the_needed_calls,
    changed_while_stopped
);
async fn changed_while_stopped(db: TestDb) {
    let world = community()
        .role(GUILD, UNVERIFIED, "Unverified", 6)
        .rule(GUILD, LINKED, "linked", None)
        .rule(GUILD, UNVERIFIED, "unlinked", None)
        .rule(GUILD, PATRON, "patreon", None)
        .rule(GUILD, MENTOR, "tag", Some("mentor"))
        .linked(MEMBER, profile(7, true, 600, &[]))
        .linked(LATECOMER, profile(8, false, 0, &[]))
        .token_key();
    let mut t = E2e::start_in(world, db).await;
    // Level-triggered from the first start: the member list is compared with the rules.
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED, PATRON])
        .await;
    for unlinked in [OWNER, ADMIN, OTHER] {
        let mut roles = t.discord.member_roles(GUILD, unlinked).unwrap_or_default();
        roles.retain(|r| *r != UNVERIFIED);
        roles.push(UNVERIFIED);
        t.wait_for_roles(GUILD, unlinked, &roles).await;
    }
    drained(&t).await;
    t.stop_bot().await;

    // While it is stopped: the unlinked rule's role taken away by hand, a tag role given
    // by hand to a member without the tag, and two members join (one of them linked).
    t.discord.add_member(GUILD, OTHER, OTHER_NAME, &[]);
    t.discord.add_member(
        GUILD,
        MEMBER,
        MEMBER_NAME,
        &[ARTIST, LINKED, PATRON, MENTOR],
    );
    t.discord.add_member(GUILD, NEWCOMER, "newcomer", &[]);
    t.discord.add_member(GUILD, LATECOMER, "latecomer", &[]);
    t.discord.clear_requests();

    t.start_bot().await;
    t.wait_for_roles(GUILD, OTHER, &[UNVERIFIED]).await;
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED, PATRON])
        .await;
    t.wait_for_roles(GUILD, NEWCOMER, &[UNVERIFIED]).await;
    t.wait_for_roles(GUILD, LATECOMER, &[LINKED]).await;
    drained(&t).await;
    let mut calls: Vec<(String, u64, u64)> = role_calls(&t.discord)
        .into_iter()
        .map(|c| (c.method, c.user_id, c.role_id))
        .collect();
    calls.sort();
    let mut expected = vec![
        ("DELETE".to_owned(), MEMBER, MENTOR),
        ("PUT".to_owned(), OTHER, UNVERIFIED),
        ("PUT".to_owned(), NEWCOMER, UNVERIFIED),
        ("PUT".to_owned(), LATECOMER, LINKED),
    ];
    expected.sort();
    assert_eq!(calls, expected, "exactly the changes");
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    a_sweep_finds_an_unlinked_members_role_taken_away_by_hand,
    sweep_finds_drift
);
async fn sweep_finds_drift(db: TestDb) {
    let world = community()
        .role(GUILD, UNVERIFIED, "Unverified", 6)
        .rule(GUILD, UNVERIFIED, "unlinked", None);
    let t = E2e::start_in(world, db).await;
    t.wait_for_roles(GUILD, OTHER, &[UNVERIFIED]).await;
    drained(&t).await;

    // Taken away by hand: Discord tells the bot, whose event handler acts only on the
    // bypass role or a rename…
    t.discord.add_member(GUILD, OTHER, OTHER_NAME, &[]);
    t.discord.member_updated(GUILD, OTHER);
    t.discord.clear_requests();
    // …but the next sweep (here the one /sync runs; events reach the bot in order) does.
    let (_, reply) = t
        .command(Some(GUILD), OWNER, "sync", serde_json::json!([]))
        .await;
    assert_eq!(reply["data"]["content"], "Syncing: starting…");
    t.wait_for_roles(GUILD, OTHER, &[UNVERIFIED]).await;
    drained(&t).await;
    let calls: Vec<(String, u64, u64)> = role_calls(&t.discord)
        .into_iter()
        .map(|c| (c.method, c.user_id, c.role_id))
        .collect();
    assert_eq!(calls, [("PUT".to_owned(), OTHER, UNVERIFIED)]);
    t.finish().await;
}
