//! Discord's Linked Roles: `/linked-role` → Discord → `/discord/callback` (→ Resonite), the
//! role connection pushed, kept up to date by sweeps, cleared on unlink; and every fault.

use resonite_verify::linked_roles::ConnectionStatus;
use resonite_verify_fakes::discord::{DEFAULT_CLIENT_SECRET, Route};
use serde_json::{Value, json};
use tokio::sync::watch;

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::{self, GUILD, MEMBER_A, profile};

const RESONITE_USER: &str = "U-Gen7";

/// The guild, account `U-Gen7` ($15 Patreon supporter) on Resonite, member A able to sign
/// in on Discord's consent page; `keep_tokens` sets `TOKEN_ENCRYPTION_KEY`.
async fn app(db: TestDb, keep_tokens: bool) -> TestApp {
    let world = world::guild().account(profile(7, true, 1500, &[]));
    let options = Options {
        linked_roles: true,
        reverify: keep_tokens,
        ..Options::default()
    };
    let app = TestApp::start(world, db, options).await;
    app.discord.add_oauth_user(MEMBER_A, "member-a");
    app
}

/// GET without following redirects, in the member's browser (it keeps the cookie
/// `/linked-role` sets): status, `Location`, body.
async fn fetch(app: &TestApp, url: &str) -> (u16, Option<String>, String) {
    let page = app.browser.open(url).await;
    (page.status, page.location, page.body)
}

/// `/linked-role` → Discord's authorize URL, checked.
async fn authorize_url(app: &TestApp) -> String {
    let (status, location, _) = fetch(app, "/linked-role").await;
    assert_eq!(status, 303);
    let location = location.expect("a redirect to Discord");
    let url = url::Url::parse(&location).expect("a URL");
    assert!(location.starts_with(&format!("{}/oauth2/authorize?", app.world.discord_url)));
    let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query["scope"], "identify role_connections.write");
    assert_eq!(
        query["redirect_uri"],
        format!("{}/discord/callback", app.base_url)
    );
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["code_challenge_method"], "S256");
    assert!(query["state"].len() >= 43, "32 random bytes");
    location
}

/// Member A approves on Discord; returns the `/discord/callback?code&state` URL.
async fn approved_callback(app: &TestApp) -> String {
    let url = authorize_url(app).await;
    app.discord
        .approve_authorization(&url, MEMBER_A)
        .await
        .expect("the fake Discord approves")
}

fn role_connection_puts(app: &TestApp) -> usize {
    app.discord
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.path.ends_with("/role-connection"))
        .count()
}

fn assert_pushed(app: &TestApp, tier: &str) {
    let connection = app.discord.role_connection(MEMBER_A).expect("pushed");
    assert_eq!(connection["platform_name"], json!("Resonite"));
    assert_eq!(connection["platform_username"], json!("Gen7"));
    assert_eq!(
        connection["metadata"],
        json!({
            "supporter": "1",
            "tier_cents": tier,
            "support_months": "3",
            "lifetime_cents": (tier.parse::<i64>().unwrap_or(0) * 3).to_string(),
            "resonite_days": "2024-01-01T00:00:00Z",
        })
    );
}

async fn status(app: &TestApp) -> ConnectionStatus {
    app.core
        .linked_roles
        .as_ref()
        .expect("on")
        .status(MEMBER_A)
        .await
        .expect("status")
}

async fn sweep(app: &TestApp) {
    let (_keep, stop) = watch::channel(false);
    app.reverifier
        .sweep_if_due(&stop, &|_| {})
        .await
        .expect("sweep");
    app.settle().await;
}

both_backends!(
    a_new_member_goes_through_both_authorizations_and_gets_the_connection,
    new_member
);
async fn new_member(db: TestDb) {
    let app = app(db, false).await;
    let keys: Vec<Value> = app
        .discord
        .role_connection_metadata()
        .iter()
        .map(|r| json!([r["key"], r["type"]]))
        .collect();
    assert_eq!(
        keys,
        vec![
            json!(["supporter", 7]),
            json!(["tier_cents", 2]),
            json!(["support_months", 2]),
            json!(["lifetime_cents", 2]),
            json!(["resonite_days", 6])
        ]
    );

    let callback = approved_callback(&app).await;
    let (status_code, location, _) = fetch(&app, &callback).await;
    assert_eq!(status_code, 303, "on to Resonite");
    let resonite = location.expect("a redirect to Resonite");
    let authorize = app.world.var("RESONITE_AUTHORIZE_URL").expect("set");
    assert!(resonite.starts_with(&authorize), "{resonite}");
    assert!(
        app.discord.role_connection(MEMBER_A).is_none(),
        "not before the link"
    );

    let back = app
        .resonite
        .approve(&resonite, RESONITE_USER)
        .await
        .expect("approve");
    let (code, body) = app.get(&back).await;
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("Accounts linked"));
    assert!(body.contains("Your Discord profile now shows your Resonite account"));
    assert!(
        !body.contains("Show it on my Discord profile"),
        "done already"
    );
    assert!(!body.contains(DEFAULT_CLIENT_SECRET));
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked with no /link typed");
    assert_eq!(link.resonite_user_id, RESONITE_USER);
    assert_pushed(&app, "1500");
    // No key: pushed once at link time, the tokens not kept.
    assert_eq!(status(&app).await, ConnectionStatus::PushedOnce);
    let stored = app
        .core
        .store
        .discord_connections()
        .get(MEMBER_A)
        .await
        .expect("read")
        .expect("row");
    assert!(stored.access.is_none() && stored.refresh.is_none());

    // The Discord callback works once.
    let (code, _, body) = fetch(&app, &callback).await;
    assert_eq!(code, 400);
    assert!(body.contains("expired or was already used"));
    app.settle().await;
    app.assert_discord_requests_valid();
}

both_backends!(
    an_already_linked_member_is_pushed_at_once_and_sweeps_push_only_changes,
    already_linked
);
async fn already_linked(db: TestDb) {
    let app = app(db, true).await;
    let (code, body, _) = app.link(MEMBER_A, RESONITE_USER).await;
    assert_eq!(code, 200);
    assert!(body.contains("Show it on my Discord profile"), "{body}");
    assert!(body.contains(r#"href="/linked-role""#));
    assert_eq!(status(&app).await, ConnectionStatus::None);

    let callback = approved_callback(&app).await;
    let (code, location, body) = fetch(&app, &callback).await;
    assert_eq!((code, location), (200, None), "no second authorization");
    assert!(body.contains("Shown on your Discord profile"), "{body}");
    assert!(body.contains("Gen7"));
    assert_pushed(&app, "1500");
    assert_eq!(status(&app).await, ConnectionStatus::Active);

    app.discord.clear_requests();
    sweep(&app).await;
    assert_eq!(
        role_connection_puts(&app),
        0,
        "nothing changed, nothing pushed"
    );

    app.resonite.set_profile(profile(7, true, 2500, &[]));
    app.clock.advance(13 * 3600);
    sweep(&app).await;
    assert_eq!(role_connection_puts(&app), 1, "the tier changed: one push");
    assert_pushed(&app, "2500");
    app.assert_discord_requests_valid();
}

both_backends!(unlink_clears_the_connection_and_revokes, unlink);
async fn unlink(db: TestDb) {
    let app = app(db, true).await;
    app.link(MEMBER_A, RESONITE_USER).await;
    let callback = approved_callback(&app).await;
    assert_eq!(fetch(&app, &callback).await.0, 200);
    assert_pushed(&app, "1500");

    app.core
        .links
        .unlink(MEMBER_A, MEMBER_A, Some(GUILD))
        .await
        .expect("unlink")
        .expect("was linked");
    let cleared = app
        .discord
        .role_connection(MEMBER_A)
        .expect("an empty push");
    assert_eq!(cleared["platform_name"], Value::Null);
    assert_eq!(cleared["metadata"], json!({}));
    let revoked = app
        .discord
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/v10/oauth2/token/revoke")
        .count();
    assert_eq!(revoked, 1);
    assert!(
        app.core
            .store
            .discord_connections()
            .get(MEMBER_A)
            .await
            .expect("read")
            .is_none(),
        "tokens deleted"
    );
    assert_eq!(status(&app).await, ConnectionStatus::None);
    app.settle().await;
    app.assert_discord_requests_valid();
}

/// A failed Discord callback: a clear page, nothing stored, no secret shown.
async fn assert_failed(app: &TestApp, callback: &str, want_status: u16, want_text: &str) {
    let (code, location, body) = fetch(app, callback).await;
    assert_eq!((code, location), (want_status, None), "{body}");
    assert!(body.contains(want_text), "{body}");
    assert!(!body.contains(DEFAULT_CLIENT_SECRET) && !body.contains("code="));
    assert!(
        app.core
            .store
            .discord_connections()
            .get(MEMBER_A)
            .await
            .expect("read")
            .is_none(),
        "nothing half-stored"
    );
    assert!(app.discord.role_connection(MEMBER_A).is_none());
}

both_backends!(each_fault_of_the_discord_callback_has_its_page, faults);
async fn faults(db: TestDb) {
    let app = app(db, true).await;

    let url = authorize_url(&app).await;
    let denied = app.discord.deny_authorization(&url).await.expect("deny");
    assert_failed(&app, &denied, 403, "You declined on Discord").await;

    assert_failed(
        &app,
        "/discord/callback?code=abc&state=never-issued",
        400,
        "expired or was already used",
    )
    .await;
    assert_failed(&app, "/discord/callback?state=abc", 400, "missing part").await;

    let late = approved_callback(&app).await;
    app.clock.advance(601);
    assert_failed(&app, &late, 400, "expired or was already used").await;

    app.discord.set_client_secret("rotated-in-the-portal");
    let refused = approved_callback(&app).await;
    assert_failed(&app, &refused, 502, "Discord could not complete").await;
    app.discord.set_client_secret(DEFAULT_CLIENT_SECRET);

    let token = Route::new(&["POST"], "/oauth2/token");
    app.discord.server_error(token.clone(), 500, Some(1));
    let outage = approved_callback(&app).await;
    assert_failed(&app, &outage, 502, "Discord could not complete").await;

    let hang = app.discord.hang(token);
    let slow = approved_callback(&app).await;
    assert_failed(&app, &slow, 504, "Discord could not complete").await;
    app.discord.clear_fault(hang);

    app.discord
        .server_error(Route::new(&["GET"], "/users/@me"), 503, Some(1));
    let no_user = approved_callback(&app).await;
    assert_failed(&app, &no_user, 502, "Discord could not complete").await;

    // After all that, it still works.
    let ok = approved_callback(&app).await;
    assert_eq!(fetch(&app, &ok).await.0, 303);
    app.assert_discord_requests_valid();
}

both_backends!(
    a_push_discord_refuses_for_now_is_retried_never_lost,
    push_faults
);
async fn push_faults(db: TestDb) {
    let app = app(db, true).await;
    app.link(MEMBER_A, RESONITE_USER).await;
    let push = Route::new(&["PUT"], "/users/@me/applications/{a}/role-connection");

    // A 429: waited out (retry_after) and sent again at once.
    app.discord.rate_limit(push.clone(), 1, 0.2);
    app.discord.clear_requests();
    let callback = approved_callback(&app).await;
    let (code, _, body) = fetch(&app, &callback).await;
    assert_eq!(code, 200);
    assert!(!body.contains("in a moment"), "{body}");
    assert_eq!(role_connection_puts(&app), 2);
    assert_pushed(&app, "1500");

    // A 5xx: owed in the database, pushed by the worker later.
    app.resonite.set_profile(profile(7, true, 2500, &[]));
    app.clock.advance(13 * 3600);
    app.discord.server_error(push, 502, Some(1));
    sweep(&app).await;
    assert_pushed(&app, "1500");
    let owed = app
        .core
        .store
        .discord_connections()
        .get(MEMBER_A)
        .await
        .expect("read")
        .expect("row");
    assert!(owed.push_due_ms.is_some(), "the push is owed");
    let linked_roles = app.core.linked_roles.as_ref().expect("on");
    app.clock.advance(5);
    assert_eq!(linked_roles.push_due().await.expect("push"), 1);
    assert_pushed(&app, "2500");
    app.assert_discord_requests_valid();
}

both_backends!(
    a_refused_discord_token_stops_pushes_and_is_told_once,
    refused_token
);
async fn refused_token(db: TestDb) {
    let app = app(db, true).await;
    app.link(MEMBER_A, RESONITE_USER).await;
    let callback = approved_callback(&app).await;
    assert_eq!(fetch(&app, &callback).await.0, 200);
    app.discord.revoke_user_tokens(MEMBER_A);

    app.resonite.set_profile(profile(7, true, 2500, &[]));
    app.clock.advance(13 * 3600);
    sweep(&app).await;
    assert_pushed(&app, "1500");
    assert_eq!(status(&app).await, ConnectionStatus::Refused);
    let dms = app.discord.dm_messages(MEMBER_A);
    assert_eq!(dms.len(), 1, "{dms:?}");
    assert!(
        dms[0]["content"]
            .as_str()
            .unwrap_or_default()
            .contains("Linked Roles")
    );

    app.discord.clear_requests();
    app.resonite.set_profile(profile(7, true, 3500, &[]));
    app.clock.advance(13 * 3600);
    sweep(&app).await;
    assert_eq!(role_connection_puts(&app), 0, "no more pushes");
    assert_eq!(app.discord.dm_messages(MEMBER_A).len(), 1, "told once");
    app.assert_discord_requests_valid();
}

#[tokio::test]
async fn linked_roles_routes_are_not_found_when_off() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    assert_eq!(app.get("/linked-role").await.0, 404);
    assert_eq!(app.get("/discord/callback?code=a&state=b").await.0, 404);
    let (code, body, _) = app.link(MEMBER_A, "U-BasicUser").await;
    assert_eq!(code, 200, "{body}");
    assert!(!body.contains("Show it on my Discord profile"));
}

both_backends!(
    a_member_starting_from_discord_reads_the_result_in_their_browsers_language,
    from_discord_in_german
);
async fn from_discord_in_german(db: TestDb) {
    use resonite_verify::i18n::Lang;
    use resonite_verify::tr;
    let app = app(db, false).await;
    let callback = approved_callback(&app).await;
    // The browser that comes back from Discord speaks German; no /link told the bot.
    let response = app
        .browser
        .open_with(&callback, &[("accept-language", "de-DE,de;q=0.9,en;q=0.5")])
        .await;
    assert_eq!(response.status, 303, "on to Resonite");
    let resonite = response.location.expect("a redirect to Resonite");
    let back = app
        .resonite
        .approve(&resonite, RESONITE_USER)
        .await
        .expect("approve");
    // The last hop sends no Accept-Language: the page speaks what was kept with the state.
    let (code, body) = app.get(&back).await;
    assert_eq!(code, 200, "{body}");
    let de = Lang::negotiate("de");
    assert!(body.contains(r#"<html lang="de">"#), "{body}");
    assert!(body.contains(&tr!(de, "linked-title")), "{body}");
    assert!(
        body.contains(&tr!(de, "note-pushed")),
        "the notes too: {body}"
    );
    app.settle().await;
}

// The Linked Roles flow is bound to the browser from `/linked-role` on: someone who gets a
// victim to open their Discord authorization (or the Resonite authorization it continues
// into) cannot finish it in another browser.
both_backends!(
    a_linked_roles_authorization_finishes_only_in_the_browser_that_started_it,
    bound_to_its_browser
);
async fn bound_to_its_browser(db: TestDb) {
    let app = app(db, false).await;
    // /linked-role sets the cookie: HttpOnly, SameSite=Lax, for the whole site.
    let response = app
        .http
        .get(format!("{}/linked-role", app.base_url))
        .send()
        .await
        .expect("app answers");
    let set = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a cookie")
        .to_owned();
    assert!(
        set.starts_with("resonite-verify-link=")
            && set.contains("; Path=/")
            && set.contains("; HttpOnly")
            && set.contains("; SameSite=Lax"),
        "{set}"
    );

    let callback = approved_callback(&app).await;
    // Discord's callback from another browser: without a cookie, then with its own.
    let other = app.new_browser();
    let refused = other.open(&callback).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains("Nothing was linked"),
        "{}",
        refused.body
    );
    other.set_cookie(Some(format!(
        "resonite-verify-link={}",
        resonite_verify::linking::random_token()
    )));
    assert_eq!(other.open(&callback).await.status, 403);
    // The state was left for the browser it belongs to.
    let (status, location, _) = fetch(&app, &callback).await;
    assert_eq!(status, 303, "on to Resonite");
    let resonite = location.expect("a redirect to Resonite");
    let back = app
        .resonite
        .approve(&resonite, RESONITE_USER)
        .await
        .expect("approve");

    // The chained Resonite callback from another browser: refused, nothing stored.
    let stranger = app.new_browser();
    let refused = stranger.open(&back).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        app.core
            .store
            .links()
            .by_discord(MEMBER_A)
            .await
            .expect("read")
            .is_none()
    );
    assert!(app.discord.role_connection(MEMBER_A).is_none());

    // The member's own browser: the confirmation page, Link, linked and pushed.
    let (code, body) = app.get(&back).await;
    assert_eq!(code, 200, "{body}");
    assert!(body.contains("Accounts linked"), "{body}");
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked");
    assert_eq!(link.resonite_user_id, RESONITE_USER);
    assert!(app.discord.role_connection(MEMBER_A).is_some());
}
