//! Rule kind `unlinked`: an "Unverified" role for every member without a link, never bots.

use std::collections::BTreeSet;

use resonite_verify_fakes::world::{WorldBuilder, role_calls};

use resonite_verify::store::ReconcileMark;

use super::drained_after;
use crate::support::db::TestDb;
use crate::support::e2e::*;

const UNVERIFIED: u64 = 810_000_000_000_000_107;
const HELPER_BOT: u64 = 730_000_000_000_000_001;
const MUSIC_BOT: u64 = 730_000_000_000_000_002;
const NEWCOMER: u64 = 740_000_000_000_000_001;
const NEW_BOT: u64 = 740_000_000_000_000_002;
const GENERATED: u64 = 1000;

fn is_linked(n: u64) -> bool {
    n.is_multiple_of(4)
}

/// [`community`] with 1,000 more members (every fourth linked) and two bot accounts.
fn thousand_members() -> WorldBuilder {
    let mut world = community()
        .role(GUILD, UNVERIFIED, "Unverified", 6)
        .members(
            GUILD,
            (0..GENERATED).map(|n| (discord_id(n), format!("gen{n}"), Vec::new())),
        )
        .bot_member(GUILD, HELPER_BOT, "helper-bot")
        .bot_member(GUILD, MUSIC_BOT, "music-bot")
        .token_key()
        // The start-up sweep re-verifies the 250 links at once.
        .env("RESONITE_MAX_RPS", "10000");
    for n in (0..GENERATED).filter(|n| is_linked(*n)) {
        world = world.linked(discord_id(n), profile(n, true, 600, &[]));
    }
    world
}

/// The `PUT`s and `DELETE`s of the Unverified role so far, as `(method, user)`.
fn unverified_calls(t: &E2e) -> Vec<(String, u64)> {
    role_calls(&t.discord)
        .into_iter()
        .filter(|c| c.role_id == UNVERIFIED)
        .map(|c| (c.method, c.user_id))
        .collect()
}

both_backends!(
    an_unlinked_rule_over_1000_members_makes_exactly_the_expected_calls,
    unverified_role
);
async fn unverified_role(db: TestDb) {
    let t = E2e::start_in(thousand_members(), db).await;
    t.discord.clear_requests();

    // The owner: @Unverified (6) sits above the moderator's @Mods (5).
    let added = t
        .roles_add(GUILD, OWNER, UNVERIFIED, "unlinked", None)
        .await;
    assert!(
        added.starts_with(&format!(
            "Added: <@&{UNVERIFIED}> for members with no linked Resonite account (bots never get it)."
        )),
        "{added}"
    );
    // The people here, not the bots: 1,000 generated members and the four of the community.
    assert!(
        added.contains("The bot is checking the 1004 members here now"),
        "{added}"
    );
    // Every person without a link: 750 generated members, the owner, the admin, the
    // member who links later and the plain member. Not the bots, not the linked.
    let mut expected: Vec<(String, u64)> = (0..GENERATED)
        .filter(|n| !is_linked(*n))
        .map(discord_id)
        .chain([OWNER, ADMIN, MEMBER, OTHER])
        .map(|u| ("PUT".to_owned(), u))
        .collect();
    expected.sort();
    drained_after(&t, expected.len()).await;
    let mut calls = unverified_calls(&t);
    calls.sort();
    assert_eq!(calls.len(), expected.len(), "one call per unlinked person");
    assert_eq!(calls, expected);
    assert_eq!(
        role_calls(&t.discord).len(),
        expected.len(),
        "no other role touched"
    );
    for bot in [HELPER_BOT, MUSIC_BOT] {
        t.wait_for_roles(GUILD, bot, &[]).await;
    }
    t.wait_for_roles(GUILD, discord_id(0), &[]).await;
    t.wait_for_roles(GUILD, discord_id(1), &[UNVERIFIED]).await;

    // Linking takes it away (the unrelated role stays); unlinking gives it back.
    let (_, status, page) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST]).await;
    let unlinked = t.unlink_confirmed(GUILD, MEMBER).await;
    assert!(unlinked.starts_with("Unlinked"), "{unlinked}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, UNVERIFIED]).await;

    // A person joining without a link gets it; a bot joining does not.
    t.discord.clear_requests();
    t.discord.member_join(GUILD, NEWCOMER, "newcomer");
    t.discord.bot_join(GUILD, NEW_BOT, "new-bot");
    t.wait_for_roles(GUILD, NEWCOMER, &[UNVERIFIED]).await;
    drained_after(&t, 1).await;
    assert_eq!(
        unverified_calls(&t),
        [("PUT".to_owned(), NEWCOMER)],
        "only the person"
    );
    let held: BTreeSet<u64> = t
        .discord
        .member_roles(GUILD, NEW_BOT)
        .unwrap_or_default()
        .into_iter()
        .collect();
    assert!(held.is_empty(), "the bot holds {held:?}");
    // A linked member joining a guild with an `unlinked` rule does not get it.
    t.discord.member_leave(GUILD, discord_id(0));
    t.discord.member_join(GUILD, discord_id(0), "gen0");
    drained_after(&t, 1).await;
    assert_eq!(unverified_calls(&t), [("PUT".to_owned(), NEWCOMER)]);

    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    a_member_synced_again_before_the_gateway_shows_the_change_gets_no_second_call,
    gateway_behind_rest
);
async fn gateway_behind_rest(db: TestDb) {
    let world = community().role(GUILD, UNVERIFIED, "Unverified", 6);
    let t = E2e::start_in(world, db).await;
    // Discord answers each role change over REST at once; its GUILD_MEMBER_UPDATE (which
    // the bot's cache learns from) is late.
    t.discord.hold_member_updates();
    t.discord.clear_requests();
    let added = t
        .roles_add(GUILD, OWNER, UNVERIFIED, "unlinked", None)
        .await;
    assert!(added.starts_with("Added:"), "{added}");
    let people = [OWNER, ADMIN, MEMBER, OTHER];
    drained_after(&t, people.len()).await;
    // A sweep (another process, say) marks every one of them again meanwhile.
    let now = chrono::Utc::now();
    let marks: Vec<ReconcileMark> = people
        .iter()
        .map(|&user_id| ReconcileMark {
            guild_id: GUILD,
            user_id,
            cause: "sweep".to_owned(),
            actor_id: None,
            reply_token: None,
            due_at_ms: now.timestamp_millis(),
        })
        .collect();
    t.store()
        .queue()
        .mark(&marks, now.timestamp())
        .await
        .expect("marked");
    drained_after(&t, people.len()).await;
    let mut calls = unverified_calls(&t);
    calls.sort();
    let mut expected: Vec<(String, u64)> = people.iter().map(|&u| ("PUT".to_owned(), u)).collect();
    expected.sort();
    assert_eq!(calls, expected, "one PUT each, however late the gateway is");

    for user in people {
        let held = t.discord.member_roles(GUILD, user).unwrap_or_default();
        assert!(held.contains(&UNVERIFIED), "{user} holds {held:?}");
    }
    t.discord.release_member_updates();
    t.assert_discord_requests_valid();
    t.finish().await;
}
