//! The consent step as a browser does it, without fetching the page (it lists every
//! account, thousands here), and the HTTP client the figures use.

use std::time::Duration;

/// Posts the authorize request's parameters back to the mock with the approval. Returns
/// the redirect to the callback (`…/oauth/callback?code=…&state=…`).
pub async fn approve(
    http: &reqwest::Client,
    authorize_url: &str,
    resonite_user: &str,
) -> anyhow::Result<String> {
    let url = url::Url::parse(authorize_url)?;
    let mut form: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.push(("account".into(), resonite_user.into()));
    form.push(("decision".into(), "approve".into()));
    let mut action = url.clone();
    action.set_query(None);
    let response = http.post(action).form(&form).send().await?;
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    match location {
        Some(l) if l.contains("code=") => Ok(l),
        other => anyhow::bail!(
            "the mock did not approve (HTTP {}, location {other:?})",
            response.status()
        ),
    }
}

/// A client that follows no redirects and does not look for proxies.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .pool_max_idle_per_host(256)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("HTTP client")
}
