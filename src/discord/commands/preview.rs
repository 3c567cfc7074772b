//! `/roles preview [role: rule: value: group:]`: what a rule would change, or what applying
//! the current rules now would — counts and up to ten names per role — without changing
//! anything and without a single role call.

use poise::serenity_prelude as serenity;

use super::roles::{RuleChoice, read_rule};
use crate::discord::checks::require_manage_roles;
use crate::discord::{Context, Error, UserError, lang, reply};
use crate::i18n::Lang;
use crate::roles::check_assignable;
use crate::roles::preview::{Preview, gather, preview as compute};
use crate::roles::wording::{condition as say_condition, refusal};
use crate::tr;

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
    let lang = lang(ctx);
    let guild = require_manage_roles(ctx, &tr!(lang, "preview-action"))
        .await?
        .guild;
    let data = ctx.data();
    let current = data.roles.rules(guild).await?;
    let gateway = data.roles.gateway();
    let roles = gateway.guild_roles(guild).await?;
    let standing = gateway.bot_standing(guild).await?;
    let new_rule = match (role, rule) {
        (Some(role), Some(rule)) => {
            let typed = read_rule(
                ctx,
                guild,
                role.id.get(),
                rule,
                value.as_deref(),
                group.as_deref(),
            )
            .await?;
            Some((typed, role))
        }
        (None, Some(_)) => return Err(UserError::err(tr!(lang, "preview-needs-role"))),
        (Some(_), None) => return Err(UserError::err(tr!(lang, "preview-needs-rule"))),
        (None, None) if value.is_some() || group.is_some() => {
            return Err(UserError::err(tr!(lang, "preview-stray-options")));
        }
        (None, None) => None,
    };
    let settings = data.links.store().settings().get(guild).await?;
    let stale_grace = data.reconciler.options().stale_grace;
    let (members, complete) = gather(&data.roles, guild, stale_grace).await?;
    let position = |id: u64| roles.iter().find(|r| r.id == id).map(|r| r.position);
    let mut lines = Vec::new();
    let result = match &new_rule {
        Some((rule, role)) => {
            let mut after = current.clone();
            after.push(rule.clone());
            let condition = say_condition(lang, &rule.condition);
            lines.push(match &rule.group {
                Some(g) => tr!(
                    lang,
                    "preview-head-rule-group",
                    role = role.id.get(),
                    condition = &condition,
                    group = g
                ),
                None => tr!(
                    lang,
                    "preview-head-rule",
                    role = role.id.get(),
                    condition = &condition
                ),
            });
            let target = crate::discord::guild_role(role);
            lines.push(match check_assignable(guild, &target, &standing) {
                Ok(()) => tr!(lang, "preview-can-apply"),
                Err(e) => tr!(lang, "preview-cannot-apply", reason = refusal(lang, &e)),
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
            lines.push(tr!(lang, "preview-head-current"));
            compute(None, &current, &members, settings.bypass_role_id, position)
        }
    };
    describe(lang, &mut lines, &result, |id| {
        roles
            .iter()
            .find(|r| r.id == id)
            .and_then(|r| check_assignable(guild, r, &standing).err())
            .map(|e| refusal(lang, &e))
    });
    if let Some(bypass) = settings.bypass_role_id.filter(|_| result.bypassed > 0) {
        lines.push(tr!(
            lang,
            "preview-bypassed",
            count = result.bypassed,
            role = bypass
        ));
    }
    if !complete {
        lines.push(tr!(lang, "preview-incomplete"));
    }
    ctx.send(reply(fit(lang, &lines))).await?;
    Ok(())
}

/// The gains and losses per role, with up to ten names each.
fn describe(
    lang: Lang,
    lines: &mut Vec<String>,
    result: &Preview,
    refusal: impl Fn(u64) -> Option<String>,
) {
    if result.is_empty() {
        lines.push(tr!(lang, "preview-nothing", count = result.members));
        return;
    }
    for (gains, changes) in [(true, &result.gains), (false, &result.losses)] {
        for (role, users) in changes {
            let mut names: Vec<String> = users
                .iter()
                .take(NAMES)
                .map(|u| format!("<@{u}>"))
                .collect();
            if users.len() > NAMES {
                names.push(tr!(lang, "preview-more", count = users.len() - NAMES));
            }
            let names = names.join(", ");
            let (role, count) = (*role, users.len());
            lines.push(match (gains, refusal(role)) {
                (true, None) => tr!(
                    lang,
                    "preview-gains",
                    role = role,
                    count = count,
                    names = &names
                ),
                (false, None) => tr!(
                    lang,
                    "preview-losses",
                    role = role,
                    count = count,
                    names = &names
                ),
                (true, Some(reason)) => tr!(
                    lang,
                    "preview-gains-refused",
                    role = role,
                    count = count,
                    names = &names,
                    reason = reason
                ),
                (false, Some(reason)) => tr!(
                    lang,
                    "preview-losses-refused",
                    role = role,
                    count = count,
                    names = &names,
                    reason = reason
                ),
            });
        }
    }
}

/// The lines, cut to Discord's message length.
fn fit(lang: Lang, lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if out.len() + line.len() + 1 > MAX_MESSAGE {
            out.push('\n');
            out.push_str(&tr!(lang, "preview-cut"));
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}
