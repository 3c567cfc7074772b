//! `POST /oauth/confirm` and the cookie that binds a pending link to one browser (DESIGN
//! "Security rules": a link is confirmed by the browser that made it). Thin: the work is
//! `LinkService::confirm` and `cancel`.
//!
//! The cookie is HttpOnly and SameSite=Lax: a page on another site can neither read it nor
//! make the browser send it with a cross-site POST. On an https `PUBLIC_URL` it is
//! `__Host-`-prefixed and `Secure` (no subdomain can plant or read it). Its value is 32
//! random bytes; the database keeps only its SHA-256.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;

use super::{LOCALE_LOOKUP, Step, WebState, failure_page, page_lang, pages, record_callback};
use crate::linking::{LinkError, random_token};

/// The cookie's name on an http `PUBLIC_URL` (local set-ups, the demo).
pub const COOKIE: &str = "resonite-verify-link";
/// The cookie's name on an https `PUBLIC_URL`.
pub const SECURE_COOKIE: &str = "__Host-resonite-verify-link";

/// The cookie a response sets or a request carries, as this deployment names it.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    /// `PUBLIC_URL` is https: the `__Host-` name and `Secure`.
    pub secure: bool,
    /// How long the cookie lives (`LINK_TTL_SECS`).
    pub max_age_secs: u64,
}

impl Binding {
    fn name(self) -> &'static str {
        if self.secure { SECURE_COOKIE } else { COOKIE }
    }

    /// The browser's value, when it sent one of the shape this server mints.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| is_minted(value))
    }

    /// The browser's value, or a fresh one with the header that sets it.
    pub fn get_or_mint(self, headers: &HeaderMap) -> (String, Option<HeaderValue>) {
        match self.read(headers) {
            Some(value) => (value, None),
            None => {
                let value = random_token();
                let header = self.set_cookie(&value);
                (value, header)
            }
        }
    }

    fn set_cookie(self, value: &str) -> Option<HeaderValue> {
        let secure = if self.secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={value}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
            self.name(),
            self.max_age_secs
        ))
        .ok()
    }
}

/// What [`random_token`] makes: 43 base64url characters.
fn is_minted(value: &str) -> bool {
    value.len() == 43
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Sets `cookie` on `response` when there is one to set.
pub(crate) fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The confirm form's fields, read leniently: `token`, and `action` (`link` or `cancel`).
fn form(body: &[u8]) -> (String, Option<String>) {
    let mut token = None;
    let mut action = None;
    for (key, value) in url::form_urlencoded::parse(body) {
        let slot = match key.as_ref() {
            "token" => &mut token,
            "action" => &mut action,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.into_owned());
        }
    }
    (token.unwrap_or_default(), action)
}

pub(super) async fn confirm(
    State(state): State<WebState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let started = std::time::Instant::now();
    let (token, action) = form(&body);
    let browser = state.binding.read(&headers);
    if action.as_deref() == Some("cancel") {
        // A quick look-up, never a wait: with the database away the page is the browser's.
        let stored = tokio::time::timeout(LOCALE_LOOKUP, state.links.confirmation_locale(&token))
            .await
            .ok()
            .flatten();
        let lang = page_lang(stored.as_deref(), &headers);
        match state.links.cancel(&token, browser.as_deref()).await {
            Ok(true) => tracing::info!("a link was cancelled on its confirmation page"),
            Ok(false) => {}
            Err(e) => tracing::warn!(error = %e, "could not record a cancelled link"),
        }
        record_callback("cancelled", started);
        // Nothing was linked, whatever the store said.
        return super::page(StatusCode::OK, pages::cancelled(lang));
    }
    if token.is_empty() {
        record_callback("bad_request", started);
        let lang = page_lang(None, &headers);
        let (status, markup) =
            failure_page(lang, &LinkError::MissingParameter("token"), Step::Confirm);
        return super::page(status, markup);
    }
    let result = state.links.confirm(&token, browser.as_deref()).await;
    super::finish_link(&state, &headers, result, started, || async {
        state.links.confirmation_locale(&token).await
    })
    .await
}

/// The confirmation form's token in a confirmation page, for clients that press Link
/// themselves (the demo, the tests, the bench): the value of its hidden `token` field.
pub fn form_token(page: &str) -> Option<String> {
    let at = page.find(r#"name="token""#)?;
    let rest = &page[at..];
    let value = rest.split_once(r#"value=""#)?.1;
    let end = value.find('"')?;
    Some(value[..end].to_owned())
}

/// The `name=value` of a `Set-Cookie` header (for clients without a cookie store).
pub fn cookie_pair(set_cookie: &str) -> &str {
    set_cookie.split(';').next().unwrap_or("").trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_lax_and_host_bound_on_https() {
        let https = Binding {
            secure: true,
            max_age_secs: 600,
        };
        let (value, set) = https.get_or_mint(&HeaderMap::new());
        let set = set.expect("a fresh cookie");
        let set = set.to_str().expect("ascii");
        assert_eq!(
            set,
            format!(
                "__Host-resonite-verify-link={value}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax; Secure"
            )
        );
        let http = Binding {
            secure: false,
            max_age_secs: 600,
        };
        let (_, set) = http.get_or_mint(&HeaderMap::new());
        let set = set.expect("a fresh cookie");
        assert!(
            set.to_str()
                .expect("ascii")
                .starts_with("resonite-verify-link=")
        );
        assert!(!set.to_str().expect("ascii").contains("Secure"));
    }

    #[test]
    fn a_browser_keeps_its_cookie_and_odd_values_are_not_taken() {
        let binding = Binding {
            secure: false,
            max_age_secs: 60,
        };
        let value = random_token();
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; resonite-verify-link={value}; c=d"))
                .expect("header"),
        );
        assert_eq!(binding.get_or_mint(&headers), (value.clone(), None));
        // The https name is another cookie: an http one does not stand in for it.
        let secure = Binding {
            secure: true,
            ..binding
        };
        assert_eq!(secure.read(&headers), None);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("resonite-verify-link=short"),
        );
        assert_eq!(binding.read(&headers), None);
    }

    #[test]
    fn the_form_is_read_leniently() {
        assert_eq!(
            form(b"token=a%2Bb&action=link&action=cancel&x=1"),
            ("a+b".to_owned(), Some("link".to_owned()))
        );
        assert_eq!(form(b""), (String::new(), None));
    }
}
