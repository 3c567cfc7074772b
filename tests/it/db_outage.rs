//! PostgreSQL going away while the bot runs (a proxy between the bot and the shared server
//! is cut, the server itself keeps running): the bot keeps running, `/readyz` says 503,
//! callbacks answer "try again in a minute" without using up their state, commands
//! apologise, and roles and links resume by themselves once the database is back.
//! PostgreSQL only: skipped without `TEST_POSTGRES_URL`.

use std::time::{Duration, Instant};

use resonite_verify::roles::{Applied, SyncCause};
use resonite_verify_fakes::discord::Route;
use resonite_verify_fakes::resonite::Fault;
use resonite_verify_fakes::tcp_proxy::TcpProxy;
use serde_json::json;
use tokio::sync::broadcast;

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::e2e::E2e;
use crate::support::world::{self, GUILD, MEMBER, MEMBER_A, MEMBER_B, discord_id, profile};

const LINKED: u64 = 800_000_000_000_000_301;
const PATRON: u64 = 800_000_000_000_000_302;
const WAIT: Duration = Duration::from_secs(30);
/// The longest a page may take while the database is away.
const QUICK: Duration = Duration::from_secs(5);
const TRY_AGAIN: &str = "Please try again in a minute";

/// A fresh PostgreSQL database that the app reaches through a proxy the test can cut.
async fn proxied_db() -> Option<(TestDb, TcpProxy)> {
    let db = TestDb::postgres().await?;
    let server = db.postgres_addr().await.expect("the server's address");
    let proxy = TcpProxy::start(server).await.expect("the proxy starts");
    Some((db.through(proxy.addr()), proxy))
}

/// The test guild with a Linked and a Patron role and their rules; calls to Discord time
/// out after a second; refresh tokens are kept (linked members can be seeded).
async fn app(db: TestDb) -> TestApp {
    let world = world::guild()
        .role(GUILD, LINKED, "Linked", 2)
        .role(GUILD, PATRON, "Patron", 3)
        .rule(GUILD, LINKED, "linked", None)
        .rule(GUILD, PATRON, "patreon", None)
        .env("DISCORD_TIMEOUT", "1s");
    let options = Options {
        reverify: true,
        ..Options::default()
    };
    TestApp::start(world, db, options).await
}

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

async fn wait_for_retry(rx: &mut broadcast::Receiver<Applied>, user: u64) {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Ok(a)) if a.user_id == user && a.retrying.is_some() => return,
            Ok(_) => {}
            Err(_) => panic!("no failed reconcile reported for {user}"),
        }
    }
}

/// GETs `url` until it answers 200 (a state held by an interrupted callback is released
/// in the background once the database is back), against a deadline.
async fn get_until_linked(app: &TestApp, url: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let (status, page) = app.get(url).await;
        if status == 200 {
            return page;
        }
        assert!(
            Instant::now() < deadline,
            "the callback never completed after the outage: {status} {page}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_pauses_links_and_roles_and_both_resume_by_themselves() {
    let Some((db, proxy)) = proxied_db().await else {
        return;
    };
    let app = app(db).await;
    let mut applied = app.reconciler.subscribe();

    // Before the outage: two members wait in the reconciler (Discord refuses role changes
    // for now), one from a link, one from a mark.
    let fault = app.discord.server_error(Route::role_changes(), 503, None);
    let (status, page, _) = app.link_now(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    wait_for_retry(&mut applied, MEMBER_A).await;
    app.seed_link(1, profile(1, true, 600, &[]), &[]).await;
    app.reconciler
        .mark(
            GUILD,
            discord_id(1),
            SyncCause::Update {
                actor: discord_id(1),
            },
        )
        .await
        .expect("marked");
    wait_for_retry(&mut applied, discord_id(1)).await;
    // A third member is on Resonite's consent page when the database goes.
    let (started, _) = app.start_link(MEMBER_B).await;
    let callback = app.approve(&started, "U-BasicUser").await;

    app.discord.clear_fault(fault);
    proxy.cut().await;

    let (status, body) = app.get("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    let asked = Instant::now();
    let (status, page) = app.get(&callback).await;
    assert!(
        asked.elapsed() < QUICK,
        "the page took {:?}",
        asked.elapsed()
    );
    assert_eq!(status, 503, "{page}");
    assert!(page.contains(TRY_AGAIN), "{page}");
    assert!(page.contains("still works"), "{page}");

    proxy.restore().await.expect("the proxy is back");

    // No command: the pending members get their roles.
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
    wait_for_roles(&app, discord_id(1), &[LINKED, PATRON]).await;
    // The same /link button: approve again (a fresh code), same state; it links.
    let callback = app.approve(&started, "U-BasicUser").await;
    let (status, page) = app.get(&callback).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Accounts linked"), "{page}");
    app.settle().await;
    wait_for_roles(&app, MEMBER_B, &[LINKED]).await;
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_B)
        .await
        .expect("the database answers")
        .expect("the member is linked");
    assert_eq!(link.resonite_user_id, "U-BasicUser");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_callback_cut_off_half_way_writes_nothing_and_its_state_still_links() {
    let Some((db, proxy)) = proxied_db().await else {
        return;
    };
    let app = app(db).await;
    // The database goes while the callback waits for the profile (its state is held).
    app.resonite
        .set_fault(Fault::ProfileDelay(Duration::from_millis(1500)));
    let (started, _) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-PatronUser").await;
    let page = tokio::spawn({
        let http = app.http.clone();
        let url = callback.clone();
        async move {
            let response = http.get(url).send().await.expect("the app answers");
            let status = response.status().as_u16();
            (status, response.text().await.expect("a body"))
        }
    });
    let deadline = Instant::now() + WAIT;
    while app.resonite.stats().profile_requests == 0 {
        assert!(
            Instant::now() < deadline,
            "the callback never asked for the profile"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    proxy.cut().await;
    let cut_at = Instant::now();
    let (status, page) = page.await.expect("the request task");
    assert!(
        cut_at.elapsed() < QUICK,
        "the page took {:?} after the cut",
        cut_at.elapsed()
    );
    assert_eq!(status, 503, "{page}");
    assert!(page.contains(TRY_AGAIN), "{page}");

    proxy.restore().await.expect("the proxy is back");
    app.resonite.set_fault(Fault::None);
    // Nothing of the attempt was stored.
    assert!(
        app.core
            .store
            .links()
            .by_discord(MEMBER_A)
            .await
            .expect("the database answers again")
            .is_none(),
        "no link from the interrupted callback"
    );
    // Approve again on the same button (same state, fresh code): it links.
    let callback = app.approve(&started, "U-PatronUser").await;
    let page = get_until_linked(&app, &callback).await;
    assert!(page.contains("Accounts linked"), "{page}");
    app.settle().await;
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reconcile_cut_off_half_way_runs_again_soon_after_the_database_is_back() {
    let Some((db, proxy)) = proxied_db().await else {
        return;
    };
    let app = app(db).await;
    let mut applied = app.reconciler.subscribe();
    // The reconciler holds the member's row while Discord hangs (it gives up after 1 s)...
    let fault = app.discord.hang(Route::role_changes());
    let (status, page, _) = app.link_now(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    // The page waited out the first attempt; catch a later one while it hangs.
    app.discord.clear_requests();
    let deadline = Instant::now() + WAIT;
    while !app
        .discord
        .requests()
        .iter()
        .any(|r| r.method == "PUT" && r.path.contains("/roles/"))
    {
        assert!(Instant::now() < deadline, "no role change reached Discord");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // ...and the database goes before it can record the failure.
    proxy.cut().await;
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match tokio::time::timeout_at(deadline, applied.recv()).await {
            Ok(Ok(a)) if a.user_id == MEMBER_A => {
                let error = a.retrying.unwrap_or_default();
                if error.contains("could not record") {
                    break;
                }
            }
            Ok(_) => {}
            Err(_) => panic!("the reconcile never failed to record"),
        }
    }
    app.discord.clear_fault(fault);
    proxy.restore().await.expect("the proxy is back");
    // The row's claim (2 minutes) is given back: the roles arrive well before it expires.
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
    app.settle().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_bot_reports_not_ready_apologises_and_recovers() {
    let Some((db, proxy)) = proxied_db().await else {
        return;
    };
    let mut t = E2e::start(db).await;
    let (status, _) = t.get("/readyz").await;
    assert_eq!(status, 200);

    proxy.cut().await;
    let (status, body) = t.get("/healthz").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    let asked = Instant::now();
    let (status, body) = t.get("/readyz").await;
    assert!(
        asked.elapsed() < QUICK,
        "/readyz took {:?}",
        asked.elapsed()
    );
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("database: unavailable"), "{body}");
    assert!(body.contains("gateway: connected"), "{body}");
    let reply = t.say(GUILD, MEMBER, "whois", json!([])).await;
    assert_eq!(
        reply,
        "The bot's database is not answering right now; please try again in a minute."
    );

    proxy.restore().await.expect("the proxy is back");
    let deadline = Instant::now() + WAIT;
    loop {
        let (status, body) = t.get("/readyz").await;
        if status == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "/readyz stayed {status}: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let reply = t.say(GUILD, MEMBER, "whois", json!([])).await;
    assert!(reply.contains("not linked"), "{reply}");
    // The bot ran through it all: it stops cleanly, without a panic.
    t.stop_bot().await;
    t.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn link_pressed_while_the_database_is_away_links_once_it_is_back() {
    let Some((db, proxy)) = proxied_db().await else {
        return;
    };
    let app = app(db).await;
    let (started, _) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-PatronUser").await;
    let page = app.browser.open(&callback).await;
    let token = page.confirm_token().expect("the confirmation page");

    // The member presses Link while the database is away: a quick 503 that says so, and
    // the same confirmation still works.
    proxy.cut().await;
    let pressed = Instant::now();
    let answer = app.browser.press(&token, "link").await;
    assert!(
        pressed.elapsed() < QUICK,
        "the page took {:?}",
        pressed.elapsed()
    );
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert!(answer.body.contains(TRY_AGAIN), "{}", answer.body);
    assert!(answer.body.contains("press Link again"), "{}", answer.body);

    proxy.restore().await.expect("the proxy is back");
    let deadline = Instant::now() + WAIT;
    let done = loop {
        let answer = app.browser.press(&token, "link").await;
        if answer.status != 503 {
            break answer;
        }
        assert!(Instant::now() < deadline, "still 503: {}", answer.body);
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Accounts linked"), "{}", done.body);
    app.settle().await;
    wait_for_roles(&app, MEMBER_A, &[LINKED, PATRON]).await;
}
