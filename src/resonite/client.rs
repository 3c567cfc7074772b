//! Talks to Resonite's OAuth server: authorize URL, code exchange, refresh, revocation,
//! profile fetch.
//!
//! The OAuth protocol is the `oauth2` crate's; HTTP goes through one `reqwest` client that
//! follows no redirects (SSRF), times out, and reads at most [`MAX_BODY_BYTES`] of any answer.

use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError,
    RevocationUrl, Scope, StandardRevocableToken, TokenResponse, TokenUrl,
};
use url::Url;

use crate::upstream::{self, Transport};

use super::profile::Profile;
use crate::config::{ResoniteConfig, Secret, TokenAuth};

/// The largest answer read from Resonite; a profile is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

type OAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// What went wrong talking to Resonite. Messages never contain tokens or secrets.
#[derive(Debug, thiserror::Error)]
pub enum ResoniteError {
    #[error("Resonite refused the authorization code or refresh token (invalid_grant)")]
    InvalidGrant,
    #[error("Resonite rejected the bot's client credentials ({0})")]
    InvalidClient(String),
    #[error("Resonite's token endpoint refused the request ({0})")]
    TokenRefused(String),
    #[error("Resonite did not accept the access token (HTTP {0})")]
    Unauthorized(u16),
    #[error("Resonite answered HTTP {0}")]
    Status(u16),
    #[error("Resonite did not answer within {0:?}")]
    Timeout(Duration),
    #[error("could not reach Resonite")]
    Unreachable,
    #[error("Resonite's answer was larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("Resonite's answer was not understood: {0}")]
    Malformed(String),
}

impl ResoniteError {
    /// True when trying again later may succeed (an outage rather than a refusal).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Status(500..=599) | Self::Timeout(_) | Self::Unreachable | Self::Status(429)
        )
    }
}

/// Tokens from the token endpoint. Never logged; kept only where a feature needs them.
#[derive(Debug)]
pub struct Tokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    /// Granted scopes, when the server says (space separated).
    pub scopes: Option<String>,
}

#[derive(Clone)]
pub struct ResoniteClient {
    oauth: OAuthClient,
    /// Whether a registered OAuth client is configured (`RESONITE_CLIENT_ID`).
    has_client: bool,
    http: reqwest::Client,
    profile_url: Url,
    scopes: Vec<String>,
    timeout: Duration,
    revoke_url: Option<Url>,
}

impl std::fmt::Debug for ResoniteClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResoniteClient")
            .field("profile_url", &self.profile_url.as_str())
            .field("scopes", &self.scopes)
            .finish_non_exhaustive()
    }
}

impl ResoniteClient {
    pub fn new(cfg: &ResoniteConfig) -> Result<Self, ResoniteError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("resonite-verify/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ResoniteError::Malformed(format!("HTTP client: {e}")))?;
        // Without a registered client (linking by message only) no state is ever made, so
        // no code reaches the exchange; the empty id would be refused if one did.
        let (id, secret) = match &cfg.client {
            Some(c) => (c.id.clone(), c.secret.expose().to_owned()),
            None => (String::new(), String::new()),
        };
        let oauth = BasicClient::new(ClientId::new(id))
            .set_client_secret(ClientSecret::new(secret))
            .set_auth_uri(AuthUrl::from_url(cfg.authorize_url.clone()))
            .set_token_uri(TokenUrl::from_url(cfg.token_url.clone()))
            .set_redirect_uri(RedirectUrl::from_url(cfg.redirect_uri.clone()))
            .set_auth_type(match cfg.token_auth {
                TokenAuth::Body => AuthType::RequestBody,
                TokenAuth::Basic => AuthType::BasicAuth,
            });
        Ok(Self {
            oauth,
            has_client: cfg.client.is_some(),
            http,
            profile_url: cfg.profile_url.clone(),
            scopes: cfg.scopes.clone(),
            timeout: cfg.timeout,
            revoke_url: cfg.revoke_url.clone(),
        })
    }

    /// Whether members can sign in on Resonite (an OAuth client is configured).
    pub fn has_client(&self) -> bool {
        self.has_client
    }

    pub fn scopes(&self) -> &[String] {
        &self.scopes
    }

    /// The URL the member's browser opens: code flow with `state` and a PKCE S256 challenge.
    pub fn authorize_url(&self, state: &str, pkce_verifier: &str) -> Url {
        let verifier = PkceCodeVerifier::new(pkce_verifier.to_owned());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        let state = state.to_owned();
        let (url, _) = self
            .oauth
            .authorize_url(move || CsrfToken::new(state))
            .add_scopes(self.scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge)
            .url();
        url
    }

    /// Exchanges an authorization code (with its PKCE verifier) for tokens.
    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: &str,
    ) -> Result<Tokens, ResoniteError> {
        let http = self.oauth_http();
        let result = self
            .oauth
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&http)
            .await;
        self.tokens(result)
    }

    /// Trades a refresh token for fresh tokens (Resonite may rotate the refresh token).
    pub async fn refresh(&self, refresh_token: &Secret) -> Result<Tokens, ResoniteError> {
        let http = self.oauth_http();
        let token = RefreshToken::new(refresh_token.expose().to_owned());
        let result = self
            .oauth
            .exchange_refresh_token(&token)
            .request_async(&http)
            .await;
        self.tokens(result)
    }

    /// Whether [`revoke_refresh_token`](Self::revoke_refresh_token) has somewhere to go.
    pub fn revokes(&self) -> bool {
        self.revoke_url.is_some()
    }

    /// Revokes a refresh token at `RESONITE_REVOKE_URL` (RFC 7009), with the bot's client
    /// credentials; `Ok(false)` when no revocation URL is set.
    pub async fn revoke_refresh_token(
        &self,
        refresh_token: &Secret,
    ) -> Result<bool, ResoniteError> {
        let Some(target) = &self.revoke_url else {
            return Ok(false);
        };
        // The oauth2 crate insists on https (RFC 7009 2). The configuration admits http
        // only to this machine (the mock); such a request is sent to the URL as configured.
        let mut https = target.clone();
        if https.scheme() == "http" {
            let _ = https.set_scheme("https");
        }
        let client = self
            .oauth
            .clone()
            .set_revocation_url(RevocationUrl::from_url(https));
        let token = StandardRevocableToken::RefreshToken(RefreshToken::new(
            refresh_token.expose().to_owned(),
        ));
        let request = client
            .revoke_token(token)
            .map_err(|e| ResoniteError::Malformed(e.to_string()))?;
        let http = self.oauth_http_to(Some(target.clone()));
        match request.request_async(&http).await {
            Ok(()) => Ok(true),
            Err(RequestTokenError::ServerResponse(resp)) => {
                Err(ResoniteError::TokenRefused(resp.error().to_string()))
            }
            Err(RequestTokenError::Request(t)) => Err(self.transport_error(t)),
            Err(RequestTokenError::Parse(e, _)) => Err(ResoniteError::Malformed(format!(
                "revocation response: {}",
                e.inner()
            ))),
            Err(RequestTokenError::Other(m)) => Err(ResoniteError::Malformed(m)),
        }
    }

    fn tokens<R: TokenResponse>(
        &self,
        result: Result<R, RequestTokenError<Transport, oauth2::basic::BasicErrorResponse>>,
    ) -> Result<Tokens, ResoniteError> {
        match result {
            Ok(r) => Ok(Tokens {
                access_token: Secret::new(r.access_token().secret().clone()),
                refresh_token: r.refresh_token().map(|t| Secret::new(t.secret().clone())),
                scopes: r
                    .scopes()
                    .map(|s| s.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ")),
            }),
            Err(RequestTokenError::ServerResponse(resp)) => Err(match resp.error() {
                BasicErrorResponseType::InvalidGrant => ResoniteError::InvalidGrant,
                e @ (BasicErrorResponseType::InvalidClient
                | BasicErrorResponseType::UnauthorizedClient) => {
                    ResoniteError::InvalidClient(e.to_string())
                }
                other => ResoniteError::TokenRefused(other.to_string()),
            }),
            Err(RequestTokenError::Request(t)) => Err(self.transport_error(t)),
            Err(RequestTokenError::Parse(e, _)) => Err(ResoniteError::Malformed(format!(
                "token response: {}",
                e.inner()
            ))),
            Err(RequestTokenError::Other(m)) => Err(ResoniteError::Malformed(m)),
        }
    }

    /// The oauth2 crate's HTTP hook, over our client: no redirects, bounded time and size.
    /// Redirects and server errors become transport errors, so they are reported by status.
    fn oauth_http(
        &self,
    ) -> impl Fn(
        oauth2::HttpRequest,
    ) -> futures::future::BoxFuture<'static, Result<oauth2::HttpResponse, Transport>> {
        self.oauth_http_to(None)
    }

    /// [`oauth_http`](Self::oauth_http), sending every request to `to` when given.
    fn oauth_http_to(
        &self,
        to: Option<Url>,
    ) -> impl Fn(
        oauth2::HttpRequest,
    ) -> futures::future::BoxFuture<'static, Result<oauth2::HttpResponse, Transport>> {
        upstream::oauth_http(
            self.http.clone(),
            "resonite",
            MAX_BODY_BYTES,
            to.map(String::from),
        )
    }

    /// Fetches the profile of the account the access token belongs to.
    /// Returns the parsed profile and the JSON text as received.
    pub async fn fetch_profile(
        &self,
        access_token: &Secret,
    ) -> Result<(Profile, String), ResoniteError> {
        let response = self
            .http
            .get(self.profile_url.clone())
            .bearer_auth(access_token.expose())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(|e| {
                crate::telemetry::upstream("resonite", None);
                self.transport_error(Transport::from_reqwest(&e))
            })?;
        let status = response.status().as_u16();
        crate::telemetry::upstream("resonite", Some(status));
        match status {
            200..=299 => {}
            401 | 403 => return Err(ResoniteError::Unauthorized(status)),
            _ => return Err(ResoniteError::Status(status)),
        }
        let body = upstream::read_capped(response, MAX_BODY_BYTES)
            .await
            .map_err(|t| self.transport_error(t))?;
        let text = String::from_utf8(body)
            .map_err(|_| ResoniteError::Malformed("profile is not UTF-8".into()))?;
        let profile =
            Profile::from_json(&text).map_err(|e| ResoniteError::Malformed(e.to_string()))?;
        Ok((profile, text))
    }

    fn transport_error(&self, t: Transport) -> ResoniteError {
        match t {
            Transport::Timeout => ResoniteError::Timeout(self.timeout),
            Transport::Unreachable => ResoniteError::Unreachable,
            Transport::TooLarge => ResoniteError::TooLarge,
            Transport::Status(s) => ResoniteError::Status(s),
            Transport::Build(m) => ResoniteError::Malformed(m),
        }
    }
}
