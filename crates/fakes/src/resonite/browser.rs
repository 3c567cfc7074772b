//! `approve` / `deny`: what a browser does with the consent page.
//!
//! It fetches the authorize URL, reads the form out of the HTML (so the hidden fields
//! round-trip through the page's escaping exactly as in a browser), and submits it.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use url::Url;

use super::MockError;

/// Parsed attributes of a tag: (name, value if any).
type Attrs = Vec<(String, Option<String>)>;

pub(super) enum Decision<'a> {
    Approve(&'a str),
    Deny,
}

/// The parts of the consent form a browser submits.
#[derive(Debug, Default, PartialEq)]
pub(super) struct ConsentForm {
    pub(super) action: String,
    pub(super) hidden: Vec<(String, String)>,
    /// (account id, checked)
    pub(super) accounts: Vec<(String, bool)>,
}

pub(super) async fn drive(
    authorize_url: &str,
    decision: Decision<'_>,
) -> Result<String, MockError> {
    let page_url = Url::parse(authorize_url).map_err(|e| MockError::InvalidUrl(format!("{e}")))?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()?;

    let resp = client.get(page_url.clone()).send().await?;
    let status = resp.status();
    let location = header_location(&resp);
    let body = resp.text().await?;
    if status != StatusCode::OK {
        return Err(MockError::Refused {
            status: status.as_u16(),
            location,
            body: truncate(body),
        });
    }
    let form = parse_consent_form(&body)
        .ok_or_else(|| MockError::Unexpected("no consent form on the page".to_owned()))?;
    let action = page_url
        .join(&form.action)
        .map_err(|e| MockError::Unexpected(format!("bad form action: {e}")))?;

    let mut fields = form.hidden.clone();
    match decision {
        Decision::Approve(user_id) => {
            if !form.accounts.iter().any(|(id, _)| id == user_id) {
                return Err(MockError::UnknownAccount(user_id.to_owned()));
            }
            fields.push(("account".to_owned(), user_id.to_owned()));
            fields.push(("decision".to_owned(), "approve".to_owned()));
        }
        Decision::Deny => {
            if let Some((id, _)) = form.accounts.iter().find(|(_, checked)| *checked) {
                fields.push(("account".to_owned(), id.clone()));
            }
            fields.push(("decision".to_owned(), "deny".to_owned()));
        }
    }
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&fields)
        .finish();
    let resp = client
        .post(action)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(encoded)
        .send()
        .await?;
    let status = resp.status();
    let location = header_location(&resp);
    let body = resp.text().await?;
    let Some(loc) = location.clone().filter(|_| status.is_redirection()) else {
        return Err(MockError::Refused {
            status: status.as_u16(),
            location,
            body: truncate(body),
        });
    };
    let error = Url::parse(&loc).ok().and_then(|u| {
        u.query_pairs()
            .find(|(k, _)| k == "error")
            .map(|(_, v)| v.into_owned())
    });
    match (&decision, error.as_deref()) {
        (Decision::Approve(_), None) | (Decision::Deny, Some("access_denied")) => Ok(loc),
        _ => Err(MockError::Refused {
            status: status.as_u16(),
            location: Some(loc),
            body: truncate(body),
        }),
    }
}

fn header_location(resp: &reqwest::Response) -> Option<String> {
    resp.headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

fn truncate(mut body: String) -> String {
    const MAX: usize = 4096;
    if body.len() > MAX {
        let mut end = MAX;
        while !body.is_char_boundary(end) {
            end -= 1;
        }
        body.truncate(end);
    }
    body
}

/// Reads the first `<form>`'s action and its `<input>`s out of the page.
pub(super) fn parse_consent_form(html: &str) -> Option<ConsentForm> {
    let form_start = html.find("<form")?;
    let form_end = html[form_start..]
        .find("</form>")
        .map_or(html.len(), |i| form_start + i);
    let form_html = &html[form_start..form_end];
    let (form_attrs, _) = parse_tag(&form_html["<form".len()..])?;
    let mut form = ConsentForm {
        action: attr(&form_attrs, "action").unwrap_or_default(),
        ..ConsentForm::default()
    };
    let mut rest = form_html;
    while let Some(i) = rest.find("<input") {
        let (attrs, consumed) = parse_tag(&rest[i + "<input".len()..])?;
        rest = &rest[i + "<input".len() + consumed..];
        let kind = attr(&attrs, "type").unwrap_or_default();
        let (Some(name), value) = (attr(&attrs, "name"), attr(&attrs, "value")) else {
            continue;
        };
        let value = value.unwrap_or_default();
        match kind.as_str() {
            "hidden" => form.hidden.push((name, value)),
            "radio" if name == "account" => {
                let checked = attrs.iter().any(|(k, _)| k == "checked");
                form.accounts.push((value, checked));
            }
            _ => {}
        }
    }
    Some(form)
}

fn attr(attrs: &Attrs, name: &str) -> Option<String> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.clone())
}

/// Parses attributes up to the end of a tag; returns them (values unescaped) and the
/// number of bytes consumed, `>` included.
fn parse_tag(s: &str) -> Option<(Attrs, usize)> {
    let b = s.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((attrs, i + 1)),
            b'/' => {
                i += 1;
                continue;
            }
            _ => {}
        }
        let start = i;
        while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let name = s[start..i].to_ascii_lowercase();
        if b.get(i) == Some(&b'=') {
            i += 1;
            let quote = *b.get(i)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            i += 1;
            let vstart = i;
            while *b.get(i)? != quote {
                i += 1;
            }
            attrs.push((name, Some(unescape(&s[vstart..i]))));
            i += 1;
        } else {
            attrs.push((name, None));
        }
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let entity = rest.find(';').map(|end| (&rest[1..end], end));
        let decoded = entity.and_then(|(name, end)| {
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn unescape_entities() {
        assert_eq!(
            unescape("a&amp;b&lt;&gt;&quot;&#39;&#x27;&bogus;&"),
            "a&b<>\"''&bogus;&"
        );
    }

    #[test]
    fn parses_a_form() {
        let html = r#"<p>x</p><form method="post" action="/connect/authorize"><input type="hidden" name="state" value="&quot;&gt;x"><label><input type="radio" name="account" value="U-A" required checked> A</label><input type="radio" name="account" value="U-B" required><button name="decision" value="approve">A</button></form>"#;
        let form = parse_consent_form(html).expect("form");
        assert_eq!(form.action, "/connect/authorize");
        assert_eq!(form.hidden, vec![("state".to_owned(), "\">x".to_owned())]);
        assert_eq!(
            form.accounts,
            vec![("U-A".to_owned(), true), ("U-B".to_owned(), false)]
        );
    }
}
