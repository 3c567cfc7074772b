//! The authorization endpoint: GET shows the consent page, POST carries the decision.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::pages;
use super::params::{Params, is_form};
use super::protocol::KNOWN_SCOPES;
use super::responses::{error_page, html, redirect, with_query};
use super::secrets::random_token;
use super::state::{CodeGrant, Inner};

/// A validated authorization request.
struct AuthzRequest {
    client_id: String,
    redirect_uri: String,
    scopes: Vec<String>,
    state: Option<String>,
    code_challenge: String,
    /// The original parameters, carried through the consent form.
    hidden: Vec<(&'static str, String)>,
}

impl AuthzRequest {
    fn consent(&self) -> pages::Consent<'_> {
        pages::Consent {
            client_id: &self.client_id,
            redirect_uri: &self.redirect_uri,
            scopes: &self.scopes,
            hidden: &self.hidden,
        }
    }
}

enum AuthzError {
    /// The client or redirect URI cannot be trusted: show an error page, never redirect.
    Page(String),
    /// Tell the client through its (verified) redirect URI.
    Redirect {
        error: &'static str,
        description: String,
        state: Option<String>,
    },
}

fn validate_authorize(inner: &Inner, p: &Params) -> Result<AuthzRequest, AuthzError> {
    let (client_id, redirect_uri) = trusted_client(inner, p)?;
    let state = p.get("state").map(str::to_owned);
    let fail = |error: &'static str, description: &str| AuthzError::Redirect {
        error,
        description: description.to_owned(),
        state: state.clone(),
    };
    if let Some(d) = p.dups.first() {
        return Err(fail(
            "invalid_request",
            &format!("parameter {d} is given more than once"),
        ));
    }
    match p.get("response_type") {
        None => return Err(fail("invalid_request", "response_type is missing")),
        Some("code") => {}
        Some(_) => return Err(fail("invalid_request", "response_type must be code")),
    }
    let code_challenge = pkce_challenge(p).map_err(|why| fail("invalid_request", why))?;
    let raw_scope = p.get("scope").unwrap_or("");
    let scopes = requested_scopes(raw_scope).map_err(|why| fail("invalid_scope", &why))?;

    let mut hidden = vec![
        ("response_type", "code".to_owned()),
        ("client_id", client_id.to_owned()),
        ("redirect_uri", redirect_uri.to_owned()),
        ("scope", raw_scope.to_owned()),
    ];
    if let Some(s) = &state {
        hidden.push(("state", s.clone()));
    }
    hidden.push(("code_challenge", code_challenge.to_owned()));
    hidden.push(("code_challenge_method", "S256".to_owned()));
    Ok(AuthzRequest {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        scopes,
        state,
        code_challenge: code_challenge.to_owned(),
        hidden,
    })
}

/// The client and redirect URI, when they are the registered ones (else an error page:
/// nothing can be trusted to redirect to).
fn trusted_client<'p>(inner: &Inner, p: &'p Params) -> Result<(&'p str, &'p str), AuthzError> {
    let page = |m: &str| AuthzError::Page(m.to_owned());
    if p.is_dup("client_id") || p.is_dup("redirect_uri") {
        return Err(page("client_id or redirect_uri is given more than once."));
    }
    let client_id = p
        .get("client_id")
        .ok_or_else(|| page("The request has no client_id."))?;
    if client_id != inner.client_id {
        return Err(page(
            "Unknown client_id: no such application is registered.",
        ));
    }
    let redirect_uri = p
        .get("redirect_uri")
        .ok_or_else(|| page("The request has no redirect_uri."))?;
    if redirect_uri != inner.redirect_uri {
        return Err(page(
            "The redirect_uri does not match the one registered for this application.",
        ));
    }
    Ok((client_id, redirect_uri))
}

/// The PKCE challenge, which must be S256; else why not.
fn pkce_challenge(p: &Params) -> Result<&str, &'static str> {
    let code_challenge = match p.get("code_challenge") {
        None | Some("") => return Err("code_challenge is required (PKCE)"),
        Some(c) => c,
    };
    if p.get("code_challenge_method") != Some("S256") {
        return Err("code_challenge_method must be S256");
    }
    if !valid_challenge(code_challenge) {
        return Err("code_challenge must be a base64url SHA-256 (43 characters)");
    }
    Ok(code_challenge)
}

/// The scopes asked for, each once, all known, at least one; else why not.
fn requested_scopes(raw_scope: &str) -> Result<Vec<String>, String> {
    let mut scopes: Vec<String> = Vec::new();
    for s in raw_scope.split(' ').filter(|s| !s.is_empty()) {
        if !KNOWN_SCOPES.contains(&s) {
            return Err(format!("unknown scope {s}"));
        }
        if !scopes.iter().any(|x| x == s) {
            scopes.push(s.to_owned());
        }
    }
    if scopes.is_empty() {
        return Err("scope is missing".to_owned());
    }
    Ok(scopes)
}

fn authz_error_response(inner: &Inner, err: AuthzError, redirect_status: StatusCode) -> Response {
    match err {
        AuthzError::Page(message) => {
            tracing::info!(reason = %message, "mock Resonite: authorization request refused");
            error_page(StatusCode::BAD_REQUEST, &message)
        }
        AuthzError::Redirect {
            error,
            description,
            state,
        } => {
            tracing::info!(error, %description, "mock Resonite: authorization error redirect");
            let mut pairs = vec![
                ("error", error),
                ("error_description", description.as_str()),
            ];
            if let Some(s) = &state {
                pairs.push(("state", s));
            }
            match with_query(&inner.redirect_uri, &pairs) {
                Some(loc) => redirect(redirect_status, &loc),
                None => error_page(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "The registered redirect URI is not a valid URL.",
                ),
            }
        }
    }
}

pub(super) async fn show(State(inner): State<Arc<Inner>>, RawQuery(query): RawQuery) -> Response {
    let p = Params::parse(query.unwrap_or_default().as_bytes());
    match validate_authorize(&inner, &p) {
        Err(e) => authz_error_response(&inner, e, StatusCode::FOUND),
        Ok(req) => {
            tracing::info!(scopes = %req.scopes.join(" "), "mock Resonite: consent page shown");
            let accounts = inner.accounts();
            html(StatusCode::OK, pages::consent(&req.consent(), &accounts))
        }
    }
}

pub(super) async fn decide(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !is_form(&headers) {
        return error_page(
            StatusCode::BAD_REQUEST,
            "The consent form must be sent as application/x-www-form-urlencoded.",
        );
    }
    let p = Params::parse(&body);
    let req = match validate_authorize(&inner, &p) {
        Ok(r) => r,
        Err(e) => return authz_error_response(&inner, e, StatusCode::SEE_OTHER),
    };
    let decision = if p.is_dup("decision") {
        None
    } else {
        p.get("decision")
    };
    match decision {
        Some("deny") => {
            tracing::info!("mock Resonite: the user denied the request");
            authz_error_response(
                &inner,
                AuthzError::Redirect {
                    error: "access_denied",
                    description: "The user denied the request".to_owned(),
                    state: req.state,
                },
                StatusCode::SEE_OTHER,
            )
        }
        Some("approve") => approve(&inner, &p, &req),
        _ => error_page(
            StatusCode::BAD_REQUEST,
            "The decision must be approve or deny.",
        ),
    }
}

/// Approved for the one account chosen: a code issued, and the browser sent back to the
/// client with it.
fn approve(inner: &Inner, p: &Params, req: &AuthzRequest) -> Response {
    let account = match p.get("account") {
        Some(a) if !p.is_dup("account") => a,
        _ => {
            return error_page(StatusCode::BAD_REQUEST, "Choose exactly one account.");
        }
    };
    let code = random_token();
    {
        let mut store = inner.store();
        if store.find_profile(account).is_none() {
            drop(store);
            return error_page(StatusCode::BAD_REQUEST, "Unknown account.");
        }
        let now = Instant::now();
        let ttl = inner.code_ttl;
        if store.purge_due(now) {
            store
                .codes
                .retain(|_, g| now.duration_since(g.issued) < ttl);
        }
        store.codes.insert(
            code.clone(),
            CodeGrant {
                client_id: req.client_id.clone(),
                redirect_uri: req.redirect_uri.clone(),
                scopes: req.scopes.clone(),
                code_challenge: req.code_challenge.clone(),
                user_id: account.to_owned(),
                issued: now,
            },
        );
    }
    tracing::info!(user = account, scopes = %req.scopes.join(" "), "mock Resonite: approved, code issued");
    let mut pairs = vec![("code", code.as_str())];
    if let Some(s) = &req.state {
        pairs.push(("state", s));
    }
    match with_query(&req.redirect_uri, &pairs) {
        Some(loc) => redirect(StatusCode::SEE_OTHER, &loc),
        None => error_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The registered redirect URI is not a valid URL.",
        ),
    }
}

/// An S256 challenge is a base64url (no padding) SHA-256: 43 characters.
fn valid_challenge(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'))
}
