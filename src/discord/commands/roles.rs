//! `/roles add|remove|list`: which role each rule grants. Manage Roles, re-checked here.

use poise::serenity_prelude as serenity;

use super::preview::preview;
use crate::discord::checks::{self, require_manage_roles};
use crate::discord::{Context, Error, UserError, lang, reply};
use crate::roles::wording::{condition as say_condition, group_error, refusal, rule_error};
use crate::roles::{
    Condition, Needs, Rule, RuleKind, SyncCause, check_assignable, is_dangerous, parse_group,
};
use crate::store::RuleWrite;
use crate::tr;

/// The rule kinds, as Discord choices (names are the stable rule names).
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum RuleChoice {
    #[name = "linked"]
    Linked,
    #[name = "supporter"]
    Supporter,
    #[name = "patreon"]
    Patreon,
    #[name = "tier-at-least"]
    TierAtLeast,
    #[name = "lifetime-at-least"]
    LifetimeAtLeast,
    #[name = "months-at-least"]
    MonthsAtLeast,
    #[name = "tag"]
    Tag,
    #[name = "neos-supporter"]
    NeosSupporter,
    #[name = "account-age-at-least"]
    AccountAgeAtLeast,
    #[name = "unlinked"]
    Unlinked,
}

impl From<RuleChoice> for RuleKind {
    fn from(c: RuleChoice) -> Self {
        match c {
            RuleChoice::Linked => Self::Linked,
            RuleChoice::Supporter => Self::Supporter,
            RuleChoice::Patreon => Self::Patreon,
            RuleChoice::TierAtLeast => Self::TierAtLeast,
            RuleChoice::LifetimeAtLeast => Self::LifetimeAtLeast,
            RuleChoice::MonthsAtLeast => Self::MonthsAtLeast,
            RuleChoice::Tag => Self::Tag,
            RuleChoice::NeosSupporter => Self::NeosSupporter,
            RuleChoice::AccountAgeAtLeast => Self::AccountAgeAtLeast,
            RuleChoice::Unlinked => Self::Unlinked,
        }
    }
}

/// The rule an admin typed for `role_id` (`rule:`, `value:`, `group:`), checked; its group
/// is the one given or, when none is, the one the role is in already. A refusal names the
/// option and gives an example.
pub(super) async fn read_rule(
    ctx: Context<'_>,
    guild: u64,
    role_id: u64,
    rule: RuleChoice,
    value: Option<&str>,
    group: Option<&str>,
) -> Result<Rule, Error> {
    let lang = lang(ctx);
    let condition = Condition::parse(rule.into(), value).map_err(|e| {
        UserError::err(tr!(
            lang,
            "roles-value-invalid",
            error = rule_error(lang, &e)
        ))
    })?;
    let group = group
        .map(parse_group)
        .transpose()
        .map_err(|e| UserError::err(group_error(lang, &e)))?;
    let existing = ctx
        .data()
        .links
        .store()
        .rules()
        .group(guild, role_id)
        .await?;
    if let (Some(wanted), Some(existing)) = (&group, &existing)
        && wanted != existing
    {
        return Err(UserError::err(tr!(
            lang,
            "roles-group-taken",
            role = role_id,
            group = existing
        )));
    }
    Ok(Rule {
        role_id,
        condition,
        group: group.or(existing),
    })
}

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
    #[description = "The condition on the Resonite profile"] rule: RuleChoice,
    #[description = "For tier/lifetime: cents or $; months; days; or the tag"] value: Option<
        String,
    >,
    #[description = "An exclusive group, e.g. tiers: members hold only its highest role they earn"]
    group: Option<String>,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let what = tr!(lang, "roles-action");
    let invoker = require_manage_roles(ctx, &what).await?;
    let guild = invoker.guild;
    let data = ctx.data();
    let typed = read_rule(
        ctx,
        guild,
        role.id.get(),
        rule,
        value.as_deref(),
        group.as_deref(),
    )
    .await?;
    let store = data.links.store();
    // The bypass role's holders are never changed: granting it would freeze whoever earns it.
    if store.settings().get(guild).await?.bypass_role_id == Some(role.id.get()) {
        return Err(UserError::err(tr!(
            lang,
            "roles-bypass-refused",
            role = role.id.get()
        )));
    }
    let standing = data.roles.gateway().bot_standing(guild).await?;
    check_assignable(guild, &crate::discord::guild_role(&role), &standing)
        .map_err(|e| UserError::err(tr!(lang, "roles-role-refused", reason = refusal(lang, &e))))?;
    let vouch = invoker
        .check()
        .role(Needs::ManageRoles, role.id.get())
        .map_err(|e| UserError::err(checks::refusal(lang, &what, &e)))?;
    let now = data.links.clock().now();
    let kind = typed.condition.kind();
    let written = store
        .rules()
        .add_as(
            guild,
            role.id.get(),
            (kind.as_str(), &typed.condition.value()),
            invoker.user,
            vouch.trusted,
            now,
        )
        .await?;
    let group = typed.group;
    if let Some(group) = &group {
        store.rules().set_group(guild, role.id.get(), group).await?;
    }
    let in_group = group
        .as_ref()
        .map(|g| format!(" {}", tr!(lang, "roles-in-group", group = g)))
        .unwrap_or_default();
    let condition = say_condition(lang, &typed.condition);
    let role_id = role.id.get();
    let cause = SyncCause::RulesChanged {
        actor: invoker.user,
    };
    let content = match written {
        RuleWrite::Added => {
            let marks = data.reconciler.mark_guild(guild, cause).await?;
            let added = if kind == RuleKind::Unlinked {
                tr!(
                    lang,
                    "roles-added-unlinked",
                    role = role_id,
                    condition = &condition,
                    count = marks.marked
                )
            } else {
                tr!(
                    lang,
                    "roles-added",
                    role = role_id,
                    condition = &condition,
                    count = marks.linked
                )
            };
            format!("{added}{in_group}")
        }
        RuleWrite::Vouched => {
            data.reconciler.mark_guild(guild, cause).await?;
            let vouched = tr!(
                lang,
                "roles-vouched",
                role = role_id,
                condition = &condition
            );
            format!("{vouched}{in_group}")
        }
        RuleWrite::Exists => {
            let exists = tr!(lang, "roles-exists", role = role_id, condition = &condition);
            format!("{exists}{in_group}")
        }
    };
    ctx.send(reply(content)).await?;
    Ok(())
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
        RuleChoice,
    >,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let what = tr!(lang, "roles-action");
    let invoker = require_manage_roles(ctx, &what).await?;
    let guild = invoker.guild;
    // A role Discord no longer has can lose its rules; one it has, only by someone the
    // bot could let hand it out.
    if invoker.roles.iter().any(|r| r.id == role.id.get()) {
        invoker
            .check()
            .role(Needs::ManageRoles, role.id.get())
            .map_err(|e| UserError::err(checks::refusal(lang, &what, &e)))?;
    }
    let kind = rule.map(RuleKind::from);
    let removed = ctx
        .data()
        .links
        .store()
        .rules()
        .remove(guild, role.id.get(), kind.map(RuleKind::as_str))
        .await?;
    if removed > 0 {
        // Another rule may still grant the role, or a group may now pick another one.
        ctx.data()
            .reconciler
            .mark_guild(
                guild,
                SyncCause::RulesChanged {
                    actor: ctx.author().id.get(),
                },
            )
            .await?;
    }
    let role_id = role.id.get();
    let content = match (removed, kind) {
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
    let guild = require_manage_roles(ctx, &tr!(lang, "roles-action"))
        .await?
        .guild;
    let data = ctx.data();
    let rules = data.links.store().rules().for_guild(guild).await?;
    if rules.is_empty() {
        ctx.send(reply(tr!(lang, "roles-list-empty"))).await?;
        return Ok(());
    }
    let gateway = data.roles.gateway();
    let roles = gateway.guild_roles(guild).await?;
    let standing = gateway.bot_standing(guild).await?;
    let mut lines = vec![tr!(lang, "roles-list-head", count = rules.len())];
    for rule in &rules {
        let condition = Condition::from_stored(&rule.kind, &rule.value)
            .map(|c| say_condition(lang, &c))
            .unwrap_or_else(|_| format!("{} {}", rule.kind, rule.value));
        let problem = if let Some(reason) = &rule.disabled_reason {
            Some(tr!(lang, "roles-list-disabled", reason = reason))
        } else {
            match roles.iter().find(|r| r.id == rule.role_id) {
                None => Some(tr!(lang, "refusal-deleted")),
                Some(r) => match check_assignable(guild, r, &standing) {
                    Err(e) => Some(refusal(lang, &e)),
                    // As the reconciler decides: an untrusted rule grants no dangerous role.
                    Ok(()) if !rule.trusted && is_dangerous(r) => {
                        Some(tr!(lang, "roles-list-withheld"))
                    }
                    Ok(()) => None,
                },
            }
        };
        let group = rule
            .group_name
            .as_ref()
            .map(|g| format!(" {}", tr!(lang, "roles-list-group", group = g)))
            .unwrap_or_default();
        let line = match problem {
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
        };
        lines.push(line);
    }
    let settings = data.links.store().settings().get(guild).await?;
    match settings.last_swept_at {
        Some(at) => lines.push(tr!(lang, "roles-list-swept", at = at)),
        None => lines.push(tr!(lang, "roles-list-not-swept")),
    }
    let store = data.links.store();
    let pending = store.queue().count_pending(Some(guild)).await?;
    if pending > 0 {
        lines.push(tr!(lang, "roles-list-pending", count = pending));
    }
    let failed = store.queue().failed(guild).await?;
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
    ctx.send(reply(lines.join("\n"))).await?;
    Ok(())
}
