//! The embedded HTTP server: the OAuth callback and its confirmation, health checks and a
//! landing page. A thin adapter: the work is `LinkService::callback` and `confirm`.

pub mod admin;
pub mod confirm;
mod linked_role;
pub mod pages;
mod serve;

pub use serve::{
    ClientAddr, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS, ServeLimits, client_of, serve,
};

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{RawQuery, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::config::Secret;
use crate::i18n::Lang;
use crate::linking::{CallbackParams, LinkError, LinkService};
use crate::readiness::Health;
use crate::resonite::ResoniteError;
use crate::tr;

/// Longest URI accepted; a callback URL is a few hundred bytes.
const MAX_URI_BYTES: usize = 4096;
/// Only the confirmation form has a body (a token and a button); keep them tiny.
const MAX_BODY_BYTES: usize = 16 * 1024;
/// Upper bound for any request, above the two upstream calls of a callback.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(45);

#[derive(Clone)]
pub struct WebState {
    pub links: Arc<LinkService>,
    pub health: Health,
    /// Discord's Linked Roles; its routes answer 404 when `None`.
    pub linked_roles: Option<Arc<crate::linked_roles::LinkedRoles>>,
    /// The admin dashboard; its routes answer 404 when `None`.
    pub dashboard: Option<Arc<crate::dashboard::Dashboard>>,
    /// The cookie that binds a link to the browser confirming it.
    pub binding: confirm::Binding,
}

pub fn router(state: WebState) -> Router {
    Router::new()
        .route("/", get(landing))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route(crate::config::CALLBACK_PATH, get(callback))
        .route(CONFIRM_PATH, post(confirm::confirm))
        .route(crate::config::LINKED_ROLE_PATH, get(linked_role::start))
        .route(
            crate::config::DISCORD_CALLBACK_PATH,
            get(linked_role::callback),
        )
        .merge(admin::routes())
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
        let lang = page_lang(None, request.headers());
        return page(
            StatusCode::URI_TOO_LONG,
            pages::failed_with(
                lang,
                "too-long-title",
                "too-long-explanation",
                "too-long-next",
            ),
        );
    }
    next.run(request).await
}

/// A page's language: the locale stored with the `/link` if it ships, else the browser's
/// `Accept-Language`, else English.
pub(crate) fn page_lang(stored: Option<&str>, headers: &HeaderMap) -> Lang {
    stored
        .and_then(Lang::supported)
        .or_else(|| {
            headers
                .get_all(header::ACCEPT_LANGUAGE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(Lang::from_accept_language)
        })
        .unwrap_or(Lang::EN_US)
}

pub(crate) fn page(status: StatusCode, markup: maud::Markup) -> Response {
    page_with(status, markup, POLICY)
}

/// What a page may load or do: nothing outside itself, no forms, no framing.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/// [`POLICY`], the page's form posting back to this server.
const FORM_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// [`page`] for a page whose form posts back to this server (the confirmation page).
fn form_page(status: StatusCode, markup: maud::Markup) -> Response {
    page_with(status, markup, FORM_POLICY)
}

fn page_with(status: StatusCode, markup: maud::Markup, policy: &'static str) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::CONTENT_SECURITY_POLICY, policy),
        ],
        Html(markup.into_string()),
    )
        .into_response()
}

async fn landing(headers: HeaderMap) -> Response {
    page(StatusCode::OK, pages::landing(page_lang(None, &headers)))
}

pub(crate) async fn not_found(headers: HeaderMap) -> Response {
    page(
        StatusCode::NOT_FOUND,
        pages::not_found(page_lang(None, &headers)),
    )
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<WebState>) -> Response {
    let crate::readiness::Readiness { database, gateway } =
        state.health.readiness(&state.links).await;
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
        match key.as_ref() {
            "code" if params.code.is_none() => params.code = Some(Secret::new(value)),
            "state" if params.state.is_none() => params.state = Some(Secret::new(value)),
            "error" if params.error.is_none() => params.error = Some(value.into_owned()),
            _ => {}
        }
    }
    params
}

async fn callback(
    State(state): State<WebState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let started = std::time::Instant::now();
    let params = callback_params(query.as_deref());
    let state_param = params.state.clone();
    // The browser that brought the callback is the one that may confirm it.
    let (browser, cookie) = state.binding.get_or_mint(&headers);
    match state.links.callback(params, &browser).await {
        Ok(pending) => {
            record_callback("confirming", started);
            let lang = page_lang(pending.locale.as_deref(), &headers);
            confirm::with_cookie(
                form_page(StatusCode::OK, pages::confirm(lang, &pending, CONFIRM_PATH)),
                cookie,
            )
        }
        Err(error) => {
            record_callback(outcome(&error), started);
            failed_response(&headers, &error, Step::Callback, || {
                state
                    .links
                    .callback_locale(state_param.as_ref().map(Secret::expose))
            })
            .await
        }
    }
}

/// The result page of a confirmed link (or why it failed), once the POST is done.
pub(crate) async fn finish_link<F, Fut>(
    state: &WebState,
    headers: &HeaderMap,
    result: Result<crate::linking::CompletedLink, LinkError>,
    started: std::time::Instant,
    locale: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Option<String>>,
{
    match result {
        Ok(mut done) => {
            record_callback("linked", started);
            tracing::info!(
                discord_user = done.link.discord_user_id,
                resonite_user = %done.link.resonite_user_id,
                "account linked"
            );
            let lang = page_lang(done.locale.as_deref(), headers);
            // Linked Roles on: finish the Discord side too, or offer it.
            let mut offer = false;
            if let Some(linked_roles) = &state.linked_roles {
                match linked_roles.after_link(done.link.discord_user_id).await {
                    Some(pushed) => done.notes.push(linked_role::pushed_note(lang, pushed)),
                    None => offer = true,
                }
            }
            page(
                StatusCode::OK,
                pages::linked_offering(
                    lang,
                    &pages::LinkedPage {
                        resonite_username: &done.link.resonite_username,
                        resonite_id: &done.link.resonite_user_id,
                        discord_name: &done.discord_name,
                        notes: &done.notes,
                        offer: offer.then_some(crate::config::LINKED_ROLE_PATH),
                        guild_id: done.guild_id,
                    },
                ),
            )
        }
        Err(error) => {
            record_callback(outcome(&error), started);
            failed_response(headers, &error, Step::Confirm, locale).await
        }
    }
}

/// The path the confirmation page posts to.
pub const CONFIRM_PATH: &str = "/oauth/confirm";

/// Counts a callback step by outcome, and times it.
pub(crate) fn record_callback(outcome: &'static str, started: std::time::Instant) {
    metrics::counter!(crate::telemetry::CALLBACKS, "outcome" => outcome).increment(1);
    metrics::histogram!(crate::telemetry::CALLBACK_DURATION)
        .record(started.elapsed().as_secs_f64());
}

fn outcome(error: &LinkError) -> &'static str {
    match error {
        LinkError::Denied => "denied",
        LinkError::StateInvalid => "invalid_state",
        LinkError::WrongBrowser => "wrong_browser",
        LinkError::AccountTaken { .. } => "account_taken",
        LinkError::MissingParameter(_) => "bad_request",
        LinkError::Provider(_) | LinkError::Resonite(_) => "upstream_error",
        LinkError::Store(e) if e.is_unavailable() => "database_unavailable",
        LinkError::Store(_) => "store_error",
    }
}

/// The failure page of a callback step, in the `/link`'s language when it is quick to
/// find (`locale`).
async fn failed_response<F, Fut>(
    headers: &HeaderMap,
    error: &LinkError,
    step: Step,
    locale: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Option<String>>,
{
    // The page's language is worth a quick look-up, never a wait: with the
    // database away it is the browser's.
    let stored = match error {
        LinkError::Store(e) if e.is_unavailable() => None,
        _ => tokio::time::timeout(LOCALE_LOOKUP, locale())
            .await
            .ok()
            .flatten(),
    };
    let lang = page_lang(stored.as_deref(), headers);
    let (status, markup) = failure_page(lang, error, step);
    tracing::warn!(status = status.as_u16(), error = %error, "link callback failed");
    let mut response = page(status, markup);
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("60"));
    }
    response
}

/// The step of a link a failure page answers: the callback, or the confirming POST.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Callback,
    Confirm,
}

/// How long a failure page waits for the `/link`'s stored locale.
pub(crate) const LOCALE_LOOKUP: std::time::Duration = std::time::Duration::from_millis(300);

/// One page and status per way a link can fail. Never echoes input; never says more about a
/// bad state than "expired or already used".
pub(crate) fn failure_page(
    lang: Lang,
    error: &LinkError,
    step: Step,
) -> (StatusCode, maud::Markup) {
    let (status, title, explanation, next) = failure_wording(error, step);
    let explanation = match explanation {
        Explanation::Text(id) => tr!(lang, id),
        Explanation::Provider(code) => tr!(lang, "link-provider-explanation", code = code),
        Explanation::Taken(resonite) => {
            tr!(lang, "link-taken-explanation", resonite = resonite)
        }
    };
    let markup = pages::failed(lang, &tr!(lang, title), &explanation, &tr!(lang, next));
    (status, markup)
}

/// The explanation of a failure page: a message, or one that names what Discord or the
/// account said.
enum Explanation<'e> {
    Text(&'static str),
    /// `link-provider-explanation`, with the provider's error code.
    Provider(&'e str),
    /// `link-taken-explanation`, with the Resonite username that holds the account.
    Taken(&'e str),
}

/// A failure's status and page, as message ids: the title, the explanation and the next
/// step.
fn failure_wording(
    error: &LinkError,
    step: Step,
) -> (StatusCode, &'static str, Explanation<'_>, &'static str) {
    use Explanation::Text;
    match error {
        LinkError::Denied => (
            StatusCode::FORBIDDEN,
            "link-denied-title",
            Text("link-denied-explanation"),
            "link-denied-next",
        ),
        LinkError::Provider(code) => (
            StatusCode::BAD_GATEWAY,
            "link-provider-title",
            Explanation::Provider(code),
            "link-again",
        ),
        LinkError::MissingParameter(_) => (
            StatusCode::BAD_REQUEST,
            "link-incomplete-title",
            Text("link-incomplete-explanation"),
            "link-again",
        ),
        LinkError::StateInvalid => (
            StatusCode::BAD_REQUEST,
            "link-expired-title",
            Text("link-expired-explanation"),
            "link-again",
        ),
        LinkError::WrongBrowser => (
            StatusCode::FORBIDDEN,
            "link-browser-title",
            Text("link-browser-explanation"),
            "link-again",
        ),
        LinkError::AccountTaken { resonite_username } => (
            StatusCode::CONFLICT,
            "link-taken-title",
            Explanation::Taken(resonite_username),
            "link-taken-next",
        ),
        LinkError::Resonite(e) => (
            match e {
                ResoniteError::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
                _ => StatusCode::BAD_GATEWAY,
            },
            "link-resonite-title",
            Text("link-resonite-explanation"),
            "link-try-later",
        ),
        // The state was neither consumed nor written to: the same /link button works again.
        LinkError::Store(e) if e.is_unavailable() && step == Step::Callback => (
            StatusCode::SERVICE_UNAVAILABLE,
            "link-database-title",
            Text("link-database-explanation"),
            "link-database-next",
        ),
        // The confirmation was not used: Link on the same page works again.
        LinkError::Store(e) if e.is_unavailable() => (
            StatusCode::SERVICE_UNAVAILABLE,
            "link-database-title",
            Text("link-database-confirm-explanation"),
            "link-database-confirm-next",
        ),
        LinkError::Store(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "link-ours-title",
            Text("link-ours-explanation"),
            "link-try-later",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_query_is_read_leniently() {
        let p = callback_params(Some("code=a%20b&state=s1&state=s2&x=y&error="));
        assert_eq!(p.code.as_ref().map(Secret::expose), Some("a b"));
        assert_eq!(p.state.as_ref().map(Secret::expose), Some("s1"));
        assert_eq!(p.error.as_deref(), Some(""));
        let empty = callback_params(None);
        assert!(empty.code.is_none() && empty.state.is_none());
        // Neither the code nor the state can reach a log through Debug.
        let shown = format!("{p:?}");
        assert!(!shown.contains("a b") && !shown.contains("s1"), "{shown}");
    }

    #[test]
    fn pages_escape_what_they_show() {
        let html =
            pages::linked(Lang::EN_US, "<script>x</script>", "U-1", "a&b", &[]).into_string();
        assert!(!html.contains("<script>x"));
        assert!(html.contains("<strong>&lt;script&gt;x&lt;/script&gt;</strong>"));
        assert!(html.contains("<strong>a&amp;b</strong>"));
        assert!(html.contains("<code>U-1</code>"));
        assert!(html.contains(r#"<html lang="en">"#));
    }

    #[test]
    fn the_confirmation_page_escapes_names_and_posts_its_token() {
        let pending = crate::linking::PendingLink {
            token: "tok-123".to_owned(),
            discord_name: "a&b".to_owned(),
            guild_id: Some(42),
            guild_name: Some("<img src=x>".to_owned()),
            resonite_username: "<script>x</script>".to_owned(),
            resonite_user_id: "U-1".to_owned(),
            locale: None,
            expires_at: 0,
        };
        let html = pages::confirm(Lang::EN_US, &pending, CONFIRM_PATH).into_string();
        assert!(
            !html.contains("<script>x") && !html.contains("<img src=x>"),
            "{html}"
        );
        assert!(
            html.contains("<strong>&lt;script&gt;x&lt;/script&gt;</strong>"),
            "{html}"
        );
        assert!(html.contains("<strong>a&amp;b</strong>"), "{html}");
        assert!(
            html.contains("in the server <strong>&lt;img src=x&gt;</strong>?"),
            "{html}"
        );
        assert!(
            html.contains(r#"<form method="post" action="/oauth/confirm">"#),
            "{html}"
        );
        assert_eq!(confirm::form_token(&html).as_deref(), Some("tok-123"));
        // Without a server name, the server's id; in a DM, no server at all.
        let unnamed = crate::linking::PendingLink {
            guild_name: None,
            ..pending.clone()
        };
        let html = pages::confirm(Lang::EN_US, &unnamed, CONFIRM_PATH).into_string();
        assert!(
            html.contains("in the server <strong>42</strong>?"),
            "{html}"
        );
        let dm = crate::linking::PendingLink {
            guild_id: None,
            ..pending
        };
        let html = pages::confirm(Lang::EN_US, &dm, CONFIRM_PATH).into_string();
        assert!(!html.contains("in the server"), "{html}");
    }

    #[test]
    fn a_page_speaks_the_stored_locale_then_the_browser_then_english() {
        let mut headers = HeaderMap::new();
        assert_eq!(page_lang(None, &headers), Lang::EN_US);
        assert_eq!(page_lang(Some("pt-BR"), &headers), Lang::EN_US);
        headers.insert(
            header::ACCEPT_LANGUAGE,
            header::HeaderValue::from_static("de-CH,de;q=0.9,en;q=0.5"),
        );
        assert_eq!(page_lang(None, &headers).code(), "de");
        assert_eq!(page_lang(Some("pt-BR"), &headers).code(), "de");
        assert_eq!(page_lang(Some("ja"), &headers).code(), "ja");
    }

    #[test]
    fn a_japanese_page_keeps_its_markup_and_lang() {
        let ja = Lang::negotiate("ja");
        let html = pages::linked(ja, "Ann", "U-ann", "ann_d", &[]).into_string();
        assert!(html.contains(r#"<html lang="ja">"#), "{html}");
        assert!(html.contains("<strong>Ann</strong>"), "{html}");
        assert!(html.contains("<code>U-ann</code>"), "{html}");
        assert!(html.contains("リンクされました"), "{html}");
        assert!(!html.contains('\u{E000}'), "{html}");
    }
}
