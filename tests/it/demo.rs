//! `resonite-verify demo` driven by a piped script, in process: slash commands reach the
//! real bot through the fake gateway, and the transcript shows its answers and the roles
//! that changed.

use resonite_verify::demo::{ADMIN_ID, Demo, DemoOptions, RULE_ROLES, SPARE_ROLES, drive};

/// Each of `expected` appears in `output`, in this order.
fn assert_in_order(output: &str, expected: &[&str]) {
    let mut from = 0;
    for text in expected {
        match output[from..].find(text) {
            Some(at) => from += at + text.len(),
            None => panic!("{text:?} missing (after byte {from}) in the transcript:\n{output}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_piped_script_links_a_patron_and_their_roles_follow_a_lapse() {
    let demo = Demo::start(DemoOptions {
        bot_port: 0,
        mock_port: 0,
        database: None,
        metrics: None,
    })
    .await
    .expect("the demo starts");
    let script = "\
/whois
/roles add role:Nobody rule:patreon
/link
approve PatronUser
/whois
as admin /roles list
as admin /config log-channel channel:#bot-log
as admin /config nickname template:{display} ({resonite})
as admin /doctor
as admin /roles add role:@Mentor rule:tag value:mentor
lapse PatronUser
as admin /sync
wait 20
/unlink
";
    let mut output = Vec::new();
    drive(&demo, script.as_bytes(), &mut output, true)
        .await
        .expect("the script runs");
    let output = String::from_utf8(output).expect("UTF-8");
    demo.stop().await.expect("the demo stops cleanly");

    assert_in_order(
        &output,
        &[
            "demo-member> /whois",
            "bot (only demo-member sees this):\n    You are not linked to a Resonite account. Run `/link` to link one.",
            "demo-member> /roles add role:Nobody rule:patreon",
            "role: no role named \"Nobody\" here; there are: resonite-verify, Staff, Unverified, Mentor, Patron, Supporter, Linked",
            "demo-member> /link",
            "Open this URL in a browser to sign in on the mock Resonite:\n    http://127.0.0.1:",
            "demo-member> approve PatronUser",
            "On the mock Resonite: approved as PatronUser; the browser follows the redirect to the bot's page: HTTP 200, \"Link these accounts?\"; it presses Link there: HTTP 200, \"Accounts linked\"",
            "roles: demo-member gained @Linked, @Supporter, @Patron, @Mentor",
            "the bot edited its /link reply:",
            "Linked to the Resonite account **PatronUser**",
            "demo-member> /whois",
            "You are linked to the Resonite account **PatronUser**",
            "demo-member> as admin /roles list",
            "bot (only community-admin sees this):\n    **Role rules** (4)",
            "• @Linked ← linked Resonite account",
            "demo-member> as admin /config log-channel channel:#bot-log",
            "Links, unlinks and role changes will be posted in #bot-log.",
            // As the README shows it: no quotes, the value runs to the end of the line.
            "demo-member> as admin /config nickname template:{display} ({resonite})",
            "Nicknames of linked members now follow `{display} ({resonite})`",
            "demo-member> as admin /doctor",
            "✅ Nicknames follow `{display} ({resonite})`; the bot can rename every linked member.",
            "✅ The bot can post in the log channel #bot-log.",
            // The demo's rules are the owner's own: adding one again changes nothing.
            "demo-member> as admin /roles add role:@Mentor rule:tag value:mentor",
            "@Mentor already has the rule tag `mentor`; it is active.",
            "demo-member> lapse PatronUser",
            "PatronUser's Patreon support lapsed on the mock Resonite.",
            "demo-member> as admin /sync",
            "Syncing",
            "roles: demo-member lost @Supporter, @Patron",
            "demo-member> /unlink",
            "Unlink the Resonite account **PatronUser**?",
            "(the demo presses the confirmation button for demo-member; in Discord they press it)",
            "Unlinked from the Resonite account **PatronUser**.",
        ],
    );
    // Reported at whichever prompt comes after the reconciler renamed the member.
    assert!(
        output.contains("nickname: demo-member (none) → \"demo-member (PatronUser)\""),
        "{output}"
    );
}

/// The demo's rules as it prints them at start in a new database.
const SEEDED: &str =
    "@Linked ← linked, @Supporter ← supporter, @Patron ← patreon, @Mentor ← tag mentor";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_on_a_kept_database_shows_the_rules_stored_not_the_demos() {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = DemoOptions {
        bot_port: 0,
        mock_port: 0,
        database: Some(dir.path().join("kept.db")),
        metrics: None,
    };
    let demo = Demo::start(options.clone()).await.expect("the demo starts");
    assert_eq!(demo.rules_summary().await.expect("rules"), SEEDED);
    for line in [
        "/roles remove role:@Patron",
        "/roles add role:@Unverified rule:unlinked",
    ] {
        let answer = demo.command(ADMIN_ID, line).await.expect(line);
        assert!(!answer.content().is_empty(), "{line}: no reply");
    }
    let changed = demo.rules_summary().await.expect("rules");
    assert!(
        !changed.contains("@Patron") && changed.contains("@Unverified ← unlinked"),
        "{changed}"
    );
    demo.stop().await.expect("the demo stops cleanly");

    let again = Demo::start(options).await.expect("the demo starts again");
    let summary = again.rules_summary().await.expect("rules");
    let listed = again
        .command(ADMIN_ID, "/roles list")
        .await
        .expect("/roles list")
        .content()
        .to_owned();
    again.stop().await.expect("the demo stops cleanly");
    assert_eq!(summary, changed, "what was stored, not the demo's seed");
    let patron = format!("<@&{}>", RULE_ROLES[2].0);
    let unverified = format!("<@&{}>", SPARE_ROLES[0].0);
    assert!(
        !listed.contains(&patron) && listed.contains(&unverified),
        "the seed's @Patron rule is not written back: {listed}"
    );
}
