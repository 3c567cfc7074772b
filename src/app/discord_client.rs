//! The serenity client with the poise framework, attached to the core, and the gateway run.

use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use poise::serenity_prelude as serenity;

use super::{Attached, Core};
use crate::config::ShardRange;
use crate::discord::{self, Data, MemberLists};

/// Builds the client and attaches the core to its HTTP and cache.
pub(super) async fn build(
    core: &Core,
    members: &Arc<MemberLists>,
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
                poise::builtins::register_globally(ctx, &framework.options().commands).await?;
                let attached = setup_roles
                    .get()
                    .cloned()
                    .ok_or_else(|| anyhow::anyhow!("role syncing was not set up before Ready"))?;
                Ok(Data {
                    links,
                    roles: attached.roles,
                    reconciler: attached.reconciler,
                    reverifier: attached.reverifier,
                    health,
                    members: setup_members,
                    linked_roles,
                    guild_locales: Default::default(),
                })
            })
        })
        .build();
    let client = serenity::ClientBuilder::new_with_http(core.discord_http(), discord::intents())
        .cache_settings(discord::cache_settings())
        .framework(framework)
        .await
        .context("could not set up the Discord client")?;
    let attached = core.attach_discord(
        Arc::clone(&client.http),
        Some(Arc::clone(&client.cache)),
        Some(Arc::clone(members)),
    );
    let _ = roles_slot.set(attached.clone());
    Ok((client, attached))
}

/// Runs the gateway (all shards, or this process's range) until it ends.
pub(super) async fn run_gateway(
    client: &mut serenity::Client,
    shards: Option<ShardRange>,
) -> Result<(), serenity::Error> {
    match shards {
        None => client.start_autosharded().await,
        Some(r) => client.start_shard_range(r.first..r.last + 1, r.total).await,
    }
}
