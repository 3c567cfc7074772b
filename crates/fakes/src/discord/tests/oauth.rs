//! Discord's OAuth2 and Linked Roles routes, driven over HTTP as the bot's
//! OAuth client and a member's browser would.

use std::time::Duration;

use base64::Engine as _;
use serde_json::{Value, json};
use url::Url;

use super::super::{ConsentError, DEFAULT_CLIENT_SECRET, FakeDiscord, Route};
use super::{APP, BOT, TOKEN, fake, serve};

const CAROL: u64 = 400;
const DAVE: u64 = 401;
const REDIRECT: &str = "http://127.0.0.1:9/discord/callback";
const SCOPES: &str = "identify role_connections.write";

struct Setup {
    fake: FakeDiscord,
    base: String,
    client: reqwest::Client,
}

async fn setup() -> Setup {
    let fake = fake();
    fake.set_redirect_uris(&[REDIRECT]);
    fake.add_oauth_user(CAROL, "carol");
    fake.add_oauth_user(DAVE, "dave");
    let (_, base) = serve(&fake, TOKEN).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Setup { fake, base, client }
}

fn authorize_url(base: &str, pairs: &[(&str, &str)]) -> String {
    let mut url = Url::parse(&format!("{base}/oauth2/authorize")).unwrap();
    url.query_pairs_mut().extend_pairs(pairs);
    url.to_string()
}

fn standard_authorize(base: &str) -> String {
    authorize_url(
        base,
        &[
            ("client_id", &APP.to_string()),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", SCOPES),
            ("state", "st&te/1"),
        ],
    )
}

fn query(location: &str) -> Vec<(String, String)> {
    Url::parse(location)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param(location: &str, name: &str) -> Option<String> {
    query(location)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn basic() -> String {
    let pair = format!("{APP}:{DEFAULT_CLIENT_SECRET}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

impl Setup {
    async fn post_form(
        &self,
        path: &str,
        auth: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> (u16, Value) {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let mut request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn exchange(&self, code: &str) -> (u16, Value) {
        let pairs = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
        ];
        self.post_form("/api/v10/oauth2/token", Some(&basic()), &pairs)
            .await
    }

    async fn refresh(&self, refresh_token: &str) -> (u16, Value) {
        let app = APP.to_string();
        let pairs = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("client_id", &app),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ];
        self.post_form("/api/v10/oauth2/token", None, &pairs).await
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        auth: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .client
            .request(method, format!("{}/api/v10{path}", self.base))
            .header("Authorization", auth);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Consent as `user`, then the code exchanged: the token response.
    async fn authorize(&self, user: u64) -> Value {
        let location = self
            .fake
            .approve_authorization(&standard_authorize(&self.base), user)
            .await
            .unwrap();
        let (status, tokens) = self.exchange(&param(&location, "code").unwrap()).await;
        assert_eq!(status, 200, "{tokens}");
        tokens
    }
}

fn bearer(tokens: &Value) -> String {
    format!("Bearer {}", tokens["access_token"].as_str().unwrap())
}

/// The records DESIGN.md lists for the bot.
fn design_metadata() -> Value {
    json!([
        {"key": "supporter", "type": 7, "name": "Resonite supporter", "description": "Supports Resonite"},
        {"key": "tier_cents", "type": 2, "name": "Tier (cents)", "description": "Current tier, in cents"},
        {"key": "support_months", "type": 2, "name": "Months supported", "description": "Months of support"},
        {"key": "lifetime_cents", "type": 2, "name": "Lifetime (cents)", "description": "All support, in cents"},
        {"key": "resonite_days", "type": 6, "name": "On Resonite for", "description": "Days since registration"},
    ])
}

#[tokio::test]
async fn code_flow_gives_rotating_tokens_for_the_approved_user() {
    let s = setup().await;
    let location = s
        .fake
        .approve_authorization(&standard_authorize(&s.base), CAROL)
        .await
        .unwrap();
    assert!(location.starts_with(REDIRECT), "{location}");
    assert_eq!(param(&location, "state").as_deref(), Some("st&te/1"));
    let code = param(&location, "code").unwrap();

    let (status, tokens) = s.exchange(&code).await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], json!("Bearer"));
    assert_eq!(tokens["expires_in"], json!(604_800));
    assert_eq!(tokens["scope"], json!(SCOPES));
    assert!(
        tokens["refresh_token"]
            .as_str()
            .is_some_and(|t| t.len() >= 30)
    );

    // Codes are single use.
    let (status, replay) = s.exchange(&code).await;
    assert_eq!(status, 400);
    assert_eq!(
        replay,
        json!({"error": "invalid_grant", "error_description": "Invalid \"code\" in request."})
    );

    // The user's token reads the user; the bot token still reads the bot.
    let (status, me) = s.call("GET", "/users/@me", &bearer(&tokens), None).await;
    assert_eq!(status, 200);
    assert_eq!(
        (me["id"].clone(), me["username"].clone()),
        (json!(CAROL.to_string()), json!("carol"))
    );
    assert!(me.get("bot").is_none() && me.get("email").is_none());
    let (status, bot) = s
        .call("GET", "/users/@me", &format!("Bot {TOKEN}"), None)
        .await;
    assert_eq!((status, bot["id"].clone()), (200, json!(BOT.to_string())));

    // Refreshing rotates: the old refresh token is spent, the new pair works.
    let old_refresh = tokens["refresh_token"].as_str().unwrap();
    let (status, refreshed) = s.refresh(old_refresh).await;
    assert_eq!(status, 200, "{refreshed}");
    assert_ne!(refreshed["refresh_token"], tokens["refresh_token"]);
    assert_eq!(refreshed["scope"], json!(SCOPES));
    let (status, spent) = s.refresh(old_refresh).await;
    assert_eq!(
        (status, spent["error"].clone()),
        (400, json!("invalid_grant"))
    );
    let (status, me) = s.call("GET", "/users/@me", &bearer(&refreshed), None).await;
    assert_eq!((status, me["id"].clone()), (200, json!(CAROL.to_string())));
}

#[tokio::test]
async fn the_client_must_authenticate() {
    let s = setup().await;
    let location = s
        .fake
        .approve_authorization(&standard_authorize(&s.base), CAROL)
        .await
        .unwrap();
    let code = param(&location, "code").unwrap();
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
    ];
    let wrong = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{APP}:wrong"))
    );
    for auth in [None, Some(wrong.as_str())] {
        let (status, body) = s.post_form("/api/v10/oauth2/token", auth, &pairs).await;
        assert_eq!((status, body), (401, json!({"error": "invalid_client"})));
    }
    // A refused client does not use the code up; a wrong redirect_uri does.
    let mut wrong_uri = pairs;
    wrong_uri[2] = ("redirect_uri", "http://127.0.0.1:9/elsewhere");
    let (status, body) = s
        .post_form("/api/v10/oauth2/token", Some(&basic()), &wrong_uri)
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        body["error_description"],
        json!("Invalid \"redirect_uri\" in request.")
    );
    let (status, _) = s.exchange(&code).await;
    assert_eq!(status, 400);

    // Another secret, set by the test, is the only one accepted then.
    s.fake.set_client_secret("rotated");
    let location = s
        .fake
        .approve_authorization(&standard_authorize(&s.base), CAROL)
        .await
        .unwrap();
    let (status, _) = s.exchange(&param(&location, "code").unwrap()).await;
    assert_eq!(status, 401);
    let (status, body) = s
        .post_form(
            "/api/v10/oauth2/token",
            Some(&basic()),
            &[("grant_type", "client_credentials")],
        )
        .await;
    assert_eq!((status, body), (401, json!({"error": "invalid_client"})));
    let app = APP.to_string();
    let unsupported = [
        ("grant_type", "password"),
        ("client_id", &app),
        ("client_secret", "rotated"),
    ];
    let (status, body) = s
        .post_form("/api/v10/oauth2/token", None, &unsupported)
        .await;
    assert_eq!(
        (status, body),
        (400, json!({"error": "unsupported_grant_type"}))
    );
}

#[tokio::test]
async fn codes_and_access_tokens_expire() {
    let s = setup().await;
    s.fake.set_oauth_code_ttl(Duration::ZERO);
    let location = s
        .fake
        .approve_authorization(&standard_authorize(&s.base), CAROL)
        .await
        .unwrap();
    let (status, body) = s.exchange(&param(&location, "code").unwrap()).await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );

    s.fake.set_oauth_code_ttl(Duration::from_secs(600));
    s.fake.set_oauth_token_ttl(Duration::ZERO);
    let tokens = s.authorize(CAROL).await;
    assert_eq!(tokens["expires_in"], json!(0));
    let (status, _) = s.call("GET", "/users/@me", &bearer(&tokens), None).await;
    assert_eq!(status, 401);
    // The refresh token outlives its access token.
    s.fake.set_oauth_token_ttl(Duration::from_secs(3600));
    let (status, refreshed) = s.refresh(tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let (status, _) = s.call("GET", "/users/@me", &bearer(&refreshed), None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn pkce_is_checked_when_the_authorization_used_it() {
    let s = setup().await;
    let verifier = "a-verifier-of-at-least-forty-three-characters-long";
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(<sha2::Sha256 as sha2::Digest>::digest(verifier.as_bytes()));
    let app = APP.to_string();
    let url = authorize_url(
        &s.base,
        &[
            ("client_id", &app),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", SCOPES),
            ("code_challenge", &challenge),
            ("code_challenge_method", "S256"),
        ],
    );
    for (verifier, expected) in [("wrong", 400), (verifier, 200)] {
        let location = s.fake.approve_authorization(&url, CAROL).await.unwrap();
        let code = param(&location, "code").unwrap();
        let pairs = [
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ];
        let (status, _) = s
            .post_form("/api/v10/oauth2/token", Some(&basic()), &pairs)
            .await;
        assert_eq!(status, expected);
    }
}

#[tokio::test]
async fn consent_can_be_denied_and_bad_requests_are_refused() {
    let s = setup().await;
    let location = s
        .fake
        .deny_authorization(&standard_authorize(&s.base))
        .await
        .unwrap();
    assert!(location.starts_with(REDIRECT));
    assert_eq!(param(&location, "error").as_deref(), Some("access_denied"));
    assert_eq!(param(&location, "state").as_deref(), Some("st&te/1"));
    assert_eq!(param(&location, "code"), None);

    let app = APP.to_string();
    let with = |changes: &[(&'static str, &'static str)]| {
        let mut pairs: Vec<(&str, &str)> = vec![
            ("client_id", &app),
            ("redirect_uri", REDIRECT),
            ("response_type", "code"),
            ("scope", SCOPES),
            ("state", "s1"),
        ];
        for (name, value) in changes {
            pairs.retain(|(n, _)| n != name);
            pairs.push((name, value));
        }
        authorize_url(&s.base, &pairs)
    };
    // An unknown client or unregistered redirect URI: an error page, no redirect.
    for url in [
        with(&[("client_id", "42")]),
        with(&[("redirect_uri", "http://127.0.0.1:9/evil")]),
    ] {
        let page = s.client.get(&url).send().await.unwrap();
        assert_eq!(page.status().as_u16(), 400);
        assert!(page.headers().get("location").is_none());
        let refused = s.fake.approve_authorization(&url, CAROL).await.unwrap_err();
        assert!(
            matches!(refused, ConsentError::Refused { status: 400, .. }),
            "{refused:?}"
        );
    }
    // Other mistakes go back to the app with an error and the state.
    for (url, error) in [
        (
            with(&[("response_type", "token")]),
            "unsupported_response_type",
        ),
        (with(&[("scope", "identify bogus")]), "invalid_scope"),
        (with(&[("scope", "")]), "invalid_scope"),
    ] {
        let answer = s.client.get(&url).send().await.unwrap();
        assert_eq!(answer.status().as_u16(), 302);
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with(REDIRECT));
        assert_eq!(param(&location, "error").as_deref(), Some(error));
        assert_eq!(param(&location, "state").as_deref(), Some("s1"));
    }
    // The page is plain HTML naming the app and the scopes.
    let page = s
        .client
        .get(standard_authorize(&s.base))
        .send()
        .await
        .unwrap();
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Linker wants to access your account"),
        "{html}"
    );
    assert!(html.contains("role_connections.write") && html.contains("@carol"));
    let unknown = s
        .fake
        .approve_authorization(&standard_authorize(&s.base), 999)
        .await;
    assert!(matches!(unknown, Err(ConsentError::UnknownAccount(999))));
}

#[tokio::test]
async fn revoking_ends_the_whole_authorization() {
    let s = setup().await;
    let tokens = s.authorize(CAROL).await;
    let access = tokens["access_token"].as_str().unwrap();
    let (status, body) = s
        .post_form(
            "/api/v10/oauth2/token/revoke",
            Some(&basic()),
            &[("token", access), ("token_type_hint", "access_token")],
        )
        .await;
    assert_eq!((status, body), (200, json!({})));
    let (status, _) = s.call("GET", "/users/@me", &bearer(&tokens), None).await;
    assert_eq!(status, 401);
    let (status, body) = s.refresh(tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(
        (status, body["error"].clone()),
        (400, json!("invalid_grant"))
    );
    // Unknown tokens are fine; an unauthenticated client is not.
    let (status, _) = s
        .post_form(
            "/api/v10/oauth2/token/revoke",
            Some(&basic()),
            &[("token", "nope")],
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = s
        .post_form("/api/v10/oauth2/token/revoke", None, &[("token", "nope")])
        .await;
    assert_eq!(status, 401);

    // A test can revoke a user's tokens as if they removed the app.
    let tokens = s.authorize(DAVE).await;
    let other = s.authorize(CAROL).await;
    s.fake.revoke_user_tokens(DAVE);
    let (status, _) = s.refresh(tokens["refresh_token"].as_str().unwrap()).await;
    assert_eq!(status, 400);
    let (status, _) = s.call("GET", "/users/@me", &bearer(&tokens), None).await;
    assert_eq!(status, 401);
    let (status, _) = s.call("GET", "/users/@me", &bearer(&other), None).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn metadata_records_are_registered_with_discords_validation() {
    let s = setup().await;
    let bot = format!("Bot {TOKEN}");
    let path = format!("/applications/{APP}/role-connections/metadata");
    let (status, stored) = s.call("PUT", &path, &bot, Some(design_metadata())).await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored, design_metadata());
    assert_eq!(
        Value::Array(s.fake.role_connection_metadata()),
        design_metadata()
    );
    let (status, listed) = s.call("GET", &path, &bot, None).await;
    assert_eq!((status, listed), (200, design_metadata()));

    let mut six = design_metadata();
    six.as_array_mut()
        .unwrap()
        .push(json!({"key": "extra", "type": 1, "name": "x", "description": "y"}));
    let (status, body) = s.call("PUT", &path, &bot, Some(six)).await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], json!(50035));
    assert_eq!(body["message"], json!("Invalid Form Body"));
    let bad_key = json!([{"key": "Tier Cents", "type": 2, "name": "Tier", "description": "d"}]);
    let (status, body) = s.call("PUT", &path, &bot, Some(bad_key)).await;
    assert_eq!(status, 400);
    assert!(body["errors"]["0"]["key"]["_errors"].is_array(), "{body}");
    // Refusals change nothing.
    assert_eq!(
        Value::Array(s.fake.role_connection_metadata()),
        design_metadata()
    );
    // Another application's records, or a user's token: refused.
    let (status, _) = s
        .call(
            "GET",
            "/applications/5/role-connections/metadata",
            &bot,
            None,
        )
        .await;
    assert_eq!(status, 404);
    let tokens = s.authorize(CAROL).await;
    let (status, _) = s.call("GET", &path, &bearer(&tokens), None).await;
    assert_eq!(status, 401);
}

#[tokio::test]
async fn role_connection_is_pushed_with_the_users_token() {
    let s = setup().await;
    let bot = format!("Bot {TOKEN}");
    let metadata = format!("/applications/{APP}/role-connections/metadata");
    s.call("PUT", &metadata, &bot, Some(design_metadata()))
        .await;
    let tokens = s.authorize(CAROL).await;
    let path = format!("/users/@me/applications/{APP}/role-connection");
    let (status, empty) = s.call("GET", &path, &bearer(&tokens), None).await;
    assert_eq!(
        (status, empty),
        (
            200,
            json!({"platform_name": null, "platform_username": null, "metadata": {}})
        )
    );

    let push = json!({
        "platform_name": "Resonite",
        "platform_username": "CarolVR",
        "metadata": {"supporter": "1", "tier_cents": "1000", "resonite_days": "2021-03-04T00:00:00+00:00"},
    });
    let (status, stored) = s
        .call("PUT", &path, &bearer(&tokens), Some(push.clone()))
        .await;
    assert_eq!((status, &stored), (200, &push));
    assert_eq!(s.fake.role_connection(CAROL), Some(push.clone()));
    let (status, read) = s.call("GET", &path, &bearer(&tokens), None).await;
    assert_eq!((status, read), (200, push.clone()));

    // Discord's limits; a refused push changes nothing.
    let refused = [
        json!({"platform_name": "x".repeat(51)}),
        json!({"platform_username": "x".repeat(101)}),
        json!({"metadata": {"unregistered": "1"}}),
        json!({"metadata": {"tier_cents": "x".repeat(101)}}),
        json!({"metadata": {"tier_cents": "a lot"}}),
        json!({"metadata": {"supporter": true}}),
    ];
    for body in refused {
        let (status, error) = s
            .call("PUT", &path, &bearer(&tokens), Some(body.clone()))
            .await;
        assert_eq!(
            (status, error["code"].clone()),
            (400, json!(50035)),
            "{body}: {error}"
        );
    }
    assert_eq!(s.fake.role_connection(CAROL), Some(push));

    // The empty push clears it; DELETE removes it.
    let (status, cleared) = s
        .call("PUT", &path, &bearer(&tokens), Some(json!({})))
        .await;
    assert_eq!((status, cleared["metadata"].clone()), (200, json!({})));
    assert_eq!(
        s.fake.role_connection(CAROL).unwrap()["platform_name"],
        Value::Null
    );
    let (status, _) = s.call("DELETE", &path, &bearer(&tokens), None).await;
    assert_eq!(status, 204);
    assert_eq!(s.fake.role_connection(CAROL), None);

    // Not with the bot token, nor without role_connections.write, nor for another app.
    let (status, _) = s.call("PUT", &path, &bot, Some(json!({}))).await;
    assert_eq!(status, 401);
    let (identify_only, _) = s.fake.grant_user_tokens(DAVE, &["identify"]);
    let (status, _) = s
        .call(
            "PUT",
            &path,
            &format!("Bearer {identify_only}"),
            Some(json!({})),
        )
        .await;
    assert_eq!(status, 401);
    let (status, _) = s
        .call(
            "GET",
            "/users/@me",
            &format!("Bearer {identify_only}"),
            None,
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = s
        .call(
            "GET",
            "/users/@me/applications/5/role-connection",
            &bearer(&tokens),
            None,
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn oauth_routes_take_faults_like_any_other() {
    let s = setup().await;
    s.fake
        .server_error(Route::new(&["POST"], "/oauth2/token"), 503, Some(1));
    s.fake.hang(Route::new(&["GET"], "/oauth2/authorize"));
    let url = standard_authorize(&s.base);
    let held = tokio::spawn({
        let fake = s.fake.clone();
        async move { fake.approve_authorization(&url, CAROL).await }
    });
    s.fake
        .wait_for_request(|r| r.path == "/oauth2/authorize", Duration::from_secs(10))
        .await
        .unwrap();
    assert!(!held.is_finished());
    s.fake.clear_faults();
    s.fake
        .server_error(Route::new(&["POST"], "/oauth2/token"), 503, Some(1));
    let location = held.await.unwrap().unwrap();
    let code = param(&location, "code").unwrap();
    let (status, _) = s.exchange(&code).await;
    assert_eq!(status, 503);
    // The faulted request never reached the token endpoint: the code still works.
    let (status, _) = s.exchange(&code).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn application_flags_say_whether_the_members_intent_is_on() {
    let s = setup().await;
    let bot = format!("Bot {TOKEN}");
    let flags = |app: &Value| app["flags"].as_u64().unwrap();
    let (status, app) = s.call("GET", "/oauth2/applications/@me", &bot, None).await;
    assert_eq!((status, app["id"].clone()), (200, json!(APP.to_string())));
    assert_ne!(flags(&app) & (1 << 14), 0);
    assert_eq!(app["redirect_uris"], json!([REDIRECT]));
    s.fake.set_privileged_intents_limited(true);
    let (_, app) = s.call("GET", "/oauth2/applications/@me", &bot, None).await;
    assert_eq!(flags(&app) & (1 << 14), 0);
    assert_ne!(flags(&app) & (1 << 15), 0);
    s.fake.set_privileged_intents(0);
    let (_, app) = s.call("GET", "/oauth2/applications/@me", &bot, None).await;
    assert_eq!(flags(&app) & ((1 << 14) | (1 << 15)), 0);
    // A user token cannot read it.
    let tokens = s.authorize(CAROL).await;
    let (status, _) = s
        .call("GET", "/oauth2/applications/@me", &bearer(&tokens), None)
        .await;
    assert_eq!(status, 401);
    assert!(s.fake.unexpected().is_empty());
}
