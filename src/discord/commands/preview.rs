//! `/roles preview [role: rule: value: group:]`: what a rule would change, or what applying
//! the current rules now would — counts and up to ten names per role — without changing
//! anything and without a single role call.

use poise::serenity_prelude as serenity;

use super::roles::RuleChoice;
use crate::discord::checks::require_manage_roles;
use crate::discord::{Context, Error, UserError, reply};
use crate::roles::preview::{Preview, gather, preview as compute};
use crate::roles::{Condition, GuildRole, Rule, check_assignable, parse_group};

/// How many members a line names before "and N more".
const NAMES: usize = 10;
/// Discord's message limit, with room for the last line.
const MAX_MESSAGE: usize = 1900;

/// See what a rule would change (or what the current rules would), changing nothing.
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_ROLES"
)]
pub async fn preview(
    ctx: Context<'_>,
    #[description = "The role the rule would grant (with rule:); empty: preview the current rules"]
    role: Option<serenity::Role>,
    #[description = "The condition on the Resonite profile"] rule: Option<RuleChoice>,
    #[description = "For tier/lifetime: cents or $; months; days; or the tag"] value: Option<
        String,
    >,
    #[description = "An exclusive group, e.g. tiers"] group: Option<String>,
) -> Result<(), Error> {
    let guild = require_manage_roles(ctx, "Previewing role rules")?;
    let data = ctx.data();
    let current = data.roles.rules(guild).await?;
    let gateway = data.roles.gateway();
    let roles = gateway.guild_roles(guild).await?;
    let standing = gateway.bot_standing(guild).await?;
    let new_rule = match (role, rule) {
        (Some(role), Some(rule)) => {
            let condition = Condition::parse(rule.into(), value.as_deref())
                .map_err(|e| UserError::err(format!("`value:` {e}.")))?;
            let group = group
                .as_deref()
                .map(parse_group)
                .transpose()
                .map_err(|e| UserError::err(e.to_string()))?;
            let existing = data.links.store().role_group(guild, role.id.get()).await?;
            if let (Some(wanted), Some(existing)) = (&group, &existing)
                && wanted != existing
            {
                return Err(UserError::err(format!(
                    "`group:` <@&{}> is already in the group `{existing}`, and a role is in at most one group. Preview with `group:{existing}`.",
                    role.id
                )));
            }
            Some((
                Rule {
                    role_id: role.id.get(),
                    condition,
                    group: group.or(existing),
                },
                role,
            ))
        }
        (None, Some(_)) => {
            return Err(UserError::err(
                "`role:` say which role the rule would grant, e.g. `/roles preview role:@Patron rule:patreon`.",
            ));
        }
        (Some(_), None) => {
            return Err(UserError::err(
                "`rule:` say which condition would grant the role, e.g. `/roles preview role:@Patron rule:patreon`.",
            ));
        }
        (None, None) if value.is_some() || group.is_some() => {
            return Err(UserError::err(
                "`value:` and `group:` go with `rule:`, e.g. `/roles preview role:@Gold rule:tier-at-least value:$25 group:tiers`.",
            ));
        }
        (None, None) => None,
    };
    let settings = data.links.store().guild_settings(guild).await?;
    let stale_grace = data.reconciler.options().stale_grace;
    let (members, complete) = gather(&data.roles, guild, stale_grace).await?;
    let position = |id: u64| roles.iter().find(|r| r.id == id).map(|r| r.position);
    let mut lines = Vec::new();
    let result = match &new_rule {
        Some((rule, role)) => {
            let mut after = current.clone();
            after.push(rule.clone());
            let group = rule
                .group
                .as_ref()
                .map(|g| format!(" in the group `{g}`"))
                .unwrap_or_default();
            lines.push(format!(
                "**Preview** of <@&{}> ← {}{group}. Nothing was changed.",
                role.id, rule.condition
            ));
            let target = GuildRole {
                id: role.id.get(),
                name: role.name.clone(),
                position: i64::from(role.position),
                managed: role.managed,
            };
            lines.push(match check_assignable(guild, &target, &standing) {
                Ok(()) => "✅ The bot can apply it.".to_owned(),
                Err(e) => format!("❌ The bot could not apply it: {e}."),
            });
            compute(
                Some(&current),
                &after,
                &members,
                settings.bypass_role_id,
                position,
            )
        }
        None => {
            lines.push(
                "**Preview** of the current rules: what applying them now would change. Nothing was changed."
                    .to_owned(),
            );
            compute(None, &current, &members, settings.bypass_role_id, position)
        }
    };
    describe(&mut lines, &result, |id| {
        roles
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| check_assignable(guild, r, &standing).err())
            .map(|e| e.to_string())
    });
    if let Some(bypass) = settings.bypass_role_id.filter(|_| result.bypassed > 0) {
        lines.push(format!(
            "🛡️ {} member{} holding the bypass role <@&{bypass}> would be left alone.",
            result.bypassed,
            if result.bypassed == 1 { "" } else { "s" }
        ));
    }
    if !complete {
        lines.push(
            "⚠️ Only linked members were counted: the member list has not arrived (turn on the Server Members intent)."
                .to_owned(),
        );
    }
    ctx.send(reply(fit(&lines))).await?;
    Ok(())
}

/// The gains and losses per role, with up to ten names each.
fn describe(lines: &mut Vec<String>, result: &Preview, refusal: impl Fn(u64) -> Option<String>) {
    if result.is_empty() {
        lines.push(format!(
            "No member would gain or lose a role ({} member{} looked at).",
            result.members,
            if result.members == 1 { "" } else { "s" }
        ));
        return;
    }
    for (sign, word, changes) in [("➕", "to", &result.gains), ("➖", "from", &result.losses)] {
        for (role, users) in changes {
            let mut names: Vec<String> = users
                .iter()
                .take(NAMES)
                .map(|u| format!("<@{u}>"))
                .collect();
            if users.len() > NAMES {
                names.push(format!("and {} more", users.len() - NAMES));
            }
            let problem = refusal(*role)
                .map(|e| format!(" (❌ the bot cannot: {e})"))
                .unwrap_or_default();
            lines.push(format!(
                "{sign} <@&{role}> {word} {} member{}{problem}: {}",
                users.len(),
                if users.len() == 1 { "" } else { "s" },
                names.join(", ")
            ));
        }
    }
}

/// The lines, cut to Discord's message length.
fn fit(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if out.len() + line.len() + 1 > MAX_MESSAGE {
            out.push_str("\n… (more changes not shown)");
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}
