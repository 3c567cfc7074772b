//! `/config log-channel|bypass-role|nickname`: the bot's settings for a server. Manage
//! Server, re-checked here. A changed bypass role or template marks the guild's members:
//! the reconciler applies it.

use poise::serenity_prelude as serenity;

use crate::discord::checks::{self, require_manage_guild};
use crate::discord::{Context, Error, UserError, lang, reply, safe};
use crate::roles::wording::template_error;
use crate::roles::{Needs, NicknameTemplate, SyncCause};
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
    ctx.data()
        .links
        .store()
        .settings()
        .set_log_channel(guild, channel.as_ref().map(|c| c.id.get()))
        .await?;
    let content = match channel {
        Some(c) => tr!(lang, "config-log-channel-set", channel = c.id.get()),
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
    let guild = invoker.guild;
    let data = ctx.data();
    let store = data.links.store();
    if let Some(role) = &role {
        if role.id.get() == guild {
            return Err(UserError::err(tr!(lang, "config-bypass-everyone")));
        }
        if store
            .rules()
            .for_guild(guild)
            .await?
            .iter()
            .any(|r| r.role_id == role.id.get())
        {
            return Err(UserError::err(tr!(
                lang,
                "config-bypass-granted",
                role = role.id.get()
            )));
        }
    }
    let before = store.settings().get(guild).await?.bypass_role_id;
    // The bypass role decides whom the bot leaves alone: setting one, or letting go of the
    // old one, takes the same standing as a rule for it (a role Discord no longer has
    // aside).
    let touched = role.as_ref().map(|r| r.id.get()).into_iter().chain(before);
    let check = invoker.check();
    for id in touched.filter(|id| invoker.roles.iter().any(|r| r.id == *id)) {
        check
            .role(Needs::ManageGuild, id)
            .map_err(|e| UserError::err(checks::refusal(lang, &what, &e)))?;
    }
    let wanted = role.as_ref().map(|r| r.id.get());
    store.settings().set_bypass_role(guild, wanted).await?;
    if before != wanted {
        // Members freed from an old bypass role get what they earn.
        data.reconciler
            .mark_guild(
                guild,
                SyncCause::SettingsChanged {
                    actor: invoker.user,
                },
            )
            .await?;
    }
    let content = match role {
        Some(r) => tr!(lang, "config-bypass-set", role = r.id.get()),
        None if before.is_some() => tr!(lang, "config-bypass-cleared"),
        None => tr!(lang, "config-bypass-none"),
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
    let data = ctx.data();
    let store = data.links.store();
    let author = ctx.author();
    let cause = SyncCause::SettingsChanged {
        actor: author.id.get(),
    };
    let Some(template) = template else {
        let before = store.settings().get(guild).await?.nickname_template;
        let renamed = store.nicknames().managed_members(guild).await?;
        store.settings().set_nickname_template(guild, None).await?;
        data.reconciler.mark_members(guild, &renamed, cause).await?;
        let content = match (before, renamed.len()) {
            (None, _) => tr!(lang, "config-nickname-not-managed"),
            (Some(_), 0) => tr!(lang, "config-nickname-off"),
            (Some(_), n) => tr!(lang, "config-nickname-off-given-back", count = n),
        };
        ctx.send(reply(content)).await?;
        return Ok(());
    };
    let parsed = NicknameTemplate::parse(&template).map_err(|e| {
        UserError::err(tr!(
            lang,
            "config-nickname-invalid",
            error = template_error(lang, &e)
        ))
    })?;
    let standing = data.roles.gateway().bot_standing(guild).await?;
    if !standing.can_manage_nicknames {
        return Err(UserError::err(tr!(lang, "config-nickname-no-permission")));
    }
    store
        .settings()
        .set_nickname_template(guild, Some(parsed.as_str()))
        .await?;
    let marked = data.reconciler.mark_linked(guild, cause).await?;
    let display = author.global_name.as_deref().unwrap_or(&author.name);
    let example = match store.links().by_discord(author.id.get()).await? {
        Some(link) => tr!(
            lang,
            "config-nickname-example-linked",
            nick = safe(&parsed.render(&link.resonite_username, &author.name, display))
        ),
        None => tr!(
            lang,
            "config-nickname-example",
            nick = safe(&parsed.render("ResoniteName", &author.name, display))
        ),
    };
    let content = tr!(
        lang,
        "config-nickname-set",
        template = parsed.as_str(),
        example = example,
        count = marked
    );
    ctx.send(reply(content)).await?;
    Ok(())
}
