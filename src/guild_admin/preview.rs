//! Previewing a rule (or the current rules): who would gain and lose which role, computed
//! as the reconciler computes it, changing nothing and without a single role call.

use std::collections::BTreeMap;

use super::{Actor, GuildAdmin, RuleRefused, RuleSpec};
use crate::roles::preview::{Preview, gather, preview};
use crate::roles::{Needs, RoleRefusal, Rule, check_assignable};

/// What to preview: a rule that is not added yet, or (`None`) the current rules as they
/// stand.
pub type PreviewRequest = Option<RuleSpec>;

/// What a preview found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewOutcome {
    /// The rule previewed, when one was given.
    pub rule: Option<PreviewedRule>,
    /// The gains and losses per role.
    pub result: Preview,
    /// The roles among the gains and losses the bot cannot hand out, and why.
    pub refusals: BTreeMap<u64, RoleRefusal>,
    /// The guild's bypass role, if it has one.
    pub bypass_role: Option<u64>,
    /// Whether every member was looked at (the gateway delivered the member list); `false`:
    /// only the linked members found in the guild.
    pub complete: bool,
}

/// A previewed rule, with whether the bot could apply it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewedRule {
    pub rule: Rule,
    pub can_apply: Result<(), RoleRefusal>,
}

impl GuildAdmin {
    /// What `request` would change: the new rule's own effect on top of the current rules,
    /// or what applying the current rules would change now.
    pub async fn preview(
        &self,
        actor: &Actor,
        request: &PreviewRequest,
    ) -> Result<PreviewOutcome, RuleRefused> {
        actor
            .check()
            .require(Needs::ManageRoles)
            .map_err(RuleRefused::Rank)?;
        let guild = actor.guild_id;
        let new_rule = match request {
            Some(spec) => Some(self.read_rule(guild, spec).await?),
            None => None,
        };
        let sync = self.reconciler.roles();
        let current = sync.rules(guild).await?;
        let roles = &actor.guild_roles;
        let standing = sync.gateway().bot_standing(guild).await?;
        let bypass_role = sync.store().settings().get(guild).await?.bypass_role_id;
        let stale_grace = self.reconciler.options().stale_grace;
        let (members, complete) = gather(sync, guild, stale_grace).await?;
        let position = |id: u64| roles.iter().find(|r| r.id == id).map(|r| r.position);
        let assignable = |id: u64| match roles.iter().find(|r| r.id == id) {
            Some(role) => check_assignable(guild, role, &standing),
            None => Err(RoleRefusal::Deleted),
        };
        let (result, rule) = match new_rule {
            Some(rule) => {
                let mut after = current.clone();
                after.push(rule.clone());
                let result = preview(Some(&current), &after, &members, bypass_role, position);
                let can_apply = assignable(rule.role_id);
                (result, Some(PreviewedRule { rule, can_apply }))
            }
            None => (
                preview(None, &current, &members, bypass_role, position),
                None,
            ),
        };
        let refusals = result
            .gains
            .keys()
            .chain(result.losses.keys())
            .filter_map(|id| match assignable(*id) {
                // A role Discord no longer lists is named without a reason, as it was.
                Err(RoleRefusal::Deleted) | Ok(()) => None,
                Err(e) => Some((*id, e)),
            })
            .collect();
        Ok(PreviewOutcome {
            rule,
            result,
            refusals,
            bypass_role,
            complete,
        })
    }
}
