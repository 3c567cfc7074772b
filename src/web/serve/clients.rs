//! Who a request comes from, and how many requests each client may send.
//!
//! The client is the peer's address, or — when the peer is a trusted reverse proxy
//! (`TRUSTED_PROXIES`) — the last address in `X-Forwarded-For` that is not itself a trusted
//! proxy. A client anyone can claim to be is never believed: without a trusted peer the
//! header is ignored.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::{ClientLimits, TrustedProxies};
use crate::web::{page, page_lang, pages};

/// The client a request is from (peer, or `X-Forwarded-For` behind a trusted proxy); in
/// every request's extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

/// Routes that create or consume link states: unauthenticated and writing.
const LINK_ROUTES: &[&str] = &[
    crate::config::CALLBACK_PATH,
    crate::config::LINKED_ROLE_PATH,
    crate::config::DISCORD_CALLBACK_PATH,
    crate::web::CONFIRM_PATH,
];

/// The client behind `peer` for this request.
pub fn client_of(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.contains(peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    // Each proxy appends the address it was reached from: read from the right, past our
    // own proxies, to the first address a trusted proxy saw.
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(addr) = parse_hop(hop) else {
            break;
        };
        client = addr;
        if !trusted.contains(addr) {
            break;
        }
    }
    client
}

/// `1.2.3.4`, `::1`, `1.2.3.4:5678` or `[::1]:5678`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    hop.parse::<IpAddr>()
        .or_else(|_| hop.parse::<SocketAddr>().map(|s| s.ip()))
        .ok()
        .map(|ip| ip.to_canonical())
}

/// Requests per minute per client: any route, and link routes on their own.
pub(super) struct RequestLimits {
    trusted: TrustedProxies,
    any: Option<DefaultKeyedRateLimiter<IpAddr>>,
    link: Option<DefaultKeyedRateLimiter<IpAddr>>,
}

fn per_minute(n: u32) -> Option<DefaultKeyedRateLimiter<IpAddr>> {
    NonZeroU32::new(n).map(|n| RateLimiter::keyed(Quota::per_minute(n)))
}

impl RequestLimits {
    pub(super) fn new(limits: &ClientLimits) -> Self {
        Self {
            trusted: limits.trusted_proxies.clone(),
            any: per_minute(limits.requests_per_minute),
            link: per_minute(limits.link_requests_per_minute),
        }
    }

    pub(super) fn trusted(&self) -> &TrustedProxies {
        &self.trusted
    }

    /// `Err(wait)` when `client` has used up its requests for `path`.
    pub(super) fn check(&self, client: IpAddr, path: &str) -> Result<(), Duration> {
        let now = DefaultClock::default().now();
        let limiters = [
            self.any.as_ref(),
            self.link.as_ref().filter(|_| LINK_ROUTES.contains(&path)),
        ];
        for limiter in limiters.into_iter().flatten() {
            limiter
                .check_key(&client)
                .map_err(|not_until| not_until.wait_time_from(now))?;
        }
        Ok(())
    }

    /// Forgets clients whose allowance is whole again (bounded memory).
    pub(super) fn forget_idle(&self) {
        for limiter in [&self.any, &self.link].into_iter().flatten() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// The page a client over its allowance gets: 429, how long to wait, and why.
pub(super) fn too_many_requests(headers: &HeaderMap, wait: Duration) -> Response {
    let lang = page_lang(None, headers);
    let mut response = page(
        StatusCode::TOO_MANY_REQUESTS,
        pages::failed_with(lang, "limited-title", "limited-explanation", "limited-next"),
    );
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", HeaderValue::from_str(v).expect("header"));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_trusted_proxy() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").expect("valid");
        let spoofed = headers(&["203.0.113.9"]);
        // A direct client cannot name someone else.
        assert_eq!(
            client_of(ip("198.51.100.1"), &spoofed, &trusted),
            ip("198.51.100.1")
        );
        // Through the proxy: the address the proxy saw, not what the client prepended.
        let chain = headers(&["1.1.1.1, 198.51.100.7", "10.0.0.2"]);
        assert_eq!(
            client_of(ip("10.0.0.1"), &chain, &trusted),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_of(
                ip("::ffff:10.0.0.1"),
                &headers(&["[2001:db8::1]:443"]),
                &trusted
            ),
            ip("2001:db8::1")
        );
        // A proxy that names nobody: the proxy itself.
        assert_eq!(
            client_of(ip("10.0.0.1"), &HeaderMap::new(), &trusted),
            ip("10.0.0.1")
        );
        assert_eq!(
            client_of(ip("10.0.0.1"), &headers(&["garbage"]), &trusted),
            ip("10.0.0.1")
        );
        // Nobody trusted: the header means nothing.
        assert_eq!(
            client_of(ip("10.0.0.1"), &spoofed, &TrustedProxies::default()),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn link_routes_have_their_own_smaller_allowance() {
        let limits = RequestLimits::new(&ClientLimits {
            requests_per_minute: 5,
            link_requests_per_minute: 2,
            ..ClientLimits::default()
        });
        let a = ip("192.0.2.1");
        assert!(limits.check(a, "/oauth/callback").is_ok());
        assert!(limits.check(a, "/linked-role").is_ok());
        let wait = limits
            .check(a, "/oauth/callback")
            .expect_err("third link request");
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        // Other routes still answer, up to the general allowance.
        assert!(limits.check(a, "/healthz").is_ok());
        assert!(limits.check(ip("192.0.2.2"), "/oauth/callback").is_ok());
    }
}
