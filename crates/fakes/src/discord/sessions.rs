//! The gateway's shared half: the open connections and resumable sessions every
//! WebSocket of the fake registers with, and the counters tests wait on. Knows nothing of
//! the fake's REST state; [`super::gateway`] drives it.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;
use tokio::sync::{mpsc, watch};

/// Discord's usual Hello interval.
pub(super) const DEFAULT_HEARTBEAT_INTERVAL_MS: u64 = 41_250;

pub(super) const INTENT_GUILDS: u64 = 1 << 0;
pub(super) const INTENT_GUILD_MEMBERS: u64 = 1 << 1;
pub(super) const INTENT_GUILD_PRESENCES: u64 = 1 << 8;
pub(super) const INTENT_MESSAGE_CONTENT: u64 = 1 << 15;
/// The intents an application must enable in the developer portal.
pub(super) const PRIVILEGED_INTENTS: u64 =
    INTENT_GUILD_PRESENCES | INTENT_GUILD_MEMBERS | INTENT_MESSAGE_CONTENT;

/// Gateway close codes.
pub(super) mod close {
    pub const UNKNOWN_ERROR: u16 = 4000;
    pub const UNKNOWN_OPCODE: u16 = 4001;
    pub const DECODE_ERROR: u16 = 4002;
    pub const NOT_AUTHENTICATED: u16 = 4003;
    pub const AUTHENTICATION_FAILED: u16 = 4004;
    pub const ALREADY_AUTHENTICATED: u16 = 4005;
    pub const INVALID_SEQ: u16 = 4007;
    pub const INVALID_SHARD: u16 = 4010;
    pub const INVALID_INTENTS: u16 = 4013;
    pub const DISALLOWED_INTENTS: u16 = 4014;
}

/// The gateway half of the fake's state, shared by all connections.
pub(super) struct Gateway {
    pub(super) inner: Mutex<Inner>,
    /// Live sessions that got their `READY` (or `RESUMED`).
    pub(super) ready: watch::Sender<usize>,
    /// Heartbeats answered so far.
    pub(super) heartbeats: watch::Sender<u64>,
    /// REST requests received and answered so far (wakes
    /// [`FakeDiscord::wait_for_callback`] and [`FakeDiscord::wait_for_request`]).
    pub(super) rest_answers: watch::Sender<u64>,
}

pub(super) struct Inner {
    pub(super) heartbeat_interval: u64,
    /// Privileged intents enabled "in the developer portal".
    pub(super) privileged_enabled: u64,
    /// The app is in under 100 servers: its privileged intents are `_LIMITED`.
    pub(super) intents_limited: bool,
    pub(super) next_connection: u64,
    pub(super) connections: HashMap<u64, Connection>,
    /// Sessions that can be resumed, by session id.
    pub(super) sessions: HashMap<String, SessionRecord>,
    pub(super) identifies: Vec<Value>,
    pub(super) connects: Vec<String>,
    /// While set, the `GUILD_MEMBER_UPDATE`s that REST changes cause wait here.
    pub(super) held_member_updates: Option<Vec<Value>>,
}

pub(super) struct Connection {
    pub(super) tx: mpsc::UnboundedSender<Outgoing>,
    /// Set once the connection identified or resumed: dispatches go to it from then on.
    pub(super) session: Option<String>,
    /// Set once `READY` + `GUILD_CREATE`s (or `RESUMED`) went out.
    pub(super) ready: bool,
}

#[derive(Clone, Copy)]
pub(super) struct SessionRecord {
    /// Last sequence number sent.
    pub(super) seq: u64,
    pub(super) intents: u64,
}

pub(super) enum Outgoing {
    Dispatch(String, Value),
    Op(Value),
    Close(u16, &'static str),
    /// End the connection without a close frame (the server went away).
    Drop,
}

impl Gateway {
    pub(super) fn new() -> Self {
        Self {
            inner: Mutex::new(Inner {
                heartbeat_interval: DEFAULT_HEARTBEAT_INTERVAL_MS,
                privileged_enabled: PRIVILEGED_INTENTS,
                intents_limited: false,
                next_connection: 0,
                connections: HashMap::new(),
                sessions: HashMap::new(),
                identifies: Vec::new(),
                connects: Vec::new(),
                held_member_updates: None,
            }),
            ready: watch::Sender::new(0),
            heartbeats: watch::Sender::new(0),
            rest_answers: watch::Sender::new(0),
        }
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Recomputes the ready-session count; call with the lock held.
    pub(super) fn publish(&self, inner: &Inner) {
        let ready = inner.connections.values().filter(|c| c.ready).count();
        self.ready
            .send_if_modified(|n| std::mem::replace(n, ready) != ready);
    }

    pub(super) fn register(&self, tx: mpsc::UnboundedSender<Outgoing>) -> u64 {
        let mut inner = self.lock();
        inner.next_connection += 1;
        let id = inner.next_connection;
        inner.connections.insert(
            id,
            Connection {
                tx,
                session: None,
                ready: false,
            },
        );
        id
    }

    pub(super) fn unregister(&self, id: u64) {
        let mut inner = self.lock();
        inner.connections.remove(&id);
        self.publish(&inner);
    }

    /// Attaches a session to a connection; false if the connection was closed
    /// meanwhile. A connection still holding the session (the client resumed
    /// elsewhere without closing it) is closed.
    pub(super) fn attach(&self, id: u64, session_id: &str, record: SessionRecord) -> bool {
        let mut inner = self.lock();
        inner.sessions.insert(session_id.to_owned(), record);
        let stale: Vec<u64> = inner
            .connections
            .iter()
            .filter(|(other, c)| **other != id && c.session.as_deref() == Some(session_id))
            .map(|(other, _)| *other)
            .collect();
        for other in stale {
            if let Some(connection) = inner.connections.remove(&other) {
                let _ = connection.tx.send(Outgoing::Close(
                    close::UNKNOWN_ERROR,
                    "Session resumed elsewhere",
                ));
            }
        }
        let attached = match inner.connections.get_mut(&id) {
            Some(connection) => {
                connection.session = Some(session_id.to_owned());
                true
            }
            None => false,
        };
        self.publish(&inner);
        attached
    }

    pub(super) fn mark_ready(&self, id: u64) {
        let mut inner = self.lock();
        if let Some(connection) = inner.connections.get_mut(&id) {
            connection.ready = true;
        }
        self.publish(&inner);
    }

    pub(super) fn send_to_sessions(&self, make: impl Fn() -> Outgoing) {
        let inner = self.lock();
        for connection in inner.connections.values().filter(|c| c.session.is_some()) {
            // A closed receiver means the connection is ending; nothing to deliver.
            let _ = connection.tx.send(make());
        }
    }
}
