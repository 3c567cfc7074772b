//! The bot account's session with the cloud API: login (`POST /userSessions`, the install's
//! `UID` header, a TOTP code when the account has two factors), extension (`PATCH`), logout
//! (`DELETE`), and the REST calls the bot needs (`GET /users/{id}`, its contact list).
//!
//! HTTP goes through one `reqwest` client that follows no redirects, times out and reads at
//! most [`MAX_BODY_BYTES`] of an answer. The password and the token are [`Secret`]s; no
//! error or log line holds them.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use url::Url;

use super::BotError;
use crate::config::{ResoniteBotConfig, Secret};
use crate::resonite::Profile;
use crate::upstream::{self, Transport};

/// The largest answer read (a contact list of a few thousand entries).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Extend when this little of the session is left (mvcb's 10 minutes), or half of a
/// shorter lifetime.
const EXTEND_MARGIN: Duration = Duration::from_secs(10 * 60);

/// Who the install is to Resonite: the `UID` header and the `secretMachineId`, generated
/// once and kept in the database so that every process logs in as the same install.
#[derive(Clone, PartialEq, Eq)]
pub struct InstallIdentity {
    pub uid: String,
    pub machine_id: Secret,
}

impl std::fmt::Debug for InstallIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InstallIdentity")
            .field("uid", &self.uid)
            .field("machine_id", &self.machine_id)
            .finish()
    }
}

impl InstallIdentity {
    /// A new identity: `UID` as 64 upper-case hex digits (what rpy and mvcb send, the size
    /// of the SHA-256 the wiki describes), the machine id a UUIDv4 (as the wiki allows).
    pub fn generate() -> Self {
        let bytes: [u8; 32] = rand::random();
        Self {
            uid: bytes.iter().map(|b| format!("{b:02X}")).collect(),
            machine_id: Secret::new(super::model::uuid_v4()),
        }
    }
}

/// A logged-in session.
#[derive(Clone)]
pub struct Session {
    pub user_id: String,
    token: Secret,
    /// When the service says the token expires.
    pub expire: DateTime<Utc>,
    /// How long a login or an extension lasts (from `created` to `expire`).
    lifetime: Duration,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user_id)
            .field("token", &self.token)
            .field("expire", &self.expire)
            .finish()
    }
}

impl Session {
    /// `res userId:token`, for the Authorization header of REST calls and the hub upgrade.
    pub fn authorization(&self) -> Secret {
        Secret::new(format!("res {}:{}", self.user_id, self.token.expose()))
    }

    /// When to extend: `EXTEND_MARGIN` before expiry, or half-way for shorter sessions.
    pub fn extend_at(&self) -> DateTime<Utc> {
        let margin = EXTEND_MARGIN.min(self.lifetime / 2);
        self.expire - chrono::Duration::from_std(margin).unwrap_or_default()
    }
}

/// The cloud API as the bot account uses it.
#[derive(Clone)]
pub struct CloudClient {
    http: reqwest::Client,
    api_url: Url,
    username: String,
    password: Secret,
    totp_secret: Option<Secret>,
    identity: InstallIdentity,
    timeout: Duration,
}

impl std::fmt::Debug for CloudClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CloudClient")
            .field("api_url", &self.api_url.as_str())
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl CloudClient {
    pub fn new(
        cfg: &ResoniteBotConfig,
        identity: InstallIdentity,
        timeout: Duration,
    ) -> Result<Self, BotError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("resonite-verify/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| BotError::Malformed(format!("HTTP client: {e}")))?;
        if let Some(secret) = &cfg.totp_secret {
            totp_code(secret)?;
        }
        Ok(Self {
            http,
            api_url: cfg.api_url.clone(),
            username: cfg.username.clone(),
            password: cfg.password.clone(),
            totp_secret: cfg.totp_secret.clone(),
            identity,
            timeout,
        })
    }

    /// `RESONITE_API_URL` + `path` (the API may sit under a path prefix).
    fn url(&self, path: &str) -> Url {
        let mut url = self.api_url.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}{path}"));
        url.set_query(None);
        url
    }

    /// The hub's WebSocket URL: `wss://…/hub` (`ws://` for an http API, the mock).
    pub fn hub_url(&self) -> Url {
        let mut url = self.url("/hub");
        let scheme = if url.scheme() == "http" { "ws" } else { "wss" };
        // http(s) → ws(s) is always a valid change of special scheme.
        let _ = url.set_scheme(scheme);
        url
    }

    /// Logs in with the password (and a TOTP code when a secret is set).
    pub async fn login(&self) -> Result<Session, BotError> {
        let mut body = json!({
            "authentication": {"$type": "password", "password": self.password.expose()},
            "secretMachineId": self.identity.machine_id.expose(),
            "rememberMe": false,
        });
        let key = if self.username.contains('@') {
            "email"
        } else {
            "username"
        };
        body[key] = Value::String(self.username.clone());
        let mut request = self
            .http
            .post(self.url("/userSessions"))
            .header("UID", &self.identity.uid)
            .json(&body);
        if let Some(secret) = &self.totp_secret {
            request = request.header("TOTP", totp_code(secret)?);
        }
        let (status, text) = self.send(request).await?;
        match status {
            200..=299 => {}
            403 if text.trim() == "TOTP" => {
                return Err(if self.totp_secret.is_some() {
                    BotError::TotpRefused
                } else {
                    BotError::TotpRequired
                });
            }
            400 | 401 | 403 => return Err(BotError::InvalidCredentials(status)),
            _ => return Err(BotError::Status(status)),
        }
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| BotError::Malformed("the login answer is not JSON".into()))?;
        let entity = value.get("entity").unwrap_or(&value);
        let field = |k: &str| entity.get(k).and_then(Value::as_str);
        let (Some(user_id), Some(token)) = (field("userId"), field("token")) else {
            return Err(BotError::Malformed(
                "the login answer has no userId or token".into(),
            ));
        };
        let now = Utc::now();
        let created = field("created").and_then(parse_time).unwrap_or(now);
        let expire = field("expire")
            .and_then(parse_time)
            .unwrap_or(now + chrono::Duration::hours(24));
        let lifetime = (expire - created).to_std().unwrap_or(Duration::ZERO);
        tracing::info!(user_id, %expire, "Resonite bot account logged in");
        Ok(Session {
            user_id: user_id.to_owned(),
            token: Secret::new(token),
            expire,
            lifetime,
        })
    }

    /// Extends the session (`PATCH /userSessions`); it then lasts its lifetime again.
    /// [`BotError::SessionRefused`] when the token is no longer valid.
    pub async fn extend(&self, session: &mut Session) -> Result<(), BotError> {
        let request = self
            .http
            .patch(self.url("/userSessions"))
            .header("UID", &self.identity.uid)
            .header(
                reqwest::header::AUTHORIZATION,
                session.authorization().expose(),
            );
        let (status, _) = self.send(request).await?;
        match status {
            200..=299 => {
                session.expire =
                    Utc::now() + chrono::Duration::from_std(session.lifetime).unwrap_or_default();
                tracing::debug!(expire = %session.expire, "Resonite session extended");
                Ok(())
            }
            401 | 403 => Err(BotError::SessionRefused),
            other => Err(BotError::Status(other)),
        }
    }

    /// Ends the session (`DELETE /userSessions/{userId}/{token}`).
    pub async fn logout(&self, session: &Session) -> Result<(), BotError> {
        let mut url = self.url("/userSessions");
        url.path_segments_mut()
            .map_err(|_| BotError::Malformed("RESONITE_API_URL cannot hold a path".into()))?
            .push(&session.user_id)
            .push(session.token.expose());
        let request = self.http.delete(url).header(
            reqwest::header::AUTHORIZATION,
            session.authorization().expose(),
        );
        match self.send(request).await?.0 {
            200..=299 => Ok(()),
            401 | 403 => Err(BotError::SessionRefused),
            other => Err(BotError::Status(other)),
        }
    }

    /// The public profile of `user_id` (`GET /users/{id}`, no authorization): the parsed
    /// profile and the JSON as received; `None` when there is no such user.
    pub async fn public_user(&self, user_id: &str) -> Result<Option<(Profile, String)>, BotError> {
        let mut url = self.url("/users");
        url.path_segments_mut()
            .map_err(|_| BotError::Malformed("RESONITE_API_URL cannot hold a path".into()))?
            .push(user_id);
        let request = self
            .http
            .get(url)
            .header(reqwest::header::ACCEPT, "application/json");
        let (status, text) = self.send(request).await?;
        match status {
            200..=299 => {}
            404 => return Ok(None),
            other => return Err(BotError::Status(other)),
        }
        let profile = Profile::from_json(&text).map_err(|e| BotError::Malformed(e.to_string()))?;
        Ok(Some((profile, text)))
    }

    /// The bot's contact list (`GET /users/{botId}/contacts`).
    pub async fn contacts(&self, session: &Session) -> Result<Vec<super::Contact>, BotError> {
        let mut url = self.url("/users");
        url.path_segments_mut()
            .map_err(|_| BotError::Malformed("RESONITE_API_URL cannot hold a path".into()))?
            .push(&session.user_id)
            .push("contacts");
        let request = self.http.get(url).header(
            reqwest::header::AUTHORIZATION,
            session.authorization().expose(),
        );
        let (status, text) = self.send(request).await?;
        match status {
            200..=299 => {}
            401 | 403 => return Err(BotError::SessionRefused),
            other => return Err(BotError::Status(other)),
        }
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| BotError::Malformed("the contact list is not JSON".into()))?;
        Ok(super::Contact::list_from_value(&value))
    }

    /// Unread messages to the bot (`GET /users/{botId}/messages`, newest first, at most
    /// `max`). Both spellings of the unread switch are sent (`unread`, rpy's `unreadOnly`)
    /// and read ones are dropped here too, in case the service ignores them.
    pub async fn unread_messages(
        &self,
        session: &Session,
        max: usize,
    ) -> Result<Vec<super::model::Message>, BotError> {
        let mut url = self.url("/users");
        url.path_segments_mut()
            .map_err(|_| BotError::Malformed("RESONITE_API_URL cannot hold a path".into()))?
            .push(&session.user_id)
            .push("messages");
        url.query_pairs_mut()
            .append_pair("maxItems", &max.to_string())
            .append_pair("unread", "true")
            .append_pair("unreadOnly", "true");
        let request = self.http.get(url).header(
            reqwest::header::AUTHORIZATION,
            session.authorization().expose(),
        );
        let (status, text) = self.send(request).await?;
        match status {
            200..=299 => {}
            401 | 403 => return Err(BotError::SessionRefused),
            other => return Err(BotError::Status(other)),
        }
        let value: Value = serde_json::from_str(&text)
            .map_err(|_| BotError::Malformed("the message list is not JSON".into()))?;
        Ok(value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|m| serde_json::from_value::<super::model::Message>(m.clone()).ok())
                    .filter(|m| m.read_time.is_none())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Sends and reads the answer (status, body as text), within the size cap.
    async fn send(&self, request: reqwest::RequestBuilder) -> Result<(u16, String), BotError> {
        let response = request.send().await.map_err(|e| {
            crate::telemetry::upstream("resonite", None);
            self.transport(Transport::from_reqwest(&e))
        })?;
        let status = response.status().as_u16();
        crate::telemetry::upstream("resonite", Some(status));
        let body = upstream::read_capped(response, MAX_BODY_BYTES)
            .await
            .map_err(|t| self.transport(t))?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    fn transport(&self, t: Transport) -> BotError {
        match t {
            Transport::Timeout => BotError::Timeout(self.timeout),
            Transport::Unreachable => BotError::Unreachable,
            Transport::TooLarge => BotError::Malformed("the answer is too large".into()),
            Transport::Status(s) => BotError::Status(s),
            Transport::Build(m) => BotError::Malformed(m),
        }
    }
}

/// The current TOTP code of a base32 secret (RFC 6238: SHA-1, 6 digits, 30 s), with
/// `totp-rs`.
pub fn totp_code(secret: &Secret) -> Result<String, BotError> {
    let bytes =
        totp_rs::Secret::try_from_base32(secret.expose()).map_err(|_| BotError::TotpSecret)?;
    let totp = totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(bytes)
        .build_noncompliant();
    Ok(totp.generate_current().to_string())
}

/// ISO 8601 of any precision, with or without a zone (UTC when none).
fn parse_time(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totp_codes_match_rfc_6238() {
        // RFC 6238 appendix B's SHA-1 secret "12345678901234567890" in base32.
        let secret = Secret::new("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        let bytes = totp_rs::Secret::try_from_base32(secret.expose()).expect("base32");
        let totp = totp_rs::Builder::new()
            .with_secret(bytes)
            .with_digits(8)
            .build_noncompliant();
        assert_eq!(totp.generate(59).to_string(), "94287082");
        let code = totp_code(&secret).expect("a code");
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert!(matches!(
            totp_code(&Secret::new("not base32!")),
            Err(BotError::TotpSecret)
        ));
    }

    #[test]
    fn identities_are_fresh_and_shaped_like_the_official_clients() {
        let a = InstallIdentity::generate();
        let b = InstallIdentity::generate();
        assert_ne!(a, b);
        assert_eq!(a.uid.len(), 64);
        assert!(
            a.uid
                .bytes()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
        );
        assert_eq!(a.machine_id.expose().len(), 36);
        assert!(!format!("{a:?}").contains(a.machine_id.expose()));
    }

    #[test]
    fn times_of_any_precision_parse() {
        let seven = parse_time("2026-01-02T03:04:05.1234567Z").expect("7 digits");
        assert_eq!(seven.timestamp(), 1_767_323_045);
        assert!(parse_time("2026-01-02T03:04:05Z").is_some());
        assert!(parse_time("0001-01-01T00:00:00").is_some());
        assert!(parse_time("yesterday").is_none());
    }

    #[test]
    fn sessions_extend_before_expiry_and_never_show_the_token() {
        let now = Utc::now();
        let session = Session {
            user_id: "U-bot".into(),
            token: Secret::new("token-value-123"),
            expire: now + chrono::Duration::hours(24),
            lifetime: Duration::from_secs(24 * 3600),
        };
        assert_eq!(
            session.extend_at(),
            session.expire - chrono::Duration::minutes(10)
        );
        let short = Session {
            lifetime: Duration::from_secs(4),
            expire: now + chrono::Duration::seconds(4),
            ..session.clone()
        };
        assert_eq!(
            short.extend_at(),
            short.expire - chrono::Duration::seconds(2)
        );
        assert!(!format!("{session:?}").contains("token-value-123"));
        assert_eq!(
            session.authorization().expose(),
            "res U-bot:token-value-123"
        );
    }
}
