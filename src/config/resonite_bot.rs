//! The bot's own Resonite account (linking by message): `RESONITE_BOT_USERNAME`,
//! `RESONITE_BOT_PASSWORD`, `RESONITE_BOT_TOTP_SECRET`, `RESONITE_API_URL`.
//!
//! Off (`None`) when neither the username nor the password is set; set one without the
//! other and it is a problem naming the missing one.

use url::Url;

use super::Secret;
use super::reader::Reader;

pub const DEFAULT_API_URL: &str = "https://api.resonite.com";

/// The shortest TOTP secret taken: 80 bits, what authenticator apps commonly show
/// (RFC 4226 asks for at least 128, and recommends 160).
const MIN_TOTP_BITS: usize = 80;

/// How the bot logs in to its own Resonite account.
#[derive(Debug, Clone)]
pub struct ResoniteBotConfig {
    /// `RESONITE_BOT_USERNAME`: the account's username or email (with `@`).
    pub username: String,
    pub password: Secret,
    /// `RESONITE_BOT_TOTP_SECRET`, normalised (upper case, no spaces, dashes or padding);
    /// `None` when the account has no second factor.
    pub totp_secret: Option<Secret>,
    /// `RESONITE_API_URL`: the cloud API, whose `/hub` is the SignalR hub.
    pub api_url: Url,
}

/// Normalises a base32 secret as authenticator apps show it (`jbsw y3dp-ehpk 3pxp==`), or
/// `None` when it is not base32 or shorter than 80 bits.
pub fn normalize_totp_secret(raw: &str) -> Option<String> {
    let cleaned: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .trim_end_matches('=')
        .to_ascii_uppercase();
    let bytes = totp_rs::Secret::try_from_base32(&cleaned).ok()?;
    (!cleaned.is_empty() && bytes.as_bytes().len() * 8 >= MIN_TOTP_BITS).then_some(cleaned)
}

/// Whether the bot account is being configured (its username or password is set): then
/// the OAuth client is optional. A half-set account is a problem [`read`] notes.
pub(super) fn is_set(r: &Reader<'_>) -> bool {
    r.optional("RESONITE_BOT_USERNAME").is_some() || r.optional("RESONITE_BOT_PASSWORD").is_some()
}

pub(super) fn read(r: &mut Reader<'_>) -> Option<ResoniteBotConfig> {
    const USERNAME: &str = "RESONITE_BOT_USERNAME";
    const PASSWORD: &str = "RESONITE_BOT_PASSWORD";
    const TOTP: &str = "RESONITE_BOT_TOTP_SECRET";
    const API_URL: &str = "RESONITE_API_URL";
    let username = r.optional(USERNAME);
    let password = r.optional(PASSWORD);
    let totp_raw = r.optional(TOTP);
    let api_url = read_api_url(r, API_URL);
    let totp_secret = match totp_raw.as_deref() {
        None => None,
        Some(raw) => match normalize_totp_secret(raw) {
            Some(s) => Some(Secret::new(s)),
            None => {
                r.problem(
                    TOTP,
                    "expected the base32 secret of the account's authenticator (letters A-Z \
                     and digits 2-7, at least 16 of them)",
                );
                None
            }
        },
    };
    match (username, password) {
        (None, None) => {
            if totp_raw.is_some() {
                r.problem(
                    TOTP,
                    "set only with RESONITE_BOT_USERNAME and RESONITE_BOT_PASSWORD",
                );
            }
            None
        }
        (Some(_), None) => {
            r.problem(
                PASSWORD,
                "required with RESONITE_BOT_USERNAME: the password of the bot's Resonite account",
            );
            None
        }
        (None, Some(_)) => {
            r.problem(
                USERNAME,
                "required with RESONITE_BOT_PASSWORD: the username (or email) of the bot's \
                 Resonite account",
            );
            None
        }
        (Some(username), Some(password)) => Some(ResoniteBotConfig {
            username,
            password: Secret::new(password),
            totp_secret,
            api_url: api_url?,
        }),
    }
}

/// https, or plain http to this machine only (the mock): the password goes there.
fn read_api_url(r: &mut Reader<'_>, name: &'static str) -> Option<Url> {
    let url = r.url(name, Some(DEFAULT_API_URL))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if url.scheme() == "https" || loopback {
        Some(url)
    } else {
        r.problem(
            name,
            "expected an https:// URL (the bot's password goes there), or http:// on 127.0.0.1 for the mock",
        );
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::map_lookup;

    fn read_from(pairs: &[(&str, &str)]) -> (Option<ResoniteBotConfig>, Vec<(String, String)>) {
        let map = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let lookup = map_lookup(map);
        let mut r = Reader::new(&lookup);
        let cfg = read(&mut r);
        let problems = match r.finish() {
            Ok(()) => Vec::new(),
            Err(e) => e
                .problems
                .into_iter()
                .map(|p| (p.variable.to_owned(), p.message))
                .collect(),
        };
        (cfg, problems)
    }

    #[test]
    fn off_when_neither_username_nor_password_is_set() {
        let (cfg, problems) = read_from(&[]);
        assert!(cfg.is_none());
        assert!(problems.is_empty());
    }

    #[test]
    fn username_and_password_turn_it_on_with_the_default_api() {
        let (cfg, problems) = read_from(&[
            ("RESONITE_BOT_USERNAME", "VerifyBot"),
            ("RESONITE_BOT_PASSWORD", "hunter2-password"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        let cfg = cfg.expect("on");
        assert_eq!(cfg.username, "VerifyBot");
        assert_eq!(cfg.password.expose(), "hunter2-password");
        assert!(cfg.totp_secret.is_none());
        assert_eq!(cfg.api_url.as_str(), "https://api.resonite.com/");
        assert!(!format!("{cfg:?}").contains("hunter2"));
    }

    #[test]
    fn one_without_the_other_names_the_missing_variable() {
        let (cfg, problems) = read_from(&[("RESONITE_BOT_USERNAME", "VerifyBot")]);
        assert!(cfg.is_none());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "RESONITE_BOT_PASSWORD");
        let (_, problems) = read_from(&[("RESONITE_BOT_PASSWORD", "secret-pw")]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "RESONITE_BOT_USERNAME");
        assert!(!problems[0].1.contains("secret-pw"));
    }

    #[test]
    fn the_totp_secret_is_base32_of_at_least_80_bits_and_never_quoted() {
        let base = [
            ("RESONITE_BOT_USERNAME", "VerifyBot"),
            ("RESONITE_BOT_PASSWORD", "pw"),
        ];
        let with = |secret: &str| {
            let mut pairs = base.to_vec();
            pairs.push(("RESONITE_BOT_TOTP_SECRET", secret));
            read_from(&pairs)
        };
        let (cfg, problems) = with("jbsw y3dp-ehpk 3pxp");
        assert!(problems.is_empty(), "{problems:?}");
        let secret = cfg.expect("on").totp_secret.expect("secret");
        assert_eq!(secret.expose(), "JBSWY3DPEHPK3PXP");
        for bad in ["not base32 at all!", "JBSWY3DP", "01189998819991197253"] {
            let (cfg, problems) = with(bad);
            assert!(cfg.is_some(), "the rest still reads");
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].0, "RESONITE_BOT_TOTP_SECRET");
            assert!(!problems[0].1.contains(bad));
        }
        let (_, problems) = read_from(&[("RESONITE_BOT_TOTP_SECRET", "JBSWY3DPEHPK3PXP")]);
        assert_eq!(problems.len(), 1, "a secret without an account");
    }

    #[test]
    fn the_api_url_is_https_or_loopback_http() {
        let with = |url: &str| {
            read_from(&[
                ("RESONITE_BOT_USERNAME", "VerifyBot"),
                ("RESONITE_BOT_PASSWORD", "pw"),
                ("RESONITE_API_URL", url),
            ])
        };
        for ok in ["https://api.example.org/", "http://127.0.0.1:8081/"] {
            let (cfg, problems) = with(ok);
            assert!(problems.is_empty(), "{ok}");
            assert_eq!(cfg.expect(ok).api_url.as_str(), ok);
        }
        for bad in ["http://api.resonite.com", "api.resonite.com", "ftp://x/"] {
            let (cfg, problems) = with(bad);
            assert!(cfg.is_none(), "{bad}");
            assert_eq!(problems.len(), 1, "{bad}");
            assert_eq!(problems[0].0, "RESONITE_API_URL");
        }
    }
}
