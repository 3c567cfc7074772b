//! `/roles add|remove|list`: which role each rule grants. Manage Roles, re-checked here and
//! in the guild admin service, which decides everything else; this file parses and renders.

use poise::serenity_prelude as serenity;

use super::preview::preview;
use super::rule_input::{RuleKindChoice, actor, refused};
use crate::discord::permissions::require_manage_roles;
use crate::discord::{Context, Error, lang, reply};
use crate::guild_admin::{ListedRule, RuleAdded, RuleProblem, RuleSpec, RuleWritten, RulesListing};
use crate::i18n::Lang;
use crate::roles::RuleKind;
use crate::roles::wording::{condition as say_condition, refusal};
use crate::tr;

/// Which roles linked members earn from their Resonite profile.
#[poise::command(
    slash_command,
    guild_only,
    subcommands("add", "remove", "list", "preview"),
    subcommand_required,
    default_member_permissions = "MANAGE_ROLES"
)]
pub async fn roles(_ctx: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Grant a role to linked members whose Resonite profile meets a condition.
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_ROLES"
)]
pub async fn add(
    ctx: Context<'_>,
    #[description = "The role to grant"] role: serenity::Role,
    #[description = "The condition on the Resonite profile"] rule: RuleKindChoice,
    #[description = "For tier/lifetime: cents or $; months; days; or the tag"] value: Option<
        String,
    >,
    #[description = "An exclusive group, e.g. tiers: members hold only its highest role they earn"]
    group: Option<String>,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let what = tr!(lang, "roles-action");
    let invoker = actor(require_manage_roles(ctx, &what).await?);
    let spec = RuleSpec {
        role_id: role.id.get(),
        kind: rule.0.as_str().to_owned(),
        value,
        group,
    };
    let added = ctx
        .data()
        .guild_admin
        .add_rule(&invoker, &spec)
        .await
        .map_err(|e| refused(lang, &what, e))?;
    ctx.send(reply(added_message(lang, &added))).await?;
    Ok(())
}

/// What `/roles add` says it did.
fn added_message(lang: Lang, added: &RuleAdded) -> String {
    let rule = &added.rule;
    let role = rule.role_id;
    let condition = say_condition(lang, &rule.condition);
    let said = match added.written {
        RuleWritten::Added { members } if rule.condition.kind() == RuleKind::Unlinked => tr!(
            lang,
            "roles-added-unlinked",
            role = role,
            condition = &condition,
            count = members
        ),
        RuleWritten::Added { members } => tr!(
            lang,
            "roles-added",
            role = role,
            condition = &condition,
            count = members
        ),
        RuleWritten::Vouched => tr!(lang, "roles-vouched", role = role, condition = &condition),
        RuleWritten::Exists => tr!(lang, "roles-exists", role = role, condition = &condition),
    };
    let in_group = rule
        .group
        .as_ref()
        .map(|g| format!(" {}", tr!(lang, "roles-in-group", group = g)))
        .unwrap_or_default();
    format!("{said}{in_group}")
}

/// Stop granting a role (all its rules, or one kind of rule).
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_ROLES"
)]
pub async fn remove(
    ctx: Context<'_>,
    #[description = "The role"] role: serenity::Role,
    #[description = "Only rules of this kind; all of the role's rules if empty"] rule: Option<
        RuleKindChoice,
    >,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let what = tr!(lang, "roles-action");
    let invoker = actor(require_manage_roles(ctx, &what).await?);
    let kind = rule.map(|c| c.0);
    let role_id = role.id.get();
    let removed = ctx
        .data()
        .guild_admin
        .remove_rules(&invoker, role_id, kind)
        .await
        .map_err(|e| refused(lang, &what, e))?;
    let content = match (removed.count, kind) {
        (0, None) => tr!(lang, "roles-remove-none", role = role_id),
        (0, Some(kind)) => tr!(
            lang,
            "roles-remove-none-kind",
            role = role_id,
            kind = kind.as_str()
        ),
        (n, _) => tr!(lang, "roles-removed", role = role_id, count = n),
    };
    ctx.send(reply(content)).await?;
    Ok(())
}

/// Show this server's role rules, and any the bot cannot apply right now.
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_ROLES"
)]
pub async fn list(ctx: Context<'_>) -> Result<(), Error> {
    let lang = lang(ctx);
    let what = tr!(lang, "roles-action");
    let invoker = actor(require_manage_roles(ctx, &what).await?);
    let listing = ctx
        .data()
        .guild_admin
        .list_rules(&invoker)
        .await
        .map_err(|e| refused(lang, &what, e))?;
    ctx.send(reply(listing_message(lang, &listing))).await?;
    Ok(())
}

/// The lines of `/roles list`.
fn listing_message(lang: Lang, listing: &RulesListing) -> String {
    if listing.rules.is_empty() {
        return tr!(lang, "roles-list-empty");
    }
    let mut lines = vec![tr!(lang, "roles-list-head", count = listing.rules.len())];
    lines.extend(listing.rules.iter().map(|rule| listed_rule(lang, rule)));
    match listing.last_swept_at {
        Some(at) => lines.push(tr!(lang, "roles-list-swept", at = at)),
        None => lines.push(tr!(lang, "roles-list-not-swept")),
    }
    if listing.pending > 0 {
        lines.push(tr!(lang, "roles-list-pending", count = listing.pending));
    }
    let failed = &listing.failed;
    if !failed.is_empty() {
        lines.push(tr!(lang, "roles-list-failed-head", count = failed.len()));
        for f in failed.iter().take(10) {
            lines.push(tr!(
                lang,
                "roles-list-failed",
                user = f.user_id,
                error = &f.last_error,
                at = f.failed_at
            ));
        }
    }
    lines.join("\n")
}

/// One line of `/roles list`.
fn listed_rule(lang: Lang, rule: &ListedRule) -> String {
    let condition = match &rule.condition {
        Ok(c) => say_condition(lang, c),
        Err((kind, value)) => format!("{kind} {value}"),
    };
    let problem = rule.problem.as_ref().map(|p| match p {
        RuleProblem::Disabled(reason) => tr!(lang, "roles-list-disabled", reason = reason),
        RuleProblem::Deleted => tr!(lang, "refusal-deleted"),
        RuleProblem::Unassignable(e) => refusal(lang, e),
        RuleProblem::Withheld => tr!(lang, "roles-list-withheld"),
    });
    let group = rule
        .group
        .as_ref()
        .map(|g| format!(" {}", tr!(lang, "roles-list-group", group = g)))
        .unwrap_or_default();
    match problem {
        None => tr!(
            lang,
            "roles-list-rule",
            role = rule.role_id,
            condition = &condition,
            group = &group
        ),
        Some(p) => tr!(
            lang,
            "roles-list-rule-problem",
            role = rule.role_id,
            condition = &condition,
            group = &group,
            problem = p
        ),
    }
}
