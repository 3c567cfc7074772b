//! The Resonite OAuth client: credentials, endpoints, scopes, how the bot authenticates.

use std::time::Duration;

use url::Url;

use super::Secret;
use super::reader::Reader;
use super::web::redirect_uri;

/// How the bot authenticates itself at Resonite's token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenAuth {
    /// `client_secret_post`: id and secret in the form body (what Resonite's example uses).
    Body,
    /// `client_secret_basic`: HTTP Basic.
    Basic,
}

/// A registered Resonite OAuth client (`RESONITE_CLIENT_ID`, `RESONITE_CLIENT_SECRET`).
#[derive(Debug, Clone)]
pub struct OAuthClient {
    pub id: String,
    pub secret: Secret,
}

/// Where and how the bot reaches Resonite's OAuth server.
#[derive(Debug, Clone)]
pub struct ResoniteConfig {
    /// `None` when only the bot account is set (linking by message): no sign-in button.
    pub client: Option<OAuthClient>,
    pub authorize_url: Url,
    pub token_url: Url,
    pub profile_url: Url,
    pub scopes: Vec<String>,
    pub token_auth: TokenAuth,
    /// Exactly `PUBLIC_URL/oauth/callback`.
    pub redirect_uri: Url,
    /// Upper bound for one call to Resonite (connect + answer).
    pub timeout: Duration,
    /// `RESONITE_REVOKE_URL`: where `/unlink` revokes the refresh token (RFC 7009), if set.
    pub revoke_url: Option<Url>,
}

pub const DEFAULT_AUTHORIZE_URL: &str = "https://auth.resonite.com/connect/authorize";
pub const DEFAULT_TOKEN_URL: &str = "https://auth.resonite.com/connect/token";
pub const DEFAULT_PROFILE_URL: &str = "https://auth.resonite.com/api/user/profiles";
pub const DEFAULT_SCOPES: &str = "profile patreon";
/// The default once re-verification is on: `offline_access` yields the refresh token.
pub const DEFAULT_SCOPES_REVERIFY: &str = "profile patreon offline_access";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// What the Resonite section depends on from the others.
pub(super) struct Context<'a> {
    /// `None` when `PUBLIC_URL` was refused (already noted).
    pub public_url: Option<&'a Url>,
    pub reverify: bool,
    /// The bot's own Resonite account is set: the OAuth client becomes optional.
    pub bot_account: bool,
}

/// `None` when a required value is missing or invalid (the problem is noted).
pub(super) fn read(r: &mut Reader<'_>, context: Context<'_>) -> Option<ResoniteConfig> {
    let client = read_client(r, context.bot_account);
    let authorize_url = r.url("RESONITE_AUTHORIZE_URL", Some(DEFAULT_AUTHORIZE_URL));
    let token_url = r.url("RESONITE_TOKEN_URL", Some(DEFAULT_TOKEN_URL));
    let profile_url = r.url("RESONITE_PROFILE_URL", Some(DEFAULT_PROFILE_URL));
    let default_scopes = if context.reverify {
        DEFAULT_SCOPES_REVERIFY
    } else {
        DEFAULT_SCOPES
    };
    let scopes: Vec<String> = r
        .optional("RESONITE_SCOPES")
        .unwrap_or_else(|| default_scopes.to_owned())
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if scopes.is_empty() {
        r.problem(
            "RESONITE_SCOPES",
            "expected space-separated scopes, e.g. `profile patreon`",
        );
    }
    let token_auth = r.choice(
        "RESONITE_TOKEN_AUTH",
        TokenAuth::Body,
        &[("body", TokenAuth::Body), ("basic", TokenAuth::Basic)],
        "expected `body` or `basic`",
    );
    let timeout = r.duration(
        "RESONITE_TIMEOUT",
        DEFAULT_TIMEOUT,
        |d| !d.is_zero(),
        "expected a duration such as 10s",
    );
    let revoke_url = read_revoke_url(r);
    Some(ResoniteConfig {
        client: client?,
        authorize_url: authorize_url?,
        token_url: token_url?,
        profile_url: profile_url?,
        scopes,
        token_auth,
        redirect_uri: redirect_uri(context.public_url?),
        timeout,
        revoke_url,
    })
}

/// The OAuth client: required unless the bot account is set; `Some(None)` when it is not
/// configured and need not be, `None` when a problem was noted. With neither way set the
/// problem names both.
fn read_client(r: &mut Reader<'_>, bot_account: bool) -> Option<Option<OAuthClient>> {
    const ID: &str = "RESONITE_CLIENT_ID";
    const SECRET: &str = "RESONITE_CLIENT_SECRET";
    const EITHER: &str = "or, to link by message without an OAuth client, set \
                          RESONITE_BOT_USERNAME and RESONITE_BOT_PASSWORD (the bot's own Resonite account)";
    match (r.optional(ID), r.optional(SECRET)) {
        (Some(id), Some(secret)) => Some(Some(OAuthClient {
            id,
            secret: Secret::new(secret),
        })),
        (None, None) if bot_account => Some(None),
        (id, secret) => {
            let either = if bot_account || id.is_some() || secret.is_some() {
                ""
            } else {
                EITHER
            };
            if id.is_none() {
                r.problem(
                    ID,
                    format!(
                        "required: the id of your registered Resonite OAuth client{}",
                        sep(either)
                    ),
                );
            }
            if secret.is_none() {
                r.problem(
                    SECRET,
                    format!(
                        "required: the secret of your registered Resonite OAuth client{}",
                        sep(either)
                    ),
                );
            }
            None
        }
    }
}

fn sep(either: &str) -> String {
    if either.is_empty() {
        String::new()
    } else {
        format!("; {either}")
    }
}

/// RFC 7009 requires https; plain http only to this machine (the mock, a local proxy).
fn read_revoke_url(r: &mut Reader<'_>) -> Option<Url> {
    const NAME: &str = "RESONITE_REVOKE_URL";
    let raw = r.optional(NAME)?;
    let url = Url::parse(&raw).ok().filter(|u| u.has_host());
    let loopback = |u: &Url| match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url {
        Some(u) if u.scheme() == "https" || (u.scheme() == "http" && loopback(&u)) => Some(u),
        _ => {
            r.problem(
                NAME,
                "expected an https:// URL (RFC 7009), or http:// on 127.0.0.1 for the mock",
            );
            None
        }
    }
}
