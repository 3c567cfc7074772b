//! The HTTP transport both OAuth clients (Resonite's and Discord's) run over: the oauth2
//! crate's hook on our reqwest client, which follows no redirects, counts each request in
//! the metrics, treats 5xx, 429 and redirects as failures, and reads at most a fixed number
//! of bytes of any answer.

use futures::future::BoxFuture;

/// How a request failed below the HTTP status, in the terms both clients map to errors.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Transport {
    #[error("timed out")]
    Timeout,
    #[error("unreachable")]
    Unreachable,
    #[error("body too large")]
    TooLarge,
    #[error("HTTP {0}")]
    Status(u16),
    #[error("bad request: {0}")]
    Build(String),
}

impl Transport {
    pub(crate) fn from_reqwest(e: &reqwest::Error) -> Self {
        if e.is_timeout() {
            Self::Timeout
        } else {
            Self::Unreachable
        }
    }
}

/// Reads a body, refusing anything over `max` bytes without buffering it all.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    max: usize,
) -> Result<Vec<u8>, Transport> {
    if response.content_length().is_some_and(|n| n > max as u64) {
        return Err(Transport::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| Transport::from_reqwest(&e))?
    {
        if body.len() + chunk.len() > max {
            return Err(Transport::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// The oauth2 crate's HTTP hook over `client`, counted as `service`; every request goes to
/// `to` when given (an endpoint the crate cannot be told about), and answers over `max`
/// bytes are refused.
pub(crate) fn oauth_http(
    client: reqwest::Client,
    service: &'static str,
    max: usize,
    to: Option<String>,
) -> impl Fn(oauth2::HttpRequest) -> BoxFuture<'static, Result<oauth2::HttpResponse, Transport>> {
    move |request: oauth2::HttpRequest| {
        let client = client.clone();
        let to = to.clone();
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let url = to.unwrap_or_else(|| parts.uri.to_string());
            let response = client
                .request(parts.method, url)
                .headers(parts.headers)
                .body(body)
                .send()
                .await
                .map_err(|e| {
                    crate::telemetry::upstream(service, None);
                    Transport::from_reqwest(&e)
                })?;
            let status = response.status();
            crate::telemetry::upstream(service, Some(status.as_u16()));
            if status.is_redirection() || status.is_server_error() || status.as_u16() == 429 {
                return Err(Transport::Status(status.as_u16()));
            }
            let headers = response.headers().clone();
            let body = read_capped(response, max).await?;
            let mut builder = http::Response::builder().status(status);
            if let Some(h) = builder.headers_mut() {
                *h = headers;
            }
            builder
                .body(body)
                .map_err(|e| Transport::Build(e.to_string()))
        })
    }
}
