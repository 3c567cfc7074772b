//! Unlinking: a member's own (`/unlink` and its button) and an admin's (`/unlink user:`).
//! Either way the guild's log channel hears of it.

use super::{Members, MembersError};
use crate::linking::Unlinked;
use crate::roles::{GuildNotice, MemberNotice, Needs, RankCheck, RankRefusal};

/// What an admin's `/unlink user:` did.
#[derive(Debug, Clone)]
pub enum AdminUnlink {
    /// The target is not a member of the guild.
    NotMember,
    /// The target has no link.
    NotLinked,
    /// The admin may not take every managed role the target holds.
    Refused(RankRefusal),
    /// Unlinked; `locale`: the one of the target's `/link`, to tell them in.
    Done {
        unlinked: Unlinked,
        locale: Option<String>,
    },
}

impl Members {
    /// Removes `user`'s link (`actor`: who asked; `guild`: where, whose log channel is
    /// told). `None` when there was no link.
    pub async fn unlink(
        &self,
        user: u64,
        actor: u64,
        guild: Option<u64>,
    ) -> Result<Option<Unlinked>, MembersError> {
        let Some(done) = self.links.unlink(user, actor, guild).await? else {
            return Ok(None);
        };
        if let Some(guild) = guild {
            self.post_unlinked(guild, user, &done).await;
        }
        Ok(Some(done))
    }

    /// `/unlink user:`: an admin removes a member's link. The rank rule holds for every
    /// managed role the member holds in the guild (the unlink takes them away).
    pub async fn unlink_member(
        &self,
        invoker: &RankCheck<'_>,
        target: u64,
    ) -> Result<AdminUnlink, MembersError> {
        let guild = invoker.guild_id;
        let Some(member) = self.gateway().member(guild, target).await? else {
            return Ok(AdminUnlink::NotMember);
        };
        if self.store.links().by_discord(target).await?.is_none() {
            return Ok(AdminUnlink::NotLinked);
        }
        let managed = self.reconciler.roles().managed(guild).await?;
        let losing = member.roles.iter().copied().filter(|r| managed.contains(r));
        if let Err(e) = invoker.roles(Needs::ManageRoles, losing) {
            return Ok(AdminUnlink::Refused(e));
        }
        // Read before the link (and its locale) goes.
        let locale = self.store.links().locale(target).await?;
        let actor = invoker.invoker_id;
        let Some(unlinked) = self.links.unlink(target, actor, Some(guild)).await? else {
            return Ok(AdminUnlink::NotLinked);
        };
        self.post_unlinked(guild, target, &unlinked).await;
        Ok(AdminUnlink::Done { unlinked, locale })
    }

    /// Tells a member by DM that an admin of `server` removed their link; false when the
    /// DM could not be sent (closed DMs).
    pub async fn tell_unlinked(
        &self,
        guild: u64,
        target: u64,
        server: String,
        unlinked: &Unlinked,
        locale: Option<String>,
    ) -> bool {
        let dm = MemberNotice::UnlinkedByAdmin {
            resonite_username: unlinked.link.resonite_username.clone(),
            server,
            locale,
        };
        match self.reconciler.roles().notifier().dm(target, &dm).await {
            Ok(()) => true,
            Err(e) => {
                tracing::info!(guild, discord_user = target, error = %e, "could not tell an unlinked member");
                false
            }
        }
    }

    async fn post_unlinked(&self, guild: u64, user: u64, done: &Unlinked) {
        let l = &done.link;
        let notice = GuildNotice::Unlinked {
            user_id: user,
            resonite_username: l.resonite_username.clone(),
            resonite_user_id: l.resonite_user_id.clone(),
        };
        self.reconciler.roles().notify_guild(guild, &notice).await;
    }
}
