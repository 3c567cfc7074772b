//! `/update [user]`: bring a member's roles in line with their linked account now.

use poise::serenity_prelude as serenity;

use crate::discord::permissions::can_manage_roles;
use crate::discord::{Context, Error, UserError, lang, reply, report, safe};
use crate::tr;

/// Update your roles here from your linked Resonite account (admins: another member's).
#[poise::command(slash_command, guild_only, ephemeral)]
pub async fn update(
    ctx: Context<'_>,
    #[description = "The member to update (needs Manage Roles); yourself if empty"] user: Option<
        serenity::User,
    >,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let guild = ctx
        .guild_id()
        .ok_or_else(|| UserError::err(tr!(lang, "update-use-in-server")))?;
    let author = ctx.author();
    let target = user.unwrap_or_else(|| author.clone());
    let for_self = target.id == author.id;
    if !for_self && !can_manage_roles(ctx).await? {
        return Err(UserError::err(tr!(lang, "update-needs-manage-roles")));
    }
    let data = ctx.data();
    let updated = data
        .members
        .update(guild.get(), target.id.get(), author.id.get())
        .await?;
    let Some(done) = updated.applied else {
        ctx.send(reply(tr!(lang, "update-queued"))).await?;
        return Ok(());
    };
    let report = done.report;
    let mut content = if report.not_member && for_self {
        tr!(lang, "update-not-member-self")
    } else if report.not_member {
        tr!(lang, "update-not-member-other")
    } else if !updated.linked && !report.changed() {
        if for_self {
            tr!(lang, "update-not-linked-self")
        } else {
            tr!(lang, "update-not-linked-other", name = safe(&target.name))
        }
    } else if report.changed() || !report.failed.is_empty() {
        tr!(lang, "update-done")
    } else {
        tr!(lang, "update-up-to-date")
    };
    let reports = std::slice::from_ref(&report);
    for line in report::describe(data.roles.gateway().as_ref(), reports, lang).await {
        content.push('\n');
        content.push_str(&line);
    }
    if done.retrying.is_some() {
        content.push('\n');
        content.push_str(&tr!(lang, "update-retrying"));
    }
    ctx.send(reply(content)).await?;
    Ok(())
}
