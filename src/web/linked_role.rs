//! `GET /linked-role` (the Linked Roles Verification URL) and `GET /discord/callback`
//! (Discord's redirect URI). Thin: the work is `LinkedRoles::start` and `complete`.

use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{WebState, callback_params, not_found, page, pages};
use crate::linked_roles::{DiscordApiError, DiscordCallback, LinkedRolesError, Pushed};

const AGAIN: &str =
    "Open the server's Linked Roles again in Discord (or this page's address) to start over.";

/// What the Resonite result page says of the Discord side after a link.
pub(super) fn pushed_note(pushed: Pushed) -> &'static str {
    match pushed {
        Pushed::Owed => {
            "Your Discord profile will show your Resonite account in a moment (Discord is busy)."
        }
        _ => {
            "Your Discord profile now shows your Resonite account, and you can claim the server's linked roles."
        }
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

pub(super) async fn start(State(state): State<WebState>) -> Response {
    let Some(linked_roles) = &state.linked_roles else {
        return not_found().await;
    };
    match linked_roles.start().await {
        Ok(url) => redirect(url.as_str()),
        Err(error) => {
            tracing::warn!(error = %error, "could not start a Linked Roles authorization");
            let (status, markup) = failure_page(&error);
            page(status, markup)
        }
    }
}

pub(super) async fn callback(State(state): State<WebState>, RawQuery(query): RawQuery) -> Response {
    let Some(linked_roles) = &state.linked_roles else {
        return not_found().await;
    };
    match linked_roles
        .complete(callback_params(query.as_deref()))
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
            pages::connection_pushed(&discord_name, &resonite_username, pending),
        ),
        Err(error) => {
            let (status, markup) = failure_page(&error);
            tracing::warn!(status = status.as_u16(), error = %error, "Discord callback failed");
            page(status, markup)
        }
    }
}

/// One page per way the Discord side can fail; never echoes input or says more about a
/// bad state than "expired or already used".
fn failure_page(error: &LinkedRolesError) -> (StatusCode, maud::Markup) {
    match error {
        LinkedRolesError::Denied => (
            StatusCode::FORBIDDEN,
            pages::failed(
                "Connection cancelled",
                "You declined on Discord, so nothing was connected.",
                AGAIN,
            ),
        ),
        LinkedRolesError::Provider => (
            StatusCode::BAD_GATEWAY,
            pages::failed(
                "Discord refused the request",
                "Discord answered with an error. Nothing was connected.",
                AGAIN,
            ),
        ),
        LinkedRolesError::MissingParameter(_) => (
            StatusCode::BAD_REQUEST,
            pages::failed(
                "Incomplete address",
                "This address is missing part of what Discord sends back.",
                AGAIN,
            ),
        ),
        LinkedRolesError::StateInvalid => (
            StatusCode::BAD_REQUEST,
            pages::failed(
                "This link has expired or was already used",
                "Each visit to Discord's authorization works once, for a limited time.",
                AGAIN,
            ),
        ),
        LinkedRolesError::Discord(e) => {
            let status = match e {
                DiscordApiError::Timeout => StatusCode::GATEWAY_TIMEOUT,
                _ => StatusCode::BAD_GATEWAY,
            };
            (
                status,
                pages::failed(
                    "Discord could not complete the connection",
                    "Something went wrong while talking to Discord. Nothing was connected.",
                    "Please try again in a few minutes.",
                ),
            )
        }
        LinkedRolesError::Link(_) | LinkedRolesError::Store(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            pages::failed(
                "Something went wrong on our side",
                "The bot could not save the connection. Nothing was changed.",
                "Please try again in a few minutes.",
            ),
        ),
    }
}
