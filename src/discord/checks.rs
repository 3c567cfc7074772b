//! Permission checks commands repeat in the handler (Discord's `default_member_permissions`
//! is only a default that server admins can change).

use crate::discord::{Context, Error, UserError, lang};
use crate::tr;

fn author_permissions(ctx: Context<'_>) -> Option<poise::serenity_prelude::Permissions> {
    let poise::Context::Application(app) = ctx else {
        return None;
    };
    app.interaction.member.as_ref().and_then(|m| m.permissions)
}

/// Whether the member who ran the command has Manage Roles (or Administrator) here.
/// Discord sends the member's resolved permissions with every guild interaction.
pub fn can_manage_roles(ctx: Context<'_>) -> bool {
    author_permissions(ctx).is_some_and(|p| p.manage_roles() || p.administrator())
}

/// The guild, if the author may manage roles in it. `what` names what was tried, in the
/// member's language (`tr!(lang(ctx), "sync-action")`).
pub fn require_manage_roles(ctx: Context<'_>, what: &str) -> Result<u64, Error> {
    let lang = lang(ctx);
    let guild = ctx
        .guild_id()
        .ok_or_else(|| UserError::err(tr!(lang, "error-use-in-server")))?;
    if !can_manage_roles(ctx) {
        return Err(UserError::err(tr!(
            lang,
            "error-needs-manage-roles",
            what = what
        )));
    }
    Ok(guild.get())
}

/// The guild, if the author may manage it (`what` as for [`require_manage_roles`]).
pub fn require_manage_guild(ctx: Context<'_>, what: &str) -> Result<u64, Error> {
    let lang = lang(ctx);
    let guild = ctx
        .guild_id()
        .ok_or_else(|| UserError::err(tr!(lang, "error-use-in-server")))?;
    if !author_permissions(ctx).is_some_and(|p| p.manage_guild() || p.administrator()) {
        return Err(UserError::err(tr!(
            lang,
            "error-needs-manage-guild",
            what = what
        )));
    }
    Ok(guild.get())
}
