//! End to end through the REAL bot: `App::build` + `run_until_stopped`, as `main` runs it,
//! against the fake Discord (REST + gateway) and the mock Resonite, on SQLite and
//! PostgreSQL. Members and admins act only through slash commands, the consent page and
//! the callback URL; the test looks at what Discord (the fake) ends up showing.

use crate::support::db::TestDb;
use crate::support::e2e::*;
use serde_json::{Value, json};

fn user_option(user: u64) -> Value {
    json!([{ "name": "user", "type": 6, "value": user }])
}

async fn link_whois_update_join_unlink(db: TestDb) {
    let t = E2e::start(db).await;

    // The admin (Mods: Manage Roles, not the owner) sets up the rules.
    for (role, rule, value) in [
        (PATRON, "patreon", None),
        (LINKED, "linked", None),
        (MENTOR, "tag", Some("mentor")),
    ] {
        let reply = t.roles_add(GUILD, ADMIN, role, rule, value).await;
        assert!(reply.starts_with("Added: <@&"), "{reply}");
    }
    // The second guild's owner too, for the join later.
    for (role, rule) in [(PATRON2, "patreon"), (LINKED2, "linked")] {
        let reply = t.roles_add(GUILD2, OWNER2, role, rule, None).await;
        assert!(reply.starts_with("Added: <@&"), "{reply}");
    }

    // /link: an ephemeral reply with a link button to Resonite's authorize URL.
    let (invocation, reply) = t.command(Some(GUILD), MEMBER, "link", json!([])).await;
    assert_eq!(reply["type"], 4, "{reply}");
    assert_eq!(reply["data"]["flags"], 64, "ephemeral: {reply}");
    let button = &reply["data"]["components"][0]["components"][0];
    assert_eq!(reply["data"]["components"][0]["type"], 1, "{reply}");
    assert_eq!(button["type"], 2, "{reply}");
    assert_eq!(button["style"], 5, "a link button: {reply}");
    let url = button["url"].as_str().expect("button URL").to_owned();
    let parsed = url::Url::parse(&url).expect("absolute URL");
    assert_eq!(
        format!(
            "{}://{}{}",
            parsed.scheme(),
            parsed.host_str().unwrap_or_default(),
            parsed.port().map(|p| format!(":{p}")).unwrap_or_default()
        ) + parsed.path(),
        t.resonite.authorize_url()
    );
    let query: std::collections::HashMap<String, String> =
        parsed.query_pairs().into_owned().collect();
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(
        query["redirect_uri"],
        format!("{}/oauth/callback", t.bot_url)
    );
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(query["response_type"], "code");
    assert!(query["state"].len() >= 43, "a 256-bit state: {url}");
    let content = reply["data"]["content"].as_str().unwrap_or_default();
    assert!(content.contains("Sign in on Resonite"), "{content}");

    // The member approves on Resonite; the browser follows the redirect to the bot.
    let callback = t
        .resonite
        .approve(&url, "U-PatronUser")
        .await
        .expect("the mock approves");
    assert!(
        callback.starts_with(&format!("{}/oauth/callback?", t.bot_url)),
        "{callback}"
    );
    let (status, page) = t.get(&callback).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Accounts linked"), "{page}");
    assert!(page.contains("PatronUser"), "{page}");
    assert!(page.contains(MEMBER_NAME), "{page}");

    // Exactly the roles the rules grant, and the unrelated role kept.
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, LINKED, PATRON, MENTOR])
        .await;
    assert_eq!(
        t.discord.member_roles(GUILD2, MEMBER),
        None,
        "not there yet"
    );

    // The /link reply was edited: linked, roles listed, button gone.
    let original = t
        .discord
        .original_message(&invocation.token)
        .expect("the /link reply");
    let edited = original["content"].as_str().unwrap_or_default();
    assert!(
        edited.contains("Linked to the Resonite account **PatronUser** (`U-PatronUser`)"),
        "{edited}"
    );
    assert!(edited.contains("Roles granted:"), "{edited}");
    for name in ["Linked", "Patron", "Mentor"] {
        assert!(edited.contains(name), "{name} missing from {edited}");
    }
    assert_eq!(original["components"], json!([]), "button removed");

    // /whois: yourself; another member as an admin; another member without permission.
    let me = t.say(GUILD, MEMBER, "whois", json!([])).await;
    assert!(
        me.starts_with("You are linked to the Resonite account **PatronUser** (`U-PatronUser`)"),
        "{me}"
    );
    let by_admin = t.say(GUILD, ADMIN, "whois", user_option(MEMBER)).await;
    assert!(
        by_admin.starts_with(&format!(
            "{MEMBER_NAME} is linked to the Resonite account **PatronUser**"
        )),
        "{by_admin}"
    );
    let refused = t.say(GUILD, OTHER, "whois", user_option(MEMBER)).await;
    assert!(
        refused.starts_with("Looking up another member needs the Manage Roles permission"),
        "{refused}"
    );
    let not_linked = t.say(GUILD, ADMIN, "whois", user_option(OTHER)).await;
    assert!(
        not_linked.contains("is not linked to a Resonite account"),
        "{not_linked}"
    );

    // /update: nothing to do; then after an admin removed a managed role by hand, it is back.
    let update = t.say(GUILD, MEMBER, "update", json!([])).await;
    assert!(
        update.starts_with("Roles are already up to date."),
        "{update}"
    );
    let refused = t.say(GUILD, OTHER, "update", user_option(MEMBER)).await;
    assert!(
        refused.starts_with("Updating another member needs the Manage Roles permission"),
        "{refused}"
    );
    let by_admin = t.say(GUILD, ADMIN, "update", user_option(MEMBER)).await;
    assert!(
        by_admin.starts_with("Roles are already up to date."),
        "{by_admin}"
    );

    // Joining a second guild with rules: that guild's roles, without any command.
    t.discord.member_join(GUILD2, MEMBER, MEMBER_NAME);
    t.wait_for_roles(GUILD2, MEMBER, &[PATRON2, LINKED2]).await;
    // A member who is not linked joins: nothing happens.
    t.discord.member_join(GUILD2, OTHER, OTHER_NAME);

    // /unlink, confirmed: every managed role removed everywhere, the unrelated role kept.
    let unlink = t.unlink_confirmed(GUILD, MEMBER).await;
    assert!(
        unlink.starts_with("Unlinked from the Resonite account **PatronUser**."),
        "{unlink}"
    );
    assert!(unlink.contains("Roles removed:"), "{unlink}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST]).await;
    t.wait_for_roles(GUILD2, MEMBER, &[]).await;
    assert_eq!(t.discord.member_roles(GUILD2, OTHER), Some(vec![]));
    let me = t.say(GUILD, MEMBER, "whois", json!([])).await;
    assert_eq!(
        me,
        "You are not linked to a Resonite account. Run `/link` to link one."
    );
    let again = t.say(GUILD, MEMBER, "unlink", json!([])).await;
    assert!(
        again.starts_with("You have no linked Resonite account."),
        "{again}"
    );

    // The callback URL cannot be used twice.
    let (status, page) = t.get(&callback).await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("expired or was already used"), "{page}");

    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(link_flow, link_whois_update_join_unlink);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_commands_check_permissions_and_the_role_hierarchy() {
    let t = E2e::start(TestDb::sqlite()).await;

    let empty = t.roles_list(GUILD, ADMIN).await;
    assert!(empty.starts_with("No role rules yet."), "{empty}");

    // A member without Manage Roles: refused, nothing stored.
    let refused = t.roles_add(GUILD, OTHER, PATRON, "patreon", None).await;
    assert_eq!(
        refused,
        "Managing role rules needs the Manage Roles permission."
    );
    let refused = t.roles_list(GUILD, OTHER).await;
    assert_eq!(
        refused,
        "Managing role rules needs the Manage Roles permission."
    );
    assert!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .is_empty()
    );

    // A role above the bot's own: refused with the fix, nothing stored.
    let above = t.roles_add(GUILD, ADMIN, STAFF, "linked", None).await;
    assert!(
        above.starts_with("`role:` the bot cannot use that role:"),
        "{above}"
    );
    assert!(
        above.contains("move the bot's role above @Staff"),
        "{above}"
    );
    // The bot's own (managed) role: refused too.
    let managed = t.roles_add(GUILD, ADMIN, BOT_ROLE, "linked", None).await;
    assert!(managed.contains("managed by an integration"), "{managed}");
    // An invalid value: refused.
    let invalid = t
        .roles_add(GUILD, ADMIN, PATRON, "tier-at-least", Some("lots"))
        .await;
    assert!(!invalid.starts_with("Added"), "{invalid}");
    assert!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .is_empty()
    );

    // The admin adds, re-adds (no duplicate), lists, removes.
    let added = t.roles_add(GUILD, ADMIN, PATRON, "patreon", None).await;
    assert!(
        added.starts_with(&format!("Added: <@&{PATRON}>")),
        "{added}"
    );
    let tier = t
        .roles_add(GUILD, ADMIN, MENTOR, "tier-at-least", Some("$6"))
        .await;
    assert!(tier.starts_with(&format!("Added: <@&{MENTOR}>")), "{tier}");
    let again = t.roles_add(GUILD, ADMIN, PATRON, "patreon", None).await;
    assert!(again.contains("already has the rule"), "{again}");
    assert_eq!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .len(),
        2
    );

    let list = t.roles_list(GUILD, ADMIN).await;
    assert!(list.starts_with("**Role rules** (2)"), "{list}");
    assert!(list.contains(&format!("• <@&{PATRON}> ← ")), "{list}");
    assert!(list.contains(&format!("• <@&{MENTOR}> ← ")), "{list}");
    assert!(!list.contains("cannot apply"), "{list}");

    let refused = t.roles_remove(GUILD, OTHER, PATRON, None).await;
    assert_eq!(
        refused,
        "Managing role rules needs the Manage Roles permission."
    );
    assert_eq!(
        t.store()
            .rules()
            .for_guild(GUILD)
            .await
            .expect("rules")
            .len(),
        2
    );
    let removed = t.roles_remove(GUILD, ADMIN, PATRON, None).await;
    assert!(
        removed.starts_with(&format!("Removed 1 rule for <@&{PATRON}>")),
        "{removed}"
    );
    let removed = t
        .roles_remove(GUILD, ADMIN, MENTOR, Some("tier-at-least"))
        .await;
    assert!(removed.starts_with("Removed 1 rule"), "{removed}");
    let none = t.roles_remove(GUILD, ADMIN, MENTOR, None).await;
    assert!(none.contains("has no rules"), "{none}");
    let empty = t.roles_list(GUILD, ADMIN).await;
    assert!(empty.starts_with("No role rules yet."), "{empty}");

    // The owner has every permission without a role.
    let by_owner = t.roles_add(GUILD, OWNER, LINKED, "linked", None).await;
    assert!(by_owner.starts_with("Added"), "{by_owner}");

    t.assert_discord_requests_valid();
    t.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_bot_keeps_links_and_rules() {
    let mut t = E2e::start(TestDb::sqlite()).await;
    let reply = t.roles_add(GUILD, ADMIN, PATRON, "patreon", None).await;
    assert!(reply.starts_with("Added"), "{reply}");
    let (_, status, page) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200, "{page}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, PATRON]).await;
    // A /link started before the restart, finished after it.
    let (pending_token, pending_url) = t.type_link(OTHER).await;

    t.stop_bot().await;
    // Stopped: the callback server is gone too.
    assert!(
        t.http
            .get(format!("{}/healthz", t.bot_url))
            .send()
            .await
            .is_err(),
        "the web server still answers after shutdown"
    );
    t.discord.clear_requests();
    t.start_bot().await;

    let me = t.say(GUILD, MEMBER, "whois", json!([])).await;
    assert!(
        me.starts_with("You are linked to the Resonite account **PatronUser**"),
        "{me}"
    );
    let list = t.roles_list(GUILD, ADMIN).await;
    assert!(list.starts_with("**Role rules** (1)"), "{list}");
    let update = t.say(GUILD, MEMBER, "update", json!([])).await;
    assert!(
        update.starts_with("Roles are already up to date."),
        "{update}"
    );

    // The state lives in the database: the link started before the restart completes.
    let callback = t
        .resonite
        .approve(&pending_url, "U-BasicUser")
        .await
        .expect("the mock approves");
    let (status, page) = t.get(&callback).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("BasicUser"), "{page}");
    let edited = t
        .discord
        .original_message(&pending_token)
        .and_then(|m| m["content"].as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(
        edited.contains("Linked to the Resonite account **BasicUser**"),
        "{edited}"
    );

    // Commands were registered again at the new Ready.
    assert!(
        t.discord
            .requests()
            .iter()
            .any(|r| r.method == "PUT"
                && r.path == format!("/api/v10/applications/{APP_ID}/commands")),
        "commands not registered after the restart"
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}

// ---------------------------------------------------------------------------------------
// The registered commands, checked in.

const SNAPSHOT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/it/commands.snapshot.json"
);

/// Objects with sorted keys, so the file does not depend on serde_json's map order.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .map(|k| (k.clone(), canonical(&map[k])))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// The first differing lines, with a few lines of context, `-` expected `+` actual.
fn line_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let first = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut out = format!("first difference at line {}:\n", first + 1);
    let from = first.saturating_sub(3);
    for line in &e[from..first] {
        out.push_str(&format!("  {line}\n"));
    }
    for line in e.iter().skip(first).take(8) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in a.iter().skip(first).take(8) {
        out.push_str(&format!("+ {line}\n"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registered_commands_match_the_snapshot() {
    let t = E2e::start(TestDb::sqlite()).await;
    let registered = t
        .discord
        .registered_commands()
        .expect("commands registered at Ready");
    t.finish().await;

    // What the snapshot is for: names, options, descriptions, permissions, contexts.
    let names: Vec<&str> = registered
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "link", "unlink", "whois", "update", "roles", "config", "sync", "doctor"
        ]
    );
    let actual = serde_json::to_string_pretty(&canonical(&registered)).expect("JSON") + "\n";
    let expected = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
    if expected == actual {
        return;
    }
    if std::env::var("UPDATE_SNAPSHOTS").as_deref() == Ok("1") {
        std::fs::write(SNAPSHOT, &actual).expect("write the snapshot");
        eprintln!("updated {SNAPSHOT}");
        return;
    }
    panic!(
        "the registered commands differ from tests/commands.snapshot.json\n{}\nIf the change is intended, run with UPDATE_SNAPSHOTS=1 and commit the file.",
        line_diff(&expected, &actual)
    );
}

/// The `/sync` reply's text once it says it finished (it is edited as the sync goes).
async fn sync_outcome(t: &E2e, token: &str) -> String {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let content = t
            .discord
            .original_message(token)
            .and_then(|m| m["content"].as_str().map(str::to_owned))
            .unwrap_or_default();
        if content.starts_with("Sync finished") || std::time::Instant::now() > deadline {
            return content;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_rule_reaches_linked_members_without_sync_and_sync_needs_manage_server() {
    let t = E2e::start(TestDb::sqlite()).await;
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    // A rule added after the member linked reaches them with nobody running /sync.
    let added = t.roles_add(GUILD, ADMIN, PATRON, "patreon", None).await;
    assert!(added.starts_with("Added"), "{added}");
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, PATRON]).await;

    let refused = t.say(GUILD, ADMIN, "sync", json!([])).await;
    assert_eq!(
        refused,
        "Syncing every member needs the Manage Server permission."
    );

    let (invocation, reply) = t.command(Some(GUILD), OWNER, "sync", json!([])).await;
    assert_eq!(reply["data"]["content"], "Syncing: starting…");
    let done = sync_outcome(&t, &invocation.token).await;
    assert!(
        done.starts_with(
            "Sync finished: 1/1 linked accounts checked, 0 with role changes, 0 errors."
        ),
        "the rule was applied already: {done}"
    );
    assert!(
        done.contains("Re-verification with Resonite is off"),
        "no key in this test: {done}"
    );
    t.wait_for_roles(GUILD, MEMBER, &[ARTIST, PATRON]).await;
    t.assert_discord_requests_valid();
    t.finish().await;
}
