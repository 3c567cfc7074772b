//! The fake's gateway: Discord gateway v10 over WebSocket, JSON text frames.
//!
//! `GET /api/v10/gateway[/bot]` points the bot at `ws://<host>/gateway`; serenity
//! connects there with `?v=10` (no `encoding`, no `compress` transport parameter:
//! plain JSON text frames, which serenity reads as they are). Its Identify says
//! `"compress": true`, which only allows Discord to zlib-compress single large
//! payloads as binary frames; the fake never does.
//!
//! One connection runs like Discord's: Hello (op 10) → Identify (op 2) → `READY`
//! and one `GUILD_CREATE` per guild the bot is in → dispatches (op 0) with
//! increasing sequence numbers. Heartbeats (op 1) are answered with op 11 at any
//! time, Resume (op 6) of a known session with `RESUMED` (missed events are not
//! replayed), of an unknown one with Invalid Session (op 9, `d: false`). Protocol
//! errors close the socket with Discord's close codes: 4001 unknown opcode, 4002
//! decode error, 4003 not authenticated, 4004 wrong token, 4005 already
//! authenticated, 4007 invalid seq, 4010 invalid shard, 4013 invalid intents,
//! 4014 disallowed (privileged, not enabled) intents.
//!
//! Dispatches honour the session's intents as Discord does: `GUILD_CREATE` and
//! the other guild events need `GUILDS`, member events `GUILD_MEMBERS` (without
//! it, `GUILD_CREATE` carries only the bot's own member).

#[cfg(test)]
mod tests;

use std::time::Duration;

use axum::extract::State as AxumState;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::header::HOST;
use axum::http::{HeaderMap, Uri};
use axum::middleware::Next;
use axum::response::Response;
use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::sync::{mpsc, watch};

use super::handle::FakeDiscord;
use super::payload;
use super::sessions::{
    INTENT_GUILD_MEMBERS, INTENT_GUILD_PRESENCES, INTENT_GUILDS, INTENT_MESSAGE_CONTENT, Outgoing,
    PRIVILEGED_INTENTS, SessionRecord, close,
};

/// The intent a dispatch needs to reach a session (`None`: always sent).
fn required_intent(event: &str) -> Option<u64> {
    match event {
        "GUILD_MEMBER_ADD" | "GUILD_MEMBER_UPDATE" | "GUILD_MEMBER_REMOVE" => {
            Some(INTENT_GUILD_MEMBERS)
        }
        "GUILD_CREATE"
        | "GUILD_UPDATE"
        | "GUILD_DELETE"
        | "GUILD_ROLE_CREATE"
        | "GUILD_ROLE_UPDATE"
        | "GUILD_ROLE_DELETE"
        | "CHANNEL_CREATE"
        | "CHANNEL_UPDATE"
        | "CHANNEL_DELETE"
        | "CHANNEL_PINS_UPDATE"
        | "THREAD_CREATE"
        | "THREAD_UPDATE"
        | "THREAD_DELETE"
        | "THREAD_LIST_SYNC"
        | "THREAD_MEMBER_UPDATE"
        | "STAGE_INSTANCE_CREATE"
        | "STAGE_INSTANCE_UPDATE"
        | "STAGE_INSTANCE_DELETE" => Some(INTENT_GUILDS),
        _ => None,
    }
}

/// An op 0 frame.
pub(super) fn dispatch_frame(event: &str, seq: u64, data: Value) -> Value {
    json!({ "op": 0, "t": event, "s": seq, "d": data })
}

/// A non-dispatch frame (Discord sends `t` and `s` as `null`).
pub(super) fn op_frame(op: u8, data: Value) -> Value {
    json!({ "op": op, "t": null, "s": null, "d": data })
}

pub(super) fn hello_frame(heartbeat_interval: u64) -> Value {
    op_frame(
        10,
        json!({ "heartbeat_interval": heartbeat_interval, "_trace": ["[\"fake-gateway\",{}]"] }),
    )
}

/// The application flags Discord reports for the enabled privileged intents
/// (`GATEWAY_PRESENCE`, `GATEWAY_GUILD_MEMBERS`, `GATEWAY_MESSAGE_CONTENT`), or
/// for an app in under 100 servers their `_LIMITED` twins (one bit higher).
fn application_flags(privileged_enabled: u64, limited: bool) -> u64 {
    let shift = u32::from(limited);
    let mut flags = 0;
    if privileged_enabled & INTENT_GUILD_PRESENCES != 0 {
        flags |= 1 << (12 + shift);
    }
    if privileged_enabled & INTENT_GUILD_MEMBERS != 0 {
        flags |= 1 << (14 + shift);
    }
    if privileged_enabled & INTENT_MESSAGE_CONTENT != 0 {
        flags |= 1 << (18 + shift);
    }
    flags
}

/// The `token` of an Identify or Resume, with or without serenity's `Bot ` prefix.
fn token_matches(data: &Value, token: &str) -> bool {
    data.get("token")
        .and_then(Value::as_str)
        .map(|t| t.strip_prefix("Bot ").unwrap_or(t))
        == Some(token)
}

impl FakeDiscord {
    /// The guild as a gateway `GUILD_CREATE` event's `d` would carry it
    /// (serenity's `Guild`: the REST guild plus members, channels, `joined_at`, ...),
    /// for a fake gateway to send. `None` for an unknown guild.
    pub fn guild_create_payload(&self, guild_id: u64) -> Option<Value> {
        let state = self.lock();
        let guild = state.guilds.get(&guild_id)?;
        let roles = guild.roles.values().map(payload::role).collect();
        let mut value = payload::guild(guild_id, &guild.name, guild.owner_id, roles, None);
        value["preferred_locale"] = json!(guild.locale);
        let large = state
            .large_threshold
            .is_some_and(|threshold| guild.members.len() > threshold);
        let bot = state.app.bot_user_id;
        let members: Vec<Value> = guild
            .members
            .iter()
            .filter(|(id, _)| !large || **id == bot)
            .map(|(id, m)| m.payload(*id))
            .collect();
        let channels: Vec<Value> = guild
            .channels
            .iter()
            .enumerate()
            .map(|(pos, (id, name))| payload::guild_channel(guild_id, *id, name, pos))
            .collect();
        let joined_at = guild
            .members
            .get(&state.app.bot_user_id)
            .map_or_else(super::state::now, |m| m.joined_at.clone());
        let extra = json!({
            "joined_at": joined_at,
            "large": large,
            "unavailable": false,
            "member_count": guild.members.len(),
            "voice_states": [],
            "members": members,
            "channels": channels,
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        });
        if let (Some(map), Value::Object(extra)) = (value.as_object_mut(), extra) {
            map.extend(extra);
        }
        Some(value)
    }

    /// The guild ids the bot is a member of, in order.
    fn bot_guilds(&self) -> Vec<u64> {
        let state = self.lock();
        let bot = state.app.bot_user_id;
        state
            .guilds
            .iter()
            .filter(|(_, g)| g.members.contains_key(&bot))
            .map(|(id, _)| *id)
            .collect()
    }

    /// The `READY` event's `d` for a new session.
    pub(super) fn ready_payload(
        &self,
        session_id: &str,
        shard: Option<&Value>,
        host: &str,
    ) -> Value {
        let guilds: Vec<Value> = self
            .bot_guilds()
            .into_iter()
            .map(|id| json!({ "id": id.to_string(), "unavailable": true }))
            .collect();
        let flags = self.application_flags();
        let state = self.lock();
        let resume_url = state
            .gateway_url
            .clone()
            .unwrap_or_else(|| format!("ws://{host}/gateway"));
        let mut ready = json!({
            "v": 10,
            "user_settings": {},
            "user": payload::current_user(state.app.bot_user_id, &state.app.bot_name),
            "session_type": "normal",
            "session_id": session_id,
            "resume_gateway_url": resume_url,
            "relationships": [],
            "private_channels": [],
            "presences": [],
            "guilds": guilds,
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["rotterdam", "frankfurt"],
            "auth": {},
            "application": {
                "id": state.app.application_id.to_string(),
                "flags": flags,
            },
            "_trace": ["[\"fake-gateway\",{}]"],
        });
        if let (Some(shard), Some(map)) = (shard, ready.as_object_mut()) {
            map.insert("shard".into(), shard.clone());
        }
        ready
    }

    /// A member as `GUILD_MEMBER_ADD` (and the other member events) carry it.
    pub(super) fn member_payload(&self, guild_id: u64, user_id: u64) -> Option<Value> {
        let state = self.lock();
        let member = state.guilds.get(&guild_id)?.members.get(&user_id)?;
        let mut value = member.payload(user_id);
        if let Some(map) = value.as_object_mut() {
            map.insert("guild_id".into(), json!(guild_id.to_string()));
        }
        Some(value)
    }

    /// Sets the `heartbeat_interval` (ms) sent in Hello to new connections
    /// (default 41250). Short intervals make heartbeats testable.
    pub fn set_heartbeat_interval(&self, millis: u64) {
        self.gateway.lock().heartbeat_interval = millis;
    }

    /// The privileged intents (`GUILD_PRESENCES`, `GUILD_MEMBERS`,
    /// `MESSAGE_CONTENT` bits) enabled for the application in the developer
    /// portal; default all. Identifying with another privileged intent is
    /// closed with 4014.
    pub fn set_privileged_intents(&self, enabled: u64) {
        self.gateway.lock().privileged_enabled = enabled & PRIVILEGED_INTENTS;
    }

    /// Reports the enabled privileged intents as Discord does for an app in
    /// fewer than 100 servers: `GATEWAY_GUILD_MEMBERS_LIMITED` (`1 << 15`) and
    /// the other `_LIMITED` flags instead of `GATEWAY_GUILD_MEMBERS` (`1 << 14`)
    /// and the others, in `READY` and `GET /oauth2/applications/@me`. The
    /// intents work the same either way.
    pub fn set_privileged_intents_limited(&self, limited: bool) {
        self.gateway.lock().intents_limited = limited;
    }

    /// The application's `flags`, as `READY` and `GET /oauth2/applications/@me` report them.
    pub(super) fn application_flags(&self) -> u64 {
        let inner = self.gateway.lock();
        application_flags(inner.privileged_enabled, inner.intents_limited)
    }

    /// Waits until at least one session is live and has been sent its `READY`
    /// and `GUILD_CREATE`s (or its `RESUMED`). After [`Self::disconnect_all`]
    /// this waits for the bot to come back.
    pub async fn wait_for_ready(&self, timeout: Duration) -> bool {
        let mut ready = self.gateway.ready.subscribe();
        matches!(
            tokio::time::timeout(timeout, ready.wait_for(|n| *n > 0)).await,
            Ok(Ok(_))
        )
    }

    /// Live sessions that are past `READY`/`RESUMED`.
    pub fn sessions(&self) -> usize {
        *self.gateway.ready.borrow()
    }

    /// The `d` of every Identify received (token included), in order.
    pub fn identifies(&self) -> Vec<Value> {
        self.gateway.lock().identifies.clone()
    }

    /// The request URI (path and query, e.g. `/gateway?v=10`) of every WebSocket connection.
    pub fn gateway_connections(&self) -> Vec<String> {
        self.gateway.lock().connects.clone()
    }

    /// Heartbeats answered so far, over all connections.
    pub fn heartbeats(&self) -> u64 {
        *self.gateway.heartbeats.borrow()
    }

    /// Waits until `count` heartbeats in total have been answered with op 11.
    pub async fn wait_for_heartbeats(&self, count: u64, timeout: Duration) -> bool {
        let mut heartbeats = self.gateway.heartbeats.subscribe();
        matches!(
            tokio::time::timeout(timeout, heartbeats.wait_for(|n| *n >= count)).await,
            Ok(Ok(_))
        )
    }

    /// Sends a dispatch (op 0, `t: event`) to every identified session whose
    /// intents allow it. Sessions still being sent their `READY` get it after.
    pub fn dispatch(&self, event: &str, data: Value) {
        self.gateway
            .send_to_sessions(|| Outgoing::Dispatch(event.to_owned(), data.clone()));
    }

    /// The gateway lags behind REST, as Discord's can: from now on the
    /// `GUILD_MEMBER_UPDATE` of a member changed over REST is held back (the
    /// REST answer is not) until [`Self::release_member_updates`].
    pub fn hold_member_updates(&self) {
        let mut inner = self.gateway.lock();
        inner.held_member_updates.get_or_insert_with(Vec::new);
    }

    /// Sends the held `GUILD_MEMBER_UPDATE`s, in order, and stops holding them.
    pub fn release_member_updates(&self) {
        let held = self.gateway.lock().held_member_updates.take();
        for member in held.unwrap_or_default() {
            self.dispatch("GUILD_MEMBER_UPDATE", member);
        }
    }

    /// A member changed over REST: their `GUILD_MEMBER_UPDATE` (or held, see
    /// [`Self::hold_member_updates`]).
    pub(super) fn member_changed_over_rest(&self, member: Value) {
        let mut inner = self.gateway.lock();
        match inner.held_member_updates.as_mut() {
            Some(held) => held.push(member),
            None => {
                drop(inner);
                self.dispatch("GUILD_MEMBER_UPDATE", member);
            }
        }
    }

    /// Dispatches `INTERACTION_CREATE` with this interaction object.
    pub fn send_interaction(&self, interaction: Value) {
        self.dispatch("INTERACTION_CREATE", interaction);
    }

    /// Closes every gateway connection with 4000 (Unknown error), which a
    /// client answers by resuming. Sessions stay resumable.
    pub fn disconnect_all(&self) {
        let mut inner = self.gateway.lock();
        for (_, connection) in inner.connections.drain() {
            let _ = connection
                .tx
                .send(Outgoing::Close(close::UNKNOWN_ERROR, "Unknown error"));
        }
        self.gateway.publish(&inner);
    }

    /// Drops every gateway connection without a close frame, as when Discord
    /// goes away; sessions stay resumable.
    pub(super) fn drop_gateway_connections(&self) {
        let mut inner = self.gateway.lock();
        for (_, connection) in inner.connections.drain() {
            let _ = connection.tx.send(Outgoing::Drop);
        }
        self.gateway.publish(&inner);
    }

    /// Wakes whoever waits on REST activity (a request arrived or was answered).
    pub(super) fn note_rest_activity(&self) {
        self.gateway.rest_answers.send_modify(|n| *n += 1);
    }

    /// Changes whenever a REST request arrives or is answered.
    pub(super) fn rest_activity(&self) -> watch::Receiver<u64> {
        self.gateway.rest_answers.subscribe()
    }

    /// Sends op 7 Reconnect to every session (the client should resume on a new connection).
    pub fn request_reconnect(&self) {
        self.gateway
            .send_to_sessions(|| Outgoing::Op(op_frame(7, Value::Null)));
    }

    /// Waits for `POST /interactions/{id}/{token}/callback` with this token
    /// and returns its body (also if it arrived before the call).
    pub async fn wait_for_callback(&self, token: &str, timeout: Duration) -> Option<Value> {
        let mut answers = self.gateway.rest_answers.subscribe();
        let wait = async {
            loop {
                let found = self
                    .interaction_responses()
                    .into_iter()
                    .find_map(|(t, body)| (t == token).then_some(body));
                if found.is_some() {
                    return found;
                }
                if answers.changed().await.is_err() {
                    return None;
                }
            }
        };
        tokio::time::timeout(timeout, wait).await.ok().flatten()
    }
}

/// Middleware around the REST routes: counts answers so waiters can re-check state.
pub(super) async fn after_request(
    AxumState(fake): AxumState<FakeDiscord>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    fake.gateway.rest_answers.send_modify(|n| *n += 1);
    response
}

/// `GET /gateway` with a WebSocket upgrade.
pub(super) async fn upgrade(
    AxumState(fake): AxumState<FakeDiscord>,
    uri: Uri,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    fake.gateway.lock().connects.push(uri.to_string());
    ws.on_upgrade(move |socket| serve(fake, socket, host))
}

async fn serve(fake: FakeDiscord, socket: WebSocket, host: String) {
    let (tx, rx) = mpsc::unbounded_channel();
    let id = fake.gateway.register(tx);
    let (sink, stream) = socket.split();
    let mut session = Session {
        fake: fake.clone(),
        connection: id,
        sink,
        host,
        seq: 0,
        session_id: None,
        intents: 0,
    };
    session.run(stream, rx).await;
    fake.gateway.unregister(id);
}

enum Flow {
    Continue,
    Close(u16, &'static str),
    Stop,
}

/// One WebSocket connection.
struct Session {
    fake: FakeDiscord,
    connection: u64,
    sink: SplitSink<WebSocket, Message>,
    host: String,
    seq: u64,
    session_id: Option<String>,
    intents: u64,
}

impl Session {
    async fn run(
        &mut self,
        mut stream: SplitStream<WebSocket>,
        mut rx: mpsc::UnboundedReceiver<Outgoing>,
    ) {
        let interval = self.fake.gateway.lock().heartbeat_interval;
        if let Flow::Stop = self.send(hello_frame(interval)).await {
            return;
        }
        loop {
            let flow = tokio::select! {
                incoming = stream.next() => match incoming {
                    Some(Ok(Message::Text(text))) => self.on_frame(text.as_str()).await,
                    Some(Ok(Message::Binary(_))) => Flow::Close(close::DECODE_ERROR, "Decode error"),
                    Some(Ok(Message::Ping(_) | Message::Pong(_))) => Flow::Continue,
                    Some(Ok(Message::Close(frame))) => {
                        // A clean close (1000/1001) ends the session, as on Discord.
                        if frame.is_some_and(|f| matches!(f.code, 1000 | 1001))
                            && let Some(id) = &self.session_id
                        {
                            self.fake.gateway.lock().sessions.remove(id);
                        }
                        Flow::Stop
                    }
                    Some(Err(_)) | None => Flow::Stop,
                },
                outgoing = rx.recv() => match outgoing {
                    Some(Outgoing::Dispatch(event, data)) => self.dispatch(&event, data).await,
                    Some(Outgoing::Op(frame)) => self.send(frame).await,
                    Some(Outgoing::Close(code, reason)) => Flow::Close(code, reason),
                    Some(Outgoing::Drop) => Flow::Stop,
                    None => Flow::Stop,
                },
            };
            match flow {
                Flow::Continue => {}
                Flow::Close(code, reason) => {
                    let frame = CloseFrame {
                        code,
                        reason: reason.into(),
                    };
                    let _ = self.sink.send(Message::Close(Some(frame))).await;
                    break;
                }
                Flow::Stop => break,
            }
        }
    }

    async fn send(&mut self, frame: Value) -> Flow {
        match self
            .sink
            .send(Message::Text(frame.to_string().into()))
            .await
        {
            Ok(()) => Flow::Continue,
            Err(_) => Flow::Stop,
        }
    }

    async fn dispatch(&mut self, event: &str, data: Value) -> Flow {
        if required_intent(event).is_some_and(|intent| self.intents & intent == 0) {
            return Flow::Continue;
        }
        self.seq += 1;
        if let Some(id) = &self.session_id
            && let Some(record) = self.fake.gateway.lock().sessions.get_mut(id)
        {
            record.seq = self.seq;
        }
        self.send(dispatch_frame(event, self.seq, data)).await
    }

    async fn on_frame(&mut self, text: &str) -> Flow {
        let Ok(frame) = serde_json::from_str::<Value>(text) else {
            return Flow::Close(close::DECODE_ERROR, "Decode error");
        };
        let Some(op) = frame.get("op").and_then(Value::as_u64) else {
            return Flow::Close(close::DECODE_ERROR, "Decode error");
        };
        let data = frame.get("d").cloned().unwrap_or(Value::Null);
        match op {
            1 => {
                let flow = self.send(op_frame(11, Value::Null)).await;
                self.fake.gateway.heartbeats.send_modify(|n| *n += 1);
                flow
            }
            2 => self.identify(&data).await,
            6 => self.resume(&data).await,
            _ if self.session_id.is_none() => {
                Flow::Close(close::NOT_AUTHENTICATED, "Not authenticated.")
            }
            // Presence update, voice state update, request soundboard sounds.
            3 | 4 | 31 => Flow::Continue,
            8 => self.request_guild_members(&data).await,
            _ => Flow::Close(close::UNKNOWN_OPCODE, "Unknown opcode."),
        }
    }

    fn token_ok(&self, data: &Value) -> bool {
        let state = self.fake.lock();
        token_matches(data, &state.app.token)
    }

    async fn identify(&mut self, data: &Value) -> Flow {
        self.fake.gateway.lock().identifies.push(data.clone());
        if self.session_id.is_some() {
            return Flow::Close(close::ALREADY_AUTHENTICATED, "Already authenticated.");
        }
        if !self.token_ok(data) {
            return Flow::Close(close::AUTHENTICATION_FAILED, "Authentication failed.");
        }
        let Some(intents) = data.get("intents").and_then(Value::as_u64) else {
            return Flow::Close(close::INVALID_INTENTS, "Invalid intent(s).");
        };
        let enabled = self.fake.gateway.lock().privileged_enabled;
        if intents & PRIVILEGED_INTENTS & !enabled != 0 {
            return Flow::Close(close::DISALLOWED_INTENTS, "Disallowed intent(s).");
        }
        let shard = data.get("shard").filter(|s| !s.is_null());
        if let Some(shard) = shard {
            let valid = match shard.as_array().map(Vec::as_slice) {
                Some([id, total]) => {
                    matches!((id.as_u64(), total.as_u64()), (Some(id), Some(total)) if id < total)
                }
                _ => false,
            };
            if !valid {
                return Flow::Close(close::INVALID_SHARD, "Invalid shard.");
            }
        }

        let session_id = format!("{:032x}", rand::random::<u128>());
        let record = SessionRecord { seq: 0, intents };
        if !self
            .fake
            .gateway
            .attach(self.connection, &session_id, record)
        {
            return Flow::Stop;
        }
        self.session_id = Some(session_id.clone());
        self.intents = intents;
        self.seq = 0;

        let ready = self.fake.ready_payload(&session_id, shard, &self.host);
        if let Flow::Stop = self.dispatch("READY", ready).await {
            return Flow::Stop;
        }
        for guild_id in self.fake.bot_guilds() {
            let Some(mut guild) = self.fake.guild_create_payload(guild_id) else {
                continue;
            };
            if intents & INTENT_GUILD_MEMBERS == 0 {
                let bot = self.fake.lock().app.bot_user_id.to_string();
                if let Some(members) = guild.get_mut("members").and_then(Value::as_array_mut) {
                    members.retain(|m| m["user"]["id"] == bot.as_str());
                }
            }
            if let Flow::Stop = self.dispatch("GUILD_CREATE", guild).await {
                return Flow::Stop;
            }
        }
        self.fake.gateway.mark_ready(self.connection);
        Flow::Continue
    }

    async fn resume(&mut self, data: &Value) -> Flow {
        if self.session_id.is_some() {
            return Flow::Close(close::ALREADY_AUTHENTICATED, "Already authenticated.");
        }
        if !self.token_ok(data) {
            return Flow::Close(close::AUTHENTICATION_FAILED, "Authentication failed.");
        }
        let session_id = data
            .get("session_id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let seq = data.get("seq").and_then(Value::as_u64).unwrap_or(0);
        let record = self.fake.gateway.lock().sessions.get(&session_id).copied();
        let Some(record) = record else {
            return self.send(op_frame(9, Value::Bool(false))).await;
        };
        if seq > record.seq {
            return Flow::Close(close::INVALID_SEQ, "Invalid seq.");
        }
        if !self
            .fake
            .gateway
            .attach(self.connection, &session_id, record)
        {
            return Flow::Stop;
        }
        self.session_id = Some(session_id);
        self.intents = record.intents;
        self.seq = record.seq;
        if let Flow::Stop = self.dispatch("RESUMED", json!({ "_trace": [] })).await {
            return Flow::Stop;
        }
        self.fake.gateway.mark_ready(self.connection);
        Flow::Continue
    }

    /// Op 8: answers with `GUILD_MEMBERS_CHUNK`s of at most [`MEMBERS_PER_CHUNK`] members.
    async fn request_guild_members(&mut self, data: &Value) -> Flow {
        let Some(guild_id) = snowflake(data.get("guild_id")) else {
            return Flow::Close(close::DECODE_ERROR, "Decode error");
        };
        let user_ids: Option<Vec<u64>> = data.get("user_ids").and_then(|ids| match ids {
            Value::Array(ids) => Some(ids.iter().filter_map(|id| snowflake(Some(id))).collect()),
            id => snowflake(Some(id)).map(|id| vec![id]),
        });
        if user_ids.is_none() && self.intents & INTENT_GUILD_MEMBERS == 0 {
            return Flow::Close(close::DISALLOWED_INTENTS, "Disallowed intent(s).");
        }
        let chunk = self.fake.members_chunk(guild_id, data, user_ids.as_deref());
        for chunk in split_chunk(chunk) {
            if let Flow::Stop = self.dispatch("GUILD_MEMBERS_CHUNK", chunk).await {
                return Flow::Stop;
            }
        }
        Flow::Continue
    }
}

/// Discord sends at most this many members in one `GUILD_MEMBERS_CHUNK`.
pub(super) const MEMBERS_PER_CHUNK: usize = 1000;

/// Splits one chunk into several of at most [`MEMBERS_PER_CHUNK`] members, numbered
/// with `chunk_index`/`chunk_count` (`not_found` stays on the first).
fn split_chunk(mut chunk: Value) -> Vec<Value> {
    let members = match chunk.get_mut("members").map(Value::take) {
        Some(Value::Array(members)) if members.len() > MEMBERS_PER_CHUNK => members,
        Some(members) => {
            chunk["members"] = members;
            return vec![chunk];
        }
        None => return vec![chunk],
    };
    let count = members.len().div_ceil(MEMBERS_PER_CHUNK);
    members
        .chunks(MEMBERS_PER_CHUNK)
        .enumerate()
        .map(|(index, part)| {
            let mut piece = chunk.clone();
            piece["members"] = Value::Array(part.to_vec());
            piece["chunk_index"] = json!(index);
            piece["chunk_count"] = json!(count);
            if index > 0 {
                piece["not_found"] = json!([]);
            }
            piece
        })
        .collect()
}

/// A snowflake given as a string or a number.
pub(super) fn snowflake(value: Option<&Value>) -> Option<u64> {
    match value? {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.as_u64(),
        _ => None,
    }
}

impl FakeDiscord {
    /// `GUILD_MEMBERS_CHUNK` for a Request Guild Members (`query` prefix match
    /// on the username, `limit` 0 = all, or `user_ids`).
    fn members_chunk(&self, guild_id: u64, request: &Value, user_ids: Option<&[u64]>) -> Value {
        let query = request
            .get("query")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_lowercase();
        let limit = request
            .get("limit")
            .and_then(Value::as_u64)
            .filter(|l| *l > 0)
            .map_or(usize::MAX, |l| l as usize);
        let state = self.lock();
        let guild = state.guilds.get(&guild_id);
        let members = guild.into_iter().flat_map(|g| g.members.iter());
        let members: Vec<Value> = members
            .filter(|(id, m)| match user_ids {
                Some(ids) => ids.contains(id),
                None => m.username.to_lowercase().starts_with(&query),
            })
            .take(limit)
            .map(|(id, m)| m.payload(*id))
            .collect();
        let not_found: Vec<String> = user_ids
            .unwrap_or_default()
            .iter()
            .filter(|id| !guild.is_some_and(|g| g.members.contains_key(id)))
            .map(u64::to_string)
            .collect();
        let mut chunk = json!({
            "guild_id": guild_id.to_string(),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": not_found,
        });
        if let (Some(nonce), Some(map)) = (request.get("nonce"), chunk.as_object_mut()) {
            map.insert("nonce".into(), nonce.clone());
        }
        chunk
    }
}
