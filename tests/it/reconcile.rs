//! The reconciler: roles reach members after Discord misbehaves, after a restart, once per
//! member across processes, and to every member when a rule is added; the result page does
//! not wait on a hanging Discord; a 10 s `RESYNC_INTERVAL` sweeps every 10 s.

use std::time::{Duration, Instant};

use resonite_verify::app::Core;
use resonite_verify::clock::Clock;
use resonite_verify::roles::{Applied, SyncCause};
use resonite_verify_fakes::discord::{GatewayWhileDown, RecordedRequest, Route};
use tokio::sync::{broadcast, watch};

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::{self, GUILD, MEMBER_A, discord_id, profile};

const PATRON: u64 = 800_000_000_000_000_302;
const LINKED: u64 = 800_000_000_000_000_301;
const WAIT: Duration = Duration::from_secs(30);

/// The test guild with a Linked and a Patron role and their rules; calls to Discord time out
/// after a second so that a hang is a failure the test can wait out.
async fn app(db: TestDb, options: Options) -> TestApp {
    let world = world::guild()
        .role(GUILD, LINKED, "Linked", 2)
        .role(GUILD, PATRON, "Patron", 3)
        .rule(GUILD, LINKED, "linked", None)
        .rule(GUILD, PATRON, "patreon", None)
        .env("DISCORD_TIMEOUT", "1s");
    TestApp::start(world, db, options).await
}

/// Waits until `user` holds exactly `roles` on the fake Discord.
async fn wait_for_roles(app: &TestApp, user: u64, roles: &[u64]) {
    let deadline = Instant::now() + WAIT;
    loop {
        let held = app.discord.member_roles(GUILD, user).unwrap_or_default();
        if held == roles {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "member {user} holds {held:?}, expected {roles:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits for the reconciler to report a failed attempt for `user`.
async fn wait_for_retry(rx: &mut broadcast::Receiver<Applied>, user: u64) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(a)) if a.user_id == user && a.retrying.is_some() => {
                return a.retrying.unwrap_or_default();
            }
            Ok(_) => {}
            Err(_) => panic!("no failed reconcile reported for {user}"),
        }
    }
}

fn role_changes(app: &TestApp) -> Vec<RecordedRequest> {
    app.discord
        .requests()
        .into_iter()
        .filter(|r| Route::role_changes().matches(&r.method, &r.path))
        .collect()
}

both_backends!(
    a_429_on_a_role_change_is_retried_no_sooner_than_its_retry_after,
    rate_limited
);
async fn rate_limited(db: TestDb) {
    let app = app(db, Options::default()).await;
    app.discord.rate_limit(Route::role_changes(), 1, 1.5);
    let (status, _, _) = app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;

    let calls = role_changes(&app);
    let limited = calls
        .iter()
        .position(|r| r.status == Some(429))
        .expect("the first role change was answered 429");
    let answered = calls[limited].answered_at.expect("answered");
    let retry = calls[limited + 1..]
        .iter()
        .find(|r| r.path == calls[limited].path)
        .expect("the same role change again");
    let waited = retry.received_at.duration_since(answered);
    assert!(
        waited >= Duration::from_millis(1500),
        "retried after {waited:?}, Discord asked for 1.5 s"
    );
    assert_eq!(
        calls.iter().filter(|r| r.status == Some(204)).count(),
        2,
        "each role applied once: {calls:#?}"
    );
    app.assert_discord_requests_valid();
}

both_backends!(roles_arrive_once_discord_stops_answering_5xx, server_errors);
async fn server_errors(db: TestDb) {
    let app = app(db, Options::default()).await;
    let mut applied = app.reconciler.subscribe();
    let fault = app.discord.server_error(Route::role_changes(), 503, None);
    let (status, page, _) = app.link_now(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);
    assert!(page.contains("on their way"), "{page}");
    let error = wait_for_retry(&mut applied, MEMBER_A).await;
    assert!(error.contains("unavailable"), "{error}");
    assert_eq!(app.discord.member_roles(GUILD, MEMBER_A), Some(vec![]));

    app.discord.clear_fault(fault);
    // No command: the back-off runs out and the roles arrive.
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
    app.settle().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_arrive_once_a_hanging_discord_answers_again() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    let mut applied = app.reconciler.subscribe();
    let fault = app.discord.hang(Route::role_changes());
    let started = Instant::now();
    let (status, _, _) = app.link_now(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);
    assert!(started.elapsed() < Duration::from_secs(4));
    let error = wait_for_retry(&mut applied, MEMBER_A).await;
    assert!(error.contains("timed out"), "{error}");

    app.discord.clear_fault(fault);
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_arrive_once_discord_accepts_connections_again() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    let mut applied = app.reconciler.subscribe();
    app.discord.go_down(GatewayWhileDown::KeepSessions).await;
    let (status, _, _) = app.link_now(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);
    let error = wait_for_retry(&mut applied, MEMBER_A).await;
    assert!(error.contains("connection refused"), "{error}");

    app.discord
        .come_back_up()
        .await
        .expect("the fake listens again");
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
}

both_backends!(
    the_result_page_answers_within_4_s_while_discord_hangs,
    page_while_hanging
);
async fn page_while_hanging(db: TestDb) {
    let app = app(db, Options::default()).await;
    app.discord.hang(Route::all());
    let started = Instant::now();
    let (status, page, _) = app.link_now(MEMBER_A, "U-PatronUser").await;
    let took = started.elapsed();
    assert_eq!(status, 200, "{page}");
    assert!(took < Duration::from_secs(4), "the page took {took:?}");
    assert!(page.contains("PatronUser"), "{page}");
    assert!(page.contains("on their way"), "{page}");
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("the link is committed");
    assert_eq!(link.resonite_user_id, "U-PatronUser");
    assert_eq!(
        app.core
            .store
            .queue()
            .count_pending(Some(GUILD))
            .await
            .expect("count"),
        1,
        "the member waits for the roles"
    );
    app.discord.clear_faults();
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
}

both_backends!(
    a_member_pending_when_the_app_stops_gets_the_roles_from_the_next_app,
    restart
);
async fn restart(db: TestDb) {
    let app = app(db, Options::default()).await;
    let mut applied = app.reconciler.subscribe();
    app.discord.go_down(GatewayWhileDown::KeepSessions).await;
    let (status, _, _) = app.link_now(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);
    wait_for_retry(&mut applied, MEMBER_A).await;

    let app = app.restart().await;
    app.discord
        .come_back_up()
        .await
        .expect("the fake listens again");
    // Nobody types anything: the new app's workers find the row.
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
    app.settle().await;
}

both_backends!(
    a_rule_added_in_a_guild_of_500_linked_members_makes_exactly_the_expected_calls,
    rule_for_500
);
async fn rule_for_500(db: TestDb) {
    let app = TestApp::start(
        world::guild().role(GUILD, PATRON, "Patron", 3),
        db,
        Options {
            reverify: true,
            ..Options::default()
        },
    )
    .await;
    for n in 0..500 {
        app.seed_link(n, profile(n, n % 2 == 0, 600, &[]), &[])
            .await;
    }
    app.add_rule(GUILD, PATRON, "patreon", "").await;
    app.discord.clear_requests();
    // What `/roles add` does after storing the rule.
    let marked = app
        .reconciler
        .mark_guild(GUILD, SyncCause::RulesChanged { actor: 1 })
        .await
        .expect("marked");
    assert_eq!((marked.marked, marked.linked), (500, 500));
    app.settle().await;

    let calls = app.role_calls();
    let mut expected: Vec<(String, u64, u64, u64)> = (0..500)
        .filter(|n| n % 2 == 0)
        .map(|n| ("PUT".to_owned(), GUILD, discord_id(n), PATRON))
        .collect();
    let mut calls_sorted = calls.clone();
    calls_sorted.sort();
    expected.sort();
    assert_eq!(calls_sorted, expected, "one PUT per patron, nothing else");
    app.assert_discord_requests_valid();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_apps_on_one_postgres_apply_each_of_1000_roles_exactly_once() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let app = TestApp::start(
        world::guild().role(GUILD, PATRON, "Patron", 3),
        db,
        Options {
            reverify: true,
            ..Options::default()
        },
    )
    .await;
    for n in 0..1000 {
        app.seed_link(n, profile(n, true, 600, &[]), &[]).await;
    }
    app.add_rule(GUILD, PATRON, "patreon", "").await;
    app.discord.clear_requests();

    // A second process: its own pool on the same database, its own workers.
    let second = Core::build(app.core.config.clone(), Clock::system())
        .await
        .expect("second core");
    let http = std::sync::Arc::new(second.discord_http());
    let attached = second.attach_discord(http, None, None);
    let (_stop, stop_rx) = watch::channel(false);
    tokio::spawn(std::sync::Arc::clone(&attached.reconciler).run(stop_rx));
    let mut first_applied = app.reconciler.subscribe();
    let mut second_applied = attached.reconciler.subscribe();

    app.reconciler
        .mark_guild(GUILD, SyncCause::RulesChanged { actor: 1 })
        .await
        .expect("marked");
    attached.reconciler.wake();
    app.settle().await;

    let calls = app.role_calls();
    assert_eq!(calls.len(), 1000, "one call per member");
    let mut users: Vec<u64> = calls.iter().map(|c| c.2).collect();
    users.sort_unstable();
    users.dedup();
    assert_eq!(users.len(), 1000, "no member changed twice");
    // Both processes took part.
    let count = |rx: &mut broadcast::Receiver<Applied>| {
        let mut n = 0;
        while let Ok(a) = rx.try_recv() {
            if a.report.changed() {
                n += 1;
            }
        }
        n
    };
    let (a, b) = (count(&mut first_applied), count(&mut second_applied));
    assert_eq!(a + b, 1000, "applied {a} + {b}");
    assert!(a > 0 && b > 0, "both processes drained: {a} and {b}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweep_with_resync_interval_10s_runs_every_10_s() {
    let app = TestApp::start(
        world::guild().env("RESYNC_INTERVAL", "10s"),
        TestDb::sqlite(),
        Options {
            reverify: true,
            ..Options::default()
        },
    )
    .await;
    app.seed_link(0, profile(0, true, 600, &[]), &[]).await;
    let (_stop, stop_rx) = watch::channel(false);
    tokio::spawn(std::sync::Arc::clone(&app.reverifier).run_periodically(stop_rx));

    let store = &app.core.store;
    let deadline = Instant::now() + Duration::from_secs(40);
    let mut finished = Vec::new();
    while finished.len() < 3 {
        assert!(Instant::now() < deadline, "sweeps finished at {finished:?}");
        if let Some(state) = store.sweeps().state("all").await.expect("read")
            && let Some(at) = state.finished_at
            && finished.last() != Some(&at)
        {
            finished.push(at);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for pair in finished.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(
            (9..=12).contains(&gap),
            "sweeps {gap} s apart, every 10 s expected: {finished:?}"
        );
    }
}

#[tokio::test]
async fn marking_a_pending_member_again_coalesces_into_one_row() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    app.discord.go_down(GatewayWhileDown::KeepSessions).await;
    for _ in 0..5 {
        app.reconciler
            .mark(GUILD, MEMBER_A, SyncCause::Joined)
            .await
            .expect("mark");
    }
    assert_eq!(
        app.core
            .store
            .queue()
            .count_pending(None)
            .await
            .expect("count"),
        1
    );
    app.discord.come_back_up().await.expect("up");
    app.settle().await;
}
