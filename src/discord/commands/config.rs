//! `/config log-channel|bypass-role|nickname`: the bot's settings for a server. Manage
//! Server, re-checked here. Parse, call [`crate::settings::Settings`], word its outcome.

use poise::serenity_prelude as serenity;

use crate::discord::permissions::{self, require_manage_guild};
use crate::discord::{Context, Error, UserError, lang, reply, safe};
use crate::roles::wording::template_error;
use crate::settings::{BypassChanged, BypassRefused, NicknameChanged, NicknameRefused};
use crate::tr;

/// The bot's settings for this server.
#[poise::command(
    slash_command,
    guild_only,
    subcommands("log_channel", "bypass_role", "nickname"),
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
    let lang = lang(ctx);
    let guild = require_manage_guild(ctx, &tr!(lang, "config-action"))
        .await?
        .guild;
    let channel = channel.map(|c| c.id.get());
    ctx.data().settings.set_log_channel(guild, channel).await?;
    let content = match channel {
        Some(c) => tr!(lang, "config-log-channel-set", channel = c),
        None => tr!(lang, "config-log-channel-off"),
    };
    ctx.send(reply(content)).await?;
    Ok(())
}

/// Members holding a role are never changed by the bot (empty: nobody is exempt).
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    rename = "bypass-role",
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn bypass_role(
    ctx: Context<'_>,
    #[description = "Members with this role keep their roles and nickname; leave empty to clear"]
    role: Option<serenity::Role>,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let what = tr!(lang, "config-action");
    let invoker = require_manage_guild(ctx, &what).await?;
    let wanted = role.map(|r| r.id.get());
    let changed = ctx
        .data()
        .settings
        .set_bypass_role(&invoker.check(), wanted)
        .await?;
    let content = match changed {
        Ok(BypassChanged::Set(role)) => tr!(lang, "config-bypass-set", role = role),
        Ok(BypassChanged::Cleared) => tr!(lang, "config-bypass-cleared"),
        Ok(BypassChanged::NoneBefore) => tr!(lang, "config-bypass-none"),
        Err(BypassRefused::Everyone) => {
            return Err(UserError::err(tr!(lang, "config-bypass-everyone")));
        }
        Err(BypassRefused::Granted(role)) => {
            return Err(UserError::err(tr!(
                lang,
                "config-bypass-granted",
                role = role
            )));
        }
        Err(BypassRefused::Rank(e)) => {
            return Err(UserError::err(permissions::refusal(lang, &what, &e)));
        }
    };
    ctx.send(reply(content)).await?;
    Ok(())
}

/// Set linked members' nicknames from a template (empty: stop managing nicknames).
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn nickname(
    ctx: Context<'_>,
    #[description = "e.g. {display} ({resonite}); also {discord}. Empty: stop, and give nicknames back"]
    #[max_length = 100]
    template: Option<String>,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let guild = require_manage_guild(ctx, &tr!(lang, "config-action"))
        .await?
        .guild;
    let author = ctx.author();
    let changed = ctx
        .data()
        .settings
        .set_nickname_template(guild, author.id.get(), template.as_deref())
        .await?;
    let content = match changed {
        Ok(NicknameChanged::Stopped {
            was_set,
            given_back,
        }) => match (was_set, given_back) {
            (false, _) => tr!(lang, "config-nickname-not-managed"),
            (true, 0) => tr!(lang, "config-nickname-off"),
            (true, n) => tr!(lang, "config-nickname-off-given-back", count = n),
        },
        Ok(NicknameChanged::Set {
            template,
            marked,
            linked_as,
        }) => {
            let display = author.global_name.as_deref().unwrap_or(&author.name);
            let example = match linked_as {
                Some(resonite) => tr!(
                    lang,
                    "config-nickname-example-linked",
                    nick = safe(&template.render(&resonite, &author.name, display))
                ),
                None => tr!(
                    lang,
                    "config-nickname-example",
                    nick = safe(&template.render("ResoniteName", &author.name, display))
                ),
            };
            tr!(
                lang,
                "config-nickname-set",
                template = template.as_str(),
                example = example,
                count = marked
            )
        }
        Err(NicknameRefused::Invalid(e)) => {
            return Err(UserError::err(tr!(
                lang,
                "config-nickname-invalid",
                error = template_error(lang, &e)
            )));
        }
        Err(NicknameRefused::NoPermission) => {
            return Err(UserError::err(tr!(lang, "config-nickname-no-permission")));
        }
    };
    ctx.send(reply(content)).await?;
    Ok(())
}
