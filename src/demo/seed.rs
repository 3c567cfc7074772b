//! The demo's wording of the rules it seeded (the seeding itself is [`crate::seed`]).

use crate::store::StoredRule;

/// Stored rules as an admin reads them: `@Patron ← patreon, @Mentor ← tag mentor`, a
/// disabled one marked; `role_name` names a role (its id as a mention when it cannot).
pub fn rules_summary(rules: &[StoredRule], role_name: impl Fn(u64) -> Option<String>) -> String {
    if rules.is_empty() {
        return "none (as admin /roles add role:@Linked rule:linked adds one)".to_owned();
    }
    rules
        .iter()
        .map(|rule| {
            let role = role_name(rule.role_id).map_or_else(
                || format!("<@&{}>", rule.role_id),
                |name| format!("@{name}"),
            );
            let mut text = format!("{role} ← {}", rule.kind);
            if !rule.value.is_empty() {
                text.push(' ');
                text.push_str(&rule.value);
            }
            if rule.disabled_reason.is_some() {
                text.push_str(" (disabled)");
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}
