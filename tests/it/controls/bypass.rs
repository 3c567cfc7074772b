//! `/config bypass-role`: members holding it are never changed by the bot.

use serde_json::json;

use super::{config, drained};
use crate::support::db::TestDb;
use crate::support::e2e::*;

const HELPERS: u64 = 810_000_000_000_000_110;
const STAFFER: u64 = 710_000_000_000_000_020;
const STAFFER2: u64 = 710_000_000_000_000_022;

both_backends!(a_member_with_the_bypass_role_keeps_their_roles, bypass);
async fn bypass(db: TestDb) {
    let world = community()
        .role(GUILD, HELPERS, "Helpers", 6)
        .member(GUILD, STAFFER, "staff-dave", &[HELPERS])
        .member(GUILD, STAFFER2, "staff-fay", &[HELPERS]);
    let t = E2e::start_in(world, db).await;
    let added = t.roles_add(GUILD, ADMIN, LINKED, "linked", None).await;
    assert!(added.starts_with("Added"), "{added}");

    // Only Manage Server may set it; nothing stored on a refusal.
    let refused = config(
        &t,
        ADMIN,
        "bypass-role",
        json!([{ "name": "role", "type": 8, "value": HELPERS }]),
    )
    .await;
    assert!(
        refused.contains("needs the Manage Server permission"),
        "{refused}"
    );
    // A role a rule grants, or @everyone, would freeze members who earn it.
    let granted = config(
        &t,
        OWNER,
        "bypass-role",
        json!([{ "name": "role", "type": 8, "value": LINKED }]),
    )
    .await;
    assert!(
        granted.starts_with("`role:`") && granted.contains("granted by a rule"),
        "{granted}"
    );
    assert!(granted.contains("e.g. `role:@Staff`"), "{granted}");
    let everyone = config(
        &t,
        OWNER,
        "bypass-role",
        json!([{ "name": "role", "type": 8, "value": GUILD }]),
    )
    .await;
    assert!(everyone.starts_with("`role:` @everyone"), "{everyone}");
    let settings = t.store().settings().get(GUILD).await.expect("settings");
    assert_eq!(settings.bypass_role_id, None, "nothing stored on a refusal");

    let set = config(
        &t,
        OWNER,
        "bypass-role",
        json!([{ "name": "role", "type": 8, "value": HELPERS }]),
    )
    .await;
    assert!(
        set.starts_with(&format!("Members holding <@&{HELPERS}> are never changed")),
        "{set}"
    );

    // The staffer links: the link is made, the bot gives them nothing.
    for (staffer, account) in [(STAFFER, "U-PatronUser"), (STAFFER2, "U-LapsedUser")] {
        let (_, status, page) = t.link(staffer, account).await;
        assert_eq!(status, 200, "{page}");
    }
    drained(&t).await;
    assert_eq!(t.discord.member_roles(GUILD, STAFFER), Some(vec![HELPERS]));
    assert_eq!(t.discord.member_roles(GUILD, STAFFER2), Some(vec![HELPERS]));
    // Meanwhile other members are served as usual.
    let (_, status, _) = t.link(MEMBER, "U-BasicUser").await;
    assert_eq!(status, 200);
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED]).await;

    let whois = t
        .say(
            GUILD,
            ADMIN,
            "whois",
            json!([{ "name": "user", "type": 6, "value": STAFFER }]),
        )
        .await;
    assert!(
        whois.contains(&format!("Holds the bypass role <@&{HELPERS}>")),
        "{whois}"
    );

    // An admin takes the role from one staffer: the gateway tells the bot, which applies
    // what they earn.
    t.discord.add_member(GUILD, STAFFER2, "staff-fay", &[]);
    t.discord.member_updated(GUILD, STAFFER2);
    t.wait_for_roles(GUILD, STAFFER2, &[LINKED]).await;

    // Cleared: the other staffer gets what they earn too.
    let cleared = config(&t, OWNER, "bypass-role", json!([])).await;
    assert!(cleared.starts_with("No bypass role any more"), "{cleared}");
    t.wait_for_roles(GUILD, STAFFER, &[HELPERS, LINKED]).await;
    t.assert_discord_requests_valid();
    t.finish().await;
}
