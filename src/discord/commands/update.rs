//! `/update [user]`: bring a member's roles in line with their linked account now.

use poise::serenity_prelude as serenity;

use crate::discord::checks::can_manage_roles;
use crate::discord::{Context, Error, UserError, reply, report, safe};
use crate::roles::{SyncCause, facts_for};

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
    let facts = link
        .as_ref()
        .map(|l| facts_for(l, data.links.clock().now()));
    let report = data
        .roles
        .sync_member(
            guild.get(),
            target.id.get(),
            facts.as_ref(),
            SyncCause::Update {
                actor: author.id.get(),
            },
        )
        .await?;
    let who = if for_self {
        "You are".to_owned()
    } else {
        format!("{} is", safe(&target.name))
    };
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
    for line in report::describe(&data.roles, std::slice::from_ref(&report)).await {
        content.push('\n');
        content.push_str(&line);
    }
    ctx.send(reply(content)).await?;
    Ok(())
}
