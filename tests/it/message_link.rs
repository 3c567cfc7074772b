//! Linking by message end to end through the fake hub: `/link`'s code sent to the bot's
//! Resonite account links the sender (Resonite's `senderId`, never a name in the text), the
//! member gets the role, the `/link` reply is edited and the sender is answered in Resonite;
//! wrong, expired, used and taken codes link nothing and say why; five wrong codes silence
//! a sender for the window; help at most once per ten minutes (the test clock, no sleeps);
//! `undo` within a day; a hub outage leaves the Discord side alone.

use std::time::Duration;

use resonite_verify::config::{ResoniteBotConfig, Secret};
use resonite_verify::linking::LinkRequest;
use resonite_verify::linking::by_message::MessageLinker;
use resonite_verify::resonite::bot::{Backoff, BotAccount, BotTimings, InstallIdentity};
use resonite_verify::store::LinkMethod;
use resonite_verify_fakes::resonite::cloud::{CloudAccount, FakeCloud};
use serde_json::Value;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::support::app::TestApp;
use crate::support::db::TestDb;
use crate::support::world::{GUILD, GUILD_NAME, MEMBER_A, MEMBER_B};

const WAIT: Duration = Duration::from_secs(20);
const BOT: &str = "U-VerifyBot";
const BOT_NAME: &str = "VerifyBot";
const PASSWORD: &str = "correct horse battery staple";
/// Accounts of the mock's public profiles.
const PATRON: &str = "U-PatronUser";
const BASIC: &str = "U-BasicUser";
const LINKED_ROLE: u64 = 810_000_000_000_000_999;

struct Harness {
    app: TestApp,
    stop: watch::Sender<bool>,
    _gate: watch::Sender<bool>,
    worker: tokio::task::JoinHandle<()>,
}

fn timings() -> BotTimings {
    BotTimings {
        http_timeout: Duration::from_secs(5),
        call_timeout: Duration::from_secs(5),
        ping_interval: Duration::from_millis(300),
        hub_timeout: Duration::from_secs(5),
        contact_poll: Duration::from_millis(300),
        backoff: Backoff::new(Duration::from_millis(100), Duration::from_millis(500)),
    }
}

/// The app with a `linked` rule, the bot's account on the mock and the message worker.
async fn harness(db: TestDb) -> Harness {
    let app = TestApp::spawn(db).await;
    app.add_role(GUILD, LINKED_ROLE, "Linked", 2);
    app.add_rule(GUILD, LINKED_ROLE, "linked", "").await;
    let cloud = app.resonite.cloud();
    cloud.add_account(CloudAccount::new(BOT, BOT_NAME, PASSWORD));
    let cfg = ResoniteBotConfig {
        username: BOT_NAME.into(),
        password: Secret::new(PASSWORD),
        totp_secret: None,
        api_url: app.resonite.api_url().parse().expect("url"),
    };
    let (gate, gate_rx) = watch::channel(true);
    let (bot, events) =
        BotAccount::start(&cfg, InstallIdentity::generate(), timings(), gate_rx).expect("start");
    let (stop, stop_rx) = watch::channel(false);
    let linker = MessageLinker::new(app.core.links.clone(), bot);
    let worker = tokio::spawn(linker.run(events, stop_rx));
    Harness {
        app,
        stop,
        _gate: gate,
        worker,
    }
}

impl Harness {
    fn cloud(&self) -> &FakeCloud {
        self.app.resonite.cloud()
    }

    /// What `/link` stores for `user`: the code shown and the interaction token.
    async fn code_for(&self, user: u64) -> (String, String) {
        let token = format!(
            "interaction-{user}-{}",
            resonite_verify::linking::random_token()
        );
        let started = self
            .app
            .core
            .links
            .start_code(
                &LinkRequest {
                    discord_user_id: user,
                    discord_name: &format!("member-{user}"),
                    guild_id: Some(GUILD),
                    guild_name: Some(GUILD_NAME),
                    interaction_token: &token,
                    ..Default::default()
                },
                BOT_NAME,
            )
            .await
            .expect("a code");
        (started.code, token)
    }

    /// `user` asks the bot to be a contact; the bot accepts.
    async fn contact(&self, user: &str) {
        self.cloud().request_contact(user, BOT);
        self.until(|h| h.cloud().contact_status(BOT, user).as_deref() == Some("Accepted"))
            .await;
    }

    async fn until(&self, done: impl Fn(&Self) -> bool) {
        let deadline = Instant::now() + WAIT;
        while !done(self) {
            assert!(Instant::now() < deadline, "not within {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The bot's answers to `user`, in order.
    fn answers(&self, user: &str) -> Vec<String> {
        self.cloud()
            .messages_from(BOT)
            .iter()
            .filter(|m| m.get("recipientId").and_then(Value::as_str) == Some(user))
            .filter_map(|m| m.get("content").and_then(Value::as_str).map(str::to_owned))
            .collect()
    }

    /// `user` sends `text`; returns the answer, or `None` when the message was handled (read)
    /// without one.
    async fn say(&self, user: &str, text: &str) -> Option<String> {
        let before = self.answers(user).len();
        let id = self.cloud().send_text(user, BOT, text).expect("sent");
        self.until(|h| {
            h.cloud()
                .message(&id)
                .is_some_and(|m| m.get("readTime").is_some_and(|t| !t.is_null()))
        })
        .await;
        let answers = self.answers(user);
        assert!(answers.len() <= before + 1, "{answers:?}");
        answers.get(before).cloned()
    }

    async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.worker.await;
    }
}

fn has_role(app: &TestApp, user: u64) -> bool {
    app.discord
        .member_roles(GUILD, user)
        .is_some_and(|roles| roles.contains(&LINKED_ROLE))
}

fn reply_of(app: &TestApp, token: &str) -> String {
    app.discord
        .original_message(token)
        .and_then(|m| m.get("content").and_then(|c| c.as_str()).map(str::to_owned))
        .unwrap_or_default()
}

both_backends!(a_code_sent_in_resonite_links_the_sender, links_the_sender);
async fn links_the_sender(db: TestDb) {
    let h = harness(db).await;
    let (code, token) = h.code_for(MEMBER_A).await;
    assert_eq!(code.len(), 14, "{code}");
    h.contact(PATRON).await;
    // Typed carelessly: lower case, spaces for dashes.
    let typed = code.to_lowercase().replace('-', " ");
    let answer = h.say(PATRON, &typed).await.expect("an answer");
    assert!(answer.contains(&format!("member-{MEMBER_A}")), "{answer}");
    assert!(answer.contains("undo"), "{answer}");

    let store = &h.app.core.store;
    let link = store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked");
    assert_eq!(link.resonite_user_id, PATRON);
    assert_eq!(link.resonite_username, "PatronUser");
    assert_eq!(
        store.link_codes().method_of(MEMBER_A).await.expect("read"),
        Some(LinkMethod::Message)
    );
    h.app.settle().await;
    assert!(has_role(&h.app, MEMBER_A), "the member got the role");
    let reply = reply_of(&h.app, &token);
    assert!(
        reply.contains("Linked to the Resonite account **PatronUser**"),
        "{reply}"
    );
    let marks = h.cloud().read_marks();
    assert!(marks.iter().any(|m| m.sender_id == PATRON), "{marks:?}");
    let audit = store.audit().for_user(MEMBER_A).await.expect("audit");
    assert!(
        audit
            .iter()
            .any(|e| e.detail.contains("by a message in Resonite")),
        "{audit:?}"
    );
    h.app.assert_discord_requests_valid();
    h.stop().await;
}

both_backends!(
    codes_unknown_expired_or_used_link_nothing_and_say_why,
    refusals
);
async fn refusals(db: TestDb) {
    let h = harness(db).await;
    h.contact(PATRON).await;
    h.contact(BASIC).await;

    let unknown = h.say(PATRON, "K7Q2-M9XD-4HTW").await.expect("an answer");
    assert!(unknown.contains("not one of mine"), "{unknown}");

    let (expired, _) = h.code_for(MEMBER_A).await;
    h.app.clock.advance(601);
    let answer = h.say(PATRON, &expired).await.expect("an answer");
    assert!(answer.contains("expired"), "{answer}");

    let (code, _) = h.code_for(MEMBER_A).await;
    let first = h.say(PATRON, &code).await.expect("an answer");
    assert!(first.starts_with("Linked"), "{first}");
    // The same code from another account: used, nothing changes.
    let again = h.say(BASIC, &code).await.expect("an answer");
    assert!(again.contains("already used"), "{again}");
    let store = &h.app.core.store;
    assert!(
        store
            .links()
            .by_resonite(BASIC)
            .await
            .expect("read")
            .is_none()
    );
    assert_eq!(
        store
            .links()
            .by_discord(MEMBER_A)
            .await
            .expect("read")
            .map(|l| l.resonite_user_id),
        Some(PATRON.to_owned())
    );
    h.stop().await;
}

both_backends!(an_account_linked_to_someone_else_is_refused, account_taken);
async fn account_taken(db: TestDb) {
    let h = harness(db).await;
    h.contact(PATRON).await;
    let (code, _) = h.code_for(MEMBER_A).await;
    assert!(
        h.say(PATRON, &code)
            .await
            .expect("answer")
            .starts_with("Linked")
    );
    let (code_b, token_b) = h.code_for(MEMBER_B).await;
    let answer = h.say(PATRON, &code_b).await.expect("an answer");
    assert!(
        answer.contains("already linked to another Discord account"),
        "{answer}"
    );
    let store = &h.app.core.store;
    assert!(
        store
            .links()
            .by_discord(MEMBER_B)
            .await
            .expect("read")
            .is_none()
    );
    let reply = reply_of(&h.app, &token_b);
    assert!(
        reply.contains("PatronUser"),
        "the /link reply says why: {reply}"
    );
    h.stop().await;
}

both_backends!(the_sender_is_linked_whatever_the_text_names, sender_wins);
async fn sender_wins(db: TestDb) {
    let h = harness(db).await;
    h.contact(BASIC).await;
    let (code, _) = h.code_for(MEMBER_A).await;
    // BasicUser sends A's code: the link is BasicUser's account, the sender.
    let answer = h.say(BASIC, &format!(" `{code}` ")).await.expect("answer");
    assert!(answer.starts_with("Linked"), "{answer}");
    let link = h
        .app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked");
    assert_eq!(link.resonite_user_id, BASIC);
    // A name in the text is only text: no code, no link.
    let said = h.say(BASIC, &format!("{code} {PATRON}")).await;
    assert!(said.is_some_and(|a| a.contains("/link")));
    assert!(
        h.app
            .core
            .store
            .links()
            .by_resonite(PATRON)
            .await
            .expect("read")
            .is_none()
    );
    h.stop().await;
}

both_backends!(
    five_wrong_codes_silence_a_sender_for_ten_minutes,
    wrong_codes
);
async fn wrong_codes(db: TestDb) {
    let h = harness(db).await;
    h.contact(PATRON).await;
    for n in 1..=4 {
        let answer = h.say(PATRON, &format!("AAAA-BBBB-CCC{n}")).await;
        assert!(
            answer.is_some_and(|a| a.contains("not one of mine")),
            "try {n}"
        );
    }
    let fifth = h.say(PATRON, "AAAA-BBBB-CCC5").await.expect("an answer");
    assert!(fifth.contains("Too many wrong codes"), "{fifth}");
    // The rest of the window: even a good code is not read.
    let (code, _) = h.code_for(MEMBER_A).await;
    assert_eq!(h.say(PATRON, &code).await, None);
    assert!(
        h.app
            .core
            .store
            .links()
            .by_discord(MEMBER_A)
            .await
            .expect("read")
            .is_none()
    );
    h.app.clock.advance(601);
    let (code, _) = h.code_for(MEMBER_A).await;
    let answer = h.say(PATRON, &code).await.expect("an answer");
    assert!(answer.starts_with("Linked"), "{answer}");
    h.stop().await;
}

both_backends!(other_text_gets_help_at_most_once_per_ten_minutes, help_once);
async fn help_once(db: TestDb) {
    let h = harness(db).await;
    h.contact(PATRON).await;
    let help = h
        .say(PATRON, "hello, how does this work?")
        .await
        .expect("help");
    assert!(help.contains("/link"), "{help}");
    assert_eq!(h.say(PATRON, "hello?").await, None);
    h.app.clock.advance(599);
    assert_eq!(h.say(PATRON, "anyone?").await, None);
    h.app.clock.advance(2);
    assert!(h.say(PATRON, "hello again").await.is_some());
    h.stop().await;
}

both_backends!(undo_within_a_day_removes_a_link_by_message, undo);
async fn undo(db: TestDb) {
    let h = harness(db).await;
    h.contact(PATRON).await;
    let nothing = h.say(PATRON, "undo").await.expect("an answer");
    assert!(nothing.contains("Nothing to undo"), "{nothing}");
    let (code, _) = h.code_for(MEMBER_A).await;
    assert!(
        h.say(PATRON, &code)
            .await
            .expect("answer")
            .starts_with("Linked")
    );
    h.app.settle().await;
    assert!(has_role(&h.app, MEMBER_A));
    let undone = h.say(PATRON, "UNDO").await.expect("an answer");
    assert!(undone.contains("removed"), "{undone}");
    assert!(
        h.app
            .core
            .store
            .links()
            .by_discord(MEMBER_A)
            .await
            .expect("read")
            .is_none()
    );
    h.app.settle().await;
    assert!(!has_role(&h.app, MEMBER_A));

    // After a day, undo no longer applies.
    let (code, _) = h.code_for(MEMBER_A).await;
    assert!(
        h.say(PATRON, &code)
            .await
            .expect("answer")
            .starts_with("Linked")
    );
    h.app.clock.advance(86_401);
    let late = h.say(PATRON, "undo").await.expect("an answer");
    assert!(late.contains("Nothing to undo"), "{late}");
    assert!(
        h.app
            .core
            .store
            .links()
            .by_discord(MEMBER_A)
            .await
            .expect("read")
            .is_some()
    );
    h.stop().await;
}

both_backends!(
    a_hub_outage_leaves_discord_alone_and_a_later_code_links,
    hub_outage
);
async fn hub_outage(db: TestDb) {
    let h = harness(db).await;
    h.contact(PATRON).await;
    h.cloud().drop_hub_connections();
    h.cloud().void_sessions();
    // Discord's side meanwhile: /link and the OAuth flow work.
    let (code, token) = h.code_for(MEMBER_A).await;
    let (status, _, _) = h.app.link(MEMBER_B, BASIC).await;
    assert_eq!(status, 200);
    assert!(
        h.app
            .core
            .store
            .links()
            .by_discord(MEMBER_B)
            .await
            .expect("read")
            .is_some()
    );
    // The bot logs in again and reconnects; the code sent after links.
    let answer = h.say(PATRON, &code).await.expect("an answer");
    assert!(answer.starts_with("Linked"), "{answer}");
    assert!(reply_of(&h.app, &token).contains("PatronUser"));
    h.stop().await;
}

both_backends!(
    a_lapse_seen_in_the_public_profile_removes_the_supporter_role,
    reverify_public
);
async fn reverify_public(db: TestDb) {
    use resonite_verify_fakes::world::generated_profile as profile;
    const PATRON_ROLE: u64 = 810_000_000_000_000_998;
    let h = harness(db).await;
    h.app.add_role(GUILD, PATRON_ROLE, "Patron", 3);
    h.app.add_rule(GUILD, PATRON_ROLE, "patreon", "").await;
    let member = "U-Gen7";
    h.app.resonite.set_profile(profile(7, true, 600, &[]));
    h.contact(member).await;
    let (code, _) = h.code_for(MEMBER_A).await;
    assert!(
        h.say(member, &code)
            .await
            .expect("answer")
            .starts_with("Linked")
    );
    h.app.settle().await;
    let roles = |app: &TestApp| {
        app.discord
            .member_roles(GUILD, MEMBER_A)
            .unwrap_or_default()
    };
    assert!(roles(&h.app).contains(&PATRON_ROLE), "{:?}", roles(&h.app));

    // The sweep, with no token, reads the public profile (the bot account's API).
    let core = &h.app.core;
    let cfg = ResoniteBotConfig {
        username: BOT_NAME.into(),
        password: Secret::new(PASSWORD),
        totp_secret: None,
        api_url: h.app.resonite.api_url().parse().expect("url"),
    };
    // The same app with the bot account configured, built through the one assembly.
    let mut config = core.config.clone();
    config.resonite_bot = Some(cfg);
    let with_bot = resonite_verify::app::Core::build(config, h.app.clock.clone())
        .await
        .expect("a core with the bot account");
    let reverifier = &with_bot.reverifier;
    assert!(reverifier.verifies_with_resonite());
    let sweep = || async {
        let (_keep, stop) = watch::channel(false);
        h.app.clock.advance(2 * 86_400);
        reverifier
            .sweep_if_due(&stop, &|_| {})
            .await
            .expect("sweep");
        h.app.settle().await;
    };

    // A public profile without the supporter fields removes nothing.
    let mut bare = profile(7, true, 600, &[]);
    if let Some(map) = bare.as_object_mut() {
        map.remove("isActiveSupporter");
        map.remove("supporterMetadata");
    }
    h.app.resonite.set_profile(bare);
    sweep().await;
    assert!(roles(&h.app).contains(&PATRON_ROLE), "{:?}", roles(&h.app));

    // A lapse it shows is followed: the supporter role goes, the linked role stays.
    h.app.resonite.set_profile(profile(7, false, 600, &[]));
    sweep().await;
    let now = roles(&h.app);
    assert!(!now.contains(&PATRON_ROLE), "{now:?}");
    assert!(now.contains(&LINKED_ROLE), "{now:?}");
    h.stop().await;
}
