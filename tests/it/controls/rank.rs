//! Nobody gets more power through the bot than they have (issue 23, DESIGN "Security
//! rules"), written as the attacks: a member whose Manage Roles comes from one channel's
//! overwrite, a moderator handing out a role above their own, a non-admin reaching for a
//! role that carries Administrator, and a rule stored before the checks existed.

use resonite_verify_fakes::discord::FakeRole;
use serde_json::json;

use super::{config, drained};
use crate::support::db::TestDb;
use crate::support::e2e::*;
use crate::support::world::WorldBuilder;

/// Between the Mods (5) and the bot (10): the bot can manage it, a moderator may not.
const HELPER: u64 = 810_000_000_000_000_120;
/// Below the Mods, carrying Administrator.
const ADMINS: u64 = 810_000_000_000_000_121;
/// A non-owner Administrator's own role.
const BOSS: u64 = 810_000_000_000_000_122;
const BOSS_MEMBER: u64 = 710_000_000_000_000_030;
const ADMINISTRATOR: u64 = 1 << 3;

fn role(id: u64, name: &str, position: u16, permissions: u64) -> FakeRole {
    FakeRole {
        id,
        name: name.into(),
        position,
        permissions,
        managed: false,
    }
}

/// [`community`] with @Helper (6), @Admins (3, Administrator) and a member holding @Boss
/// (8, Administrator) who is not the owner.
fn ranked() -> WorldBuilder {
    community()
        .role(GUILD, HELPER, "Helper", 6)
        .role_with(GUILD, role(ADMINS, "Admins", 3, ADMINISTRATOR))
        .role_with(GUILD, role(BOSS, "Boss", 8, ADMINISTRATOR))
        .member(GUILD, BOSS_MEMBER, "boss-erin", &[BOSS])
}

both_backends!(
    manage_roles_from_one_channel_overwrite_adds_no_rule,
    channel_only
);
async fn channel_only(db: TestDb) {
    let t = E2e::start(db).await;
    // The attack: Manage Roles in the channel the command is typed in, from an overwrite.
    // The interaction's `member.permissions` carry it; the member's roles do not.
    t.discord.allow_in_channel(GUILD, OTHER, MANAGE_ROLES);
    let refused = t.roles_add(GUILD, OTHER, LINKED, "linked", None).await;
    assert!(
        refused.contains("needs the Manage Roles permission")
            && refused.contains("one given in a single channel does not"),
        "{refused}"
    );
    assert!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .is_empty(),
        "nothing stored"
    );
    // No rule works: a member who links gets nothing.
    let (_, status, page) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    drained(&t).await;
    assert_eq!(t.discord.member_roles(GUILD, MEMBER), Some(vec![ARTIST]));
    // Nor any other admin command.
    let whois = t
        .say(
            GUILD,
            OTHER,
            "whois",
            json!([{ "name": "user", "type": 6, "value": MEMBER }]),
        )
        .await;
    assert!(
        whois.starts_with("Looking up another member needs"),
        "{whois}"
    );
    let unlink = t
        .say(
            GUILD,
            OTHER,
            "unlink",
            json!([{ "name": "user", "type": 6, "value": MEMBER }]),
        )
        .await;
    assert!(
        unlink.contains("needs the Manage Roles permission"),
        "{unlink}"
    );
    assert!(
        t.store()
            .links()
            .by_discord(MEMBER)
            .await
            .expect("link")
            .is_some()
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    a_moderator_cannot_hand_out_a_role_above_their_own,
    above_the_invoker
);
async fn above_the_invoker(db: TestDb) {
    let t = E2e::start_in(ranked(), db).await;
    // @Helper sits above the moderator's @Mods but below the bot: only the invoker's rank
    // stops it.
    let refused = t.roles_add(GUILD, ADMIN, HELPER, "linked", None).await;
    assert!(
        refused.starts_with("@Helper is not below your highest role"),
        "{refused}"
    );
    assert!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .is_empty()
    );
    // The owner may; the moderator may not take the owner's rule away either.
    let added = t.roles_add(GUILD, OWNER, HELPER, "linked", None).await;
    assert!(added.starts_with("Added"), "{added}");
    let removal = t.roles_remove(GUILD, ADMIN, HELPER, None).await;
    assert!(
        removal.starts_with("@Helper is not below your highest role"),
        "{removal}"
    );
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, HELPER]).await;
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    a_role_carrying_administrator_is_refused_unless_owner_or_administrator,
    administrator_role
);
async fn administrator_role(db: TestDb) {
    let t = E2e::start_in(ranked(), db).await;
    // @Admins is below the moderator's @Mods: rank alone would let it through.
    let refused = t.roles_add(GUILD, ADMIN, ADMINS, "linked", None).await;
    assert_eq!(
        refused,
        "@Admins carries Administrator: a rule would give that to every member who earns it. \
         Only the server owner or a member with Administrator may add it."
    );
    assert!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .is_empty()
    );
    // The same as the bypass role, by someone with Manage Server from a role but no
    // Administrator.
    t.discord
        .role_updated(GUILD, role(MODS, "Mods", 5, MANAGE_ROLES | (1 << 5)));
    let bypass = config(
        &t,
        ADMIN,
        "bypass-role",
        json!([{ "name": "role", "type": 8, "value": ADMINS }]),
    )
    .await;
    assert!(
        bypass.starts_with("@Admins carries Administrator"),
        "{bypass}"
    );
    assert_eq!(
        t.store()
            .settings()
            .get(GUILD)
            .await
            .expect("settings")
            .bypass_role_id,
        None
    );
    // An Administrator who is not the owner may; so may the owner.
    let by_admin = t
        .roles_add(GUILD, BOSS_MEMBER, ADMINS, "tag", Some("mentor"))
        .await;
    assert!(by_admin.starts_with("Added"), "{by_admin}");
    let by_owner = t.roles_add(GUILD, OWNER, ADMINS, "linked", None).await;
    assert!(by_owner.starts_with("Added"), "{by_owner}");
    let rules = t.store().rules().for_guild(GUILD).await.expect("rules");
    assert_eq!(rules.len(), 2);
    assert!(rules.iter().all(|r| r.trusted), "{rules:?}");
    // And the rule works.
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    t.wait_for_roles(GUILD, MEMBER, &[ADMINS, ARTIST]).await;
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    a_stored_rule_on_a_dangerous_role_grants_nothing_until_the_owner_readds_it,
    withheld
);
async fn withheld(db: TestDb) {
    // A rule stored before the checks (seeded rules carry no trust), and one a moderator
    // adds on @Mentor, which then gains Administrator.
    let world = ranked()
        .rule(GUILD, ADMINS, "linked", None)
        .rule(GUILD, LINKED, "linked", None);
    let t = E2e::start_in(world, db).await;
    let added = t
        .roles_add(GUILD, ADMIN, MENTOR, "tag", Some("mentor"))
        .await;
    assert!(added.starts_with("Added"), "{added}");
    t.discord
        .role_updated(GUILD, role(MENTOR, "Mentor", 4, ADMINISTRATOR));

    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    drained(&t).await;
    // Only the harmless role: neither Administrator-carrying role is granted.
    assert_eq!(
        t.discord.member_roles(GUILD, MEMBER),
        Some(vec![LINKED, ARTIST])
    );
    let doctor = t.say(GUILD, OWNER, "doctor", json!([])).await;
    for role in [ADMINS, MENTOR] {
        assert!(
            doctor.contains(&format!(
                "❌ <@&{role}> carries Administrator, and its rule was not added by the owner \
                 or an Administrator: the bot does not grant it."
            )),
            "{role}: {doctor}"
        );
    }
    // `/roles list` says the same of each withheld rule, and nothing of the harmless one.
    let withheld = "not granted: the role carries a dangerous permission and the rule was not \
                    added by the owner or an Administrator (see `/doctor`)";
    let list = t.roles_list(GUILD, OWNER).await;
    let line_of = |list: &str, role: u64| {
        list.lines()
            .find(|l| l.contains(&format!("<@&{role}>")))
            .unwrap_or_default()
            .to_owned()
    };
    for role in [ADMINS, MENTOR] {
        assert!(line_of(&list, role).contains(withheld), "{role}: {list}");
    }
    assert!(!line_of(&list, LINKED).contains(withheld), "{list}");
    // A moderator's re-add changes nothing; the owner's makes the rule theirs.
    let again = t.roles_add(GUILD, ADMIN, ADMINS, "linked", None).await;
    assert!(
        again.starts_with("@Admins carries Administrator"),
        "{again}"
    );
    let vouched = t.roles_add(GUILD, OWNER, ADMINS, "linked", None).await;
    assert!(
        vouched.contains("it is now yours, and the bot grants the role again"),
        "{vouched}"
    );
    t.wait_for_roles(GUILD, MEMBER, &[ADMINS, LINKED, ARTIST])
        .await;
    let doctor = t.say(GUILD, OWNER, "doctor", json!([])).await;
    assert!(
        !doctor.contains(&format!("<@&{ADMINS}> carries")),
        "{doctor}"
    );
    assert!(
        doctor.contains(&format!("<@&{MENTOR}> carries")),
        "{doctor}"
    );
    let list = t.roles_list(GUILD, OWNER).await;
    assert!(!line_of(&list, ADMINS).contains(withheld), "{list}");
    assert!(line_of(&list, MENTOR).contains(withheld), "{list}");
    t.assert_discord_requests_valid();
    t.finish().await;
}
