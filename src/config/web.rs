//! The callback server: where it listens and the public URL members reach it at.

use std::net::{IpAddr, SocketAddr};

use url::Url;

use super::reader::Reader;

pub const CALLBACK_PATH: &str = "/oauth/callback";

pub(super) struct WebSection {
    pub public_url: Url,
    pub host: IpAddr,
    pub port: u16,
    /// `METRICS_ADDR`: where Prometheus `/metrics` listens; `None` (empty) turns it off.
    pub metrics_addr: Option<SocketAddr>,
    pub max_connections: usize,
}

/// `MAX_CONNECTIONS` unless set (see `web::ServeLimits`).
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// `None` when `PUBLIC_URL` is missing or invalid (the problem is noted).
pub(super) fn read(r: &mut Reader<'_>) -> Option<WebSection> {
    let public_url = r.url("PUBLIC_URL", None);
    if let Some(u) = &public_url
        && (u.query().is_some() || u.fragment().is_some())
    {
        r.problem(
            "PUBLIC_URL",
            "expected a base URL without query or fragment",
        );
    }
    let host = r.parsed(
        "HOST",
        IpAddr::from([0, 0, 0, 0]),
        "an IP address such as 0.0.0.0",
    );
    let port = r.parsed("PORT", 8080u16, "a port number (0-65535)");
    let metrics_addr = match r.optional("METRICS_ADDR") {
        None => None,
        Some(raw) => match raw.parse::<SocketAddr>() {
            Ok(addr) => Some(addr),
            Err(_) => {
                r.problem(
                    "METRICS_ADDR",
                    "expected an address and port such as 127.0.0.1:9100 (or empty: off)",
                );
                None
            }
        },
    };
    let max_connections = r.parsed(
        "MAX_CONNECTIONS",
        DEFAULT_MAX_CONNECTIONS,
        "a number of connections, such as 1024",
    );
    if !(16..=1_000_000).contains(&max_connections) {
        r.problem(
            "MAX_CONNECTIONS",
            "expected between 16 and 1000000 connections (below the file limit, ulimit -n)",
        );
    }
    Some(WebSection {
        public_url: public_url?,
        host,
        port,
        metrics_addr,
        max_connections,
    })
}

/// The redirect URI registered with Resonite: `PUBLIC_URL/oauth/callback`, exactly.
pub fn redirect_uri(public_url: &Url) -> Url {
    let base = public_url.as_str().trim_end_matches('/');
    // The base was validated as an absolute URL; appending a fixed path keeps it one.
    Url::parse(&format!("{base}{CALLBACK_PATH}")).unwrap_or_else(|_| public_url.clone())
}
