//! The Discord adapter: poise commands and the event handler. Thin: each command calls
//! `linking` (and `roles`), and turns the outcome into a message written for the member.

pub mod commands;
mod locales;
mod member_lists;
mod notifier;
mod observer;
pub mod permissions;
mod report;
mod roles_api;
mod unseen_writes;

pub use locales::{guild_locale, lang};
pub use member_lists::MemberLists;
pub use notifier::DiscordNotifier;
pub use observer::DiscordObserver;
pub use roles_api::{ProxyRest, SerenityRoles, guild_role, map_error};

use std::sync::Arc;

use poise::serenity_prelude as serenity;

use crate::doctor::Doctor;
use crate::guild_admin::GuildAdmin;
use crate::i18n;
use crate::linking::LinkService;
use crate::members::{MemberChange, Members};
use crate::readiness::Health;
use crate::reverify::Reverifier;
use crate::roles::{Reconciler, RoleSync};
use crate::settings::Settings;

/// What every command can reach.
pub struct Data {
    /// The bot's REST client for roles, replies and DMs (the assembly's, not serenity's own).
    pub http: Arc<serenity::Http>,
    pub links: Arc<LinkService>,
    pub roles: Arc<RoleSync>,
    pub reconciler: Arc<Reconciler>,
    /// The role rules: add, remove, list, preview.
    pub guild_admin: Arc<GuildAdmin>,
    pub reverifier: Arc<Reverifier>,
    pub health: Health,
    /// Which guilds' member lists are complete in the cache.
    pub member_lists: Arc<MemberLists>,
    /// Members and their links: `/whois`, `/update`, `/unlink`, member events.
    pub members: Arc<Members>,
    /// The guild's settings: `/config`, the guild locale.
    pub settings: Arc<Settings>,
    /// `/doctor`'s checklist.
    pub doctor: Arc<Doctor>,
}

pub type Error = anyhow::Error;
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// An error whose message is written for the person who ran the command, in their
/// language: `UserError::err(tr!(lang(ctx), "message-id"))`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

impl UserError {
    pub fn err(message: impl Into<String>) -> Error {
        Self(message.into()).into()
    }
}

/// Every slash command the bot registers, localized for Discord from `locales/`.
pub fn commands() -> Vec<poise::Command<Data, Error>> {
    let mut commands = unlocalized_commands();
    i18n::localize_commands(&mut commands);
    commands
}

/// The command tree as the code declares it (English only).
pub fn unlocalized_commands() -> Vec<poise::Command<Data, Error>> {
    vec![
        commands::link::link(),
        commands::link::unlink(),
        commands::whois::whois(),
        commands::update::update(),
        commands::roles::roles(),
        commands::config::config(),
        commands::sync::sync(),
        commands::doctor::doctor(),
    ]
}

/// The gateway intents the bot asks for. Guild Members is privileged: enable it in the
/// developer portal (it lets the bot give roles to linked members who join later).
pub fn intents() -> serenity::GatewayIntents {
    serenity::GatewayIntents::GUILDS | serenity::GatewayIntents::GUILD_MEMBERS
}

/// What serenity keeps from the gateway: guilds with their roles and members (role syncing
/// reads them), not channels, messages or a separate user map, which the bot never reads.
pub fn cache_settings() -> serenity::Settings {
    let mut settings = serenity::Settings::default();
    settings.cache_channels = false;
    settings.cache_users = false;
    settings.max_messages = 0;
    settings
}

/// The poise options: commands, one error handler, one event handler.
pub fn framework_options() -> poise::FrameworkOptions<Data, Error> {
    poise::FrameworkOptions {
        commands: commands(),
        on_error: |error| Box::pin(on_error(error)),
        pre_command: |ctx| Box::pin(observe_guild_locale(ctx)),
        event_handler: |framework, event| Box::pin(on_event(framework, event)),
        ..Default::default()
    }
}

/// Every command in a guild tells its locale (admins can change it any time).
async fn observe_guild_locale(ctx: Context<'_>) {
    if let (Some(guild), Some(locale)) = (ctx.guild_id(), guild_locale(ctx)) {
        ctx.data().settings.observe_locale(guild.get(), locale);
    }
}

async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    let data = framework.user_data;
    let members = &data.member_lists;
    members.gateway_cache(&framework.serenity_context.cache);
    match event {
        serenity::FullEvent::Ready { data_about_bot } => {
            // The bot's own REST client (roles, replies, DMs) edits interaction replies too.
            data.http.set_application_id(data_about_bot.application.id);
            data.health.set_gateway_connected(true);
            members.expect_guilds(data_about_bot.guilds.iter().map(|g| g.id.get()));
            tracing::info!(user = %data_about_bot.user.name, guilds = data_about_bot.guilds.len(), "connected to Discord");
        }
        serenity::FullEvent::Resume { .. } => data.health.set_gateway_connected(true),
        serenity::FullEvent::GuildCreate { guild, .. } => {
            data.settings
                .observe_locale(guild.id.get(), &guild.preferred_locale);
            if guild.large {
                // Large guilds send only some members; ask for the rest.
                framework.serenity_context.shard.chunk_guild(
                    guild.id,
                    None,
                    false,
                    serenity::ChunkGuildFilter::None,
                    None,
                );
            } else {
                members.guild_complete(guild.id.get());
                mark_drifted(data, guild.id.get());
            }
        }
        serenity::FullEvent::GuildMembersChunk { chunk }
            if chunk.chunk_index + 1 >= chunk.chunk_count =>
        {
            members.guild_complete(chunk.guild_id.get());
            mark_drifted(data, chunk.guild_id.get());
        }
        serenity::FullEvent::GuildUpdate { new_data, .. } => {
            data.settings
                .observe_locale(new_data.id.get(), &new_data.preferred_locale);
        }
        serenity::FullEvent::GuildMemberAddition { new_member } => {
            let (guild, user) = (new_member.guild_id.get(), new_member.user.id.get());
            data.members.joined(guild, user).await;
        }
        serenity::FullEvent::GuildMemberUpdate {
            old_if_available: Some(old),
            event,
            ..
        } => {
            let change = member_change(old, event);
            data.members
                .changed(event.guild_id.get(), event.user.id.get(), &change)
                .await;
        }
        serenity::FullEvent::GuildDelete { incomplete, .. } if !incomplete.unavailable => {
            members.forget_guild(incomplete.id.get());
        }
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Component(press),
        } if commands::link::is_unlink_button(&press.data.custom_id) => {
            if let Err(e) =
                commands::link::unlink_button(framework.serenity_context, data, press).await
            {
                tracing::warn!(error = format!("{e:#}"), "the /unlink button failed");
            }
        }
        serenity::FullEvent::ShardStageUpdate { event } => {
            data.health
                .set_gateway_connected(event.new == serenity::ConnectionStage::Connected);
        }
        _ => {}
    }
    Ok(())
}

/// The guild's member list has arrived (at start, or after a new session): whatever
/// changed while the bot was not listening is found now, in the background.
fn mark_drifted(data: &Data, guild_id: u64) {
    let reconciler = Arc::clone(&data.reconciler);
    tokio::spawn(async move {
        match reconciler.mark_drifted(guild_id).await {
            Ok(0) => {}
            Ok(marked) => {
                tracing::info!(
                    guild = guild_id,
                    marked,
                    "members whose roles differ from the rules marked"
                )
            }
            Err(e) => {
                tracing::warn!(guild = guild_id, error = %e, "could not compare the guild's members with the rules")
            }
        }
    });
}

/// What changed about a member, as [`Members::changed`] reads it.
fn member_change(old: &serenity::Member, new: &serenity::GuildMemberUpdateEvent) -> MemberChange {
    MemberChange {
        renamed: old.user.name != new.user.name || old.user.global_name != new.user.global_name,
        lost_roles: old
            .roles
            .iter()
            .filter(|r| !new.roles.contains(r))
            .map(|r| r.get())
            .collect(),
    }
}

/// Whether the error, anywhere in its chain, is the database not answering.
fn database_unavailable(error: &Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<crate::store::StoreError>()
            .is_some_and(|e| e.is_unavailable())
            || cause
                .downcast_ref::<sqlx::Error>()
                .is_some_and(crate::store::is_unavailable)
    })
}

/// Turns any command error into an ephemeral reply; internal errors are logged with their chain.
async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::Command { error, ctx, .. } => {
            let lang = lang(ctx);
            let message = match error.downcast_ref::<UserError>() {
                Some(user) => user.0.clone(),
                None if database_unavailable(&error) => {
                    tracing::warn!(command = %ctx.command().qualified_name, error = format!("{error:#}"), "command failed: the database is not answering");
                    crate::tr!(lang, "error-database-away")
                }
                None => {
                    tracing::error!(command = %ctx.command().qualified_name, error = format!("{error:#}"), "command failed");
                    crate::tr!(lang, "error-internal")
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
