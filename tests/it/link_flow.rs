//! The link flow end to end: what `/link` calls → consent on the mock Resonite → the
//! callback → a stored link → the `/link` reply edited on the fake Discord.

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::{MEMBER_A, MEMBER_B};

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
        .link_by_discord(MEMBER_A)
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
    assert_eq!(app.core.store.count_links().await.expect("count"), 1);
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
            .link_by_discord(MEMBER_B)
            .await
            .expect("read")
            .is_none()
    );
    let owner = app
        .core
        .store
        .link_by_resonite("U-PatronUser")
        .await
        .expect("read")
        .expect("kept");
    assert_eq!(owner.discord_user_id, MEMBER_A);
    assert!(original_content(&app, &token).contains("already linked to another Discord account"));
    let audit = app
        .core
        .store
        .audit_for_user(MEMBER_B)
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
        .link_by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(link.resonite_user_id, "U-LapsedUser");
    assert!(
        app.core
            .store
            .link_by_resonite("U-BasicUser")
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
            .link_by_discord(MEMBER_A)
            .await
            .expect("read")
            .is_none()
    );
    let actions: Vec<_> = app
        .core
        .store
        .audit_for_user(MEMBER_A)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, vec!["linked", "unlinked"]);
}
