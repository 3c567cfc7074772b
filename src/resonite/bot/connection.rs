//! The bot account's one task: session, hub connection, reconnects.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use futures::stream::{SplitSink, SplitStream};
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
        let mut conn = Conn::new(session.user_id.clone());
        let mut timers = Timers::new(&self.timings, session);
        if let Some(ended) = self.catch_up(session, &conn.bot_id).await {
            let _ = sink.send(WsMessage::Close(None)).await;
            return ended;
        }
        let ended = loop {
            if let Some(ended) = self
                .turn(&mut conn, session, &mut stream, &mut timers)
                .await
            {
                break ended;
            }
            if let Some(ended) = flush(&mut sink, &mut conn).await {
                break ended;
            }
        };
        let _ = sink.send(WsMessage::Close(None)).await;
        conn.fail_pending();
        ended
    }

    /// Reports the texts sent while no connection was up (the hub only pushes what arrives
    /// now); `Some` if the session was refused.
    async fn catch_up(&mut self, session: &Session, bot_id: &str) -> Option<Ended> {
        match self.cloud.unread_messages(session, CATCH_UP).await {
            Ok(mut unread) => {
                unread.reverse();
                for message in unread {
                    if let Some(text) = message.text_to(bot_id) {
                        self.report(text).await;
                    }
                }
            }
            Err(BotError::SessionRefused) => return Some(Ended::SessionRefused),
            Err(e) => tracing::debug!(error = %e, "catching up unread messages failed"),
        }
        None
    }

    /// Waits for the next thing to happen on the connection and handles it; `Some` when
    /// the connection ends.
    async fn turn(
        &mut self,
        conn: &mut Conn,
        session: &mut Session,
        stream: &mut SplitStream<Socket>,
        timers: &mut Timers,
    ) -> Option<Ended> {
        tokio::select! {
            frame = stream.next() => {
                timers.last_heard = Instant::now();
                match frame_text(frame) {
                    Ok(Some(text)) => self.on_text(conn, &text).await,
                    Ok(None) => None,
                    Err(ended) => Some(ended),
                }
            }
            command = self.commands.recv() => match command {
                Some(command) => self.on_command(conn, session, command).await.err(),
                None => Some(Ended::Released),
            },
            _ = timers.poll.tick() => self.poll_contacts(conn, session).await,
            _ = timers.ping.tick() => {
                conn.outgoing.push(protocol::frame(&protocol::ping()));
                None
            }
            () = &mut timers.extension => self.extend_session(session, timers).await,
            _ = timers.watchdog.tick() => self.watch(timers.last_heard),
            _ = self.stop.changed() => Some(Ended::Released),
            changed = self.gate.changed(), if timers.gate_live => match changed {
                // The gate's sender is gone: it stays as it is (open).
                Err(_) => {
                    timers.gate_live = false;
                    None
                }
                Ok(()) => (!*self.gate.borrow()).then_some(Ended::Released),
            },
        }
    }

    /// Handles the records of one text frame; `Some` if the hub closed the connection.
    async fn on_text(&mut self, conn: &mut Conn, text: &str) -> Option<Ended> {
        for record in protocol::split(text) {
            match protocol::parse(record) {
                Some(Record::Close { error, .. }) => {
                    let why = error.unwrap_or_else(|| "closed".into());
                    return Some(if why.to_ascii_lowercase().contains("unauthorized") {
                        Ended::SessionRefused
                    } else {
                        Ended::Lost(format!("the hub closed: {why}"))
                    });
                }
                Some(record) => self.on_record(conn, record).await,
                None => tracing::debug!("an unreadable hub record was skipped"),
            }
        }
        None
    }

    async fn poll_contacts(&mut self, conn: &mut Conn, session: &Session) -> Option<Ended> {
        match self.cloud.contacts(session).await {
            Ok(list) => self.on_contacts(conn, list),
            Err(BotError::SessionRefused) => return Some(Ended::SessionRefused),
            Err(e) => tracing::debug!(error = %e, "contact list poll failed"),
        }
        None
    }

    /// Extends the session when it is due, and sets when to do so next.
    async fn extend_session(
        &mut self,
        session: &mut Session,
        timers: &mut Timers,
    ) -> Option<Ended> {
        match self.cloud.extend(session).await {
            Ok(()) => timers
                .extension
                .as_mut()
                .reset(Instant::now() + extend_in(session)),
            Err(BotError::SessionRefused) => return Some(Ended::SessionRefused),
            Err(e) => {
                tracing::warn!(error = %e, "Resonite session extension failed; retrying");
                timers
                    .extension
                    .as_mut()
                    .reset(Instant::now() + Duration::from_secs(5));
            }
        }
        None
    }

    /// Ends the connection when the hub went quiet, the gate closed or stop was asked.
    fn watch(&self, last_heard: Instant) -> Option<Ended> {
        if last_heard.elapsed() > self.timings.hub_timeout {
            return Some(Ended::Lost("nothing heard from the hub".into()));
        }
        (!*self.gate.borrow() || self.stopped()).then_some(Ended::Released)
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

/// The clocks one connection runs on.
struct Timers {
    ping: tokio::time::Interval,
    poll: tokio::time::Interval,
    watchdog: tokio::time::Interval,
    extension: std::pin::Pin<Box<tokio::time::Sleep>>,
    last_heard: Instant,
    /// False once the gate's sender is gone.
    gate_live: bool,
}

impl Timers {
    fn new(timings: &BotTimings, session: &Session) -> Self {
        let mut ping = tokio::time::interval(timings.ping_interval);
        ping.reset();
        Self {
            ping,
            poll: tokio::time::interval(timings.contact_poll),
            watchdog: tokio::time::interval(Duration::from_millis(250)),
            extension: Box::pin(tokio::time::sleep(extend_in(session))),
            last_heard: Instant::now(),
            gate_live: true,
        }
    }
}

/// How long until the session should be extended.
fn extend_in(session: &Session) -> Duration {
    (session.extend_at() - chrono::Utc::now())
        .to_std()
        .unwrap_or(Duration::ZERO)
}

/// A frame's text: `Ok(None)` for frames without records (pings), `Err` when the
/// connection ended.
fn frame_text(
    frame: Option<Result<WsMessage, tungstenite::Error>>,
) -> Result<Option<String>, Ended> {
    match frame {
        Some(Ok(WsMessage::Text(t))) => Ok(Some(t.as_str().to_owned())),
        Some(Ok(WsMessage::Binary(b))) => Ok(Some(String::from_utf8_lossy(&b).into_owned())),
        Some(Ok(WsMessage::Close(_))) | None => {
            Err(Ended::Lost("the hub closed the connection".into()))
        }
        Some(Ok(_)) => Ok(None),
        Some(Err(e)) => Err(Ended::Lost(e.to_string())),
    }
}

/// Sends the frames this turn queued; `Some` if the connection broke.
async fn flush(sink: &mut SplitSink<Socket, WsMessage>, conn: &mut Conn) -> Option<Ended> {
    for frame in conn.outgoing.drain(..) {
        if let Err(e) = sink.send(WsMessage::text(frame)).await {
            return Some(Ended::Lost(e.to_string()));
        }
    }
    None
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
    fn new(bot_id: String) -> Self {
        Self {
            bot_id,
            next_id: 0,
            pending: HashMap::new(),
            accepted: HashSet::new(),
            accepting: HashSet::new(),
            outgoing: Vec::new(),
        }
    }

    /// Answers every call still waiting: the connection is gone.
    fn fail_pending(&mut self) {
        for (_, pending) in self.pending.drain() {
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
    }

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
