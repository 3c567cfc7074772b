//! The fake's payloads deserialize into serenity's model types, and serenity's
//! `Http` gets the answers (and errors) real Discord would give.

mod faults;
mod nicknames;
mod oauth;

use std::sync::Arc;

use serde_json::{Value, json};
use serenity::all::{
    ChannelId, CreateActionRow, CreateAttachment, CreateButton, CreateCommand, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, EditInteractionResponse, GuildId, InteractionId, RoleId, UserId,
};
use serenity::http::{Http, HttpBuilder, HttpError};
use serenity::model::application::{Command, CurrentApplicationInfo};
use serenity::model::channel::{GuildChannel, Message, PrivateChannel};
use serenity::model::gateway::BotGateway;
use serenity::model::guild::{Member, PartialGuild, Role};
use serenity::model::user::CurrentUser;

use super::routes::percent_decode;
use super::state::{ADMINISTRATOR, MANAGE_ROLES};
use super::{FakeApp, FakeDiscord, FakeRole, RecordedRequest, payload};

const APP: u64 = 900_000_000_000_000_001;
const BOT: u64 = 900_000_000_000_000_002;
const TOKEN: &str = "test-token";
const GUILD: u64 = 100_000_000_000_000_001;
const OWNER: u64 = 100_000_000_000_000_099;
const BOT_ROLE: u64 = 110;
const LINKED: u64 = 120;
const ABOVE: u64 = 130;
const MANAGED: u64 = 140;
const ALICE: u64 = 200;
const BOB: u64 = 201;
const CHANNEL: u64 = 300;

fn role(id: u64, name: &str, position: u16, permissions: u64, managed: bool) -> FakeRole {
    FakeRole {
        id,
        name: name.into(),
        position,
        permissions,
        managed,
    }
}

fn fake() -> FakeDiscord {
    let fake = FakeDiscord::new(FakeApp {
        application_id: APP,
        bot_user_id: BOT,
        bot_name: "Linker".into(),
        token: TOKEN.into(),
    });
    fake.add_guild(GUILD, "Test Guild", OWNER);
    fake.add_role(GUILD, role(BOT_ROLE, "Linker", 5, MANAGE_ROLES, false));
    fake.add_role(GUILD, role(LINKED, "Linked", 2, 0, false));
    fake.add_role(GUILD, role(ABOVE, "Admins", 10, ADMINISTRATOR, false));
    fake.add_role(GUILD, role(MANAGED, "Server Booster", 1, 0, true));
    fake.set_bot_roles(GUILD, &[BOT_ROLE]);
    fake.add_member(GUILD, ALICE, "alice", &[]);
    fake.add_member(GUILD, BOB, "bob", &[LINKED]);
    fake.add_channel(GUILD, CHANNEL, "general");
    fake
}

async fn serve(fake: &FakeDiscord, token: &str) -> (Arc<Http>, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = fake.clone().spawn(listener).await.unwrap();
    let http = HttpBuilder::new(token)
        .proxy(base.clone())
        .ratelimiter_disabled(true)
        .application_id(APP.into())
        .build();
    (Arc::new(http), base)
}

async fn setup() -> (FakeDiscord, Arc<Http>) {
    let fake = fake();
    let (http, _) = serve(&fake, TOKEN).await;
    (fake, http)
}

/// `(status, Discord error code)` of a failed serenity call.
fn failure<T: std::fmt::Debug>(result: serenity::Result<T>) -> (u16, isize) {
    match result {
        Err(serenity::Error::Http(HttpError::UnsuccessfulRequest(response))) => {
            (response.status_code.as_u16(), response.error.code)
        }
        other => panic!("expected an unsuccessful request, got {other:?}"),
    }
}

#[test]
fn payloads_deserialize_into_serenity_types() {
    let user = payload::user(ALICE, "alice", false);
    let role_json = payload::role(&role(LINKED, "Linked", 2, MANAGE_ROLES, true));
    let role: Role = serde_json::from_value(role_json.clone()).unwrap();
    assert_eq!(
        (role.id.get(), role.position, role.managed),
        (LINKED, 2, true)
    );
    assert_eq!(role.permissions.bits(), MANAGE_ROLES);
    assert_eq!(role_json["permissions"], json!(MANAGE_ROLES.to_string()));

    let member: Member = serde_json::from_value(payload::member(
        user.clone(),
        &[LINKED],
        "2024-01-01T00:00:00+00:00",
    ))
    .unwrap();
    assert_eq!(member.roles, vec![RoleId::new(LINKED)]);
    assert_eq!(member.user.name, "alice");

    let guild: PartialGuild =
        serde_json::from_value(payload::guild(GUILD, "G", OWNER, vec![role_json], Some(3)))
            .unwrap();
    assert_eq!(guild.owner_id.get(), OWNER);
    assert_eq!(guild.approximate_member_count, Some(3));

    let me: CurrentUser = serde_json::from_value(payload::current_user(BOT, "Linker")).unwrap();
    assert!(me.bot);
    assert_eq!(me.discriminator, None);

    let app: CurrentApplicationInfo = serde_json::from_value(payload::application(
        APP,
        "Linker",
        payload::user(BOT, "Linker", true),
        user.clone(),
    ))
    .unwrap();
    assert_eq!(app.id.get(), APP);
    assert_eq!(app.owner.map(|o| o.id.get()), Some(ALICE));

    let channel: GuildChannel =
        serde_json::from_value(payload::guild_channel(GUILD, CHANNEL, "general", 0)).unwrap();
    assert_eq!(channel.guild_id.get(), GUILD);
    let dm: PrivateChannel = serde_json::from_value(payload::dm_channel(7, user)).unwrap();
    assert_eq!(dm.recipient.id.get(), ALICE);

    let command: Command = serde_json::from_value(payload::command(
        &json!({"name": "link", "description": "Link", "options": []}),
        5,
        APP,
        Some(GUILD),
    ))
    .unwrap();
    assert_eq!(
        (command.name.as_str(), command.guild_id),
        ("link", Some(GuildId::new(GUILD)))
    );
}

#[test]
fn guild_create_payload_deserializes_into_guild() {
    let fake = fake();
    let value = fake.guild_create_payload(GUILD).unwrap();
    let guild: serenity::model::guild::Guild = serde_json::from_value(value).unwrap();
    assert_eq!(guild.members.len(), 3);
    assert_eq!(
        guild.members[&UserId::new(BOB)].roles,
        vec![RoleId::new(LINKED)]
    );
    assert_eq!(guild.channels[&ChannelId::new(CHANNEL)].name, "general");
    assert_eq!(guild.roles.len(), 5);
    assert!(fake.guild_create_payload(1).is_none());
}

#[test]
fn message_payload_keeps_builder_embeds_and_components() {
    let body = serde_json::to_value(
        CreateMessage::new()
            .content("hello")
            .embed(CreateEmbed::new().title("t").field("a", "b", true))
            .components(vec![CreateActionRow::Buttons(vec![
                CreateButton::new("unlink").label("Unlink"),
            ])]),
    )
    .unwrap();
    let spec = payload::MessageSpec {
        id: 1,
        channel_id: 2,
        author: payload::user(BOT, "Linker", true),
        kind: 0,
        webhook_id: Some(APP),
        application_id: Some(APP),
        timestamp: "2024-01-01T00:00:00.000000+00:00",
    };
    let message: Message = serde_json::from_value(payload::message(&spec, &body)).unwrap();
    assert_eq!(message.content, "hello");
    assert_eq!(message.embeds[0].fields[0].name, "a");
    assert_eq!(message.components.len(), 1);
}

#[test]
fn percent_decoding() {
    assert_eq!(
        percent_decode("linked%20via%20%C3%A9%2Flink"),
        "linked via é/link"
    );
    assert_eq!(percent_decode("50%"), "50%");
}

#[tokio::test]
async fn identity_and_gateway() {
    let (fake, http) = setup().await;
    let me = http.get_current_user().await.unwrap();
    assert_eq!(
        (me.id.get(), me.name.as_str(), me.bot),
        (BOT, "Linker", true)
    );
    let app = http.get_current_application_info().await.unwrap();
    assert_eq!(app.id.get(), APP);
    let gateway = http.get_gateway().await.unwrap();
    assert!(
        gateway.url.starts_with("ws://127.0.0.1:"),
        "{}",
        gateway.url
    );
    fake.set_gateway_url("ws://example.test/gw");
    let bot: BotGateway = http.get_bot_gateway().await.unwrap();
    assert_eq!((bot.url.as_str(), bot.shards), ("ws://example.test/gw", 1));
    assert!(fake.unexpected().is_empty());
}

#[tokio::test]
async fn guild_roles_members_channels() {
    let (fake, http) = setup().await;
    let guild = http.get_guild(GuildId::new(GUILD)).await.unwrap();
    assert_eq!(guild.roles.len(), 5);
    assert_eq!(guild.roles[&RoleId::new(GUILD)].name, "@everyone");
    let roles = http.get_guild_roles(GuildId::new(GUILD)).await.unwrap();
    assert!(roles.iter().any(|r| r.id.get() == MANAGED && r.managed));
    let bob = http
        .get_member(GuildId::new(GUILD), UserId::new(BOB))
        .await
        .unwrap();
    assert_eq!(bob.roles, vec![RoleId::new(LINKED)]);
    let counted = http
        .get_guild_with_counts(GuildId::new(GUILD))
        .await
        .unwrap();
    assert_eq!(counted.approximate_member_count, Some(3));

    let page1 = http
        .get_guild_members(GuildId::new(GUILD), Some(2), None)
        .await
        .unwrap();
    let ids: Vec<u64> = page1.iter().map(|m| m.user.id.get()).collect();
    assert_eq!(ids, vec![ALICE, BOB]);
    let page2 = http
        .get_guild_members(GuildId::new(GUILD), Some(2), Some(BOB))
        .await
        .unwrap();
    assert_eq!(page2.len(), 1);
    assert!(page2[0].user.bot);

    let channels = http.get_channels(GuildId::new(GUILD)).await.unwrap();
    assert_eq!(channels[0].name, "general");
    let requests = fake.requests();
    assert_eq!(requests[0].path, format!("/api/v10/guilds/{GUILD}"));
    assert_eq!(requests[0].authorization.as_deref(), Some("Bot test-token"));
    assert!(fake.unexpected().is_empty());
}

#[tokio::test]
async fn role_changes_and_audit_reason() {
    let (fake, http) = setup().await;
    let (g, alice, bob) = (GuildId::new(GUILD), UserId::new(ALICE), UserId::new(BOB));
    http.add_member_role(
        g,
        alice,
        RoleId::new(LINKED),
        Some("Linked Resonite account U-x"),
    )
    .await
    .unwrap();
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![LINKED]));
    http.remove_member_role(g, bob, RoleId::new(LINKED), None)
        .await
        .unwrap();
    assert_eq!(fake.member_roles(GUILD, BOB), Some(vec![]));
    let requests = fake.requests();
    assert_eq!(requests[0].method, "PUT");
    assert_eq!(
        requests[0].path,
        format!("/api/v10/guilds/{GUILD}/members/{ALICE}/roles/{LINKED}")
    );
    assert_eq!(requests[0].body, None);
    assert_eq!(
        requests[0].audit_log_reason.as_deref(),
        Some("Linked Resonite account U-x")
    );
    assert_eq!(requests[1].method, "DELETE");

    fake.remove_role(GUILD, LINKED);
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![]));
}

#[tokio::test]
async fn role_change_failures() {
    let (fake, http) = setup().await;
    let (g, alice) = (GuildId::new(GUILD), UserId::new(ALICE));
    let add = |guild: u64, user: u64, role: u64| {
        let http = http.clone();
        async move {
            http.add_member_role(
                GuildId::new(guild),
                UserId::new(user),
                RoleId::new(role),
                None,
            )
            .await
        }
    };
    assert_eq!(failure(add(999, ALICE, LINKED).await), (404, 10004));
    assert_eq!(failure(add(GUILD, 999, LINKED).await), (404, 10007));
    assert_eq!(failure(add(GUILD, ALICE, 999).await), (404, 10011));
    assert_eq!(failure(add(GUILD, ALICE, ABOVE).await), (403, 50013));
    assert_eq!(failure(add(GUILD, ALICE, BOT_ROLE).await), (403, 50013));
    assert_eq!(failure(add(GUILD, ALICE, MANAGED).await), (403, 50013));
    // Without MANAGE_ROLES, even a low role fails; ADMINISTRATOR from @everyone is enough.
    fake.set_bot_roles(GUILD, &[]);
    fake.add_role(GUILD, role(BOT_ROLE, "Linker", 5, 0, false));
    fake.set_bot_roles(GUILD, &[BOT_ROLE]);
    assert_eq!(failure(add(GUILD, ALICE, LINKED).await), (403, 50013));
    fake.add_role(GUILD, role(GUILD, "@everyone", 0, ADMINISTRATOR, false));
    add(GUILD, ALICE, LINKED).await.unwrap();
    // The bot kicked from the guild.
    fake.remove_member(GUILD, BOT);
    assert_eq!(failure(http.get_member(g, alice).await), (403, 50001));
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![LINKED]));
    assert!(fake.unexpected().is_empty());
}

#[tokio::test]
async fn rate_limit_is_not_retried_by_serenity_without_ratelimiter() {
    let (fake, http) = setup().await;
    fake.rate_limit_next(1, 0.25);
    let (g, alice, linked) = (GuildId::new(GUILD), UserId::new(ALICE), RoleId::new(LINKED));
    let result = http.add_member_role(g, alice, linked, None).await;
    // The 429 body has no "code": serenity reports code -1 (undecodable error body).
    assert_eq!(failure(result).0, 429);
    assert_eq!(
        fake.requests().len(),
        1,
        "serenity must not retry by itself"
    );
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![]));
    http.add_member_role(g, alice, linked, None).await.unwrap();
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![LINKED]));
}

#[tokio::test]
async fn rate_limit_headers_and_body() {
    let fake = fake();
    let (_, base) = serve(&fake, TOKEN).await;
    fake.rate_limit_next(2, 1.5);
    let url = format!("{base}/api/v10/guilds/{GUILD}/members/{ALICE}/roles/{LINKED}");
    let client = reqwest::Client::new();
    for _ in 0..2 {
        let response = client
            .put(&url)
            .header("Authorization", "Bot test-token")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 429);
        let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
        assert_eq!(header("retry-after"), "2");
        assert_eq!(header("x-ratelimit-scope"), "user");
        assert_eq!(header("x-ratelimit-remaining"), "0");
        assert_eq!(header("x-ratelimit-reset-after"), "1.500");
        assert!(!header("x-ratelimit-bucket").is_empty());
        assert!(!header("x-ratelimit-limit").is_empty());
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body,
            json!({"message": "You are being rate limited.", "retry_after": 1.5, "global": false})
        );
    }
    let response = client
        .put(&url)
        .header("Authorization", "Bot test-token")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
}

#[tokio::test]
async fn wrong_token_and_unknown_route() {
    let fake = fake();
    let (http, _) = serve(&fake, "wrong").await;
    assert_eq!(failure(http.get_current_user().await), (401, 0));
    let (http, base) = serve(&fake, TOKEN).await;
    assert_eq!(
        failure(http.get_guild_webhooks(GuildId::new(GUILD)).await),
        (404, 0)
    );
    let unexpected = fake.unexpected();
    assert_eq!(unexpected.len(), 1);
    assert_eq!(
        unexpected[0].path,
        format!("/api/v10/guilds/{GUILD}/webhooks")
    );
    let response = reqwest::get(format!("{base}/elsewhere")).await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
    fake.clear_requests();
    assert!(fake.requests().is_empty() && fake.unexpected().is_empty());
}

#[tokio::test]
async fn interaction_response_edit_and_followups() {
    let (fake, http) = setup().await;
    let response = CreateInteractionResponse::Message(
        CreateInteractionResponseMessage::new()
            .content("Working...")
            .ephemeral(true),
    );
    http.create_interaction_response(InteractionId::new(1), "tok", &response, vec![])
        .await
        .unwrap();
    let again = http.create_interaction_response(InteractionId::new(1), "tok", &response, vec![]);
    assert_eq!(failure(again.await), (400, 40060));
    let responses = fake.interaction_responses();
    assert_eq!(responses.len(), 1);
    assert_eq!(responses[0].1["type"], json!(4));
    assert_eq!(
        fake.original_message("tok").unwrap()["content"],
        json!("Working...")
    );

    let edit = EditInteractionResponse::new()
        .content("Linked!")
        .embed(CreateEmbed::new().title("Resonite"));
    let message = http
        .edit_original_interaction_response("tok", &edit, vec![])
        .await
        .unwrap();
    assert_eq!(message.content, "Linked!");
    assert_eq!(message.flags.map(|f| f.bits()), Some(64));
    let fetched = http.get_original_interaction_response("tok").await.unwrap();
    assert_eq!(fetched.embeds[0].title.as_deref(), Some("Resonite"));

    let followup = CreateInteractionResponseFollowup::new().content("more");
    let sent = http
        .create_followup_message("tok", &followup, vec![])
        .await
        .unwrap();
    let edit = CreateInteractionResponseFollowup::new().content("edited");
    http.edit_followup_message("tok", sent.id, &edit, vec![])
        .await
        .unwrap();
    assert_eq!(fake.followups("tok")[0]["content"], json!("edited"));

    http.delete_original_interaction_response("tok")
        .await
        .unwrap();
    assert_eq!(
        failure(http.get_original_interaction_response("tok").await),
        (404, 10008)
    );
    assert!(fake.original_message("tok").is_none());
    assert!(fake.unexpected().is_empty());
}

#[tokio::test]
async fn multipart_edit_records_payload_json() {
    let (fake, http) = setup().await;
    let edit = EditInteractionResponse::new().content("with file");
    let file = CreateAttachment::bytes(b"data".as_slice(), "a.txt");
    http.edit_original_interaction_response("tok", &edit, vec![file])
        .await
        .unwrap();
    let body = fake.requests()[0].body.clone().unwrap();
    assert_eq!(body["content"], json!("with file"));
    assert_eq!(
        fake.original_message("tok").unwrap()["content"],
        json!("with file")
    );
}

#[tokio::test]
async fn command_registration() {
    let (fake, http) = setup().await;
    let commands = vec![CreateCommand::new("link").description("Link your Resonite account")];
    let created = http.create_global_commands(&commands).await.unwrap();
    assert_eq!(created[0].name, "link");
    assert_eq!(created[0].application_id.get(), APP);
    assert_eq!(
        fake.registered_commands().unwrap()[0]["name"],
        json!("link")
    );
    let in_guild = http
        .create_guild_commands(GuildId::new(GUILD), &commands)
        .await
        .unwrap();
    assert_eq!(in_guild[0].guild_id, Some(GuildId::new(GUILD)));
    assert!(fake.registered_guild_commands(GUILD).is_some());
    let listed = http.get_global_commands().await.unwrap();
    assert_eq!(listed.len(), 1);
}

#[tokio::test]
async fn direct_and_channel_messages() {
    let (fake, http) = setup().await;
    let dm = UserId::new(ALICE).create_dm_channel(&http).await.unwrap();
    assert_eq!(dm.recipient.name, "alice");
    dm.id
        .send_message(
            &http,
            CreateMessage::new().content("Your roles were updated"),
        )
        .await
        .unwrap();
    assert_eq!(
        fake.dm_messages(ALICE)[0]["content"],
        json!("Your roles were updated")
    );
    let map = json!({"recipient_id": ALICE.to_string()});
    assert_eq!(http.create_private_channel(&map).await.unwrap().id, dm.id);

    fake.block_dms(BOB);
    let bob_dm = UserId::new(BOB).create_dm_channel(&http).await.unwrap();
    let blocked = bob_dm
        .id
        .send_message(&http, CreateMessage::new().content("hi"))
        .await;
    assert_eq!(failure(blocked), (403, 50007));

    let channel = ChannelId::new(CHANNEL);
    channel
        .send_message(&http, CreateMessage::new().content("hello"))
        .await
        .unwrap();
    assert_eq!(fake.messages(CHANNEL)[0]["content"], json!("hello"));
    let empty = channel.send_message(&http, CreateMessage::new()).await;
    assert_eq!(failure(empty), (400, 50006));
    let unknown = ChannelId::new(999)
        .send_message(&http, CreateMessage::new().content("x"))
        .await;
    assert_eq!(failure(unknown), (404, 10003));
    assert!(fake.unexpected().is_empty());
}

#[test]
fn recorded_request_is_plain_data() {
    let request = RecordedRequest {
        method: "GET".into(),
        path: "/api/v10/users/@me".into(),
        query: None,
        body: None,
        authorization: None,
        audit_log_reason: None,
        received_at: std::time::Instant::now(),
        answered_at: None,
        status: None,
    };
    assert_eq!(request.clone(), request);
}
