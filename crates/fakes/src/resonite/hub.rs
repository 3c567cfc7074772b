//! The fake SignalR hub at `/hub`, strict about the JSON hub protocol:
//! - the upgrade needs `Authorization: res userId:token` of a live session (401 otherwise);
//! - the client's first record must be the handshake `{"protocol":"json","version":1}`
//!   (answered `{}`); anything else first is answered `{"error":…}` and the connection closed;
//! - every frame (text or binary) must end with the record separator 0x1E and may hold
//!   several records; a frame that does not is a protocol error;
//! - the hub pings (`{"type":6}`) every `ping_interval` and drops a client silent for
//!   `client_timeout`; it answers every invocation that has an `invocationId` with a
//!   Completion (`result` or `error`) and never one without;
//! - `SendMessage` only between mutual accepted contacts (else a Completion error, counted in
//!   `refused_sends`); `MarkMessagesRead`, `UpdateContact`, `InitializeStatus`,
//!   `BroadcastStatus` as `shared/resonite/bot-account.md` describes;
//! - a voided session closes its connections (a Close record, then the socket).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::cloud::{CloudInner, Connection, ReadMark, message_id, mutual};

const RS: char = '\u{1e}';

pub(super) async fn upgrade(
    State(inner): State<Arc<CloudInner>>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let Some((user_id, token)) = inner.authorize(&headers) else {
        inner.state().stats.hub_refused += 1;
        return (StatusCode::UNAUTHORIZED, "Unauthorized").into_response();
    };
    inner.state().stats.hub_upgrades += 1;
    ws.on_upgrade(move |socket| serve(inner, user_id, token, socket))
}

/// Why a connection ends.
enum End {
    Closed,
    Protocol(String),
}

async fn serve(inner: Arc<CloudInner>, user_id: String, token: String, mut socket: WebSocket) {
    let (id, mut rx) = register(&inner, &user_id);
    let mut drop_all = inner.drop_all.subscribe();
    drop_all.mark_unchanged();
    let settings = inner.settings();
    let mut ping = tokio::time::interval(settings.ping_interval);
    ping.reset();
    let mut watchdog = tokio::time::interval(Duration::from_millis(100));
    let mut last_heard = Instant::now();
    let mut client = Client {
        inner: &inner,
        id,
        user_id: &user_id,
        token: &token,
        handshaken: false,
    };
    let end = loop {
        tokio::select! {
            frame = socket.recv() => {
                let data = match frame {
                    Some(Ok(Message::Text(t))) => t.as_str().to_owned(),
                    Some(Ok(Message::Binary(b))) => match String::from_utf8(b.to_vec()) {
                        Ok(s) => s,
                        Err(_) => break End::Protocol("binary frame is not UTF-8".into()),
                    },
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break End::Closed,
                };
                last_heard = Instant::now();
                if let Some(end) = client.frame(&mut socket, &data).await {
                    break end;
                }
            }
            Some(record) = rx.recv() => {
                if socket.send(Message::text(format!("{record}{RS}"))).await.is_err() {
                    break End::Closed;
                }
            }
            _ = ping.tick(), if client.handshaken => {
                if socket.send(Message::text(format!("{}{RS}", json!({"type": 6})))).await.is_err() {
                    break End::Closed;
                }
            }
            _ = watchdog.tick() => {
                if let Some(close) = client.watchdog(last_heard) {
                    let _ = socket.send(Message::text(format!("{close}{RS}"))).await;
                    break End::Closed;
                }
            }
            _ = drop_all.changed() => break End::Closed,
        }
    };
    unregister(&inner, id, end);
    let _ = socket.send(Message::Close(None)).await;
}

/// A new connection of `user_id`, not handshaken yet: its id, and where records pushed to
/// it arrive.
fn register(inner: &CloudInner, user_id: &str) -> (u64, mpsc::UnboundedReceiver<String>) {
    let (tx, rx) = mpsc::unbounded_channel::<String>();
    let mut state = inner.state();
    state.next_connection += 1;
    let id = state.next_connection;
    state.connections.insert(
        id,
        Connection {
            user_id: user_id.to_owned(),
            tx,
            handshaken: false,
        },
    );
    (id, rx)
}

/// Forgets connection `id`, counting a protocol error if that is why it ended.
fn unregister(inner: &CloudInner, id: u64, end: End) {
    let mut state = inner.state();
    state.connections.remove(&id);
    if let End::Protocol(why) = end {
        tracing::info!(%why, "fake Resonite hub: protocol error");
        state.stats.protocol_errors.push(why);
    }
}

/// One connected client, as the hub sees it.
struct Client<'a> {
    inner: &'a CloudInner,
    id: u64,
    user_id: &'a str,
    token: &'a str,
    handshaken: bool,
}

impl Client<'_> {
    /// One frame from the client: its records, the handshake first. `Some` ends the
    /// connection.
    async fn frame(&mut self, socket: &mut WebSocket, data: &str) -> Option<End> {
        if !data.ends_with(RS) {
            return Some(End::Protocol(
                "a frame must end with the record separator 0x1E".into(),
            ));
        }
        for record in data.split(RS).filter(|r| !r.is_empty()) {
            if !self.handshaken {
                if let Some(end) = self.handshake(socket, record).await {
                    return Some(end);
                }
                continue;
            }
            match handle_record(self.inner, self.user_id, self.token, record) {
                Ok(Some(reply)) => {
                    if socket
                        .send(Message::text(format!("{reply}{RS}")))
                        .await
                        .is_err()
                    {
                        return Some(End::Closed);
                    }
                }
                Ok(None) => {}
                Err(e) => return Some(e),
            }
        }
        None
    }

    /// The client's first record, which must be the handshake (answered `{}`).
    async fn handshake(&mut self, socket: &mut WebSocket, record: &str) -> Option<End> {
        let ok = serde_json::from_str::<Value>(record)
            .ok()
            .is_some_and(|v| v == json!({"protocol": "json", "version": 1}));
        if !ok {
            let _ = socket
                .send(Message::text(format!(
                    "{}{RS}",
                    json!({"error": "the handshake must come first"})
                )))
                .await;
            return Some(End::Protocol("no handshake first".into()));
        }
        self.handshaken = true;
        if let Some(c) = self.inner.state().connections.get_mut(&self.id) {
            c.handshaken = true;
        }
        if socket
            .send(Message::text(format!("{{}}{RS}")))
            .await
            .is_err()
        {
            return Some(End::Closed);
        }
        None
    }

    /// The Close record to send when the session was voided or the client fell silent.
    fn watchdog(&self, last_heard: Instant) -> Option<Value> {
        if self.inner.session_user(self.token).is_none() {
            return Some(json!({"type": 7, "error": "Unauthorized", "allowReconnect": true}));
        }
        if last_heard.elapsed() > self.inner.settings().client_timeout {
            return Some(
                json!({"type": 7, "error": "Server timeout elapsed without receiving a message from the client.", "allowReconnect": true}),
            );
        }
        None
    }
}

/// One record after the handshake; `Ok(Some(reply))` to send back.
fn handle_record(
    inner: &CloudInner,
    user_id: &str,
    token: &str,
    record: &str,
) -> Result<Option<Value>, End> {
    let value: Value = serde_json::from_str(record)
        .map_err(|_| End::Protocol(format!("a record is not JSON: {record}")))?;
    match value.get("type").and_then(Value::as_u64) {
        Some(1) => {}
        Some(6) => {
            inner.state().stats.pings_received += 1;
            return Ok(None);
        }
        Some(3) => return Ok(None),
        Some(7) => return Err(End::Closed),
        _ => return Err(End::Protocol(format!("unknown record type: {record}"))),
    }
    if inner.session_user(token).is_none() {
        return Err(End::Closed);
    }
    let target = value.get("target").and_then(Value::as_str).unwrap_or("");
    let args = value
        .get("arguments")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let result = invoke(inner, user_id, target, &args);
    let Some(invocation_id) = value.get("invocationId").and_then(Value::as_str) else {
        return Ok(None);
    };
    Ok(Some(match result {
        Ok(result) => json!({"type": 3, "invocationId": invocation_id, "result": result}),
        Err(error) => json!({"type": 3, "invocationId": invocation_id, "error": error}),
    }))
}

fn invoke(
    inner: &CloudInner,
    user_id: &str,
    target: &str,
    args: &[Value],
) -> Result<Value, String> {
    let arg = args.first().cloned().unwrap_or(Value::Null);
    match target {
        "SendMessage" => send_message(inner, user_id, &arg),
        "MarkMessagesRead" => mark_messages_read(inner, user_id, &arg),
        "UpdateContact" => update_contact(inner, user_id, &arg),
        "InitializeStatus" => Ok(initialize_status(inner, user_id)),
        "BroadcastStatus" | "RequestStatus" | "ListenOnContact" | "ListenOnKey" => Ok(Value::Null),
        other => Err(format!("Method does not exist: {other}")),
    }
}

fn str_of(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_owned)
}

/// `SendMessage`: only between mutual accepted contacts, sent now (within a minute).
fn send_message(inner: &CloudInner, user_id: &str, arg: &Value) -> Result<Value, String> {
    let sender = str_of(arg, "senderId").ok_or("senderId is required")?;
    let recipient = str_of(arg, "recipientId").ok_or("recipientId is required")?;
    if sender != user_id {
        return Err("senderId is not the caller".into());
    }
    let send_time = str_of(arg, "sendTime")
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
        .ok_or("sendTime is required (ISO 8601)")?;
    let skew = (chrono::Utc::now() - send_time.with_timezone(&chrono::Utc)).num_seconds();
    if skew.abs() > 60 {
        return Err("sendTime is too far from now".into());
    }
    let mut state = inner.state();
    if !mutual(&state, &sender, &recipient) {
        state.stats.refused_sends.push((sender, recipient));
        return Err("recipient is not a contact".into());
    }
    let mut message = arg.clone();
    if let Some(obj) = message.as_object_mut() {
        if !obj.get("id").is_some_and(Value::is_string) {
            obj.insert("id".into(), Value::String(message_id()));
        }
        obj.insert("ownerId".into(), Value::String(recipient.clone()));
        obj.insert("readTime".into(), Value::Null);
    }
    state.messages.push(message.clone());
    let receive = json!({"type": 1, "target": "ReceiveMessage", "arguments": [message]});
    inner.push(&state, &recipient, &receive);
    let sent = json!({"type": 1, "target": "MessageSent", "arguments": [message]});
    inner.push(&state, &sender, &sent);
    Ok(message)
}

/// `MarkMessagesRead`: the caller's messages from `senderId` among `ids`; the sender is
/// told.
fn mark_messages_read(inner: &CloudInner, user_id: &str, arg: &Value) -> Result<Value, String> {
    let sender = str_of(arg, "senderId").ok_or("senderId is required")?;
    let ids: Vec<String> = arg
        .get("ids")
        .and_then(Value::as_array)
        .ok_or("ids is required")?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let read_time = str_of(arg, "readTime").unwrap_or_else(super::cloud::now_iso);
    let mut state = inner.state();
    for m in state.messages.iter_mut() {
        let matches = str_of(m, "id").is_some_and(|id| ids.contains(&id))
            && str_of(m, "recipientId").as_deref() == Some(user_id)
            && str_of(m, "senderId").as_deref() == Some(sender.as_str());
        if matches && let Some(obj) = m.as_object_mut() {
            obj.insert("readTime".into(), Value::String(read_time.clone()));
        }
    }
    state.stats.read_marks.push(ReadMark {
        by: user_id.to_owned(),
        sender_id: sender.clone(),
        ids: ids.clone(),
    });
    let read = json!({"type": 1, "target": "MessagesRead", "arguments": [{"recipientId": user_id, "ids": ids, "readTime": read_time}]});
    inner.push(&state, &sender, &read);
    Ok(Value::Null)
}

/// `UpdateContact`: the caller's own contact entry, to a status Resonite knows.
fn update_contact(inner: &CloudInner, user_id: &str, arg: &Value) -> Result<Value, String> {
    let owner = str_of(arg, "ownerId").ok_or("ownerId is required")?;
    let other = str_of(arg, "id").ok_or("id is required")?;
    let status = str_of(arg, "contactStatus").ok_or("contactStatus is required")?;
    if owner != user_id {
        return Err("ownerId is not the caller".into());
    }
    let status = [
        "None",
        "SearchResult",
        "Requested",
        "Ignored",
        "Blocked",
        "Accepted",
    ]
    .into_iter()
    .find(|s| s.eq_ignore_ascii_case(&status))
    .ok_or("unknown contactStatus")?;
    let mut state = inner.state();
    state
        .contacts
        .insert((owner.clone(), other.clone()), status.to_owned());
    state
        .stats
        .contact_updates
        .push((owner, other, status.to_owned()));
    Ok(Value::Bool(true))
}

/// `InitializeStatus`: the caller's contacts, sorted by id.
fn initialize_status(inner: &CloudInner, user_id: &str) -> Value {
    let state = inner.state();
    let mut others: Vec<&String> = state
        .contacts
        .keys()
        .filter(|(o, _)| o == user_id)
        .map(|(_, other)| other)
        .collect();
    others.sort();
    let contacts: Vec<Value> = others
        .into_iter()
        .map(|other| inner.contact_json(&state, user_id, other))
        .collect();
    json!({"contacts": contacts})
}
