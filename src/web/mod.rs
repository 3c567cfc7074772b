//! The embedded HTTP server: the OAuth callback, health checks and a landing page.
//! A thin adapter: the work is `LinkService::complete`.

mod linked_role;
pub mod pages;
mod serve;

pub use serve::{DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS, ServeLimits, serve};

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::health::Health;
use crate::linking::{CallbackParams, LinkError, LinkService};
use crate::resonite::ResoniteError;

/// Longest URI accepted; a callback URL is a few hundred bytes.
const MAX_URI_BYTES: usize = 4096;
/// Request bodies are not expected at all; keep them tiny.
const MAX_BODY_BYTES: usize = 16 * 1024;
/// Upper bound for any request, above the two upstream calls of a callback.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(45);

#[derive(Clone)]
pub struct WebState {
    pub links: Arc<LinkService>,
    pub health: Health,
    /// Discord's Linked Roles; its routes answer 404 when `None`.
    pub linked_roles: Option<Arc<crate::linked_roles::LinkedRoles>>,
}

pub fn router(state: WebState) -> Router {
    Router::new()
        .route("/", get(landing))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(crate::config::CALLBACK_PATH, get(callback))
        .route(crate::config::LINKED_ROLE_PATH, get(linked_role::start))
        .route(
            crate::config::DISCORD_CALLBACK_PATH,
            get(linked_role::callback),
        )
        .fallback(not_found)
        .with_state(state)
        .layer(middleware::from_fn(limit_uri))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
}

async fn limit_uri(request: Request, next: Next) -> Response {
    if request.uri().to_string().len() > MAX_URI_BYTES {
        return page(
            StatusCode::URI_TOO_LONG,
            pages::failed(
                "Address too long",
                "This address is longer than any link the bot makes.",
                "Use /link in Discord to get a fresh link.",
            ),
        );
    }
    next.run(request).await
}

pub(crate) fn page(status: StatusCode, markup: maud::Markup) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
        ],
        Html(markup.into_string()),
    )
        .into_response()
}

async fn landing() -> Response {
    page(StatusCode::OK, pages::landing())
}

pub(crate) async fn not_found() -> Response {
    page(StatusCode::NOT_FOUND, pages::not_found())
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<WebState>) -> Response {
    let database = state.links.store().ping().await.is_ok();
    let gateway = state.health.gateway_connected();
    let status = if database && gateway {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = format!(
        "database: {}\ngateway: {}\n",
        if database { "ok" } else { "unavailable" },
        if gateway {
            "connected"
        } else {
            "not connected"
        }
    );
    (status, body).into_response()
}

/// Reads the callback's query leniently: unknown keys ignored, the first of repeated keys wins.
pub(crate) fn callback_params(raw: Option<&str>) -> CallbackParams {
    let mut params = CallbackParams::default();
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        let slot = match key.as_ref() {
            "code" => &mut params.code,
            "state" => &mut params.state,
            "error" => &mut params.error,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.into_owned());
        }
    }
    params
}

async fn callback(State(state): State<WebState>, RawQuery(query): RawQuery) -> Response {
    let started = std::time::Instant::now();
    let result = state
        .links
        .complete(callback_params(query.as_deref()))
        .await;
    let outcome = match &result {
        Ok(_) => "linked",
        Err(LinkError::Denied) => "denied",
        Err(LinkError::StateInvalid) => "invalid_state",
        Err(LinkError::AccountTaken { .. }) => "account_taken",
        Err(LinkError::MissingParameter(_)) => "bad_request",
        Err(LinkError::Provider(_) | LinkError::Resonite(_)) => "upstream_error",
        Err(LinkError::Store(e)) if e.is_unavailable() => "database_unavailable",
        Err(LinkError::Store(_)) => "store_error",
    };
    metrics::counter!(crate::telemetry::CALLBACKS, "outcome" => outcome).increment(1);
    metrics::histogram!(crate::telemetry::CALLBACK_DURATION)
        .record(started.elapsed().as_secs_f64());
    match result {
        Ok(mut done) => {
            tracing::info!(
                discord_user = done.link.discord_user_id,
                resonite_user = %done.link.resonite_user_id,
                "account linked"
            );
            // Linked Roles on: finish the Discord side too, or offer it.
            let mut offer = false;
            if let Some(linked_roles) = &state.linked_roles {
                match linked_roles.after_link(done.link.discord_user_id).await {
                    Some(pushed) => done.notes.push(linked_role::pushed_note(pushed).to_owned()),
                    None => offer = true,
                }
            }
            page(
                StatusCode::OK,
                pages::linked_offering(
                    &done.link.resonite_username,
                    &done.link.resonite_user_id,
                    &done.discord_name,
                    &done.notes,
                    offer.then_some(crate::config::LINKED_ROLE_PATH),
                ),
            )
        }
        Err(error) => {
            let (status, markup) = failure_page(&error);
            tracing::warn!(status = status.as_u16(), error = %error, "link callback failed");
            let mut response = page(status, markup);
            if status == StatusCode::SERVICE_UNAVAILABLE {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
            }
            response
        }
    }
}

/// One page and status per way a link can fail. Never echoes input; never says more about a
/// bad state than "expired or already used".
fn failure_page(error: &LinkError) -> (StatusCode, maud::Markup) {
    const AGAIN: &str = "Run /link in Discord again to get a fresh button.";
    match error {
        LinkError::Denied => (
            StatusCode::FORBIDDEN,
            pages::failed(
                "Linking cancelled",
                "You declined access on Resonite, so nothing was linked.",
                "If that was a mistake, run /link in Discord again.",
            ),
        ),
        LinkError::Provider(code) => (
            StatusCode::BAD_GATEWAY,
            pages::failed(
                "Resonite refused the request",
                &format!("Resonite answered with the error “{code}”. Nothing was linked."),
                AGAIN,
            ),
        ),
        LinkError::MissingParameter(_) => (
            StatusCode::BAD_REQUEST,
            pages::failed(
                "Incomplete link",
                "This address is missing part of what Resonite sends back.",
                AGAIN,
            ),
        ),
        LinkError::StateInvalid => (
            StatusCode::BAD_REQUEST,
            pages::failed(
                "This link has expired or was already used",
                "Each /link button works once, for a limited time.",
                AGAIN,
            ),
        ),
        LinkError::AccountTaken { resonite_username } => (
            StatusCode::CONFLICT,
            pages::failed(
                "Account already linked",
                &format!(
                    "The Resonite account {resonite_username} is already linked to another Discord account. Nothing was changed."
                ),
                "Unlink it from the other Discord account first (/unlink), or ask a server admin for help.",
            ),
        ),
        LinkError::Resonite(e) => {
            let status = match e {
                ResoniteError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
                _ => StatusCode::BAD_GATEWAY,
            };
            (
                status,
                pages::failed(
                    "Resonite could not complete the link",
                    "Something went wrong while talking to Resonite. Nothing was linked.",
                    "Please try again in a few minutes with /link.",
                ),
            )
        }
        // The state was neither consumed nor written to: the same /link button works again.
        LinkError::Store(e) if e.is_unavailable() => (
            StatusCode::SERVICE_UNAVAILABLE,
            pages::failed(
                "Please try again in a minute",
                "The bot's database is not answering right now, so nothing was linked. Your /link button still works.",
                "Wait a minute, then press the same /link button in Discord again (or run /link).",
            ),
        ),
        LinkError::Store(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            pages::failed(
                "Something went wrong on our side",
                "The bot could not save the link. Nothing was changed.",
                "Please try again in a few minutes with /link.",
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_query_is_read_leniently() {
        let p = callback_params(Some("code=a%20b&state=s1&state=s2&x=y&error="));
        assert_eq!(p.code.as_deref(), Some("a b"));
        assert_eq!(p.state.as_deref(), Some("s1"));
        assert_eq!(p.error.as_deref(), Some(""));
        let empty = callback_params(None);
        assert!(empty.code.is_none() && empty.state.is_none());
    }

    #[test]
    fn pages_escape_what_they_show() {
        let html = pages::linked("<script>x</script>", "U-1", "a&b", &[]).into_string();
        assert!(!html.contains("<script>x"));
        assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"));
        assert!(html.contains("a&amp;b"));
        assert!(html.contains(r#"<html lang="en">"#));
    }
}
