//! `/link` and `/unlink` (with its confirmation button, and `/unlink user:` for admins).

use poise::serenity_prelude as serenity;
use serenity::{
    CreateActionRow, CreateButton, CreateInteractionResponse, CreateInteractionResponseMessage,
};

use crate::discord::permissions::{self, require_manage_roles};
use crate::discord::{Context, Data, Error, UserError, lang, reply, report, safe};
use crate::i18n::Lang;
use crate::linking::{LinkRequest, Unlinked};
use crate::members::AdminUnlink;
use crate::tr;

/// Link your Resonite account to your Discord account.
#[poise::command(slash_command, ephemeral)]
pub async fn link(ctx: Context<'_>) -> Result<(), Error> {
    let lang = lang(ctx);
    let poise::Context::Application(app) = ctx else {
        return Err(UserError::err(tr!(lang, "link-slash-only")));
    };
    let data = ctx.data();
    let user = ctx.author();
    let existing = data.members.link_of(user.id.get()).await?;
    // The server's name, for the page that asks the member to confirm the link.
    let guild_name = ctx.guild().map(|g| g.name.clone());
    let ways = data
        .links
        .start_ways(&LinkRequest {
            discord_user_id: user.id.get(),
            discord_name: &user.name,
            guild_id: ctx.guild_id().map(|g| g.get()),
            guild_name: guild_name.as_deref(),
            interaction_token: &app.interaction.token,
            locale: Some(lang.code()),
            browser_hash: None,
        })
        .await?;
    let now = data.links.clock().now();
    let minutes = |expires_at: i64| ((expires_at - now) / 60).max(1);
    let mut content = match existing {
        Some(l) => tr!(
            lang,
            "link-already",
            username = safe(&l.resonite_username),
            resonite_id = &l.resonite_user_id
        ),
        None if ways.oauth.is_none() => tr!(lang, "link-intro-message"),
        None => tr!(lang, "link-intro"),
    };
    if let Some(code) = &ways.code {
        content.push_str("\n\n");
        content.push_str(&tr!(
            lang,
            "link-by-message",
            bot = safe(&code.bot_account),
            code = code.code.as_str()
        ));
        content.push('\n');
        content.push_str(&tr!(
            lang,
            "link-code-expires",
            minutes = minutes(code.expires_at)
        ));
    }
    let mut components = Vec::new();
    if let Some(started) = &ways.oauth {
        content.push('\n');
        if ways.code.is_some() {
            content.push('\n');
            content.push_str(&tr!(lang, "link-or-sign-in"));
            content.push('\n');
        }
        content.push_str(&tr!(
            lang,
            "link-button-expires",
            minutes = minutes(started.expires_at)
        ));
        let button =
            CreateButton::new_link(started.authorize_url.as_str()).label(tr!(lang, "link-button"));
        components.push(CreateActionRow::Buttons(vec![button]));
    }
    ctx.send(reply(content).components(components)).await?;
    Ok(())
}

/// The custom ids of the `/unlink` prompt's buttons, followed by the member's id.
const UNLINK_CONFIRM: &str = "unlink:confirm:";
const UNLINK_CANCEL: &str = "unlink:cancel:";

/// Unlink your Resonite account from your Discord account (admins: another member's).
#[poise::command(slash_command, ephemeral)]
pub async fn unlink(
    ctx: Context<'_>,
    #[description = "A member whose link to remove (needs Manage Roles); yourself if empty"]
    user: Option<serenity::User>,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let author = ctx.author().id.get();
    if let Some(target) = user.filter(|u| u.id.get() != author) {
        return unlink_member(ctx, lang, &target).await;
    }
    // Unlinking takes every managed role at once: the reply asks first, and nothing
    // changes until the button is pressed (see [`unlink_button`]).
    let Some(link) = ctx.data().members.link_of(author).await? else {
        ctx.send(reply(tr!(lang, "unlink-none"))).await?;
        return Ok(());
    };
    let confirm = CreateButton::new(format!("{UNLINK_CONFIRM}{author}"))
        .label(tr!(lang, "unlink-confirm-button"))
        .style(serenity::ButtonStyle::Danger);
    let cancel = CreateButton::new(format!("{UNLINK_CANCEL}{author}"))
        .label(tr!(lang, "unlink-cancel-button"))
        .style(serenity::ButtonStyle::Secondary);
    let content = tr!(
        lang,
        "unlink-confirm",
        username = safe(&link.resonite_username)
    );
    ctx.send(reply(content).components(vec![CreateActionRow::Buttons(vec![confirm, cancel])]))
        .await?;
    Ok(())
}

/// Whether a pressed button is one of the `/unlink` prompt's.
pub fn is_unlink_button(custom_id: &str) -> bool {
    custom_id.starts_with(UNLINK_CONFIRM) || custom_id.starts_with(UNLINK_CANCEL)
}

/// A button of the `/unlink` prompt was pressed: unlink (or not), and turn the prompt into
/// the outcome. Only the member the prompt was for can press it.
pub async fn unlink_button(
    ctx: &serenity::Context,
    data: &Data,
    press: &serenity::ComponentInteraction,
) -> Result<(), Error> {
    let lang = Lang::of(Some(&press.locale));
    let id = press.data.custom_id.as_str();
    let (confirmed, owner) = match (
        id.strip_prefix(UNLINK_CONFIRM),
        id.strip_prefix(UNLINK_CANCEL),
    ) {
        (Some(user), _) => (true, user.parse::<u64>().ok()),
        (_, Some(user)) => (false, user.parse::<u64>().ok()),
        _ => return Ok(()),
    };
    let user = press.user.id.get();
    if owner != Some(user) {
        let message = CreateInteractionResponseMessage::new()
            .content(tr!(lang, "unlink-not-yours"))
            .ephemeral(true);
        press
            .create_response(ctx, CreateInteractionResponse::Message(message))
            .await?;
        return Ok(());
    }
    let content = if confirmed {
        let guild = press.guild_id.map(|g| g.get());
        match data.members.unlink(user, user, guild).await? {
            Some(done) => unlinked_text(data, lang, &done).await,
            None => tr!(lang, "unlink-none"),
        }
    } else {
        tr!(lang, "unlink-cancelled")
    };
    let update = CreateInteractionResponseMessage::new()
        .content(content)
        .components(Vec::new())
        .allowed_mentions(serenity::CreateAllowedMentions::new());
    press
        .create_response(ctx, CreateInteractionResponse::UpdateMessage(update))
        .await?;
    Ok(())
}

/// What an unlink did, for the member who asked.
async fn unlinked_text(data: &Data, lang: Lang, done: &Unlinked) -> String {
    let mut content = tr!(
        lang,
        "unlink-done",
        username = safe(&done.link.resonite_username)
    );
    for line in outcome_lines(data, lang, done).await {
        content.push('\n');
        content.push_str(&line);
    }
    content
}

/// The role lines of an unlink's outcome.
async fn outcome_lines(data: &Data, lang: Lang, done: &Unlinked) -> Vec<String> {
    let reports: Vec<_> = done
        .applied
        .iter()
        .filter(|a| !a.report.not_member)
        .map(|a| a.report.clone())
        .collect();
    let mut lines = report::describe(data.roles.gateway().as_ref(), &reports, lang).await;
    if done.roles_pending {
        lines.push(tr!(lang, "unlink-roles-pending"));
    }
    lines
}

/// `/unlink user:`: an admin removes a member's link. Manage Roles from their roles, and
/// the rank rule for every managed role the member holds here (the unlink takes them
/// away). The member is told by DM, in the language of their `/link`.
async fn unlink_member(ctx: Context<'_>, lang: Lang, target: &serenity::User) -> Result<(), Error> {
    let what = tr!(lang, "unlink-action");
    let invoker = require_manage_roles(ctx, &what).await?;
    let guild = invoker.guild;
    let data = ctx.data();
    let target_id = target.id.get();
    let outcome = data
        .members
        .unlink_member(&invoker.check(), target_id)
        .await?;
    let (done, locale) = match outcome {
        AdminUnlink::Done { unlinked, locale } => (unlinked, locale),
        AdminUnlink::NotMember => {
            let name = safe(&target.name);
            ctx.send(reply(tr!(lang, "whois-not-member", name = &name)))
                .await?;
            return Ok(());
        }
        AdminUnlink::NotLinked => {
            ctx.send(reply(tr!(lang, "unlink-user-none", user = target_id)))
                .await?;
            return Ok(());
        }
        AdminUnlink::Refused(e) => {
            return Err(UserError::err(permissions::refusal(lang, &what, &e)));
        }
    };
    let server = match ctx.partial_guild().await {
        Some(g) => g.name,
        None => guild.to_string(),
    };
    let told = data
        .members
        .tell_unlinked(guild, target_id, server, &done, locale)
        .await;
    let mut content = tr!(
        lang,
        "unlink-user-done",
        user = target_id,
        username = safe(&done.link.resonite_username)
    );
    content.push('\n');
    content.push_str(&if told {
        tr!(lang, "unlink-user-told")
    } else {
        tr!(lang, "unlink-user-not-told")
    });
    for line in outcome_lines(data, lang, &done).await {
        content.push('\n');
        content.push_str(&line);
    }
    ctx.send(reply(content)).await?;
    Ok(())
}
