//! Exclusive groups: `/roles add … group:NAME`; of a group's roles a member holds only the
//! highest (by Discord's role order) of those they earn.

use serde_json::{Value, json};

use crate::support::db::TestDb;
use crate::support::e2e::*;

/// `/roles add role: rule: [value:] group:`.
async fn add_in_group(t: &E2e, role: u64, rule: &str, value: Option<&str>, group: &str) -> String {
    let mut options: Vec<Value> = vec![
        json!({ "name": "role", "type": 8, "value": role }),
        t.rule_option(rule),
    ];
    if let Some(value) = value {
        options.push(json!({ "name": "value", "type": 3, "value": value }));
    }
    options.push(json!({ "name": "group", "type": 3, "value": group }));
    t.say(
        GUILD,
        ADMIN,
        "roles",
        json!([{ "name": "add", "type": 1, "options": options }]),
    )
    .await
}

async fn rule_count(t: &E2e) -> usize {
    t.store()
        .rules()
        .for_guild(GUILD)
        .await
        .expect("rules")
        .len()
}

both_backends!(a_member_holds_only_the_highest_role_of_a_group, tier_group);
async fn tier_group(db: TestDb) {
    let t = E2e::start(db).await;
    // Linked (position 2) < Patron (3) < Mentor (4): PatronUser earns all three.
    for (role, rule, value) in [
        (LINKED, "linked", None),
        (PATRON, "patreon", None),
        (MENTOR, "tag", Some("mentor")),
    ] {
        let added = add_in_group(&t, role, rule, value, " Tiers ").await;
        assert!(added.starts_with("Added"), "{added}");
        assert!(added.contains("It is in the group `tiers`"), "{added}");
    }
    let (_, status, page) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, MENTOR]).await;

    let list = t.roles_list(GUILD, ADMIN).await;
    assert!(
        list.contains(&format!("• <@&{MENTOR}> ← tag `mentor` [group `tiers`]")),
        "{list}"
    );

    // A role is in at most one group; a bad name is refused; nothing stored either way.
    let other = add_in_group(&t, LINKED, "supporter", None, "ranks").await;
    assert!(
        other.starts_with(&format!(
            "<@&{LINKED}> is already in the group `tiers`, and a role is in at most one group."
        )),
        "{other}"
    );
    let bad = add_in_group(&t, ARTIST, "linked", None, "<@&1>").await;
    assert!(
        bad.starts_with("`group:` may hold letters, digits, spaces, `-` and `_` only"),
        "{bad}"
    );
    assert!(bad.contains("e.g. `tiers`"), "{bad}");
    assert_eq!(rule_count(&t).await, 3, "nothing stored on a refusal");

    // Without Mentor's rule, Patron is the highest the member earns (Mentor, now
    // unmanaged, stays where it is).
    let removed = t.roles_remove(GUILD, ADMIN, MENTOR, None).await;
    assert!(removed.starts_with("Removed 1 rule"), "{removed}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, MENTOR, PATRON])
        .await;
    t.assert_discord_requests_valid();
    t.finish().await;
}
