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
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    let id = {
        let mut state = inner.state();
        state.next_connection += 1;
        let id = state.next_connection;
        state.connections.insert(
            id,
            Connection {
                user_id: user_id.clone(),
                tx,
                handshaken: false,
            },
        );
        id
    };
    let mut drop_all = inner.drop_all.subscribe();
    drop_all.mark_unchanged();
    let settings = inner.settings();
    let mut ping = tokio::time::interval(settings.ping_interval);
    ping.reset();
    let mut watchdog = tokio::time::interval(Duration::from_millis(100));
    let mut last_heard = Instant::now();
    let mut handshaken = false;
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
                if !data.ends_with(RS) {
                    break End::Protocol("a frame must end with the record separator 0x1E".into());
                }
                let mut outcome = None;
                for record in data.split(RS).filter(|r| !r.is_empty()) {
                    if !handshaken {
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
                            outcome = Some(End::Protocol("no handshake first".into()));
                            break;
                        }
                        handshaken = true;
                        if let Some(c) = inner.state().connections.get_mut(&id) {
                            c.handshaken = true;
                        }
                        if socket.send(Message::text(format!("{{}}{RS}"))).await.is_err() {
                            outcome = Some(End::Closed);
                            break;
                        }
                        continue;
                    }
                    match handle_record(&inner, &user_id, &token, record) {
                        Ok(Some(reply)) => {
                            if socket.send(Message::text(format!("{reply}{RS}"))).await.is_err() {
                                outcome = Some(End::Closed);
                                break;
                            }
                        }
                        Ok(None) => {}
                        Err(e) => {
                            outcome = Some(e);
                            break;
                        }
                    }
                }
                if let Some(end) = outcome {
                    break end;
                }
            }
            Some(record) = rx.recv() => {
                if socket.send(Message::text(format!("{record}{RS}"))).await.is_err() {
                    break End::Closed;
                }
            }
            _ = ping.tick(), if handshaken => {
                if socket.send(Message::text(format!("{}{RS}", json!({"type": 6})))).await.is_err() {
                    break End::Closed;
                }
            }
            _ = watchdog.tick() => {
                if inner.session_user(&token).is_none() {
                    let close = json!({"type": 7, "error": "Unauthorized", "allowReconnect": true});
                    let _ = socket.send(Message::text(format!("{close}{RS}"))).await;
                    break End::Closed;
                }
                if last_heard.elapsed() > inner.settings().client_timeout {
                    let close = json!({"type": 7, "error": "Server timeout elapsed without receiving a message from the client.", "allowReconnect": true});
                    let _ = socket.send(Message::text(format!("{close}{RS}"))).await;
                    break End::Closed;
                }
            }
            _ = drop_all.changed() => break End::Closed,
        }
    };
    {
        let mut state = inner.state();
        state.connections.remove(&id);
        if let End::Protocol(why) = end {
            tracing::info!(%why, "fake Resonite hub: protocol error");
            state.stats.protocol_errors.push(why);
        }
    }
    let _ = socket.send(Message::Close(None)).await;
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
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    match target {
        "SendMessage" => {
            let sender = str_of(&arg, "senderId").ok_or("senderId is required")?;
            let recipient = str_of(&arg, "recipientId").ok_or("recipientId is required")?;
            if sender != user_id {
                return Err("senderId is not the caller".into());
            }
            let send_time = str_of(&arg, "sendTime")
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
        "MarkMessagesRead" => {
            let sender = str_of(&arg, "senderId").ok_or("senderId is required")?;
            let ids: Vec<String> = arg
                .get("ids")
                .and_then(Value::as_array)
                .ok_or("ids is required")?
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let read_time = str_of(&arg, "readTime").unwrap_or_else(super::cloud::now_iso);
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
        "UpdateContact" => {
            let owner = str_of(&arg, "ownerId").ok_or("ownerId is required")?;
            let other = str_of(&arg, "id").ok_or("id is required")?;
            let status = str_of(&arg, "contactStatus").ok_or("contactStatus is required")?;
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
        "InitializeStatus" => {
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
            Ok(json!({"contacts": contacts}))
        }
        "BroadcastStatus" | "RequestStatus" | "ListenOnContact" | "ListenOnKey" => Ok(Value::Null),
        other => Err(format!("Method does not exist: {other}")),
    }
}
