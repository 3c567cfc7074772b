//! `/roles preview [role: rule: value: group:]`: what a rule would change, or what applying
//! the current rules now would — counts and up to ten names per role — without changing
//! anything and without a single role call.

use poise::serenity_prelude as serenity;

use super::rule_input::{RuleKindChoice, actor, refused};
use crate::discord::permissions::require_manage_roles;
use crate::discord::{Context, Error, UserError, lang, reply};
use crate::guild_admin::{PreviewOutcome, PreviewRequest, RuleSpec};
use crate::i18n::Lang;
use crate::roles::preview::Preview;
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
    #[description = "The condition on the Resonite profile"] rule: Option<RuleKindChoice>,
    #[description = "For tier/lifetime: cents or $; months; days; or the tag"] value: Option<
        String,
    >,
    #[description = "An exclusive group, e.g. tiers"] group: Option<String>,
) -> Result<(), Error> {
    let lang = lang(ctx);
    let what = tr!(lang, "preview-action");
    let invoker = actor(require_manage_roles(ctx, &what).await?);
    let request: PreviewRequest = match (role, rule) {
        (Some(role), Some(rule)) => Some(RuleSpec {
            role_id: role.id.get(),
            kind: rule.0.as_str().to_owned(),
            value,
            group,
        }),
        (None, Some(_)) => return Err(UserError::err(tr!(lang, "preview-needs-role"))),
        (Some(_), None) => return Err(UserError::err(tr!(lang, "preview-needs-rule"))),
        (None, None) if value.is_some() || group.is_some() => {
            return Err(UserError::err(tr!(lang, "preview-stray-options")));
        }
        (None, None) => None,
    };
    let outcome = ctx
        .data()
        .guild_admin
        .preview(&invoker, &request)
        .await
        .map_err(|e| refused(lang, &what, e))?;
    ctx.send(reply(fit(lang, &outcome_lines(lang, &outcome))))
        .await?;
    Ok(())
}

/// The preview's lines: what was previewed, the changes, who was left alone.
fn outcome_lines(lang: Lang, outcome: &PreviewOutcome) -> Vec<String> {
    let mut lines = Vec::new();
    match &outcome.rule {
        Some(previewed) => {
            let rule = &previewed.rule;
            let condition = say_condition(lang, &rule.condition);
            lines.push(match &rule.group {
                Some(g) => tr!(
                    lang,
                    "preview-head-rule-group",
                    role = rule.role_id,
                    condition = &condition,
                    group = g
                ),
                None => tr!(
                    lang,
                    "preview-head-rule",
                    role = rule.role_id,
                    condition = &condition
                ),
            });
            lines.push(match &previewed.can_apply {
                Ok(()) => tr!(lang, "preview-can-apply"),
                Err(e) => tr!(lang, "preview-cannot-apply", reason = refusal(lang, e)),
            });
        }
        None => lines.push(tr!(lang, "preview-head-current")),
    }
    let result = &outcome.result;
    describe(lang, &mut lines, result, |id| {
        outcome.refusals.get(&id).map(|e| refusal(lang, e))
    });
    if let Some(bypass) = outcome.bypass_role.filter(|_| result.bypassed > 0) {
        lines.push(tr!(
            lang,
            "preview-bypassed",
            count = result.bypassed,
            role = bypass
        ));
    }
    if !outcome.complete {
        lines.push(tr!(lang, "preview-incomplete"));
    }
    lines
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
