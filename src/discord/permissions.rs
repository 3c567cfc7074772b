//! Permission checks commands repeat in the handler (Discord's `default_member_permissions`
//! is only a default that server admins can change).
//!
//! The invoker is judged by guild-level permissions computed from their roles, as Discord
//! does when a person assigns a role by hand — never by the interaction's permissions,
//! which are the *channel's* (overwrites included). The decision is the core's
//! [`RankCheck`]; this module only gathers its inputs: the guild's roles, the owner, and the
//! invoker's roles (the gateway cache, else `GET /guilds/{id}/members/{user}`).

use std::collections::BTreeSet;

use crate::discord::{Context, Error, UserError, lang};
use crate::i18n::Lang;
use crate::roles::{GuildRole, Needs, RankCheck, RankRefusal, wording};
use crate::tr;

/// Who ran an admin command in a guild, as the core judges them.
#[derive(Debug, Clone)]
pub struct Invoker {
    pub guild: u64,
    pub user: u64,
    pub roles: Vec<GuildRole>,
    pub owner_id: Option<u64>,
    /// The roles the invoker holds (empty: only @everyone, or not a member).
    pub held: BTreeSet<u64>,
}

impl Invoker {
    /// Reads the invoker's standing in the guild the command ran in.
    pub async fn of(ctx: Context<'_>) -> Result<Self, Error> {
        let guild = ctx
            .guild_id()
            .ok_or_else(|| UserError::err(tr!(lang(ctx), "error-use-in-server")))?
            .get();
        let user = ctx.author().id.get();
        let gateway = ctx.data().roles.gateway();
        let roles = gateway.guild_roles(guild).await?;
        let owner_id = gateway.bot_standing(guild).await?.owner_id;
        let held = gateway.member_roles(guild, user).await?.unwrap_or_default();
        Ok(Self {
            guild,
            user,
            roles,
            owner_id,
            held,
        })
    }

    /// The core's check over this standing.
    pub fn check(&self) -> RankCheck<'_> {
        RankCheck {
            guild_id: self.guild,
            roles: &self.roles,
            owner_id: self.owner_id,
            invoker_id: self.user,
            invoker_roles: &self.held,
        }
    }
}

/// A refusal of the rank check, in the member's words. `what` names what was tried
/// (`tr!(lang, "roles-action")`).
pub fn refusal(lang: Lang, what: &str, refusal: &RankRefusal) -> String {
    refusal_in(lang, what, refusal, false)
}

/// [`refusal`]; `in_channel`: the channel's permissions (an overwrite) hold what the
/// member's roles do not, which the refusal then explains.
fn refusal_in(lang: Lang, what: &str, refusal: &RankRefusal, in_channel: bool) -> String {
    match refusal {
        RankRefusal::Missing(needs) => {
            let id = match needs {
                Needs::ManageRoles => "error-needs-manage-roles",
                Needs::ManageGuild => "error-needs-manage-guild",
            };
            let missing = tr!(lang, id, what = what);
            if in_channel {
                format!("{missing} {}", tr!(lang, "error-permission-from-roles"))
            } else {
                missing
            }
        }
        other => wording::rank_refusal(lang, other),
    }
}

/// Whether the interaction's permissions (the channel's, overwrites included) hold what
/// `needs` asks: only to word a refusal, never to allow anything.
fn channel_grants(ctx: Context<'_>, needs: Needs) -> bool {
    let poise::Context::Application(app) = ctx else {
        return false;
    };
    let Some(permissions) = app.interaction.member.as_ref().and_then(|m| m.permissions) else {
        return false;
    };
    match needs {
        Needs::ManageRoles => permissions.manage_roles() || permissions.administrator(),
        Needs::ManageGuild => permissions.manage_guild() || permissions.administrator(),
    }
}

/// The invoker, if they hold `needs` from their roles in this guild.
async fn require(ctx: Context<'_>, needs: Needs, what: &str) -> Result<Invoker, Error> {
    let invoker = Invoker::of(ctx).await?;
    if let Err(e) = invoker.check().require(needs) {
        let in_channel = channel_grants(ctx, needs);
        return Err(UserError::err(refusal_in(lang(ctx), what, &e, in_channel)));
    }
    Ok(invoker)
}

/// The invoker, if they may manage roles in this guild. `what` names what was tried, in
/// the member's language (`tr!(lang(ctx), "sync-action")`).
pub async fn require_manage_roles(ctx: Context<'_>, what: &str) -> Result<Invoker, Error> {
    require(ctx, Needs::ManageRoles, what).await
}

/// The invoker, if they may manage this guild (`what` as for [`require_manage_roles`]).
pub async fn require_manage_guild(ctx: Context<'_>, what: &str) -> Result<Invoker, Error> {
    require(ctx, Needs::ManageGuild, what).await
}

/// Whether the member who ran the command holds Manage Roles (or Administrator) from their
/// roles in this guild; false outside a guild.
pub async fn can_manage_roles(ctx: Context<'_>) -> Result<bool, Error> {
    if ctx.guild_id().is_none() {
        return Ok(false);
    }
    let invoker = Invoker::of(ctx).await?;
    Ok(invoker.check().require(Needs::ManageRoles).is_ok())
}
