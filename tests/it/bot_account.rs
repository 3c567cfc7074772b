//! The bot's own Resonite account against the fake cloud and hub of the mock Resonite:
//! login (UID, TOTP), extension, the hub (strict protocol), reconnects after the service
//! drops every connection and voids every token, contact requests, messages in and out,
//! the bot never writing to a non-contact, and the lease that lets one process hold it.

use std::time::Duration;

use resonite_verify::config::{ResoniteBotConfig, Secret};
use resonite_verify::resonite::bot::{
    Backoff, BotAccount, BotError, BotEvent, BotTimings, CloudClient, InstallIdentity, TextMessage,
};
use resonite_verify_fakes::resonite::cloud::{CloudAccount, CloudSettings, FakeCloud};
use resonite_verify_fakes::resonite::{MockHandle, MockResonite, MockResoniteConfig};
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

const WAIT: Duration = Duration::from_secs(15);
const BOT: &str = "U-VerifyBot";
const PASSWORD: &str = "correct horse battery staple";
/// A member of the fixture profiles (the mock's public users).
const MEMBER: &str = "U-BasicUser";
/// RFC 6238's SHA-1 test secret in base32.
const TOTP_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

async fn mock() -> MockHandle {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let mock = MockResonite::spawn(
        MockResoniteConfig::new("client", "secret", "http://127.0.0.1:1/oauth/callback"),
        listener,
    )
    .await
    .expect("mock");
    mock.cloud()
        .add_account(CloudAccount::new(BOT, "VerifyBot", PASSWORD));
    mock
}

fn config(mock: &MockHandle, totp: Option<&str>) -> ResoniteBotConfig {
    ResoniteBotConfig {
        username: "VerifyBot".into(),
        password: Secret::new(PASSWORD),
        totp_secret: totp.map(Secret::new),
        api_url: mock.api_url().parse().expect("url"),
    }
}

/// Short timings so reconnects and polls happen within a test.
fn timings() -> BotTimings {
    BotTimings {
        http_timeout: Duration::from_secs(5),
        call_timeout: Duration::from_secs(5),
        ping_interval: Duration::from_millis(300),
        hub_timeout: Duration::from_secs(5),
        contact_poll: Duration::from_secs(600),
        backoff: Backoff::new(Duration::from_millis(200), Duration::from_secs(2)),
    }
}

struct Running {
    bot: BotAccount,
    events: mpsc::Receiver<BotEvent>,
    identity: InstallIdentity,
    _gate: watch::Sender<bool>,
}

fn start(mock: &MockHandle, timings: BotTimings) -> Running {
    let identity = InstallIdentity::generate();
    let (gate, gate_rx) = watch::channel(true);
    let (bot, events) =
        BotAccount::start(&config(mock, None), identity.clone(), timings, gate_rx).expect("start");
    Running {
        bot,
        events,
        identity,
        _gate: gate,
    }
}

/// The next event that `pick` keeps, within [`WAIT`].
async fn next_event<T>(
    events: &mut mpsc::Receiver<BotEvent>,
    mut pick: impl FnMut(BotEvent) -> Option<T>,
) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, events.recv()).await {
            Ok(Some(event)) => {
                if let Some(found) = pick(event) {
                    return found;
                }
            }
            Ok(None) => panic!("the bot account's events ended"),
            Err(_) => panic!("no such event within {WAIT:?}"),
        }
    }
}

/// The next `Text` the bot hears.
async fn next_text(events: &mut mpsc::Receiver<BotEvent>) -> TextMessage {
    next_event(events, |e| match e {
        BotEvent::Text(t) => Some(t),
        _ => None,
    })
    .await
}

/// `user` sends the bot `content`; the bot hears it. Returns the message id.
async fn member_says(cloud: &FakeCloud, run: &mut Running, user: &str, content: &str) -> String {
    let id = cloud.send_text(user, BOT, content).expect("sent");
    let text = next_text(&mut run.events).await;
    assert_eq!(text.id, id);
    assert_eq!(text.sender_id, user);
    assert_eq!(text.content, content);
    id
}

async fn connected(events: &mut mpsc::Receiver<BotEvent>) {
    next_event(events, |e| (e == BotEvent::Connected).then_some(())).await
}

/// Waits until `check` holds, within [`WAIT`].
async fn until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !check() {
        assert!(Instant::now() < deadline, "not within {WAIT:?}: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// `user` asks the bot to be a contact and the bot accepts (by hub event).
async fn become_contacts(cloud: &FakeCloud, run: &mut Running, user: &str) {
    cloud.request_contact(user, BOT);
    let accepted = next_event(&mut run.events, |e| match e {
        BotEvent::ContactAccepted { user_id, .. } => Some(user_id),
        _ => None,
    })
    .await;
    assert_eq!(accepted, user);
}

#[tokio::test]
async fn logs_in_with_the_install_uid_and_opens_one_hub_connection() {
    let mock = mock().await;
    let mut run = start(&mock, timings());
    connected(&mut run.events).await;
    let stats = mock.cloud().stats();
    assert_eq!(stats.logins.len(), 1);
    assert_eq!(stats.logins[0].user_id, BOT);
    assert_eq!(stats.logins[0].uid, run.identity.uid);
    assert_eq!(
        stats.logins[0].secret_machine_id,
        run.identity.machine_id.expose()
    );
    assert_eq!(mock.cloud().hub_connections(BOT), 1);
    assert!(*run.bot.connected().borrow());
    // The bot pings the hub.
    until("the bot pings", || mock.cloud().stats().pings_received >= 2).await;
    assert!(mock.cloud().stats().protocol_errors.is_empty());
    run.bot.shutdown().await;
    until("logged out", || mock.cloud().stats().logouts == 1).await;
    until("hub closed", || mock.cloud().hub_connections(BOT) == 0).await;
}

#[tokio::test]
async fn login_with_two_factors_sends_the_current_totp_code() {
    let mock = mock().await;
    mock.cloud().set_totp(BOT, Some(TOTP_SECRET));
    let identity = InstallIdentity::generate();

    let with = CloudClient::new(
        &config(&mock, Some(TOTP_SECRET)),
        identity.clone(),
        Duration::from_secs(5),
    )
    .expect("client");
    let session = with.login().await.expect("login with the TOTP code");
    assert_eq!(session.user_id, BOT);

    let without = CloudClient::new(
        &config(&mock, None),
        identity.clone(),
        Duration::from_secs(5),
    )
    .expect("client");
    let err = without.login().await.expect_err("TOTP missing");
    assert_eq!(err, BotError::TotpRequired);
    assert!(err.to_string().contains("RESONITE_BOT_TOTP_SECRET"));

    // Another account's secret: a code, but the wrong one.
    let wrong = CloudClient::new(
        &config(&mock, Some("JBSWY3DPEHPK3PXPJBSWY3DP")),
        identity,
        Duration::from_secs(5),
    )
    .expect("client");
    assert_eq!(
        wrong.login().await.expect_err("wrong code"),
        BotError::TotpRefused
    );

    let stats = mock.cloud().stats();
    assert_eq!(stats.logins.len(), 1);
    assert_eq!(stats.totp_refusals, 2);
}

#[tokio::test]
async fn a_wrong_password_is_refused_and_the_password_is_never_in_the_error() {
    let mock = mock().await;
    let mut cfg = config(&mock, None);
    cfg.password = Secret::new("wrong-password-xyz");
    let client = CloudClient::new(&cfg, InstallIdentity::generate(), Duration::from_secs(5))
        .expect("client");
    let err = client.login().await.expect_err("refused");
    assert_eq!(err, BotError::InvalidCredentials(400));
    assert!(!format!("{err} {err:?} {client:?}").contains("wrong-password-xyz"));
}

#[tokio::test]
async fn the_session_is_extended_before_it_expires_without_logging_in_again() {
    let mock = mock().await;
    mock.cloud().set_settings(CloudSettings {
        session_ttl: Duration::from_secs(3),
        ..CloudSettings::default()
    });
    let mut run = start(&mock, timings());
    connected(&mut run.events).await;
    // Three lifetimes later the session is still the first one, extended.
    until("two extensions", || mock.cloud().stats().extensions >= 2).await;
    tokio::time::timeout(Duration::from_secs(4), async {
        while mock.cloud().stats().extensions < 3 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("a third extension");
    assert_eq!(mock.cloud().stats().logins.len(), 1);
    assert_eq!(mock.cloud().hub_connections(BOT), 1);
    // And the hub still delivers.
    become_contacts(mock.cloud(), &mut run, MEMBER).await;
    member_says(mock.cloud(), &mut run, MEMBER, "still there?").await;
}

#[tokio::test]
async fn after_every_connection_drops_and_every_token_is_voided_the_bot_logs_in_again_and_hears_the_next_message()
 {
    let mock = mock().await;
    let mut run = start(&mock, timings());
    connected(&mut run.events).await;
    become_contacts(mock.cloud(), &mut run, MEMBER).await;

    mock.cloud().void_sessions();
    mock.cloud().drop_hub_connections();
    next_event(&mut run.events, |e| {
        matches!(e, BotEvent::Disconnected { .. }).then_some(())
    })
    .await;
    connected(&mut run.events).await;
    let stats = mock.cloud().stats();
    assert_eq!(
        stats.logins.len(),
        2,
        "a fresh login after the token was voided"
    );
    assert_eq!(stats.logins[1].uid, run.identity.uid, "the same install");
    assert_eq!(mock.cloud().hub_connections(BOT), 1);

    member_says(mock.cloud(), &mut run, MEMBER, "after the outage").await;
    run.bot
        .reply(MEMBER, "heard you")
        .await
        .expect("the reply goes out on the new connection");
}

#[tokio::test]
async fn a_voided_token_alone_closes_the_hub_and_the_bot_comes_back() {
    let mock = mock().await;
    let mut run = start(&mock, timings());
    connected(&mut run.events).await;
    mock.cloud().void_sessions();
    connected(&mut run.events).await;
    assert_eq!(mock.cloud().stats().logins.len(), 2);
    assert!(mock.cloud().stats().hub_refused <= 1);
}

#[tokio::test]
async fn contact_requests_are_accepted_from_hub_events() {
    let mock = mock().await;
    let mut run = start(&mock, timings());
    connected(&mut run.events).await;
    mock.cloud().request_contact(MEMBER, BOT);
    let (user, name) = next_event(&mut run.events, |e| match e {
        BotEvent::ContactAccepted { user_id, username } => Some((user_id, username)),
        _ => None,
    })
    .await;
    assert_eq!(user, MEMBER);
    assert_eq!(name, "BasicUser");
    assert_eq!(
        mock.cloud().contact_status(BOT, MEMBER).as_deref(),
        Some("Accepted")
    );
    // Only the first poll at connection ran: the event did it.
    assert_eq!(mock.cloud().stats().contact_list_requests, 1);
}

#[tokio::test]
async fn contact_requests_are_accepted_by_polling_when_no_event_comes() {
    let mock = mock().await;
    mock.cloud().set_settings(CloudSettings {
        contact_events: false,
        ..CloudSettings::default()
    });
    let mut run = start(
        &mock,
        BotTimings {
            contact_poll: Duration::from_millis(200),
            ..timings()
        },
    );
    connected(&mut run.events).await;
    mock.cloud().request_contact(MEMBER, BOT);
    let user = next_event(&mut run.events, |e| match e {
        BotEvent::ContactAccepted { user_id, .. } => Some(user_id),
        _ => None,
    })
    .await;
    assert_eq!(user, MEMBER);
    assert_eq!(
        mock.cloud().contact_status(BOT, MEMBER).as_deref(),
        Some("Accepted")
    );
    let updates = mock.cloud().stats().contact_updates;
    assert_eq!(
        updates,
        vec![(BOT.to_owned(), MEMBER.to_owned(), "Accepted".to_owned())],
        "accepted once, though polled many times"
    );
}

#[tokio::test]
async fn a_text_message_arrives_typed_is_answered_and_marked_read() {
    let mock = mock().await;
    let mut run = start(&mock, timings());
    connected(&mut run.events).await;
    become_contacts(mock.cloud(), &mut run, MEMBER).await;

    let id = member_says(mock.cloud(), &mut run, MEMBER, "K7Q2-M9XD-4HTW").await;

    let reply_id = run
        .bot
        .reply(MEMBER, "Linked to Discord user member#0")
        .await
        .expect("reply");
    let sent = mock.cloud().messages_from(BOT);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["id"], reply_id.as_str());
    assert_eq!(sent[0]["recipientId"], MEMBER);
    assert_eq!(sent[0]["messageType"], "Text");
    assert_eq!(sent[0]["content"], "Linked to Discord user member#0");

    run.bot
        .mark_read(MEMBER, std::slice::from_ref(&id))
        .await
        .expect("marked");
    let marks = mock.cloud().read_marks();
    assert_eq!(marks.len(), 1);
    assert_eq!(marks[0].by, BOT);
    assert_eq!(marks[0].sender_id, MEMBER);
    assert_eq!(marks[0].ids, vec![id.clone()]);
    let stored = mock.cloud().message(&id).expect("stored");
    assert!(stored["readTime"].is_string(), "{stored}");
}

#[tokio::test]
async fn the_bot_never_messages_anyone_who_is_not_an_accepted_contact() {
    let mock = mock().await;
    let mut run = start(
        &mock,
        BotTimings {
            contact_poll: Duration::from_millis(200),
            ..timings()
        },
    );
    connected(&mut run.events).await;
    let err = run
        .bot
        .reply("U-Stranger", "hello?")
        .await
        .expect_err("refused");
    assert_eq!(err, BotError::NotAContact("U-Stranger".into()));

    // A contact the bot had accepted, now blocked on the bot's list: once the list says
    // so, nothing goes to them either.
    become_contacts(mock.cloud(), &mut run, MEMBER).await;
    mock.cloud().set_contact_status(BOT, MEMBER, "Blocked");
    let polls = mock.cloud().stats().contact_list_requests;
    until("the list polled twice more", || {
        mock.cloud().stats().contact_list_requests >= polls + 2
    })
    .await;
    assert!(matches!(
        run.bot.reply(MEMBER, "hi").await,
        Err(BotError::NotAContact(_))
    ));
    assert!(mock.cloud().messages_from(BOT).is_empty());
    assert!(
        mock.cloud().stats().refused_sends.is_empty(),
        "the bot never even tried"
    );
}

#[tokio::test]
async fn texts_sent_while_the_hub_was_away_arrive_once_it_is_back_and_only_once() {
    let mock = mock().await;
    let (gate, gate_rx) = watch::channel(true);
    let (bot, mut events) = BotAccount::start(
        &config(&mock, None),
        InstallIdentity::generate(),
        timings(),
        gate_rx,
    )
    .expect("start");
    connected(&mut events).await;
    mock.cloud().request_contact(MEMBER, BOT);
    next_event(&mut events, |e| {
        matches!(e, BotEvent::ContactAccepted { .. }).then_some(())
    })
    .await;
    // Heard live, and not again at the next connection's catch-up.
    let live = mock
        .cloud()
        .send_text(MEMBER, BOT, "while connected")
        .expect("sent");
    assert_eq!(next_text(&mut events).await.id, live);

    gate.send_replace(false);
    until("hub closed", || mock.cloud().hub_connections(BOT) == 0).await;
    let away = mock
        .cloud()
        .send_text(MEMBER, BOT, "while away")
        .expect("sent");
    gate.send_replace(true);
    connected(&mut events).await;
    let caught = next_text(&mut events).await;
    assert_eq!(caught.id, away);
    assert_eq!(caught.content, "while away");
    assert_eq!(caught.sender_id, MEMBER);
    // Nothing else is reported (the live one stays reported once).
    let again = mock.cloud().send_text(MEMBER, BOT, "after").expect("sent");
    assert_eq!(next_text(&mut events).await.id, again);
    assert!(mock.cloud().stats().message_list_requests >= 2);
    bot.shutdown().await;
}

#[tokio::test]
async fn a_reply_whose_caller_gave_up_during_an_outage_is_never_sent_late() {
    let mock = mock().await;
    let (gate, gate_rx) = watch::channel(true);
    let (bot, mut events) = BotAccount::start(
        &config(&mock, None),
        InstallIdentity::generate(),
        BotTimings {
            call_timeout: Duration::from_millis(500),
            ..timings()
        },
        gate_rx,
    )
    .expect("start");
    connected(&mut events).await;
    mock.cloud().request_contact(MEMBER, BOT);
    next_event(&mut events, |e| {
        matches!(e, BotEvent::ContactAccepted { .. }).then_some(())
    })
    .await;
    gate.send_replace(false);
    until("hub closed", || mock.cloud().hub_connections(BOT) == 0).await;
    assert_eq!(
        bot.reply(MEMBER, "stale").await,
        Err(BotError::Unavailable),
        "no connection: the call fails in bounded time"
    );
    gate.send_replace(true);
    connected(&mut events).await;
    // Calls are served in order: once this one is sent, the stale one would have been.
    bot.reply(MEMBER, "fresh").await.expect("sent");
    let sent: Vec<_> = mock
        .cloud()
        .messages_from(BOT)
        .iter()
        .map(|m| m["content"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(sent, vec!["fresh".to_owned()]);
}

#[tokio::test]
async fn the_gate_decides_whether_this_process_holds_the_session_and_hub() {
    let mock = mock().await;
    let (gate, gate_rx) = watch::channel(false);
    let (bot, mut events) = BotAccount::start(
        &config(&mock, None),
        InstallIdentity::generate(),
        timings(),
        gate_rx,
    )
    .expect("start");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        mock.cloud().stats().logins.is_empty(),
        "no login without the lease"
    );
    gate.send_replace(true);
    connected(&mut events).await;
    gate.send_replace(false);
    next_event(&mut events, |e| {
        matches!(e, BotEvent::Disconnected { .. }).then_some(())
    })
    .await;
    until("logged out", || mock.cloud().stats().logouts == 1).await;
    until("hub closed", || mock.cloud().hub_connections(BOT) == 0).await;
    assert!(!*bot.connected().borrow());
}

#[tokio::test]
async fn public_profiles_need_no_session_and_never_show_an_email() {
    let mock = mock().await;
    let client = CloudClient::new(
        &config(&mock, None),
        InstallIdentity::generate(),
        Duration::from_secs(5),
    )
    .expect("client");
    let (profile, raw) = client
        .public_user(MEMBER)
        .await
        .expect("answered")
        .expect("found");
    assert_eq!(profile.id, MEMBER);
    assert!(!raw.contains("\"email\""));
    assert!(
        client
            .public_user("U-Nobody")
            .await
            .expect("answered")
            .is_none()
    );
}

/// The fake hub itself is strict: what a careless client gets wrong, it refuses.
mod strict_hub {
    use futures::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::{Error as WsError, Message};

    use super::*;

    type Ws = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;

    async fn open(mock: &MockHandle, auth: Option<String>) -> Result<Ws, WsError> {
        let url = format!("{}/hub", mock.api_url().replace("http://", "ws://"));
        let mut request = url.into_client_request().expect("request");
        if let Some(auth) = auth {
            request
                .headers_mut()
                .insert("Authorization", auth.parse().expect("header"));
        }
        tokio_tungstenite::connect_async(request)
            .await
            .map(|(ws, _)| ws)
    }

    async fn session_auth(mock: &MockHandle) -> String {
        let client = CloudClient::new(
            &config(mock, None),
            InstallIdentity::generate(),
            Duration::from_secs(5),
        )
        .expect("client");
        let session = client.login().await.expect("login");
        session.authorization().expose().to_owned()
    }

    /// The next text or binary frame, within [`WAIT`]; `None` once closed.
    async fn next_frame(ws: &mut Ws) -> Option<String> {
        loop {
            match tokio::time::timeout(WAIT, ws.next())
                .await
                .expect("in time")
            {
                Some(Ok(Message::Text(t))) => return Some(t.as_str().to_owned()),
                Some(Ok(Message::Binary(b))) => {
                    return Some(String::from_utf8(b.to_vec()).expect("utf-8"));
                }
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return None,
                Some(Ok(_)) => {}
            }
        }
    }

    /// A connection of the bot account past the handshake.
    async fn handshaken(mock: &MockHandle) -> Ws {
        let mut ws = open(mock, Some(session_auth(mock).await))
            .await
            .expect("open");
        ws.send(Message::text("{\"protocol\":\"json\",\"version\":1}\u{1e}"))
            .await
            .expect("send");
        assert_eq!(next_frame(&mut ws).await.as_deref(), Some("{}\u{1e}"));
        ws
    }

    async fn closed(ws: &mut Ws) {
        while next_frame(ws).await.is_some() {}
    }

    #[tokio::test]
    async fn the_upgrade_needs_a_live_session_in_the_authorization_header() {
        let mock = mock().await;
        for auth in [None, Some("res U-VerifyBot:not-a-token".to_owned())] {
            match open(&mock, auth).await {
                Err(WsError::Http(response)) => assert_eq!(response.status(), 401),
                other => panic!("expected 401, got {:?}", other.map(|_| ())),
            }
        }
        let auth = session_auth(&mock).await;
        let bearer = auth.replacen("res ", "Bearer ", 1);
        assert!(matches!(
            open(&mock, Some(bearer)).await,
            Err(WsError::Http(_))
        ));
        assert!(open(&mock, Some(auth)).await.is_ok());
        assert_eq!(mock.cloud().stats().hub_refused, 3);
    }

    #[tokio::test]
    async fn the_handshake_must_come_first() {
        let mock = mock().await;
        let mut ws = open(&mock, Some(session_auth(&mock).await))
            .await
            .expect("open");
        ws.send(Message::text("{\"type\":6}\u{1e}"))
            .await
            .expect("send");
        let answer = next_frame(&mut ws).await.expect("an answer");
        assert!(answer.contains("\"error\""), "{answer}");
        assert!(answer.ends_with('\u{1e}'));
        closed(&mut ws).await;
        assert_eq!(mock.cloud().stats().protocol_errors.len(), 1);
    }

    #[tokio::test]
    async fn records_must_end_with_the_separator_and_several_may_share_a_binary_frame() {
        let mock = mock().await;
        let auth = session_auth(&mock).await;
        // Handshake and an invocation in one binary frame: both handled, in order.
        let mut ws = open(&mock, Some(auth.clone())).await.expect("open");
        let frame = "{\"protocol\":\"json\",\"version\":1}\u{1e}{\"type\":1,\"invocationId\":\"1\",\"target\":\"InitializeStatus\",\"arguments\":[]}\u{1e}{\"type\":1,\"target\":\"BroadcastStatus\",\"arguments\":[{}]}\u{1e}";
        ws.send(Message::binary(frame.as_bytes().to_vec()))
            .await
            .expect("send");
        assert_eq!(next_frame(&mut ws).await.as_deref(), Some("{}\u{1e}"));
        let completion = next_frame(&mut ws).await.expect("a completion");
        let value: serde_json::Value =
            serde_json::from_str(completion.trim_end_matches('\u{1e}')).expect("json");
        assert_eq!(value["type"], 3);
        assert_eq!(value["invocationId"], "1");
        assert!(value["result"]["contacts"].is_array());
        // The invocation without an id got no Completion: the next frame is the hub's ping.
        let next = next_frame(&mut ws).await.expect("a ping");
        assert!(next.contains("\"type\":6"), "{next}");

        // A record without its separator: the connection is closed.
        let mut ws = open(&mock, Some(auth)).await.expect("open");
        ws.send(Message::text("{\"protocol\":\"json\",\"version\":1}"))
            .await
            .expect("send");
        closed(&mut ws).await;
        assert!(
            mock.cloud()
                .stats()
                .protocol_errors
                .iter()
                .any(|e| e.contains("0x1E"))
        );
    }

    #[tokio::test]
    async fn a_message_to_a_non_contact_is_refused_with_a_completion_error() {
        let mock = mock().await;
        let mut ws = handshaken(&mock).await;
        let now = chrono::Utc::now().to_rfc3339();
        let call = serde_json::json!({"type": 1, "invocationId": "9", "target": "SendMessage",
            "arguments": [{"id": "MSG-x", "senderId": BOT, "recipientId": MEMBER,
                "messageType": "Text", "content": "hi", "sendTime": now, "lastUpdateTime": now}]});
        ws.send(Message::text(format!("{call}\u{1e}")))
            .await
            .expect("send");
        let completion = next_frame(&mut ws).await.expect("a completion");
        assert!(completion.contains("\"error\""), "{completion}");
        assert_eq!(
            mock.cloud().stats().refused_sends,
            vec![(BOT.to_owned(), MEMBER.to_owned())]
        );
        assert!(mock.cloud().messages_from(BOT).is_empty());
    }

    #[tokio::test]
    async fn a_silent_client_is_dropped() {
        let mock = mock().await;
        mock.cloud().set_settings(CloudSettings {
            client_timeout: Duration::from_millis(500),
            ..CloudSettings::default()
        });
        let mut ws = handshaken(&mock).await;
        let mut last = String::new();
        while let Some(frame) = next_frame(&mut ws).await {
            last = frame;
        }
        assert!(
            last.contains("\"type\":7"),
            "closed with a Close record: {last}"
        );
    }

    #[tokio::test]
    async fn login_needs_the_uid_header() {
        let mock = mock().await;
        let response = reqwest::Client::new()
            .post(format!("{}/userSessions", mock.api_url()))
            .json(&serde_json::json!({"username": "VerifyBot", "authentication":
                {"$type": "password", "password": PASSWORD}, "secretMachineId": "m", "rememberMe": false}))
            .send()
            .await
            .expect("answered");
        assert_eq!(response.status(), 400);
        assert!(mock.cloud().stats().logins.is_empty());
    }
}
