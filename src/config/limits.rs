//! Limits per client of the callback server: connections per address, requests per minute,
//! and which reverse proxies are believed about the client's address.

use std::net::IpAddr;

use ipnet::IpNet;

use super::reader::Reader;

/// `MAX_CONNECTIONS_PER_CLIENT` unless set.
pub const DEFAULT_MAX_CONNECTIONS_PER_CLIENT: usize = 64;
/// `CLIENT_REQUESTS_PER_MINUTE` unless set.
pub const DEFAULT_CLIENT_REQUESTS_PER_MINUTE: u32 = 600;
/// `LINK_REQUESTS_PER_MINUTE` unless set.
pub const DEFAULT_LINK_REQUESTS_PER_MINUTE: u32 = 30;

/// What one client may use of the callback server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientLimits {
    /// `MAX_CONNECTIONS_PER_CLIENT`: connections open at once from one address (trusted
    /// proxies excepted: every client behind them shares their address).
    pub max_connections_per_client: usize,
    /// `CLIENT_REQUESTS_PER_MINUTE`: requests from one client, any route; 0 is off.
    pub requests_per_minute: u32,
    /// `LINK_REQUESTS_PER_MINUTE`: requests that create or consume link states
    /// (`/linked-role`, the OAuth callbacks, the confirmation) from one client; 0 is off.
    pub link_requests_per_minute: u32,
    /// `TRUSTED_PROXIES`: whose `X-Forwarded-For` names the client.
    pub trusted_proxies: TrustedProxies,
}

impl Default for ClientLimits {
    fn default() -> Self {
        Self {
            max_connections_per_client: DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
            requests_per_minute: DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
            link_requests_per_minute: DEFAULT_LINK_REQUESTS_PER_MINUTE,
            trusted_proxies: TrustedProxies::default(),
        }
    }
}

/// Addresses and networks of reverse proxies (`TRUSTED_PROXIES`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads a list of addresses or CIDRs separated by commas or spaces; `Err` is the
    /// position (from 1) of the first entry that is neither.
    pub fn parse(raw: &str) -> Result<Self, usize> {
        raw.split(|c: char| c == ',' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .enumerate()
            .map(|(i, entry)| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| i + 1)
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `addr` is one of the proxies (an IPv4 address mapped into IPv6 counts as
    /// the IPv4 address).
    pub fn contains(&self, addr: IpAddr) -> bool {
        let addr = addr.to_canonical();
        self.0.iter().any(|net| net.contains(&addr))
    }
}

pub(super) fn read(r: &mut Reader<'_>) -> ClientLimits {
    let max_connections_per_client = r.parsed(
        "MAX_CONNECTIONS_PER_CLIENT",
        DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
        "a number of connections, such as 64",
    );
    if max_connections_per_client == 0 {
        r.problem(
            "MAX_CONNECTIONS_PER_CLIENT",
            "expected at least 1 connection (a browser opens up to 6)",
        );
    }
    let requests_per_minute = r.parsed(
        "CLIENT_REQUESTS_PER_MINUTE",
        DEFAULT_CLIENT_REQUESTS_PER_MINUTE,
        "a number of requests per minute, such as 600 (0 is off)",
    );
    let link_requests_per_minute = r.parsed(
        "LINK_REQUESTS_PER_MINUTE",
        DEFAULT_LINK_REQUESTS_PER_MINUTE,
        "a number of requests per minute, such as 30 (0 is off)",
    );
    let trusted_proxies = match r.optional("TRUSTED_PROXIES") {
        None => TrustedProxies::default(),
        Some(raw) => TrustedProxies::parse(&raw).unwrap_or_else(|entry| {
            r.problem(
                "TRUSTED_PROXIES",
                format!(
                    "entry {entry} is not an address or CIDR (expected addresses or networks separated by commas, e.g. 10.0.0.1, 10.0.0.0/8, ::1)"
                ),
            );
            TrustedProxies::default()
        }),
    };
    ClientLimits {
        max_connections_per_client,
        requests_per_minute,
        link_requests_per_minute,
        trusted_proxies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_proxies_are_addresses_or_networks() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 192.168.1.7 ::1").expect("valid");
        assert!(proxies.contains("10.1.2.3".parse().expect("ip")));
        assert!(proxies.contains("192.168.1.7".parse().expect("ip")));
        assert!(proxies.contains("::ffff:10.9.9.9".parse().expect("ip")));
        assert!(proxies.contains("::1".parse().expect("ip")));
        assert!(!proxies.contains("192.168.1.8".parse().expect("ip")));
        assert!(!proxies.contains("11.0.0.1".parse().expect("ip")));
        assert_eq!(TrustedProxies::parse("10.0.0.1, proxy.local"), Err(2));
        assert!(TrustedProxies::parse("").expect("empty").is_empty());
    }

    #[test]
    fn the_limits_are_read_from_their_variables_or_refused_naming_them() {
        let lookup = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let set = lookup(&[
            ("MAX_CONNECTIONS_PER_CLIENT", "8"),
            ("CLIENT_REQUESTS_PER_MINUTE", "0"),
            ("LINK_REQUESTS_PER_MINUTE", "5"),
            ("TRUSTED_PROXIES", "127.0.0.1,10.0.0.0/8"),
        ]);
        let mut r = Reader::new(&set);
        let limits = read(&mut r);
        assert!(r.finish().is_ok());
        assert_eq!(limits.max_connections_per_client, 8);
        assert_eq!(limits.requests_per_minute, 0);
        assert_eq!(limits.link_requests_per_minute, 5);
        assert!(
            limits
                .trusted_proxies
                .contains("10.20.30.40".parse().expect("ip"))
        );

        let bad = lookup(&[
            ("MAX_CONNECTIONS_PER_CLIENT", "0"),
            ("LINK_REQUESTS_PER_MINUTE", "many"),
            ("TRUSTED_PROXIES", "10.0.0.1 proxy.internal"),
        ]);
        let mut r = Reader::new(&bad);
        read(&mut r);
        let err = r.finish().expect_err("refused");
        let vars: Vec<_> = err.problems.iter().map(|p| p.variable).collect();
        assert_eq!(
            vars,
            [
                "MAX_CONNECTIONS_PER_CLIENT",
                "LINK_REQUESTS_PER_MINUTE",
                "TRUSTED_PROXIES"
            ]
        );
        assert!(!err.to_string().contains("proxy.internal"));
    }
}
