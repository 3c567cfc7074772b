//! Discord's OAuth2, as the Linked Roles flow uses it: the consent page
//! (`/oauth2/authorize`, in `consent`), the token endpoint for the
//! `authorization_code` and `refresh_token` grants, revocation, and what a
//! user's Bearer token stands for (`routes` sends it to `GET /users/@me`, answered
//! with [`current_user`], or to the role connection in `linked_roles`).
//!
//! Neither `POST /oauth2/token` nor `POST /oauth2/token/revoke` is in Discord's
//! OpenAPI description (it lists only the OAuth2 security scheme's URLs), so
//! their requests are not schema-checked; their shapes follow Discord's OAuth2
//! documentation and RFC 6749 / RFC 7009.

pub(super) mod browser;
mod consent;
mod grants;

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::model::RecordedRequest;
use super::payload;

pub use grants::DEFAULT_CLIENT_SECRET;
pub(super) use grants::{
    Grant, OAuth, OAuthUser, SCOPE_GUILDS, SCOPE_IDENTIFY, SCOPE_ROLE_CONNECTIONS_WRITE, Side, form,
};

/// The request's body as text (forms are recorded as a JSON string).
fn body_text(request: &RecordedRequest) -> &str {
    match &request.body {
        Some(Value::String(text)) => text,
        _ => "",
    }
}

/// Handles the OAuth2 routes (consent page, token, revocation); `None` leaves the request
/// to the others.
pub(super) fn respond(state: &mut Side<'_>, request: &RecordedRequest) -> Option<Response> {
    let path = request.path.as_str();
    let method = request.method.as_str();
    match (method, path) {
        ("GET", "/oauth2/authorize") => {
            Some(consent::show(state, request.query.as_deref().unwrap_or("")))
        }
        ("POST", "/oauth2/authorize") => Some(consent::decide(state, body_text(request))),
        ("POST", "/api/v10/oauth2/token") => Some(token(state, request)),
        ("POST", "/api/v10/oauth2/token/revoke") => Some(revoke(state, request)),
        _ => None,
    }
}

/// The user Bearer token a request carries, if any.
pub(super) fn bearer_token(request: &RecordedRequest) -> Option<&str> {
    request
        .authorization
        .as_deref()
        .and_then(|a| a.strip_prefix("Bearer "))
}

/// `GET /users/@me` with a user's token: their user object plus the private
/// fields the `identify` scope shows (`email` only with the `email` scope).
pub(super) fn current_user(oauth: &OAuth, grant: &Grant) -> Value {
    let (username, global_name) = match oauth.users.get(&grant.user_id) {
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
    state: &Side<'_>,
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
fn token(state: &mut Side<'_>, request: &RecordedRequest) -> Response {
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

fn exchange_code(state: &mut Side<'_>, params: &HashMap<String, String>) -> Issued {
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
fn refresh(state: &mut Side<'_>, params: &HashMap<String, String>) -> Issued {
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
fn revoke(state: &mut Side<'_>, request: &RecordedRequest) -> Response {
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
