//! `RoleGateway` over serenity: the gateway cache when it has the answer, REST otherwise.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;
use serenity::{
    Cache, ChannelId, CreateAllowedMentions, CreateMessage, GuildId, Http, RoleId, UserId,
};
use tokio::sync::OnceCell;

use super::MemberLists;
use crate::roles::{BotStanding, GuildRole, RoleApiError, RoleGateway};

/// Discord's JSON error codes the bot acts on.
const UNKNOWN_MEMBER: isize = 10007;
const UNKNOWN_ROLE: isize = 10011;
const UNKNOWN_USER: isize = 10013;
const MISSING_PERMISSIONS: isize = 50013;
/// With serenity's rate limiter on (production) a 429 is waited out inside serenity; without
/// it (behind a proxy) serenity does not pass `retry_after` on, so wait this long instead.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

pub struct SerenityRoles {
    http: Arc<Http>,
    cache: Option<Arc<Cache>>,
    /// Which guilds have all their members in `cache`.
    members: Option<Arc<MemberLists>>,
    bot_id: OnceCell<UserId>,
}

impl SerenityRoles {
    pub fn new(
        http: Arc<Http>,
        cache: Option<Arc<Cache>>,
        members: Option<Arc<MemberLists>>,
    ) -> Self {
        Self {
            http,
            cache,
            members,
            bot_id: OnceCell::new(),
        }
    }

    async fn bot_id(&self) -> Result<UserId, RoleApiError> {
        if let Some(cache) = &self.cache {
            let id = cache.current_user().id;
            if id.get() != 0 && id.get() != 1 {
                return Ok(id);
            }
        }
        self.bot_id
            .get_or_try_init(|| async {
                self.http
                    .get_current_user()
                    .await
                    .map(|u| u.id)
                    .map_err(map_error)
            })
            .await
            .copied()
    }

    /// `Some(Some(roles))` known member, `Some(None)` known non-member, `None` unknown.
    fn cached_member_roles(&self, guild: GuildId, user: UserId) -> Option<Option<BTreeSet<u64>>> {
        let cache = self.cache.as_ref()?;
        let cached = cache.guild(guild)?;
        match cached.members.get(&user) {
            Some(member) => Some(Some(member.roles.iter().map(|r| r.get()).collect())),
            None if self
                .members
                .as_ref()
                .is_some_and(|m| m.is_complete(guild.get())) =>
            {
                Some(None)
            }
            None => None,
        }
    }

    fn cached_roles(&self, guild: GuildId) -> Option<Vec<serenity::Role>> {
        let cache = self.cache.as_ref()?;
        let guild = cache.guild(guild)?;
        Some(guild.roles.values().cloned().collect())
    }

    async fn roles_of(&self, guild: GuildId) -> Result<Vec<serenity::Role>, RoleApiError> {
        match self.cached_roles(guild) {
            Some(roles) => Ok(roles),
            None => self.http.get_guild_roles(guild).await.map_err(map_error),
        }
    }

    async fn member_role_ids(
        &self,
        guild: GuildId,
        user: UserId,
    ) -> Result<Option<BTreeSet<u64>>, RoleApiError> {
        if let Some(known) = self.cached_member_roles(guild, user) {
            return Ok(known);
        }
        match self.http.get_member(guild, user).await {
            Ok(m) => Ok(Some(m.roles.iter().map(|r| r.get()).collect())),
            Err(e) => match map_error(e) {
                RoleApiError::UnknownMember => Ok(None),
                other => Err(other),
            },
        }
    }
}

/// Maps serenity's errors to what role syncing acts on.
pub fn map_error(e: serenity::Error) -> RoleApiError {
    use serenity::HttpError;
    match e {
        serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) => {
            match (r.status_code.as_u16(), r.error.code) {
                (_, MISSING_PERMISSIONS) | (403, _) => RoleApiError::MissingPermissions,
                (_, UNKNOWN_ROLE) => RoleApiError::UnknownRole,
                (_, UNKNOWN_MEMBER | UNKNOWN_USER) => RoleApiError::UnknownMember,
                (429, _) => RoleApiError::RateLimited(DEFAULT_RETRY_AFTER),
                (status, code) => {
                    RoleApiError::Other(format!("HTTP {status}, code {code}: {}", r.error.message))
                }
            }
        }
        other => RoleApiError::Other(other.to_string()),
    }
}

#[async_trait::async_trait]
impl RoleGateway for SerenityRoles {
    async fn member_roles(
        &self,
        guild_id: u64,
        user_id: u64,
    ) -> Result<Option<BTreeSet<u64>>, RoleApiError> {
        self.member_role_ids(GuildId::new(guild_id), UserId::new(user_id))
            .await
    }

    async fn add_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        reason: &str,
    ) -> Result<(), RoleApiError> {
        self.http
            .add_member_role(
                GuildId::new(guild_id),
                UserId::new(user_id),
                RoleId::new(role_id),
                Some(reason),
            )
            .await
            .map_err(map_error)
    }

    async fn remove_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        reason: &str,
    ) -> Result<(), RoleApiError> {
        self.http
            .remove_member_role(
                GuildId::new(guild_id),
                UserId::new(user_id),
                RoleId::new(role_id),
                Some(reason),
            )
            .await
            .map_err(map_error)
    }

    async fn guild_roles(&self, guild_id: u64) -> Result<Vec<GuildRole>, RoleApiError> {
        let mut roles: Vec<GuildRole> = self
            .roles_of(GuildId::new(guild_id))
            .await?
            .into_iter()
            .map(|r| GuildRole {
                id: r.id.get(),
                name: r.name.clone(),
                position: i64::from(r.position),
                managed: r.managed,
            })
            .collect();
        roles.sort_by_key(|r| std::cmp::Reverse(r.position));
        Ok(roles)
    }

    async fn bot_standing(&self, guild_id: u64) -> Result<BotStanding, RoleApiError> {
        let guild = GuildId::new(guild_id);
        let bot = self.bot_id().await?;
        let mine = self.member_role_ids(guild, bot).await?.unwrap_or_default();
        let roles = self.roles_of(guild).await?;
        let mut highest = 0i64;
        let mut perms = serenity::Permissions::empty();
        for role in &roles {
            if role.id.get() == guild_id || mine.contains(&role.id.get()) {
                perms |= role.permissions;
                if role.id.get() != guild_id {
                    highest = highest.max(i64::from(role.position));
                }
            }
        }
        Ok(BotStanding {
            highest_position: highest,
            can_manage_roles: perms.manage_roles() || perms.administrator(),
        })
    }

    async fn post_log(&self, channel_id: u64, text: &str) -> Result<(), RoleApiError> {
        let message = CreateMessage::new()
            .content(text)
            .allowed_mentions(CreateAllowedMentions::new());
        ChannelId::new(channel_id)
            .send_message(&self.http, message)
            .await
            .map(|_| ())
            .map_err(map_error)
    }

    async fn notify_link_stale(
        &self,
        user_id: u64,
        resonite_username: &str,
        grace_days: u64,
    ) -> Result<(), RoleApiError> {
        let text = format!(
            "Your Resonite link (**{}**) needs renewing: Resonite no longer accepts the bot's access to it. \
             Run `/link` in the server to keep your roles; otherwise supporter roles are removed after {grace_days} day{}.",
            super::safe(resonite_username),
            if grace_days == 1 { "" } else { "s" }
        );
        let channel = UserId::new(user_id)
            .create_dm_channel(&self.http)
            .await
            .map_err(map_error)?;
        channel
            .send_message(&self.http, CreateMessage::new().content(text))
            .await
            .map(|_| ())
            .map_err(map_error)
    }
}
