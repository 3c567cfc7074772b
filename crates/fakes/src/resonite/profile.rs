//! The profile endpoints (`/api/user/profiles` and `/api/user/profile`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::responses::{fault_status, json_response};
use super::state::{Fault, Inner};

pub(super) async fn profile(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    {
        let mut store = inner.store();
        store.stats.profile_requests += 1;
        store.stats.profile_request_times.push(Instant::now());
    }
    match inner.fault() {
        Fault::ProfileStatus(n) => {
            let status = fault_status(n);
            tracing::info!(%status, "mock Resonite: injected profile fault");
            return json_response(
                status,
                json!({ "error": "injected fault", "status": status.as_u16() }),
            );
        }
        Fault::ProfileDelay(d) => tokio::time::sleep(d).await,
        Fault::ProfileBody(body) => {
            tracing::info!("mock Resonite: injected profile body");
            return (StatusCode::OK, [(CONTENT_TYPE, "application/json")], body).into_response();
        }
        Fault::ProfileHuge(n) => {
            tracing::info!(bytes = n, "mock Resonite: injected huge profile");
            return huge_body(n);
        }
        _ => {}
    }
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim());
    let Some(token) = token else {
        return unauthorized(None);
    };
    let now = Instant::now();
    let store = inner.store();
    let Some(grant) = store.access_tokens.get(token) else {
        return unauthorized(Some("unknown access token"));
    };
    if now.duration_since(grant.issued) >= inner.access_token_ttl {
        return unauthorized(Some("access token expired"));
    }
    let Some(mut profile) = store.find_profile(&grant.user_id).cloned() else {
        return json_response(StatusCode::NOT_FOUND, json!({ "error": "user not found" }));
    };
    if !grant.scopes.iter().any(|s| s == "email")
        && let Some(obj) = profile.as_object_mut()
    {
        obj.remove("email");
    }
    tracing::debug!(user = %grant.user_id, "mock Resonite: profile served");
    json_response(StatusCode::OK, profile)
}

fn unauthorized(description: Option<&str>) -> Response {
    let (challenge, body) = match description {
        None => (
            "Bearer realm=\"resonite-verify mock\"".to_owned(),
            json!({ "error": "invalid_request", "error_description": "Bearer token required" }),
        ),
        Some(d) => (
            format!(
                "Bearer realm=\"resonite-verify mock\", error=\"invalid_token\", error_description=\"{d}\""
            ),
            json!({ "error": "invalid_token", "error_description": d }),
        ),
    };
    let mut resp = json_response(StatusCode::UNAUTHORIZED, body);
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        resp.headers_mut().insert(WWW_AUTHENTICATE, v);
    }
    resp
}

/// A 200 JSON body of exactly `n` bytes, streamed: a string `"aaa…"` (or `0` / nothing
/// for n < 2).
fn huge_body(n: usize) -> Response {
    const CHUNK: usize = 64 * 1024;
    let body = if n < 2 {
        Body::from("0".repeat(n))
    } else {
        let filler = Bytes::from(vec![b'a'; CHUNK.min(n - 2)]);
        let inner_len = n - 2;
        let full = inner_len / CHUNK;
        let rest = inner_len % CHUNK;
        let quote = Bytes::from_static(b"\"");
        let chunks = std::iter::once(quote.clone())
            .chain(std::iter::repeat_n(filler.clone(), full))
            .chain((rest > 0).then(|| filler.slice(..rest)))
            .chain(std::iter::once(quote))
            .map(Ok::<_, Infallible>);
        Body::from_stream(futures::stream::iter(chunks))
    };
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (CONTENT_LENGTH, n.to_string()),
        ],
        body,
    )
        .into_response()
}
