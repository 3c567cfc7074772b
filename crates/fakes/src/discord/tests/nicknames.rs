//! `PATCH /guilds/{g}/members/{u}` under Discord's nickname rules.

use serde_json::{Value, json};
use serenity::all::{EditMember, GuildId, RoleId, UserId};
use serenity::model::guild::Member;

use super::super::state::{ADMINISTRATOR, MANAGE_NICKNAMES, MANAGE_ROLES};
use super::{
    ABOVE, ALICE, BOB, BOT, BOT_ROLE, GUILD, LINKED, OWNER, TOKEN, failure, fake, role, serve,
};
use crate::discord::FakeDiscord;

const NICKS: u64 = 150;
/// A member with the bot's own highest role.
const PEER: u64 = 202;
const HELPER: u64 = 203;

/// The shared fixture, plus Manage Nicknames for the bot (from a role at its
/// own role's position, so its highest position stays 5).
async fn setup() -> (FakeDiscord, serenity::http::Http) {
    let fake = fake();
    fake.add_role(GUILD, role(NICKS, "Nicknamer", 4, MANAGE_NICKNAMES, false));
    fake.set_bot_roles(GUILD, &[BOT_ROLE, NICKS]);
    fake.add_member(GUILD, PEER, "peer", &[BOT_ROLE]);
    fake.add_member(GUILD, OWNER, "owner", &[]);
    fake.add_member(GUILD, HELPER, "helper", &[ABOVE]);
    let (_, base) = serve(&fake, TOKEN).await;
    let http = serenity::http::HttpBuilder::new(TOKEN)
        .proxy(base)
        .ratelimiter_disabled(true)
        .build();
    (fake, http)
}

async fn set_nick(http: &serenity::http::Http, user: u64, body: Value) -> serenity::Result<Member> {
    http.edit_member(
        GuildId::new(GUILD),
        UserId::new(user),
        &body,
        Some("nickname template"),
    )
    .await
}

#[tokio::test]
async fn nick_is_set_answered_and_reset() {
    let (fake, http) = setup().await;
    let member = GuildId::new(GUILD)
        .edit_member(
            &http,
            UserId::new(ALICE),
            EditMember::new().nickname("Alice [Resonite]"),
        )
        .await
        .unwrap();
    assert_eq!(member.nick.as_deref(), Some("Alice [Resonite]"));
    assert_eq!(member.user.id, UserId::new(ALICE));
    assert_eq!(
        fake.member_nick(GUILD, ALICE).as_deref(),
        Some("Alice [Resonite]")
    );
    let stored = http
        .get_member(GuildId::new(GUILD), UserId::new(ALICE))
        .await
        .unwrap();
    assert_eq!(stored.nick.as_deref(), Some("Alice [Resonite]"));
    let request = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(request.audit_log_reason, None);

    // Exactly 32 characters (not bytes) is allowed.
    let longest = "é".repeat(32);
    let member = set_nick(&http, ALICE, json!({ "nick": longest }))
        .await
        .unwrap();
    assert_eq!(member.nick.as_deref(), Some(longest.as_str()));

    // `null` and the empty string both reset it.
    let member = set_nick(&http, ALICE, json!({ "nick": null }))
        .await
        .unwrap();
    assert_eq!(member.nick, None);
    assert_eq!(fake.member_nick(GUILD, ALICE), None);
    set_nick(&http, ALICE, json!({ "nick": "again" }))
        .await
        .unwrap();
    set_nick(&http, ALICE, json!({ "nick": "" })).await.unwrap();
    assert_eq!(fake.member_nick(GUILD, ALICE), None);

    // A body without `nick` leaves it alone (and needs no Manage Nicknames).
    fake.set_member_nick(GUILD, ALICE, Some("kept"));
    set_nick(&http, ALICE, json!({ "mute": false }))
        .await
        .unwrap();
    assert_eq!(fake.member_nick(GUILD, ALICE).as_deref(), Some("kept"));
    let reason = fake
        .requests()
        .into_iter()
        .rfind(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(
        reason.audit_log_reason.as_deref(),
        Some("nickname template")
    );
}

#[tokio::test]
async fn too_long_nick_is_refused_with_discords_form_error() {
    let (fake, _) = setup().await;
    let (_, base) = serve(&fake, TOKEN).await;
    let response = reqwest::Client::new()
        .patch(format!("{base}/api/v10/guilds/{GUILD}/members/{ALICE}"))
        .header("Authorization", format!("Bot {TOKEN}"))
        .json(&json!({ "nick": "x".repeat(33) }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({
            "message": "Invalid Form Body",
            "code": 50035,
            "errors": { "nick": { "_errors": [{
                "code": "BASE_TYPE_MAX_LENGTH",
                "message": "Must be 32 or fewer in length.",
            }]}},
        })
    );
    assert_eq!(fake.member_nick(GUILD, ALICE), None);
}

#[tokio::test]
async fn owner_equal_and_higher_members_are_refused() {
    let (fake, http) = setup().await;
    for user in [OWNER, PEER, HELPER] {
        let result = set_nick(&http, user, json!({ "nick": "renamed" })).await;
        assert_eq!(failure(result), (403, 50013), "user {user}");
        // Resetting is a change too.
        let result = set_nick(&http, user, json!({ "nick": null })).await;
        assert_eq!(failure(result), (403, 50013), "user {user}");
        assert_eq!(fake.member_nick(GUILD, user), None);
    }
    let unknown = set_nick(&http, 999, json!({ "nick": "x" })).await;
    assert_eq!(failure(unknown), (404, 10007));
}

#[tokio::test]
async fn manage_nicknames_is_needed_and_administrator_grants_it() {
    let (fake, http) = setup().await;
    fake.set_bot_roles(GUILD, &[BOT_ROLE]);
    let result = set_nick(&http, ALICE, json!({ "nick": "renamed" })).await;
    assert_eq!(failure(result), (403, 50013));
    assert_eq!(fake.member_nick(GUILD, ALICE), None);

    fake.add_role(GUILD, role(160, "Admin bot", 3, ADMINISTRATOR, false));
    fake.set_bot_roles(GUILD, &[BOT_ROLE, 160]);
    set_nick(&http, ALICE, json!({ "nick": "renamed" }))
        .await
        .unwrap();
    // Administrator does not lift the hierarchy.
    let result = set_nick(&http, HELPER, json!({ "nick": "renamed" })).await;
    assert_eq!(failure(result), (403, 50013));
    // The bot's own nickname needs no hierarchy.
    let member = set_nick(&http, BOT, json!({ "nick": "Linker (dev)" }))
        .await
        .unwrap();
    assert_eq!(member.nick.as_deref(), Some("Linker (dev)"));
}

#[tokio::test]
async fn roles_in_the_patch_follow_the_role_rules() {
    let (fake, http) = setup().await;
    let member = set_nick(&http, ALICE, json!({ "roles": [LINKED.to_string()] }))
        .await
        .unwrap();
    assert_eq!(member.roles, vec![RoleId::new(LINKED)]);
    let above = set_nick(&http, ALICE, json!({ "roles": [ABOVE.to_string()] })).await;
    assert_eq!(failure(above), (403, 50013));
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![LINKED]));
    set_nick(&http, BOB, json!({ "roles": [] })).await.unwrap();
    assert_eq!(fake.member_roles(GUILD, BOB), Some(vec![]));
    assert_eq!(MANAGE_ROLES & MANAGE_NICKNAMES, 0);
}

#[tokio::test]
async fn display_name_nick_and_bot_flag_show_in_member_payloads() {
    let (fake, http) = setup().await;
    fake.set_global_name(ALICE, Some("Alice A."));
    fake.set_member_nick(GUILD, ALICE, Some("ali"));
    fake.add_member(GUILD, 204, "helperbot", &[]);
    fake.set_user_bot(204, true);
    let alice = http
        .get_member(GuildId::new(GUILD), UserId::new(ALICE))
        .await
        .unwrap();
    assert_eq!(alice.user.global_name.as_deref(), Some("Alice A."));
    assert_eq!(alice.nick.as_deref(), Some("ali"));
    assert!(!alice.user.bot);
    let helper = http
        .get_member(GuildId::new(GUILD), UserId::new(204))
        .await
        .unwrap();
    assert!(helper.user.bot);
    let create = fake.guild_create_payload(GUILD).unwrap();
    let listed = create["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["user"]["id"] == json!(ALICE.to_string()))
        .unwrap()
        .clone();
    assert_eq!(listed["nick"], json!("ali"));
    assert_eq!(listed["user"]["global_name"], json!("Alice A."));
    fake.set_global_name(ALICE, None);
    fake.set_member_nick(GUILD, ALICE, None);
    let alice = http
        .get_member(GuildId::new(GUILD), UserId::new(ALICE))
        .await
        .unwrap();
    assert_eq!((alice.user.global_name, alice.nick), (None, None));
}
