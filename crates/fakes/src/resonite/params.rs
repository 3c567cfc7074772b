//! Form and query parameters as OAuth reads them.

use std::collections::HashMap;

use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;

/// Form or query parameters: the first value of each name, and the names given twice
/// (RFC 6749 3.1/3.2: parameters must not be repeated).
pub(super) struct Params {
    map: HashMap<String, String>,
    pub(super) dups: Vec<String>,
}

impl Params {
    pub(super) fn parse(bytes: &[u8]) -> Self {
        let mut map = HashMap::new();
        let mut dups = Vec::new();
        for (k, v) in url::form_urlencoded::parse(bytes) {
            if map.contains_key(k.as_ref()) {
                if !dups.iter().any(|d| d == k.as_ref()) {
                    dups.push(k.into_owned());
                }
            } else {
                map.insert(k.into_owned(), v.into_owned());
            }
        }
        Self { map, dups }
    }

    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.map.get(name).map(String::as_str)
    }

    pub(super) fn is_dup(&self, name: &str) -> bool {
        self.dups.iter().any(|d| d == name)
    }
}

pub(super) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// Decodes `application/x-www-form-urlencoded` text strictly (`+` is a space, `%XX` a
/// byte); `None` on a broken escape or non-UTF-8 result.
pub(super) fn form_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let hex = b.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn form_decode_is_strict() {
        assert_eq!(form_decode("a+b%2Bc%3A").as_deref(), Some("a b+c:"));
        assert_eq!(form_decode("%zz"), None);
        assert_eq!(form_decode("%+1"), None);
        assert_eq!(form_decode("%4"), None);
        assert_eq!(form_decode("%C3%BC").as_deref(), Some("ü"));
        assert_eq!(form_decode("%FF"), None);
    }

    #[test]
    fn params_notice_duplicates() {
        let p = Params::parse(b"a=1&b=2&a=3&a=4");
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.dups, vec!["a".to_owned()]);
        assert!(!p.is_dup("b"));
    }
}
