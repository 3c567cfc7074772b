//! Re-verification: roles follow the Resonite profile over time, with no command typed.

use std::time::Duration;

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::{self, GUILD, MEMBER_A, discord_id, profile};
use resonite_verify::reverify::{Progress, ReverifyError};
use resonite_verify_fakes::resonite::Fault;
use tokio::sync::watch;

const LINKED: u64 = 800_000_000_000_000_301;
const PATRON: u64 = 800_000_000_000_000_302;
const TIER10: u64 = 800_000_000_000_000_303;
const MENTOR: u64 = 800_000_000_000_000_304;

/// The guild with four rules; the bot keeps refresh tokens and re-verifies.
async fn app(db: TestDb, options: Options) -> TestApp {
    let world = world::guild()
        .role(GUILD, LINKED, "Linked", 1)
        .role(GUILD, PATRON, "Patron", 2)
        .role(GUILD, TIER10, "Tier 10", 3)
        .role(GUILD, MENTOR, "Mentor", 4)
        .rule(GUILD, LINKED, "linked", None)
        .rule(GUILD, PATRON, "patreon", None)
        .rule(GUILD, TIER10, "tier-at-least", Some("1000"))
        .rule(GUILD, MENTOR, "tag", Some("mentor"));
    let options = Options {
        reverify: true,
        ..options
    };
    TestApp::start(world, db, options).await
}

/// Runs the periodic sweep once, as the scheduler would.
async fn sweep(app: &TestApp) {
    let (_keep, stop) = watch::channel(false);
    app.reverifier
        .sweep_if_due(&stop, &|_| {})
        .await
        .expect("sweep");
    // A sweep marks; the reconciler applies.
    app.settle().await;
}

fn sorted(mut calls: Vec<(String, u64, u64, u64)>) -> Vec<(String, u64, u64, u64)> {
    calls.sort();
    calls
}

both_backends!(
    a_sweep_over_thousands_of_links_sends_only_the_calls_for_what_changed,
    thousands
);
async fn thousands(db: TestDb) {
    let app = app(db, Options::default()).await;
    let total = 2000;
    for n in 0..total {
        app.seed_link(n, profile(n, true, 600, &[]), &[LINKED, PATRON])
            .await;
    }
    // 1% changes on Resonite: 10 lapse, 5 move to a $12 tier, 5 become mentors.
    let mut expected = Vec::new();
    for n in 0..10 {
        app.resonite.set_profile(profile(n * 100, false, 600, &[]));
        expected.push(("DELETE".to_owned(), GUILD, discord_id(n * 100), PATRON));
    }
    for n in 0..5 {
        app.resonite
            .set_profile(profile(n * 100 + 7, true, 1200, &[]));
        expected.push(("PUT".to_owned(), GUILD, discord_id(n * 100 + 7), TIER10));
    }
    for n in 0..5 {
        app.resonite
            .set_profile(profile(n * 100 + 9, true, 600, &["mentor"]));
        expected.push(("PUT".to_owned(), GUILD, discord_id(n * 100 + 9), MENTOR));
    }
    app.discord.clear_requests();
    sweep(&app).await;

    assert_eq!(sorted(app.role_calls()), sorted(expected));
    let stats = app.resonite.stats();
    assert_eq!(
        (stats.refresh_requests, stats.profile_requests),
        (total, total)
    );
    let state = app
        .core
        .store
        .sweeps()
        .state("all")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(
        (state.checked, state.changed, state.failed),
        (total as i64, 20, 0)
    );
    assert!(state.finished_at.is_some());
    let lapsed = app
        .core
        .store
        .links()
        .by_discord(discord_id(0))
        .await
        .expect("read")
        .expect("kept");
    assert!(
        lapsed.profile_json.contains("\"isActiveSupporter\":false"),
        "new snapshot stored"
    );
    assert!(
        app.core
            .store
            .settings()
            .get(GUILD)
            .await
            .expect("settings")
            .last_swept_at
            .is_some()
    );
    app.assert_discord_requests_valid();

    // Not due again for RESYNC_INTERVAL: nothing more is asked of Resonite.
    sweep(&app).await;
    assert_eq!(app.resonite.stats().refresh_requests, total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_mid_sweep_resumes_where_it_stopped() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    for n in 0..600 {
        app.seed_link(n, profile(n, true, 600, &[]), &[LINKED, PATRON])
            .await;
    }
    // The first process stops after one page (as a shutdown would).
    let (stop_tx, stop) = watch::channel(false);
    let stop_after_first_page = move |_: Progress| {
        let _ = stop_tx.send(true);
    };
    app.reverifier
        .sweep_if_due(&stop, &stop_after_first_page)
        .await
        .expect("partial sweep");
    let partial = app
        .core
        .store
        .sweeps()
        .state("all")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(partial.checked, 256);
    assert!(partial.finished_at.is_none());

    // A new process (a fresh Reverifier on the same database) finishes the same sweep.
    let again = app
        .core
        .attach_discord(std::sync::Arc::new(app.core.discord_http()), None, None);
    let (_keep, stop) = watch::channel(false);
    again
        .reverifier
        .sweep_if_due(&stop, &|_| {})
        .await
        .expect("resumed sweep");
    let done = app
        .core
        .store
        .sweeps()
        .state("all")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(done.checked, 600);
    assert_eq!(
        done.started_at, partial.started_at,
        "the same sweep, resumed"
    );
    assert!(done.finished_at.is_some());
    assert_eq!(
        app.resonite.stats().refresh_requests,
        600,
        "no link verified twice"
    );
}

both_backends!(
    a_refused_refresh_token_marks_the_link_stale_and_roles_go_after_the_grace,
    refused_token
);
async fn refused_token(db: TestDb) {
    let app = app(db, Options::default()).await;
    for n in 0..3 {
        app.seed_link(
            n,
            profile(n, true, 600, &["mentor"]),
            &[LINKED, PATRON, MENTOR],
        )
        .await;
    }
    app.resonite.revoke_refresh_tokens("U-Gen1");
    app.discord.clear_requests();
    sweep(&app).await;
    assert_eq!(
        app.role_calls(),
        vec![],
        "within STALE_GRACE_DAYS nothing changes"
    );
    let health = app
        .core
        .store
        .links()
        .health(discord_id(1))
        .await
        .expect("read")
        .expect("linked");
    assert!(health.stale_since.is_some() && health.stale_notified_at.is_some());
    let dms = app.discord.dm_messages(discord_id(1));
    assert_eq!(dms.len(), 1, "{dms:?}");
    assert!(
        dms[0]["content"]
            .as_str()
            .unwrap_or_default()
            .contains("/link")
    );

    app.clock.advance(8 * 86_400);
    sweep(&app).await;
    assert_eq!(
        sorted(app.role_calls()),
        sorted(vec![
            ("DELETE".into(), GUILD, discord_id(1), PATRON),
            ("DELETE".into(), GUILD, discord_id(1), MENTOR)
        ]),
        "supporter roles go, the linked role stays"
    );
    assert!(
        app.core
            .store
            .links()
            .by_discord(discord_id(1))
            .await
            .expect("read")
            .is_some(),
        "the link is kept"
    );
    assert_eq!(app.discord.dm_messages(discord_id(1)).len(), 1, "told once");
    app.assert_discord_requests_valid();
}

#[tokio::test]
async fn a_resonite_outage_changes_nothing_and_is_retried_next_sweep() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    for n in 0..5 {
        app.seed_link(n, profile(n, true, 600, &[]), &[LINKED, PATRON])
            .await;
    }
    app.resonite.set_profile(profile(0, false, 600, &[]));
    app.resonite.set_fault(Fault::TokenStatus(503));
    app.discord.clear_requests();
    sweep(&app).await;
    assert_eq!(app.role_calls(), vec![]);
    let state = app
        .core
        .store
        .sweeps()
        .state("all")
        .await
        .expect("read")
        .expect("stored");
    assert_eq!((state.checked, state.failed), (5, 5));
    let before = app
        .core
        .store
        .links()
        .by_discord(discord_id(0))
        .await
        .expect("read")
        .expect("kept");
    assert!(
        before.profile_json.contains("\"isActiveSupporter\":true"),
        "snapshot untouched"
    );
    assert!(
        app.core
            .store
            .links()
            .health(discord_id(0))
            .await
            .expect("read")
            .expect("kept")
            .stale_since
            .is_none(),
        "an outage is not a refusal"
    );

    app.resonite.set_fault(Fault::None);
    app.clock.advance(13 * 3600);
    sweep(&app).await;
    assert_eq!(
        app.role_calls(),
        vec![("DELETE".into(), GUILD, discord_id(0), PATRON)]
    );
}

#[tokio::test]
async fn a_lapse_waits_out_lapse_grace_hours() {
    let app = app(
        TestDb::sqlite(),
        Options {
            lapse_grace_hours: "24",
            ..Options::default()
        },
    )
    .await;
    app.seed_link(0, profile(0, true, 600, &[]), &[LINKED, PATRON])
        .await;
    app.resonite.set_profile(profile(0, false, 600, &[]));
    app.discord.clear_requests();
    sweep(&app).await;
    assert_eq!(app.role_calls(), vec![], "still within the grace period");
    let health = app
        .core
        .store
        .links()
        .health(discord_id(0))
        .await
        .expect("read")
        .expect("kept");
    assert!(health.pending_since.is_some());

    app.clock.advance(25 * 3600);
    sweep(&app).await;
    assert_eq!(
        app.role_calls(),
        vec![("DELETE".into(), GUILD, discord_id(0), PATRON)]
    );
    assert!(
        app.core
            .store
            .links()
            .health(discord_id(0))
            .await
            .expect("read")
            .expect("kept")
            .pending_since
            .is_none()
    );
}

#[tokio::test]
async fn calls_to_resonite_are_paced_to_resonite_max_rps() {
    let app = app(
        TestDb::sqlite(),
        Options {
            max_rps: "20",
            ..Options::default()
        },
    )
    .await;
    for n in 0..15 {
        app.seed_link(n, profile(n, true, 600, &[]), &[LINKED, PATRON])
            .await;
    }
    sweep(&app).await;
    let stats = app.resonite.stats();
    let mut times = stats.profile_request_times.clone();
    times.extend(stats.token_request_times.iter().copied());
    times.sort();
    assert_eq!(times.len(), 30, "a refresh and a profile per link");
    // 30 calls at 20/s are spread over at least 29/20 s, and no one-second window holds
    // more than 20 of them (plus one at the edge).
    let span = times[29].duration_since(times[0]);
    assert!(span >= Duration::from_millis(1400), "span {span:?}");
    for (i, t) in times.iter().enumerate() {
        let in_window = times[i..]
            .iter()
            .take_while(|u| u.duration_since(*t) < Duration::from_secs(1))
            .count();
        assert!(in_window <= 21, "{in_window} calls within one second");
    }
}

#[tokio::test]
async fn sync_runs_for_one_guild_reports_progress_and_refuses_a_second_run() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    for n in 0..300 {
        app.seed_link(n, profile(n, true, 600, &[]), &[LINKED])
            .await;
    }
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |p: Progress| seen.lock().expect("lock").push(p);
    let (first, second) = tokio::join!(
        app.reverifier.sync_guild(GUILD, &progress),
        app.reverifier.sync_guild(GUILD, &|_| {})
    );
    let done = first.expect("first sync");
    assert!(matches!(second, Err(ReverifyError::AlreadyRunning)));
    assert_eq!((done.done, done.changed, done.errors), (300, 300, 0));
    let seen = seen.into_inner().expect("lock");
    assert_eq!(
        seen.iter().map(|p| p.done).collect::<Vec<_>>(),
        vec![256, 300]
    );
    assert!(seen.iter().all(|p| p.total == 300));
    assert_eq!(
        app.discord.member_roles(GUILD, discord_id(5)),
        Some(vec![LINKED, PATRON])
    );
    // And a later run is allowed again.
    assert!(app.reverifier.sync_guild(GUILD, &|_| {}).await.is_ok());
}

#[tokio::test]
async fn linking_keeps_the_refresh_token_sealed_and_unlinking_deletes_it() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    let (started, _) = app.start_link(MEMBER_A).await;
    let scope = started
        .authorize_url
        .query_pairs()
        .find(|(k, _)| k == "scope")
        .map(|(_, v)| v.into_owned());
    assert_eq!(scope.as_deref(), Some("profile patreon offline_access"));
    let callback = app.approve(&started, "U-PatronUser").await;
    assert_eq!(app.get(&callback).await.0, 200);
    let sealed = app
        .core
        .store
        .refresh_tokens()
        .get(MEMBER_A)
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(
        sealed.key_id,
        app.core.cipher.as_ref().expect("cipher").current_key_id()
    );
    app.core
        .links
        .unlink(MEMBER_A, MEMBER_A, None)
        .await
        .expect("unlink");
    assert!(
        app.core
            .store
            .refresh_tokens()
            .get(MEMBER_A)
            .await
            .expect("read")
            .is_none()
    );
}

#[tokio::test]
async fn a_process_without_the_lease_does_not_sweep() {
    let app = app(TestDb::sqlite(), Options::default()).await;
    app.seed_link(0, profile(0, true, 600, &[]), &[LINKED, PATRON])
        .await;
    // Another process holds the sweep lease.
    let now = app.clock.now();
    assert!(
        app.core
            .store
            .leases()
            .take("all", "other-process", now, now + 300)
            .await
            .expect("lease")
    );
    sweep(&app).await;
    assert_eq!(app.resonite.stats().refresh_requests, 0);
    assert_eq!(
        app.core.store.sweeps().state("all").await.expect("read"),
        None,
        "the row is the holder's to touch"
    );
    // Once its lease expires, this process takes over.
    app.clock.advance(301);
    sweep(&app).await;
    assert_eq!(app.resonite.stats().refresh_requests, 1);
}
