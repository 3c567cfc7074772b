//! `/roles add|remove|list`: which role each rule grants. Manage Roles, re-checked here.

use poise::serenity_prelude as serenity;

use super::preview::preview;
use crate::discord::checks::require_manage_roles;
use crate::discord::{Context, Error, UserError, reply};
use crate::roles::{Condition, GuildRole, RuleKind, SyncCause, check_assignable, parse_group};

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
    let guild = require_manage_roles(ctx, "Managing role rules")?;
    let condition = Condition::parse(rule.into(), value.as_deref())
        .map_err(|e| UserError::err(format!("`value:` {e}.")))?;
    let group = group
        .as_deref()
        .map(parse_group)
        .transpose()
        .map_err(|e| UserError::err(e.to_string()))?;
    let data = ctx.data();
    let existing_group = data.links.store().role_group(guild, role.id.get()).await?;
    if let (Some(wanted), Some(existing)) = (&group, &existing_group)
        && wanted != existing
    {
        return Err(UserError::err(format!(
            "<@&{}> is already in the group `{existing}`, and a role is in at most one group. Use `group:{existing}`, or remove the role's rules with `/roles remove` first.",
            role.id
        )));
    }
    let gateway = data.roles.gateway();
    let standing = gateway.bot_standing(guild).await?;
    let target = GuildRole {
        id: role.id.get(),
        name: role.name.clone(),
        position: i64::from(role.position),
        managed: role.managed,
    };
    check_assignable(guild, &target, &standing)
        .map_err(|e| UserError::err(format!("`role:` the bot cannot use that role: {e}.")))?;
    let now = data.links.clock().now();
    let kind = condition.kind();
    let added = data
        .links
        .store()
        .add_rule(
            guild,
            role.id.get(),
            kind.as_str(),
            &condition.value(),
            ctx.author().id.get(),
            now,
        )
        .await?;
    let group = group.or(existing_group);
    if let Some(group) = &group {
        data.links
            .store()
            .set_role_group(guild, role.id.get(), group)
            .await?;
    }
    let in_group = group
        .as_ref()
        .map(|g| {
            format!(
                " It is in the group `{g}`: of its roles a member holds only the highest they earn."
            )
        })
        .unwrap_or_default();
    let content = if added {
        let marked = data
            .reconciler
            .mark_guild(
                guild,
                SyncCause::RulesChanged {
                    actor: ctx.author().id.get(),
                },
            )
            .await?;
        let plural = if marked == 1 { "" } else { "s" };
        if kind == RuleKind::Unlinked {
            format!(
                "Added: <@&{}> for members with {condition} (bots never get it). The bot is checking the {marked} member{plural} here now; it is removed when they link, given back when they unlink, and given to members who join without a link.{in_group}",
                role.id
            )
        } else {
            format!(
                "Added: <@&{}> for linked members with {condition}. The bot is applying it to the {marked} linked member{plural} here now; new members get it when they link.{in_group}",
                role.id
            )
        }
    } else {
        format!(
            "<@&{}> already has the rule {condition}; it is active.{in_group}",
            role.id
        )
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
    let guild = require_manage_roles(ctx, "Managing role rules")?;
    let kind = rule.map(RuleKind::from);
    let removed = ctx
        .data()
        .links
        .store()
        .remove_rules(guild, role.id.get(), kind.map(RuleKind::as_str))
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
    let content = if removed == 0 {
        format!(
            "<@&{}> has no {}rules.",
            role.id,
            kind.map(|k| format!("`{k}` ")).unwrap_or_default()
        )
    } else {
        format!(
            "Removed {removed} rule{} for <@&{}>. Members who have the role keep it; the bot no longer adds or removes it unless another rule names it.",
            if removed == 1 { "" } else { "s" },
            role.id
        )
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
    let guild = require_manage_roles(ctx, "Managing role rules")?;
    let data = ctx.data();
    let rules = data.links.store().rules_for_guild(guild).await?;
    if rules.is_empty() {
        ctx.send(
            reply("No role rules yet. Add one with `/roles add role: rule: [value:]`, e.g. rule `patreon` for active Patreon supporters."),
        )
        .await?;
        return Ok(());
    }
    let gateway = data.roles.gateway();
    let roles = gateway.guild_roles(guild).await?;
    let standing = gateway.bot_standing(guild).await?;
    let mut lines = vec![format!("**Role rules** ({})", rules.len())];
    for rule in &rules {
        let condition = Condition::from_stored(&rule.kind, &rule.value)
            .map(|c| c.to_string())
            .unwrap_or_else(|_| format!("{} {}", rule.kind, rule.value));
        let problem = if let Some(reason) = &rule.disabled_reason {
            Some(format!("disabled: {reason}"))
        } else {
            match roles.iter().find(|r| r.id == rule.role_id) {
                None => Some("the role no longer exists".to_owned()),
                Some(r) => check_assignable(guild, r, &standing)
                    .err()
                    .map(|e| e.to_string()),
            }
        };
        let group = rule
            .group_name
            .as_ref()
            .map(|g| format!(" [group `{g}`]"))
            .unwrap_or_default();
        match problem {
            None => lines.push(format!("• <@&{}> ← {condition}{group}", rule.role_id)),
            Some(p) => lines.push(format!(
                "• ⚠️ <@&{}> ← {condition}{group} — cannot apply: {p}",
                rule.role_id
            )),
        }
    }
    let settings = data.links.store().guild_settings(guild).await?;
    match settings.last_swept_at {
        Some(at) => lines.push(format!("Last re-verified <t:{at}:R>.")),
        None => lines.push("Not re-verified yet.".to_owned()),
    }
    let store = data.links.store();
    let pending = store.count_pending_reconciles(Some(guild)).await?;
    if pending > 0 {
        lines.push(format!(
            "{pending} member{} waiting for their roles to be applied.",
            if pending == 1 { " is" } else { "s are" }
        ));
    }
    let failed = store.failed_reconciles(guild).await?;
    if !failed.is_empty() {
        lines.push(format!(
            "⚠️ Roles that could not be applied for a day ({}); `/update` on a member tries again:",
            failed.len()
        ));
        for f in failed.iter().take(10) {
            lines.push(format!(
                "• <@{}>: {} (since <t:{}:R>)",
                f.user_id, f.last_error, f.failed_at
            ));
        }
    }
    ctx.send(reply(lines.join("\n"))).await?;
    Ok(())
}
