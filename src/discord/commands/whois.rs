//! `/whois [user] [resonite:]`: which Resonite account a member is linked to, or which
//! member here is linked to a Resonite account.

use poise::serenity_prelude as serenity;

use crate::discord::checks::can_manage_roles;
use crate::discord::{Context, Error, UserError, lang, reply, safe};
use crate::i18n::Lang;
use crate::tr;

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
    let lang = lang(ctx);
    if let Some(resonite) = resonite {
        if user.is_some() {
            return Err(UserError::err(tr!(lang, "whois-both")));
        }
        return whois_resonite(ctx, lang, &resonite).await;
    }
    let author = ctx.author();
    let target = user.unwrap_or_else(|| author.clone());
    let yourself = target.id == author.id;
    if !yourself && !can_manage_roles(ctx).await? {
        return Err(UserError::err(tr!(lang, "whois-needs-manage-roles")));
    }
    let name = safe(&target.name);
    // Lookups stay inside the server: about someone who is not a member here, nothing.
    if let Some(guild) = ctx.guild_id().filter(|_| !yourself) {
        let member = ctx
            .data()
            .roles
            .gateway()
            .member(guild.get(), target.id.get())
            .await?;
        if member.is_none() {
            ctx.send(reply(tr!(lang, "whois-not-member", name = &name)))
                .await?;
            return Ok(());
        }
    }
    let store = ctx.data().links.store();
    let link = store.links().by_discord(target.id.get()).await?;
    let mut content = match link {
        Some(l) => {
            let (username, linked, verified) =
                (safe(&l.resonite_username), l.linked_at, l.last_checked_at);
            let mut content = if yourself {
                tr!(
                    lang,
                    "whois-linked-self",
                    username = &username,
                    resonite_id = &l.resonite_user_id,
                    linked = linked,
                    verified = verified
                )
            } else {
                tr!(
                    lang,
                    "whois-linked-other",
                    name = &name,
                    username = &username,
                    resonite_id = &l.resonite_user_id,
                    linked = linked,
                    verified = verified
                )
            };
            let health = store.links().health(target.id.get()).await?;
            if let Some(since) = health.and_then(|h| h.stale_since) {
                content.push('\n');
                content.push_str(&tr!(lang, "whois-stale", since = since));
            }
            if let Some(line) = linked_roles_line(ctx, lang, target.id.get()).await? {
                content.push('\n');
                content.push_str(&line);
            }
            content
        }
        None if yourself => tr!(lang, "whois-not-linked-self"),
        None => tr!(lang, "whois-not-linked-other", name = &name),
    };
    if let Some(role) = bypass_role_held(ctx, target.id.get()).await? {
        content.push('\n');
        content.push_str(&tr!(lang, "whois-bypass", role = role));
    }
    ctx.send(reply(content)).await?;
    Ok(())
}

/// `/whois resonite:`: the member of this server linked to a Resonite account.
async fn whois_resonite(ctx: Context<'_>, lang: Lang, name: &str) -> Result<(), Error> {
    let name = name.trim();
    if name.is_empty() {
        return Err(UserError::err(tr!(lang, "whois-resonite-blank")));
    }
    let Some(guild) = ctx.guild_id() else {
        return Err(UserError::err(tr!(lang, "whois-resonite-server")));
    };
    if !can_manage_roles(ctx).await? {
        return Err(UserError::err(tr!(
            lang,
            "whois-resonite-needs-manage-roles"
        )));
    }
    let data = ctx.data();
    let link = data
        .links
        .store()
        .links()
        .by_resonite_name_or_id(name)
        .await?;
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
        Some(l) => tr!(
            lang,
            "whois-resonite-found",
            username = safe(&l.resonite_username),
            resonite_id = &l.resonite_user_id,
            user = l.discord_user_id,
            linked = l.linked_at,
            verified = l.last_checked_at
        ),
        None => tr!(lang, "whois-resonite-nobody", name = safe(name)),
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
        .settings()
        .get(guild)
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
async fn linked_roles_line(
    ctx: Context<'_>,
    lang: Lang,
    user: u64,
) -> Result<Option<String>, Error> {
    use crate::linked_roles::ConnectionStatus;
    let Some(linked_roles) = &ctx.data().linked_roles else {
        return Ok(None);
    };
    let id = match linked_roles.status(user).await? {
        ConnectionStatus::Active => "whois-linked-roles-active",
        ConnectionStatus::PushedOnce => "whois-linked-roles-pushed-once",
        ConnectionStatus::Pending => "whois-linked-roles-pending",
        ConnectionStatus::Refused => "whois-linked-roles-refused",
        ConnectionStatus::None => "whois-linked-roles-none",
    };
    Ok(Some(tr!(lang, id)))
}
