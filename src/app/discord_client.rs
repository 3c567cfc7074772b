//! The serenity client with the poise framework, attached to the core, and the gateway run.
//!
//! Discord is asked where its gateway is (and how many shards to run) before the client
//! exists, patiently: a Discord that answers 500 or not at all at start delays the bot, and
//! only a refused token ends it. Commands are registered at Ready the same way.

use std::sync::Arc;

use anyhow::Context as _;
use poise::serenity_prelude as serenity;

use super::Core;
use super::patience::{self, Attempt};
use crate::discord::{self, Data};

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

/// Builds serenity's client with the poise framework over the parts the assembly built.
pub(super) async fn build(core: &Core, found: &FoundGateway) -> anyhow::Result<serenity::Client> {
    let data = Data {
        http: Arc::clone(&core.http),
        links: Arc::clone(&core.links),
        roles: Arc::clone(&core.roles),
        reconciler: Arc::clone(&core.reconciler),
        guild_admin: Arc::clone(&core.guild_admin),
        reverifier: Arc::clone(&core.reverifier),
        health: core.health.clone(),
        member_lists: Arc::clone(&core.members),
        members: Arc::clone(&core.member_service),
        settings: Arc::clone(&core.settings),
        doctor: Arc::clone(&core.doctor),
    };
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
                Ok(data)
            })
        })
        .build();
    // Serenity's client keeps a REST client of its own (for the framework's replies).
    let client = serenity::ClientBuilder::new_with_http(core.discord_http(), discord::intents())
        .cache_settings(discord::cache_settings())
        .framework(framework)
        .await
        .context("could not set up the Discord client")?;
    // Serenity asked for the gateway again, and falls back to Discord's own when that
    // fails: use the answer we waited for.
    *client.ws_url.lock().await = found.url.clone();
    Ok(client)
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
