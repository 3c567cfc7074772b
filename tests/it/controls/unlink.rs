//! `/unlink` asks first (issue 18 item 4); `/unlink user:` lets an admin remove a member's
//! link under the rank rule, and tells the member by DM in their language (issue 23).

use serde_json::{Value, json};

use super::{changing_calls, drained};
use crate::support::db::TestDb;
use crate::support::e2e::*;

/// Between the Mods (5) and the bot (10).
const HELPER: u64 = 810_000_000_000_000_120;

fn buttons(reply: &Value) -> (String, String) {
    let ids = resonite_verify_fakes::world::button_ids(reply);
    let find = |prefix: &str| {
        ids.iter()
            .find(|id| id.starts_with(prefix))
            .cloned()
            .unwrap_or_else(|| panic!("no {prefix} button in {reply}"))
    };
    (find("unlink:confirm:"), find("unlink:cancel:"))
}

both_backends!(
    unlink_changes_nothing_until_its_button_is_pressed,
    confirmation
);
async fn confirmation(db: TestDb) {
    let world = community().rule(GUILD, LINKED, "linked", None);
    let t = E2e::start_in(world, db).await;
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED]).await;
    drained(&t).await;
    let before = changing_calls(&t).len();

    // The reply is the prompt; nothing is removed yet.
    let (invocation, prompt) = t.command(Some(GUILD), MEMBER, "unlink", json!([])).await;
    assert_eq!(prompt["type"], 4);
    assert_eq!(
        prompt["data"]["flags"].as_u64().unwrap_or(0) & 64,
        64,
        "ephemeral"
    );
    assert!(
        prompt["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Unlink the Resonite account **PatronUser**?"),
        "{prompt}"
    );
    let (confirm, cancel) = buttons(&prompt);
    assert!(
        t.store()
            .links()
            .by_discord(MEMBER)
            .await
            .expect("link")
            .is_some()
    );

    // Someone else's press does nothing.
    let stranger = t.press(GUILD, OTHER, &invocation.token, &confirm).await;
    assert_eq!(stranger["type"], 4, "{stranger}");
    assert_eq!(
        stranger["data"]["content"],
        "This button belongs to someone else's `/unlink`."
    );
    // Keep: the prompt says so, the link stays.
    let kept = t.press(GUILD, MEMBER, &invocation.token, &cancel).await;
    assert_eq!(kept["type"], 7, "{kept}");
    assert_eq!(kept["data"]["content"], "Nothing changed: your link stays.");
    assert_eq!(kept["data"]["components"], json!([]), "the buttons go");
    assert!(
        t.store()
            .links()
            .by_discord(MEMBER)
            .await
            .expect("link")
            .is_some()
    );
    assert_eq!(changing_calls(&t).len(), before, "no role call");
    assert_eq!(
        t.discord.member_roles(GUILD, MEMBER),
        Some(vec![LINKED, ARTIST])
    );

    // Pressed: the link goes, and the managed role with it.
    let done = t.unlink_confirmed(GUILD, MEMBER).await;
    assert!(
        done.starts_with("Unlinked from the Resonite account **PatronUser**."),
        "{done}"
    );
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST]).await;
    assert!(
        t.store()
            .links()
            .by_discord(MEMBER)
            .await
            .expect("link")
            .is_none()
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(
    an_admin_unlinks_a_member_who_is_told_by_dm_in_their_language,
    admin_unlink
);
async fn admin_unlink(db: TestDb) {
    let world = community()
        .role(GUILD, HELPER, "Helper", 6)
        .rule(GUILD, LINKED, "linked", None);
    let t = E2e::start_in(world, db).await;
    t.discord.set_user_locale(MEMBER, "de");
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED]).await;
    let unlink_as = |admin: u64, user: u64| {
        t.say(
            GUILD,
            admin,
            "unlink",
            json!([{ "name": "user", "type": 6, "value": user }]),
        )
    };

    // The owner makes @Helper a managed role the member earns: the moderator (below it)
    // may no longer take it away by unlinking them.
    let added = t.roles_add(GUILD, OWNER, HELPER, "linked", None).await;
    assert!(added.starts_with("Added"), "{added}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, HELPER, LINKED])
        .await;
    let refused = unlink_as(ADMIN, MEMBER).await;
    assert!(
        refused.starts_with("@Helper is not below your highest role"),
        "{refused}"
    );
    assert!(
        t.store()
            .links()
            .by_discord(MEMBER)
            .await
            .expect("link")
            .is_some()
    );
    assert!(t.discord.dm_messages(MEMBER).is_empty());
    let removed = t.roles_remove(GUILD, OWNER, HELPER, None).await;
    assert!(removed.starts_with("Removed"), "{removed}");

    // Someone not linked, someone not here.
    let none = unlink_as(ADMIN, OTHER).await;
    assert_eq!(none, format!("<@{OTHER}> has no linked Resonite account."));
    let stranger = unlink_as(ADMIN, OWNER2).await;
    assert_eq!(stranger, "owner-two is not a member of this server.");

    let done = unlink_as(ADMIN, MEMBER).await;
    assert!(
        done.starts_with(&format!(
            "Unlinked <@{MEMBER}> from the Resonite account **PatronUser**.\nThey were told by DM."
        )),
        "{done}"
    );
    // The managed role goes; @Helper, no rule's any more, stays.
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, HELPER]).await;
    assert!(
        t.store()
            .links()
            .by_discord(MEMBER)
            .await
            .expect("link")
            .is_none()
    );
    let dms = t.discord.dm_messages(MEMBER);
    assert_eq!(dms.len(), 1, "{dms:?}");
    let dm = dms[0]["content"].as_str().unwrap_or_default();
    assert!(
        dm.starts_with("Ein Admin von **Test guild** hat die Verknüpfung deines Discord-Kontos mit dem Resonite-Konto **PatronUser** aufgehoben"),
        "in the language of the member's /link: {dm}"
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}
