//! The bot account's one task: session, hub connection, reconnects.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};

use super::model::{Contact, ContactStatus, Message, text_message};
use super::protocol::{self, Record};
use super::session::{CloudClient, Session};
use super::{BotError, BotEvent, BotTimings, Command};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(super) struct Runner {
    pub(super) cloud: CloudClient,
    pub(super) timings: BotTimings,
    pub(super) events: mpsc::Sender<BotEvent>,
    pub(super) connected: watch::Sender<bool>,
    pub(super) commands: mpsc::Receiver<Command>,
    pub(super) gate: watch::Receiver<bool>,
    pub(super) stop: watch::Receiver<bool>,
    /// Ids of the texts already reported, across connections.
    pub(super) seen: Seen,
}

/// The last [`Seen::CAPACITY`] message ids reported, so a message both caught up and
/// pushed live is reported once.
#[derive(Default)]
pub(super) struct Seen {
    ids: HashSet<String>,
    order: std::collections::VecDeque<String>,
}

impl Seen {
    const CAPACITY: usize = 4096;

    /// True the first time `id` is seen.
    fn insert(&mut self, id: &str) -> bool {
        if !self.ids.insert(id.to_owned()) {
            return false;
        }
        self.order.push_back(id.to_owned());
        if self.order.len() > Self::CAPACITY
            && let Some(old) = self.order.pop_front()
        {
            self.ids.remove(&old);
        }
        true
    }
}

/// How many unread messages are caught up at each connection.
const CATCH_UP: usize = 100;

/// Why one connection ended.
enum Ended {
    /// Stop asked, or the gate closed: do not reconnect now.
    Released,
    /// The token was refused: log in again.
    SessionRefused,
    Lost(String),
}

/// A call waiting for its Completion.
enum Pending {
    Reply(String, oneshot::Sender<Result<String, BotError>>),
    MarkRead(oneshot::Sender<Result<(), BotError>>),
    Accept(Contact),
}

impl Runner {
    pub(super) async fn run(mut self) {
        let mut session: Option<Session> = None;
        let mut backoff = self.timings.backoff;
        loop {
            if !self.wait_for_gate().await {
                break;
            }
            if session.is_none() {
                match self.cloud.login().await {
                    Ok(s) => session = Some(s),
                    Err(e) => {
                        tracing::warn!(error = %e, "Resonite bot account: login failed");
                        if !self.pause(backoff.next_delay()).await {
                            break;
                        }
                        continue;
                    }
                }
            }
            let Some(current) = session.as_mut() else {
                continue;
            };
            match self.connect(current).await {
                Ok(socket) => {
                    backoff.reset();
                    self.connected.send_replace(true);
                    let _ = self.events.send(BotEvent::Connected).await;
                    tracing::info!("Resonite hub connected");
                    let ended = self.serve(socket, current).await;
                    self.connected.send_replace(false);
                    let reason = match &ended {
                        Ended::Released => "released".to_owned(),
                        Ended::SessionRefused => "session refused".to_owned(),
                        Ended::Lost(why) => why.clone(),
                    };
                    tracing::info!(%reason, "Resonite hub disconnected");
                    let _ = self
                        .events
                        .send(BotEvent::Disconnected {
                            reason: reason.clone(),
                        })
                        .await;
                    match ended {
                        Ended::Released => {
                            if let Some(s) = session.take() {
                                let _ = self.cloud.logout(&s).await;
                            }
                            continue;
                        }
                        Ended::SessionRefused => session = None,
                        Ended::Lost(_) => {}
                    }
                }
                Err(BotError::SessionRefused) => {
                    tracing::info!("Resonite hub refused the session token: logging in again");
                    session = None;
                }
                Err(e) => tracing::warn!(error = %e, "Resonite hub: cannot connect"),
            }
            if !self.pause(backoff.next_delay()).await {
                break;
            }
        }
        if let Some(s) = session.take() {
            let _ = self.cloud.logout(&s).await;
        }
        self.connected.send_replace(false);
    }

    fn stopped(&self) -> bool {
        *self.stop.borrow()
    }

    /// Waits until the gate is open; false when stopping.
    async fn wait_for_gate(&mut self) -> bool {
        loop {
            if self.stopped() {
                return false;
            }
            if *self.gate.borrow_and_update() {
                return true;
            }
            tokio::select! {
                // A gate whose sender is gone can never open.
                changed = self.gate.changed() => if changed.is_err() { return false },
                _ = self.stop.changed() => {}
            }
        }
    }

    /// Sleeps `delay` unless stopping (false) first.
    async fn pause(&mut self, delay: Duration) -> bool {
        let slept = tokio::select! {
            _ = tokio::time::sleep(delay) => true,
            _ = self.stop.wait_for(|s| *s) => false,
        };
        slept && !self.stopped()
    }

    /// Opens the WebSocket with the session's Authorization and does the handshake.
    async fn connect(&self, session: &Session) -> Result<Socket, BotError> {
        let mut request = self
            .cloud
            .hub_url()
            .as_str()
            .into_client_request()
            .map_err(|e| BotError::Hub(e.to_string()))?;
        let auth = http::HeaderValue::from_str(session.authorization().expose())
            .map_err(|_| BotError::Malformed("the session token is not a header value".into()))?;
        request
            .headers_mut()
            .insert(http::header::AUTHORIZATION, auth);
        let connecting = tokio_tungstenite::connect_async(request);
        let (mut socket, _) =
            match tokio::time::timeout(self.timings.call_timeout, connecting).await {
                Err(_) => return Err(BotError::Timeout(self.timings.call_timeout)),
                Ok(Err(tungstenite::Error::Http(response))) => {
                    let status = response.status().as_u16();
                    return Err(if matches!(status, 401 | 403) {
                        BotError::SessionRefused
                    } else {
                        BotError::Status(status)
                    });
                }
                Ok(Err(e)) => return Err(BotError::Hub(e.to_string())),
                Ok(Ok(pair)) => pair,
            };
        socket
            .send(WsMessage::text(protocol::handshake_frame()))
            .await
            .map_err(|e| BotError::Hub(e.to_string()))?;
        let answer = tokio::time::timeout(self.timings.call_timeout, socket.next())
            .await
            .map_err(|_| BotError::Hub("no answer to the handshake".into()))?;
        let text = match answer {
            Some(Ok(WsMessage::Text(t))) => t.as_str().to_owned(),
            Some(Ok(WsMessage::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
            Some(Ok(other)) => return Err(BotError::Hub(format!("handshake answered {other:?}"))),
            Some(Err(e)) => return Err(BotError::Hub(e.to_string())),
            None => return Err(BotError::Hub("closed during the handshake".into())),
        };
        let mut records = protocol::split(&text);
        let first = records
            .next()
            .ok_or_else(|| BotError::Hub("empty handshake answer".into()))?;
        protocol::handshake_answer(first).map_err(BotError::Hub)?;
        if records.next().is_some() {
            // Records right after the handshake answer in the same frame are rare; the
            // server only sends invocations once the connection is up, so none is lost
            // in practice, but say so if it happens.
            tracing::debug!("records after the handshake answer in one frame were skipped");
        }
        Ok(socket)
    }

    /// Runs one connection until it ends.
    async fn serve(&mut self, socket: Socket, session: &mut Session) -> Ended {
        let (mut sink, mut stream) = socket.split();
        let mut conn = Conn {
            bot_id: session.user_id.clone(),
            next_id: 0,
            pending: HashMap::new(),
            accepted: HashSet::new(),
            accepting: HashSet::new(),
            outgoing: Vec::new(),
        };
        let mut ping = tokio::time::interval(self.timings.ping_interval);
        ping.reset();
        let mut poll = tokio::time::interval(self.timings.contact_poll);
        let mut watchdog = tokio::time::interval(Duration::from_millis(250));
        let mut last_heard = Instant::now();
        let mut gate_live = true;
        let extend_in = |s: &Session| {
            (s.extend_at() - chrono::Utc::now())
                .to_std()
                .unwrap_or(Duration::ZERO)
        };
        let extension = tokio::time::sleep(extend_in(session));
        tokio::pin!(extension);
        // Texts sent while no connection was up: the hub only pushes what arrives now.
        match self.cloud.unread_messages(session, CATCH_UP).await {
            Ok(mut unread) => {
                unread.reverse();
                for message in unread {
                    if let Some(text) = message.text_to(&conn.bot_id) {
                        self.report(text).await;
                    }
                }
            }
            Err(BotError::SessionRefused) => {
                let _ = sink.send(WsMessage::Close(None)).await;
                return Ended::SessionRefused;
            }
            Err(e) => tracing::debug!(error = %e, "catching up unread messages failed"),
        }
        let ended = loop {
            tokio::select! {
                frame = stream.next() => {
                    let text = match frame {
                        Some(Ok(WsMessage::Text(t))) => t.as_str().to_owned(),
                        Some(Ok(WsMessage::Binary(b))) => String::from_utf8_lossy(&b).into_owned(),
                        Some(Ok(WsMessage::Close(_))) | None => break Ended::Lost("the hub closed the connection".into()),
                        Some(Ok(_)) => { last_heard = Instant::now(); continue }
                        Some(Err(e)) => break Ended::Lost(e.to_string()),
                    };
                    last_heard = Instant::now();
                    let mut closed = None;
                    for record in protocol::split(&text) {
                        match protocol::parse(record) {
                            Some(Record::Close { error, .. }) => {
                                let why = error.unwrap_or_else(|| "closed".into());
                                closed = Some(if why.to_ascii_lowercase().contains("unauthorized") {
                                    Ended::SessionRefused
                                } else {
                                    Ended::Lost(format!("the hub closed: {why}"))
                                });
                                break;
                            }
                            Some(record) => self.on_record(&mut conn, record).await,
                            None => tracing::debug!("an unreadable hub record was skipped"),
                        }
                    }
                    if let Some(ended) = closed {
                        break ended;
                    }
                }
                command = self.commands.recv() => match command {
                    Some(command) => {
                        if let Err(ended) = self.on_command(&mut conn, session, command).await {
                            break ended;
                        }
                    }
                    None => break Ended::Released,
                },
                _ = poll.tick() => {
                    match self.cloud.contacts(session).await {
                        Ok(list) => self.on_contacts(&mut conn, list),
                        Err(BotError::SessionRefused) => break Ended::SessionRefused,
                        Err(e) => tracing::debug!(error = %e, "contact list poll failed"),
                    }
                }
                _ = ping.tick() => conn.outgoing.push(protocol::frame(&protocol::ping())),
                () = &mut extension => {
                    match self.cloud.extend(session).await {
                        Ok(()) => extension.as_mut().reset(Instant::now() + extend_in(session)),
                        Err(BotError::SessionRefused) => break Ended::SessionRefused,
                        Err(e) => {
                            tracing::warn!(error = %e, "Resonite session extension failed; retrying");
                            extension.as_mut().reset(Instant::now() + Duration::from_secs(5));
                        }
                    }
                }
                _ = watchdog.tick() => {
                    if last_heard.elapsed() > self.timings.hub_timeout {
                        break Ended::Lost("nothing heard from the hub".into());
                    }
                    if !*self.gate.borrow() || self.stopped() {
                        break Ended::Released;
                    }
                }
                _ = self.stop.changed() => break Ended::Released,
                changed = self.gate.changed(), if gate_live => match changed {
                    // The gate's sender is gone: it stays as it is (open).
                    Err(_) => gate_live = false,
                    Ok(()) => if !*self.gate.borrow() { break Ended::Released },
                },
            }
            let mut failed = None;
            for frame in conn.outgoing.drain(..) {
                if let Err(e) = sink.send(WsMessage::text(frame)).await {
                    failed = Some(Ended::Lost(e.to_string()));
                    break;
                }
            }
            if let Some(ended) = failed {
                break ended;
            }
        };
        let _ = sink.send(WsMessage::Close(None)).await;
        for (_, pending) in conn.pending.drain() {
            match pending {
                Pending::Reply(_, done) => {
                    let _ = done.send(Err(BotError::Unavailable));
                }
                Pending::MarkRead(done) => {
                    let _ = done.send(Err(BotError::Unavailable));
                }
                Pending::Accept(_) => {}
            }
        }
        ended
    }

    /// Reports a text once.
    async fn report(&mut self, text: super::TextMessage) {
        if self.seen.insert(&text.id) {
            let _ = self.events.send(BotEvent::Text(text)).await;
        }
    }

    async fn on_record(&mut self, conn: &mut Conn, record: Record) {
        match record {
            Record::Invocation {
                target, arguments, ..
            } => match target.as_str() {
                "ReceiveMessage" => {
                    for arg in arguments {
                        let Ok(message) = serde_json::from_value::<Message>(arg) else {
                            tracing::debug!("an unreadable ReceiveMessage was skipped");
                            continue;
                        };
                        if let Some(text) = message.text_to(&conn.bot_id) {
                            self.report(text).await;
                        }
                    }
                }
                "ContactAddedOrUpdated" => {
                    let contacts: Vec<Contact> =
                        arguments.iter().filter_map(Contact::from_value).collect();
                    self.on_contacts(conn, contacts);
                }
                _ => {}
            },
            Record::Completion {
                invocation_id,
                result,
                error,
            } => {
                let Some(pending) = conn.pending.remove(&invocation_id) else {
                    return;
                };
                match pending {
                    Pending::Reply(id, done) => {
                        let _ = done.send(match error {
                            Some(e) => Err(BotError::Refused(e)),
                            None => Ok(id),
                        });
                    }
                    Pending::MarkRead(done) => {
                        let _ = done.send(error.map_or(Ok(()), |e| Err(BotError::Refused(e))));
                    }
                    Pending::Accept(contact) => {
                        conn.accepting.remove(&contact.id);
                        // ReCon reads a boolean result; an error or `false` is a refusal.
                        if error.is_none() && result != Value::Bool(false) {
                            conn.accepted.insert(contact.id.clone());
                            tracing::info!(user_id = %contact.id, "Resonite contact request accepted");
                            let _ = self
                                .events
                                .send(BotEvent::ContactAccepted {
                                    user_id: contact.id,
                                    username: contact.username,
                                })
                                .await;
                        } else {
                            tracing::warn!(user_id = %contact.id, error = ?error, "accepting a contact request failed");
                        }
                    }
                }
            }
            Record::Ping | Record::Other(_) | Record::Close { .. } => {}
        }
    }

    /// Takes note of accepted contacts and accepts every pending request.
    fn on_contacts(&self, conn: &mut Conn, contacts: Vec<Contact>) {
        for contact in contacts {
            match contact.status {
                ContactStatus::Accepted => {
                    conn.accepted.insert(contact.id);
                }
                ContactStatus::Requested => {
                    if conn.accepting.insert(contact.id.clone()) {
                        let argument = contact.accept_argument(&conn.bot_id);
                        conn.invoke("UpdateContact", argument, Pending::Accept(contact));
                    }
                }
                _ => {
                    conn.accepted.remove(&contact.id);
                }
            }
        }
    }

    async fn on_command(
        &self,
        conn: &mut Conn,
        session: &Session,
        command: Command,
    ) -> Result<(), Ended> {
        // A caller that gave up (its call timed out while no connection was up) is taken
        // at its word: a late reply could only be a duplicate of its retry.
        let abandoned = match &command {
            Command::Reply { done, .. } => done.is_closed(),
            Command::MarkRead { done, .. } => done.is_closed(),
        };
        if abandoned {
            tracing::debug!("a hub call whose caller gave up was dropped");
            return Ok(());
        }
        match command {
            Command::Reply { to, text, done } => {
                if !conn.accepted.contains(&to) {
                    // A contact accepted elsewhere (or before this connection): ask the list.
                    match self.cloud.contacts(session).await {
                        Ok(list) => self.on_contacts(conn, list),
                        Err(BotError::SessionRefused) => {
                            let _ = done.send(Err(BotError::Unavailable));
                            return Err(Ended::SessionRefused);
                        }
                        Err(e) => {
                            let _ = done.send(Err(e));
                            return Ok(());
                        }
                    }
                }
                if !conn.accepted.contains(&to) {
                    let _ = done.send(Err(BotError::NotAContact(to)));
                    return Ok(());
                }
                let (id, message) = text_message(&conn.bot_id, &to, &text);
                conn.invoke("SendMessage", message, Pending::Reply(id, done));
            }
            Command::MarkRead { sender, ids, done } => {
                let argument = serde_json::json!({
                    "senderId": sender,
                    "ids": ids,
                    "readTime": super::model::now_iso(),
                });
                conn.invoke("MarkMessagesRead", argument, Pending::MarkRead(done));
            }
        }
        Ok(())
    }
}

/// One connection's bookkeeping.
struct Conn {
    bot_id: String,
    next_id: u64,
    pending: HashMap<String, Pending>,
    /// Contacts seen as accepted: the only ones the bot may write to.
    accepted: HashSet<String>,
    /// Requests whose acceptance is on its way.
    accepting: HashSet<String>,
    /// Frames to send after this turn of the loop.
    outgoing: Vec<String>,
}

impl Conn {
    fn invoke(&mut self, target: &str, argument: Value, pending: Pending) {
        self.next_id += 1;
        let id = self.next_id.to_string();
        self.outgoing.push(protocol::frame(&protocol::invocation(
            &id,
            target,
            vec![argument],
        )));
        self.pending.insert(id, pending);
    }
}
