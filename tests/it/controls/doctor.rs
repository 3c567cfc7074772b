//! `/doctor`: the checklist, read from the live state.

use resonite_verify::i18n::Lang;
use resonite_verify::tr;
use serde_json::json;

use super::config;
use crate::support::db::TestDb;
use crate::support::e2e::*;

const BOT_LOG: u64 = 830_000_000_000_000_001;

both_backends!(doctor_reads_the_live_state_and_says_the_fix, doctor);
async fn doctor(db: TestDb) {
    let world = community().channel(GUILD, BOT_LOG, "bot-log");
    let t = E2e::start_in(world, db).await;
    let refused = t.say(GUILD, ADMIN, "doctor", json!([])).await;
    assert!(
        refused.contains("needs the Manage Server permission"),
        "{refused}"
    );

    let fresh = t.say(GUILD, OWNER, "doctor", json!([])).await;
    for line in [
        "✅ The bot has Manage Roles.",
        "⚠️ No role rules yet",
        "⚠️ No log channel",
        "→ Set one with `/config log-channel channel:#bot-log`.",
        "✅ The member list arrived",
        "Linked Roles is off",
        "✅ No role changes waiting.",
        "✅ No failed role changes.",
    ] {
        assert!(fresh.contains(line), "missing {line:?} in\n{fresh}");
    }

    // A rule for a role above the bot's (stored as an older version might have), a log channel.
    let added = t.roles_add(GUILD, ADMIN, LINKED, "linked", None).await;
    assert!(added.starts_with("Added"), "{added}");
    t.store()
        .rules()
        .add(GUILD, STAFF, "linked", "", OWNER, 0)
        .await
        .expect("rule");
    let set = config(
        &t,
        OWNER,
        "log-channel",
        json!([{ "name": "channel", "type": 7, "value": BOT_LOG }]),
    )
    .await;
    assert!(
        set.starts_with(&format!(
            "Links, unlinks and role changes will be posted in <#{BOT_LOG}>"
        )),
        "{set}"
    );
    let after = t.say(GUILD, OWNER, "doctor", json!([])).await;
    assert!(
        after.contains(&format!("❌ The bot cannot assign: <@&{STAFF}>")),
        "{after}"
    );
    assert!(
        after.contains("→ Drag the bot's role above these roles"),
        "{after}"
    );
    // The bot's role has Manage Roles only, and @everyone nothing: it cannot post there.
    assert!(
        after.contains(&format!(
            "❌ The bot cannot post in the log channel <#{BOT_LOG}>."
        )),
        "{after}"
    );
    assert!(
        after.contains("→ Give the bot's role View Channel and Send Messages there"),
        "{after}"
    );
    assert!(!after.contains("No role rules yet"), "{after}");
    t.assert_discord_requests_valid();
    t.finish().await;
}

both_backends!(doctor_is_all_green_when_all_is_well, all_green);
async fn all_green(db: TestDb) {
    let world =
        community_where_the_bot_has(MANAGE_ROLES | MANAGE_NICKNAMES | VIEW_CHANNEL | SEND_MESSAGES)
            .channel(GUILD, BOT_LOG, "bot-log")
            .rule(GUILD, LINKED, "linked", None)
            .token_key();
    let t = E2e::start_in(world, db).await;
    let set = config(
        &t,
        OWNER,
        "log-channel",
        json!([{ "name": "channel", "type": 7, "value": BOT_LOG }]),
    )
    .await;
    assert!(set.starts_with("Links, unlinks"), "{set}");
    let template = config(
        &t,
        OWNER,
        "nickname",
        json!([{ "name": "template", "type": 3, "value": "{resonite}" }]),
    )
    .await;
    assert!(
        template.starts_with("Nicknames of linked members now follow"),
        "{template}"
    );
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    super::drained(&t).await;
    // The start-up sweep has run once the bot is ready and idle.
    let deadline = std::time::Instant::now() + WAIT;
    while t
        .store()
        .settings()
        .get(GUILD)
        .await
        .expect("settings")
        .last_swept_at
        .is_none()
    {
        assert!(std::time::Instant::now() < deadline, "no sweep recorded");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let report = t.say(GUILD, OWNER, "doctor", json!([])).await;
    let lines: Vec<&str> = report.lines().skip(1).collect();
    assert!(
        lines.iter().all(|l| l.starts_with("✅")),
        "every line green:\n{report}"
    );
    for line in [
        "✅ The bot has Manage Roles.",
        "✅ Every role the rules grant (1) is below the bot's role.",
        "✅ Nicknames follow `{resonite}`; the bot can rename every linked member.",
        &format!("✅ The bot can post in the log channel <#{BOT_LOG}>."),
        "✅ Re-verification is on: every link is checked with Resonite every 12 h.",
        "✅ Last re-verified <t:",
    ] {
        assert!(report.contains(line), "missing {line:?} in\n{report}");
    }

    // The same checklist for an admin whose Discord speaks German or Japanese.
    for code in ["de", "ja"] {
        let lang = Lang::negotiate(code);
        t.discord.set_user_locale(OWNER, code);
        let localized = t.say(GUILD, OWNER, "doctor", json!([])).await;
        assert!(
            localized.starts_with(&tr!(lang, "doctor-head")),
            "{localized}"
        );
        assert!(
            localized.contains(&tr!(lang, "doctor-nicknames-ok", template = "{resonite}")),
            "{localized}"
        );
        assert!(
            localized.lines().skip(1).all(|l| l.starts_with("✅")),
            "{localized}"
        );
        assert!(
            !localized.contains("Manage Roles."),
            "no English left: {localized}"
        );
    }
    t.finish().await;
}

const VIEW_CHANNEL: u64 = 1 << 10;
const SEND_MESSAGES: u64 = 1 << 11;
