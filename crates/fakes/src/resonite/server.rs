//! The router and what the endpoints share: parameter parsing, random tokens, responses.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, PRAGMA};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use maud::Markup;
use serde_json::{Value, json};

use super::{
    AUTHORIZE_PATH, Inner, PROFILE_PATH, PROFILE_PATH_SINGULAR, TOKEN_PATH, authorize, pages,
    profile, profile_id, token,
};

pub(super) fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/", get(index))
        .route(AUTHORIZE_PATH, get(authorize::show).post(authorize::decide))
        .route(TOKEN_PATH, post(token::token))
        .route(PROFILE_PATH, get(profile::profile))
        .route(PROFILE_PATH_SINGULAR, get(profile::profile))
        .fallback(not_found)
        .with_state(inner)
}

// ---------------------------------------------------------------------------------------
// Helpers

/// Form or query parameters: the first value of each name, and the names given twice
/// (RFC 6749 3.1/3.2: parameters must not be repeated).
pub(super) struct Params {
    map: HashMap<String, String>,
    pub(super) dups: Vec<String>,
}

impl Params {
    pub(super) fn parse(bytes: &[u8]) -> Self {
        let mut map = HashMap::new();
        let mut dups = Vec::new();
        for (k, v) in url::form_urlencoded::parse(bytes) {
            if map.contains_key(k.as_ref()) {
                if !dups.iter().any(|d| d == k.as_ref()) {
                    dups.push(k.into_owned());
                }
            } else {
                map.insert(k.into_owned(), v.into_owned());
            }
        }
        Self { map, dups }
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name).map(String::as_str)
    }

    pub(super) fn is_dup(&self, name: &str) -> bool {
        self.dups.iter().any(|d| d == name)
    }
}

/// 256 random bits, base64url without padding (43 characters).
pub(crate) fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

pub(super) fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub(super) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

pub(super) fn html(status: StatusCode, markup: Markup) -> Response {
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
            (
                axum::http::header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'",
            ),
            (axum::http::header::X_FRAME_OPTIONS, "DENY"),
            (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (axum::http::header::REFERRER_POLICY, "no-referrer"),
        ],
        markup.into_string(),
    )
        .into_response()
}

pub(super) fn error_page(status: StatusCode, message: &str) -> Response {
    html(status, pages::error(status, message))
}

pub(super) fn redirect(status: StatusCode, location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(v) => (status, [(LOCATION, v)]).into_response(),
        Err(_) => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The redirect location is not a valid header value.",
        ),
    }
}

/// `base` with `pairs` appended to its query (encoded by `url`).
pub(super) fn with_query(base: &str, pairs: &[(&str, &str)]) -> Option<String> {
    let mut url = url::Url::parse(base).ok()?;
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
    }
    Some(url.into())
}

pub(super) fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(CACHE_CONTROL, "no-store"), (PRAGMA, "no-cache")],
        axum::Json(body),
    )
        .into_response()
}

pub(super) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    tracing::info!(%status, error, description, "mock Resonite: token request refused");
    json_response(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

/// The status to answer for an injected fault; nonsense codes become 500.
pub(super) fn fault_status(n: u16) -> StatusCode {
    match StatusCode::from_u16(n) {
        Ok(s) if (200..=599).contains(&n) => s,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

// ---------------------------------------------------------------------------------------
// Index and 404

async fn index(State(inner): State<Arc<Inner>>) -> Response {
    let accounts = accounts(&inner);
    let base = inner.base_url.get().map(String::as_str).unwrap_or("");
    html(
        StatusCode::OK,
        pages::index(base, &inner.client_id, &inner.redirect_uri, &accounts),
    )
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

/// (id, username) of every profile, in order.
pub(super) fn accounts(inner: &Inner) -> Vec<(String, String)> {
    inner
        .store()
        .profiles
        .iter()
        .filter_map(|p| {
            let id = profile_id(p)?;
            let name = p
                .get("username")
                .and_then(Value::as_str)
                .unwrap_or("(no username)");
            Some((id.to_owned(), name.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn params_notice_duplicates() {
        let p = Params::parse(b"a=1&b=2&a=3&a=4");
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.dups, vec!["a".to_owned()]);
        assert!(!p.is_dup("b"));
    }

    #[test]
    fn random_tokens_are_long_and_url_safe() {
        let t = random_token();
        assert_eq!(t.len(), 43);
        assert!(
            t.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_ne!(t, random_token());
    }
}
