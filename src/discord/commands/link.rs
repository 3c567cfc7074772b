//! `/link` and `/unlink`.

use poise::serenity_prelude as serenity;
use serenity::{CreateActionRow, CreateButton};

use crate::discord::{Context, Error, UserError, reply, report, safe};
use crate::roles::SyncCause;

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
        Some(l) => {
            if let Some(guild) = ctx.guild_id() {
                let line = format!(
                    "⛓️‍💥 <@{user}> unlinked the Resonite account **{}** (`{}`)",
                    safe(&l.resonite_username),
                    l.resonite_user_id
                );
                ctx.data().roles.post_log(guild.get(), &line).await;
            }
            let reports = ctx
                .data()
                .roles
                .sync_everywhere(user, None, SyncCause::Unlinked)
                .await;
            let mut content = format!(
                "Unlinked from the Resonite account **{}**. Use `/link` to link again.",
                safe(&l.resonite_username)
            );
            for line in report::describe(&ctx.data().roles, &reports).await {
                content.push('\n');
                content.push_str(&line);
            }
            content
        }
        None => "You have no linked Resonite account. Use `/link` to link one.".to_owned(),
    };
    ctx.send(reply(content)).await?;
    Ok(())
}
