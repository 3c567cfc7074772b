//! Discord's side of Linked Roles: its OAuth2 endpoints (the oauth2 crate, over a client
//! that follows no redirects and caps time and size like Resonite's), the user behind a
//! token, the application id, and the role connection routes.
//!
//! Every endpoint follows `DISCORD_API_URL` (DESIGN.md): authorize at
//! `/oauth2/authorize`, the rest under `/api/v10`.

use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError,
    RevocationUrl, Scope, StandardRevocableToken, TokenResponse, TokenUrl,
};
use serde_json::Value;
use tokio::sync::OnceCell;
use url::Url;

use crate::upstream::{self, Transport};

use crate::config::{LinkedRolesConfig, Secret};

/// The largest answer read from Discord here (a user object, a token, a connection).
const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long one call to Discord may take.
const TIMEOUT: Duration = Duration::from_secs(10);
/// What Linked Roles needs: who the member is, and writing their role connection.
pub const SCOPES: [&str; 2] = ["identify", "role_connections.write"];
/// What the admin dashboard's sign-in needs: who the admin is, and their servers.
pub const ADMIN_SCOPES: [&str; 2] = ["identify", "guilds"];
/// Servers per page of `GET /users/@me/guilds` (at most 200; 100 keeps a page well under
/// [`MAX_BODY_BYTES`]).
const GUILDS_PAGE: usize = 100;
/// Pages read at most (10,000 servers).
const GUILDS_PAGES_MAX: usize = 100;

type OAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointSet, EndpointSet>;

/// What went wrong talking to Discord. Messages never contain tokens or secrets.
#[derive(Debug, Clone, thiserror::Error, PartialEq)]
pub enum DiscordApiError {
    #[error("Discord refused the authorization code or refresh token (invalid_grant)")]
    InvalidGrant,
    #[error("Discord rejected the bot's client credentials (check DISCORD_CLIENT_SECRET)")]
    InvalidClient,
    #[error("Discord's token endpoint refused the request ({0})")]
    TokenRefused(String),
    #[error("Discord did not accept the member's token (HTTP 401)")]
    Unauthorized,
    #[error("Discord asked to wait {retry_after:?} (HTTP 429)")]
    RateLimited { retry_after: Duration },
    #[error("Discord answered HTTP {0}")]
    Status(u16),
    #[error("Discord did not answer within {TIMEOUT:?}")]
    Timeout,
    #[error("could not reach Discord")]
    Unreachable,
    #[error("Discord's answer was larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("Discord's answer was not understood: {0}")]
    Malformed(String),
}

impl DiscordApiError {
    /// True when the same call may succeed later (an outage, a rate limit).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::Status(500..=599) | Self::Timeout | Self::Unreachable
        )
    }
}

/// A member's Discord tokens. Never logged.
#[derive(Debug)]
pub struct DiscordTokens {
    pub access_token: Secret,
    pub refresh_token: Option<Secret>,
    pub expires_in: Duration,
}

/// The member behind a token (`GET /users/@me`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscordUser {
    pub id: u64,
    /// The display name when set, else the username.
    pub name: String,
}

/// A server in `GET /users/@me/guilds`, with the user's guild-level permissions in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserGuild {
    pub id: u64,
    pub name: String,
    pub owner: bool,
    /// The permission bits Discord computed from the user's roles (guild-level).
    pub permissions: u64,
}

fn transport_error(t: Transport) -> DiscordApiError {
    match t {
        Transport::Timeout => DiscordApiError::Timeout,
        Transport::Unreachable => DiscordApiError::Unreachable,
        Transport::TooLarge => DiscordApiError::TooLarge,
        Transport::Status(s) => DiscordApiError::Status(s),
        Transport::Build(m) => DiscordApiError::Malformed(m),
    }
}

#[derive(Clone)]
pub struct DiscordApi {
    http: reqwest::Client,
    /// `DISCORD_API_URL` without a trailing slash.
    base: String,
    bot_token: Secret,
    client_secret: Secret,
    redirect_uri: Url,
    application_id: std::sync::Arc<OnceCell<u64>>,
}

impl std::fmt::Debug for DiscordApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiscordApi")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl DiscordApi {
    pub fn new(
        api_url: &Url,
        bot_token: Secret,
        cfg: &LinkedRolesConfig,
    ) -> Result<Self, DiscordApiError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .user_agent(concat!(
                "DiscordBot (https://github.com/resonite-verify, ",
                env!("CARGO_PKG_VERSION"),
                ")"
            ))
            .build()
            .map_err(|e| DiscordApiError::Malformed(format!("HTTP client: {e}")))?;
        Ok(Self {
            http,
            base: api_url.as_str().trim_end_matches('/').to_owned(),
            bot_token,
            client_secret: cfg.client_secret.clone(),
            redirect_uri: cfg.redirect_uri.clone(),
            application_id: std::sync::Arc::new(OnceCell::new()),
        })
    }

    fn api(&self, path: &str) -> String {
        format!("{}/api/v10{path}", self.base)
    }

    /// The application's id, read once from Discord (`GET /oauth2/applications/@me`).
    pub async fn application_id(&self) -> Result<u64, DiscordApiError> {
        self.application_id
            .get_or_try_init(|| async {
                let request = self.http.get(self.api("/oauth2/applications/@me")).header(
                    reqwest::header::AUTHORIZATION,
                    format!("Bot {}", self.bot_token.expose()),
                );
                let app = self.json(request).await?;
                app["id"]
                    .as_str()
                    .and_then(|id| id.parse().ok())
                    .ok_or_else(|| DiscordApiError::Malformed("application without an id".into()))
            })
            .await
            .copied()
    }

    async fn oauth(&self) -> Result<OAuthClient, DiscordApiError> {
        let id = self.application_id().await?;
        let url = |path: &str| {
            Url::parse(&format!("{}{path}", self.base))
                .map_err(|e| DiscordApiError::Malformed(e.to_string()))
        };
        // The oauth2 crate insists on https for revocation (RFC 7009 2); an http base is
        // only ever a local fake, and requests are sent to the URL as configured.
        let mut revoke = url("/api/v10/oauth2/token/revoke")?;
        if revoke.scheme() == "http" {
            let _ = revoke.set_scheme("https");
        }
        Ok(BasicClient::new(ClientId::new(id.to_string()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_owned()))
            .set_auth_uri(AuthUrl::from_url(url("/oauth2/authorize")?))
            .set_token_uri(TokenUrl::from_url(url("/api/v10/oauth2/token")?))
            .set_revocation_url(RevocationUrl::from_url(revoke))
            .set_redirect_uri(RedirectUrl::from_url(self.redirect_uri.clone()))
            .set_auth_type(AuthType::BasicAuth))
    }

    /// The URL the member's browser opens: code flow, our scopes, `state`, PKCE S256.
    pub async fn authorize_url(
        &self,
        state: &str,
        pkce_verifier: &str,
    ) -> Result<Url, DiscordApiError> {
        self.authorize_url_for(state, pkce_verifier, &SCOPES).await
    }

    /// [`Self::authorize_url`] asking for `scopes`.
    pub async fn authorize_url_for(
        &self,
        state: &str,
        pkce_verifier: &str,
        scopes: &[&str],
    ) -> Result<Url, DiscordApiError> {
        let verifier = PkceCodeVerifier::new(pkce_verifier.to_owned());
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        let state = state.to_owned();
        let (url, _) = self
            .oauth()
            .await?
            .authorize_url(move || CsrfToken::new(state))
            .add_scopes(scopes.iter().map(|s| Scope::new((*s).to_owned())))
            .set_pkce_challenge(challenge)
            .url();
        Ok(url)
    }

    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: &str,
    ) -> Result<DiscordTokens, DiscordApiError> {
        let oauth = self.oauth().await?;
        let http = self.oauth_http(None);
        let result = oauth
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&http)
            .await;
        tokens(result)
    }

    pub async fn refresh(&self, refresh_token: &Secret) -> Result<DiscordTokens, DiscordApiError> {
        let oauth = self.oauth().await?;
        let http = self.oauth_http(None);
        let token = RefreshToken::new(refresh_token.expose().to_owned());
        let result = oauth
            .exchange_refresh_token(&token)
            .request_async(&http)
            .await;
        tokens(result)
    }

    /// Revokes a token (RFC 7009); revoking one revokes the whole authorization.
    pub async fn revoke(&self, token: &Secret) -> Result<(), DiscordApiError> {
        let oauth = self.oauth().await?;
        let request = oauth
            .revoke_token(StandardRevocableToken::RefreshToken(RefreshToken::new(
                token.expose().to_owned(),
            )))
            .map_err(|e| DiscordApiError::Malformed(e.to_string()))?;
        let http = self.oauth_http(Some(self.api("/oauth2/token/revoke")));
        match request.request_async(&http).await {
            Ok(()) => Ok(()),
            Err(RequestTokenError::ServerResponse(resp)) => {
                Err(DiscordApiError::TokenRefused(resp.error().to_string()))
            }
            Err(RequestTokenError::Request(t)) => Err(transport_error(t)),
            Err(RequestTokenError::Parse(e, _)) => {
                Err(DiscordApiError::Malformed(e.inner().to_string()))
            }
            Err(RequestTokenError::Other(m)) => Err(DiscordApiError::Malformed(m)),
        }
    }

    /// The member behind an access token (`GET /users/@me`, scope `identify`).
    pub async fn current_user(
        &self,
        access_token: &Secret,
    ) -> Result<DiscordUser, DiscordApiError> {
        let request = self
            .http
            .get(self.api("/users/@me"))
            .bearer_auth(access_token.expose());
        let user = self.json(request).await?;
        let id = user["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| DiscordApiError::Malformed("user without an id".into()))?;
        let name = user["global_name"]
            .as_str()
            .or_else(|| user["username"].as_str())
            .unwrap_or("")
            .chars()
            .take(100)
            .collect();
        Ok(DiscordUser { id, name })
    }

    /// The servers the user behind `access_token` is in (scope `guilds`), with their
    /// guild-level permissions there.
    pub async fn user_guilds(
        &self,
        access_token: &Secret,
    ) -> Result<Vec<UserGuild>, DiscordApiError> {
        let auth = format!("Bearer {}", access_token.expose());
        let mut guilds = Vec::new();
        for page in self.guild_pages(&auth).await? {
            guilds.extend(page.iter().filter_map(user_guild));
        }
        Ok(guilds)
    }

    /// The ids of the servers the bot is in.
    pub async fn bot_guilds(&self) -> Result<Vec<u64>, DiscordApiError> {
        let auth = format!("Bot {}", self.bot_token.expose());
        let mut ids = Vec::new();
        for page in self.guild_pages(&auth).await? {
            ids.extend(page.iter().filter_map(|g| snowflake(&g["id"])));
        }
        Ok(ids)
    }

    /// Every page of `GET /users/@me/guilds` for `authorization`, oldest server first.
    async fn guild_pages(&self, authorization: &str) -> Result<Vec<Vec<Value>>, DiscordApiError> {
        let mut pages = Vec::new();
        let mut after: Option<u64> = None;
        for _ in 0..GUILDS_PAGES_MAX {
            let mut url = format!("{}?limit={GUILDS_PAGE}", self.api("/users/@me/guilds"));
            if let Some(after) = after {
                url.push_str(&format!("&after={after}"));
            }
            let request = self
                .http
                .get(url)
                .header(reqwest::header::AUTHORIZATION, authorization);
            let page = match self.json(request).await? {
                Value::Array(page) => page,
                Value::Null => Vec::new(),
                _ => return Err(DiscordApiError::Malformed("guilds: not a list".into())),
            };
            let full = page.len() >= GUILDS_PAGE;
            after = page.iter().filter_map(|g| snowflake(&g["id"])).max();
            pages.push(page);
            if !full || after.is_none() {
                break;
            }
        }
        Ok(pages)
    }

    /// Registers the metadata records (`PUT /applications/{id}/role-connections/metadata`).
    pub async fn register_metadata(&self, records: &Value) -> Result<(), DiscordApiError> {
        let id = self.application_id().await?;
        let request = self
            .http
            .put(self.api(&format!("/applications/{id}/role-connections/metadata")))
            .header(
                reqwest::header::AUTHORIZATION,
                format!("Bot {}", self.bot_token.expose()),
            )
            .json(records);
        self.json(request).await.map(|_| ())
    }

    /// Sets the member's role connection (`PUT /users/@me/applications/{id}/role-connection`).
    pub async fn put_role_connection(
        &self,
        access_token: &Secret,
        body: &Value,
    ) -> Result<(), DiscordApiError> {
        let id = self.application_id().await?;
        let request = self
            .http
            .put(self.api(&format!("/users/@me/applications/{id}/role-connection")))
            .bearer_auth(access_token.expose())
            .json(body);
        self.json(request).await.map(|_| ())
    }

    /// Sends a REST request and reads its JSON answer, bounded in time and size.
    async fn json(&self, request: reqwest::RequestBuilder) -> Result<Value, DiscordApiError> {
        let response = request.send().await.map_err(|e| {
            crate::telemetry::upstream("discord", None);
            transport_error(Transport::from_reqwest(&e))
        })?;
        let status = response.status().as_u16();
        crate::telemetry::upstream("discord", Some(status));
        let headers = response.headers().clone();
        let body = upstream::read_capped(response, MAX_BODY_BYTES)
            .await
            .map_err(transport_error)?;
        match status {
            200..=299 => {}
            401 => return Err(DiscordApiError::Unauthorized),
            429 => {
                let retry_after = retry_after(&headers, &body);
                return Err(DiscordApiError::RateLimited { retry_after });
            }
            other => return Err(DiscordApiError::Status(other)),
        }
        if body.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_slice(&body).map_err(|e| DiscordApiError::Malformed(e.to_string()))
    }

    /// The oauth2 crate's HTTP hook over our client; to `to` when given.
    fn oauth_http(
        &self,
        to: Option<String>,
    ) -> impl Fn(
        oauth2::HttpRequest,
    ) -> futures::future::BoxFuture<'static, Result<oauth2::HttpResponse, Transport>> {
        upstream::oauth_http(self.http.clone(), "discord", MAX_BODY_BYTES, to)
    }
}

fn snowflake(value: &Value) -> Option<u64> {
    value.as_str().and_then(|id| id.parse().ok())
}

fn user_guild(value: &Value) -> Option<UserGuild> {
    Some(UserGuild {
        id: snowflake(&value["id"])?,
        name: value["name"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(100)
            .collect(),
        owner: value["owner"].as_bool().unwrap_or(false),
        permissions: value["permissions"].as_str()?.parse().ok()?,
    })
}

/// A 429's wait: the JSON `retry_after` (seconds, fractional), else the header, else 1 s;
/// at most an hour.
fn retry_after(headers: &reqwest::header::HeaderMap, body: &[u8]) -> Duration {
    let from_body = serde_json::from_slice::<Value>(body)
        .ok()
        .and_then(|v| v["retry_after"].as_f64());
    let from_header = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<f64>().ok());
    let secs = from_body.or(from_header).unwrap_or(1.0);
    Duration::from_secs_f64(secs.clamp(0.0, 3600.0))
}

fn tokens<R: TokenResponse>(
    result: Result<R, RequestTokenError<Transport, oauth2::basic::BasicErrorResponse>>,
) -> Result<DiscordTokens, DiscordApiError> {
    match result {
        Ok(r) => Ok(DiscordTokens {
            access_token: Secret::new(r.access_token().secret().clone()),
            refresh_token: r.refresh_token().map(|t| Secret::new(t.secret().clone())),
            // Discord says 7 days; assume a day when it does not say.
            expires_in: r.expires_in().unwrap_or(Duration::from_secs(86_400)),
        }),
        Err(RequestTokenError::ServerResponse(resp)) => Err(match resp.error() {
            BasicErrorResponseType::InvalidGrant => DiscordApiError::InvalidGrant,
            BasicErrorResponseType::InvalidClient | BasicErrorResponseType::UnauthorizedClient => {
                DiscordApiError::InvalidClient
            }
            other => DiscordApiError::TokenRefused(other.to_string()),
        }),
        Err(RequestTokenError::Request(t)) => Err(transport_error(t)),
        Err(RequestTokenError::Parse(e, _)) => Err(DiscordApiError::Malformed(format!(
            "token response: {}",
            e.inner()
        ))),
        Err(RequestTokenError::Other(m)) => Err(DiscordApiError::Malformed(m)),
    }
}
