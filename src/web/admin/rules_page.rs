//! The rules page: the rules with how many members hold each role, a remove button per
//! role, the add form (with a preview button) when the admin has Manage Roles, and what
//! the last request did, in the same words as `/roles` (roles by name, not as mentions).

use maud::{Markup, html};

use super::pages::{Tab, layout};
use crate::dashboard::{AdminGuild, AdminSession, RulesView};
use crate::guild_admin::{
    ListedRule, PreviewOutcome, RuleAdded, RuleProblem, RuleRefused, RuleWritten, RulesRemoved,
};
use crate::i18n::Lang;
use crate::roles::wording::{condition, group_error, rank_refusal, refusal, rule_error};
use crate::roles::{GuildRole, Needs, RankRefusal, RuleKind};
use crate::tr;

/// How many members a preview line names.
const NAMES: usize = 10;

/// The add form's fields as the admin typed them (kept after a refusal).
#[derive(Debug, Clone, Default)]
pub(super) struct RuleForm {
    pub role: String,
    pub rule: String,
    pub value: String,
    pub group: String,
}

/// What the request did, worded on the page.
pub(super) enum Notice {
    Added(RuleAdded),
    Removed(u64, RulesRemoved),
    Refused(RuleRefused),
    PickRole,
}

/// `@Name` of a role of the server, else its id.
fn role_name(roles: &[GuildRole], id: u64) -> String {
    roles
        .iter()
        .find(|r| r.id == id)
        .map_or_else(|| id.to_string(), |r| format!("@{}", r.name))
}

/// Text whose `backticked` parts are code, as the bot's messages mark them.
pub(super) fn rich(text: &str) -> Markup {
    html! {
        @for (i, part) in text.split('`').enumerate() {
            @if i % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

fn said(lang: Lang, roles: &[GuildRole], notice: &Notice) -> (bool, String) {
    match notice {
        Notice::Added(added) => (true, said_added(lang, roles, added)),
        Notice::Removed(role, removed) => {
            let role = role_name(roles, *role);
            (
                true,
                match removed.count {
                    0 => tr!(lang, "admin-rules-remove-none", role = role),
                    n => tr!(lang, "admin-rules-removed", role = role, count = n),
                },
            )
        }
        Notice::Refused(r) => (false, rule_refusal(lang, roles, r)),
        Notice::PickRole => (false, tr!(lang, "admin-rules-pick-role")),
    }
}

fn said_added(lang: Lang, roles: &[GuildRole], added: &RuleAdded) -> String {
    let rule = &added.rule;
    let role = role_name(roles, rule.role_id);
    let condition = condition(lang, &rule.condition);
    let said = match added.written {
        RuleWritten::Added { members } if rule.condition.kind() == RuleKind::Unlinked => {
            let id = "admin-rules-added-unlinked";
            tr!(
                lang,
                id,
                role = &role,
                condition = &condition,
                count = members
            )
        }
        RuleWritten::Added { members } => {
            let id = "admin-rules-added";
            tr!(
                lang,
                id,
                role = &role,
                condition = &condition,
                count = members
            )
        }
        RuleWritten::Vouched => tr!(lang, "admin-rules-vouched", role = &role),
        RuleWritten::Exists => tr!(lang, "admin-rules-exists", role = &role),
    };
    match &rule.group {
        Some(g) => format!("{said} {}", tr!(lang, "admin-rules-in-group", group = g)),
        None => said,
    }
}

/// A refusal of the guild admin service, as `/roles add` words it.
fn rule_refusal(lang: Lang, roles: &[GuildRole], refused: &RuleRefused) -> String {
    match refused {
        RuleRefused::Value(e) => tr!(
            lang,
            "admin-rules-value-invalid",
            error = rule_error(lang, e)
        ),
        RuleRefused::Group(e) => group_error(lang, e),
        RuleRefused::GroupTaken { role_id, group } => tr!(
            lang,
            "admin-rules-group-taken",
            role = role_name(roles, *role_id),
            group = group
        ),
        RuleRefused::BypassRole { role_id } => {
            tr!(
                lang,
                "admin-rules-bypass",
                role = role_name(roles, *role_id)
            )
        }
        RuleRefused::Unassignable(e) => {
            tr!(lang, "admin-rules-role-refused", reason = refusal(lang, e))
        }
        RuleRefused::Rank(RankRefusal::Missing(Needs::ManageRoles)) => {
            tr!(lang, "admin-rules-needs-manage-roles")
        }
        RuleRefused::Rank(e) => rank_refusal(lang, e),
        RuleRefused::Failed(_) => tr!(lang, "admin-ours-explanation"),
    }
}

fn problem(lang: Lang, problem: &RuleProblem) -> String {
    match problem {
        RuleProblem::Disabled(reason) => tr!(lang, "admin-rules-disabled", reason = reason),
        RuleProblem::Deleted => tr!(lang, "refusal-deleted"),
        RuleProblem::Unassignable(e) => refusal(lang, e),
        RuleProblem::Withheld => tr!(lang, "admin-rules-withheld"),
    }
}

pub(super) fn render(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    view: &RulesView,
    notice: Option<&Notice>,
    form: &RuleForm,
    preview: Option<&PreviewOutcome>,
) -> Markup {
    let title = tr!(lang, "admin-rules-title", server = guild.name.as_str());
    let roles = &view.roles;
    layout(
        lang,
        session,
        &title,
        Some((guild, Tab::Rules)),
        html! {
            h1 { (title) }
            @if let Some(notice) = notice {
                @let (ok, text) = said(lang, roles, notice);
                p class=(if ok { "notice ok" } else { "notice bad" }) role="status" { (rich(&text)) }
            }
            @match &view.listing {
                None => p { (tr!(lang, "admin-rules-needs-manage-roles")) },
                Some(listing) => {
                    (table(lang, session, guild, view, &listing.rules))
                    p class="note" {
                        @match listing.last_swept_at {
                            Some(at) => (tr!(lang, "admin-rules-swept", date = super::chart::date(at))),
                            None => (tr!(lang, "admin-rules-not-swept")),
                        }
                    }
                    @if let Some(preview) = preview { (previewed(lang, roles, preview)) }
                    (add_form(lang, session, guild, roles, form))
                },
            }
        },
    )
}

fn table(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    view: &RulesView,
    rules: &[ListedRule],
) -> Markup {
    html! {
        div class="table" {
            table {
                caption { (tr!(lang, "admin-rules-caption", count = rules.len())) }
                thead { tr {
                    th scope="col" { (tr!(lang, "admin-col-role")) }
                    th scope="col" { (tr!(lang, "admin-col-condition")) }
                    th scope="col" { (tr!(lang, "admin-col-group")) }
                    th scope="col" { (tr!(lang, "admin-col-holders")) }
                    th scope="col" { (tr!(lang, "admin-col-state")) }
                    th scope="col" { (tr!(lang, "admin-col-actions")) }
                } }
                tbody {
                    @if rules.is_empty() {
                        tr { td colspan="6" { (tr!(lang, "admin-rules-none")) } }
                    }
                    @for rule in rules {
                        @let name = role_name(&view.roles, rule.role_id);
                        tr {
                            th scope="row" { (name) }
                            td { (rich(&match &rule.condition {
                                Ok(c) => condition(lang, c),
                                Err((kind, value)) => format!("`{kind}` {value}"),
                            })) }
                            td { @if let Some(g) = &rule.group { code { (g) } } }
                            td { (view.holders.get(&rule.role_id).copied().unwrap_or(0)) }
                            td {
                                @match &rule.problem {
                                    None => span class="ok" { (tr!(lang, "admin-rules-applies")) },
                                    Some(p) => span class="bad" { (rich(&problem(lang, p))) },
                                }
                            }
                            td {
                                form class="inline" method="post"
                                    action=(format!("/admin/guilds/{}/rules/{}/delete", guild.id, rule.role_id)) {
                                    input type="hidden" name="csrf" value=(session.csrf);
                                    button class="secondary" type="submit"
                                        aria-label=(tr!(lang, "admin-rules-remove-label", role = name.as_str())) {
                                        (tr!(lang, "admin-rules-remove"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn add_form(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    roles: &[GuildRole],
    form: &RuleForm,
) -> Markup {
    let action = format!("/admin/guilds/{}/rules", guild.id);
    html! {
        h2 id="add" { (tr!(lang, "admin-rules-add-title")) }
        form method="post" action=(action) class="stack" {
            input type="hidden" name="csrf" value=(session.csrf);
            label for="role" { (tr!(lang, "admin-rules-field-role")) }
            select id="role" name="role" required {
                option value="" { (tr!(lang, "admin-rules-pick")) }
                @for role in roles {
                    @let id = role.id.to_string();
                    option value=(id) selected[form.role == id] { "@" (role.name) }
                }
            }
            label for="rule" { (tr!(lang, "admin-rules-field-rule")) }
            select id="rule" name="rule" {
                @for kind in RuleKind::ALL {
                    option value=(kind.as_str()) selected[form.rule == kind.as_str()] {
                        (tr!(lang, &format!("choice-rule-{}", kind.as_str())))
                    }
                }
            }
            label for="value" { (tr!(lang, "admin-rules-field-value")) }
            input id="value" name="value" type="text" value=(form.value) aria-describedby="value-hint";
            p id="value-hint" class="note" { (tr!(lang, "cmd-roles-add-opt-value-desc")) }
            label for="group" { (tr!(lang, "admin-rules-field-group")) }
            input id="group" name="group" type="text" value=(form.group) aria-describedby="group-hint";
            p id="group-hint" class="note" { (tr!(lang, "cmd-roles-add-opt-group-desc")) }
            p {
                button type="submit" class="secondary" formaction=(format!("{action}/preview")) {
                    (tr!(lang, "admin-rules-preview"))
                }
                " "
                button type="submit" { (tr!(lang, "admin-rules-add")) }
            }
        }
    }
}

/// What a previewed rule would change.
fn previewed(lang: Lang, roles: &[GuildRole], outcome: &PreviewOutcome) -> Markup {
    let result = &outcome.result;
    html! {
        section class="preview" aria-labelledby="preview-title" {
            h2 id="preview-title" { (tr!(lang, "admin-preview-title")) }
            @if let Some(rule) = &outcome.rule {
                p {
                    (role_name(roles, rule.rule.role_id)) " ← " (rich(&condition(lang, &rule.rule.condition)))
                }
                @match &rule.can_apply {
                    Ok(()) => p class="ok" { (tr!(lang, "admin-preview-can-apply")) },
                    Err(e) => p class="bad" { (tr!(lang, "admin-preview-cannot-apply", reason = refusal(lang, e))) },
                }
            }
            @if result.is_empty() {
                p { (tr!(lang, "admin-preview-nothing", count = result.members)) }
            }
            ul {
                @for (gains, changes) in [(true, &result.gains), (false, &result.losses)] {
                    @for (role, users) in changes {
                        @let (name, count) = (role_name(roles, *role), users.len());
                        li {
                            @if gains {
                                (tr!(lang, "admin-preview-gains", role = name.as_str(), count = count))
                            } @else {
                                (tr!(lang, "admin-preview-losses", role = name.as_str(), count = count))
                            }
                            @if let Some(e) = outcome.refusals.get(role) {
                                " " span class="bad" { (tr!(lang, "admin-preview-refused", reason = refusal(lang, e))) }
                            }
                            ": "
                            @for user in users.iter().take(NAMES) { code { (user) } " " }
                            @if count > NAMES { (tr!(lang, "admin-preview-more", count = count - NAMES)) }
                        }
                    }
                }
            }
            @if let Some(bypass) = outcome.bypass_role.filter(|_| result.bypassed > 0) {
                p { (tr!(lang, "admin-preview-bypassed", count = result.bypassed, role = role_name(roles, bypass))) }
            }
            @if !outcome.complete { p class="note" { (tr!(lang, "admin-preview-incomplete")) } }
            p class="note" { (tr!(lang, "admin-preview-note")) }
        }
    }
}
