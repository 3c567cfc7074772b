use serde_json::{Value, json};

use super::*;
use crate::fixtures;

const GUILD: u64 = 1_000;
const OWNER: u64 = 2_000;
const MEMBER: u64 = 2_001;
const BOT_ROLE: u64 = 1_010;
const PATRON: u64 = 1_011;
const LOG: u64 = 1_020;

fn community() -> WorldBuilder {
    World::builder()
        .guild(GUILD, "Community", OWNER)
        .bot_role(GUILD, BOT_ROLE, "resonite-verify", 10, MANAGE_ROLES)
        .role(GUILD, PATRON, "Patron", 3)
        .member(GUILD, OWNER, "owner", &[])
        .member(GUILD, MEMBER, "demo-member", &[PATRON])
        .channel(GUILD, LOG, "bot-log")
}

#[tokio::test]
async fn the_environment_points_the_bot_at_the_fakes() {
    let mut world = community()
        .env("DATABASE_URL", "sqlite::memory:")
        .build()
        .await
        .expect("world");
    let listener = world.take_bot_listener().expect("the bot's listener");
    let addr = listener.local_addr().expect("addr");
    assert_eq!(world.bot_url, format!("http://{addr}"));
    assert_eq!(world.var("PUBLIC_URL"), Some(world.bot_url.clone()));
    assert_eq!(
        world.var("DISCORD_API_URL"),
        Some(world.discord_url.clone())
    );
    assert_eq!(world.var("DISCORD_TOKEN").as_deref(), Some(BOT_TOKEN));
    assert_eq!(world.var("RESONITE_CLIENT_ID").as_deref(), Some(CLIENT_ID));
    assert_eq!(
        world.var("RESONITE_TOKEN_URL"),
        Some(world.resonite.token_url())
    );
    assert_eq!(
        world.var("DATABASE_URL").as_deref(),
        Some("sqlite::memory:")
    );
    assert_eq!(world.var("HOST"), None, "the bot does not bind itself");

    // The fake Discord answers as the bot, with the guild as described.
    let http = reqwest::Client::new();
    let me = http
        .get(format!("{}/api/v10/users/@me", world.discord_url))
        .header("Authorization", format!("Bot {BOT_TOKEN}"))
        .send()
        .await
        .expect("fake Discord answers");
    assert_eq!(me.status(), 200);
    assert_eq!(
        world.discord.member_roles(GUILD, BOT_USER_ID),
        Some(vec![BOT_ROLE])
    );
    assert_eq!(
        world.discord.member_roles(GUILD, MEMBER),
        Some(vec![PATRON])
    );
    world.shutdown().await;
}

#[tokio::test]
async fn a_bot_that_binds_itself_gets_host_and_port() {
    let world = community()
        .bot_address(BotAddress::Port(0))
        .build()
        .await
        .expect("world");
    let port = world.var("PORT").expect("PORT");
    assert_eq!(world.var("HOST").as_deref(), Some("127.0.0.1"));
    assert_eq!(world.bot_url, format!("http://127.0.0.1:{port}"));
}

#[tokio::test]
async fn a_seeded_link_carries_a_refresh_token_the_mock_accepts() {
    let patron = fixtures::profile("patreon-active").expect("fixture");
    let world = community()
        .linked(MEMBER, patron.clone())
        .rule(GUILD, PATRON, "patreon", None)
        .rule(GUILD, PATRON, "tier-at-least", Some("600"))
        .build()
        .await
        .expect("world");
    let seeds = world.seeds();
    assert_eq!(
        seeds.rules,
        [
            RuleSeed {
                guild_id: GUILD,
                role_id: PATRON,
                kind: "patreon".into(),
                value: String::new(),
                added_by: OWNER,
            },
            RuleSeed {
                guild_id: GUILD,
                role_id: PATRON,
                kind: "tier-at-least".into(),
                value: "600".into(),
                added_by: OWNER,
            },
        ]
    );
    let [link] = seeds.links.as_slice() else {
        panic!("one link: {:?}", seeds.links);
    };
    assert_eq!(link.discord_user_id, MEMBER);
    assert_eq!(link.resonite_user_id(), "U-PatronUser");
    assert_eq!(link.resonite_username(), "PatronUser");
    assert_eq!(link.profile, patron);

    let answer = reqwest::Client::new()
        .post(world.resonite.token_url())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", link.refresh_token.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ])
        .send()
        .await
        .expect("the mock answers");
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.expect("JSON");
    assert!(body["access_token"].is_string(), "{body}");
    world.shutdown().await;
}

#[tokio::test]
async fn roles_members_and_rules_need_their_guild_first() {
    for builder in [
        World::builder().role(GUILD, PATRON, "Patron", 1),
        World::builder().member(GUILD, MEMBER, "m", &[]),
        World::builder().rule(GUILD, PATRON, "linked", None),
    ] {
        let error = builder.build().await.expect_err("no such guild");
        assert!(
            matches!(error, WorldError::UnknownGuild(GUILD)),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn a_lapse_turns_every_supporter_entry_inactive() {
    let world = community().build().await.expect("world");
    let before = world.account("PatronUser").expect("fixture account");
    assert_eq!(before["isActiveSupporter"], true);
    world.lapse("PatronUser").expect("lapsed");
    let after = world.account("U-PatronUser").expect("still there");
    assert_eq!(after["isActiveSupporter"], false);
    assert_eq!(after["supporterMetadata"][0]["isActiveSupporter"], false);
    assert_eq!(after["supporterMetadata"][0]["isActive"], false);
    assert_eq!(
        after["supporterMetadata"][0]["lastTierCents"], 1000,
        "history kept"
    );
    assert!(matches!(
        world.lapse("NoSuchUser"),
        Err(WorldError::UnknownAccount(_))
    ));
}

/// What poise registers for three of the bot's commands, trimmed to what typing reads.
fn commands() -> Value {
    let rules = json!([
        { "name": "linked", "value": 0 },
        { "name": "patreon", "value": 2 },
        { "name": "tier-at-least", "value": 3 },
    ]);
    json!([
        { "name": "whois", "options": [{ "name": "user", "type": 6, "required": false }] },
        { "name": "roles", "options": [
            { "name": "add", "type": 1, "options": [
                { "name": "role", "type": 8, "required": true },
                { "name": "rule", "type": 4, "required": true, "choices": rules },
                { "name": "value", "type": 3, "required": false },
            ]},
            { "name": "list", "type": 1, "options": [] },
        ]},
        { "name": "config", "options": [
            { "name": "log-channel", "type": 1, "options": [
                { "name": "channel", "type": 7, "required": false },
            ]},
            { "name": "nickname", "type": 1, "options": [
                { "name": "template", "type": 3, "required": false },
            ]},
        ]},
    ])
}

#[tokio::test]
async fn typed_lines_become_the_options_a_client_sends() {
    let world = community().build().await.expect("world");
    let guild = world.discord.guild_create_payload(GUILD).expect("guild");
    let typed = |line: &str| parse_command(line, &commands(), &guild);
    let patron = PATRON.to_string();
    let mention = format!("/roles add role:<@&{PATRON}> rule:linked");
    let cases: Vec<(&str, TypedCommand)> = vec![
        (
            "/whois",
            TypedCommand {
                name: "whois".into(),
                options: json!([]),
            },
        ),
        (
            "/whois user:demo-member",
            TypedCommand {
                name: "whois".into(),
                options: json!([{ "name": "user", "type": 6, "value": MEMBER.to_string() }]),
            },
        ),
        (
            "/whois @Demo-Member",
            TypedCommand {
                name: "whois".into(),
                options: json!([{ "name": "user", "type": 6, "value": MEMBER.to_string() }]),
            },
        ),
        (
            "/roles add role:Patron rule:patreon",
            TypedCommand {
                name: "roles".into(),
                options: json!([{ "name": "add", "type": 1, "options": [
                    { "name": "role", "type": 8, "value": patron },
                    { "name": "rule", "type": 4, "value": 2 },
                ]}]),
            },
        ),
        (
            "/roles add role:@patron rule:tier-at-least value:\"$6 a month\"",
            TypedCommand {
                name: "roles".into(),
                options: json!([{ "name": "add", "type": 1, "options": [
                    { "name": "role", "type": 8, "value": patron },
                    { "name": "rule", "type": 4, "value": 3 },
                    { "name": "value", "type": 3, "value": "$6 a month" },
                ]}]),
            },
        ),
        (
            &mention,
            TypedCommand {
                name: "roles".into(),
                options: json!([{ "name": "add", "type": 1, "options": [
                    { "name": "role", "type": 8, "value": patron },
                    { "name": "rule", "type": 4, "value": 0 },
                ]}]),
            },
        ),
        (
            "/roles list",
            TypedCommand {
                name: "roles".into(),
                options: json!([{ "name": "list", "type": 1, "options": [] }]),
            },
        ),
        (
            "/config log-channel channel:#bot-log",
            TypedCommand {
                name: "config".into(),
                options: json!([{ "name": "log-channel", "type": 1, "options": [
                    { "name": "channel", "type": 7, "value": LOG.to_string() },
                ]}]),
            },
        ),
    ];
    for (line, expected) in cases {
        assert_eq!(typed(line), Ok(expected), "{line}");
    }
}

/// The README's lines, typed as shown: a named value runs to the next `name:` of an
/// option, keeping the spaces typed; quotes still work.
#[tokio::test]
async fn a_value_runs_to_the_next_option_name() {
    let world = community().build().await.expect("world");
    let guild = world.discord.guild_create_payload(GUILD).expect("guild");
    let typed = |line: &str| parse_command(line, &commands(), &guild);
    let template = |value: &str| TypedCommand {
        name: "config".into(),
        options: json!([{ "name": "nickname", "type": 1, "options": [
            { "name": "template", "type": 3, "value": value },
        ]}]),
    };
    let tier = |value: &str| TypedCommand {
        name: "roles".into(),
        options: json!([{ "name": "add", "type": 1, "options": [
            { "name": "role", "type": 8, "value": PATRON.to_string() },
            { "name": "rule", "type": 4, "value": 3 },
            { "name": "value", "type": 3, "value": value },
        ]}]),
    };
    let cases = [
        (
            "/config nickname template:{display} ({resonite})",
            template("{display} ({resonite})"),
        ),
        (
            "/config nickname template:\"{display} ({resonite})\"",
            template("{display} ({resonite})"),
        ),
        (
            "/config nickname template:{display}  |  {resonite}",
            template("{display}  |  {resonite}"),
        ),
        (
            "/config nickname template:Resonite: {resonite}",
            template("Resonite: {resonite}"),
        ),
        (
            "/roles add role:Patron rule:tier-at-least value:$6 a month",
            tier("$6 a month"),
        ),
        (
            "/roles add value:$6 a month role:Patron rule:tier-at-least",
            TypedCommand {
                name: "roles".into(),
                options: json!([{ "name": "add", "type": 1, "options": [
                    { "name": "value", "type": 3, "value": "$6 a month" },
                    { "name": "role", "type": 8, "value": PATRON.to_string() },
                    { "name": "rule", "type": 4, "value": 3 },
                ]}]),
            },
        ),
        (
            "/roles add role:Patron rule:tier-at-least value:see https://example.org/x",
            tier("see https://example.org/x"),
        ),
    ];
    for (line, expected) in cases {
        assert_eq!(typed(line), Ok(expected), "{line}");
    }
    // A word shaped like an option name that the command does not have is still refused,
    // naming it, rather than swallowed into the value before it.
    assert_eq!(
        typed("/roles add role:Patron rule:patreon colour:red")
            .expect_err("no such option")
            .to_string(),
        "/roles add has no option \"colour\"; its options: role, rule, value"
    );
}

#[tokio::test]
async fn mistyped_lines_say_what_is_wrong() {
    let world = community().build().await.expect("world");
    let guild = world.discord.guild_create_payload(GUILD).expect("guild");
    let typed = |line: &str| {
        parse_command(line, &commands(), &guild)
            .expect_err(line)
            .to_string()
    };
    let cases = [
        ("whois", "a command starts with a slash, such as /whois"),
        (
            "/link",
            "there is no /link command; the bot has: /whois, /roles, /config",
        ),
        ("/roles", "/roles needs one of: add, list"),
        (
            "/roles remove",
            "/roles has no \"remove\"; it has: add, list",
        ),
        ("/roles add rule:patreon", "/roles add needs role:"),
        (
            "/roles add role:Patron rule:gold",
            "rule: \"gold\" is not one of: linked, patreon, tier-at-least",
        ),
        (
            "/roles add role:Staff rule:linked",
            "role: no role named \"Staff\" here; there are: resonite-verify, Patron",
        ),
        (
            "/whois colour:red",
            "/whois has no option \"colour\"; its options: user",
        ),
        (
            "/whois owner demo-member",
            "/whois takes no more options (got \"demo-member\")",
        ),
        ("/whois \"open", "a quote is not closed"),
    ];
    for (line, expected) in cases {
        assert_eq!(typed(line), expected, "{line}");
    }
}

#[tokio::test]
async fn a_guild_channel_can_be_read_by_id() {
    let world = community().build().await.expect("world");
    let http = reqwest::Client::new();
    let get = |id: u64| {
        http.get(format!("{}/api/v10/channels/{id}", world.discord_url))
            .header("Authorization", format!("Bot {BOT_TOKEN}"))
            .send()
    };
    let channel: Value = get(LOG).await.expect("answers").json().await.expect("JSON");
    assert_eq!(channel["name"], "bot-log");
    assert_eq!(channel["guild_id"], GUILD.to_string());
    let missing = get(LOG + 1).await.expect("answers");
    assert_eq!(missing.status(), 404);
    let body: Value = missing.json().await.expect("JSON");
    assert_eq!(body["code"], 10003, "Unknown Channel");
}
