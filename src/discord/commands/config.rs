//! `/config log-channel|bypass-role|nickname`: the bot's settings for a server. Manage
//! Server, re-checked here. A changed bypass role or template marks the guild's members:
//! the reconciler applies it.

use poise::serenity_prelude as serenity;

use crate::discord::checks::require_manage_guild;
use crate::discord::{Context, Error, UserError, reply, safe};
use crate::roles::{NicknameTemplate, SyncCause};

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
    let guild = require_manage_guild(ctx, "Changing the bot's settings")?;
    ctx.data()
        .links
        .store()
        .set_log_channel(guild, channel.as_ref().map(|c| c.id.get()))
        .await?;
    let content = match channel {
        Some(c) => format!(
            "Links, unlinks and role changes will be posted in <#{}>. Make sure the bot can send messages there (`/doctor` checks).",
            c.id
        ),
        None => "The bot no longer posts to a log channel.".to_owned(),
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
    let guild = require_manage_guild(ctx, "Changing the bot's settings")?;
    let data = ctx.data();
    let store = data.links.store();
    if let Some(role) = &role {
        if role.id.get() == guild {
            return Err(UserError::err(
                "`role:` @everyone would exempt every member. Pick a role only some members hold, e.g. `role:@Staff`.",
            ));
        }
        if store
            .rules_for_guild(guild)
            .await?
            .iter()
            .any(|r| r.role_id == role.id.get())
        {
            return Err(UserError::err(format!(
                "`role:` <@&{}> is granted by a rule, so whoever earns it would stop being updated. Pick a role admins give by hand, e.g. `role:@Staff`.",
                role.id
            )));
        }
    }
    let before = store.guild_settings(guild).await?.bypass_role_id;
    let wanted = role.as_ref().map(|r| r.id.get());
    store.set_bypass_role(guild, wanted).await?;
    if before != wanted {
        // Members freed from an old bypass role get what they earn.
        data.reconciler
            .mark_guild(
                guild,
                SyncCause::SettingsChanged {
                    actor: ctx.author().id.get(),
                },
            )
            .await?;
    }
    let content = match role {
        Some(r) => format!(
            "Members holding <@&{}> are never changed by the bot: their roles and nickname stay as they are. `/whois` and `/roles preview` say so.",
            r.id
        ),
        None if before.is_some() => {
            "No bypass role any more: every member gets the roles they earn again.".to_owned()
        }
        None => "No bypass role is set.".to_owned(),
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
    let guild = require_manage_guild(ctx, "Changing the bot's settings")?;
    let data = ctx.data();
    let store = data.links.store();
    let author = ctx.author();
    let cause = SyncCause::SettingsChanged {
        actor: author.id.get(),
    };
    let Some(template) = template else {
        let before = store.guild_settings(guild).await?.nickname_template;
        let renamed = store.managed_nickname_members(guild).await?;
        store.set_nickname_template(guild, None).await?;
        data.reconciler.mark_members(guild, &renamed, cause).await?;
        let content = match (before, renamed.len()) {
            (None, _) => "The bot does not manage nicknames here.".to_owned(),
            (Some(_), 0) => "The bot no longer manages nicknames.".to_owned(),
            (Some(_), n) => format!(
                "The bot no longer manages nicknames. The {n} member{} it renamed get{} their previous nickname back now (unless they changed it since).",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" }
            ),
        };
        ctx.send(reply(content)).await?;
        return Ok(());
    };
    let parsed = NicknameTemplate::parse(&template)
        .map_err(|e| UserError::err(format!("`template:` {e}.")))?;
    let standing = data.roles.gateway().bot_standing(guild).await?;
    if !standing.can_manage_nicknames {
        return Err(UserError::err(
            "The bot lacks the Manage Nicknames permission: Server Settings → Roles → the bot's role → turn on Manage Nicknames, then run this again. Nothing was changed.",
        ));
    }
    store
        .set_nickname_template(guild, Some(parsed.as_str()))
        .await?;
    let marked = data.reconciler.mark_guild(guild, cause).await?;
    let display = author.global_name.as_deref().unwrap_or(&author.name);
    let example = match store.link_by_discord(author.id.get()).await? {
        Some(link) => format!(
            "yours would read **{}**",
            safe(&parsed.render(&link.resonite_username, &author.name, display))
        ),
        None => format!(
            "yours, linked to a Resonite account named ResoniteName, would read **{}**",
            safe(&parsed.render("ResoniteName", &author.name, display))
        ),
    };
    let content = format!(
        "Nicknames of linked members now follow `{}` — {example}. The bot is applying it to the {marked} linked member{} here now. The server owner and members whose highest role is above the bot's keep theirs (`/doctor` lists them); everyone gets their previous nickname back when they unlink or when you clear the template.",
        parsed.as_str(),
        if marked == 1 { "" } else { "s" }
    );
    ctx.send(reply(content)).await?;
    Ok(())
}
