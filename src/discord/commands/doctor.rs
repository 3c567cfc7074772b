//! `/doctor` (Manage Server): asks [`crate::doctor::Doctor`] to examine the guild, adding
//! what only the gateway cache knows (the log channel's permissions, the member list), and
//! shows the checklist.

use poise::serenity_prelude as serenity;

use crate::discord::permissions::require_manage_guild;
use crate::discord::{Context, Error, lang, reply};
use crate::doctor::{LogChannel, Seen, checklist, render};
use crate::tr;

/// Check everything that keeps this server's roles right, with the fix for each problem.
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn doctor(ctx: Context<'_>) -> Result<(), Error> {
    let lang = lang(ctx);
    let guild = require_manage_guild(ctx, &tr!(lang, "doctor-action"))
        .await?
        .guild;
    let data = ctx.data();
    let state = data.doctor.examine(guild, &Cached { ctx, guild }).await?;
    ctx.send(reply(render(&checklist(&state, lang), lang)))
        .await?;
    Ok(())
}

/// What the gateway cache knows of the guild.
struct Cached<'a> {
    ctx: Context<'a>,
    guild: u64,
}

impl Seen for Cached<'_> {
    fn log_channel(&self, channel: u64) -> LogChannel {
        log_channel(self.ctx, self.guild, channel)
    }

    fn member_list(&self) -> bool {
        self.ctx.data().member_lists.is_complete(self.guild)
    }
}

/// Whether the bot may view and send in the log channel, from the gateway cache.
fn log_channel(ctx: Context<'_>, guild: u64, channel: u64) -> LogChannel {
    let cache = ctx.cache();
    let bot = cache.current_user().id;
    let Some(guild) = cache.guild(serenity::GuildId::new(guild)) else {
        return LogChannel::Unknown(channel);
    };
    let Some(found) = guild.channels.get(&serenity::ChannelId::new(channel)) else {
        return LogChannel::Missing(channel);
    };
    let Some(member) = guild.members.get(&bot) else {
        return LogChannel::Unknown(channel);
    };
    let permissions = guild.user_permissions_in(found, member);
    if permissions.view_channel() && permissions.send_messages() {
        LogChannel::Writable(channel)
    } else {
        LogChannel::NotWritable(channel)
    }
}
