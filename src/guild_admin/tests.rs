//! The service as a surface without a gateway of its own (the dashboard) calls it: the actor
//! gathered through the role port, requests as plain ids and strings.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::*;
use crate::clock::Clock;
use crate::roles::admin::permission::MANAGE_ROLES;
use crate::roles::{
    BotStanding, Condition, GuildMember, Needs, ReconcilerOptions, RoleGateway, RoleSync, RuleKind,
    Silent,
};
use crate::store::Store;

const GUILD: u64 = 1;
const OWNER: u64 = 100;
const HELPER: u64 = 200;
/// Helper's own role (position 5, Manage Roles), one below it and one above it.
const HELPERS: u64 = 10;
const PATRON: u64 = 11;
const STAFF: u64 = 12;

/// One guild, its roles and who holds what; no role is ever changed here.
struct Guild {
    roles: Vec<GuildRole>,
    held: BTreeMap<u64, BTreeSet<u64>>,
}

fn role(id: u64, position: i64, permissions: u64) -> GuildRole {
    GuildRole {
        id,
        name: format!("r{id}"),
        position,
        managed: false,
        permissions,
    }
}

#[async_trait::async_trait]
impl RoleGateway for Guild {
    async fn member_roles(&self, _: u64, user: u64) -> Result<Option<BTreeSet<u64>>, RoleApiError> {
        Ok(self.held.get(&user).cloned())
    }
    async fn member(&self, _: u64, user: u64) -> Result<Option<GuildMember>, RoleApiError> {
        Ok(self.held.get(&user).map(|roles| GuildMember {
            roles: roles.clone(),
            ..GuildMember::default()
        }))
    }
    async fn add_role(&self, _: u64, _: u64, _: u64, _: &str) -> Result<(), RoleApiError> {
        unreachable!("the service changes no role")
    }
    async fn remove_role(&self, _: u64, _: u64, _: u64, _: &str) -> Result<(), RoleApiError> {
        unreachable!("the service changes no role")
    }
    async fn set_nickname(
        &self,
        _: u64,
        _: u64,
        _: Option<&str>,
        _: &str,
    ) -> Result<(), RoleApiError> {
        unreachable!("the service changes no nickname")
    }
    async fn guild_roles(&self, _: u64) -> Result<Vec<GuildRole>, RoleApiError> {
        Ok(self.roles.clone())
    }
    async fn bot_standing(&self, _: u64) -> Result<BotStanding, RoleApiError> {
        Ok(BotStanding {
            highest_position: 10,
            can_manage_roles: true,
            can_manage_nicknames: false,
            owner_id: Some(OWNER),
        })
    }
    async fn member_ids(&self, _: u64) -> Result<Option<Vec<u64>>, RoleApiError> {
        Ok(Some(self.held.keys().copied().collect()))
    }
}

async fn service(dir: &tempfile::TempDir) -> GuildAdmin {
    let url = format!("sqlite://{}/admin.db", dir.path().display());
    let store = Store::connect(&url).await.expect("a database");
    let guild = Guild {
        roles: vec![
            role(GUILD, 0, 0),
            role(HELPERS, 5, MANAGE_ROLES),
            role(PATRON, 4, 0),
            role(STAFF, 6, 0),
        ],
        held: BTreeMap::from([
            (OWNER, BTreeSet::new()),
            (HELPER, BTreeSet::from([HELPERS])),
        ]),
    };
    let sync = RoleSync::new(store, Arc::new(guild), Arc::new(Silent), Clock::system());
    let reconciler = Reconciler::new(Arc::new(sync), ReconcilerOptions::default());
    GuildAdmin::new(Arc::new(reconciler))
}

fn spec(role_id: u64, kind: &str, value: Option<&str>) -> RuleSpec {
    RuleSpec {
        role_id,
        kind: kind.to_owned(),
        value: value.map(str::to_owned),
        group: None,
    }
}

#[tokio::test]
async fn a_surface_without_a_gateway_adds_lists_and_removes_rules_with_plain_data() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let admin = service(&dir).await;
    let helper = admin
        .actor(GUILD, HELPER)
        .await
        .expect("the helper's standing");
    assert_eq!(helper.held, BTreeSet::from([HELPERS]));

    // Refusals come back typed, before anything is stored.
    let unknown = admin.add_rule(&helper, &spec(PATRON, "gold", None)).await;
    assert!(matches!(unknown, Err(RuleRefused::Value(RuleError::UnknownKind(k))) if k == "gold"));
    let above = admin.add_rule(&helper, &spec(STAFF, "linked", None)).await;
    assert!(
        matches!(
            above,
            Err(RuleRefused::Rank(RankRefusal::NotBelowYou { .. }))
        ),
        "{above:?}"
    );
    assert!(
        admin
            .list_rules(&helper)
            .await
            .expect("a list")
            .rules
            .is_empty()
    );

    let added = admin
        .add_rule(&helper, &spec(PATRON, "TIER_AT_LEAST", Some("$6")))
        .await
        .expect("added");
    assert_eq!(added.rule.condition, Condition::TierAtLeast(600));
    assert_eq!(added.written, RuleWritten::Added { members: 0 });
    let again = admin
        .add_rule(&helper, &spec(PATRON, "tier-at-least", Some("600")))
        .await
        .expect("there already");
    assert_eq!(again.written, RuleWritten::Exists);

    let listed = admin.list_rules(&helper).await.expect("a list");
    assert_eq!(listed.rules.len(), 1);
    assert_eq!(listed.rules[0].condition, Ok(Condition::TierAtLeast(600)));
    assert_eq!(listed.rules[0].problem, None);

    let none = admin
        .remove_rules(&helper, PATRON, Some(RuleKind::Linked))
        .await
        .expect("nothing to remove");
    assert_eq!(none.count, 0);
    let removed = admin
        .remove_rules(&helper, PATRON, None)
        .await
        .expect("removed");
    assert_eq!(removed.count, 1);
}

#[tokio::test]
async fn everyone_without_manage_roles_is_refused_everything() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let admin = service(&dir).await;
    let stranger = admin.actor(GUILD, 300).await.expect("a standing");
    let missing = |r: Result<(), RuleRefused>| {
        matches!(
            r,
            Err(RuleRefused::Rank(RankRefusal::Missing(Needs::ManageRoles)))
        )
    };
    assert!(missing(admin.list_rules(&stranger).await.map(drop)));
    assert!(missing(admin.preview(&stranger, &None).await.map(drop)));
    assert!(missing(
        admin.remove_rules(&stranger, 999, None).await.map(drop)
    ));
    assert!(missing(
        admin
            .add_rule(&stranger, &spec(PATRON, "linked", None))
            .await
            .map(drop)
    ));
}
