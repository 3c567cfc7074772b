//! `/update [user]`: bring a member's roles in line with their linked account now.

use poise::serenity_prelude as serenity;

use crate::discord::checks::can_manage_roles;
use crate::discord::{Context, Error, UserError, reply, report, safe};
use std::time::Duration;

use crate::roles::{Reconciler, SyncCause};

/// How long `/update` waits for the reconcile before saying it is queued.
const UPDATE_WAIT: Duration = Duration::from_secs(5);

/// Update your roles here from your linked Resonite account (admins: another member's).
#[poise::command(slash_command, guild_only, ephemeral)]
pub async fn update(
    ctx: Context<'_>,
    #[description = "The member to update (needs Manage Roles); yourself if empty"] user: Option<
        serenity::User,
    >,
) -> Result<(), Error> {
    let guild = ctx
        .guild_id()
        .ok_or_else(|| UserError::err("Use /update in a server."))?;
    let author = ctx.author();
    let target = user.unwrap_or_else(|| author.clone());
    let for_self = target.id == author.id;
    if !for_self && !can_manage_roles(ctx) {
        return Err(UserError::err(
            "Updating another member needs the Manage Roles permission. You can always /update yourself.",
        ));
    }
    let data = ctx.data();
    let link = data.links.store().link_by_discord(target.id.get()).await?;
    let reconciler = &data.reconciler;
    let mut applied_rx = reconciler.subscribe();
    reconciler
        .mark(
            guild.get(),
            target.id.get(),
            SyncCause::Update {
                actor: author.id.get(),
            },
        )
        .await?;
    let applied = Reconciler::wait_for(
        &mut applied_rx,
        target.id.get(),
        &[guild.get()],
        UPDATE_WAIT,
    )
    .await;
    let who = if for_self {
        "You are".to_owned()
    } else {
        format!("{} is", safe(&target.name))
    };
    let Some(done) = applied.into_iter().next() else {
        let content = "Your request is queued: roles follow within a minute (Discord is slow to answer right now).";
        ctx.send(reply(content)).await?;
        return Ok(());
    };
    let report = done.report;
    let mut content = if report.not_member {
        format!(
            "{} not a member of this server.",
            if for_self { "You are" } else { "That user is" }
        )
    } else if link.is_none() && !report.changed() {
        format!(
            "{who} not linked to a Resonite account, so no linked roles apply. Use `/link` to link one."
        )
    } else if report.changed() || !report.failed.is_empty() {
        "Roles updated.".to_owned()
    } else {
        "Roles are already up to date.".to_owned()
    };
    for line in report::describe(data.roles.gateway().as_ref(), std::slice::from_ref(&report)).await
    {
        content.push('\n');
        content.push_str(&line);
    }
    if done.retrying.is_some() {
        content.push_str("\nDiscord did not answer for some roles; the bot keeps trying.");
    }
    ctx.send(reply(content)).await?;
    Ok(())
}
