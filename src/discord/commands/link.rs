//! `/link` and `/unlink`.

use poise::serenity_prelude as serenity;
use serenity::{CreateActionRow, CreateButton};

use crate::discord::{Context, Error, UserError, lang, reply, report, safe};
use crate::linking::LinkRequest;
use crate::roles::GuildNotice;
use crate::tr;

/// Link your Resonite account to your Discord account.
#[poise::command(slash_command, ephemeral)]
pub async fn link(ctx: Context<'_>) -> Result<(), Error> {
    let lang = lang(ctx);
    let poise::Context::Application(app) = ctx else {
        return Err(UserError::err(tr!(lang, "link-slash-only")));
    };
    let data = ctx.data();
    let user = ctx.author();
    let existing = data.links.store().link_by_discord(user.id.get()).await?;
    // The server's name, for the page that asks the member to confirm the link.
    let guild_name = ctx.guild().map(|g| g.name.clone());
    let started = data
        .links
        .start_in(&LinkRequest {
            discord_user_id: user.id.get(),
            discord_name: &user.name,
            guild_id: ctx.guild_id().map(|g| g.get()),
            guild_name: guild_name.as_deref(),
            interaction_token: &app.interaction.token,
            locale: Some(lang.code()),
            browser_hash: None,
        })
        .await?;
    let minutes = ((started.expires_at - data.links.clock().now()) / 60).max(1);
    let mut content = match existing {
        Some(l) => tr!(
            lang,
            "link-already",
            username = safe(&l.resonite_username),
            resonite_id = &l.resonite_user_id
        ),
        None => tr!(lang, "link-intro"),
    };
    content.push('\n');
    content.push_str(&tr!(lang, "link-button-expires", minutes = minutes));
    let button =
        CreateButton::new_link(started.authorize_url.as_str()).label(tr!(lang, "link-button"));
    ctx.send(reply(content).components(vec![CreateActionRow::Buttons(vec![button])]))
        .await?;
    Ok(())
}

/// Unlink your Resonite account from your Discord account.
#[poise::command(slash_command, ephemeral)]
pub async fn unlink(ctx: Context<'_>) -> Result<(), Error> {
    let lang = lang(ctx);
    let user = ctx.author().id.get();
    let removed = ctx
        .data()
        .links
        .unlink(user, user, ctx.guild_id().map(|g| g.get()))
        .await?;
    let content = match removed {
        Some(done) => {
            let l = &done.link;
            if let Some(guild) = ctx.guild_id() {
                let notice = GuildNotice::Unlinked {
                    user_id: user,
                    resonite_username: l.resonite_username.clone(),
                    resonite_user_id: l.resonite_user_id.clone(),
                };
                ctx.data().roles.notify_guild(guild.get(), &notice).await;
            }
            let mut content = tr!(lang, "unlink-done", username = safe(&l.resonite_username));
            let reports: Vec<_> = done
                .applied
                .iter()
                .filter(|a| !a.report.not_member)
                .map(|a| a.report.clone())
                .collect();
            for line in report::describe(ctx.data().roles.gateway().as_ref(), &reports, lang).await
            {
                content.push('\n');
                content.push_str(&line);
            }
            if done.roles_pending {
                content.push('\n');
                content.push_str(&tr!(lang, "unlink-roles-pending"));
            }
            content
        }
        None => tr!(lang, "unlink-none"),
    };
    ctx.send(reply(content)).await?;
    Ok(())
}
