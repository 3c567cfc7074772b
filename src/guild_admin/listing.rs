//! Listing a guild's rules, with what keeps each from applying and the queue's state.

use super::{Actor, GuildAdmin, RuleRefused};
use crate::roles::{Condition, Needs, RoleRefusal, check_assignable, is_dangerous};
use crate::store::FailedReconcile;

/// A guild's rules as `/roles list` shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesListing {
    /// Every rule, enabled or not, in the order they were added. Empty: the guild has none
    /// (and nothing else was read).
    pub rules: Vec<ListedRule>,
    /// When the guild's members were last re-verified.
    pub last_swept_at: Option<i64>,
    /// Role changes waiting to be applied.
    pub pending: i64,
    /// Role changes that failed for good, oldest first.
    pub failed: Vec<FailedReconcile>,
}

/// One stored rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedRule {
    pub role_id: u64,
    /// The condition, or the stored kind and value when they no longer read.
    pub condition: Result<Condition, (String, String)>,
    pub group: Option<String>,
    /// Why the rule does not apply now, if it does not.
    pub problem: Option<RuleProblem>,
}

/// Why a listed rule does not apply now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleProblem {
    /// The bot stopped applying it (the stored reason).
    Disabled(String),
    /// Its role no longer exists.
    Deleted,
    /// The bot cannot hand its role out.
    Unassignable(RoleRefusal),
    /// Its role carries a dangerous permission and the rule was not added by the owner or an
    /// Administrator: the reconciler does not grant it.
    Withheld,
}

impl GuildAdmin {
    /// The guild's rules, each with its problem if it has one, and the state of the guild's
    /// role changes (last sweep, pending, failed).
    pub async fn list_rules(&self, actor: &Actor) -> Result<RulesListing, RuleRefused> {
        actor
            .check()
            .require(Needs::ManageRoles)
            .map_err(RuleRefused::Rank)?;
        let guild = actor.guild_id;
        let sync = self.reconciler.roles();
        let store = sync.store();
        let stored = store.rules().for_guild(guild).await?;
        if stored.is_empty() {
            return Ok(RulesListing {
                rules: Vec::new(),
                last_swept_at: None,
                pending: 0,
                failed: Vec::new(),
            });
        }
        let gateway = sync.gateway();
        let roles = gateway.guild_roles(guild).await?;
        let standing = gateway.bot_standing(guild).await?;
        let rules = stored
            .into_iter()
            .map(|rule| {
                let problem = if let Some(reason) = rule.disabled_reason {
                    Some(RuleProblem::Disabled(reason))
                } else {
                    match roles.iter().find(|r| r.id == rule.role_id) {
                        None => Some(RuleProblem::Deleted),
                        Some(r) => match check_assignable(guild, r, &standing) {
                            Err(e) => Some(RuleProblem::Unassignable(e)),
                            // As the reconciler decides: an untrusted rule grants no dangerous role.
                            Ok(()) if !rule.trusted && is_dangerous(r) => {
                                Some(RuleProblem::Withheld)
                            }
                            Ok(()) => None,
                        },
                    }
                };
                ListedRule {
                    role_id: rule.role_id,
                    condition: Condition::from_stored(&rule.kind, &rule.value)
                        .map_err(|_| (rule.kind, rule.value)),
                    group: rule.group_name,
                    problem,
                }
            })
            .collect();
        Ok(RulesListing {
            rules,
            last_swept_at: store.settings().get(guild).await?.last_swept_at,
            pending: store.queue().count_pending(Some(guild)).await?,
            failed: store.queue().failed(guild).await?,
        })
    }
}
