//! Sync reports in words, for the member and the admin.

use std::collections::HashMap;

use crate::roles::{RoleApiError, RoleGateway, SyncReport};

/// One line per kind of outcome: roles granted, removed, and what could not be done.
pub async fn describe(roles: &dyn RoleGateway, reports: &[SyncReport]) -> Vec<String> {
    let mut lines = Vec::new();
    for report in reports {
        let names: HashMap<u64, String> = match roles.guild_roles(report.guild_id).await {
            Ok(list) => list.into_iter().map(|r| (r.id, r.name)).collect(),
            Err(_) => HashMap::new(),
        };
        let name = |id: &u64| {
            names
                .get(id)
                .cloned()
                .unwrap_or_else(|| format!("role {id}"))
        };
        if !report.added.is_empty() {
            lines.push(format!(
                "Roles granted: {}",
                report.added.iter().map(name).collect::<Vec<_>>().join(", ")
            ));
        }
        if !report.removed.is_empty() {
            lines.push(format!(
                "Roles removed: {}",
                report
                    .removed
                    .iter()
                    .map(name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        for (role, error) in &report.failed {
            let why = match error {
                RoleApiError::MissingPermissions => {
                    "the bot is not allowed to (a server admin can move the bot's role higher)"
                        .to_owned()
                }
                RoleApiError::UnknownRole => "the role was deleted".to_owned(),
                e if e.is_transient() => "Discord did not answer; the bot keeps trying".to_owned(),
                other => other.to_string(),
            };
            lines.push(format!("Could not change {}: {why}", name(role)));
        }
    }
    lines
}
