//! Sync reports in words, for the member and the admin.

use std::collections::HashMap;

use crate::i18n::Lang;
use crate::roles::{RoleApiError, RoleGateway, SyncReport};
use crate::tr;

/// Why a role could not be changed, for the member.
pub fn why(lang: Lang, error: &RoleApiError) -> String {
    match error {
        RoleApiError::MissingPermissions => tr!(lang, "report-why-permissions"),
        RoleApiError::UnknownRole => tr!(lang, "report-why-deleted"),
        RoleApiError::UnknownMember => tr!(lang, "report-why-not-member"),
        e if e.is_transient() => tr!(lang, "report-why-transient"),
        other => tr!(lang, "report-why-other", error = other.to_string()),
    }
}

/// One line per kind of outcome: roles granted, removed, and what could not be done.
pub async fn describe(roles: &dyn RoleGateway, reports: &[SyncReport], lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let separator = tr!(lang, "report-list-separator");
    for report in reports {
        let names: HashMap<u64, String> = match roles.guild_roles(report.guild_id).await {
            Ok(list) => list.into_iter().map(|r| (r.id, r.name)).collect(),
            Err(_) => HashMap::new(),
        };
        let name = |id: &u64| {
            names
                .get(id)
                .cloned()
                .unwrap_or_else(|| tr!(lang, "report-role-unknown", role = *id))
        };
        let list = |ids: &[u64]| ids.iter().map(name).collect::<Vec<_>>().join(&separator);
        if !report.added.is_empty() {
            lines.push(tr!(lang, "report-granted", roles = list(&report.added)));
        }
        if !report.removed.is_empty() {
            lines.push(tr!(lang, "report-removed", roles = list(&report.removed)));
        }
        for (role, error) in &report.failed {
            lines.push(tr!(
                lang,
                "report-failed",
                role = name(role),
                why = why(lang, error)
            ));
        }
    }
    lines
}
