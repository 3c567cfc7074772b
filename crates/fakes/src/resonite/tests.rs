//! End-to-end tests of the mock over real loopback HTTP.

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use url::Url;

use super::*;

const CLIENT_ID: &str = "test-client";
const SECRET: &str = "test-secret";
const REDIRECT: &str = "http://127.0.0.1:9/oauth/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const PATRON: &str = "U-PatronUser";

fn config() -> MockResoniteConfig {
    MockResoniteConfig::new(CLIENT_ID, SECRET, REDIRECT)
}

async fn start(cfg: MockResoniteConfig) -> MockHandle {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    MockResonite::spawn(cfg, listener).await.expect("spawn")
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client")
}

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The authorize URL a well-behaved client builds, with `overrides` replacing (or, with
/// `None`, removing) parameters.
fn auth_url(h: &MockHandle, scope: &str, overrides: &[(&str, Option<&str>)]) -> String {
    let c = challenge(VERIFIER);
    let mut params: Vec<(&str, Option<&str>)> = vec![
        ("response_type", Some("code")),
        ("client_id", Some(CLIENT_ID)),
        ("redirect_uri", Some(REDIRECT)),
        ("scope", Some(scope)),
        ("state", Some("st4te")),
        ("code_challenge", Some(c.as_str())),
        ("code_challenge_method", Some("S256")),
    ];
    for (k, v) in overrides {
        match params.iter_mut().find(|(pk, _)| pk == k) {
            Some(slot) => slot.1 = *v,
            None => params.push((k, *v)),
        }
    }
    let mut url = Url::parse(&h.authorize_url()).expect("url");
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in &params {
            if let Some(v) = v {
                q.append_pair(k, v);
            }
        }
    }
    url.into()
}

fn query(location: &str) -> std::collections::HashMap<String, String> {
    Url::parse(location)
        .expect("location is a URL")
        .query_pairs()
        .into_owned()
        .collect()
}

/// Approves as `user` with `scope` and returns the code.
async fn code_for(h: &MockHandle, scope: &str, user: &str) -> String {
    let loc = h
        .approve(&auth_url(h, scope, &[]), user)
        .await
        .expect("approve");
    assert!(loc.starts_with(REDIRECT), "{loc}");
    let q = query(&loc);
    assert_eq!(q.get("state").map(String::as_str), Some("st4te"));
    q.get("code").expect("code").clone()
}

async fn post_token(h: &MockHandle, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let resp = http()
        .post(h.token_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(form)
                .finish(),
        )
        .send()
        .await
        .expect("token request");
    let status = resp.status();
    let body = resp.json().await.unwrap_or(Value::Null);
    (status, body)
}

async fn exchange(h: &MockHandle, code: &str, verifier: &str) -> (StatusCode, Value) {
    post_token(
        h,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ],
    )
    .await
}

async fn get_profile(url: &str, token: &str) -> (StatusCode, Value) {
    let resp = http()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("profile request");
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn error_of(body: &Value) -> &str {
    body["error"].as_str().unwrap_or("<none>")
}

#[test]
fn default_profiles_are_the_six_fixtures() {
    let profiles = default_profiles();
    assert_eq!(profiles.len(), 6);
    for p in &profiles {
        assert!(p["id"].as_str().is_some_and(|id| id.starts_with("U-")));
        assert!(p["username"].is_string());
    }
}

#[test]
fn load_profiles_accepts_array_or_object_and_checks_ids() {
    let dir = tempfile::tempdir().expect("tempdir");
    let one = dir.path().join("one.json");
    std::fs::write(&one, r#"{"id":"U-One","username":"One"}"#).expect("write");
    assert_eq!(load_profiles(&one).expect("one").len(), 1);

    let many = dir.path().join("many.json");
    std::fs::write(
        &many,
        r#"[{"id":"U-A","username":"A"},{"id":"U-B","username":"B"}]"#,
    )
    .expect("write");
    assert_eq!(load_profiles(&many).expect("many").len(), 2);

    for (name, text) in [
        ("noid.json", r#"[{"username":"A"}]"#),
        ("badid.json", r#"{"id":"X-1","username":"A"}"#),
        (
            "dup.json",
            r#"[{"id":"U-A","username":"A"},{"id":"U-A","username":"B"}]"#,
        ),
        ("num.json", "42"),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("write");
        assert!(
            matches!(load_profiles(&p), Err(MockError::InvalidProfile(_))),
            "{name}"
        );
    }
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "[{").expect("write");
    assert!(matches!(
        load_profiles(&broken),
        Err(MockError::Json { .. })
    ));
    assert!(matches!(
        load_profiles(&dir.path().join("missing.json")),
        Err(MockError::Io { .. })
    ));
}

#[tokio::test]
async fn full_flow_code_token_profile() {
    let h = start(config()).await;
    let code = code_for(&h, "profile patreon", PATRON).await;
    assert!(code.len() >= 22, "code has at least 128 bits");

    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "profile patreon");
    assert!(body.get("refresh_token").is_none());
    let token = body["access_token"].as_str().expect("access_token");

    for url in [h.profile_url(), format!("{}/api/user/profile", h.base_url)] {
        let (status, profile) = get_profile(&url, token).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(profile["id"], PATRON);
        assert_eq!(profile["username"], "PatronUser");
        assert_eq!(profile["supporterMetadata"][0]["$type"], "patreon");
        assert!(
            profile.get("email").is_none(),
            "no email without the email scope"
        );
    }

    let stats = h.stats();
    assert_eq!(stats.token_requests, 1);
    assert_eq!(stats.refresh_requests, 0);
    assert_eq!(stats.profile_requests, 2);
    assert_eq!(stats.profile_request_times.len(), 2);
    assert!(stats.profile_request_times[0] <= stats.profile_request_times[1]);
}

#[tokio::test]
async fn profile_requires_a_valid_bearer_token() {
    let h = start(config()).await;
    let resp = http().get(h.profile_url()).send().await.expect("request");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().contains_key("www-authenticate"));
    let (status, body) = get_profile(&h.profile_url(), "not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(&body), "invalid_token");
}

#[tokio::test]
async fn expired_access_token_is_refused() {
    let mut cfg = config();
    cfg.access_token_ttl = Duration::ZERO;
    let h = start(cfg).await;
    let code = code_for(&h, "profile", PATRON).await;
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK);
    let token = body["access_token"].as_str().expect("token");
    let (status, body) = get_profile(&h.profile_url(), token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_of(&body), "invalid_token");
}

#[tokio::test]
async fn wrong_or_missing_client_secret_is_invalid_client() {
    let h = start(config()).await;
    let code = code_for(&h, "profile", PATRON).await;
    let base = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", VERIFIER),
    ];
    for extra in [
        vec![("client_id", CLIENT_ID), ("client_secret", "wrong")],
        vec![("client_id", CLIENT_ID)],
        vec![("client_id", "other"), ("client_secret", SECRET)],
        vec![],
    ] {
        let form: Vec<_> = base.iter().copied().chain(extra).collect();
        let (status, body) = post_token(&h, &form).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(error_of(&body), "invalid_client");
    }
    // Failed client authentication does not burn the code.
    let (status, _) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.stats().token_requests, 5);
}

#[tokio::test]
async fn basic_auth_with_form_encoded_credentials() {
    let id = "my client:1";
    let secret = "s3cr+t/ü&=";
    let h = start(MockResoniteConfig::new(id, secret, REDIRECT)).await;
    let mut url = Url::parse(&h.authorize_url()).expect("url");
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", id)
        .append_pair("redirect_uri", REDIRECT)
        .append_pair("scope", "profile")
        .append_pair("code_challenge", &challenge(VERIFIER))
        .append_pair("code_challenge_method", "S256");
    let loc = h.approve(url.as_str(), PATRON).await.expect("approve");
    let q = query(&loc);
    assert!(!q.contains_key("state"), "no state asked, none given");
    let code = q.get("code").expect("code");

    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    let basic = |id: &str, secret: &str| {
        format!(
            "Basic {}",
            STANDARD.encode(format!("{}:{}", enc(id), enc(secret)))
        )
    };
    let form = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ])
        .finish();
    let send = |auth: String| {
        http()
            .post(h.token_url())
            .header("content-type", "application/x-www-form-urlencoded")
            .header("authorization", auth)
            .body(form.clone())
            .send()
    };
    let resp = send(basic(id, "wrong")).await.expect("send");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert!(resp.headers().contains_key("www-authenticate"));
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_of(&body), "invalid_client");

    let resp = send(basic(id, secret)).await.expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["token_type"], "Bearer");
}

#[tokio::test]
async fn both_basic_and_body_secret_is_invalid_request() {
    let h = start(config()).await;
    let resp = http()
        .post(h.token_url())
        .basic_auth(CLIENT_ID, Some(SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "grant_type=refresh_token&refresh_token=x&client_secret={SECRET}"
        ))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_of(&body), "invalid_request");
}

#[tokio::test]
async fn untrusted_client_or_redirect_uri_gets_an_error_page_not_a_redirect() {
    let h = start(config()).await;
    for overrides in [
        vec![("redirect_uri", Some("http://127.0.0.1:9/oauth/callback/"))],
        vec![("redirect_uri", Some("http://evil.example/oauth/callback"))],
        vec![("redirect_uri", None)],
        vec![("client_id", Some("someone-else"))],
        vec![("client_id", None)],
    ] {
        let resp = http()
            .get(auth_url(&h, "profile", &overrides))
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST, "{overrides:?}");
        assert!(resp.headers().get("location").is_none());
        assert!(
            resp.headers()["content-type"]
                .to_str()
                .is_ok_and(|c| c.starts_with("text/html"))
        );
        let body = resp.text().await.expect("body");
        assert!(body.contains("<html lang=\"en\">"));
    }
    let err = h
        .approve(
            &auth_url(&h, "profile", &[("client_id", Some("nope"))]),
            PATRON,
        )
        .await
        .expect_err("refused");
    assert!(matches!(
        err,
        MockError::Refused {
            status: 400,
            location: None,
            ..
        }
    ));
}

#[tokio::test]
async fn bad_authorize_parameters_redirect_with_invalid_request() {
    let h = start(config()).await;
    type Overrides<'a> = Vec<(&'a str, Option<&'a str>)>;
    let cases: Vec<(Overrides, &str)> = vec![
        (vec![("code_challenge", None)], "invalid_request"),
        (vec![("code_challenge_method", None)], "invalid_request"),
        (
            vec![("code_challenge_method", Some("plain"))],
            "invalid_request",
        ),
        (vec![("code_challenge", Some("short"))], "invalid_request"),
        (vec![("response_type", None)], "invalid_request"),
        (vec![("response_type", Some("token"))], "invalid_request"),
        (vec![("scope", Some("profile admin"))], "invalid_scope"),
        (vec![("scope", None)], "invalid_scope"),
    ];
    for (overrides, expected) in cases {
        let resp = http()
            .get(auth_url(&h, "profile", &overrides))
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), StatusCode::FOUND, "{overrides:?}");
        let loc = resp.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        assert!(loc.starts_with(REDIRECT), "{loc}");
        let q = query(&loc);
        assert_eq!(
            q.get("error").map(String::as_str),
            Some(expected),
            "{overrides:?}"
        );
        assert!(q.contains_key("error_description"));
        assert_eq!(q.get("state").map(String::as_str), Some("st4te"));
    }
    // A repeated parameter is invalid_request too.
    let dup = format!("{}&scope=email", auth_url(&h, "profile", &[]));
    let err = h.approve(&dup, PATRON).await.expect_err("refused");
    let MockError::Refused {
        status: 302,
        location: Some(loc),
        ..
    } = err
    else {
        panic!("unexpected {err:?}");
    };
    assert_eq!(query(&loc)["error"], "invalid_request");
}

#[tokio::test]
async fn redirect_uri_mismatch_at_token_is_invalid_grant() {
    let h = start(config()).await;
    let code = code_for(&h, "profile", PATRON).await;
    let (status, body) = post_token(
        &h,
        &[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", "http://127.0.0.1:9/other"),
            ("code_verifier", VERIFIER),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");
    // The code was burned by the failed attempt.
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");
}

#[tokio::test]
async fn bad_code_verifier_is_invalid_grant() {
    let h = start(config()).await;
    let other = "A".repeat(43);
    for verifier in [other.as_str(), "too-short", &format!("{VERIFIER}!")] {
        let code = code_for(&h, "profile", PATRON).await;
        let (status, body) = exchange(&h, &code, verifier).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{verifier}");
        assert_eq!(error_of(&body), "invalid_grant", "{verifier}");
    }
    let code = code_for(&h, "profile", PATRON).await;
    let (status, body) = post_token(
        &h,
        &[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("redirect_uri", REDIRECT),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");
}

#[tokio::test]
async fn reused_code_is_invalid_grant_and_revokes_its_tokens() {
    let h = start(config()).await;
    let code = code_for(&h, "profile offline_access", PATRON).await;
    let (status, first) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");

    let access = first["access_token"].as_str().expect("access");
    let (status, _) = get_profile(&h.profile_url(), access).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let refresh = first["refresh_token"].as_str().expect("refresh");
    let (status, body) = refresh_with(&h, refresh).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");
}

#[tokio::test]
async fn unknown_and_missing_code() {
    let h = start(config()).await;
    let (status, body) = exchange(&h, "no-such-code", VERIFIER).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");
    let (status, body) = post_token(
        &h,
        &[
            ("grant_type", "authorization_code"),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_request");
}

#[tokio::test]
async fn expired_code_is_invalid_grant() {
    let mut cfg = config();
    cfg.code_ttl = Duration::ZERO;
    let h = start(cfg).await;
    let code = code_for(&h, "profile", PATRON).await;
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");
    assert_eq!(body["error_description"], "authorization code expired");
}

#[tokio::test]
async fn deny_redirects_with_access_denied_and_state() {
    let h = start(config()).await;
    let loc = h
        .deny(&auth_url(&h, "profile", &[("state", Some("a b&c=d"))]))
        .await
        .expect("deny");
    assert!(loc.starts_with(REDIRECT), "{loc}");
    let q = query(&loc);
    assert_eq!(q.get("error").map(String::as_str), Some("access_denied"));
    assert_eq!(q.get("state").map(String::as_str), Some("a b&c=d"));
    assert!(!q.contains_key("code"));
}

#[tokio::test]
async fn approve_with_unknown_account_is_refused() {
    let h = start(config()).await;
    let err = h
        .approve(&auth_url(&h, "profile", &[]), "U-Nobody")
        .await
        .expect_err("unknown");
    assert!(matches!(err, MockError::UnknownAccount(ref id) if id == "U-Nobody"));

    // Posting it anyway (bypassing the page) gets a 400 page.
    let c = challenge(VERIFIER);
    let form = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("response_type", "code"),
            ("client_id", CLIENT_ID),
            ("redirect_uri", REDIRECT),
            ("scope", "profile"),
            ("state", "s"),
            ("code_challenge", c.as_str()),
            ("code_challenge_method", "S256"),
            ("account", "U-Nobody"),
            ("decision", "approve"),
        ])
        .finish();
    let resp = http()
        .post(h.authorize_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.headers().get("location").is_none());
}

async fn refresh_with(h: &MockHandle, refresh: &str) -> (StatusCode, Value) {
    post_token(
        h,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ],
    )
    .await
}

#[tokio::test]
async fn refresh_tokens_rotate_and_can_be_revoked() {
    let h = start(config()).await;
    let code = code_for(&h, "profile patreon offline_access", PATRON).await;
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["scope"], "profile patreon offline_access");
    let r1 = body["refresh_token"].as_str().expect("refresh").to_owned();

    let (status, body) = refresh_with(&h, &r1).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let r2 = body["refresh_token"].as_str().expect("rotated").to_owned();
    assert_ne!(r1, r2);
    let access = body["access_token"].as_str().expect("access");
    let (status, profile) = get_profile(&h.profile_url(), access).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(profile["id"], PATRON);

    // The old one is gone.
    let (status, body) = refresh_with(&h, &r1).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");

    // Narrowing is allowed, widening is not.
    let (status, body) = post_token(
        &h,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &r2),
            ("scope", "profile email"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_scope");

    h.revoke_refresh_tokens(PATRON);
    let (status, body) = refresh_with(&h, &r2).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_of(&body), "invalid_grant");

    let stats = h.stats();
    assert_eq!(stats.token_requests, 5);
    assert_eq!(stats.refresh_requests, 4);
}

#[tokio::test]
async fn unsupported_grant_type_and_non_form_body() {
    let h = start(config()).await;
    let (status, body) = post_token(
        &h,
        &[
            ("grant_type", "password"),
            ("client_id", CLIENT_ID),
            ("client_secret", SECRET),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "unsupported_grant_type", "error_description": "grant_type must be authorization_code or refresh_token"})
    );

    let resp = http()
        .post(h.token_url())
        .json(&json!({"grant_type": "authorization_code"}))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(error_of(&body), "invalid_request");
}

#[tokio::test]
async fn set_profile_is_seen_at_the_next_fetch() {
    let h = start(config()).await;
    let code = code_for(&h, "profile", PATRON).await;
    let (_, body) = exchange(&h, &code, VERIFIER).await;
    let token = body["access_token"].as_str().expect("token").to_owned();

    let mut changed = h.profile(PATRON).expect("known");
    changed["isActiveSupporter"] = json!(false);
    changed["supporterMetadata"] = json!([]);
    h.set_profile(changed);
    let (status, profile) = get_profile(&h.profile_url(), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(profile["isActiveSupporter"], false);
    assert_eq!(profile["supporterMetadata"], json!([]));

    // A new account can be added and then chosen on the consent page.
    h.set_profile(json!({"id": "U-New", "username": "New <b>one</b>"}));
    assert_eq!(
        h.profile("U-New").expect("added")["username"],
        "New <b>one</b>"
    );
    let code = code_for(&h, "profile", "U-New").await;
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK);
    let (_, profile) =
        get_profile(&h.profile_url(), body["access_token"].as_str().expect("t")).await;
    assert_eq!(profile["id"], "U-New");
}

#[tokio::test]
async fn email_only_with_the_email_scope() {
    let h = start(config()).await;
    for (scope, has_email) in [("profile", false), ("profile email", true)] {
        let code = code_for(&h, scope, PATRON).await;
        let (_, body) = exchange(&h, &code, VERIFIER).await;
        assert_eq!(body["scope"], scope);
        let (status, profile) =
            get_profile(&h.profile_url(), body["access_token"].as_str().expect("t")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(profile.get("email").is_some(), has_email, "{scope}");
        if has_email {
            assert_eq!(profile["email"], "patron@example.com");
        }
    }
    // The stored profile keeps its email either way.
    assert!(h.profile(PATRON).expect("p").get("email").is_some());
}

#[tokio::test]
async fn consent_page_escapes_a_hostile_state() {
    let h = start(config()).await;
    let hostile = "\"><script>alert(1)</script>&amp;'x";
    let url = auth_url(&h, "profile patreon", &[("state", Some(hostile))]);
    let resp = http().get(&url).send().await.expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(csp.contains("default-src 'none'"));
    let page = resp.text().await.expect("body");
    assert!(!page.contains("<script>"), "raw markup echoed");
    assert!(page.contains(
        "name=\"state\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;'x\""
    ));
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<meta name=\"viewport\""));
    assert!(page.contains("<title>"));
    assert!(page.contains("method=\"post\" action=\"/connect/authorize\""));
    assert!(page.contains("value=\"approve\"") && page.contains("value=\"deny\""));
    assert!(page.contains("type=\"radio\" name=\"account\" value=\"U-PatronUser\""));
    assert!(page.contains("PatronUser") && page.contains("patreon"));
    assert!(
        !page.contains("src=") && !page.replace("href=\"data:,\"", "").contains("href="),
        "no external resources (the icon is inline)"
    );

    // The state survives the round trip through the page exactly.
    let loc = h.approve(&url, PATRON).await.expect("approve");
    assert_eq!(query(&loc)["state"], hostile);
}

#[tokio::test]
async fn token_faults() {
    let h = start(config()).await;
    let code = code_for(&h, "profile", PATRON).await;

    h.set_fault(Fault::TokenStatus(503));
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_of(&body), "temporarily_unavailable");

    h.set_fault(Fault::TokenRedirect(
        "http://169.254.169.254/latest".to_owned(),
    ));
    let resp = http()
        .post(h.token_url())
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=refresh_token&refresh_token=x")
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::FOUND);
    assert_eq!(resp.headers()["location"], "http://169.254.169.254/latest");

    h.set_fault(Fault::TokenDelay(Duration::from_millis(50)));
    let started = std::time::Instant::now();
    let (status, _) = exchange(&h, &code, VERIFIER).await;
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(status, StatusCode::OK, "faults did not burn the code");

    h.set_fault(Fault::None);
    let stats = h.stats();
    assert_eq!(stats.token_requests, 3);
    assert_eq!(stats.refresh_requests, 1);
}

#[tokio::test]
async fn profile_faults() {
    let h = start(config()).await;
    let code = code_for(&h, "profile", PATRON).await;
    let (_, body) = exchange(&h, &code, VERIFIER).await;
    let token = body["access_token"].as_str().expect("t").to_owned();

    h.set_fault(Fault::ProfileStatus(500));
    let (status, _) = get_profile(&h.profile_url(), &token).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);

    h.set_fault(Fault::ProfileBody("{\"id\": ".to_owned()));
    let resp = http()
        .get(h.profile_url())
        .bearer_auth(&token)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/json");
    assert_eq!(resp.text().await.expect("text"), "{\"id\": ");

    for n in [0usize, 1, 2, 100, 200_000] {
        h.set_fault(Fault::ProfileHuge(n));
        let resp = http()
            .get(h.profile_url())
            .bearer_auth(&token)
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.content_length(), Some(n as u64));
        let bytes = resp.bytes().await.expect("bytes");
        assert_eq!(bytes.len(), n);
        if n >= 1 {
            assert!(
                serde_json::from_slice::<Value>(&bytes).is_ok(),
                "{n} bytes is JSON"
            );
        }
    }

    h.set_fault(Fault::ProfileDelay(Duration::from_millis(50)));
    let started = std::time::Instant::now();
    let (status, _) = get_profile(&h.profile_url(), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(50));

    h.set_fault(Fault::None);
    let (status, _) = get_profile(&h.profile_url(), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h.stats().profile_requests, 9);
}

#[tokio::test]
async fn index_page_lists_endpoints_and_accounts() {
    let h = start(config()).await;
    let resp = http()
        .get(format!("{}/", h.base_url))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::OK);
    let page = resp.text().await.expect("body");
    assert!(page.contains("resonite-verify mock Resonite server"));
    assert!(page.contains(&h.token_url()));
    assert!(page.contains(&h.profile_url()));
    assert!(page.contains("U-NeosVeteran"));
    assert!(!page.contains(SECRET));

    let resp = http()
        .get(format!("{}/nope", h.base_url))
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let h = start(config()).await;
    h.shutdown();
    h.wait().await;
    assert!(http().get(h.authorize_url()).send().await.is_err());
}

#[tokio::test]
async fn router_works_without_a_listener() {
    use tower::ServiceExt as _;
    let mock = MockResonite::new(config());
    let resp = mock
        .router()
        .oneshot(
            axum::http::Request::get("/api/user/profiles")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await
        .expect("infallible");
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(mock.stats().profile_requests, 1);
}

async fn revoke(h: &MockHandle, form: &[(&str, &str)]) -> StatusCode {
    http()
        .post(h.revocation_url())
        .form(form)
        .send()
        .await
        .expect("revocation answers")
        .status()
}

#[tokio::test]
async fn a_revoked_refresh_token_no_longer_refreshes() {
    let h = start(config()).await;
    let refresh = h.grant_refresh_token(PATRON, &["profile", "offline_access"]);
    let other = h.grant_refresh_token("U-BasicUser", &["profile", "offline_access"]);
    let client = [("client_id", CLIENT_ID), ("client_secret", SECRET)];

    // Wrong credentials: refused, and the token still works.
    let wrong = [
        ("client_id", CLIENT_ID),
        ("client_secret", "nope"),
        ("token", refresh.as_str()),
    ];
    assert_eq!(revoke(&h, &wrong).await, StatusCode::UNAUTHORIZED);
    let mut form = client.to_vec();
    form.extend([
        ("token", refresh.as_str()),
        ("token_type_hint", "refresh_token"),
    ]);
    assert_eq!(revoke(&h, &form).await, StatusCode::OK);
    let (status, body) = refresh_with(&h, &refresh).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    // Someone else's token is untouched.
    assert_eq!(refresh_with(&h, &other).await.0, StatusCode::OK);

    // An unknown token is answered 200 too (RFC 7009 2.2); a bad hint is not.
    let mut unknown = client.to_vec();
    unknown.push(("token", "never-issued"));
    assert_eq!(revoke(&h, &unknown).await, StatusCode::OK);
    let mut hinted = client.to_vec();
    hinted.extend([("token", "x"), ("token_type_hint", "id_token")]);
    assert_eq!(revoke(&h, &hinted).await, StatusCode::BAD_REQUEST);

    h.set_fault(Fault::RevocationStatus(503));
    assert_eq!(revoke(&h, &form).await, StatusCode::SERVICE_UNAVAILABLE);
    let stats = h.stats();
    assert_eq!(stats.revocation_requests, 5);
    assert_eq!(stats.revoked_users, vec![PATRON.to_owned()]);
}

#[tokio::test]
async fn latency_delays_token_and_profile_until_set_back_to_zero() {
    let h = start(config()).await;
    let code = code_for(&h, "profile patreon", PATRON).await;
    let latency = Duration::from_secs(2);
    h.set_latency(latency);

    let began = std::time::Instant::now();
    let (status, body) = exchange(&h, &code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        began.elapsed() >= latency,
        "token after {:?}",
        began.elapsed()
    );
    let token = body["access_token"].as_str().expect("access_token");
    let began = std::time::Instant::now();
    let (status, _) = get_profile(&h.profile_url(), token).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        began.elapsed() >= latency,
        "profile after {:?}",
        began.elapsed()
    );

    h.set_latency(Duration::ZERO);
    let (status, _) = tokio::time::timeout(latency * 3 / 4, get_profile(&h.profile_url(), token))
        .await
        .expect("no latency once set back to zero");
    assert_eq!(status, StatusCode::OK);
}
