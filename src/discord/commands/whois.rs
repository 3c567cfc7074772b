//! `/whois [user] [resonite:]`: which Resonite account a member is linked to, or which
//! member here is linked to a Resonite account. Parse, ask [`crate::members::Members`],
//! word the answer.

use poise::serenity_prelude as serenity;

use crate::discord::permissions::can_manage_roles;
use crate::discord::{Context, Error, UserError, lang, reply, safe};
use crate::i18n::Lang;
use crate::linked_roles::ConnectionStatus;
use crate::members::{Whois, WhoisLink};
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
    let guild = ctx.guild_id().map(|g| g.get());
    let found = ctx
        .data()
        .members
        .whois(guild, target.id.get(), yourself)
        .await?;
    let content = match found {
        Whois::NotMember => tr!(lang, "whois-not-member", name = &name),
        Whois::Found { link, bypass_role } => {
            let mut content = match link {
                Some(found) => linked_text(lang, &found, (!yourself).then_some(&name)),
                None if yourself => tr!(lang, "whois-not-linked-self"),
                None => tr!(lang, "whois-not-linked-other", name = &name),
            };
            if let Some(role) = bypass_role {
                content.push('\n');
                content.push_str(&tr!(lang, "whois-bypass", role = role));
            }
            content
        }
    };
    ctx.send(reply(content)).await?;
    Ok(())
}

/// A member's link, worded for themselves or for someone else (`other`: their name).
fn linked_text(lang: Lang, found: &WhoisLink, other: Option<&String>) -> String {
    let l = &found.link;
    let (username, linked, verified) = (safe(&l.resonite_username), l.linked_at, l.last_checked_at);
    let mut content = match other {
        None => tr!(
            lang,
            "whois-linked-self",
            username = &username,
            resonite_id = &l.resonite_user_id,
            linked = linked,
            verified = verified
        ),
        Some(name) => tr!(
            lang,
            "whois-linked-other",
            name = name,
            username = &username,
            resonite_id = &l.resonite_user_id,
            linked = linked,
            verified = verified
        ),
    };
    if let Some(since) = found.stale_since {
        content.push('\n');
        content.push_str(&tr!(lang, "whois-stale", since = since));
    }
    if let Some(status) = found.linked_roles {
        content.push('\n');
        content.push_str(&tr!(lang, linked_roles_id(status)));
    }
    content
}

/// The message id of a Linked Roles connection's state.
fn linked_roles_id(status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Active => "whois-linked-roles-active",
        ConnectionStatus::PushedOnce => "whois-linked-roles-pushed-once",
        ConnectionStatus::Pending => "whois-linked-roles-pending",
        ConnectionStatus::Refused => "whois-linked-roles-refused",
        ConnectionStatus::None => "whois-linked-roles-none",
    }
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
    let found = ctx.data().members.whois_resonite(guild.get(), name).await?;
    let content = match found {
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
