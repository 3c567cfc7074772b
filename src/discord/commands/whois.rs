//! `/whois [user]`: which Resonite account a member is linked to.

use poise::serenity_prelude as serenity;

use crate::discord::checks::can_manage_roles;
use crate::discord::{Context, Error, UserError, reply, safe};

/// Show which Resonite account you (or another member) are linked to.
#[poise::command(slash_command, ephemeral)]
pub async fn whois(
    ctx: Context<'_>,
    #[description = "The member to look up (needs Manage Roles); yourself if empty"] user: Option<
        serenity::User,
    >,
    #[description = "Or a Resonite username or U- id: who here is linked to it (needs Manage Roles)"]
    #[max_length = 100]
    resonite: Option<String>,
) -> Result<(), Error> {
    if let Some(resonite) = resonite {
        if user.is_some() {
            return Err(UserError::err(
                "`user` and `resonite:` give one of them, e.g. `/whois user:@Member` or `/whois resonite:PatronUser`.",
            ));
        }
        return whois_resonite(ctx, &resonite).await;
    }
    let author = ctx.author();
    let target = user.unwrap_or_else(|| author.clone());
    if target.id != author.id && !can_manage_roles(ctx) {
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
    let mut content = match link {
        Some(l) => {
            let mut content = format!(
                "{who} linked to the Resonite account **{}** (`{}`), linked <t:{}:R>, last verified <t:{}:R>.",
                safe(&l.resonite_username),
                l.resonite_user_id,
                l.linked_at,
                l.last_checked_at
            );
            let health = ctx
                .data()
                .links
                .store()
                .link_health(target.id.get())
                .await?;
            if let Some(since) = health.and_then(|h| h.stale_since) {
                content.push_str(&format!(
                    "\n⚠️ Resonite stopped accepting this link <t:{since}:R>: run `/link` to renew it, or supporter roles are removed after the grace period."
                ));
            }
            if let Some(line) = linked_roles_line(ctx, target.id.get()).await? {
                content.push('\n');
                content.push_str(line);
            }
            content
        }
        None => format!("{who} not linked to a Resonite account."),
    };
    if let Some(role) = bypass_role_held(ctx, target.id.get()).await? {
        content.push_str(&format!(
            "\n🛡️ Holds the bypass role <@&{role}>: the bot does not change their roles or nickname here."
        ));
    }
    ctx.send(reply(content)).await?;
    Ok(())
}

/// `/whois resonite:`: the member of this server linked to a Resonite account.
async fn whois_resonite(ctx: Context<'_>, name: &str) -> Result<(), Error> {
    let name = name.trim();
    if name.is_empty() {
        return Err(UserError::err(
            "`resonite:` give a Resonite username or id, e.g. `resonite:PatronUser` or `resonite:U-PatronUser`.",
        ));
    }
    let Some(guild) = ctx.guild_id() else {
        return Err(UserError::err("`resonite:` use this in a server."));
    };
    if !can_manage_roles(ctx) {
        return Err(UserError::err(
            "Looking up who is linked to a Resonite account needs the Manage Roles permission.",
        ));
    }
    let data = ctx.data();
    let link = data.links.store().link_by_resonite_name_or_id(name).await?;
    // Only members of this server are shown: a link elsewhere is nobody here.
    let here = match &link {
        Some(l) => data
            .roles
            .gateway()
            .member(guild.get(), l.discord_user_id)
            .await?
            .is_some(),
        None => false,
    };
    let content = match link.filter(|_| here) {
        Some(l) => format!(
            "The Resonite account **{}** (`{}`) is linked to <@{}>, linked <t:{}:R>, last verified <t:{}:R>.",
            safe(&l.resonite_username),
            l.resonite_user_id,
            l.discord_user_id,
            l.linked_at,
            l.last_checked_at
        ),
        None => format!(
            "Nobody here is linked to the Resonite account **{}**.",
            safe(name)
        ),
    };
    ctx.send(reply(content)).await?;
    Ok(())
}

/// The guild's bypass role, when `user` holds it.
async fn bypass_role_held(ctx: Context<'_>, user: u64) -> Result<Option<u64>, Error> {
    let Some(guild) = ctx.guild_id().map(|g| g.get()) else {
        return Ok(None);
    };
    let data = ctx.data();
    let Some(role) = data
        .links
        .store()
        .guild_settings(guild)
        .await?
        .bypass_role_id
    else {
        return Ok(None);
    };
    let holds = data
        .roles
        .gateway()
        .member_roles(guild, user)
        .await
        .ok()
        .flatten()
        .is_some_and(|roles| roles.contains(&role));
    Ok(holds.then_some(role))
}

/// Whether the member's Linked Roles connection is active; `None` when Linked Roles is off.
async fn linked_roles_line(ctx: Context<'_>, user: u64) -> Result<Option<&'static str>, Error> {
    use crate::linked_roles::ConnectionStatus;
    let Some(linked_roles) = &ctx.data().linked_roles else {
        return Ok(None);
    };
    Ok(Some(match linked_roles.status(user).await? {
        ConnectionStatus::Active => {
            "Linked Roles: active (the Discord profile shows the Resonite account and follows it)."
        }
        ConnectionStatus::PushedOnce => {
            "Linked Roles: shown on the Discord profile as of linking (not updated: no token key is set)."
        }
        ConnectionStatus::Pending => {
            "Linked Roles: connecting (Discord has not taken the connection yet)."
        }
        ConnectionStatus::Refused => {
            "Linked Roles: inactive (Discord stopped accepting the connection; connect it again from the server's Linked Roles)."
        }
        ConnectionStatus::None => "Linked Roles: not connected.",
    }))
}
