//! Client authentication at the token and revocation endpoints (RFC 6749 2.3.1):
//! `client_secret_post` or HTTP Basic.

use axum::http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::params::{Params, form_decode};
use super::responses::{invalid_request, oauth_error};
use super::secrets::ct_eq;
use super::state::Inner;

/// client_secret_post or HTTP Basic (RFC 6749 2.3.1); returns the client id.
#[allow(clippy::result_large_err)]
pub(super) fn authenticate_client(
    inner: &Inner,
    headers: &HeaderMap,
    p: &Params,
) -> Result<String, Response> {
    let (id, secret) = if let Some(h) = headers.get(AUTHORIZATION) {
        let bad = || invalid_client("malformed Basic credentials");
        let value = h.to_str().map_err(|_| bad())?;
        let (scheme, creds) = value.split_once(' ').ok_or_else(bad)?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return Err(invalid_client("unsupported authentication scheme"));
        }
        let decoded = STANDARD.decode(creds.trim()).map_err(|_| bad())?;
        let decoded = String::from_utf8(decoded).map_err(|_| bad())?;
        let (id, secret) = decoded.split_once(':').ok_or_else(bad)?;
        let id = form_decode(id).ok_or_else(bad)?;
        let secret = form_decode(secret).ok_or_else(bad)?;
        if p.get("client_secret").is_some() {
            return Err(invalid_request(
                "more than one client authentication method is used",
            ));
        }
        if p.get("client_id").is_some_and(|body_id| body_id != id) {
            return Err(invalid_client(
                "client_id differs from the Basic credentials",
            ));
        }
        (id, secret)
    } else {
        let id = p
            .get("client_id")
            .ok_or_else(|| invalid_client("client authentication is required"))?;
        let secret = p
            .get("client_secret")
            .ok_or_else(|| invalid_client("client_secret is missing"))?;
        (id.to_owned(), secret.to_owned())
    };
    if id == inner.client_id && ct_eq(secret.as_bytes(), inner.client_secret.as_bytes()) {
        Ok(id)
    } else {
        Err(invalid_client("unknown client or wrong secret"))
    }
}

pub(super) fn invalid_client(description: &str) -> Response {
    let mut resp = oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description);
    resp.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"resonite-verify mock\""),
    );
    resp
}
