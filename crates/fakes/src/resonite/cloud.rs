//! A stand-in for Resonite's cloud API as an ordinary account (the bot's) uses it: user
//! sessions, public users, contacts, and (in [`super::hub`]) the SignalR hub at `/hub`.
//!
//! What it serves and checks follows `shared/resonite/bot-account.md`:
//! - `POST /userSessions`: `username`, `email` or `ownerId`/`ownerID`, `authentication`
//!   `{"$type":"password","password":…}`, `secretMachineId`, `rememberMe`; the `UID` header
//!   is required (400 without); a wrong password is 400 `Invalid credentials`; an account
//!   with two factors needs the `TOTP` header (403, body exactly `TOTP`, when missing or
//!   wrong), checked with `totp-rs` like the bot computes it. 200 `{entity, configFiles}`.
//! - `PATCH /userSessions` (204, the session lasts its lifetime again), `DELETE
//!   /userSessions/{userId}/{token}` (200), both with `Authorization: res userId:token`; a
//!   voided or expired token is 403.
//! - `GET /users/{id}`: the public profile (no `email`), no authorization needed.
//! - `GET /users/{id}/contacts`: the owner's contacts (authorization as `id` only).
//! - `GET /users/{id}/messages`: the owner's messages, newest first, with `maxItems` (or
//!   the wiki's `maxItem`), `user`, `unread` (or rpy's `unreadOnly`) and `fromTime`.
//! - `GET /hub`: see [`super::hub`].
//!
//! Test controls act as the other Resonite users: [`FakeCloud::request_contact`],
//! [`FakeCloud::send_text`]; and as the service: [`FakeCloud::drop_hub_connections`],
//! [`FakeCloud::void_sessions`], [`FakeCloud::set_totp`]; and they read what the bot did:
//! [`FakeCloud::messages_from`], [`FakeCloud::read_marks`], [`FakeCloud::stats`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

/// Where the routes live (as on `api.resonite.com`).
pub const USER_SESSIONS_PATH: &str = "/userSessions";
pub const HUB_PATH: &str = "/hub";

/// A looked-up public profile, for profiles kept elsewhere (the mock's OAuth accounts).
pub type ProfileLookup = Arc<dyn Fn(&str) -> Option<Value> + Send + Sync>;

/// An account that can log in (the bot's; others act through the test controls).
#[derive(Clone, Debug)]
pub struct CloudAccount {
    pub id: String,
    pub username: String,
    pub email: String,
    pub password: String,
}

impl CloudAccount {
    pub fn new(id: &str, username: &str, password: &str) -> Self {
        Self {
            id: id.to_owned(),
            username: username.to_owned(),
            email: format!("{}@example.org", username.to_lowercase()),
            password: password.to_owned(),
        }
    }
}

/// One read mark the fake received (`MarkMessagesRead`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadMark {
    /// Who marked (the recipient of the messages).
    pub by: String,
    /// Whose messages (`senderId` of the call).
    pub sender_id: String,
    pub ids: Vec<String>,
}

/// What the fake has seen.
#[derive(Clone, Debug, Default)]
pub struct CloudStats {
    /// Successful logins, in order, with the `UID` header and `secretMachineId` sent.
    pub logins: Vec<LoginSeen>,
    /// Logins refused (wrong password, missing `UID`, TOTP missing or wrong).
    pub refused_logins: u64,
    /// Logins refused for the second factor (403 `TOTP`).
    pub totp_refusals: u64,
    pub extensions: u64,
    pub logouts: u64,
    /// WebSocket upgrades accepted on `/hub`.
    pub hub_upgrades: u64,
    /// Upgrades refused for a missing or unknown Authorization.
    pub hub_refused: u64,
    /// Connections closed for breaking the protocol (no handshake first, bad framing).
    pub protocol_errors: Vec<String>,
    /// Ping records received from clients.
    pub pings_received: u64,
    /// `SendMessage` calls refused because sender and recipient are not mutual contacts.
    pub refused_sends: Vec<(String, String)>,
    /// `UpdateContact` calls: (owner, contact, status).
    pub contact_updates: Vec<(String, String, String)>,
    pub read_marks: Vec<ReadMark>,
    /// `GET /users/{id}/contacts` calls.
    pub contact_list_requests: u64,
    /// `GET /users/{id}/messages` calls.
    pub message_list_requests: u64,
}

#[derive(Clone, Debug)]
pub struct LoginSeen {
    pub user_id: String,
    pub uid: String,
    pub secret_machine_id: String,
    pub remember_me: bool,
}

/// Why a test control could not act.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloudRefusal {
    #[error("{0} and {1} are not mutual accepted contacts")]
    NotContacts(String, String),
}

pub(super) struct SessionRec {
    pub(super) user_id: String,
    pub(super) expires: Instant,
    pub(super) lifetime: Duration,
}

pub(super) struct Connection {
    pub(super) user_id: String,
    /// Records (without the separator) to send on this connection.
    pub(super) tx: mpsc::UnboundedSender<String>,
    pub(super) handshaken: bool,
}

#[derive(Default)]
pub(super) struct CloudState {
    pub(super) accounts: HashMap<String, CloudAccount>,
    /// Base32 TOTP secrets of the accounts with two factors.
    pub(super) totp: HashMap<String, String>,
    pub(super) sessions: HashMap<String, SessionRec>,
    /// (owner, other) → status as the owner sees it.
    pub(super) contacts: HashMap<(String, String), String>,
    pub(super) messages: Vec<Value>,
    pub(super) connections: HashMap<u64, Connection>,
    pub(super) next_connection: u64,
    pub(super) stats: CloudStats,
}

/// Timings and switches, changeable while running.
#[derive(Clone, Debug)]
pub struct CloudSettings {
    /// A session's lifetime without `rememberMe` (with it: 30 days).
    pub session_ttl: Duration,
    /// How often the hub pings an idle client.
    pub ping_interval: Duration,
    /// The hub drops a client it heard nothing from for this long.
    pub client_timeout: Duration,
    /// Whether contact requests also arrive as `ContactAddedOrUpdated` hub events (off: the
    /// bot sees them only by polling its contact list).
    pub contact_events: bool,
}

impl Default for CloudSettings {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(24 * 3600),
            ping_interval: Duration::from_secs(15),
            client_timeout: Duration::from_secs(30),
            contact_events: true,
        }
    }
}

pub(super) struct CloudInner {
    pub(super) state: Mutex<CloudState>,
    pub(super) settings: Mutex<CloudSettings>,
    pub(super) profiles: Option<ProfileLookup>,
    /// Bumped to close every hub connection.
    pub(super) drop_all: watch::Sender<u64>,
}

impl CloudInner {
    pub(super) fn state(&self) -> MutexGuard<'_, CloudState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn settings(&self) -> CloudSettings {
        self.settings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The user of a valid `res userId:token` Authorization value.
    pub(super) fn authorize(&self, headers: &HeaderMap) -> Option<(String, String)> {
        let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
        let (scheme, rest) = value.split_once(' ')?;
        if scheme != "res" {
            return None;
        }
        let (user_id, token) = rest.trim().split_once(':')?;
        self.session_user(token)
            .filter(|u| u == user_id)
            .map(|u| (u, token.to_owned()))
    }

    /// The user of a live session token.
    pub(super) fn session_user(&self, token: &str) -> Option<String> {
        let state = self.state();
        let session = state.sessions.get(token)?;
        (Instant::now() < session.expires).then(|| session.user_id.clone())
    }

    pub(super) fn username_of(&self, state: &CloudState, id: &str) -> String {
        if let Some(account) = state.accounts.get(id) {
            return account.username.clone();
        }
        self.profiles
            .as_ref()
            .and_then(|lookup| lookup(id))
            .and_then(|p| p.get("username").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| id.trim_start_matches("U-").to_owned())
    }

    pub(super) fn contact_json(&self, state: &CloudState, owner: &str, other: &str) -> Value {
        let status = state
            .contacts
            .get(&(owner.to_owned(), other.to_owned()))
            .cloned()
            .unwrap_or_else(|| "None".to_owned());
        json!({
            "id": other,
            "ownerId": owner,
            "contactUsername": self.username_of(state, other),
            "contactStatus": status,
            "isAccepted": status == "Accepted",
            "profile": null,
            "latestMessageTime": "0001-01-01T00:00:00",
            "isMigrated": false,
            "isCounterpartMigrated": false,
        })
    }

    /// Queues `record` on every handshaken connection of `user_id`.
    pub(super) fn push(&self, state: &CloudState, user_id: &str, record: &Value) {
        let text = record.to_string();
        for conn in state.connections.values() {
            if conn.user_id == user_id && conn.handshaken {
                let _ = conn.tx.send(text.clone());
            }
        }
    }
}

/// Both have accepted each other.
pub(super) fn mutual(state: &CloudState, a: &str, b: &str) -> bool {
    let accepted = |x: &str, y: &str| {
        state
            .contacts
            .get(&(x.to_owned(), y.to_owned()))
            .is_some_and(|s| s == "Accepted")
    };
    accepted(a, b) && accepted(b, a)
}

/// `MSG-` and a UUIDv4, as the official clients make message ids.
pub(super) fn message_id() -> String {
    format!("MSG-{}", uuid_v4())
}

pub(super) fn uuid_v4() -> String {
    let mut b: [u8; 16] = rand::random();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// ISO 8601 with seven fractional digits and `Z`, as the service writes times.
pub(super) fn now_iso() -> String {
    iso7(chrono::Utc::now())
}

/// `t` with seven fractional digits (chrono's formats have 3, 6 or 9).
pub(super) fn iso7(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike as _;
    format!(
        "{}.{:07}Z",
        t.format("%Y-%m-%dT%H:%M:%S"),
        t.nanosecond() % 1_000_000_000 / 100
    )
}

/// The fake cloud; cheap to clone (shared).
#[derive(Clone)]
pub struct FakeCloud {
    pub(super) inner: Arc<CloudInner>,
}

impl std::fmt::Debug for FakeCloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeCloud").finish_non_exhaustive()
    }
}

impl Default for FakeCloud {
    fn default() -> Self {
        Self::new(None)
    }
}

impl FakeCloud {
    /// A cloud with no accounts; `profiles` serves public users it has no account for.
    pub fn new(profiles: Option<ProfileLookup>) -> Self {
        let (drop_all, _) = watch::channel(0);
        Self {
            inner: Arc::new(CloudInner {
                state: Mutex::new(CloudState::default()),
                settings: Mutex::new(CloudSettings::default()),
                profiles,
                drop_all,
            }),
        }
    }

    /// The cloud's routes (sessions, users, contacts, the hub).
    pub fn router(&self) -> Router {
        Router::new()
            .route(
                USER_SESSIONS_PATH,
                post(login).patch(extend).fallback(method_not_allowed),
            )
            .route("/userSessions/{user_id}/{token}", delete(logout))
            .route("/users/{id}", get(public_user))
            .route("/users/{id}/contacts", get(contacts))
            .route("/users/{id}/messages", get(messages))
            .route(HUB_PATH, get(super::hub::upgrade))
            .with_state(Arc::clone(&self.inner))
    }

    /// Serves the cloud alone on `listener`; returns its base URL (`http://IP:PORT`).
    pub async fn spawn(&self, listener: TcpListener) -> std::io::Result<String> {
        let addr = listener.local_addr()?;
        let router = self.router();
        tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, router).await {
                tracing::error!(error = %e, "fake Resonite cloud stopped with an error");
            }
        });
        Ok(format!("http://{addr}"))
    }

    pub fn add_account(&self, account: CloudAccount) {
        self.inner
            .state()
            .accounts
            .insert(account.id.clone(), account);
    }

    /// Requires (`Some(base32 secret)`) or stops requiring (`None`) a TOTP code at login.
    pub fn set_totp(&self, user_id: &str, secret: Option<&str>) {
        let mut state = self.inner.state();
        match secret {
            Some(s) => state.totp.insert(user_id.to_owned(), s.to_owned()),
            None => state.totp.remove(user_id),
        };
    }

    pub fn set_settings(&self, settings: CloudSettings) {
        *self
            .inner
            .settings
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = settings;
    }

    pub fn settings(&self) -> CloudSettings {
        self.inner.settings()
    }

    /// `from` asks `to` to be a contact: `from` lists `to` as `Accepted`, `to` lists `from`
    /// as `Requested` (unless already accepted), and, with contact events on, `to`'s hub
    /// connections get `ContactAddedOrUpdated`.
    pub fn request_contact(&self, from: &str, to: &str) {
        let events = self.inner.settings().contact_events;
        let mut state = self.inner.state();
        state
            .contacts
            .insert((from.to_owned(), to.to_owned()), "Accepted".to_owned());
        let theirs = (to.to_owned(), from.to_owned());
        if state.contacts.get(&theirs).is_none_or(|s| s != "Accepted") {
            state.contacts.insert(theirs, "Requested".to_owned());
        }
        if events {
            let contact = self.inner.contact_json(&state, to, from);
            self.inner.push(
                &state,
                to,
                &json!({"type": 1, "target": "ContactAddedOrUpdated", "arguments": [contact]}),
            );
        }
    }

    /// `from` sends `to` a `Text` message (they must be mutual contacts); `to`'s hub
    /// connections get `ReceiveMessage`. Returns the message id.
    pub fn send_text(&self, from: &str, to: &str, text: &str) -> Result<String, CloudRefusal> {
        let mut state = self.inner.state();
        if !mutual(&state, from, to) {
            return Err(CloudRefusal::NotContacts(from.to_owned(), to.to_owned()));
        }
        let now = now_iso();
        let id = message_id();
        let message = json!({
            "id": id,
            "ownerId": to,
            "senderId": from,
            "recipientId": to,
            "messageType": "Text",
            "content": text,
            "sendTime": now,
            "lastUpdateTime": now,
            "readTime": null,
            "isMigrated": false,
        });
        state.messages.push(message.clone());
        self.inner.push(
            &state,
            to,
            &json!({"type": 1, "target": "ReceiveMessage", "arguments": [message]}),
        );
        Ok(id)
    }

    /// Sets how `owner` lists `other` (e.g. `Blocked`), as if `owner` had changed it.
    pub fn set_contact_status(&self, owner: &str, other: &str, status: &str) {
        self.inner
            .state()
            .contacts
            .insert((owner.to_owned(), other.to_owned()), status.to_owned());
    }

    /// Closes every hub connection at once (the service restarting).
    pub fn drop_hub_connections(&self) {
        self.inner.drop_all.send_modify(|n| *n += 1);
    }

    /// Makes every session token unknown (logins must be redone).
    pub fn void_sessions(&self) {
        self.inner.state().sessions.clear();
    }

    /// Every message `user_id` sent (through the hub or as a test control), in order.
    pub fn messages_from(&self, user_id: &str) -> Vec<Value> {
        self.inner
            .state()
            .messages
            .iter()
            .filter(|m| m.get("senderId").and_then(Value::as_str) == Some(user_id))
            .cloned()
            .collect()
    }

    /// The message with this id, as stored (with `readTime` once marked read).
    pub fn message(&self, id: &str) -> Option<Value> {
        self.inner
            .state()
            .messages
            .iter()
            .find(|m| m.get("id").and_then(Value::as_str) == Some(id))
            .cloned()
    }

    pub fn read_marks(&self) -> Vec<ReadMark> {
        self.inner.state().stats.read_marks.clone()
    }

    /// How `owner` lists `other` (`None` when not at all).
    pub fn contact_status(&self, owner: &str, other: &str) -> Option<String> {
        self.inner
            .state()
            .contacts
            .get(&(owner.to_owned(), other.to_owned()))
            .cloned()
    }

    /// Hub connections open and past the handshake, for `user_id`.
    pub fn hub_connections(&self, user_id: &str) -> usize {
        self.inner
            .state()
            .connections
            .values()
            .filter(|c| c.user_id == user_id && c.handshaken)
            .count()
    }

    pub fn stats(&self) -> CloudStats {
        self.inner.state().stats.clone()
    }
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (status, body).into_response()
}

async fn method_not_allowed() -> Response {
    text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
}

async fn login(
    State(inner): State<Arc<CloudInner>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let refuse = |inner: &CloudInner, status: StatusCode, body: &'static str| {
        inner.state().stats.refused_logins += 1;
        text(status, body)
    };
    let request = match LoginRequest::read(&headers, &body) {
        Ok(request) => request,
        Err(why) => return refuse(&inner, StatusCode::BAD_REQUEST, why),
    };
    let Some(account) = request.account(&inner) else {
        return refuse(&inner, StatusCode::BAD_REQUEST, "Invalid credentials");
    };
    let totp_secret = inner.state().totp.get(&account.id).cloned();
    if let Some(secret) = totp_secret {
        let code = headers.get("TOTP").and_then(|v| v.to_str().ok());
        if !code.is_some_and(|c| totp_ok(&secret, c)) {
            inner.state().stats.totp_refusals += 1;
            return refuse(&inner, StatusCode::FORBIDDEN, "TOTP");
        }
    }
    let lifetime = if request.remember_me {
        Duration::from_secs(30 * 24 * 3600)
    } else {
        inner.settings().session_ttl
    };
    let token = super::secrets::random_token();
    let created = chrono::Utc::now();
    let expire = created + chrono::Duration::from_std(lifetime).unwrap_or(chrono::Duration::MAX);
    {
        let mut state = inner.state();
        state.sessions.insert(
            token.clone(),
            SessionRec {
                user_id: account.id.clone(),
                expires: Instant::now() + lifetime,
                lifetime,
            },
        );
        state.stats.logins.push(LoginSeen {
            user_id: account.id.clone(),
            uid: request.uid,
            secret_machine_id: request.machine_id,
            remember_me: request.remember_me,
        });
    }
    let entity = json!({
        "userId": account.id,
        "token": token,
        "created": iso7(created),
        "expire": iso7(expire),
        "rememberMe": request.remember_me,
        "secretMachineIdHash": "",
        "secretMachineIdSalt": "",
        "uidHash": "",
        "uidSalt": "",
        "originalLoginType": "Password",
        "originalLoginId": account.username,
        "sessionLoginCounter": 1,
        "isMachineBound": false,
        "partitionKey": account.id,
        "rowKey": token,
        "eTag": null,
    });
    Json(json!({ "entity": entity, "configFiles": null })).into_response()
}

/// A password login as the client sends it.
struct LoginRequest {
    uid: String,
    body: Value,
    machine_id: String,
    remember_me: bool,
}

impl LoginRequest {
    /// The `UID` header and the JSON body; else why the request is refused.
    fn read(headers: &HeaderMap, body: &[u8]) -> Result<Self, &'static str> {
        let uid = headers
            .get("UID")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
            .ok_or("UID header is required")?;
        let body = serde_json::from_slice::<Value>(body).map_err(|_| "expected a JSON body")?;
        let machine_id = body
            .get("secretMachineId")
            .and_then(Value::as_str)
            .filter(|m| !m.is_empty())
            .ok_or("secretMachineId is required")?
            .to_owned();
        let remember_me = body
            .get("rememberMe")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        Ok(Self {
            uid,
            body,
            machine_id,
            remember_me,
        })
    }

    fn field(&self, name: &str) -> Option<&str> {
        self.body.get(name).and_then(Value::as_str)
    }

    /// The account named by username, email or id, if the password is its own.
    fn account(&self, inner: &CloudInner) -> Option<CloudAccount> {
        let password = self
            .body
            .get("authentication")
            .filter(|a| a.get("$type").and_then(Value::as_str) == Some("password"))
            .and_then(|a| a.get("password"))
            .and_then(Value::as_str);
        let state = inner.state();
        state
            .accounts
            .values()
            .find(|a| {
                self.field("username")
                    .is_some_and(|u| u.eq_ignore_ascii_case(&a.username))
                    || self
                        .field("email")
                        .is_some_and(|e| e.eq_ignore_ascii_case(&a.email))
                    || self.field("ownerId").or(self.field("ownerID")) == Some(a.id.as_str())
            })
            .cloned()
            .filter(|a| password == Some(a.password.as_str()))
    }
}

fn totp_ok(secret: &str, code: &str) -> bool {
    let Ok(secret) = totp_rs::Secret::try_from_base32(secret) else {
        return false;
    };
    let totp = totp_rs::Builder::new()
        .with_secret(secret)
        .build_noncompliant();
    totp.check_current(code.trim()).is_some()
}

async fn extend(State(inner): State<Arc<CloudInner>>, headers: HeaderMap) -> Response {
    let Some((_, token)) = inner.authorize(&headers) else {
        return text(StatusCode::FORBIDDEN, "Invalid session");
    };
    let mut state = inner.state();
    if let Some(session) = state.sessions.get_mut(&token) {
        session.expires = Instant::now() + session.lifetime;
    }
    state.stats.extensions += 1;
    StatusCode::NO_CONTENT.into_response()
}

async fn logout(
    State(inner): State<Arc<CloudInner>>,
    Path((user_id, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    match inner.authorize(&headers) {
        Some((user, own)) if user == user_id && own == token => {
            let mut state = inner.state();
            state.sessions.remove(&token);
            state.stats.logouts += 1;
            StatusCode::OK.into_response()
        }
        _ => text(StatusCode::FORBIDDEN, "Invalid session"),
    }
}

async fn public_user(State(inner): State<Arc<CloudInner>>, Path(id): Path<String>) -> Response {
    let account = inner.state().accounts.get(&id).cloned();
    let profile = match account {
        Some(a) => Some(json!({
            "id": a.id,
            "username": a.username,
            "normalizedUsername": a.username.to_lowercase(),
            "registrationDate": "2024-01-01T00:00:00.0000000Z",
            "isVerified": true,
            "isLocked": false,
            "supressBanEvasion": false,
            "2fa_login": false,
            "tags": [],
            "profile": null,
            "isActiveSupporter": false,
            "supporterMetadata": [],
            "entitlements": [],
        })),
        None => inner.profiles.as_ref().and_then(|lookup| lookup(&id)),
    };
    match profile {
        Some(mut p) => {
            if let Some(obj) = p.as_object_mut() {
                obj.remove("email");
            }
            Json(p).into_response()
        }
        None => text(StatusCode::NOT_FOUND, "User not found"),
    }
}

async fn contacts(
    State(inner): State<Arc<CloudInner>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    match inner.authorize(&headers) {
        Some((user, _)) if user == id => {
            let mut state = inner.state();
            state.stats.contact_list_requests += 1;
            let mut others: Vec<String> = state
                .contacts
                .keys()
                .filter(|(owner, _)| *owner == id)
                .map(|(_, other)| other.clone())
                .collect();
            others.sort();
            let list: Vec<Value> = others
                .iter()
                .map(|other| inner.contact_json(&state, &id, other))
                .collect();
            Json(Value::Array(list)).into_response()
        }
        _ => text(StatusCode::FORBIDDEN, "Invalid session"),
    }
}

async fn messages(
    State(inner): State<Arc<CloudInner>>,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if inner.authorize(&headers).is_none_or(|(user, _)| user != id) {
        return text(StatusCode::FORBIDDEN, "Invalid session");
    }
    let max = query
        .get("maxItems")
        .or_else(|| query.get("maxItem"))
        .and_then(|m| m.parse::<usize>().ok())
        .unwrap_or(usize::MAX);
    let unread = query
        .get("unread")
        .or_else(|| query.get("unreadOnly"))
        .is_some_and(|u| u.eq_ignore_ascii_case("true"));
    let other = query.get("user");
    let from = query
        .get("fromTime")
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
    let field = |m: &Value, k: &str| m.get(k).and_then(Value::as_str).map(str::to_owned);
    let mut state = inner.state();
    state.stats.message_list_requests += 1;
    let mut list: Vec<Value> = state
        .messages
        .iter()
        .filter(|m| {
            let sender = field(m, "senderId");
            let recipient = field(m, "recipientId");
            let mine =
                recipient.as_deref() == Some(id.as_str()) || sender.as_deref() == Some(id.as_str());
            let with =
                other.is_none_or(|o| sender.as_ref() == Some(o) || recipient.as_ref() == Some(o));
            let is_unread = recipient.as_deref() == Some(id.as_str())
                && m.get("readTime").is_none_or(Value::is_null);
            let recent = from.is_none_or(|from| {
                field(m, "sendTime")
                    .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
                    .is_some_and(|t| t >= from)
            });
            mine && with && (!unread || is_unread) && recent
        })
        .cloned()
        .collect();
    list.reverse();
    list.truncate(max);
    Json(Value::Array(list)).into_response()
}
