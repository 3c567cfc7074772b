//! A real serenity client (and a poise framework) against the fake Discord's
//! gateway: READY, GUILD_CREATE, interactions, member joins, heartbeats,
//! resume after a disconnect, clean shutdown, and the ways Discord refuses a
//! connection. Every wait is on an event or a notification, never a sleep.

use std::sync::Arc;
use std::time::Duration;

use crate::discord::{FakeApp, FakeDiscord, FakeRole, GatewayWhileDown};
use poise::serenity_prelude as serenity;
use serde_json::json;
use serenity::{
    CommandDataOptionValue, Context, EventHandler, GatewayIntents, Guild, GuildId, Interaction,
    Member, Permissions, Ready, ResumedEvent, RoleId, UserId,
};
use tokio::sync::mpsc;

const APP: u64 = 900_000_000_000_000_001;
const BOT: u64 = 900_000_000_000_000_002;
const TOKEN: &str = "gateway-test-token";
const GUILD: u64 = 100_000_000_000_000_001;
const OWNER: u64 = 100_000_000_000_000_099;
const MODS: u64 = 110;
const ALICE: u64 = 200;
const BOB: u64 = 201;
const CAROL: u64 = 202;
const MANAGE_ROLES: u64 = 1 << 28;
const WAIT: Duration = Duration::from_secs(15);

fn fake() -> FakeDiscord {
    let fake = FakeDiscord::new(FakeApp {
        application_id: APP,
        bot_user_id: BOT,
        bot_name: "Linker".into(),
        token: TOKEN.into(),
    });
    fake.add_guild(GUILD, "Test Guild", OWNER);
    fake.add_role(
        GUILD,
        FakeRole {
            id: MODS,
            name: "Mods".into(),
            position: 3,
            permissions: MANAGE_ROLES,
            managed: false,
        },
    );
    fake.add_member(GUILD, ALICE, "alice", &[MODS]);
    fake.add_member(GUILD, BOB, "bob", &[]);
    fake.set_heartbeat_interval(200);
    fake
}

async fn spawn(fake: &FakeDiscord) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    fake.clone().spawn(listener).await.expect("spawn")
}

fn http(base_url: &str, token: &str) -> serenity::Http {
    serenity::HttpBuilder::new(token)
        .proxy(base_url)
        .ratelimiter_disabled(true)
        .build()
}

#[derive(Debug)]
enum Seen {
    Ready(Box<Ready>),
    GuildCreate(Box<Guild>),
    Interaction(Box<Interaction>),
    MemberAdd(Box<Member>),
    MemberUpdate(Box<serenity::GuildMemberUpdateEvent>),
    Resumed,
}

struct Forward(mpsc::UnboundedSender<Seen>);

#[serenity::async_trait]
impl EventHandler for Forward {
    async fn ready(&self, _: Context, ready: Ready) {
        let _ = self.0.send(Seen::Ready(Box::new(ready)));
    }
    async fn guild_create(&self, _: Context, guild: Guild, _: Option<bool>) {
        let _ = self.0.send(Seen::GuildCreate(Box::new(guild)));
    }
    async fn interaction_create(&self, _: Context, interaction: Interaction) {
        let _ = self.0.send(Seen::Interaction(Box::new(interaction)));
    }
    async fn guild_member_addition(&self, _: Context, member: Member) {
        let _ = self.0.send(Seen::MemberAdd(Box::new(member)));
    }
    async fn guild_member_update(
        &self,
        _: Context,
        _: Option<Member>,
        _: Option<Member>,
        event: serenity::GuildMemberUpdateEvent,
    ) {
        let _ = self.0.send(Seen::MemberUpdate(Box::new(event)));
    }

    async fn resume(&self, _: Context, _: ResumedEvent) {
        let _ = self.0.send(Seen::Resumed);
    }
}

async fn next(events: &mut mpsc::UnboundedReceiver<Seen>) -> Seen {
    tokio::time::timeout(WAIT, events.recv())
        .await
        .expect("no event in time")
        .expect("event channel closed")
}

fn intents() -> GatewayIntents {
    GatewayIntents::GUILDS | GatewayIntents::GUILD_MEMBERS
}

#[tokio::test]
async fn serenity_client_gets_ready_guilds_interactions_and_member_joins() {
    let fake = fake();
    let base = spawn(&fake).await;
    let (tx, mut events) = mpsc::unbounded_channel();
    let mut client = serenity::ClientBuilder::new_with_http(http(&base, TOKEN), intents())
        .event_handler(Forward(tx))
        .await
        .expect("client");
    let shard_manager = client.shard_manager.clone();
    let running = tokio::spawn(async move { client.start().await });

    assert!(fake.wait_for_ready(WAIT).await, "no READY sent");
    assert_eq!(fake.sessions(), 1);
    assert_eq!(fake.gateway_connections(), vec!["/gateway?v=10".to_owned()]);
    let identifies = fake.identifies();
    assert_eq!(identifies.len(), 1);
    assert_eq!(identifies[0]["intents"], json!(intents().bits()));
    assert_eq!(identifies[0]["token"], json!(format!("Bot {TOKEN}")));
    assert_eq!(identifies[0]["shard"], json!([0, 1]));

    let Seen::Ready(ready) = next(&mut events).await else {
        panic!("READY first");
    };
    assert_eq!(ready.user.id, UserId::new(BOT));
    assert_eq!(ready.application.id.get(), APP);
    assert_eq!(ready.guilds.len(), 1);
    assert_eq!(ready.guilds[0].id, GuildId::new(GUILD));

    let Seen::GuildCreate(guild) = next(&mut events).await else {
        panic!("then GUILD_CREATE");
    };
    assert_eq!(guild.id, GuildId::new(GUILD));
    assert_eq!(guild.owner_id, UserId::new(OWNER));
    assert_eq!(guild.roles[&RoleId::new(MODS)].name, "Mods");
    assert!(guild.members.contains_key(&UserId::new(ALICE)));
    assert!(guild.members.contains_key(&UserId::new(BOT)));

    assert!(
        fake.wait_for_heartbeats(1, WAIT).await,
        "no heartbeat answered"
    );

    let invocation = fake.slash_command(
        Some(GUILD),
        ALICE,
        "whois",
        json!([{ "name": "user", "type": 6, "value": BOB.to_string() }]),
    );
    let Seen::Interaction(interaction) = next(&mut events).await else {
        panic!("INTERACTION_CREATE");
    };
    let Interaction::Command(command) = *interaction else {
        panic!("a command interaction");
    };
    assert_eq!(command.id.get(), invocation.id);
    assert_eq!(command.token, invocation.token);
    assert_eq!(command.data.name, "whois");
    assert_eq!(
        command.data.options[0].value,
        CommandDataOptionValue::User(UserId::new(BOB))
    );
    assert_eq!(command.data.resolved.users[&UserId::new(BOB)].name, "bob");
    assert_eq!(command.user.id, UserId::new(ALICE));
    let member = command.member.as_ref().expect("member");
    assert_eq!(member.roles, vec![RoleId::new(MODS)]);
    assert_eq!(member.permissions, Some(Permissions::MANAGE_ROLES));

    fake.member_join(GUILD, CAROL, "carol");
    let Seen::MemberAdd(member) = next(&mut events).await else {
        panic!("GUILD_MEMBER_ADD");
    };
    assert_eq!(member.guild_id, GuildId::new(GUILD));
    assert_eq!(member.user.id, UserId::new(CAROL));
    assert_eq!(fake.member_roles(GUILD, CAROL), Some(vec![]));

    // Dropped connections are resumed, not re-identified, and events flow again.
    fake.disconnect_all();
    assert_eq!(fake.sessions(), 0);
    assert!(fake.wait_for_ready(WAIT).await, "no resume");
    assert!(matches!(next(&mut events).await, Seen::Resumed));
    assert_eq!(fake.identifies().len(), 1);
    assert_eq!(fake.gateway_connections().len(), 2);
    fake.slash_command(None, BOB, "link", json!([]));
    let Seen::Interaction(interaction) = next(&mut events).await else {
        panic!("INTERACTION_CREATE after the resume");
    };
    let command = interaction.command().expect("command");
    assert!(command.member.is_none());
    assert_eq!(command.user.id, UserId::new(BOB));

    // Op 7 Reconnect: the client resumes on a new connection, the old one is closed.
    fake.request_reconnect();
    assert!(matches!(next(&mut events).await, Seen::Resumed));
    assert_eq!(fake.identifies().len(), 1);
    assert_eq!(fake.gateway_connections().len(), 3);
    assert!(fake.wait_for_ready(WAIT).await);
    assert_eq!(fake.sessions(), 1);

    shard_manager.shutdown_all().await;
    let ended = tokio::time::timeout(WAIT, running)
        .await
        .expect("start() did not return")
        .expect("client task");
    assert!(ended.is_ok(), "start() failed: {ended:?}");
}

/// Serenity falls back to the real gateway when `GET /gateway` is refused (as it
/// is for a wrong token), so point the client at the fake's gateway by hand.
async fn refused_client(fake: &FakeDiscord, token: &str) -> serenity::Result<()> {
    let base = spawn(fake).await;
    let (tx, _events) = mpsc::unbounded_channel();
    let mut client = serenity::ClientBuilder::new_with_http(http(&base, token), intents())
        .event_handler(Forward(tx))
        .await
        .expect("client");
    *client.ws_url.lock().await = format!("{}/gateway", base.replace("http://", "ws://"));
    tokio::time::timeout(WAIT, client.start())
        .await
        .expect("start() did not return")
}

#[tokio::test]
async fn wrong_token_is_closed_with_4004() {
    let fake = fake();
    let result = refused_client(&fake, "not-the-token").await;
    assert!(
        matches!(
            result,
            Err(serenity::Error::Gateway(
                serenity::GatewayError::InvalidAuthentication
            ))
        ),
        "{result:?}"
    );
    assert_eq!(fake.identifies().len(), 1);
    assert_eq!(fake.sessions(), 0);
}

#[tokio::test]
async fn privileged_intent_not_enabled_is_closed_with_4014() {
    let fake = fake();
    fake.set_privileged_intents(0);
    let result = refused_client(&fake, TOKEN).await;
    assert!(
        matches!(
            result,
            Err(serenity::Error::Gateway(
                serenity::GatewayError::DisallowedGatewayIntents
            ))
        ),
        "{result:?}"
    );
}

struct PingData;

/// Replies pong.
#[poise::command(slash_command)]
async fn ping(ctx: poise::Context<'_, PingData, anyhow::Error>) -> Result<(), anyhow::Error> {
    ctx.say("pong").await?;
    Ok(())
}

#[tokio::test]
async fn poise_slash_command_reply_reaches_the_interaction_callback() {
    let fake = fake();
    let base = spawn(&fake).await;
    let registered = Arc::new(tokio::sync::Notify::new());
    let signal = registered.clone();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: vec![ping()],
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                poise::builtins::register_in_guild(
                    ctx,
                    &framework.options().commands,
                    GuildId::new(GUILD),
                )
                .await?;
                signal.notify_one();
                Ok(PingData)
            })
        })
        .build();
    let mut client = serenity::ClientBuilder::new_with_http(http(&base, TOKEN), intents())
        .framework(framework)
        .await
        .expect("client");
    let shard_manager = client.shard_manager.clone();
    let running = tokio::spawn(async move { client.start().await });

    assert!(fake.wait_for_ready(WAIT).await, "no READY sent");
    tokio::time::timeout(WAIT, registered.notified())
        .await
        .expect("commands not registered");
    let commands = fake.registered_guild_commands(GUILD).expect("registered");
    assert_eq!(commands[0]["name"], "ping");

    let invocation = fake.slash_command(Some(GUILD), ALICE, "ping", json!([]));
    let callback = fake
        .wait_for_callback(&invocation.token, WAIT)
        .await
        .expect("no interaction callback");
    assert_eq!(callback["type"], 4);
    assert_eq!(callback["data"]["content"], "pong");
    let path = format!(
        "/api/v10/interactions/{}/{}/callback",
        invocation.id, invocation.token
    );
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.method == "POST" && r.path == path),
        "callback not recorded at {path}"
    );
    assert!(fake.unexpected().is_empty(), "{:?}", fake.unexpected());

    shard_manager.shutdown_all().await;
    let ended = tokio::time::timeout(WAIT, running)
        .await
        .expect("start() did not return")
        .expect("client task");
    assert!(ended.is_ok(), "start() failed: {ended:?}");
}

#[tokio::test]
async fn gateway_sessions_stay_or_drop_while_the_fake_is_down() {
    let fake = fake();
    let base = spawn(&fake).await;
    let (tx, mut events) = mpsc::unbounded_channel();
    let mut client = serenity::ClientBuilder::new_with_http(http(&base, TOKEN), intents())
        .event_handler(Forward(tx))
        .await
        .expect("client");
    let shard_manager = client.shard_manager.clone();
    let running = tokio::spawn(async move { client.start().await });
    assert!(fake.wait_for_ready(WAIT).await, "no READY sent");
    assert!(matches!(next(&mut events).await, Seen::Ready(_)));
    assert!(matches!(next(&mut events).await, Seen::GuildCreate(_)));

    // REST down, the open session kept: dispatches still arrive.
    fake.go_down(GatewayWhileDown::KeepSessions).await;
    assert_eq!(fake.sessions(), 1);
    fake.slash_command(Some(GUILD), ALICE, "link", json!([]));
    assert!(matches!(next(&mut events).await, Seen::Interaction(_)));
    fake.come_back_up().await.expect("up");

    // Everything down: the connection is dropped, and the client resumes once it
    // can connect again.
    fake.go_down(GatewayWhileDown::Disconnect).await;
    assert_eq!(fake.sessions(), 0);
    fake.come_back_up().await.expect("up");
    assert!(
        fake.wait_for_ready(WAIT).await,
        "no resume after coming back"
    );
    assert!(matches!(next(&mut events).await, Seen::Resumed));
    assert_eq!(fake.identifies().len(), 1);

    shard_manager.shutdown_all().await;
    let ended = tokio::time::timeout(WAIT, running)
        .await
        .expect("start() did not return")
        .expect("client task");
    assert!(ended.is_ok(), "start() failed: {ended:?}");
}

#[tokio::test]
async fn a_nickname_change_over_rest_reaches_the_gateway() {
    let fake = fake();
    fake.add_role(
        GUILD,
        FakeRole {
            id: 150,
            name: "Linker".into(),
            position: 5,
            permissions: 1 << 27,
            managed: false,
        },
    );
    fake.set_bot_roles(GUILD, &[150]);
    let base = spawn(&fake).await;
    let (tx, mut events) = mpsc::unbounded_channel();
    let mut client = serenity::ClientBuilder::new_with_http(http(&base, TOKEN), intents())
        .event_handler(Forward(tx))
        .await
        .expect("client");
    let shard_manager = client.shard_manager.clone();
    let http = client.http.clone();
    let running = tokio::spawn(async move { client.start().await });
    assert!(fake.wait_for_ready(WAIT).await, "no READY sent");
    assert!(matches!(next(&mut events).await, Seen::Ready(_)));
    assert!(matches!(next(&mut events).await, Seen::GuildCreate(_)));

    GuildId::new(GUILD)
        .edit_member(
            &http,
            UserId::new(ALICE),
            serenity::EditMember::new().nickname("Ali"),
        )
        .await
        .expect("nickname set");
    let Seen::MemberUpdate(update) = next(&mut events).await else {
        panic!("GUILD_MEMBER_UPDATE");
    };
    assert_eq!(update.user.id, UserId::new(ALICE));
    assert_eq!(update.nick.as_deref(), Some("Ali"));
    assert_eq!(update.roles, vec![RoleId::new(MODS)]);

    shard_manager.shutdown_all().await;
    let ended = tokio::time::timeout(WAIT, running)
        .await
        .expect("start() did not return");
    assert!(ended.expect("client task").is_ok());
}
