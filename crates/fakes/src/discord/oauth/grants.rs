//! The fake's OAuth2 state: the application's client settings, the accounts that can sign
//! in, and the codes and tokens issued; what the consent page and the token endpoint share.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::super::model::FakeApp;

/// The client secret a new fake answers to ([`super::FakeDiscord::set_client_secret`]).
pub const DEFAULT_CLIENT_SECRET: &str = "fake-discord-client-secret";
/// Discord's access tokens last 7 days (`expires_in: 604800`).
pub(super) const DEFAULT_ACCESS_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
/// Discord's authorization codes are short-lived; 10 minutes here.
pub(super) const DEFAULT_CODE_TTL: Duration = Duration::from_secs(600);

pub(in crate::discord) const SCOPE_IDENTIFY: &str = "identify";
pub(in crate::discord) const SCOPE_ROLE_CONNECTIONS_WRITE: &str = "role_connections.write";
pub(in crate::discord) const SCOPE_GUILDS: &str = "guilds";
/// Scopes the consent page accepts; anything else is `invalid_scope`.
pub(super) const KNOWN_SCOPES: [&str; 8] = [
    SCOPE_IDENTIFY,
    SCOPE_ROLE_CONNECTIONS_WRITE,
    "email",
    SCOPE_GUILDS,
    "guilds.members.read",
    "connections",
    "openid",
    "applications.commands",
];

/// A Discord account that can sign in on the consent page.
#[derive(Clone, Debug)]
pub(in crate::discord) struct OAuthUser {
    pub(in crate::discord) username: String,
    pub(in crate::discord) global_name: Option<String>,
}

pub(super) struct CodeGrant {
    pub(super) user_id: u64,
    pub(super) scopes: Vec<String>,
    pub(super) redirect_uri: String,
    pub(super) code_challenge: Option<String>,
    pub(super) issued: Instant,
}

/// What a token stands for; one per authorization, shared by the tokens
/// refreshed from it, so revoking one revokes them all.
#[derive(Clone)]
pub(in crate::discord) struct Grant {
    pub(in crate::discord) id: u64,
    pub(in crate::discord) user_id: u64,
    pub(in crate::discord) scopes: Vec<String>,
}

pub(super) struct AccessToken {
    pub(super) grant: Grant,
    pub(super) expires: Instant,
}

/// The OAuth2 side of the fake: the application's client settings, the
/// accounts, and the codes and tokens issued.
pub(in crate::discord) struct OAuth {
    pub(in crate::discord) client_secret: String,
    pub(in crate::discord) redirect_uris: Vec<String>,
    pub(in crate::discord) users: BTreeMap<u64, OAuthUser>,
    pub(in crate::discord) code_ttl: Duration,
    pub(in crate::discord) access_ttl: Duration,
    pub(super) codes: HashMap<String, CodeGrant>,
    pub(super) access: HashMap<String, AccessToken>,
    pub(super) refresh: HashMap<String, Grant>,
    pub(super) revoked_grants: BTreeSet<u64>,
    pub(super) next_grant: u64,
}

impl OAuth {
    pub(in crate::discord) fn new() -> Self {
        Self {
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            redirect_uris: Vec::new(),
            users: BTreeMap::new(),
            code_ttl: DEFAULT_CODE_TTL,
            access_ttl: DEFAULT_ACCESS_TTL,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            revoked_grants: BTreeSet::new(),
            next_grant: 0,
        }
    }

    /// Issues a code for an approved authorization.
    pub(super) fn issue_code(
        &mut self,
        user_id: u64,
        scopes: Vec<String>,
        redirect_uri: &str,
        code_challenge: Option<String>,
    ) -> String {
        let code = random_token();
        self.codes.insert(
            code.clone(),
            CodeGrant {
                user_id,
                scopes,
                redirect_uri: redirect_uri.to_owned(),
                code_challenge,
                issued: Instant::now(),
            },
        );
        code
    }

    /// A new authorization for `user_id`: its access and refresh tokens.
    pub(in crate::discord) fn grant(
        &mut self,
        user_id: u64,
        scopes: Vec<String>,
    ) -> (String, String, Grant) {
        self.next_grant += 1;
        let grant = Grant {
            id: self.next_grant,
            user_id,
            scopes,
        };
        let (access, refresh) = self.tokens_for(&grant);
        (access, refresh, grant)
    }

    pub(super) fn tokens_for(&mut self, grant: &Grant) -> (String, String) {
        let access = random_token();
        let refresh = random_token();
        self.access.insert(
            access.clone(),
            AccessToken {
                grant: grant.clone(),
                expires: Instant::now() + self.access_ttl,
            },
        );
        self.refresh.insert(refresh.clone(), grant.clone());
        (access, refresh)
    }

    /// The grant behind a live access token.
    pub(in crate::discord) fn bearer(&self, token: &str) -> Option<&Grant> {
        let access = self.access.get(token)?;
        (access.expires > Instant::now() && !self.revoked_grants.contains(&access.grant.id))
            .then_some(&access.grant)
    }

    /// Revokes every token of one authorization.
    pub(super) fn revoke_grant(&mut self, grant_id: u64) {
        self.revoked_grants.insert(grant_id);
        self.access.retain(|_, a| a.grant.id != grant_id);
        self.refresh.retain(|_, g| g.id != grant_id);
    }

    /// Revokes every token issued to `user_id`.
    pub(in crate::discord) fn revoke_user(&mut self, user_id: u64) {
        let grants: BTreeSet<u64> = self
            .access
            .values()
            .map(|a| &a.grant)
            .chain(self.refresh.values())
            .filter(|g| g.user_id == user_id)
            .map(|g| g.id)
            .collect();
        for grant in grants {
            self.revoke_grant(grant);
        }
        self.codes.retain(|_, c| c.user_id != user_id);
    }
}

/// 256 random bits, base64url without padding.
pub(in crate::discord) fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// Form or query parameters (first value of each name).
pub(in crate::discord) fn form(text: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    for (key, value) in url::form_urlencoded::parse(text.as_bytes()) {
        map.entry(key.into_owned()).or_insert(value.into_owned());
    }
    map
}

/// What the OAuth2 routes see of the fake: the application they authorize for, and the
/// OAuth2 state (accounts, codes, tokens).
pub(in crate::discord) struct Side<'a> {
    pub(in crate::discord) app: &'a FakeApp,
    pub(in crate::discord) oauth: &'a mut OAuth,
}
