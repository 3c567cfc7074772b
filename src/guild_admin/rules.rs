//! Adding and removing rules.

use super::{Actor, GuildAdmin, RuleRefused};
use crate::roles::{
    Condition, Needs, Rule, RuleKind, SyncCause, Vouch, check_assignable, parse_group,
};
use crate::store::RuleWrite;

/// A rule as an admin typed it: the role it grants, the kind's stable name (`tier-at-least`),
/// the value and the exclusive group (both as typed; blank counts as none for the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSpec {
    pub role_id: u64,
    pub kind: String,
    pub value: Option<String>,
    pub group: Option<String>,
}

/// What adding a rule did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleAdded {
    /// The rule as read, with its group (the one given, or the one the role was in).
    pub rule: Rule,
    pub written: RuleWritten,
}

/// Whether the rule is new, was there already, or was there and is now vouched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleWritten {
    /// A new rule; `members` were marked for a re-check: the linked ones, or for an
    /// `unlinked` rule everyone it can touch.
    Added { members: usize },
    /// The same rule existed, added by someone untrusted; the owner or an Administrator
    /// re-added it, so it grants now.
    Vouched,
    /// The same rule existed already (it is enabled again).
    Exists,
}

/// What removing rules did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RulesRemoved {
    pub count: u64,
}

impl GuildAdmin {
    /// Reads `spec` into a rule for `guild`: the kind and value, then the group — the one
    /// given or, when none is, the one the role is in already (a role is in one group).
    pub async fn read_rule(&self, guild: u64, spec: &RuleSpec) -> Result<Rule, RuleRefused> {
        let kind: RuleKind = spec.kind.parse().map_err(RuleRefused::Value)?;
        let condition =
            Condition::parse(kind, spec.value.as_deref()).map_err(RuleRefused::Value)?;
        let group = spec
            .group
            .as_deref()
            .map(parse_group)
            .transpose()
            .map_err(RuleRefused::Group)?;
        let store = self.reconciler.roles().store();
        let existing = store.rules().group(guild, spec.role_id).await?;
        if let (Some(wanted), Some(existing)) = (&group, &existing)
            && wanted != existing
        {
            return Err(RuleRefused::GroupTaken {
                role_id: spec.role_id,
                group: existing.clone(),
            });
        }
        Ok(Rule {
            role_id: spec.role_id,
            condition,
            group: group.or(existing),
        })
    }

    /// Adds the rule `spec` on behalf of `actor`, after every check: the rule reads, its role
    /// is not the bypass role, the bot can hand the role out, and the actor may (Manage Roles,
    /// the role below their highest, a dangerous role only from the owner or an
    /// Administrator). The guild's members are marked for a re-check when anything changed.
    pub async fn add_rule(&self, actor: &Actor, spec: &RuleSpec) -> Result<RuleAdded, RuleRefused> {
        let guild = actor.guild_id;
        let rule = self.read_rule(guild, spec).await?;
        let vouch = self.may_grant(actor, rule.role_id).await?;
        let roles = self.reconciler.roles();
        let store = roles.store();
        let condition = &rule.condition;
        let now = roles.clock().now();
        let written = store
            .rules()
            .add_as(
                guild,
                rule.role_id,
                (condition.kind().as_str(), &condition.value()),
                actor.user_id,
                vouch.trusted,
                now,
            )
            .await?;
        if let Some(group) = &rule.group {
            store.rules().set_group(guild, rule.role_id, group).await?;
        }
        let cause = SyncCause::RulesChanged {
            actor: actor.user_id,
        };
        let written = match written {
            RuleWrite::Added => {
                let marks = self.reconciler.mark_guild(guild, cause).await?;
                let members = if condition.kind() == RuleKind::Unlinked {
                    marks.marked
                } else {
                    marks.linked
                };
                RuleWritten::Added { members }
            }
            RuleWrite::Vouched => {
                self.reconciler.mark_guild(guild, cause).await?;
                RuleWritten::Vouched
            }
            RuleWrite::Exists => RuleWritten::Exists,
        };
        Ok(RuleAdded { rule, written })
    }

    /// Whether a rule may grant `role_id` on `actor`'s word: not the bypass role (its holders
    /// are never changed: granting it would freeze whoever earns it), a role the bot can
    /// hand out, and one the actor could hand out by hand.
    async fn may_grant(&self, actor: &Actor, role_id: u64) -> Result<Vouch, RuleRefused> {
        let guild = actor.guild_id;
        let roles = self.reconciler.roles();
        if roles.store().settings().get(guild).await?.bypass_role_id == Some(role_id) {
            return Err(RuleRefused::BypassRole { role_id });
        }
        let standing = roles.gateway().bot_standing(guild).await?;
        if let Some(role) = actor.role(role_id) {
            check_assignable(guild, role, &standing).map_err(RuleRefused::Unassignable)?;
        }
        actor
            .check()
            .role(Needs::ManageRoles, role_id)
            .map_err(RuleRefused::Rank)
    }

    /// Removes `role_id`'s rules (of `kind` only, or all of them). A role Discord no longer
    /// has can lose its rules; one it has, only by someone the bot could let hand it out.
    /// The guild is marked when a rule went: another rule may still grant the role, or a
    /// group may now pick another one.
    pub async fn remove_rules(
        &self,
        actor: &Actor,
        role_id: u64,
        kind: Option<RuleKind>,
    ) -> Result<RulesRemoved, RuleRefused> {
        let guild = actor.guild_id;
        if actor.role(role_id).is_some() {
            actor
                .check()
                .role(Needs::ManageRoles, role_id)
                .map_err(RuleRefused::Rank)?;
        } else {
            actor
                .check()
                .require(Needs::ManageRoles)
                .map_err(RuleRefused::Rank)?;
        }
        let count = self
            .reconciler
            .roles()
            .store()
            .rules()
            .remove(guild, role_id, kind.map(RuleKind::as_str))
            .await?;
        if count > 0 {
            let cause = SyncCause::RulesChanged {
                actor: actor.user_id,
            };
            self.reconciler.mark_guild(guild, cause).await?;
        }
        Ok(RulesRemoved { count })
    }
}
