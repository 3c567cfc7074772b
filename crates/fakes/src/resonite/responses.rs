//! The responses every endpoint answers with: HTML pages, redirects, JSON and OAuth errors.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, PRAGMA};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use serde_json::{Value, json};

use super::pages;

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

pub(super) fn invalid_request(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}
