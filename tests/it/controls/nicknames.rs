//! `/config nickname`: linked members' nicknames from a template, cut to 32 characters,
//! never the owner's or those above the bot, and the previous nickname given back.

use serde_json::json;

use super::{changing_calls, config, drained, wait_for_nick};
use crate::support::db::TestDb;
use crate::support::e2e::*;

fn template(text: &str) -> serde_json::Value {
    json!([{ "name": "template", "type": 3, "value": text }])
}

both_backends!(templates_are_checked_and_need_manage_nicknames, refusals);
async fn refusals(db: TestDb) {
    // The bot's role has Manage Roles only.
    let t = E2e::start(db).await;
    let cases = [
        (
            "{nick}",
            "`template:` `{nick}` is not a placeholder I know: use {resonite}",
        ),
        (
            "   ",
            "`template:` the template would give an empty nickname",
        ),
        ("{resonite", "`template:` a `{` is never closed"),
    ];
    for (input, expected) in cases {
        let refused = config(&t, OWNER, "nickname", template(input)).await;
        assert!(refused.starts_with(expected), "{input:?}: {refused}");
        assert!(refused.contains("e.g. `"), "an example: {refused}");
    }
    let unknown = config(&t, OWNER, "nickname", template("{name}")).await;
    for known in ["{resonite}", "{discord}", "{display}"] {
        assert!(unknown.contains(known), "{unknown}");
    }
    let no_permission = config(&t, OWNER, "nickname", template("{resonite}")).await;
    assert!(
        no_permission.starts_with("The bot lacks the Manage Nicknames permission"),
        "{no_permission}"
    );
    let settings = t.store().settings().get(GUILD).await.expect("settings");
    assert_eq!(
        settings.nickname_template, None,
        "nothing stored on a refusal"
    );
    let not_admin = config(&t, ADMIN, "nickname", template("{resonite}")).await;
    assert!(
        not_admin.contains("needs the Manage Server permission"),
        "{not_admin}"
    );
    t.finish().await;
}

both_backends!(nicknames_follow_the_template_and_are_given_back, nicknames);
async fn nicknames(db: TestDb) {
    let world = community_where_the_bot_has(MANAGE_ROLES | MANAGE_NICKNAMES)
        .member(GUILD, STAFFER, "staff-erin", &[STAFF])
        .nick(GUILD, MEMBER, "Bobby")
        .global_name(MEMBER, "Bob");
    let t = E2e::start_in(world, db).await;
    let added = t.roles_add(GUILD, ADMIN, LINKED, "linked", None).await;
    assert!(added.starts_with("Added"), "{added}");
    for (user, account) in [
        (MEMBER, "U-PatronUser"),
        (OWNER, "U-BasicUser"),
        (STAFFER, "U-LapsedUser"),
    ] {
        let (_, status, page) = t.link(user, account).await;
        assert_eq!(status, 200, "{page}");
    }
    drained(&t).await;
    assert_eq!(
        t.discord.member_nick(GUILD, MEMBER).as_deref(),
        Some("Bobby"),
        "no template yet"
    );

    let set = config(&t, OWNER, "nickname", template(" {display} ({resonite}) ")).await;
    assert!(
        set.starts_with("Nicknames of linked members now follow `{display} ({resonite})`"),
        "{set}"
    );
    assert!(
        set.contains("yours would read **owner (BasicUser)**"),
        "{set}"
    );
    wait_for_nick(&t, MEMBER, Some("Bob (PatronUser)")).await;
    drained(&t).await;
    // Discord lets nobody rename the owner, and the bot not those above it.
    assert_eq!(t.discord.member_nick(GUILD, OWNER), None);
    assert_eq!(t.discord.member_nick(GUILD, STAFFER), None);
    let doctor = t.say(GUILD, OWNER, "doctor", json!([])).await;
    assert!(
        doctor.contains(&format!(
            "rename <@{OWNER}> (the server owner), <@{STAFFER}> (role above the bot's)"
        )),
        "{doctor}"
    );
    // Unlinked members are left alone.
    assert_eq!(t.discord.member_nick(GUILD, OTHER), None);

    // The member changes their display name on Discord: the nickname follows.
    t.discord.set_global_name(MEMBER, Some("Robert"));
    t.discord.member_updated(GUILD, MEMBER);
    wait_for_nick(&t, MEMBER, Some("Robert (PatronUser)")).await;

    // Cut to Discord's 32 characters (the fake refuses a longer nickname, as Discord does).
    let long = config(
        &t,
        OWNER,
        "nickname",
        template("{resonite} | {resonite} | {discord}"),
    )
    .await;
    assert!(
        long.starts_with("Nicknames of linked members now follow"),
        "{long}"
    );
    wait_for_nick(&t, MEMBER, Some("PatronUser | PatronUser | patron")).await;

    // Unlink (confirmed): the nickname from before the bot's first change comes back.
    let unlinked = t.unlink_confirmed(GUILD, MEMBER).await;
    assert!(unlinked.starts_with("Unlinked from"), "{unlinked}");
    wait_for_nick(&t, MEMBER, Some("Bobby")).await;

    // Linked again, renamed again; clearing the template gives it back too.
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    wait_for_nick(&t, MEMBER, Some("PatronUser | PatronUser | patron")).await;
    // A member who picks their own nickname since keeps it.
    let cleared = config(&t, OWNER, "nickname", json!([])).await;
    assert!(
        cleared.starts_with("The bot no longer manages nicknames. The 1 member it renamed gets"),
        "{cleared}"
    );
    wait_for_nick(&t, MEMBER, Some("Bobby")).await;
    drained(&t).await;
    let before = changing_calls(&t).len();
    let again = config(&t, OWNER, "nickname", json!([])).await;
    assert_eq!(again, "The bot does not manage nicknames here.");
    drained(&t).await;
    assert_eq!(changing_calls(&t).len(), before, "nothing more to change");
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(a_nickname_the_member_chose_since_is_left_alone, chosen);
async fn chosen(db: TestDb) {
    let t = E2e::start_in(
        community_where_the_bot_has(MANAGE_ROLES | MANAGE_NICKNAMES),
        db,
    )
    .await;
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    let set = config(&t, OWNER, "nickname", template("{resonite}")).await;
    assert!(
        set.starts_with("Nicknames of linked members now follow"),
        "{set}"
    );
    wait_for_nick(&t, MEMBER, Some("PatronUser")).await;
    // The member renames themselves (Discord tells the gateway).
    t.discord.set_member_nick(GUILD, MEMBER, Some("My own"));
    t.discord.member_updated(GUILD, MEMBER);
    let cleared = config(&t, OWNER, "nickname", json!([])).await;
    assert!(
        cleared.starts_with("The bot no longer manages nicknames."),
        "{cleared}"
    );
    drained(&t).await;
    assert_eq!(
        t.discord.member_nick(GUILD, MEMBER).as_deref(),
        Some("My own")
    );
    assert!(
        t.store()
            .nicknames()
            .managed(GUILD, MEMBER)
            .await
            .expect("read")
            .is_none(),
        "forgotten"
    );
    t.finish().await;
}

const STAFFER: u64 = 710_000_000_000_000_021;
