//! The token endpoint: client authentication, code exchange with PKCE, refresh rotation.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::client_auth::authenticate_client;
use super::params::{Params, is_form};
use super::responses::{fault_status, invalid_request, json_response, oauth_error, redirect};
use super::secrets::{ct_eq, random_token};
use super::state::{Fault, Inner, Store, TokenGrant, UsedCode};

pub(super) async fn token(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let p = Params::parse(&body);
    {
        let mut store = inner.store();
        store.stats.token_requests += 1;
        store.stats.token_request_times.push(Instant::now());
        if p.get("grant_type") == Some("refresh_token") {
            store.stats.refresh_requests += 1;
        }
    }
    match inner.fault() {
        Fault::TokenStatus(n) => {
            let status = fault_status(n);
            let error = match status.as_u16() {
                401 => "invalid_client",
                503 => "temporarily_unavailable",
                400..=499 => "invalid_request",
                _ => "server_error",
            };
            tracing::info!(%status, "mock Resonite: injected token fault");
            return json_response(
                status,
                json!({ "error": error, "error_description": "injected fault" }),
            );
        }
        Fault::TokenDelay(d) => tokio::time::sleep(d).await,
        Fault::TokenRedirect(url) => {
            tracing::info!("mock Resonite: injected token redirect");
            return redirect(StatusCode::FOUND, &url);
        }
        _ => {}
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
    match p.get("grant_type") {
        None => invalid_request("grant_type is missing"),
        Some("authorization_code") => exchange_code(&inner, &client_id, &p),
        Some("refresh_token") => refresh(&inner, &client_id, &p),
        Some(_) => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be authorization_code or refresh_token",
        ),
    }
}

fn exchange_code(inner: &Inner, client_id: &str, p: &Params) -> Response {
    let Some(code) = p.get("code") else {
        return invalid_request("code is missing");
    };
    let now = Instant::now();
    let mut store = inner.store();
    let keep_used = inner.code_ttl.max(Duration::from_secs(600));
    if store.purge_due(now) {
        store
            .used_codes
            .retain(|_, u| now.duration_since(u.at) < keep_used);
        store
            .access_tokens
            .retain(|_, g| now.duration_since(g.issued) < inner.access_token_ttl);
    }
    let Some(grant) = store.codes.remove(code) else {
        if let Some(used) = store.used_codes.get_mut(code) {
            // RFC 6749 4.1.2: a code presented twice revokes what it produced.
            if let Some(grant_id) = used.grant_id.take() {
                store.revoke_grant(grant_id);
            }
            return invalid_grant("authorization code already used");
        }
        return invalid_grant("unknown authorization code");
    };
    // Burned now, whatever happens next.
    store.used_codes.insert(
        code.to_owned(),
        UsedCode {
            grant_id: None,
            at: now,
        },
    );
    if grant.client_id != client_id {
        return invalid_grant("the code was issued to another client");
    }
    if now.duration_since(grant.issued) >= inner.code_ttl {
        return invalid_grant("authorization code expired");
    }
    if p.get("redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return invalid_grant("redirect_uri does not match the authorization request");
    }
    let Some(verifier) = p.get("code_verifier") else {
        return invalid_grant("code_verifier is missing");
    };
    if !valid_verifier(verifier) {
        return invalid_grant("code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]");
    }
    if !ct_eq(
        pkce_s256(verifier).as_bytes(),
        grant.code_challenge.as_bytes(),
    ) {
        return invalid_grant("PKCE verification failed");
    }
    let grant_id = store.next_grant_id;
    store.next_grant_id += 1;
    if let Some(used) = store.used_codes.get_mut(code) {
        used.grant_id = Some(grant_id);
    }
    let token = TokenGrant {
        client_id: client_id.to_owned(),
        user_id: grant.user_id,
        scopes: grant.scopes,
        grant_id,
        issued: now,
    };
    let with_refresh = token.scopes.iter().any(|s| s == "offline_access");
    tracing::info!(user = %token.user_id, scopes = %token.scopes.join(" "), "mock Resonite: code exchanged for tokens");
    issue_tokens(
        inner,
        &mut store,
        token.clone(),
        with_refresh.then_some(token),
    )
}

fn refresh(inner: &Inner, client_id: &str, p: &Params) -> Response {
    let Some(refresh_token) = p.get("refresh_token") else {
        return invalid_request("refresh_token is missing");
    };
    let mut store = inner.store();
    let Some(old) = store.refresh_tokens.get(refresh_token).cloned() else {
        return invalid_grant("unknown, rotated or revoked refresh token");
    };
    if old.client_id != client_id {
        return invalid_grant("the refresh token was issued to another client");
    }
    // An optional `scope` may narrow the grant (RFC 6749 6), never widen it.
    let scopes = match p.get("scope") {
        None => old.scopes.clone(),
        Some(raw) => {
            let mut scopes: Vec<String> = Vec::new();
            for s in raw.split(' ').filter(|s| !s.is_empty()) {
                if !old.scopes.iter().any(|o| o == s) {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_scope",
                        "scope exceeds the original grant",
                    );
                }
                if !scopes.iter().any(|x| x == s) {
                    scopes.push(s.to_owned());
                }
            }
            if scopes.is_empty() {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_scope", "scope is empty");
            }
            scopes
        }
    };
    store.refresh_tokens.remove(refresh_token);
    let now = Instant::now();
    let access = TokenGrant {
        scopes,
        issued: now,
        ..old.clone()
    };
    let new_refresh = TokenGrant { issued: now, ..old };
    tracing::debug!(user = %access.user_id, "mock Resonite: refresh token rotated");
    issue_tokens(inner, &mut store, access, Some(new_refresh))
}

fn issue_tokens(
    inner: &Inner,
    store: &mut Store,
    access: TokenGrant,
    refresh: Option<TokenGrant>,
) -> Response {
    let now = Instant::now();
    let ttl = inner.access_token_ttl;
    if store.purge_due(now) {
        store
            .access_tokens
            .retain(|_, g| now.duration_since(g.issued) < ttl);
    }
    let access_token = random_token();
    let scope = access.scopes.join(" ");
    store.access_tokens.insert(access_token.clone(), access);
    let mut body = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": ttl.as_secs(),
        "scope": scope,
    });
    if let Some(r) = refresh {
        let refresh_token = random_token();
        store.refresh_tokens.insert(refresh_token.clone(), r);
        body["refresh_token"] = Value::String(refresh_token);
    }
    json_response(StatusCode::OK, body)
}

fn invalid_grant(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

fn pkce_s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// RFC 7636 4.1: 43..=128 characters of `[A-Za-z0-9-._~]`.
fn valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len())
        && v.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~'))
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn pkce_matches_rfc7636_example() {
        // RFC 7636 appendix B.
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            pkce_s256(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(valid_verifier(verifier));
        assert!(!valid_verifier(&verifier[..42]));
        assert!(!valid_verifier(&"a".repeat(129)));
        assert!(!valid_verifier(&format!("{}+", &verifier[..43])));
    }
}
