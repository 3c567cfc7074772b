//! A server's rules page: the rules through the guild admin service (`/roles list|add|
//! remove|preview`'s own), judged by the admin's standing as Discord reports it (the
//! gateway cache, else `GET /guilds/{id}/members/{user}`), and how many members hold each
//! role the bot gave.

use std::collections::BTreeMap;

use sqlx::Row;

use super::{AdminGuild, AdminSession, Dashboard, DashboardError};
use crate::guild_admin::{
    Actor, AdminError, PreviewOutcome, RuleAdded, RuleRefused, RuleSpec, RulesListing, RulesRemoved,
};
use crate::roles::{GuildRole, Needs, RankRefusal};
use crate::store::{Store, StoreError, id_to_db};

/// What the rules page shows.
#[derive(Debug, Clone)]
pub struct RulesView {
    /// The roles a rule may name, highest first (no @everyone, no integration's role).
    pub roles: Vec<GuildRole>,
    /// The rules; `None`: the admin lacks Manage Roles (no list, no form).
    pub listing: Option<RulesListing>,
    /// How many members hold each role the bot gave (from the audit).
    pub holders: BTreeMap<u64, u64>,
}

/// A refusal, or the outcome; a failure of the database or Discord is the error.
pub type Refusable<T> = Result<Result<T, RuleRefused>, DashboardError>;

impl From<AdminError> for DashboardError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Store(e) => Self::Store(e),
            AdminError::Discord(e) => Self::Roles(e),
        }
    }
}

/// Keeps a refusal for the admin, turns a failure into the error.
fn split<T>(outcome: Result<T, RuleRefused>) -> Refusable<T> {
    match outcome {
        Err(RuleRefused::Failed(e)) => Err(e.into()),
        other => Ok(other),
    }
}

/// The roles a rule may name: not @everyone, not an integration's, highest first.
fn assignable_roles(guild_id: u64, roles: &[GuildRole]) -> Vec<GuildRole> {
    let mut roles: Vec<GuildRole> = roles
        .iter()
        .filter(|r| r.id != guild_id && !r.managed)
        .cloned()
        .collect();
    roles.sort_by(|a, b| b.position.cmp(&a.position).then(a.id.cmp(&b.id)));
    roles
}

impl Dashboard {
    /// The admin's standing in the server, as `/roles` judges it.
    pub(super) async fn actor(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
    ) -> Result<Actor, DashboardError> {
        Ok(self
            .services
            .guild_admin
            .actor(guild.id, session.user_id)
            .await?)
    }

    /// The rules page of a server the admin may manage.
    pub async fn rules(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
    ) -> Result<RulesView, DashboardError> {
        let actor = self.actor(guild, session).await?;
        let listing = match split(self.services.guild_admin.list_rules(&actor).await)? {
            Ok(listing) => Some(listing),
            Err(RuleRefused::Rank(RankRefusal::Missing(Needs::ManageRoles))) => None,
            Err(other) => {
                tracing::warn!(error = %other, "the rules could not be listed");
                None
            }
        };
        Ok(RulesView {
            roles: assignable_roles(guild.id, &actor.guild_roles),
            holders: holders(&self.store, guild.id).await?,
            listing,
        })
    }

    /// Adds a rule on the admin's behalf, as `/roles add` does.
    pub async fn add_rule(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
        spec: &RuleSpec,
    ) -> Refusable<RuleAdded> {
        let actor = self.actor(guild, session).await?;
        split(self.services.guild_admin.add_rule(&actor, spec).await)
    }

    /// Removes every rule of `role_id`, as `/roles remove role:` does.
    pub async fn remove_rules(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
        role_id: u64,
    ) -> Refusable<RulesRemoved> {
        let actor = self.actor(guild, session).await?;
        split(
            self.services
                .guild_admin
                .remove_rules(&actor, role_id, None)
                .await,
        )
    }

    /// What a rule would change, as `/roles preview` tells (nothing is changed).
    pub async fn preview_rule(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
        spec: &RuleSpec,
    ) -> Refusable<PreviewOutcome> {
        let actor = self.actor(guild, session).await?;
        split(
            self.services
                .guild_admin
                .preview(&actor, &Some(spec.clone()))
                .await,
        )
    }
}

/// How many members of `guild_id` hold each role the bot gave them: the last add or
/// remove of each (member, role) in the audit decides.
async fn holders(store: &Store, guild_id: u64) -> Result<BTreeMap<u64, u64>, StoreError> {
    let rows = sqlx::query(
        "SELECT discord_user_id, action, detail FROM audit_events
         WHERE guild_id = $1 AND action IN ('role_added', 'role_removed')
         ORDER BY at, id",
    )
    .bind(id_to_db(guild_id))
    .fetch_all(store.pool())
    .await?;
    let mut held: BTreeMap<(i64, u64), bool> = BTreeMap::new();
    for row in rows {
        let user: i64 = row.try_get("discord_user_id")?;
        let action: String = row.try_get("action")?;
        let detail: String = row.try_get("detail")?;
        if let Some(role) = super::members::role_of(&detail) {
            held.insert((user, role), action == "role_added");
        }
    }
    let mut counts = BTreeMap::new();
    for ((_, role), _) in held.into_iter().filter(|(_, h)| *h) {
        *counts.entry(role).or_insert(0) += 1;
    }
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: u64, position: i64, managed: bool) -> GuildRole {
        GuildRole {
            id,
            name: format!("r{id}"),
            position,
            managed,
            permissions: 0,
        }
    }

    #[test]
    fn a_rule_may_name_any_role_but_everyone_and_an_integrations_highest_first() {
        let roles = [
            role(1, 0, false),
            role(2, 3, false),
            role(3, 5, true),
            role(4, 7, false),
        ];
        let ids: Vec<u64> = assignable_roles(1, &roles).iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![4, 2]);
    }
}
