//! Every frame and dispatch the fake gateway sends deserializes in serenity
//! 0.12.5 the way the bot reads it.

use serde_json::{Value, json};
use serenity::all::{
    CommandDataOptionValue, CommandType, GuildId, Interaction, InteractionContext, InteractionType,
    Permissions, RoleId, UserId,
};
use serenity::model::event::{Event, GatewayEvent};

use super::super::interaction::{command_interaction, component_interaction, permissions};
use super::super::state::{ADMINISTRATOR, MANAGE_ROLES};
use super::super::{FakeApp, FakeDiscord, FakeRole, payload};
use super::{dispatch_frame, hello_frame, op_frame, token_matches};

const APP: u64 = 900_000_000_000_000_001;
const BOT: u64 = 900_000_000_000_000_002;
const GUILD: u64 = 100_000_000_000_000_001;
const OTHER_GUILD: u64 = 100_000_000_000_000_002;
const OWNER: u64 = 100_000_000_000_000_099;
const MODS: u64 = 110;
const ADMINS: u64 = 130;
const ALICE: u64 = 200;
const BOB: u64 = 201;
const CHANNEL: u64 = 300;

fn role(id: u64, name: &str, position: u16, permissions: u64) -> FakeRole {
    FakeRole {
        id,
        name: name.into(),
        position,
        permissions,
        managed: false,
    }
}

fn fake() -> FakeDiscord {
    let fake = FakeDiscord::new(FakeApp {
        application_id: APP,
        bot_user_id: BOT,
        bot_name: "Linker".into(),
        token: "test-token".into(),
    });
    fake.add_guild(GUILD, "Test Guild", OWNER);
    fake.add_role(GUILD, role(MODS, "Mods", 5, MANAGE_ROLES));
    fake.add_role(GUILD, role(ADMINS, "Admins", 10, ADMINISTRATOR));
    fake.add_member(GUILD, ALICE, "alice", &[MODS]);
    fake.add_member(GUILD, BOB, "bob", &[ADMINS]);
    fake.add_member(GUILD, OWNER, "owner", &[]);
    fake.add_channel(GUILD, CHANNEL, "general");
    // A guild the bot has left: in neither READY nor GUILD_CREATE.
    fake.add_guild(OTHER_GUILD, "Gone", OWNER);
    fake.remove_member(OTHER_GUILD, BOT);
    fake
}

fn event(frame: Value) -> (u64, Event) {
    match serde_json::from_value::<GatewayEvent>(frame) {
        Ok(GatewayEvent::Dispatch(seq, event)) => (seq, event),
        other => panic!("not a dispatch: {other:?}"),
    }
}

fn interaction(value: Value) -> serenity::all::CommandInteraction {
    let frame = dispatch_frame("INTERACTION_CREATE", 3, value);
    match event(frame).1 {
        Event::InteractionCreate(create) => match create.interaction {
            Interaction::Command(command) => command,
            other => panic!("not a command: {other:?}"),
        },
        other => panic!("not an interaction: {other:?}"),
    }
}

#[test]
fn control_frames_deserialize() {
    let hello = serde_json::from_value::<GatewayEvent>(hello_frame(41_250)).unwrap();
    assert!(matches!(hello, GatewayEvent::Hello(41_250)));
    let ack = serde_json::from_value::<GatewayEvent>(op_frame(11, Value::Null)).unwrap();
    assert!(matches!(ack, GatewayEvent::HeartbeatAck));
    let invalid = serde_json::from_value::<GatewayEvent>(op_frame(9, json!(false))).unwrap();
    assert!(matches!(invalid, GatewayEvent::InvalidateSession(false)));
    let reconnect = serde_json::from_value::<GatewayEvent>(op_frame(7, Value::Null)).unwrap();
    assert!(matches!(reconnect, GatewayEvent::Reconnect));
    let (seq, resumed) = event(dispatch_frame("RESUMED", 9, json!({ "_trace": [] })));
    assert_eq!(seq, 9);
    assert!(matches!(resumed, Event::Resumed(_)));
}

#[test]
fn ready_deserializes_with_the_bots_guilds() {
    let fake = fake();
    let ready = fake.ready_payload("abc", Some(&json!([0, 1])), "127.0.0.1:1");
    let (seq, event) = event(dispatch_frame("READY", 1, ready));
    assert_eq!(seq, 1);
    let Event::Ready(ready) = event else {
        panic!("not READY: {event:?}");
    };
    let ready = ready.ready;
    assert_eq!(ready.version, 10);
    assert_eq!(ready.user.id, UserId::new(BOT));
    assert!(ready.user.bot);
    assert_eq!(ready.session_id, "abc");
    assert_eq!(ready.resume_gateway_url, "ws://127.0.0.1:1/gateway");
    assert_eq!(ready.application.id.get(), APP);
    let guilds: Vec<_> = ready.guilds.iter().map(|g| (g.id, g.unavailable)).collect();
    assert_eq!(guilds, vec![(GuildId::new(GUILD), true)]);
    let shard = ready.shard.unwrap();
    assert_eq!((shard.id.0, shard.total), (0, 1));
}

#[test]
fn guild_create_and_member_events_deserialize() {
    let fake = fake();
    let guild = fake.guild_create_payload(GUILD).unwrap();
    let Event::GuildCreate(create) = event(dispatch_frame("GUILD_CREATE", 2, guild)).1 else {
        panic!("not GUILD_CREATE");
    };
    assert_eq!(create.guild.roles.len(), 3);
    assert!(create.guild.roles.contains_key(&RoleId::new(ADMINS)));
    assert_eq!(create.guild.members.len(), 4);

    fake.add_member(GUILD, 555, "carol", &[MODS]);
    let member = fake.member_payload(GUILD, 555).unwrap();
    let Event::GuildMemberAdd(add) = event(dispatch_frame("GUILD_MEMBER_ADD", 3, member)).1 else {
        panic!("not GUILD_MEMBER_ADD");
    };
    assert_eq!(add.member.guild_id, GuildId::new(GUILD));
    assert_eq!(add.member.user.name, "carol");
    assert_eq!(add.member.roles, vec![RoleId::new(MODS)]);

    let remove =
        json!({ "guild_id": GUILD.to_string(), "user": payload::user(555, "carol", false) });
    let Event::GuildMemberRemove(remove) =
        event(dispatch_frame("GUILD_MEMBER_REMOVE", 4, remove)).1
    else {
        panic!("not GUILD_MEMBER_REMOVE");
    };
    assert_eq!(remove.user.id, UserId::new(555));

    let chunk = fake.members_chunk(
        GUILD,
        &json!({ "query": "AL", "limit": 0, "nonce": "n" }),
        None,
    );
    let Event::GuildMembersChunk(chunk) = event(dispatch_frame("GUILD_MEMBERS_CHUNK", 5, chunk)).1
    else {
        panic!("not GUILD_MEMBERS_CHUNK");
    };
    assert_eq!(chunk.members.len(), 1);
    assert!(chunk.members.contains_key(&UserId::new(ALICE)));
    assert_eq!(chunk.nonce.as_deref(), Some("n"));
    let by_id = fake.members_chunk(GUILD, &json!({}), Some(&[BOB, 999]));
    assert_eq!(by_id["members"].as_array().unwrap().len(), 1);
    assert_eq!(by_id["not_found"], json!(["999"]));
}

#[test]
fn permissions_follow_roles_owner_and_administrator() {
    let fake = fake();
    let state = fake.lock();
    let guild = &state.guilds[&GUILD];
    let all = Permissions::all().bits();
    assert_eq!(permissions(GUILD, guild, ALICE), MANAGE_ROLES);
    assert_eq!(permissions(GUILD, guild, BOB), all);
    assert_eq!(permissions(GUILD, guild, OWNER), all);
    assert_eq!(permissions(GUILD, guild, BOT), 0);
}

#[test]
fn guild_slash_command_deserializes_with_resolved_user_and_member() {
    let fake = fake();
    let (invocation, value) = {
        let mut state = fake.lock();
        let options = json!([{ "name": "user", "type": 6, "value": BOB }]);
        command_interaction(&mut state, Some(GUILD), ALICE, "whois", options)
    };
    let command = interaction(value.clone());
    assert_eq!(command.id.get(), invocation.id);
    assert_eq!(command.token, invocation.token);
    assert_eq!(command.application_id.get(), APP);
    assert_eq!(command.guild_id, Some(GuildId::new(GUILD)));
    assert_eq!(command.data.name, "whois");
    assert_eq!(command.data.kind, CommandType::ChatInput);
    assert_eq!(command.user.id, UserId::new(ALICE));
    let member = command.member.as_ref().unwrap();
    assert_eq!(member.user.name, "alice");
    assert_eq!(member.roles, vec![RoleId::new(MODS)]);
    assert_eq!(member.permissions, Some(Permissions::MANAGE_ROLES));
    assert_eq!(command.app_permissions, Some(Permissions::empty()));
    assert_eq!(command.context, Some(InteractionContext::Guild));
    assert_eq!(command.version, 1);
    assert_eq!(
        command.data.options[0].value,
        CommandDataOptionValue::User(UserId::new(BOB))
    );
    let resolved = &command.data.resolved;
    assert_eq!(resolved.users[&UserId::new(BOB)].name, "bob");
    let bob = &resolved.members[&UserId::new(BOB)];
    assert_eq!(bob.permissions, Some(Permissions::all()));
    assert_eq!(bob.roles, vec![RoleId::new(ADMINS)]);
    // Discord's shape: snowflakes as strings, the partial member without `user`.
    assert_eq!(value["data"]["options"][0]["value"], json!(BOB.to_string()));
    assert!(value["data"]["resolved"]["members"][BOB.to_string()]["user"].is_null());
    assert_eq!(
        serde_json::from_value::<Interaction>(value).unwrap().kind(),
        InteractionType::Command
    );
}

#[test]
fn slash_command_uses_the_registered_command_id() {
    let fake = fake();
    let registered = payload::command(&json!({ "name": "link" }), 4242, APP, Some(GUILD));
    fake.lock()
        .command_objects
        .insert(Some(GUILD), json!([registered]));
    let global = payload::command(&json!({ "name": "whois" }), 4343, APP, None);
    fake.lock().command_objects.insert(None, json!([global]));
    let (_, value) = command_interaction(&mut fake.lock(), Some(GUILD), ALICE, "link", Value::Null);
    let command = interaction(value);
    assert_eq!(command.data.id.get(), 4242);
    assert_eq!(command.data.guild_id, Some(GuildId::new(GUILD)));
    let (_, value) = command_interaction(&mut fake.lock(), Some(GUILD), ALICE, "whois", json!([]));
    let command = interaction(value);
    assert_eq!(command.data.id.get(), 4343);
    assert_eq!(command.data.guild_id, None);
}

#[test]
fn subcommands_roles_channels_and_mentionables_resolve() {
    let fake = fake();
    let options = json!([{
        "name": "admin",
        "type": 2,
        "options": [{
            "name": "grant",
            "type": 1,
            "options": [
                { "name": "role", "type": 8, "value": MODS.to_string() },
                { "name": "where", "type": 7, "value": CHANNEL.to_string() },
                { "name": "who", "type": 9, "value": ALICE.to_string() },
                { "name": "note", "type": 3, "value": "hello" },
            ],
        }],
    }]);
    let (_, value) = command_interaction(&mut fake.lock(), Some(GUILD), OWNER, "roles", options);
    let command = interaction(value);
    let member = command.member.as_ref().unwrap();
    assert_eq!(member.permissions, Some(Permissions::all()));
    let resolved = &command.data.resolved;
    let mods = &resolved.roles[&RoleId::new(MODS)];
    assert_eq!(mods.name, "Mods");
    assert_eq!(mods.guild_id, GuildId::new(GUILD));
    assert_eq!(
        resolved.channels.values().next().unwrap().name.as_deref(),
        Some("general")
    );
    assert!(resolved.users.contains_key(&UserId::new(ALICE)));
    let CommandDataOptionValue::SubCommandGroup(group) = &command.data.options[0].value else {
        panic!("not a group");
    };
    let CommandDataOptionValue::SubCommand(sub) = &group[0].value else {
        panic!("not a subcommand");
    };
    assert_eq!(sub.len(), 4);
}

#[test]
fn dm_slash_command_has_user_and_no_member() {
    let fake = fake();
    let (invocation, value) = command_interaction(&mut fake.lock(), None, ALICE, "link", json!([]));
    let command = interaction(value);
    assert_eq!(command.token, invocation.token);
    assert!(command.member.is_none());
    assert!(command.guild_id.is_none());
    assert_eq!(command.user.id, UserId::new(ALICE));
    assert_eq!(command.context, Some(InteractionContext::BotDm));
    // The channel is the DM channel the REST side knows for this user.
    assert_eq!(
        fake.lock().dm_channels.get(&ALICE).copied(),
        Some(command.channel_id.get())
    );
}

#[test]
fn identify_token_may_carry_the_bot_prefix() {
    assert!(token_matches(&json!({ "token": "Bot t" }), "t"));
    assert!(token_matches(&json!({ "token": "t" }), "t"));
    assert!(!token_matches(&json!({ "token": "Bot u" }), "t"));
    assert!(!token_matches(&json!({}), "t"));
}

#[test]
fn a_button_press_is_a_component_interaction_carrying_the_message() {
    let fake = fake();
    let (command, _) =
        command_interaction(&mut fake.lock(), Some(GUILD), ALICE, "unlink", json!([]));
    let reply = json!({
        "id": "1", "channel_id": "1", "author": payload::user(BOT, "bot", true),
        "content": "sure?", "timestamp": "2024-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null, "tts": false, "mention_everyone": false, "mentions": [],
        "mention_roles": [], "attachments": [], "embeds": [], "pinned": false, "type": 20,
        "flags": 64,
        "components": [{ "type": 1, "components": [
            { "type": 2, "style": 4, "label": "Unlink", "custom_id": "unlink:confirm:1" }
        ]}],
    });
    fake.lock()
        .webhook_messages
        .entry(command.token.clone())
        .or_default()
        .original = Some(reply);
    assert!(
        fake.press_button(Some(GUILD), ALICE, "no-such-token", "x")
            .is_none()
    );
    let (pressed, value) = component_interaction(
        &mut fake.lock(),
        Some(GUILD),
        ALICE,
        &command.token,
        "unlink:confirm:1",
    )
    .expect("the reply exists");
    assert_ne!(pressed.token, command.token);
    let frame = dispatch_frame("INTERACTION_CREATE", 4, value);
    let press = match event(frame).1 {
        Event::InteractionCreate(create) => match create.interaction {
            Interaction::Component(press) => press,
            other => panic!("not a component: {other:?}"),
        },
        other => panic!("not an interaction: {other:?}"),
    };
    assert_eq!(press.data.custom_id, "unlink:confirm:1");
    assert_eq!(press.token, pressed.token);
    assert_eq!(press.user.id, UserId::new(ALICE));
    assert_eq!(press.message.content, "sure?");
    assert_eq!(press.guild_id, Some(GuildId::new(GUILD)));
}

#[test]
fn a_channel_overwrite_shows_in_the_interaction_only() {
    const CAROL: u64 = 202;
    let fake = fake();
    fake.add_member(GUILD, CAROL, "carol", &[]);
    fake.allow_in_channel(GUILD, CAROL, MANAGE_ROLES);
    let (_, value) = command_interaction(&mut fake.lock(), Some(GUILD), CAROL, "roles", json!([]));
    let command = interaction(value);
    let member = command.member.expect("a member");
    assert!(member.permissions.expect("permissions").manage_roles());
    let state = fake.lock();
    let guild = &state.guilds[&GUILD];
    assert_eq!(permissions(GUILD, guild, CAROL) & MANAGE_ROLES, 0);
}
