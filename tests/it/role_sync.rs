//! Roles from the linked account, synced against the fake Discord: exactly the calls needed.

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::{self, GUILD, MEMBER_A, MEMBER_B, OWNER};
use resonite_verify::roles::{Facts, RoleApiError, SyncCause, facts_for};

const LINKED: u64 = 800_000_000_000_000_201;
const PATRON: u64 = 800_000_000_000_000_202;
const TIER6: u64 = 800_000_000_000_000_203;
const MENTOR: u64 = 800_000_000_000_000_204;
const NEOS: u64 = 800_000_000_000_000_205;
const UNMANAGED: u64 = 800_000_000_000_000_299;
const ABOVE_BOT: u64 = 800_000_000_000_000_250;
const LOG_CHANNEL: u64 = 800_000_000_000_000_900;
const OTHER_GUILD: u64 = 800_000_000_000_000_002;

/// A guild with five managed roles and one the bot does not manage.
async fn app_with_rules(db: TestDb) -> TestApp {
    let world = world::guild()
        .role(GUILD, LINKED, "Linked", 1)
        .role(GUILD, PATRON, "Patron", 2)
        .role(GUILD, TIER6, "Tier 6", 3)
        .role(GUILD, MENTOR, "Mentor", 4)
        .role(GUILD, NEOS, "Neos veteran", 5)
        .role(GUILD, UNMANAGED, "Artist", 6)
        .rule(GUILD, LINKED, "linked", None)
        .rule(GUILD, PATRON, "patreon", None)
        .rule(GUILD, TIER6, "tier-at-least", Some("600"))
        .rule(GUILD, MENTOR, "tag", Some("mentor"))
        .rule(GUILD, NEOS, "neos-supporter", None)
        .channel(GUILD, LOG_CHANNEL, "bot-log");
    let app = TestApp::start(world, db, Options::default()).await;
    app.core
        .store
        .settings()
        .set_log_channel(GUILD, Some(LOG_CHANNEL))
        .await
        .expect("log channel");
    app.discord.clear_requests();
    app
}

fn puts(roles: &[u64]) -> Vec<(String, u64, u64, u64)> {
    roles
        .iter()
        .map(|r| ("PUT".to_owned(), GUILD, MEMBER_A, *r))
        .collect()
}

both_backends!(
    a_patron_who_links_gets_exactly_the_roles_the_rules_grant,
    patron_links
);
async fn patron_links(db: TestDb) {
    let app = app_with_rules(db).await;
    let (status, page, token) = app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(app.role_calls(), puts(&[LINKED, PATRON, TIER6, MENTOR]));
    assert_eq!(
        app.discord.member_roles(GUILD, MEMBER_A),
        Some(vec![LINKED, PATRON, TIER6, MENTOR])
    );
    assert!(
        page.contains("Roles granted: Linked, Patron, Tier 6, Mentor"),
        "{page}"
    );
    let reply = app.discord.original_message(&token).expect("edited")["content"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        reply.contains("Roles granted: Linked, Patron, Tier 6, Mentor"),
        "{reply}"
    );
    let log: Vec<String> = app
        .discord
        .messages(LOG_CHANNEL)
        .iter()
        .map(|m| m["content"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log[0].contains("linked the Resonite account **PatronUser**"),
        "{log:?}"
    );
    assert!(
        log[1].contains("linked their Resonite account: +<@&"),
        "{log:?}"
    );
    let actions: Vec<_> = app
        .core
        .store
        .audit()
        .for_user(MEMBER_A)
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        vec![
            "linked",
            "role_added",
            "role_added",
            "role_added",
            "role_added"
        ]
    );
    app.assert_discord_requests_valid();
}

both_backends!(a_lapsed_patron_gets_only_the_linked_role, lapsed_links);
async fn lapsed_links(db: TestDb) {
    let app = app_with_rules(db).await;
    app.link(MEMBER_A, "U-LapsedUser").await;
    assert_eq!(app.role_calls(), puts(&[LINKED]));
    app.assert_discord_requests_valid();
}

#[tokio::test]
async fn a_sync_where_nothing_changed_sends_no_role_calls() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.link(MEMBER_A, "U-PatronUser").await;
    app.discord.clear_requests();
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked");
    let report = app
        .roles
        .sync_member(
            GUILD,
            MEMBER_A,
            Some(&facts_for(&link, app.clock.now())),
            SyncCause::Update { actor: MEMBER_A },
        )
        .await
        .expect("sync");
    assert!(!report.changed() && report.failed.is_empty(), "{report:?}");
    assert_eq!(app.role_calls(), vec![]);
    let methods: Vec<_> = app
        .discord
        .requests()
        .into_iter()
        .map(|r| r.method)
        .collect();
    assert!(
        methods.iter().all(|m| m == "GET"),
        "only reads: {methods:?}"
    );
    assert!(
        app.discord.messages(LOG_CHANNEL).len() == 2,
        "nothing new posted"
    );
}

#[tokio::test]
async fn lapsing_removes_supporter_roles_and_never_touches_unmanaged_ones() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.discord.add_member(
        GUILD,
        MEMBER_A,
        "member-a",
        &[LINKED, PATRON, TIER6, UNMANAGED],
    );
    app.link(MEMBER_A, "U-LapsedUser").await;
    assert_eq!(
        app.role_calls(),
        vec![
            ("DELETE".to_owned(), GUILD, MEMBER_A, PATRON),
            ("DELETE".to_owned(), GUILD, MEMBER_A, TIER6)
        ]
    );
    assert_eq!(
        app.discord.member_roles(GUILD, MEMBER_A),
        Some(vec![LINKED, UNMANAGED])
    );
}

#[tokio::test]
async fn unlinking_removes_every_managed_role_in_every_guild() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.discord.add_guild(OTHER_GUILD, "Other", OWNER);
    app.discord.add_role(
        OTHER_GUILD,
        resonite_verify_fakes::discord::FakeRole {
            id: crate::support::world::BOT_ROLE + 1,
            name: "bot".into(),
            position: 10,
            permissions: crate::support::world::MANAGE_ROLES,
            managed: true,
        },
    );
    app.discord
        .set_bot_roles(OTHER_GUILD, &[crate::support::world::BOT_ROLE + 1]);
    app.add_role(OTHER_GUILD, 42, "Other linked", 1);
    app.discord
        .add_member(OTHER_GUILD, MEMBER_A, "member-a", &[]);
    app.add_rule(OTHER_GUILD, 42, "linked", "").await;
    app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(
        app.discord.member_roles(OTHER_GUILD, MEMBER_A),
        Some(vec![42])
    );
    app.discord.clear_requests();

    app.core
        .links
        .unlink(MEMBER_A, MEMBER_A, Some(GUILD))
        .await
        .expect("unlink");
    app.settle().await;
    assert_eq!(app.discord.member_roles(GUILD, MEMBER_A), Some(vec![]));
    assert_eq!(
        app.discord.member_roles(OTHER_GUILD, MEMBER_A),
        Some(vec![])
    );
    assert_eq!(
        app.role_calls().len(),
        5,
        "four roles here, one there: {:?}",
        app.role_calls()
    );
    assert!(app.role_calls().iter().all(|c| c.0 == "DELETE"));
    app.assert_discord_requests_valid();
}

#[tokio::test]
async fn a_member_not_in_a_guild_is_skipped_there() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.discord.remove_member(GUILD, MEMBER_B);
    let report = app
        .roles
        .sync_member(GUILD, MEMBER_B, Some(&Facts::default()), SyncCause::Joined)
        .await
        .expect("sync");
    assert!(report.not_member);
    assert_eq!(app.role_calls(), vec![]);
}

#[tokio::test]
async fn a_role_above_the_bot_fails_alone_and_the_admin_is_told() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.add_role(GUILD, ABOVE_BOT, "Staff", 20);
    app.add_rule(GUILD, ABOVE_BOT, "linked", "").await;
    app.link(MEMBER_A, "U-BasicUser").await;
    // Both attempted; the one above the bot is refused by Discord, the other lands.
    assert_eq!(app.role_calls(), puts(&[LINKED, ABOVE_BOT]));
    assert_eq!(
        app.discord.member_roles(GUILD, MEMBER_A),
        Some(vec![LINKED])
    );
    let log: Vec<String> = app
        .discord
        .messages(LOG_CHANNEL)
        .iter()
        .map(|m| m["content"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        log.iter().any(|l| l.contains("move its role above")),
        "{log:?}"
    );
    let audit = app
        .core
        .store
        .audit()
        .for_user(MEMBER_A)
        .await
        .expect("audit");
    assert!(audit.iter().any(|e| e.action == "role_failed"));
}

#[tokio::test]
async fn a_deleted_role_disables_its_rules_and_the_rest_still_apply() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.discord.remove_role(GUILD, MENTOR);
    app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(app.role_calls(), puts(&[LINKED, PATRON, TIER6, MENTOR]));
    assert_eq!(
        app.discord.member_roles(GUILD, MEMBER_A),
        Some(vec![LINKED, PATRON, TIER6])
    );
    let rules = app
        .core
        .store
        .rules()
        .for_guild(GUILD)
        .await
        .expect("rules");
    let mentor = rules
        .iter()
        .find(|r| r.role_id == MENTOR)
        .expect("kept, disabled");
    assert_eq!(
        mentor.disabled_reason.as_deref(),
        Some("the role was deleted")
    );
    // Disabled rules are not applied again: the next sync sends nothing.
    app.discord.clear_requests();
    let link = app
        .core
        .store
        .links()
        .by_discord(MEMBER_A)
        .await
        .expect("read")
        .expect("linked");
    app.roles
        .sync_member(
            GUILD,
            MEMBER_A,
            Some(&facts_for(&link, app.clock.now())),
            SyncCause::Sweep,
        )
        .await
        .expect("sync");
    assert_eq!(app.role_calls(), vec![]);
    let log: Vec<String> = app
        .discord
        .messages(LOG_CHANNEL)
        .iter()
        .map(|m| m["content"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(
        log.iter()
            .any(|l| l.contains("was deleted: its rules are now disabled")),
        "{log:?}"
    );
}

#[tokio::test]
async fn a_rate_limited_call_is_retried_after_waiting() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.discord.rate_limit_next(1, 0.05);
    app.link(MEMBER_A, "U-LapsedUser").await;
    // The first PUT got 429, the retry landed; nothing else was sent.
    assert_eq!(app.role_calls(), puts(&[LINKED, LINKED]));
    assert_eq!(
        app.discord.member_roles(GUILD, MEMBER_A),
        Some(vec![LINKED])
    );
}

#[tokio::test]
async fn persistent_rate_limits_give_up_after_three_attempts() {
    let app = app_with_rules(TestDb::sqlite()).await;
    app.discord.rate_limit_next(10, 0.01);
    let report = app
        .roles
        .sync_member(GUILD, MEMBER_A, Some(&Facts::default()), SyncCause::Sweep)
        .await
        .expect("sync");
    assert_eq!(app.role_calls(), puts(&[LINKED, LINKED, LINKED]));
    assert!(
        matches!(
            report.failed.as_slice(),
            [(LINKED, RoleApiError::RateLimited(_))]
        ),
        "{report:?}"
    );
}

#[tokio::test]
async fn bot_standing_and_guild_roles_are_read_from_discord() {
    let app = app_with_rules(TestDb::sqlite()).await;
    let standing = app
        .roles
        .gateway()
        .bot_standing(GUILD)
        .await
        .expect("standing");
    assert!(standing.can_manage_roles);
    assert_eq!(standing.highest_position, 10);
    let roles = app.roles.gateway().guild_roles(GUILD).await.expect("roles");
    let staff = roles.iter().find(|r| r.id == MENTOR).expect("mentor role");
    assert_eq!(
        (staff.name.as_str(), staff.position, staff.managed),
        ("Mentor", 4, false)
    );
    app.assert_discord_requests_valid();
}

/// Start (from a `/link` in `locale`) → approve as `resonite_user` → callback → Link;
/// returns the page and the `/link`'s interaction token.
async fn link_in(
    app: &TestApp,
    user: u64,
    resonite_user: &str,
    locale: &str,
) -> (u16, String, String) {
    let (started, token) = app.start_link_in(user, Some(locale)).await;
    let callback = app.approve(&started, resonite_user).await;
    let (status, page) = app.get(&callback).await;
    (status, page, token)
}

/// Whether `request` edits the `/link` reply behind `token` (a `PATCH` of its original).
fn edits_reply(request: &resonite_verify_fakes::discord::RecordedRequest, token: &str) -> bool {
    request.method == "PATCH"
        && request
            .path
            .ends_with(&format!("/{token}/messages/@original"))
}

/// The edits of the `/link` reply behind `token`, once every reconcile is done and the first
/// edit has arrived (the reconcile edits right after it finished).
async fn reply_edits(app: &TestApp, token: &str) -> Vec<String> {
    app.settle().await;
    app.discord
        .wait_for_request(
            |r| edits_reply(r, token),
            std::time::Duration::from_secs(10),
        )
        .await;
    app.discord
        .requests()
        .iter()
        .filter(|r| edits_reply(r, token))
        .map(|r| {
            r.body
                .as_ref()
                .and_then(|b| b["content"].as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect()
}

both_backends!(
    the_link_reply_is_edited_once_per_link_in_the_members_language,
    one_edit_in_german
);
async fn one_edit_in_german(db: TestDb) {
    let app = app_with_rules(db).await;
    let (status, page, first) = link_in(&app, MEMBER_A, "U-BasicUser", "de").await;
    assert_eq!(status, 200, "{page}");
    let edits = reply_edits(&app, &first).await;
    assert_eq!(
        edits.len(),
        1,
        "one edit of the first /link's reply: {edits:#?}"
    );
    assert!(
        edits[0].starts_with("✅ Mit dem Resonite-Konto **BasicUser** (`U-BasicUser`) verknüpft."),
        "{edits:#?}"
    );
    assert!(edits[0].contains("Vergebene Rollen: Linked"), "{edits:#?}");

    // A relink to another account: its own reply, edited once, names the account replaced.
    let (status, page, second) = link_in(&app, MEMBER_A, "U-PatronUser", "de").await;
    assert_eq!(status, 200, "{page}");
    let edits = reply_edits(&app, &second).await;
    assert_eq!(edits.len(), 1, "one edit of the relink's reply: {edits:#?}");
    let reply = &edits[0];
    assert!(
        reply.starts_with("✅ Mit dem Resonite-Konto **PatronUser** (`U-PatronUser`) verknüpft."),
        "{reply}"
    );
    assert!(
        reply.contains("Das ersetzt deine bisherige Verknüpfung mit **BasicUser**."),
        "{reply}"
    );
    assert!(reply.contains("Patron"), "{reply}");
    assert_eq!(
        reply_edits(&app, &first).await.len(),
        1,
        "the first reply is left alone"
    );
    app.assert_discord_requests_valid();
}

/// Discord fails the role changes past the page's wait: the page says the roles are on their
/// way, and the reply is edited once, when they arrive — with them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_whose_roles_are_late_is_edited_once_when_they_arrive() {
    let app = app_with_rules(TestDb::sqlite()).await;
    let fault = app.discord.server_error(
        resonite_verify_fakes::discord::Route::role_changes(),
        503,
        None,
    );
    let (status, page, token) = link_in(&app, MEMBER_A, "U-PatronUser", "de").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Deine Rollen sind unterwegs"), "{page}");
    let edited = app
        .discord
        .requests()
        .iter()
        .any(|r| edits_reply(r, &token));
    assert!(!edited, "not edited while the roles are pending");

    app.discord.clear_fault(fault);
    let edits = reply_edits(&app, &token).await;
    assert_eq!(edits.len(), 1, "{edits:#?}");
    assert!(
        edits[0].starts_with("✅ Mit dem Resonite-Konto **PatronUser**"),
        "{edits:#?}"
    );
    assert!(
        edits[0].contains("Vergebene Rollen: Linked, Patron"),
        "{edits:#?}"
    );
}
