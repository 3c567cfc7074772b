//! `/whois`: which Resonite account a member is linked to, or which member of a guild is
//! linked to a Resonite account. Lookups stay inside the guild asked in.

use super::{Members, MembersError};
use crate::linked_roles::ConnectionStatus;
use crate::store::Link;

/// What `/whois` found about a member.
#[derive(Debug, Clone)]
pub enum Whois {
    /// Asked about someone else, who is not a member of the guild: nothing more is said.
    NotMember,
    Found {
        link: Option<WhoisLink>,
        /// The guild's bypass role, when the member holds it.
        bypass_role: Option<u64>,
    },
}

/// A member's link, as `/whois` tells it.
#[derive(Debug, Clone)]
pub struct WhoisLink {
    pub link: Link,
    /// When Resonite stopped accepting the link's token.
    pub stale_since: Option<i64>,
    /// The Linked Roles connection; `None` when Linked Roles is off.
    pub linked_roles: Option<ConnectionStatus>,
}

impl Members {
    /// `/whois` about `target`, asked in `guild` (`None`: a DM). About someone else
    /// (`yourself` false) in a guild, only a member of it is looked up.
    pub async fn whois(
        &self,
        guild: Option<u64>,
        target: u64,
        yourself: bool,
    ) -> Result<Whois, MembersError> {
        if let Some(guild) = guild.filter(|_| !yourself)
            && self.gateway().member(guild, target).await?.is_none()
        {
            return Ok(Whois::NotMember);
        }
        let link = match self.store.links().by_discord(target).await? {
            Some(link) => Some(self.whois_link(link).await?),
            None => None,
        };
        let bypass_role = match guild {
            Some(guild) => self.bypass_role_held(guild, target).await?,
            None => None,
        };
        Ok(Whois::Found { link, bypass_role })
    }

    async fn whois_link(&self, link: Link) -> Result<WhoisLink, MembersError> {
        let health = self.store.links().health(link.discord_user_id).await?;
        let linked_roles = match &self.linked_roles {
            Some(lr) => Some(lr.status(link.discord_user_id).await?),
            None => None,
        };
        Ok(WhoisLink {
            stale_since: health.and_then(|h| h.stale_since),
            link,
            linked_roles,
        })
    }

    /// The guild's bypass role, when `user` holds it.
    async fn bypass_role_held(&self, guild: u64, user: u64) -> Result<Option<u64>, MembersError> {
        let Some(role) = self.store.settings().get(guild).await?.bypass_role_id else {
            return Ok(None);
        };
        let holds = self
            .gateway()
            .member_roles(guild, user)
            .await
            .ok()
            .flatten()
            .is_some_and(|roles| roles.contains(&role));
        Ok(holds.then_some(role))
    }

    /// `/whois resonite:`: the member of `guild` linked to a Resonite username or U- id;
    /// a link of someone who is not a member here is nobody.
    pub async fn whois_resonite(
        &self,
        guild: u64,
        name_or_id: &str,
    ) -> Result<Option<Link>, MembersError> {
        let Some(link) = self
            .store
            .links()
            .by_resonite_name_or_id(name_or_id)
            .await?
        else {
            return Ok(None);
        };
        let here = self
            .gateway()
            .member(guild, link.discord_user_id)
            .await?
            .is_some();
        Ok(here.then_some(link))
    }
}
