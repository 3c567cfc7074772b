//! `/link` and `/unlink`.

use poise::serenity_prelude as serenity;
use serenity::{CreateActionRow, CreateButton};

use crate::discord::{Context, Error, UserError, reply, report, safe};
use crate::roles::GuildNotice;

/// Link your Resonite account to your Discord account.
#[poise::command(slash_command, ephemeral)]
pub async fn link(ctx: Context<'_>) -> Result<(), Error> {
    let poise::Context::Application(app) = ctx else {
        return Err(UserError::err("Use /link as a slash command."));
    };
    let data = ctx.data();
    let user = ctx.author();
    let existing = data.links.store().link_by_discord(user.id.get()).await?;
    let started = data
        .links
        .start(
            user.id.get(),
            &user.name,
            ctx.guild_id().map(|g| g.get()),
            &app.interaction.token,
        )
        .await?;
    let minutes = ((started.expires_at - data.links.clock().now()) / 60).max(1);
    let mut content = match existing {
        Some(l) => format!(
            "You are linked to the Resonite account **{}** (`{}`).\nTo link another account (or refresh this one), sign in on Resonite with the button below.",
            safe(&l.resonite_username),
            l.resonite_user_id
        ),
        None => "Sign in on Resonite with the button below and approve access. Your roles follow once you are linked.".to_owned(),
    };
    content.push_str(&format!(
        "\nThe button works once, for {minutes} minute{}.",
        if minutes == 1 { "" } else { "s" }
    ));
    let button = CreateButton::new_link(started.authorize_url.as_str()).label("Link on Resonite");
    ctx.send(reply(content).components(vec![CreateActionRow::Buttons(vec![button])]))
        .await?;
    Ok(())
}

/// Unlink your Resonite account from your Discord account.
#[poise::command(slash_command, ephemeral)]
pub async fn unlink(ctx: Context<'_>) -> Result<(), Error> {
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
            let mut content = format!(
                "Unlinked from the Resonite account **{}**. Use `/link` to link again.",
                safe(&l.resonite_username)
            );
            let reports: Vec<_> = done
                .applied
                .iter()
                .filter(|a| !a.report.not_member)
                .map(|a| a.report.clone())
                .collect();
            for line in report::describe(ctx.data().roles.gateway().as_ref(), &reports).await {
                content.push('\n');
                content.push_str(&line);
            }
            if done.roles_pending {
                content.push_str(
                    "\nThe roles the bot manages are being removed; this can take a moment.",
                );
            }
            content
        }
        None => "You have no linked Resonite account. Use `/link` to link one.".to_owned(),
    };
    ctx.send(reply(content)).await?;
    Ok(())
}
