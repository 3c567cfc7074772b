//! The router: which endpoint serves which path, the index page and 404.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::protocol::{
    AUTHORIZE_PATH, PROFILE_PATH, PROFILE_PATH_SINGULAR, REVOCATION_PATH, TOKEN_PATH,
};
use super::responses::html;
use super::state::Inner;
use super::{authorize, pages, profile, revocation, token};

pub(super) fn router(inner: Arc<Inner>) -> Router {
    Router::new()
        .route("/", get(index))
        .route(AUTHORIZE_PATH, get(authorize::show).post(authorize::decide))
        .route(TOKEN_PATH, post(token::token))
        .route(REVOCATION_PATH, post(revocation::revoke))
        .route(PROFILE_PATH, get(profile::profile))
        .route(PROFILE_PATH_SINGULAR, get(profile::profile))
        .fallback(not_found)
        .with_state(Arc::clone(&inner))
        .merge(inner.cloud.router())
        .layer(axum::middleware::from_fn_with_state(inner, add_latency))
}

/// Holds each request for the configured latency before it is handled.
async fn add_latency(
    State(inner): State<Arc<Inner>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let latency = *inner.latency.lock().unwrap_or_else(|e| e.into_inner());
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    next.run(request).await
}

async fn index(State(inner): State<Arc<Inner>>) -> Response {
    let accounts = inner.accounts();
    let base = inner.base_url.get().map(String::as_str).unwrap_or("");
    html(
        StatusCode::OK,
        pages::index(base, &inner.client_id, &inner.redirect_uri, &accounts),
    )
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}
