//! The serenity client with the poise framework, attached to the core, and the gateway run.
//!
//! Discord is asked where its gateway is (and how many shards to run) before the client
//! exists, patiently: a Discord that answers 500 or not at all at start delays the bot, and
//! only a refused token ends it. Commands are registered at Ready the same way.

use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use poise::serenity_prelude as serenity;

use super::patience::{self, Attempt};
use super::{Attached, Core};
use crate::discord::{self, Data, MemberLists};
use crate::doctor::Doctor;
use crate::guild_admin::GuildAdmin;
use crate::members::Members;
use crate::settings::Settings;

/// Discord refused the bot's token: waiting will not help, the configuration must change.
#[derive(Debug, thiserror::Error)]
#[error(
    "Discord refused DISCORD_TOKEN ({0}): copy the bot's token again from the developer portal (Bot → Reset Token)"
)]
pub struct TokenRefused(String);

/// Where the gateway is and which shards this process runs (`first..=last` of `total`).
pub(super) struct FoundGateway {
    url: String,
    first: u32,
    last: u32,
    total: u32,
}

/// Asks Discord for the gateway's URL (and, without `DISCORD_SHARDS`, the shard count)
/// until it answers.
pub(super) async fn find_gateway(core: &Core) -> anyhow::Result<FoundGateway> {
    let http = core.discord_http();
    let shards = core.config.shards;
    let found = patience::until_up("Discord", || async {
        let url = http.get_gateway().await.map_err(attempt)?.url;
        let (first, last, total) = match shards {
            Some(r) => (r.first, r.last, r.total),
            None => {
                let total = http.get_bot_gateway().await.map_err(attempt)?.shards.max(1);
                (0, total - 1, total)
            }
        };
        Ok(FoundGateway {
            url,
            first,
            last,
            total,
        })
    })
    .await?;
    Ok(found)
}

/// A refused token (401, 403) is final; anything else (5xx, 429, no answer) may pass.
fn attempt(e: serenity::Error) -> Attempt<anyhow::Error> {
    match &e {
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r))
            if matches!(r.status_code.as_u16(), 401 | 403) =>
        {
            Attempt::GiveUp(TokenRefused(r.status_code.to_string()).into())
        }
        _ => Attempt::Retry(e.into()),
    }
}

/// Builds the client and attaches the core to its HTTP and cache.
pub(super) async fn build(
    core: &Core,
    members: &Arc<MemberLists>,
    found: &FoundGateway,
) -> anyhow::Result<(serenity::Client, Attached)> {
    // The role syncer needs the client's HTTP and cache, which exist once the client is
    // built; the framework's setup (at Ready) picks it up from here.
    let roles_slot: Arc<OnceLock<Attached>> = Arc::new(OnceLock::new());
    let setup_roles = Arc::clone(&roles_slot);
    let links = Arc::clone(&core.links);
    let health = core.health.clone();
    let setup_members = Arc::clone(members);
    let linked_roles = core.linked_roles.clone();
    let framework = poise::Framework::builder()
        .options(discord::framework_options())
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                // A failed setup would leave the bot deaf for good: wait for Discord instead.
                let commands = &framework.options().commands;
                patience::until_up("Discord (registering commands)", || async {
                    poise::builtins::register_globally(ctx, commands)
                        .await
                        .map_err(attempt)
                })
                .await?;
                let attached = setup_roles
                    .get()
                    .cloned()
                    .ok_or_else(|| anyhow::anyhow!("role syncing was not set up before Ready"))?;
                let reconciler = &attached.reconciler;
                Ok(Data {
                    members: Arc::new(Members::new(
                        Arc::clone(&links),
                        Arc::clone(reconciler),
                        linked_roles.clone(),
                    )),
                    settings: Arc::new(Settings::new(Arc::clone(reconciler))),
                    doctor: Arc::new(Doctor::new(
                        reconciler,
                        Arc::clone(&attached.reverifier),
                        linked_roles.is_some(),
                    )),
                    links,
                    roles: attached.roles,
                    guild_admin: Arc::new(GuildAdmin::new(Arc::clone(&attached.reconciler))),
                    reconciler: attached.reconciler,
                    reverifier: attached.reverifier,
                    health,
                    member_lists: setup_members,
                })
            })
        })
        .build();
    let client = serenity::ClientBuilder::new_with_http(core.discord_http(), discord::intents())
        .cache_settings(discord::cache_settings())
        .framework(framework)
        .await
        .context("could not set up the Discord client")?;
    // Serenity asked for the gateway again, and falls back to Discord's own when that
    // fails: use the answer we waited for.
    *client.ws_url.lock().await = found.url.clone();
    let attached = core.attach_discord(
        Arc::clone(&client.http),
        Some(Arc::clone(&client.cache)),
        Some(Arc::clone(members)),
    );
    let _ = roles_slot.set(attached.clone());
    Ok((client, attached))
}

/// Runs the gateway (this process's shards) until it ends.
pub(super) async fn run_gateway(
    client: &mut serenity::Client,
    found: &FoundGateway,
) -> Result<(), serenity::Error> {
    // Serenity boots `range.start` through `range.end`, both included ("4..7" is four shards).
    let range = found.first..found.last;
    client.start_shard_range(range, found.total).await
}
