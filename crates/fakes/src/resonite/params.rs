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

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn params_notice_duplicates() {
        let p = Params::parse(b"a=1&b=2&a=3&a=4");
        assert_eq!(p.get("a"), Some("1"));
        assert_eq!(p.dups, vec!["a".to_owned()]);
        assert!(!p.is_dup("b"));
    }
}
