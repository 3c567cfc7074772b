//! The admin dashboard over HTTP (`/admin/**`): parse the request, call
//! [`crate::dashboard::Dashboard`], render the answer. The sign-in and the session cookie
//! live here; who may see what is decided in the core.
//!
//! Everything under `/admin/guilds/{id}` answers the same 404 as an unknown server to
//! anyone who may not manage it, POSTs included; signed out, it leads to the sign-in.
//! Every POST carries the session's CSRF token (403 without, nothing changed).

mod audit;
mod chart;
mod cookie;
mod members;
mod pages;
mod rules;
mod rules_page;
mod settings;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::{WebState, callback_params, page_lang};
use crate::config::{ADMIN_CALLBACK_PATH, ADMIN_PATH};
use crate::dashboard::{AdminSession, Dashboard, DashboardError};
use crate::i18n::Lang;
use cookie::SessionCookie;

/// What an admin page may load or do: its own stylesheet, forms posting back here, no
/// scripts at all, no framing.
const POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
/// The dashboard's stylesheet (no inline styles: the policy allows none).
pub const STYLE_PATH: &str = "/admin/static/admin.css";

pub(super) fn routes() -> Router<WebState> {
    Router::new()
        .route(ADMIN_PATH, get(home))
        .route(ADMIN_CALLBACK_PATH, get(callback))
        .route("/admin/logout", post(logout))
        .route(STYLE_PATH, get(style))
        .route("/admin/guilds/{guild}", get(overview))
        .route("/admin/guilds/{guild}/sync", post(sync_now))
        .route("/admin/guilds/{guild}/members", get(members::list))
        .route("/admin/guilds/{guild}/members.csv", get(members::csv))
        .route(
            "/admin/guilds/{guild}/members/{user}/retry",
            post(members::retry),
        )
        .route(
            "/admin/guilds/{guild}/rules",
            get(rules::list).post(rules::add),
        )
        .route("/admin/guilds/{guild}/rules/preview", post(rules::preview))
        .route("/admin/guilds/{guild}/audit", get(audit::list))
        .route(
            "/admin/guilds/{guild}/settings",
            get(settings::show).post(settings::change),
        )
        .route(
            "/admin/guilds/{guild}/rules/{role}/delete",
            post(rules::remove),
        )
        .route(
            "/admin/guilds/{guild}/{*rest}",
            get(guild_fallback).post(guild_fallback_post),
        )
}

/// A page of the dashboard: strict policy, never cached, never framed.
pub(crate) fn admin_page(status: StatusCode, markup: maud::Markup) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CONTENT_SECURITY_POLICY, POLICY),
        ],
        axum::response::Html(markup.into_string()),
    )
        .into_response()
}

pub(super) fn redirect(to: &str) -> Response {
    (
        StatusCode::SEE_OTHER,
        [
            (header::LOCATION, to),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
    )
        .into_response()
}

fn cookies(state: &WebState) -> SessionCookie {
    SessionCookie {
        secure: state.binding.secure,
    }
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        pages::STYLE,
    )
        .into_response()
}

/// Why a request got no page of its own: signed out (to the sign-in), not theirs (404),
/// or a failure (its page).
pub(super) enum Refused {
    SignIn,
    NotFound,
    Failed(DashboardError),
}

/// The dashboard and the signed-in admin of a request.
pub(super) async fn signed_in<'a>(
    state: &'a WebState,
    headers: &HeaderMap,
) -> Result<(&'a Dashboard, AdminSession), Refused> {
    let dashboard = state.dashboard.as_deref().ok_or(Refused::NotFound)?;
    let cookie = cookies(state).read(headers).ok_or(Refused::SignIn)?;
    match dashboard.session(&cookie).await {
        Ok(Some(session)) => Ok((dashboard, session)),
        Ok(None) => Err(Refused::SignIn),
        Err(e) => Err(Refused::Failed(e)),
    }
}

/// [`signed_in`], and the server `guild` when the admin may manage it.
pub(super) async fn guild_admin<'a>(
    state: &'a WebState,
    headers: &HeaderMap,
    guild: &str,
) -> Result<(&'a Dashboard, AdminSession, crate::dashboard::AdminGuild), Refused> {
    let (dashboard, session) = signed_in(state, headers).await?;
    let id: u64 = guild.parse().map_err(|_| Refused::NotFound)?;
    let guild = session.guild(id).cloned().ok_or(Refused::NotFound)?;
    Ok((dashboard, session, guild))
}

pub(super) async fn refused(headers: &HeaderMap, refused: Refused) -> Response {
    match refused {
        Refused::SignIn => redirect(ADMIN_PATH),
        Refused::NotFound => super::not_found(headers.clone()).await,
        Refused::Failed(error) => failure(page_lang(None, headers), &error),
    }
}

/// The form's CSRF field, and whether it is the session's.
pub(super) fn csrf_ok(session: &AdminSession, body: &[u8]) -> bool {
    url::form_urlencoded::parse(body)
        .find(|(k, _)| k == "csrf")
        .is_some_and(|(_, v)| session.csrf_ok(&v))
}

pub(super) fn csrf_refused(lang: Lang) -> Response {
    super::page(
        StatusCode::FORBIDDEN,
        super::pages::failed_with(
            lang,
            "admin-csrf-title",
            "admin-csrf-explanation",
            "admin-csrf-next",
        ),
    )
}

/// `GET /admin`: signed in, the servers; signed out, on to Discord.
async fn home(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let Some(dashboard) = state.dashboard.as_deref() else {
        return super::not_found(headers).await;
    };
    let lang = page_lang(None, &headers);
    match signed_in(&state, &headers).await {
        Ok((_, session)) => admin_page(StatusCode::OK, pages::servers(lang, &session)),
        Err(Refused::SignIn) => {
            let (browser, cookie) = state.binding.get_or_mint(&headers);
            match dashboard.start(&browser).await {
                Ok(url) => super::confirm::with_cookie(redirect(url.as_str()), cookie),
                Err(error) => failure(lang, &error),
            }
        }
        Err(other) => refused(&headers, other).await,
    }
}

/// `GET /admin/callback`: Discord's answer; a session, then the servers.
async fn callback(
    State(state): State<WebState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some(dashboard) = state.dashboard.as_deref() else {
        return super::not_found(headers).await;
    };
    let browser = state.binding.read(&headers);
    match dashboard
        .complete(callback_params(query.as_deref()), browser.as_deref())
        .await
    {
        Ok(signed_in) => {
            let set = cookies(&state).set(signed_in.cookie.expose());
            super::confirm::with_cookie(redirect(ADMIN_PATH), set)
        }
        Err(error) => failure(page_lang(None, &headers), &error),
    }
}

/// `POST /admin/logout`: the session ends for every process; the cookie goes.
async fn logout(State(state): State<WebState>, headers: HeaderMap, body: Bytes) -> Response {
    let lang = page_lang(None, &headers);
    let (dashboard, session) = match signed_in(&state, &headers).await {
        Ok(found) => found,
        Err(Refused::SignIn) => return super::page(StatusCode::OK, pages::signed_out(lang)),
        Err(other) => return refused(&headers, other).await,
    };
    if !csrf_ok(&session, &body) {
        return csrf_refused(lang);
    }
    if let Some(cookie) = cookies(&state).read(&headers)
        && let Err(error) = dashboard.sign_out(&cookie).await
    {
        return failure(lang, &error);
    }
    super::confirm::with_cookie(
        super::page(StatusCode::OK, pages::signed_out(lang)),
        cookies(&state).clear(),
    )
}

/// `GET /admin/guilds/{id}`: the server's overview.
async fn overview(
    State(state): State<WebState>,
    Path(guild): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(None, &headers);
    match guild_admin(&state, &headers, &guild).await {
        Ok((dashboard, session, guild)) => match dashboard.overview(&guild).await {
            Ok(figures) => admin_page(
                StatusCode::OK,
                pages::overview(lang, &session, &guild, &figures),
            ),
            Err(error) => failure(lang, &error),
        },
        Err(r) => refused(&headers, r).await,
    }
}

/// `POST /admin/guilds/{id}/sync`: every listed member re-applied; back to the overview.
async fn sync_now(
    State(state): State<WebState>,
    Path(guild): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = page_lang(None, &headers);
    let (dashboard, session, guild) = match guild_admin(&state, &headers, &guild).await {
        Ok(found) => found,
        Err(r) => return refused(&headers, r).await,
    };
    if !csrf_ok(&session, &body) {
        return csrf_refused(lang);
    }
    match dashboard.sync_now(&guild, &session).await {
        Ok(marked) => {
            tracing::info!(guild = guild.id, marked, "dashboard: sync now");
            redirect(&format!("/admin/guilds/{}", guild.id))
        }
        Err(error) => failure(lang, &error),
    }
}

/// Any other page under a server: the server's access first, then 404.
async fn guild_fallback(
    State(state): State<WebState>,
    Path((guild, _rest)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match guild_admin(&state, &headers, &guild).await {
        Ok(_) | Err(Refused::NotFound) => super::not_found(headers).await,
        Err(r) => refused(&headers, r).await,
    }
}

/// Any other POST under a server: access, then the CSRF token, then 404.
async fn guild_fallback_post(
    State(state): State<WebState>,
    Path((guild, _rest)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    match guild_admin(&state, &headers, &guild).await {
        Ok((_, session, _)) if !csrf_ok(&session, &body) => csrf_refused(page_lang(None, &headers)),
        Ok(_) | Err(Refused::NotFound) => super::not_found(headers).await,
        Err(r) => refused(&headers, r).await,
    }
}

/// One page per way the dashboard can fail; never echoes input.
pub(super) fn failure(lang: Lang, error: &DashboardError) -> Response {
    let (status, title, explanation, next) = match error {
        DashboardError::Denied => (
            StatusCode::FORBIDDEN,
            "admin-denied-title",
            "admin-denied-explanation",
            "admin-sign-in-next",
        ),
        DashboardError::Provider | DashboardError::MissingParameter(_) => (
            StatusCode::BAD_REQUEST,
            "admin-incomplete-title",
            "admin-incomplete-explanation",
            "admin-sign-in-next",
        ),
        DashboardError::StateInvalid => (
            StatusCode::BAD_REQUEST,
            "admin-expired-title",
            "admin-expired-explanation",
            "admin-sign-in-next",
        ),
        DashboardError::WrongBrowser => (
            StatusCode::FORBIDDEN,
            "admin-browser-title",
            "admin-browser-explanation",
            "admin-sign-in-next",
        ),
        DashboardError::Discord(_) | DashboardError::Roles(_) => (
            StatusCode::BAD_GATEWAY,
            "admin-discord-title",
            "admin-discord-explanation",
            "admin-try-later",
        ),
        DashboardError::Store(e) if e.is_unavailable() => (
            StatusCode::SERVICE_UNAVAILABLE,
            "admin-database-title",
            "admin-database-explanation",
            "admin-try-later",
        ),
        DashboardError::Store(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "admin-ours-title",
            "admin-ours-explanation",
            "admin-try-later",
        ),
    };
    tracing::warn!(status = status.as_u16(), error = %error, "dashboard request failed");
    super::page(
        status,
        super::pages::failed_with(lang, title, explanation, next),
    )
}
