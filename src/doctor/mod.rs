//! `/doctor`: what keeps a guild's roles right, read at once and judged in one checklist.
//! [`Doctor::examine`] gathers the live state — the bot's standing and the guild's roles
//! (through the role port), the stored rules and settings, the pending reconciles — into
//! a [`GuildState`]; [`checklist`] judges it and [`render`] words it. The adapter only
//! adds what Discord's cache alone knows: whether the log channel is writable and
//! whether the member list is complete.

mod checklist;

use std::collections::{BTreeSet, HashSet};
use std::sync::Arc;

use crate::clock::Clock;
use crate::reverify::Reverifier;
use crate::roles::{
    GuildRole, Reconciler, RoleApiError, RoleGateway, check_assignable, rule_concerns,
};
use crate::store::{Store, StoreError, StoredRule};

pub use checklist::{Finding, GuildState, LogChannel, ManagedRole, Status, checklist, render};

/// What only the Discord adapter can tell about a guild (its gateway cache), read as
/// the checklist's state is put together.
pub trait Seen {
    /// Whether the bot can post in the log channel (asked only when one is set).
    fn log_channel(&self, channel: u64) -> LogChannel;
    /// The gateway delivered every member.
    fn member_list(&self) -> bool;
}

/// The state could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    #[error("the database could not be read")]
    Store(#[from] StoreError),
    #[error("Discord could not be asked")]
    Discord(#[from] RoleApiError),
}

/// The `/doctor` service.
pub struct Doctor {
    store: Store,
    gateway: Arc<dyn RoleGateway>,
    clock: Clock,
    reverifier: Arc<Reverifier>,
    linked_roles: bool,
}

impl Doctor {
    /// `linked_roles`: whether Discord's Linked Roles is on.
    pub fn new(reconciler: &Reconciler, reverifier: Arc<Reverifier>, linked_roles: bool) -> Self {
        let roles = reconciler.roles();
        Self {
            store: roles.store().clone(),
            gateway: Arc::clone(roles.gateway()),
            clock: roles.clock().clone(),
            reverifier,
            linked_roles,
        }
    }

    /// Reads everything the checklist judges about `guild`.
    pub async fn examine(
        &self,
        guild: u64,
        seen: &(dyn Seen + Sync),
    ) -> Result<GuildState, DoctorError> {
        let standing = self.gateway.bot_standing(guild).await?;
        let guild_roles = self.gateway.guild_roles(guild).await?;
        let rules: Vec<StoredRule> = self
            .store
            .rules()
            .for_guild(guild)
            .await?
            .into_iter()
            .filter(|r| r.disabled_reason.is_none())
            .collect();
        let roles = managed_roles(guild, &rules, &guild_roles, &standing);
        let settings = self.store.settings().get(guild).await?;
        let vouched: Vec<(u64, bool)> = rules.iter().map(|r| (r.role_id, r.trusted)).collect();
        let concerns = rule_concerns(&vouched, &guild_roles, settings.bypass_role_id);
        let stale_links = self.stale_links(guild).await?;
        let reverifier = &self.reverifier;
        Ok(GuildState {
            now: self.clock.now(),
            can_manage_roles: standing.can_manage_roles,
            can_manage_nicknames: standing.can_manage_nicknames,
            roles,
            rule_count: rules.len(),
            concerns,
            nickname_template: settings.nickname_template.clone(),
            nickname_skips: self.store.nicknames().skips(guild).await?,
            bypass_role: settings.bypass_role_id,
            log_channel: match settings.log_channel_id {
                Some(channel) => seen.log_channel(channel),
                None => LogChannel::NotSet,
            },
            member_list: seen.member_list(),
            reverify_interval: reverifier
                .verifies_with_resonite()
                .then(|| reverifier.interval()),
            linked_roles: self.linked_roles,
            last_swept_at: settings.last_swept_at,
            stale_links,
            pending: self.store.queue().count_pending(Some(guild)).await?,
            failed: self.store.queue().failed(guild).await?,
            tokens_not_current: reverifier.tokens_not_current().await?,
        })
    }

    /// Links of this guild's members that Resonite stopped accepting: from the member
    /// list when the gateway has it, else asking about each stale link.
    async fn stale_links(&self, guild: u64) -> Result<usize, DoctorError> {
        let members = self.gateway.member_ids(guild).await.ok().flatten();
        let stale = self.store.links().stale_users().await?;
        if let Some(ids) = members {
            let here: HashSet<u64> = ids.into_iter().collect();
            return Ok(stale.into_iter().filter(|u| here.contains(u)).count());
        }
        let mut n = 0;
        for user in stale {
            if let Ok(Some(_)) = self.gateway.member_roles(guild, user).await {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Each role some enabled rule grants, and whether the bot can assign it.
fn managed_roles(
    guild: u64,
    rules: &[StoredRule],
    guild_roles: &[GuildRole],
    standing: &crate::roles::BotStanding,
) -> Vec<ManagedRole> {
    let role_ids: BTreeSet<u64> = rules.iter().map(|r| r.role_id).collect();
    role_ids
        .iter()
        .map(|id| match guild_roles.iter().find(|r| r.id == *id) {
            Some(role) => ManagedRole {
                id: Some(*id),
                refusal: check_assignable(guild, role, standing).err(),
            },
            None => ManagedRole {
                id: None,
                refusal: None,
            },
        })
        .collect()
}
