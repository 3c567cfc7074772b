//! Members and their links, as the bot's commands and Discord's events ask about them:
//! who is linked to what (`/whois`, `/link`), bringing one member's roles in line now
//! (`/update`), unlinking (a member's own, or an admin's `/unlink user:`) and what a
//! member joining or changing means for the reconciler. No Discord types: the Discord
//! adapter parses, calls one method of [`Members`] and words the outcome.

mod events;
mod unlink;
mod whois;

use std::sync::Arc;
use std::time::Duration;

use crate::linked_roles::LinkedRoles;
use crate::linking::LinkService;
use crate::roles::{Applied, Reconciler, RoleApiError, RoleGateway, SyncCause};
use crate::store::{Link, Store, StoreError};

pub use events::MemberChange;
pub use unlink::AdminUnlink;
pub use whois::{Whois, WhoisLink};

/// How long `/update` waits for the reconcile before saying it is queued.
const UPDATE_WAIT: Duration = Duration::from_secs(5);

/// A question about members could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum MembersError {
    #[error("the database could not be read")]
    Store(#[from] StoreError),
    #[error("Discord could not be asked")]
    Discord(#[from] RoleApiError),
    #[error("the unlink failed")]
    Unlink(#[from] crate::linking::LinkError),
}

/// What `/update` did.
#[derive(Debug, Clone)]
pub struct Updated {
    /// The member has a link (read before the reconcile).
    pub linked: bool,
    /// The reconcile, when it finished within the wait; `None`: still queued.
    pub applied: Option<Applied>,
}

/// The members service.
pub struct Members {
    store: Store,
    links: Arc<LinkService>,
    reconciler: Arc<Reconciler>,
    linked_roles: Option<Arc<LinkedRoles>>,
}

impl Members {
    pub fn new(
        links: Arc<LinkService>,
        reconciler: Arc<Reconciler>,
        linked_roles: Option<Arc<LinkedRoles>>,
    ) -> Self {
        Self {
            store: reconciler.roles().store().clone(),
            links,
            reconciler,
            linked_roles,
        }
    }

    fn gateway(&self) -> &Arc<dyn RoleGateway> {
        self.reconciler.roles().gateway()
    }

    /// The member's link, if any.
    pub async fn link_of(&self, user: u64) -> Result<Option<Link>, MembersError> {
        Ok(self.store.links().by_discord(user).await?)
    }

    /// `/update`: marks the member of `guild` and waits (briefly) for the reconcile.
    pub async fn update(
        &self,
        guild: u64,
        target: u64,
        actor: u64,
    ) -> Result<Updated, MembersError> {
        let linked = self.store.links().by_discord(target).await?.is_some();
        let mut applied_rx = self.reconciler.subscribe();
        let cause = SyncCause::Update { actor };
        self.reconciler.mark(guild, target, cause).await?;
        let applied = Reconciler::wait_for(&mut applied_rx, target, &[guild], UPDATE_WAIT).await;
        Ok(Updated {
            linked,
            applied: applied.into_iter().next(),
        })
    }
}
