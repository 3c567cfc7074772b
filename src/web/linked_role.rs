//! `GET /linked-role` (the Linked Roles Verification URL) and `GET /discord/callback`
//! (Discord's redirect URI). Thin: the work is `LinkedRoles::start` and `complete`.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::confirm::with_cookie;
use super::{WebState, callback_params, not_found, page, page_lang, pages};
use crate::i18n::Lang;
use crate::linked_roles::{DiscordApiError, DiscordCallback, LinkedRolesError, Pushed};
use crate::tr;

/// What the Resonite result page says of the Discord side after a link.
pub(super) fn pushed_note(lang: Lang, pushed: Pushed) -> String {
    match pushed {
        Pushed::Owed => tr!(lang, "note-pushed-owed"),
        _ => tr!(lang, "note-pushed"),
    }
}

fn redirect(to: &str) -> Response {
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

pub(super) async fn start(State(state): State<WebState>, headers: HeaderMap) -> Response {
    let Some(linked_roles) = &state.linked_roles else {
        return not_found(headers).await;
    };
    let lang = page_lang(None, &headers);
    // The browser that starts here is the only one that may finish (Discord's callback,
    // then Resonite's, then the confirmation).
    let (browser, cookie) = state.binding.get_or_mint(&headers);
    match linked_roles.start(&browser).await {
        Ok(url) => with_cookie(redirect(url.as_str()), cookie),
        Err(error) => {
            tracing::warn!(error = %error, "could not start a Linked Roles authorization");
            let (status, markup) = failure_page(lang, &error);
            page(status, markup)
        }
    }
}

pub(super) async fn callback(
    State(state): State<WebState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let Some(linked_roles) = &state.linked_roles else {
        return not_found(headers).await;
    };
    let lang = page_lang(None, &headers);
    let browser = state.binding.read(&headers);
    match linked_roles
        .complete(
            callback_params(query.as_deref()),
            Some(lang.code()),
            browser.as_deref(),
        )
        .await
    {
        Ok(DiscordCallback::ContinueToResonite { authorize_url }) => {
            redirect(authorize_url.as_str())
        }
        Ok(DiscordCallback::Pushed {
            discord_name,
            resonite_username,
            pending,
        }) => page(
            StatusCode::OK,
            pages::connection_pushed(lang, &discord_name, &resonite_username, pending),
        ),
        Err(error) => {
            let (status, markup) = failure_page(lang, &error);
            tracing::warn!(status = status.as_u16(), error = %error, "Discord callback failed");
            page(status, markup)
        }
    }
}

/// One page per way the Discord side can fail; never echoes input or says more about a
/// bad state than "expired or already used".
fn failure_page(lang: Lang, error: &LinkedRolesError) -> (StatusCode, maud::Markup) {
    let page = |title, explanation, next| pages::failed_with(lang, title, explanation, next);
    match error {
        LinkedRolesError::Denied => (
            StatusCode::FORBIDDEN,
            page(
                "connect-denied-title",
                "connect-denied-explanation",
                "connect-again",
            ),
        ),
        LinkedRolesError::Provider => (
            StatusCode::BAD_GATEWAY,
            page(
                "connect-provider-title",
                "connect-provider-explanation",
                "connect-again",
            ),
        ),
        LinkedRolesError::MissingParameter(_) => (
            StatusCode::BAD_REQUEST,
            page(
                "connect-incomplete-title",
                "connect-incomplete-explanation",
                "connect-again",
            ),
        ),
        LinkedRolesError::StateInvalid => (
            StatusCode::BAD_REQUEST,
            page(
                "connect-expired-title",
                "connect-expired-explanation",
                "connect-again",
            ),
        ),
        LinkedRolesError::WrongBrowser => (
            StatusCode::FORBIDDEN,
            page(
                "link-browser-title",
                "link-browser-explanation",
                "connect-again",
            ),
        ),
        LinkedRolesError::Discord(e) => {
            let status = match e {
                DiscordApiError::Timeout => StatusCode::GATEWAY_TIMEOUT,
                _ => StatusCode::BAD_GATEWAY,
            };
            (
                status,
                page(
                    "connect-discord-title",
                    "connect-discord-explanation",
                    "connect-try-later",
                ),
            )
        }
        LinkedRolesError::Link(_) | LinkedRolesError::Store(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            page(
                "connect-ours-title",
                "connect-ours-explanation",
                "connect-try-later",
            ),
        ),
    }
}
