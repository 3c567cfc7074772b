//! Discord's OAuth2, as the Linked Roles flow uses it: the consent page
//! (`/oauth2/authorize`, in `consent`), the token endpoint for the
//! `authorization_code` and `refresh_token` grants, revocation, and what a
//! user's Bearer token opens (`GET /users/@me` here, the role connection in
//! `linked_roles`).
//!
//! Neither `POST /oauth2/token` nor `POST /oauth2/token/revoke` is in Discord's
//! OpenAPI description (it lists only the OAuth2 security scheme's URLs), so
//! their requests are not schema-checked; their shapes follow Discord's OAuth2
//! documentation and RFC 6749 / RFC 7009.

pub(super) mod browser;
mod consent;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::RecordedRequest;
use super::error::ApiError;
use super::linked_roles;
use super::my_guilds;
use super::payload;
use super::routes::{Reply, reply};
use super::state::State;

/// The client secret a new fake answers to ([`super::FakeDiscord::set_client_secret`]).
pub const DEFAULT_CLIENT_SECRET: &str = "fake-discord-client-secret";
/// Discord's access tokens last 7 days (`expires_in: 604800`).
const DEFAULT_ACCESS_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
/// Discord's authorization codes are short-lived; 10 minutes here.
const DEFAULT_CODE_TTL: Duration = Duration::from_secs(600);

pub(super) const SCOPE_IDENTIFY: &str = "identify";
pub(super) const SCOPE_ROLE_CONNECTIONS_WRITE: &str = "role_connections.write";
pub(super) const SCOPE_GUILDS: &str = "guilds";
/// Scopes the consent page accepts; anything else is `invalid_scope`.
const KNOWN_SCOPES: [&str; 8] = [
    SCOPE_IDENTIFY,
    SCOPE_ROLE_CONNECTIONS_WRITE,
    "email",
    SCOPE_GUILDS,
    "guilds.members.read",
    "connections",
    "openid",
    "applications.commands",
];

/// A Discord account that can sign in on the consent page.
#[derive(Clone, Debug)]
pub(super) struct OAuthUser {
    pub username: String,
    pub global_name: Option<String>,
}

struct CodeGrant {
    user_id: u64,
    scopes: Vec<String>,
    redirect_uri: String,
    code_challenge: Option<String>,
    issued: Instant,
}

/// What a token stands for; one per authorization, shared by the tokens
/// refreshed from it, so revoking one revokes them all.
#[derive(Clone)]
pub(super) struct Grant {
    pub id: u64,
    pub user_id: u64,
    pub scopes: Vec<String>,
}

struct AccessToken {
    grant: Grant,
    expires: Instant,
}

/// The OAuth2 side of the fake: the application's client settings, the
/// accounts, and the codes and tokens issued.
pub(super) struct OAuth {
    pub client_secret: String,
    pub redirect_uris: Vec<String>,
    pub users: BTreeMap<u64, OAuthUser>,
    pub code_ttl: Duration,
    pub access_ttl: Duration,
    codes: HashMap<String, CodeGrant>,
    access: HashMap<String, AccessToken>,
    refresh: HashMap<String, Grant>,
    revoked_grants: BTreeSet<u64>,
    next_grant: u64,
}

impl OAuth {
    pub fn new() -> Self {
        Self {
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            redirect_uris: Vec::new(),
            users: BTreeMap::new(),
            code_ttl: DEFAULT_CODE_TTL,
            access_ttl: DEFAULT_ACCESS_TTL,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            revoked_grants: BTreeSet::new(),
            next_grant: 0,
        }
    }

    /// Issues a code for an approved authorization.
    fn issue_code(
        &mut self,
        user_id: u64,
        scopes: Vec<String>,
        redirect_uri: &str,
        code_challenge: Option<String>,
    ) -> String {
        let code = random_token();
        self.codes.insert(
            code.clone(),
            CodeGrant {
                user_id,
                scopes,
                redirect_uri: redirect_uri.to_owned(),
                code_challenge,
                issued: Instant::now(),
            },
        );
        code
    }

    /// A new authorization for `user_id`: its access and refresh tokens.
    pub fn grant(&mut self, user_id: u64, scopes: Vec<String>) -> (String, String, Grant) {
        self.next_grant += 1;
        let grant = Grant {
            id: self.next_grant,
            user_id,
            scopes,
        };
        let (access, refresh) = self.tokens_for(&grant);
        (access, refresh, grant)
    }

    fn tokens_for(&mut self, grant: &Grant) -> (String, String) {
        let access = random_token();
        let refresh = random_token();
        self.access.insert(
            access.clone(),
            AccessToken {
                grant: grant.clone(),
                expires: Instant::now() + self.access_ttl,
            },
        );
        self.refresh.insert(refresh.clone(), grant.clone());
        (access, refresh)
    }

    /// The grant behind a live access token.
    pub fn bearer(&self, token: &str) -> Option<&Grant> {
        let access = self.access.get(token)?;
        (access.expires > Instant::now() && !self.revoked_grants.contains(&access.grant.id))
            .then_some(&access.grant)
    }

    /// Revokes every token of one authorization.
    fn revoke_grant(&mut self, grant_id: u64) {
        self.revoked_grants.insert(grant_id);
        self.access.retain(|_, a| a.grant.id != grant_id);
        self.refresh.retain(|_, g| g.id != grant_id);
    }

    /// Revokes every token issued to `user_id`.
    pub fn revoke_user(&mut self, user_id: u64) {
        let grants: BTreeSet<u64> = self
            .access
            .values()
            .map(|a| &a.grant)
            .chain(self.refresh.values())
            .filter(|g| g.user_id == user_id)
            .map(|g| g.id)
            .collect();
        for grant in grants {
            self.revoke_grant(grant);
        }
        self.codes.retain(|_, c| c.user_id != user_id);
    }
}

/// 256 random bits, base64url without padding.
pub(super) fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// Form or query parameters (first value of each name).
pub(super) fn form(text: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (key, value) in url::form_urlencoded::parse(text.as_bytes()) {
        map.entry(key.into_owned()).or_insert(value.into_owned());
    }
    map
}

/// The request's body as text (forms are recorded as a JSON string).
fn body_text(request: &RecordedRequest) -> &str {
    match &request.body {
        Some(Value::String(text)) => text,
        _ => "",
    }
}

/// Handles the OAuth2 routes and every request carrying a Bearer token;
/// `None` leaves the request to the bot-token routes.
pub(super) fn respond(state: &mut State, request: &RecordedRequest) -> Option<Response> {
    let path = request.path.as_str();
    let method = request.method.as_str();
    match (method, path) {
        ("GET", "/oauth2/authorize") => {
            return Some(consent::show(state, request.query.as_deref().unwrap_or("")));
        }
        ("POST", "/oauth2/authorize") => {
            return Some(consent::decide(state, body_text(request)));
        }
        ("POST", "/api/v10/oauth2/token") => return Some(token(state, request)),
        ("POST", "/api/v10/oauth2/token/revoke") => return Some(revoke(state, request)),
        ("GET", my_guilds::PATH)
            if request.authorization.as_deref() == Some(&format!("Bot {}", state.app.token)) =>
        {
            let bot = state.app.bot_user_id;
            return Some(reply(Ok(Reply::Json(my_guilds::list(
                state,
                bot,
                request.query.as_deref(),
            )))));
        }
        _ => {}
    }
    let bearer = request
        .authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Bearer "));
    if let Some(token) = bearer {
        return Some(bearer_route(state, request, token));
    }
    // The role connection is the user's: a bot token cannot reach it.
    linked_roles::is_role_connection_path(path).then(|| api_error(&ApiError::UNAUTHORIZED))
}

fn bearer_route(state: &mut State, request: &RecordedRequest, token: &str) -> Response {
    let Some(grant) = state.oauth.bearer(token).cloned() else {
        return api_error(&ApiError::UNAUTHORIZED);
    };
    let has = |scope: &str| grant.scopes.iter().any(|s| s == scope);
    let answer =
        match (request.method.as_str(), request.path.as_str()) {
            ("GET", "/api/v10/users/@me") if has(SCOPE_IDENTIFY) => {
                Some(Ok(Reply::Json(current_user(state, &grant))))
            }
            ("GET", "/api/v10/users/@me") => Some(Err(ApiError::UNAUTHORIZED)),
            ("GET", my_guilds::PATH) if has(SCOPE_GUILDS) => Some(Ok(Reply::Json(
                my_guilds::list(state, grant.user_id, request.query.as_deref()),
            ))),
            ("GET", my_guilds::PATH) => Some(Err(ApiError::UNAUTHORIZED)),
            _ => linked_roles::role_connection(state, request, &grant),
        };
    // A user's token opens nothing else (the bot's routes need the bot token).
    reply(answer.unwrap_or(Err(ApiError::UNAUTHORIZED)))
}

/// `GET /users/@me` with a user's token: their user object plus the private
/// fields the `identify` scope shows (`email` only with the `email` scope).
fn current_user(state: &State, grant: &Grant) -> Value {
    let (username, global_name) = match state.oauth.users.get(&grant.user_id) {
        Some(user) => (user.username.clone(), user.global_name.clone()),
        None => (format!("user{}", grant.user_id), None),
    };
    let mut user = payload::user(grant.user_id, &username, false);
    user["global_name"] = global_name.into();
    user["mfa_enabled"] = json!(false);
    user["locale"] = json!("en-US");
    user["premium_type"] = json!(0);
    if grant.scopes.iter().any(|s| s == "email") {
        user["email"] = json!(format!("{username}@example.com"));
        user["verified"] = json!(true);
    }
    user
}

pub(super) fn api_error(error: &ApiError) -> Response {
    (error.status, axum::Json(error.body())).into_response()
}

/// An OAuth2 error (`{"error", "error_description"}`), as the token endpoints answer.
struct OAuthError {
    status: StatusCode,
    error: &'static str,
    description: Option<&'static str>,
}

impl OAuthError {
    const INVALID_CLIENT: Self = Self::new(StatusCode::UNAUTHORIZED, "invalid_client");
    const INVALID_REQUEST: Self = Self::new(StatusCode::BAD_REQUEST, "invalid_request");
    const UNSUPPORTED_GRANT_TYPE: Self =
        Self::new(StatusCode::BAD_REQUEST, "unsupported_grant_type");

    const fn new(status: StatusCode, error: &'static str) -> Self {
        Self {
            status,
            error,
            description: None,
        }
    }

    fn invalid_grant(description: &'static str) -> Self {
        Self {
            description: Some(description),
            ..Self::new(StatusCode::BAD_REQUEST, "invalid_grant")
        }
    }

    fn response(&self) -> Response {
        let mut body = json!({ "error": self.error });
        if let Some(description) = self.description {
            body["error_description"] = json!(description);
        }
        (self.status, axum::Json(body)).into_response()
    }
}

/// The client authenticated by HTTP Basic (`client_id:client_secret`, each
/// form-urlencoded, RFC 6749 2.3.1) or by `client_id` and `client_secret` in
/// the body; `Err` answers `401 invalid_client`.
fn authenticate_client(
    state: &State,
    request: &RecordedRequest,
    params: &HashMap<String, String>,
) -> Result<(), OAuthError> {
    let basic = request
        .authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    let (id, secret) = match basic {
        Some(pair) => match pair.split_once(':') {
            Some((id, secret)) => (
                url_decode(id),
                Some(url_decode(secret)).filter(|s| !s.is_empty()),
            ),
            None => (String::new(), None),
        },
        None => (
            params.get("client_id").cloned().unwrap_or_default(),
            params.get("client_secret").cloned(),
        ),
    };
    let secret_ok =
        secret.is_some_and(|s| ct_eq(s.as_bytes(), state.oauth.client_secret.as_bytes()));
    if id == state.app.application_id.to_string() && secret_ok {
        Ok(())
    } else {
        Err(OAuthError::INVALID_CLIENT)
    }
}

fn url_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={text}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `POST /api/v10/oauth2/token`.
fn token(state: &mut State, request: &RecordedRequest) -> Response {
    let params = form(body_text(request));
    if let Err(refused) = authenticate_client(state, request, &params) {
        return refused.response();
    }
    let issued = match params.get("grant_type").map(String::as_str) {
        Some("authorization_code") => exchange_code(state, &params),
        Some("refresh_token") => refresh(state, &params),
        _ => Err(OAuthError::UNSUPPORTED_GRANT_TYPE),
    };
    match issued {
        Ok((access, refresh, scopes)) => {
            let body = json!({
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": state.oauth.access_ttl.as_secs(),
                "refresh_token": refresh,
                "scope": scopes.join(" "),
            });
            let mut response = (StatusCode::OK, axum::Json(body)).into_response();
            response.headers_mut().insert(
                CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            response
        }
        Err(error) => error.response(),
    }
}

type Issued = Result<(String, String, Vec<String>), OAuthError>;

fn exchange_code(state: &mut State, params: &HashMap<String, String>) -> Issued {
    let code = params
        .get("code")
        .ok_or_else(|| OAuthError::invalid_grant("Invalid \"code\" in request."))?;
    // Single use: taken out whatever happens next.
    let grant = state
        .oauth
        .codes
        .remove(code)
        .filter(|g| g.issued.elapsed() < state.oauth.code_ttl)
        .ok_or_else(|| OAuthError::invalid_grant("Invalid \"code\" in request."))?;
    if params.get("redirect_uri") != Some(&grant.redirect_uri) {
        return Err(OAuthError::invalid_grant(
            "Invalid \"redirect_uri\" in request.",
        ));
    }
    if let Some(challenge) = &grant.code_challenge {
        let verifier = params
            .get("code_verifier")
            .map(String::as_str)
            .unwrap_or("");
        let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
        if computed != *challenge {
            return Err(OAuthError::invalid_grant(
                "Invalid \"code_verifier\" in request.",
            ));
        }
    }
    let (access, refresh, grant) = state.oauth.grant(grant.user_id, grant.scopes);
    Ok((access, refresh, grant.scopes))
}

/// Refresh tokens rotate: the one presented is spent, a new pair is issued.
fn refresh(state: &mut State, params: &HashMap<String, String>) -> Issued {
    let presented = params
        .get("refresh_token")
        .ok_or_else(|| OAuthError::invalid_grant("Invalid \"refresh_token\" in request."))?;
    let grant = state
        .oauth
        .refresh
        .remove(presented)
        .filter(|g| !state.oauth.revoked_grants.contains(&g.id))
        .ok_or_else(|| OAuthError::invalid_grant("Invalid \"refresh_token\" in request."))?;
    let (access, refresh) = state.oauth.tokens_for(&grant);
    Ok((access, refresh, grant.scopes))
}

/// `POST /api/v10/oauth2/token/revoke`: revokes the whole authorization the
/// token (access or refresh) belongs to; an unknown token is fine (RFC 7009).
fn revoke(state: &mut State, request: &RecordedRequest) -> Response {
    let params = form(body_text(request));
    if let Err(refused) = authenticate_client(state, request, &params) {
        return refused.response();
    }
    let Some(token) = params.get("token") else {
        return OAuthError::INVALID_REQUEST.response();
    };
    let grant = state
        .oauth
        .access
        .get(token)
        .map(|a| a.grant.id)
        .or_else(|| state.oauth.refresh.get(token).map(|g| g.id));
    if let Some(grant) = grant {
        state.oauth.revoke_grant(grant);
    }
    (StatusCode::OK, axum::Json(json!({}))).into_response()
}
