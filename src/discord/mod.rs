//! The Discord adapter: poise commands and the event handler. Thin: each command calls
//! `linking` (and `roles`), and turns the outcome into a message written for the member.

pub mod checks;
pub mod commands;
mod observer;
mod report;
mod roles_api;

pub use observer::DiscordObserver;
pub use roles_api::{SerenityRoles, map_error};

use std::sync::Arc;

use poise::serenity_prelude as serenity;

use crate::health::Health;
use crate::linking::LinkService;
use crate::reverify::Reverifier;
use crate::roles::RoleSync;

/// What every command can reach.
pub struct Data {
    pub links: Arc<LinkService>,
    pub roles: Arc<RoleSync>,
    pub reverifier: Arc<Reverifier>,
    pub health: Health,
}

pub type Error = anyhow::Error;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// An error whose message is written for the person who ran the command.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

impl UserError {
    pub fn err(message: impl Into<String>) -> Error {
        Self(message.into()).into()
    }
}

/// Every slash command the bot registers.
pub fn commands() -> Vec<poise::Command<Data, Error>> {
    vec![
        commands::link::link(),
        commands::link::unlink(),
        commands::whois::whois(),
        commands::update::update(),
        commands::roles::roles(),
        commands::config::config(),
        commands::sync::sync(),
    ]
}

/// The gateway intents the bot asks for. Guild Members is privileged: enable it in the
/// developer portal (it lets the bot give roles to linked members who join later).
pub fn intents() -> serenity::GatewayIntents {
    serenity::GatewayIntents::GUILDS | serenity::GatewayIntents::GUILD_MEMBERS
}

/// The poise options: commands, one error handler, one event handler.
pub fn framework_options() -> poise::FrameworkOptions<Data, Error> {
    poise::FrameworkOptions {
        commands: commands(),
        on_error: |error| Box::pin(on_error(error)),
        event_handler: |framework, event| Box::pin(on_event(framework, event)),
        ..Default::default()
    }
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    let data = framework.user_data;
    match event {
        serenity::FullEvent::Ready { data_about_bot } => {
            data.health.set_gateway_connected(true);
            tracing::info!(user = %data_about_bot.user.name, guilds = data_about_bot.guilds.len(), "connected to Discord");
        }
        serenity::FullEvent::Resume { .. } => data.health.set_gateway_connected(true),
        serenity::FullEvent::GuildMemberAddition { new_member } => {
            member_joined(data, new_member.guild_id.get(), new_member.user.id.get()).await;
        }
        serenity::FullEvent::GuildCreate { guild, .. } if guild.large => {
            // Large guilds send only some members; ask for the rest so syncs read the cache.
            framework.serenity_context.shard.chunk_guild(
                guild.id,
                None,
                false,
                serenity::ChunkGuildFilter::None,
                None,
            );
        }
        serenity::FullEvent::ShardStageUpdate { event } => {
            data.health
                .set_gateway_connected(event.new == serenity::ConnectionStage::Connected);
        }
        _ => {}
    }
    Ok(())
}

/// A linked member joined a guild: give them what they earn there.
async fn member_joined(data: &Data, guild_id: u64, user_id: u64) {
    let link = match data.links.store().link_by_discord(user_id).await {
        Ok(Some(link)) => link,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(error = %e, "could not read a joining member's link");
            return;
        }
    };
    let facts = crate::roles::facts_for(&link, data.links.clock().now());
    if let Err(e) = data
        .roles
        .sync_member(
            guild_id,
            user_id,
            Some(&facts),
            crate::roles::SyncCause::Joined,
        )
        .await
    {
        tracing::warn!(guild = guild_id, discord_user = user_id, error = %e, "could not sync a joining member");
    }
}

/// Turns any command error into an ephemeral reply; internal errors are logged with their chain.
async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            let message = match error.downcast_ref::<UserError>() {
                Some(user) => user.0.clone(),
                None => {
                    tracing::error!(command = %ctx.command().qualified_name, error = format!("{error:#}"), "command failed");
                    "Something went wrong on the bot's side. It has been logged; please try again in a moment.".to_owned()
                }
            };
            let reply = poise::CreateReply::default()
                .content(message)
                .ephemeral(true);
            if let Err(e) = ctx.send(reply).await {
                tracing::warn!(error = %e, "could not report a command error");
            }
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::warn!(error = %e, "error while handling an error");
            }
        }
    }
}

/// An ephemeral reply that pings nobody, whatever roles or users it names.
pub fn reply(content: impl Into<String>) -> poise::CreateReply {
    poise::CreateReply::default()
        .content(content)
        .ephemeral(true)
        .allowed_mentions(serenity::CreateAllowedMentions::new())
}

/// Escapes Discord markdown in a name we did not choose (Resonite usernames).
pub fn safe(text: &str) -> String {
    serenity::MessageBuilder::new().push_safe(text).build()
}
