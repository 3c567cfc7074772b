//! `/roles preview`: what a rule (or the current rules) would change; nothing changes.

use serde_json::{Value, json};

use super::{changing_calls, drained};
use crate::support::db::TestDb;
use crate::support::e2e::*;

async fn preview(t: &E2e, user: u64, options: Vec<Value>) -> String {
    t.say(
        GUILD,
        user,
        "roles",
        json!([{ "name": "preview", "type": 1, "options": options }]),
    )
    .await
}

fn role(id: u64) -> Value {
    json!({ "name": "role", "type": 8, "value": id })
}

both_backends!(
    a_preview_shows_who_would_gain_and_lose_and_changes_nothing,
    previews
);
async fn previews(db: TestDb) {
    let t = E2e::start(db).await;
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    let (_, status, _) = t.link(OTHER, "U-BasicUser").await;
    assert_eq!(status, 200);
    drained(&t).await;
    let calls = changing_calls(&t);

    // A rule not added yet: who would gain it, and whether the bot could apply it.
    let patreon = preview(&t, ADMIN, vec![role(PATRON), t.rule_option("patreon")]).await;
    assert!(
        patreon.starts_with(&format!("**Preview** of <@&{PATRON}> ← ")),
        "{patreon}"
    );
    assert!(patreon.contains("Nothing was changed."), "{patreon}");
    assert!(patreon.contains("✅ The bot can apply it."), "{patreon}");
    assert!(
        patreon.contains(&format!("➕ <@&{PATRON}> to 1 member: <@{MEMBER}>")),
        "{patreon}"
    );
    assert!(
        !patreon.contains(&format!("<@{OTHER}>")),
        "BasicUser is no patron: {patreon}"
    );

    let linked = preview(&t, ADMIN, vec![role(LINKED), t.rule_option("linked")]).await;
    assert!(
        linked.contains(&format!("➕ <@&{LINKED}> to 2 members: ")),
        "{linked}"
    );

    // Above the bot's role: it says so.
    let staff = preview(&t, ADMIN, vec![role(STAFF), t.rule_option("linked")]).await;
    assert!(staff.contains("❌ The bot could not apply it"), "{staff}");

    // The unlinked rule counts every member without a link (the owner and the admin).
    let unlinked = preview(&t, ADMIN, vec![role(ARTIST), t.rule_option("unlinked")]).await;
    assert!(
        unlinked.contains(&format!("<@&{ARTIST}> to 2 members: ")),
        "{unlinked}"
    );
    // MEMBER holds Artist already and is linked: the rule would take it.
    assert!(
        unlinked.contains(&format!("➖ <@&{ARTIST}> from 1 member: <@{MEMBER}>")),
        "{unlinked}"
    );

    assert_eq!(changing_calls(&t), calls, "a preview makes no role call");
    assert!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .is_empty(),
        "and stores no rule"
    );

    // With no rule given: what the current rules would change now.
    let added = t.roles_add(GUILD, ADMIN, LINKED, "linked", None).await;
    assert!(added.starts_with("Added"), "{added}");
    t.wait_for_roles(GUILD, OTHER, &[LINKED]).await;
    drained(&t).await;
    let current = preview(&t, ADMIN, vec![]).await;
    assert!(
        current.starts_with("**Preview** of the current rules"),
        "{current}"
    );
    assert!(
        current.contains("No member would gain or lose a role (4 members looked at)"),
        "{current}"
    );

    // Bad input names the option and an example; nothing is stored.
    let no_role = preview(&t, ADMIN, vec![t.rule_option("patreon")]).await;
    assert!(no_role.starts_with("`role:` say which role the rule would grant, e.g. `/roles preview role:@Patron rule:patreon`"), "{no_role}");
    let no_rule = preview(&t, ADMIN, vec![role(PATRON)]).await;
    assert!(no_rule.starts_with("`rule:`"), "{no_rule}");
    let stray = preview(
        &t,
        ADMIN,
        vec![json!({ "name": "value", "type": 3, "value": "$5" })],
    )
    .await;
    assert!(
        stray.starts_with("`value:` and `group:` go with `rule:`"),
        "{stray}"
    );
    let bad_value = preview(
        &t,
        ADMIN,
        vec![
            role(PATRON),
            t.rule_option("tier-at-least"),
            json!({ "name": "value", "type": 3, "value": "lots" }),
        ],
    )
    .await;
    assert!(
        bad_value.starts_with("`value:` `lots` is not a valid value for the `tier-at-least` rule; expected cents, e.g. 600"),
        "{bad_value}"
    );
    let missing = t
        .roles_add(GUILD, ADMIN, PATRON, "months-at-least", None)
        .await;
    assert_eq!(
        missing,
        "`value:` the `months-at-least` rule needs a value: a whole number of months, e.g. 12."
    );
    // In the admin's language: a French admin reads French, names and all.
    t.discord.set_user_locale(ADMIN, "fr");
    let fr = preview(&t, ADMIN, vec![role(PATRON), t.rule_option("patreon")]).await;
    let lang = resonite_verify::i18n::Lang::negotiate("fr");
    assert!(
        fr.contains(&resonite_verify::tr!(lang, "preview-can-apply")),
        "{fr}"
    );
    assert!(
        fr.contains(&resonite_verify::tr!(
            lang,
            "preview-gains",
            role = PATRON,
            count = 1u64,
            names = format!("<@{MEMBER}>")
        )),
        "{fr}"
    );
    t.discord.set_user_locale(ADMIN, "en-US");
    let refused = preview(&t, OTHER, vec![]).await;
    assert!(
        refused.contains("needs the Manage Roles permission"),
        "{refused}"
    );
    assert_eq!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .len(),
        1
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}
