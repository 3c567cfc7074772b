//! `/config log-channel`: where the bot posts links, unlinks and role changes.

use poise::serenity_prelude as serenity;

use crate::discord::checks::require_manage_guild;
use crate::discord::{Context, Error, reply};

/// The bot's settings for this server.
#[poise::command(
    slash_command,
    guild_only,
    subcommands("log_channel"),
    subcommand_required,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn config(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Post links, unlinks and role changes to a channel (empty: stop posting).
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    rename = "log-channel",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn log_channel(
    ctx: Context<'_>,
    #[description = "The channel; leave empty to stop posting"]
    #[channel_types("Text")]
    channel: Option<serenity::GuildChannel>,
) -> Result<(), Error> {
    let guild = require_manage_guild(ctx, "Changing the bot's settings")?;
    ctx.data()
        .links
        .store()
        .set_log_channel(guild, channel.as_ref().map(|c| c.id.get()))
        .await?;
    let content = match channel {
        Some(c) => format!(
            "Links, unlinks and role changes will be posted in <#{}>. Make sure the bot can send messages there.",
            c.id
        ),
        None => "The bot no longer posts to a log channel.".to_owned(),
    };
    ctx.send(reply(content)).await?;
    Ok(())
}
