//! The callback server from the moment the process runs: `/healthz` answers 200 at once,
//! and until the app is built (the database may not answer yet) every other route answers
//! 503, `/readyz` included; then the app's own routes take over.

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt as _;

use crate::web;

/// The app's routes, once they exist.
#[derive(Clone, Default)]
pub(super) struct LateRoutes(Arc<OnceLock<Router>>);

impl LateRoutes {
    /// From now on requests go to `router` (once; later calls change nothing).
    pub(super) fn serve(&self, router: Router) {
        let _ = self.0.set(router);
    }

    /// The server's router: `/healthz`, then the app's routes or "starting".
    pub(super) fn router(&self) -> Router {
        Router::new()
            .route("/healthz", get(|| async { "ok" }))
            .fallback(forward)
            .with_state(self.clone())
    }
}

async fn forward(State(late): State<LateRoutes>, request: Request) -> Response {
    match late.0.get() {
        Some(router) => match router.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        },
        None => starting(&request),
    }
}

/// Before the app is built the database has not answered yet.
fn starting(request: &Request) -> Response {
    if request.uri().path() == "/readyz" {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "database: unavailable\ngateway: not connected\n",
        )
            .into_response();
    }
    let lang = web::page_lang(None, request.headers());
    web::page(
        StatusCode::SERVICE_UNAVAILABLE,
        web::pages::failed_with(
            lang,
            "link-database-title",
            "link-database-explanation",
            "link-database-next",
        ),
    )
}
