//! The dashboard's session cookie: HttpOnly, SameSite=Lax, 12 hours; on an https
//! `PUBLIC_URL` `Secure` and `__Host-`-prefixed. Its value is 32 random bytes; the database
//! keeps only its SHA-256.

use axum::http::{HeaderMap, HeaderValue, header};

use crate::dashboard::SESSION_TTL_SECS;

/// The cookie's name on an http `PUBLIC_URL` (local set-ups, the demo).
pub const COOKIE: &str = "resonite-verify-admin";
/// The cookie's name on an https `PUBLIC_URL`.
pub const SECURE_COOKIE: &str = "__Host-resonite-verify-admin";

#[derive(Debug, Clone, Copy)]
pub(super) struct SessionCookie {
    pub secure: bool,
}

impl SessionCookie {
    fn name(self) -> &'static str {
        if self.secure { SECURE_COOKIE } else { COOKIE }
    }

    /// The browser's session cookie, when it has one of the shape this server mints.
    pub fn read(self, headers: &HeaderMap) -> Option<String> {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.name())
            .map(|(_, value)| value.trim().to_owned())
            .filter(|v| {
                v.len() == 43
                    && v.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            })
    }

    pub fn set(self, value: &str) -> Option<HeaderValue> {
        self.header(value, SESSION_TTL_SECS)
    }

    pub fn clear(self) -> Option<HeaderValue> {
        self.header("", 0)
    }

    fn header(self, value: &str, max_age: i64) -> Option<HeaderValue> {
        let secure = if self.secure { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}",
            self.name(),
        ))
        .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_lax_and_host_prefixed_on_https() {
        let value = "a".repeat(43);
        let plain = SessionCookie { secure: false }.set(&value).unwrap();
        assert_eq!(
            plain.to_str().unwrap(),
            format!("resonite-verify-admin={value}; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax")
        );
        let secure = SessionCookie { secure: true }.set(&value).unwrap();
        assert!(
            secure
                .to_str()
                .unwrap()
                .starts_with("__Host-resonite-verify-admin=")
        );
        assert!(secure.to_str().unwrap().ends_with("; SameSite=Lax; Secure"));
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("x=1; resonite-verify-admin={value}")).unwrap(),
        );
        assert_eq!(SessionCookie { secure: false }.read(&headers), Some(value));
        assert_eq!(SessionCookie { secure: true }.read(&headers), None);
    }
}
