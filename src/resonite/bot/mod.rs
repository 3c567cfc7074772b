//! The bot's own Resonite account, for linking by message: a session with the cloud API
//! ([`session`]), one connection to the SignalR hub ([`connection`], the JSON hub protocol in
//! [`protocol`]), contact requests accepted, `Text` messages to the bot delivered as typed
//! [`BotEvent`]s, replies and read marks sent back. Knows nothing of Discord or axum.
//!
//! The hub is our own, on `tokio-tungstenite` (already in the tree through axum): the
//! `resonite` crate (Onlivfe, MPL-2.0) was evaluated and not taken — its API and hub URLs
//! are compile-time constants (`https://api.resonite.com`, `wss://api.resonite.com/hub`),
//! so neither the fake nor `RESONITE_API_URL` could be used; its hub (on `ezsockets`, a
//! second WebSocket stack, which also installs the aws-lc-rs TLS provider process-wide)
//! never pings and gives up after three failed first attempts; and its models spell the
//! login id `ownerID`, where the other clients send `ownerId`.
//!
//! [`BotAccount::start`] runs everything in one task: log in, open the hub, handshake, ping,
//! extend the session before it expires, poll the contact list, catch up the unread texts
//! sent while no connection was up (`GET /users/{botId}/messages`), and on any loss reconnect
//! with a backoff of 1 s doubling to 60 s, logging in afresh when the token is refused.
//! The gate (the database lease, [`lease`]) says whether this process may hold the session
//! and the hub at all. The bot never writes first: [`BotAccount::reply`] refuses anyone who
//! is not an accepted contact, before anything is sent.

mod connection;
pub mod lease;
mod model;
pub mod protocol;
mod session;

use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

pub use model::{Contact, ContactStatus, TextMessage};
pub use session::{CloudClient, InstallIdentity, MAX_BODY_BYTES, Session, totp_code};

use crate::config::ResoniteBotConfig;

/// A client for the public profiles only (`GET /users/{id}` needs no session), for the
/// re-verification of links made by message; `None` without the bot account.
pub fn public_profiles(cfg: Option<&ResoniteBotConfig>) -> Option<CloudClient> {
    let cfg = cfg?;
    match CloudClient::new(
        cfg,
        InstallIdentity::generate(),
        BotTimings::default().http_timeout,
    ) {
        Ok(client) => Some(client),
        Err(e) => {
            tracing::warn!(error = %e, "no client for Resonite's public profiles");
            None
        }
    }
}

/// For `check`: logs the bot account in, opens the hub and does its handshake, then closes
/// the connection and ends that session (the running bot's own session is untouched).
/// Returns the account's user id.
pub async fn try_account(
    cfg: &ResoniteBotConfig,
    identity: InstallIdentity,
    timeout: Duration,
) -> Result<String, BotError> {
    let cloud = CloudClient::new(cfg, identity, timeout)?;
    let session = cloud.login().await?;
    let outcome = match connection::open_hub(&cloud, &session, timeout).await {
        Ok(mut socket) => {
            let _ = socket.close(None).await;
            Ok(session.user_id.clone())
        }
        Err(e) => Err(e),
    };
    if let Err(e) = cloud.logout(&session).await {
        tracing::debug!(error = %e, "could not end the check's Resonite session");
    }
    outcome
}

/// What went wrong with the bot account. Messages never hold the password or a token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BotError {
    #[error("Resonite refused the bot account's username or password (HTTP {0})")]
    InvalidCredentials(u16),
    #[error(
        "the bot's Resonite account has two-factor login: set RESONITE_BOT_TOTP_SECRET to its base32 secret"
    )]
    TotpRequired,
    #[error(
        "Resonite refused the TOTP code (is RESONITE_BOT_TOTP_SECRET the account's secret, and the clock right?)"
    )]
    TotpRefused,
    #[error("RESONITE_BOT_TOTP_SECRET is not a base32 secret")]
    TotpSecret,
    #[error("Resonite no longer accepts the bot account's session token")]
    SessionRefused,
    #[error("Resonite answered HTTP {0}")]
    Status(u16),
    #[error("Resonite did not answer within {0:?}")]
    Timeout(Duration),
    #[error("could not reach Resonite")]
    Unreachable,
    #[error("Resonite's answer was not understood: {0}")]
    Malformed(String),
    #[error("the hub connection failed: {0}")]
    Hub(String),
    #[error("{0} is not an accepted contact of the bot account: the bot never writes first")]
    NotAContact(String),
    #[error("Resonite refused the call: {0}")]
    Refused(String),
    #[error("the hub is not connected")]
    Unavailable,
    #[error("the bot account has stopped")]
    Stopped,
}

impl BotError {
    /// True when trying again later may succeed (an outage rather than a refusal).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Status(429 | 500..=599)
                | Self::Timeout(_)
                | Self::Unreachable
                | Self::Hub(_)
                | Self::Unavailable
                | Self::SessionRefused
        )
    }
}

/// What the bot account reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BotEvent {
    /// The hub is connected (after the handshake).
    Connected,
    /// The hub connection ended; the account reconnects by itself.
    Disconnected { reason: String },
    /// A contact request was accepted (by a hub event or from the polled list).
    ContactAccepted { user_id: String, username: String },
    /// Someone sent the bot a `Text` message.
    Text(TextMessage),
}

/// Reconnect delays: `initial`, doubling up to `max`; back to `initial` after a good
/// connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
    next: Duration,
}

impl Backoff {
    pub fn new(initial: Duration, max: Duration) -> Self {
        Self {
            initial,
            max,
            next: initial,
        }
    }

    /// The delay before the next attempt.
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(self.max);
        delay
    }

    pub fn reset(&mut self) {
        self.next = self.initial;
    }
}

impl Default for Backoff {
    /// 1 s → 60 s.
    fn default() -> Self {
        Self::new(Duration::from_secs(1), Duration::from_secs(60))
    }
}

/// Timings of the bot account (the defaults are the product's; tests shorten them).
#[derive(Debug, Clone)]
pub struct BotTimings {
    /// One HTTP call to the cloud API.
    pub http_timeout: Duration,
    /// One hub call waiting for its Completion (and the handshake answer).
    pub call_timeout: Duration,
    /// How often the bot pings the hub.
    pub ping_interval: Duration,
    /// Nothing heard from the hub this long: the connection is dead, reconnect.
    pub hub_timeout: Duration,
    /// How often the contact list is polled for requests.
    pub contact_poll: Duration,
    pub backoff: Backoff,
}

impl Default for BotTimings {
    fn default() -> Self {
        Self {
            http_timeout: Duration::from_secs(10),
            call_timeout: Duration::from_secs(10),
            ping_interval: Duration::from_secs(15),
            hub_timeout: Duration::from_secs(40),
            contact_poll: Duration::from_secs(5),
            backoff: Backoff::default(),
        }
    }
}

pub(crate) enum Command {
    Reply {
        to: String,
        text: String,
        done: oneshot::Sender<Result<String, BotError>>,
    },
    MarkRead {
        sender: String,
        ids: Vec<String>,
        done: oneshot::Sender<Result<(), BotError>>,
    },
}

/// The running bot account. Dropping it (or [`shutdown`](Self::shutdown)) stops it.
pub struct BotAccount {
    commands: mpsc::Sender<Command>,
    connected: watch::Receiver<bool>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    call_timeout: Duration,
    cloud: CloudClient,
}

impl std::fmt::Debug for BotAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BotAccount")
            .field("connected", &*self.connected.borrow())
            .finish_non_exhaustive()
    }
}

impl BotAccount {
    /// Starts the account: it logs in and connects whenever `gate` is true (the lease is
    /// held), and lets go of the hub when it turns false. Events arrive on the receiver.
    pub fn start(
        cfg: &ResoniteBotConfig,
        identity: InstallIdentity,
        timings: BotTimings,
        gate: watch::Receiver<bool>,
    ) -> Result<(Self, mpsc::Receiver<BotEvent>), BotError> {
        let cloud = CloudClient::new(cfg, identity, timings.http_timeout)?;
        let (commands, command_rx) = mpsc::channel(64);
        let (events_tx, events) = mpsc::channel(256);
        let (connected_tx, connected) = watch::channel(false);
        let (stop, stop_rx) = watch::channel(false);
        let call_timeout = timings.call_timeout;
        let runner = connection::Runner {
            cloud: cloud.clone(),
            timings,
            events: events_tx,
            connected: connected_tx,
            commands: command_rx,
            gate,
            stop: stop_rx,
            seen: connection::Seen::default(),
        };
        let task = tokio::spawn(runner.run());
        Ok((
            Self {
                commands,
                connected,
                stop,
                task: Some(task),
                call_timeout,
                cloud,
            },
            events,
        ))
    }

    /// Whether the hub is connected now, and its changes.
    pub fn connected(&self) -> watch::Receiver<bool> {
        self.connected.clone()
    }

    /// The REST side (public profiles), usable without the hub.
    pub fn cloud(&self) -> &CloudClient {
        &self.cloud
    }

    /// Sends `text` to `to`, who must be an accepted contact (else
    /// [`BotError::NotAContact`], and nothing is sent). Returns the message id.
    pub async fn reply(&self, to: &str, text: &str) -> Result<String, BotError> {
        let (done, answer) = oneshot::channel();
        self.call(
            Command::Reply {
                to: to.to_owned(),
                text: text.to_owned(),
                done,
            },
            answer,
        )
        .await
    }

    /// Marks `ids` (messages from `sender`) read.
    pub async fn mark_read(&self, sender: &str, ids: &[String]) -> Result<(), BotError> {
        let (done, answer) = oneshot::channel();
        self.call(
            Command::MarkRead {
                sender: sender.to_owned(),
                ids: ids.to_vec(),
                done,
            },
            answer,
        )
        .await
    }

    async fn call<T>(
        &self,
        command: Command,
        answer: oneshot::Receiver<Result<T, BotError>>,
    ) -> Result<T, BotError> {
        let work = async {
            self.commands
                .send(command)
                .await
                .map_err(|_| BotError::Stopped)?;
            answer.await.map_err(|_| BotError::Unavailable)?
        };
        // Waits for a connection, the contact check and the Completion: bounded.
        tokio::time::timeout(self.call_timeout * 2, work)
            .await
            .unwrap_or(Err(BotError::Unavailable))
    }

    /// Stops: closes the hub, logs out, ends the task.
    pub async fn shutdown(mut self) {
        self.stop.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for BotAccount {
    fn drop(&mut self) {
        self.stop.send_replace(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_one_second_to_a_minute_and_resets() {
        let mut b = Backoff::default();
        let delays: Vec<u64> = (0..9).map(|_| b.next_delay().as_secs()).collect();
        assert_eq!(delays, vec![1, 2, 4, 8, 16, 32, 60, 60, 60]);
        b.reset();
        assert_eq!(b.next_delay(), Duration::from_secs(1));
    }
}
