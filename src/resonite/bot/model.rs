//! What the cloud API and the hub send about messages and contacts, read leniently: only
//! the fields the bot uses are required, names are compared as `shared/resonite/bot-account.md`
//! says (statuses case-insensitively, emitted in PascalCase).

use serde::Deserialize;
use serde_json::{Value, json};

/// A contact's status as the owner sees it; always names on the wire, never numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactStatus {
    None,
    SearchResult,
    Requested,
    Ignored,
    Blocked,
    Accepted,
    /// A name this version does not know.
    Other(String),
}

impl ContactStatus {
    pub fn parse(raw: &str) -> Self {
        const KNOWN: [(&str, ContactStatus); 6] = [
            ("None", ContactStatus::None),
            ("SearchResult", ContactStatus::SearchResult),
            ("Requested", ContactStatus::Requested),
            ("Ignored", ContactStatus::Ignored),
            ("Blocked", ContactStatus::Blocked),
            ("Accepted", ContactStatus::Accepted),
        ];
        KNOWN
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(raw.trim()))
            .map(|(_, s)| s)
            .unwrap_or_else(|| ContactStatus::Other(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::None => "None",
            Self::SearchResult => "SearchResult",
            Self::Requested => "Requested",
            Self::Ignored => "Ignored",
            Self::Blocked => "Blocked",
            Self::Accepted => "Accepted",
            Self::Other(s) => s,
        }
    }
}

/// One entry of the bot's contact list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// The other account's `U-` id.
    pub id: String,
    pub username: String,
    pub status: ContactStatus,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawContact {
    id: String,
    #[serde(default)]
    contact_username: Option<String>,
    #[serde(default)]
    contact_status: Option<String>,
}

impl Contact {
    /// One contact object; `None` when it has no string `id`.
    pub fn from_value(value: &Value) -> Option<Self> {
        let raw: RawContact = serde_json::from_value(value.clone()).ok()?;
        Some(Self {
            username: raw.contact_username.unwrap_or_default(),
            status: ContactStatus::parse(raw.contact_status.as_deref().unwrap_or("None")),
            id: raw.id,
        })
    }

    /// A list of contact objects; entries that cannot be read are skipped.
    pub fn list_from_value(value: &Value) -> Vec<Self> {
        value
            .as_array()
            .map(|items| items.iter().filter_map(Self::from_value).collect())
            .unwrap_or_default()
    }

    /// The `UpdateContact` argument that accepts this contact for `owner`.
    pub fn accept_argument(&self, owner: &str) -> Value {
        json!({
            "ownerId": owner,
            "id": self.id,
            "contactUsername": self.username,
            "contactStatus": ContactStatus::Accepted.as_str(),
        })
    }
}

/// A message as the hub delivers it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    pub sender_id: String,
    pub recipient_id: String,
    pub message_type: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub send_time: Option<String>,
    /// Absent or null until read.
    #[serde(default)]
    pub read_time: Option<String>,
}

/// A `Text` message someone sent to the bot: the sender is Resonite's `senderId`, never a
/// name from the content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextMessage {
    pub id: String,
    pub sender_id: String,
    pub content: String,
    pub send_time: Option<String>,
}

impl Message {
    /// The text message to `bot_id` from someone else; `None` for other types, the bot's
    /// own echoes, or messages to others.
    pub fn text_to(self, bot_id: &str) -> Option<TextMessage> {
        (self.message_type.eq_ignore_ascii_case("Text")
            && self.recipient_id == bot_id
            && self.sender_id != bot_id)
            .then_some(TextMessage {
                id: self.id,
                sender_id: self.sender_id,
                content: self.content,
                send_time: self.send_time,
            })
    }
}

/// `MSG-` and a UUIDv4, as the official clients make message ids.
pub fn new_message_id() -> String {
    format!("MSG-{}", uuid_v4())
}

/// A random UUIDv4 (the secret machine id, message ids).
pub fn uuid_v4() -> String {
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

/// Now as ISO 8601 UTC with milliseconds and `Z` (the service parses any precision).
pub fn now_iso() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// The `SendMessage` argument for a text from `bot_id` to `recipient`.
pub fn text_message(bot_id: &str, recipient: &str, content: &str) -> (String, Value) {
    let id = new_message_id();
    let now = now_iso();
    let value = json!({
        "id": id,
        "ownerId": bot_id,
        "senderId": bot_id,
        "recipientId": recipient,
        "messageType": "Text",
        "content": content,
        "sendTime": now,
        "lastUpdateTime": now,
    });
    (id, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_in_any_case_and_come_out_in_pascal_case() {
        assert_eq!(ContactStatus::parse("requested"), ContactStatus::Requested);
        assert_eq!(ContactStatus::parse("ACCEPTED"), ContactStatus::Accepted);
        assert_eq!(
            ContactStatus::parse("Friendly"),
            ContactStatus::Other("Friendly".into())
        );
        assert_eq!(ContactStatus::Accepted.as_str(), "Accepted");
    }

    #[test]
    fn contacts_and_messages_read_leniently() {
        let list = json!([
            {"id": "U-a", "contactUsername": "A", "contactStatus": "requested", "extra": 1},
            {"contactUsername": "no id"},
            {"id": "U-b"}
        ]);
        let contacts = Contact::list_from_value(&list);
        assert_eq!(contacts.len(), 2);
        assert_eq!(contacts[0].status, ContactStatus::Requested);
        assert_eq!(contacts[1].status, ContactStatus::None);
        let accept = contacts[0].accept_argument("U-bot");
        assert_eq!(accept["contactStatus"], "Accepted");
        assert_eq!(accept["ownerId"], "U-bot");

        let msg: Message = serde_json::from_value(json!({
            "id": "MSG-1", "senderId": "U-a", "recipientId": "U-bot", "messageType": "text",
            "content": "K7Q2-M9XD", "readTime": null, "isMigrated": false
        }))
        .expect("a message");
        let text = msg.clone().text_to("U-bot").expect("a text to the bot");
        assert_eq!(text.sender_id, "U-a");
        assert!(msg.clone().text_to("U-other").is_none());
        let mut sound = msg;
        sound.message_type = "Sound".into();
        assert!(sound.text_to("U-bot").is_none());
    }

    #[test]
    fn message_ids_are_msg_and_a_uuid_v4() {
        let id = new_message_id();
        assert!(id.starts_with("MSG-"));
        let uuid = &id[4..];
        assert_eq!(uuid.len(), 36);
        assert_eq!(uuid.as_bytes()[14], b'4');
        assert_ne!(id, new_message_id());
    }
}
