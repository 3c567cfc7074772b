//! What a browser does on the consent page, for tests: fetch the authorize URL
//! the bot built, read the form out of the HTML (so its fields round-trip
//! through the page's escaping), press Authorize or Cancel, and hand back the
//! redirect.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, LOCATION};

/// Why [`super::super::FakeDiscord::approve_authorization`] or
/// [`super::super::FakeDiscord::deny_authorization`] got no redirect back to the app.
#[derive(Debug, thiserror::Error)]
pub enum ConsentError {
    #[error("the consent page could not be reached: {0}")]
    Http(#[from] reqwest::Error),
    /// An error page (or a redirect carrying `error=`, when approving).
    #[error("the fake Discord refused with {status}: {location:?} {body}")]
    Refused {
        status: u16,
        location: Option<String>,
        body: String,
    },
    #[error("the page has no consent form")]
    NoForm,
    #[error("user {0} is not an account on the consent page")]
    UnknownAccount(u64),
}

pub(in super::super) enum Decision {
    Approve(u64),
    Deny,
}

pub(in super::super) async fn drive(
    authorize_url: &str,
    decision: Decision,
) -> Result<String, ConsentError> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(Duration::from_secs(30))
        .build()?;
    let page = client.get(authorize_url).send().await?;
    let status = page.status().as_u16();
    let location = location_of(&page);
    let html = page.text().await?;
    if status != 200 {
        return Err(ConsentError::Refused {
            status,
            location,
            body: html,
        });
    }
    let form = ConsentForm::parse(&html).ok_or(ConsentError::NoForm)?;
    let mut fields = form.hidden;
    match decision {
        Decision::Approve(user_id) => {
            let user = user_id.to_string();
            if !form.accounts.contains(&user) {
                return Err(ConsentError::UnknownAccount(user_id));
            }
            fields.push(("user_id".into(), user));
            fields.push(("decision".into(), "approve".into()));
        }
        Decision::Deny => fields.push(("decision".into(), "deny".into())),
    }
    let action = url::Url::parse(authorize_url)
        .and_then(|page| page.join(&form.action))
        .map_err(|_| ConsentError::NoForm)?;
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&fields)
        .finish();
    let answer = client
        .post(action)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?;
    let status = answer.status().as_u16();
    let location = location_of(&answer);
    let body = answer.text().await?;
    let error = location
        .as_deref()
        .and_then(|l| url::Url::parse(l).ok())
        .and_then(|u| {
            u.query_pairs()
                .find(|(k, _)| k == "error")
                .map(|(_, v)| v.into_owned())
        });
    match (&decision, status, error.as_deref(), location) {
        (Decision::Approve(_), 302, None, Some(location))
        | (Decision::Deny, 302, Some("access_denied"), Some(location)) => Ok(location),
        (_, _, _, location) => Err(ConsentError::Refused {
            status,
            location,
            body,
        }),
    }
}

fn location_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The consent form as the fake renders it.
#[derive(Debug, Default, PartialEq)]
pub(super) struct ConsentForm {
    pub action: String,
    pub hidden: Vec<(String, String)>,
    /// The user ids offered as accounts.
    pub accounts: Vec<String>,
}

impl ConsentForm {
    pub fn parse(html: &str) -> Option<Self> {
        let start = html.find("<form")?;
        let end = html[start..]
            .find("</form>")
            .map_or(html.len(), |i| start + i);
        let form_html = &html[start..end];
        let mut form = Self {
            action: attribute(tag_at(form_html, 0)?, "action")?,
            ..Self::default()
        };
        let mut offset = 0;
        while let Some(found) = form_html[offset..].find("<input") {
            let tag = tag_at(form_html, offset + found)?;
            offset += found + tag.len();
            let (Some(kind), Some(name)) = (attribute(tag, "type"), attribute(tag, "name")) else {
                continue;
            };
            let value = attribute(tag, "value").unwrap_or_default();
            match (kind.as_str(), name.as_str()) {
                ("hidden", _) => form.hidden.push((name, value)),
                ("radio", "user_id") => form.accounts.push(value),
                _ => {}
            }
        }
        Some(form)
    }
}

/// The tag starting at `at`, up to its `>`. Attribute values never hold a raw
/// `>`: maud escapes it.
fn tag_at(html: &str, at: usize) -> Option<&str> {
    let end = html[at..].find('>')?;
    Some(&html[at..at + end + 1])
}

/// A double-quoted attribute's value, unescaped.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_action_hidden_fields_and_accounts() {
        let html = r#"<p>x</p><form method="post" action="/oauth2/authorize">
            <input type="hidden" name="state" value="a&amp;b&quot;c&lt;">
            <input type="radio" name="user_id" value="7" checked>
            <input type="radio" name="user_id" value="8">
            <button name="decision" value="deny">Cancel</button></form>"#;
        let form = ConsentForm::parse(html).unwrap();
        assert_eq!(form.action, "/oauth2/authorize");
        assert_eq!(form.hidden, vec![("state".into(), "a&b\"c<".into())]);
        assert_eq!(form.accounts, vec!["7".to_owned(), "8".to_owned()]);
        assert_eq!(ConsentForm::parse("<p>no form</p>"), None);
    }
}
