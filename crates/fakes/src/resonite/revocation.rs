//! The revocation endpoint (RFC 7009): a client revokes a refresh or access token it holds.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::client_auth::authenticate_client;
use super::params::{Params, is_form};
use super::responses::{fault_status, invalid_request, json_response, oauth_error};
use super::state::{Fault, Inner};

pub(super) async fn revoke(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let p = Params::parse(&body);
    inner.store().stats.revocation_requests += 1;
    if let Fault::RevocationStatus(n) = inner.fault() {
        let status = fault_status(n);
        tracing::info!(%status, "mock Resonite: injected revocation fault");
        return json_response(
            status,
            json!({ "error": "server_error", "error_description": "injected fault" }),
        );
    }
    if !is_form(&headers) {
        return invalid_request("the body must be application/x-www-form-urlencoded");
    }
    let client_id = match authenticate_client(&inner, &headers, &p) {
        Ok(id) => id,
        Err(resp) => return resp,
    };
    if let Some(d) = p.dups.first() {
        return invalid_request(&format!("parameter {d} is given more than once"));
    }
    let Some(token) = p.get("token") else {
        return invalid_request("token is missing");
    };
    match p.get("token_type_hint") {
        None | Some("refresh_token") | Some("access_token") => {}
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_token_type",
                "token_type_hint must be refresh_token or access_token",
            );
        }
    }
    let mut store = inner.store();
    // A refresh token takes its whole grant with it (RFC 7009 2.1); an unknown token,
    // or one of another client, is answered 200 all the same (2.2).
    let grant = store
        .refresh_tokens
        .get(token)
        .or_else(|| store.access_tokens.get(token))
        .filter(|g| g.client_id == client_id)
        .map(|g| (g.grant_id, g.user_id.clone()));
    if let Some((grant_id, user)) = grant {
        store.refresh_tokens.remove(token);
        store.access_tokens.remove(token);
        store.revoke_grant(grant_id);
        store.stats.revoked_users.push(user);
        tracing::info!("mock Resonite: token revoked");
    }
    StatusCode::OK.into_response()
}
