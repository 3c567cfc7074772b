//! The link flow end to end: what `/link` calls → consent on the mock Resonite → the
//! callback → the confirmation page → Link → a stored link → the `/link` reply edited on
//! the fake Discord. And the account-linking CSRF it stops: a link approved in a browser
//! links nothing until that browser confirms it.

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::session::Session;
use crate::support::world::{GUILD, MEMBER_A, MEMBER_B};

fn original_content(app: &TestApp, token: &str) -> String {
    app.discord
        .original_message(token)
        .and_then(|m| m.get("content").and_then(|c| c.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

both_backends!(a_member_links_and_sees_both_accounts_named, full_flow);
async fn full_flow(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (started, token) = app.start_link(MEMBER_A).await;

    // The button's URL is a proper authorization-code request with PKCE S256.
    let url = &started.authorize_url;
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q.get("response_type").map(String::as_str), Some("code"));
    assert_eq!(
        q.get("client_id").map(String::as_str),
        Some(crate::support::world::CLIENT_ID)
    );
    assert_eq!(
        q.get("redirect_uri"),
        Some(&format!("{}/oauth/callback", app.base_url))
    );
    assert_eq!(q.get("scope").map(String::as_str), Some("profile patreon"));
    assert_eq!(
        q.get("code_challenge_method").map(String::as_str),
        Some("S256")
    );
    assert_eq!(
        q.get("state").map(String::len),
        Some(43),
        "32 random bytes, base64url"
    );

    let callback = app.approve(&started, "U-PatronUser").await;
    let (status, page) = app.get(&callback).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("PatronUser") && page.contains("U-PatronUser"),
        "{page}"
    );
    assert!(
        page.contains(&format!("member-{MEMBER_A}")),
        "names the Discord account: {page}"
    );

    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(link.resonite_user_id, "U-PatronUser");
    assert_eq!(link.resonite_username, "PatronUser");
    assert!(
        link.profile_json.contains("supporterMetadata"),
        "snapshot kept"
    );

    let reply = original_content(&app, &token);
    assert!(
        reply.contains("Linked to the Resonite account **PatronUser**"),
        "{reply}"
    );
    app.assert_discord_requests_valid();

    // The same callback again: the state was single use.
    let (again, page) = app.get(&callback).await;
    assert_eq!(again, 400);
    assert!(page.contains("expired or was already used"));
}

both_backends!(racing_callbacks_with_one_state_link_once, racing_callbacks);
async fn racing_callbacks(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (started, _) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-BasicUser").await;
    let (a, b) = tokio::join!(app.get(&callback), app.get(&callback));
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 400]);
    assert_eq!(app.core.store.links().count().await.expect("count"), 1);
}

both_backends!(
    a_second_discord_account_cannot_take_a_linked_resonite_account,
    account_taken
);
async fn account_taken(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (status, _, _) = app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);
    let (status, page, token) = app.link(MEMBER_B, "U-PatronUser").await;
    assert_eq!(status, 409, "{page}");
    assert!(
        page.contains("already linked to another Discord account"),
        "{page}"
    );
    assert!(
        app.core
            .store
            .links()
            .by_discord(MEMBER_B)
            .await
            .expect("read")
            .is_none()
    );
    let owner = app
        .core
        .store
        .links()
        .by_resonite("U-PatronUser")
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(owner.discord_user_id, MEMBER_A);
    assert!(original_content(&app, &token).contains("already linked to another Discord account"));
    let audit = app
        .core
        .store
        .audit()
        .for_user(MEMBER_B)
        .await
        .expect("audit");
    assert_eq!(
        audit.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["link_refused"]
    );
    app.assert_discord_requests_valid();
}

both_backends!(relinking_replaces_the_previous_account, relink);
async fn relink(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.link(MEMBER_A, "U-BasicUser").await;
    let (status, _, token) = app.link(MEMBER_A, "U-LapsedUser").await;
    assert_eq!(status, 200);
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(link.resonite_user_id, "U-LapsedUser");
    assert!(
        app.core
            .store
            .links()
            .by_resonite("U-BasicUser")
            .await
            .expect("read")
            .is_none(),
        "old account freed"
    );
    assert!(
        original_content(&app, &token).contains("replaces your previous link to **BasicUser**")
    );
}

#[tokio::test]
async fn http_basic_client_authentication_works_too() {
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        Options {
            token_auth: "basic",
            ..Options::default()
        },
    )
    .await;
    let (status, page, _) = app.link(MEMBER_A, "U-BasicUser").await;
    assert_eq!(status, 200, "{page}");
}

#[tokio::test]
async fn unlinking_deletes_the_link_and_records_it() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    app.link(MEMBER_A, "U-BasicUser").await;
    let removed = app
        .core
        .links
        .unlink(MEMBER_A, MEMBER_A, None)
        .await
        .expect("unlink");
    assert_eq!(
        removed.map(|l| l.link.resonite_user_id),
        Some("U-BasicUser".to_owned())
    );
    assert!(
        app.core
            .store
            .links()
            .by_discord(MEMBER_A)
            .await
            .expect("read")
            .is_none()
    );
    let actions: Vec<_> = app
        .core
        .store
        .audit()
        .for_user(MEMBER_A)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, vec!["linked", "unlinked"]);
}

// A link is confirmed by the browser that made it (DESIGN "Security rules"). The attack:
// someone runs /link on their own Discord account and gets a victim to open the button's
// URL and approve on Resonite; the victim's Resonite account (and its roles) would end up on
// the attacker's Discord account.

/// Nothing stored for `user`, and no role change sent for anyone.
async fn assert_nothing_linked(app: &TestApp, user: u64) {
    assert!(
        app.core
            .store
            .links()
            .by_discord(user)
            .await
            .expect("read")
            .is_none(),
        "no link for {user}"
    );
    assert_eq!(app.core.store.links().count().await.expect("count"), 0);
    assert!(app.role_calls().is_empty(), "{:?}", app.role_calls());
}

/// The attacker's `/link`, opened and approved in the victim's browser: its confirmation.
async fn victims_confirmation(app: &TestApp, victim: &Session) -> (String, String) {
    let (started, token) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-PatronUser").await;
    let page = victim.open(&callback).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let confirm = page.confirm_token().expect("a confirmation form");
    (confirm, token)
}

both_backends!(
    a_link_approved_in_another_browser_links_nothing_until_that_browser_confirms,
    confirmed_by_its_browser
);
async fn confirmed_by_its_browser(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.add_rule(GUILD, 810_000_000_000_000_999, "linked", "")
        .await;
    app.add_role(GUILD, 810_000_000_000_000_999, "Linked", 2);
    let (started, token) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-PatronUser").await;

    // Browser B brings the callback: it is asked who is linked to whom, and where.
    let b = app.new_browser();
    let page = b.open(&callback).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Link the Resonite account <strong>PatronUser</strong> (<code>U-PatronUser</code>) to the Discord account <strong>member-700000000000000010</strong> in the server <strong>Test guild</strong>?"),
        "{}",
        page.body
    );
    let cookie = b.cookie().expect("the page binds itself to browser B");
    assert!(cookie.starts_with("resonite-verify-link="), "{cookie}");
    let confirm = page.confirm_token().expect("a confirmation form");
    assert_nothing_linked(&app, MEMBER_A).await;
    assert!(
        !original_content(&app, &token).contains("Linked to the Resonite account"),
        "the /link reply does not say linked yet"
    );

    // Browser C posts B's token: without a cookie, then with a cookie of its own.
    let c = app.new_browser();
    let refused = c.press(&confirm, "link").await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains("Nothing was linked"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("Run /link in Discord again"),
        "{}",
        refused.body
    );
    c.set_cookie(Some(format!(
        "resonite-verify-link={}",
        resonite_verify::linking::random_token()
    )));
    assert_eq!(c.press(&confirm, "link").await.status, 403);
    // Cancel from C does not cancel B's confirmation either.
    assert_eq!(c.press(&confirm, "cancel").await.status, 200);
    assert_nothing_linked(&app, MEMBER_A).await;

    // B presses Link: now it links, and the roles follow.
    let done = b.press(&confirm, "link").await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Accounts linked"), "{}", done.body);
    assert!(
        done.body
            .contains(&format!(r#"href="https://discord.com/channels/{GUILD}""#)),
        "a button back to the server: {}",
        done.body
    );
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked once B confirmed");
    assert_eq!(link.resonite_user_id, "U-PatronUser");
    app.settle().await;
    assert!(
        original_content(&app, &token).contains("Linked to the Resonite account **PatronUser**")
    );

    // Single use: the same token again, from B, links nothing more.
    let again = b.press(&confirm, "link").await;
    assert_eq!(again.status, 400, "{}", again.body);
    assert!(
        again.body.contains("expired or was already used"),
        "{}",
        again.body
    );
    let audit = app
        .core
        .store
        .audit()
        .for_user(MEMBER_A)
        .await
        .expect("audit");
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action.as_str() == "linked")
            .count(),
        1
    );
}

both_backends!(cancel_on_the_confirmation_page_links_nothing, cancelled);
async fn cancelled(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let victim = app.new_browser();
    let (confirm, _) = victims_confirmation(&app, &victim).await;
    let page = victim.press(&confirm, "cancel").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Nothing was linked"), "{}", page.body);
    assert!(page.body.contains("You pressed Cancel"), "{}", page.body);
    // Link after Cancel: the confirmation is gone.
    let late = victim.press(&confirm, "link").await;
    assert_eq!(late.status, 400, "{}", late.body);
    assert_nothing_linked(&app, MEMBER_A).await;
}

both_backends!(a_stale_confirmation_links_nothing, stale);
async fn stale(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let victim = app.new_browser();
    let (confirm, _) = victims_confirmation(&app, &victim).await;
    // LINK_TTL_SECS (600 s by default) passes on the confirmation page.
    app.clock.advance(601);
    let page = victim.press(&confirm, "link").await;
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(
        page.body.contains("expired or was already used"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Run /link in Discord again"),
        "{}",
        page.body
    );
    // A made-up token is no better.
    let forged = victim
        .press(&resonite_verify::linking::random_token(), "link")
        .await;
    assert_eq!(forged.status, 400, "{}", forged.body);
    assert_nothing_linked(&app, MEMBER_A).await;
}

both_backends!(
    a_confirmation_posted_to_another_process_on_the_same_database_links,
    another_process
);
async fn another_process(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let victim = app.new_browser();
    let (confirm, _) = victims_confirmation(&app, &victim).await;
    // A second process on the same database (as behind a load balancer) takes the POST.
    let other = resonite_verify::app::Core::build(app.core.config.clone(), app.clock.clone())
        .await
        .expect("a second core on the same database");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a port");
    let other_url = format!("http://{}", listener.local_addr().expect("addr"));
    let router = resonite_verify::web::router(other.web_state());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    let there = Session::new(&other_url);
    there.set_cookie(victim.cookie());
    let page = there.press(&confirm, "link").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Accounts linked"), "{}", page.body);
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked by the other process");
    assert_eq!(link.resonite_user_id, "U-PatronUser");
    // Back on the first process, the token is used.
    assert_eq!(victim.press(&confirm, "link").await.status, 400);
    server.abort();
    other.store.close().await;
}

both_backends!(
    consumed_states_and_confirmations_keep_no_verifier_or_interaction_token,
    secrets_cleared
);
async fn secrets_cleared(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let (status, page, _) = app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    // A second /link, declined on Resonite: its state is burnt too.
    let (started, _) = app.start_link(MEMBER_B).await;
    let denied = app
        .resonite
        .deny(started.authorize_url.as_str())
        .await
        .expect("deny");
    assert_eq!(app.get(&denied).await.0, 403);
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(app.core.config.database_url.expose())
        .await
        .expect("raw connect");
    let states: Vec<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT pkce_verifier, interaction_token FROM link_states WHERE consumed_at IS NOT NULL",
    )
    .fetch_all(&pool)
    .await
    .expect("states");
    assert_eq!(states.len(), 2, "both states consumed");
    assert!(
        states.iter().all(|(v, t)| v.is_none() && t.is_none()),
        "{states:?}"
    );
    let confirmations: Vec<(Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT interaction_token, token_ciphertext, token_hash FROM link_confirmations",
    )
    .fetch_all(&pool)
    .await
    .expect("confirmations");
    assert_eq!(confirmations.len(), 1);
    assert!(confirmations[0].0.is_none() && confirmations[0].1.is_none());
    // Only the token's hash: 64 hex digits.
    assert_eq!(confirmations[0].2.len(), 64);
    pool.close().await;
}
