//! Errors of the mock's helpers.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum MockError {
    #[error("cannot read profiles from {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid JSON in {}: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("invalid profile: {0}")]
    InvalidProfile(String),
    #[error("invalid authorize URL: {0}")]
    InvalidUrl(String),
    #[error("HTTP request to the mock failed: {0}")]
    Http(#[from] reqwest::Error),
    /// The mock did not show a consent page, or did not redirect with a code: `location` is
    /// the redirect it answered (e.g. `redirect_uri?error=invalid_request…`), if any.
    #[error("the mock refused the request (HTTP {status}, location {location:?})")]
    Refused {
        status: u16,
        location: Option<String>,
        body: String,
    },
    #[error("account {0} is not offered on the consent page")]
    UnknownAccount(String),
    #[error("unexpected response from the mock: {0}")]
    Unexpected(String),
}
