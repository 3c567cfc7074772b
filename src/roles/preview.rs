//! `/roles preview`: what a rule (or the current rules) would change, computed the way the
//! reconciler computes it — earned roles, exclusive groups, the bypass role — without a
//! single call to Discord. Pure.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

use super::sync::{RoleSync, SyncError, effective_facts};
use super::{
    Facts, GuildMember, RoleApiError, Rule, diff, earned_roles_of, keep_highest_per_group,
    managed_roles,
};

/// One member as the preview sees them.
#[derive(Debug, Clone)]
pub struct PreviewMember {
    pub user_id: u64,
    pub member: GuildMember,
    /// What their link earns now; `None`: not linked.
    pub facts: Option<Facts>,
}

/// Who would gain and lose which role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    pub gains: BTreeMap<u64, Vec<u64>>,
    pub losses: BTreeMap<u64, Vec<u64>>,
    /// Members left alone because they hold the bypass role.
    pub bypassed: usize,
    /// Members looked at.
    pub members: usize,
}

impl Preview {
    pub fn is_empty(&self) -> bool {
        self.gains.is_empty() && self.losses.is_empty()
    }
}

/// The roles a member ends up with under `rules`, starting from `current`.
fn outcome(
    rules: &[Rule],
    member: &PreviewMember,
    position: &impl Fn(u64) -> Option<i64>,
) -> BTreeSet<u64> {
    let mut earned = earned_roles_of(rules, member.facts.as_ref(), member.member.bot);
    if rules.iter().any(|r| r.group.is_some()) {
        earned = keep_highest_per_group(rules, &earned, position);
    }
    let change = diff(&managed_roles(rules), &earned, &member.member.roles);
    let mut roles = member.member.roles.clone();
    roles.extend(change.add);
    roles.retain(|r| !change.remove.contains(r));
    roles
}

/// What going from `before` to `after` does to each member: with `before` the current rules
/// and `after` the same plus a new one, the new rule's effect; with `before` `None`, what
/// applying `after` (the current rules) would change now.
pub fn preview(
    before: Option<&[Rule]>,
    after: &[Rule],
    members: &[PreviewMember],
    bypass_role: Option<u64>,
    position: impl Fn(u64) -> Option<i64>,
) -> Preview {
    let mut result = Preview::default();
    for member in members {
        result.members += 1;
        if bypass_role.is_some_and(|r| member.member.roles.contains(&r)) {
            result.bypassed += 1;
            continue;
        }
        let from = match before {
            Some(rules) => outcome(rules, member, &position),
            None => member.member.roles.clone(),
        };
        let to = outcome(after, member, &position);
        for role in to.difference(&from) {
            result.gains.entry(*role).or_default().push(member.user_id);
        }
        for role in from.difference(&to) {
            result.losses.entry(*role).or_default().push(member.user_id);
        }
    }
    result
}

/// The guild's members with what their links earn: every member when the gateway delivered
/// the member list, otherwise the linked members found in the guild (and `false`). Reads
/// the gateway cache and the database; changes nothing.
pub async fn gather(
    roles: &RoleSync,
    guild_id: u64,
    stale_grace: Duration,
) -> Result<(Vec<PreviewMember>, bool), SyncError> {
    let store = roles.store();
    let now = roles.clock().now();
    let mut links = HashMap::new();
    let mut cursor = None;
    loop {
        let page = store.links().after(cursor, 1000).await?;
        let Some((last, _)) = page.last() else {
            break;
        };
        cursor = Some(last.discord_user_id as i64);
        for (link, health) in page {
            let facts = effective_facts(&link, &health, now, stale_grace);
            links.insert(link.discord_user_id, facts);
        }
    }
    let gateway = roles.gateway();
    let listed = gateway
        .member_ids(guild_id)
        .await
        .map_err(SyncError::Discord)?;
    let complete = listed.is_some();
    let mut ids = listed.unwrap_or_else(|| links.keys().copied().collect());
    ids.sort_unstable();
    let mut members = Vec::with_capacity(ids.len());
    for user_id in ids {
        let member = match gateway.member(guild_id, user_id).await {
            Ok(Some(member)) => member,
            Ok(None) | Err(RoleApiError::UnknownMember) => continue,
            Err(e) => return Err(SyncError::Discord(e)),
        };
        members.push(PreviewMember {
            user_id,
            member,
            facts: links.remove(&user_id),
        });
    }
    Ok((members, complete))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::Condition;

    const LINKED: u64 = 10;
    const UNVERIFIED: u64 = 11;
    const BRONZE: u64 = 20;
    const GOLD: u64 = 21;
    const STAFF: u64 = 99;

    fn rule(role_id: u64, condition: Condition, group: Option<&str>) -> Rule {
        Rule {
            role_id,
            condition,
            group: group.map(str::to_owned),
        }
    }

    fn member(user_id: u64, roles: &[u64], facts: Option<Facts>) -> PreviewMember {
        PreviewMember {
            user_id,
            member: GuildMember {
                roles: roles.iter().copied().collect(),
                ..GuildMember::default()
            },
            facts,
        }
    }

    fn supporter(cents: i64) -> Facts {
        Facts {
            active_supporter: true,
            tier_cents: Some(cents),
            ..Facts::default()
        }
    }

    fn position(id: u64) -> Option<i64> {
        Some(id as i64)
    }

    #[test]
    fn a_new_rule_shows_only_its_own_effect() {
        let current = vec![rule(LINKED, Condition::Linked, None)];
        let mut after = current.clone();
        after.push(rule(UNVERIFIED, Condition::Unlinked, None));
        let members = vec![
            member(1, &[LINKED], Some(Facts::default())),
            // Linked but missing @Linked: a pending change of the current rules, not the new rule's.
            member(2, &[], Some(Facts::default())),
            member(3, &[], None),
            member(4, &[STAFF], None),
        ];
        let p = preview(Some(&current), &after, &members, Some(STAFF), position);
        assert_eq!(p.gains, BTreeMap::from([(UNVERIFIED, vec![3])]));
        assert!(p.losses.is_empty());
        assert_eq!((p.members, p.bypassed), (4, 1));
    }

    #[test]
    fn without_a_rule_it_shows_what_the_current_rules_would_change_now() {
        let current = vec![rule(LINKED, Condition::Linked, None)];
        let members = vec![
            member(1, &[LINKED], Some(Facts::default())),
            member(2, &[], Some(Facts::default())),
            member(3, &[LINKED], None),
        ];
        let p = preview(None, &current, &members, None, position);
        assert_eq!(p.gains, BTreeMap::from([(LINKED, vec![2])]));
        assert_eq!(p.losses, BTreeMap::from([(LINKED, vec![3])]));
    }

    #[test]
    fn a_higher_tier_in_a_group_takes_over_the_lower_one() {
        let current = vec![rule(BRONZE, Condition::TierAtLeast(100), Some("tiers"))];
        let mut after = current.clone();
        after.push(rule(GOLD, Condition::TierAtLeast(1000), Some("tiers")));
        let members = vec![
            member(1, &[BRONZE], Some(supporter(2500))),
            member(2, &[BRONZE], Some(supporter(500))),
        ];
        let p = preview(Some(&current), &after, &members, None, position);
        assert_eq!(p.gains, BTreeMap::from([(GOLD, vec![1])]));
        assert_eq!(p.losses, BTreeMap::from([(BRONZE, vec![1])]));
    }

    #[test]
    fn nothing_to_change_is_empty() {
        let current = vec![rule(LINKED, Condition::Linked, None)];
        let members = vec![member(1, &[LINKED], Some(Facts::default()))];
        assert!(preview(None, &current, &members, None, position).is_empty());
        assert!(preview(Some(&current), &current, &members, None, position).is_empty());
    }
}
