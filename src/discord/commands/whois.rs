//! `/whois [user]`: which Resonite account a member is linked to.

use poise::CreateReply;
use poise::serenity_prelude as serenity;

use crate::discord::{Context, Error, UserError, safe};

/// Show which Resonite account you (or another member) are linked to.
#[poise::command(slash_command, ephemeral)]
pub async fn whois(
    ctx: Context<'_>,
    #[description = "The member to look up (needs Manage Roles); yourself if empty"] user: Option<
        serenity::User,
    >,
) -> Result<(), Error> {
    let author = ctx.author();
    let target = user.unwrap_or_else(|| author.clone());
    if target.id != author.id && !author_can_manage_roles(ctx) {
        return Err(UserError::err(
            "Looking up another member needs the Manage Roles permission. You can always use /whois on yourself.",
        ));
    }
    let link = ctx
        .data()
        .links
        .store()
        .link_by_discord(target.id.get())
        .await?;
    let who = if target.id == author.id {
        "You are".to_owned()
    } else {
        format!("{} is", safe(&target.name))
    };
    let content = match link {
        Some(l) => format!(
            "{who} linked to the Resonite account **{}** (`{}`), linked <t:{}:R>, last verified <t:{}:R>.",
            safe(&l.resonite_username),
            l.resonite_user_id,
            l.linked_at,
            l.last_checked_at
        ),
        None => format!("{who} not linked to a Resonite account."),
    };
    ctx.send(CreateReply::default().content(content).ephemeral(true))
        .await?;
    Ok(())
}

/// Whether the member who ran the command has Manage Roles (or Administrator) here.
/// Discord sends the member's resolved permissions with every guild interaction.
pub fn author_can_manage_roles(ctx: Context<'_>) -> bool {
    let poise::Context::Application(app) = ctx else {
        return false;
    };
    app.interaction
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_roles() || p.administrator())
}
