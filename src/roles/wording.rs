//! Conditions and refusals in the admin's language. The types keep their English
//! `Display` (logs, tests); what an admin reads is worded here, from `locales/*/controls.ftl`.

use crate::i18n::Lang;
use crate::roles::facts::normalize_tag;
use crate::roles::nickname::TEMPLATE_MAX_CHARS;
use crate::roles::rules::{Param, ValueShape};
use crate::roles::{
    Condition, Dangerous, GroupError, MAX_GROUP_CHARS, MAX_TAG_CHARS, Needs, RankRefusal,
    RoleRefusal, RuleError, RuleKind, TemplateError,
};
use crate::tr;

/// What a rule asks of a profile, e.g. "current tier ≥ $6.00": the kind's
/// `condition-<name>` message, given its value by the kind's shape.
pub fn condition(lang: Lang, condition: &Condition) -> String {
    let (kind, param) = condition.parts();
    let id = condition_message(kind);
    match (kind.info().shape, param) {
        (_, Param::None) => tr!(lang, &id),
        (ValueShape::Cents, Param::Number(cents)) => tr!(lang, &id, amount = dollars(cents)),
        (_, Param::Number(n)) => tr!(lang, &id, count = n),
        (_, Param::Tag(tag)) => tr!(lang, &id, tag = normalize_tag(tag)),
    }
}

/// The Fluent id that words a kind's condition.
fn condition_message(kind: RuleKind) -> String {
    format!("condition-{}", kind.as_str())
}

fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}${}.{:02}", abs / 100, abs % 100)
}

fn hint(lang: Lang, kind: RuleKind) -> String {
    match kind.info().hint {
        Some(hint) => tr!(lang, hint.message),
        None => tr!(lang, "rule-hint-number"),
    }
}

/// Why a `value:` was refused.
pub fn rule_error(lang: Lang, error: &RuleError) -> String {
    match error {
        RuleError::UnknownKind(kind) => tr!(
            lang,
            "rule-error-unknown-kind",
            kind = kind,
            kinds = RuleKind::names()
        ),
        RuleError::MissingValue { kind, .. } => tr!(
            lang,
            "rule-error-missing",
            kind = kind.as_str(),
            hint = hint(lang, *kind)
        ),
        RuleError::UnexpectedValue { kind, value } => tr!(
            lang,
            "rule-error-unexpected",
            kind = kind.as_str(),
            value = value
        ),
        RuleError::NotANumber { kind, value, .. } => tr!(
            lang,
            "rule-error-not-a-number",
            kind = kind.as_str(),
            value = value,
            hint = hint(lang, *kind)
        ),
        RuleError::Negative { kind, value } => tr!(
            lang,
            "rule-error-negative",
            kind = kind.as_str(),
            value = value
        ),
        RuleError::TooLarge { kind, value, max } => tr!(
            lang,
            "rule-error-too-large",
            kind = kind.as_str(),
            value = value,
            max = max
        ),
        RuleError::EmptyTag => tr!(lang, "rule-error-empty-tag"),
        RuleError::TagTooLong { chars } => tr!(
            lang,
            "rule-error-tag-too-long",
            count = *chars,
            max = MAX_TAG_CHARS
        ),
    }
}

/// Why a `group:` was refused.
pub fn group_error(lang: Lang, error: &GroupError) -> String {
    match error {
        GroupError::Empty => tr!(lang, "group-error-empty"),
        GroupError::TooLong { chars } => tr!(
            lang,
            "group-error-too-long",
            count = *chars,
            max = MAX_GROUP_CHARS
        ),
        GroupError::BadCharacter(name) => tr!(lang, "group-error-bad-character", name = name),
    }
}

/// Why the bot cannot manage a role.
pub fn refusal(lang: Lang, refusal: &RoleRefusal) -> String {
    match refusal {
        RoleRefusal::Everyone => tr!(lang, "refusal-everyone"),
        RoleRefusal::Managed(role) => tr!(lang, "refusal-managed", role = role),
        RoleRefusal::AboveBot(role) => tr!(lang, "refusal-above-bot", role = role),
        RoleRefusal::NoManageRoles => tr!(lang, "refusal-no-manage-roles"),
        RoleRefusal::Deleted => tr!(lang, "refusal-deleted"),
    }
}

/// A dangerous permission by the name Discord's client shows.
pub fn permission(lang: Lang, permission: Dangerous) -> String {
    let id = match permission {
        Dangerous::Administrator => "permission-administrator",
        Dangerous::ManageGuild => "permission-manage-guild",
        Dangerous::ManageRoles => "permission-manage-roles",
        Dangerous::BanMembers => "permission-ban-members",
        Dangerous::KickMembers => "permission-kick-members",
        Dangerous::ManageWebhooks => "permission-manage-webhooks",
    };
    tr!(lang, id)
}

/// Several dangerous permissions, joined.
pub fn permissions(lang: Lang, permissions: &[Dangerous]) -> String {
    permissions
        .iter()
        .map(|p| permission(lang, *p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why the person asking may not have the bot manage a role (their rank, not the bot's).
pub fn rank_refusal(lang: Lang, refusal: &RankRefusal) -> String {
    match refusal {
        RankRefusal::Missing(Needs::ManageRoles) => tr!(lang, "rank-missing-manage-roles"),
        RankRefusal::Missing(Needs::ManageGuild) => tr!(lang, "rank-missing-manage-guild"),
        RankRefusal::NotBelowYou { role } => tr!(lang, "rank-not-below", role = role),
        RankRefusal::Dangerous {
            role,
            permissions: p,
        } => tr!(
            lang,
            "rank-dangerous",
            role = role,
            permissions = permissions(lang, p)
        ),
        RankRefusal::Deleted => tr!(lang, "refusal-deleted"),
    }
}

/// Why a nickname template was refused.
pub fn template_error(lang: Lang, error: &TemplateError) -> String {
    match error {
        TemplateError::UnknownPlaceholder(name) => {
            tr!(lang, "template-error-unknown", name = format!("{{{name}}}"))
        }
        TemplateError::Unclosed => tr!(lang, "template-error-unclosed"),
        TemplateError::RendersEmpty => tr!(lang, "template-error-empty"),
        TemplateError::TooLong(chars) => tr!(
            lang,
            "template-error-too-long",
            count = *chars,
            max = TEMPLATE_MAX_CHARS
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English words are the core's own: one wording, whichever path shows it.
    #[test]
    fn english_matches_the_cores_display() {
        let en = Lang::EN_US;
        let conditions = [
            Condition::Linked,
            Condition::Supporter,
            Condition::Patreon,
            Condition::TierAtLeast(600),
            Condition::LifetimeAtLeast(10_050),
            Condition::MonthsAtLeast(1),
            Condition::MonthsAtLeast(12),
            Condition::Tag("Mentor".into()),
            Condition::NeosSupporter,
            Condition::AccountAgeAtLeast(1),
            Condition::AccountAgeAtLeast(30),
            Condition::Unlinked,
        ];
        for c in conditions {
            assert_eq!(condition(en, &c), c.to_string());
        }
        for (kind, value) in [
            (RuleKind::TierAtLeast, None),
            (RuleKind::TierAtLeast, Some("lots")),
            (RuleKind::MonthsAtLeast, Some("-3")),
            (RuleKind::AccountAgeAtLeast, Some("99999999999")),
            (RuleKind::Linked, Some("x")),
            (RuleKind::Tag, Some("  ")),
            (RuleKind::Tag, Some(&"t".repeat(200))),
        ] {
            let e = Condition::parse(kind, value).expect_err("refused");
            assert_eq!(rule_error(en, &e), e.to_string(), "{kind:?} {value:?}");
        }
        for raw in ["", &"g".repeat(40), "<@&1>"] {
            let e = crate::roles::parse_group(raw).expect_err("refused");
            assert_eq!(group_error(en, &e), e.to_string());
        }
        for r in [
            RoleRefusal::Everyone,
            RoleRefusal::Managed("@Bot".into()),
            RoleRefusal::AboveBot("@Staff".into()),
            RoleRefusal::NoManageRoles,
            RoleRefusal::Deleted,
        ] {
            assert_eq!(refusal(en, &r), r.to_string());
        }
        assert_eq!(
            rule_error(en, &RuleError::UnknownKind("gold".into())),
            RuleError::UnknownKind("gold".into()).to_string()
        );
        for t in ["{nick}", "{resonite", " ", &"x".repeat(120)] {
            let e = crate::roles::NicknameTemplate::parse(t).expect_err("refused");
            assert_eq!(template_error(en, &e), e.to_string(), "{t:?}");
        }
    }

    /// The messages a kind's entry names exist, with the variable its shape passes (the
    /// source check skips computed ids: they are checked here).
    #[test]
    fn every_kind_is_worded_in_the_catalog() {
        use std::collections::BTreeSet;
        for info in crate::roles::rules::RULE_KINDS {
            let expected: BTreeSet<String> = match info.shape {
                ValueShape::None => BTreeSet::new(),
                ValueShape::Cents => ["amount".to_owned()].into(),
                ValueShape::Count { .. } => ["count".to_owned()].into(),
                ValueShape::Tag => ["tag".to_owned()].into(),
            };
            let id = condition_message(info.kind);
            assert_eq!(crate::i18n::message_variables(&id), Some(expected), "{id}");
            if let Some(hint) = info.hint {
                assert_eq!(
                    crate::i18n::message_variables(hint.message),
                    Some(BTreeSet::new()),
                    "{}",
                    hint.message
                );
            }
        }
    }
}
