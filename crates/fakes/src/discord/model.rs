//! The fake's shared vocabulary: the application it answers as, a guild role, a recorded
//! request. A leaf: every other module of the fake Discord may use it, it uses none of them.

use std::time::Instant;

use serde_json::Value;

/// Channel id reported for interaction response messages (the fake does not
/// know which channel an interaction came from).
pub(super) const INTERACTION_CHANNEL_ID: u64 = 1_100_000_000_000_000_001;

/// The application (and its bot user) the fake answers as.
#[derive(Clone, Debug)]
pub struct FakeApp {
    pub application_id: u64,
    pub bot_user_id: u64,
    pub bot_name: String,
    /// The bot token, without the `Bot ` prefix.
    pub token: String,
}

/// A guild role.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeRole {
    pub id: u64,
    pub name: String,
    /// Hierarchy position; `@everyone` is 0, higher is more powerful.
    pub position: u16,
    /// Permission bit set (`MANAGE_ROLES` is `1 << 28`, `ADMINISTRATOR` `1 << 3`).
    pub permissions: u64,
    /// Managed by an integration (bot roles, booster role): nobody can assign it.
    pub managed: bool,
}

/// One request as the fake received it.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordedRequest {
    pub method: String,
    /// E.g. `/api/v10/guilds/1/members/2/roles/3`, without the query.
    pub path: String,
    /// The raw query string, if any (serenity writes `?&limit=...`, so it may start with `&`).
    pub query: Option<String>,
    /// Parsed JSON body; `None` when empty. Non-JSON bodies are kept as
    /// `Value::String`; for multipart bodies the `payload_json` part is parsed.
    pub body: Option<Value>,
    pub authorization: Option<String>,
    /// `X-Audit-Log-Reason`, percent-decoded.
    pub audit_log_reason: Option<String>,
    /// When the request arrived.
    pub received_at: Instant,
    /// When its answer was ready to send; `None` while unanswered (hung, or dropped
    /// when the fake went down).
    pub answered_at: Option<Instant>,
    /// The status it was answered with; `None` while unanswered.
    pub status: Option<u16>,
}
