//! Admin traps (issue 18 item 4) and lookups that stay inside the server (issue 23 item
//! 3): the bypass role is never a rule's role, replies count what they say, and `/whois`
//! says nothing about people who are not members here.

use serde_json::json;

use super::{config, drained};
use crate::support::db::TestDb;
use crate::support::e2e::*;

const HELPERS: u64 = 810_000_000_000_000_110;
const UNVERIFIED: u64 = 810_000_000_000_000_111;

both_backends!(roles_add_refuses_the_bypass_role, bypass_role_rule);
async fn bypass_role_rule(db: TestDb) {
    let world = community().role(GUILD, HELPERS, "Helpers", 4);
    let t = E2e::start_in(world, db).await;
    let set = config(
        &t,
        OWNER,
        "bypass-role",
        json!([{ "name": "role", "type": 8, "value": HELPERS }]),
    )
    .await;
    assert!(set.starts_with("Members holding"), "{set}");
    let refused = t.roles_add(GUILD, ADMIN, HELPERS, "linked", None).await;
    assert_eq!(
        refused,
        format!(
            "`role:` <@&{HELPERS}> is the bypass role: the bot never changes its holders, so \
             whoever earned it would be frozen for good. Pick another role, or first clear \
             the bypass role with `/config bypass-role` (no role) or set another one."
        )
    );
    assert!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .is_empty()
    );

    // Found in stored data (made before the check): /doctor flags it with the fix.
    t.store()
        .rules()
        .add(GUILD, HELPERS, "linked", "", OWNER, 0)
        .await
        .expect("a rule");
    let doctor = t.say(GUILD, OWNER, "doctor", json!([])).await;
    assert!(
        doctor.contains(&format!(
            "❌ The bypass role <@&{HELPERS}> is also granted by a rule: whoever earns it is \
             frozen for good.\n  → Remove the rule with `/roles remove role:<@&{HELPERS}>`"
        )),
        "{doctor}"
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    a_rule_reply_counts_the_linked_members_it_applies_to,
    true_counts
);
async fn true_counts(db: TestDb) {
    let world = community().role(GUILD, UNVERIFIED, "Unverified", 1);
    let t = E2e::start_in(world, db).await;
    let unlinked = t
        .roles_add(GUILD, OWNER, UNVERIFIED, "unlinked", None)
        .await;
    // Every member who is a person: the owner, the admin, the member, the other.
    assert!(
        unlinked.contains("checking the 4 members here"),
        "{unlinked}"
    );
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    drained(&t).await;
    // One link stored: the reply about linked members says one, not every member.
    let mentor = t
        .roles_add(GUILD, ADMIN, MENTOR, "tag", Some("mentor"))
        .await;
    assert!(
        mentor.contains("The bot is applying it to the 1 linked member here now"),
        "{mentor}"
    );
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, MENTOR]).await;
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    whois_about_a_non_member_shows_no_resonite_account,
    whois_non_member
);
async fn whois_non_member(db: TestDb) {
    // The owner of the second server is linked, and is not a member of the first.
    let world = community()
        .token_key()
        .linked(OWNER2, profile(7, true, 600, &[]));
    let t = E2e::start_in(world, db).await;
    let whois = |user: u64| {
        t.say(
            GUILD,
            ADMIN,
            "whois",
            json!([{ "name": "user", "type": 6, "value": user }]),
        )
    };
    let stranger = whois(OWNER2).await;
    assert_eq!(stranger, "owner-two is not a member of this server.");
    assert!(!stranger.contains("Gen7"), "{stranger}");
    // In their own server the same lookup finds the link.
    let there = t.say(GUILD2, OWNER2, "whois", json!([])).await;
    assert!(there.contains("**Gen7**"), "{there}");
    // Someone here without a link: how they link.
    let not_linked = whois(OTHER).await;
    assert_eq!(
        not_linked,
        format!(
            "{OTHER_NAME} is not linked to a Resonite account. They can link one with `/link`."
        )
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}
