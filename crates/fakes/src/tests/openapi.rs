//! Self-test of `crate::openapi`, and a check that what serenity sends to the
//! fake Discord matches Discord's OpenAPI description.

use crate::discord::{FakeApp, FakeDiscord, FakeRole};
use crate::openapi::OpenApi;
use serde_json::json;
use serenity::all::{
    CreateCommand, CreateEmbed, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, EditMember, GuildId,
    InteractionId, RoleId, UserId,
};
use serenity::http::{HttpBuilder, HttpError};

#[test]
fn role_put_without_body_passes() {
    let api = OpenApi::load();
    api.validate("PUT", "/api/v10/guilds/1/members/2/roles/3", None)
        .unwrap();
    api.validate("DELETE", "/api/v10/guilds/1/members/2/roles/3", None)
        .unwrap();
    api.validate("GET", "/api/v10/guilds/1/members/2/roles/3", None)
        .unwrap_err();
    // An empty object counts as no body.
    api.validate(
        "PUT",
        "/api/v10/guilds/1/members/2/roles/3",
        Some(&json!({})),
    )
    .unwrap();
    let err = api
        .validate(
            "PUT",
            "/api/v10/guilds/1/members/2/roles/3",
            Some(&json!({"x": 1})),
        )
        .unwrap_err();
    assert!(err.contains("takes no request body"), "{err}");
}

#[test]
fn original_edit_with_content_passes_and_wrong_type_fails() {
    let api = OpenApi::load();
    let path = "/api/v10/webhooks/1/tok/messages/@original";
    api.validate("PATCH", path, Some(&json!({"content": "hi"})))
        .unwrap();
    let err = api
        .validate("PATCH", path, Some(&json!({"content": 5})))
        .unwrap_err();
    assert!(err.contains("PATCH") && err.contains(path), "{err}");
    assert!(err.contains("/content"), "{err}");
}

#[test]
fn dm_channel_body_is_checked() {
    let api = OpenApi::load();
    let path = "/api/v10/users/@me/channels";
    api.validate("POST", path, Some(&json!({"recipient_id": "123"})))
        .unwrap();
    api.validate("POST", path, Some(&json!({"recipient_id": []})))
        .unwrap_err();
    let err = api.validate("POST", path, None).unwrap_err();
    assert!(err.contains("required"), "{err}");
}

#[test]
fn interaction_callback_union_is_checked() {
    let api = OpenApi::load();
    let path = "/api/v10/interactions/1/tok/callback";
    let ok = json!({"type": 4, "data": {"content": "hi", "flags": 64}});
    api.validate("POST", path, Some(&ok)).unwrap();
    let err = api
        .validate(
            "POST",
            path,
            Some(&json!({"type": 4, "data": {"content": 5}})),
        )
        .unwrap_err();
    eprintln!("{err}");
    api.validate("POST", path, Some(&json!({"type": "4"})))
        .unwrap_err();
}

#[test]
fn member_nick_longer_than_32_fails() {
    let api = OpenApi::load();
    let path = "/api/v10/guilds/1/members/2";
    api.validate("PATCH", path, Some(&json!({"nick": "x".repeat(32)})))
        .unwrap();
    api.validate("PATCH", path, Some(&json!({"nick": null})))
        .unwrap();
    let err = api
        .validate("PATCH", path, Some(&json!({"nick": "x".repeat(33)})))
        .unwrap_err();
    assert!(err.contains("/nick"), "{err}");
}

#[test]
fn unknown_paths_and_methods_fail() {
    let api = OpenApi::load();
    let err = api
        .validate("GET", "/api/v10/no/such/thing", None)
        .unwrap_err();
    assert!(err.contains("no path"), "{err}");
    let err = api
        .validate("POST", "/api/v10/users/@me", None)
        .unwrap_err();
    assert!(err.contains("method not allowed"), "{err}");
    api.validate("GET", "/api/v10/guilds/1/members/2/roles", None)
        .unwrap_err();
}

#[test]
fn literal_segments_win_over_parameters() {
    let api = OpenApi::load();
    assert_eq!(
        api.match_path("/guilds/1/members/@me"),
        Some("/guilds/{guild_id}/members/@me")
    );
    assert_eq!(
        api.match_path("/guilds/1/members/2"),
        Some("/guilds/{guild_id}/members/{user_id}")
    );
    assert_eq!(
        api.match_path("/webhooks/1/tok/messages/@original"),
        Some("/webhooks/{webhook_id}/{webhook_token}/messages/@original")
    );
    assert_eq!(api.match_path("/guilds//roles"), None);
}

#[test]
#[should_panic(expected = "1 of 2 requests")]
fn assert_all_valid_lists_failures() {
    let ok = crate::discord::RecordedRequest {
        method: "GET".into(),
        path: "/api/v10/users/@me".into(),
        query: None,
        body: None,
        authorization: None,
        audit_log_reason: None,
        received_at: std::time::Instant::now(),
        answered_at: None,
        status: None,
    };
    let bad = crate::discord::RecordedRequest {
        method: "DELETE".into(),
        ..ok.clone()
    };
    OpenApi::load().assert_all_valid(&[ok, bad]);
}

const APP: u64 = 900_000_000_000_000_001;
const BOT: u64 = 900_000_000_000_000_002;
const GUILD: u64 = 100_000_000_000_000_001;
const LINKED: u64 = 120;
const ALICE: u64 = 200;

fn app() -> FakeApp {
    FakeApp {
        application_id: APP,
        bot_user_id: BOT,
        bot_name: "Linker".into(),
        token: "test-token".into(),
    }
}

fn status_and_code<T: std::fmt::Debug>(result: serenity::Result<T>) -> (u16, isize) {
    match result {
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
            (response.status_code.as_u16(), response.error.code)
        }
        other => panic!("expected an unsuccessful request, got {other:?}"),
    }
}

#[tokio::test]
async fn serenity_requests_validate_against_openapi() {
    let fake = FakeDiscord::new(app());
    fake.add_guild(GUILD, "Test Guild", 1);
    let bot_role = FakeRole {
        id: 110,
        name: "Linker".into(),
        position: 5,
        permissions: (1 << 28) | (1 << 27),
        managed: false,
    };
    fake.add_role(GUILD, bot_role);
    let linked = FakeRole {
        id: LINKED,
        name: "Linked".into(),
        position: 2,
        permissions: 0,
        managed: false,
    };
    fake.add_role(GUILD, linked);
    let above = FakeRole {
        id: 130,
        name: "Admins".into(),
        position: 9,
        permissions: 1 << 3,
        managed: false,
    };
    fake.add_role(GUILD, above);
    fake.set_bot_roles(GUILD, &[110]);
    fake.add_member(GUILD, ALICE, "alice", &[]);
    fake.add_channel(GUILD, 300, "general");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = fake.clone().spawn(listener).await.unwrap();
    let http = HttpBuilder::new("test-token")
        .proxy(base_url)
        .ratelimiter_disabled(true)
        .application_id(APP.into())
        .build();
    let (g, alice) = (GuildId::new(GUILD), UserId::new(ALICE));

    http.get_current_user().await.unwrap();
    http.get_current_application_info().await.unwrap();
    http.get_bot_gateway().await.unwrap();
    http.get_guild(g).await.unwrap();
    http.get_guild_roles(g).await.unwrap();
    http.get_guild_members(g, Some(1000), None).await.unwrap();
    http.get_channels(g).await.unwrap();
    http.add_member_role(g, alice, RoleId::new(LINKED), Some("linked"))
        .await
        .unwrap();
    assert_eq!(
        http.get_member(g, alice).await.unwrap().roles,
        vec![RoleId::new(LINKED)]
    );
    http.remove_member_role(g, alice, RoleId::new(LINKED), None)
        .await
        .unwrap();
    let nick = EditMember::new().nickname("Alice [U-alice]");
    assert_eq!(
        g.edit_member(&http, alice, nick)
            .await
            .unwrap()
            .nick
            .as_deref(),
        Some("Alice [U-alice]")
    );
    http.edit_member(g, alice, &json!({ "nick": null }), None)
        .await
        .unwrap();

    let commands = vec![CreateCommand::new("link").description("Link your Resonite account")];
    http.create_global_commands(&commands).await.unwrap();
    http.create_guild_commands(g, &commands).await.unwrap();

    let response =
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true));
    http.create_interaction_response(InteractionId::new(5), "tok", &response, vec![])
        .await
        .unwrap();
    let edit = EditInteractionResponse::new()
        .content("x")
        .embed(CreateEmbed::new().title("Linked").description("U-alice"));
    http.edit_original_interaction_response("tok", &edit, vec![])
        .await
        .unwrap();
    http.get_original_interaction_response("tok").await.unwrap();
    let followup = CreateInteractionResponseFollowup::new()
        .content("done")
        .ephemeral(true);
    http.create_followup_message("tok", &followup, vec![])
        .await
        .unwrap();

    let dm = alice.create_dm_channel(&http).await.unwrap();
    dm.id
        .send_message(&http, CreateMessage::new().content("Linked!"))
        .await
        .unwrap();
    assert_eq!(fake.dm_messages(ALICE)[0]["content"], json!("Linked!"));

    // Failures come back as serenity HTTP errors carrying Discord's status and code.
    let missing = http
        .add_member_role(g, UserId::new(999), RoleId::new(LINKED), None)
        .await;
    assert_eq!(status_and_code(missing), (404, 10007));
    let unknown_role = http.add_member_role(g, alice, RoleId::new(999), None).await;
    assert_eq!(status_and_code(unknown_role), (404, 10011));
    let above = http.add_member_role(g, alice, RoleId::new(130), None).await;
    assert_eq!(status_and_code(above), (403, 50013));
    let unknown_guild = http.get_member(GuildId::new(5), alice).await;
    assert_eq!(status_and_code(unknown_guild), (404, 10004));

    // With the ratelimiter disabled serenity hands a 429 straight back: no retry.
    fake.rate_limit_next(1, 0.1);
    let before = fake.requests().len();
    let limited = http
        .add_member_role(g, alice, RoleId::new(LINKED), None)
        .await;
    let (status, code) = status_and_code(limited);
    // The 429 body has no `code`, so serenity cannot decode it and reports -1.
    assert_eq!((status, code), (429, -1));
    assert_eq!(fake.requests().len(), before + 1);
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![]));

    let requests = fake.requests();
    assert!(fake.unexpected().is_empty(), "{:?}", fake.unexpected());
    assert!(requests.len() >= 20, "{}", requests.len());
    assert!(
        requests
            .iter()
            .all(|r| r.authorization.as_deref() == Some("Bot test-token"))
    );
    OpenApi::load().assert_all_valid(&requests);
}

/// The Linked Roles requests the bot makes fit the description; the OAuth2
/// token endpoints are not in it (so they cannot be checked).
#[tokio::test]
async fn linked_roles_requests_validate_against_openapi() {
    let api = OpenApi::load();
    for path in ["/oauth2/token", "/oauth2/token/revoke", "/oauth2/authorize"] {
        assert_eq!(
            api.match_path(path),
            None,
            "{path} is in the description now: check it"
        );
    }
    let fake = FakeDiscord::new(app());
    fake.set_redirect_uris(&["http://127.0.0.1:9/discord/callback"]);
    fake.add_oauth_user(ALICE, "alice");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = fake.clone().spawn(listener).await.unwrap();
    let client = reqwest::Client::new();
    let (access, _) = fake.grant_user_tokens(ALICE, &["identify", "role_connections.write"]);
    let bot = "Bot test-token".to_owned();
    let user = format!("Bearer {access}");
    let metadata = json!([
        {"key": "supporter", "type": 7, "name": "Resonite supporter", "description": "Supports Resonite"},
        {"key": "resonite_days", "type": 6, "name": "On Resonite for", "description": "Days since registration",
         "name_localizations": {"de": "Auf Resonite seit"}},
    ]);
    let push = json!({"platform_name": "Resonite", "platform_username": "alice", "metadata": {"supporter": "1"}});
    let calls = [
        (
            "PUT",
            format!("/applications/{APP}/role-connections/metadata"),
            &bot,
            Some(metadata),
        ),
        (
            "GET",
            format!("/applications/{APP}/role-connections/metadata"),
            &bot,
            None,
        ),
        ("GET", "/users/@me".to_owned(), &user, None),
        (
            "PUT",
            format!("/users/@me/applications/{APP}/role-connection"),
            &user,
            Some(push),
        ),
        (
            "GET",
            format!("/users/@me/applications/{APP}/role-connection"),
            &user,
            None,
        ),
        (
            "DELETE",
            format!("/users/@me/applications/{APP}/role-connection"),
            &user,
            None,
        ),
    ];
    for (method, path, auth, body) in calls {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = client
            .request(method, format!("{base}/api/v10{path}"))
            .header("Authorization", auth);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let status = request.send().await.unwrap().status();
        assert!(status.is_success(), "{path}: {status}");
    }
    let requests = fake.requests();
    assert_eq!(requests.len(), 6);
    api.assert_all_valid(&requests);
    // A value the description does not allow (a boolean) fails the check too.
    let err = api
        .validate(
            "PUT",
            &format!("/api/v10/users/@me/applications/{APP}/role-connection"),
            Some(&json!({"metadata": {"supporter": true}})),
        )
        .unwrap_err();
    assert!(err.contains("/metadata/supporter"), "{err}");
}
