//! `RoleGateway` over serenity: the gateway cache when it has the answer, REST otherwise.
//! Behind a proxy base URL (`DISCORD_API_URL`), serenity's rate limiter is off and its
//! errors drop Discord's `retry_after`; role changes then go through [`ProxyRest`], which
//! reads it from the 429 itself.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use poise::serenity_prelude as serenity;
use serenity::{Cache, GuildId, Http, RoleId, UserId};
use tokio::sync::OnceCell;

use super::MemberLists;
use super::unseen_writes::{Shown, UnseenWrites};
use crate::roles::{BotStanding, GuildMember, GuildRole, RoleApiError, RoleGateway};

/// Discord's JSON error codes the bot acts on.
const UNKNOWN_MEMBER: isize = 10007;
const UNKNOWN_ROLE: isize = 10011;
const UNKNOWN_USER: isize = 10013;
const MISSING_PERMISSIONS: isize = 50013;
/// With serenity's rate limiter on (production) a 429 is waited out inside serenity; a 429
/// that reaches us without a readable `retry_after` waits this long.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);

/// Role additions and removals straight over HTTP, behind a proxy base URL, so that a
/// 429's `retry_after` (body, or the `Retry-After` header) reaches the reconciler.
pub struct ProxyRest {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl ProxyRest {
    pub fn new(base: &str, token: &str, timeout: Duration) -> Result<Self, reqwest::Error> {
        Ok(Self {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(timeout)
                .build()?,
            base: base.trim_end_matches('/').to_owned(),
            token: token.to_owned(),
        })
    }

    async fn member_role(
        &self,
        method: reqwest::Method,
        (guild, user, role): (u64, u64, u64),
        reason: &str,
    ) -> Result<(), RoleApiError> {
        let url = format!(
            "{}/api/v10/guilds/{guild}/members/{user}/roles/{role}",
            self.base
        );
        let reason: String = url::form_urlencoded::byte_serialize(reason.as_bytes()).collect();
        let response = self
            .client
            .request(method, url)
            .header("Authorization", format!("Bot {}", self.token))
            .header("X-Audit-Log-Reason", reason)
            .send()
            .await
            .map_err(|e| {
                crate::telemetry::upstream("discord", None);
                RoleApiError::Unavailable(without_url(&e))
            })?;
        let status = response.status().as_u16();
        crate::telemetry::upstream("discord", Some(status));
        if response.status().is_success() {
            return Ok(());
        }
        let header_wait = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<f64>().ok());
        let body: serde_json::Value = response.json().await.unwrap_or_default();
        let code = body["code"].as_i64().unwrap_or_default() as isize;
        Err(match (status, code) {
            (429, _) => {
                let secs = body["retry_after"].as_f64().or(header_wait).unwrap_or(1.0);
                RoleApiError::RateLimited(Duration::from_secs_f64(secs.clamp(0.0, 3600.0)))
            }
            (_, MISSING_PERMISSIONS) | (403, _) => RoleApiError::MissingPermissions,
            (_, UNKNOWN_ROLE) => RoleApiError::UnknownRole,
            (_, UNKNOWN_MEMBER | UNKNOWN_USER) => RoleApiError::UnknownMember,
            (500.., _) => RoleApiError::Unavailable(format!("HTTP {status}")),
            _ => RoleApiError::Other(format!(
                "HTTP {status}, code {code}: {}",
                body["message"].as_str().unwrap_or_default()
            )),
        })
    }
}

/// A transport error without its URL (which carries nothing secret, but is noise).
fn without_url(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".to_owned()
    } else if e.is_connect() {
        "connection refused".to_owned()
    } else {
        "request failed".to_owned()
    }
}

pub struct SerenityRoles {
    http: Arc<Http>,
    /// The gateway's cache (once a session is up) and which guilds have all their members in it.
    members: Arc<MemberLists>,
    /// Set behind a proxy base URL: role changes bypass serenity (see [`ProxyRest`]).
    proxy: Option<ProxyRest>,
    bot_id: OnceCell<UserId>,
    /// Changes this process made that the cache may not show yet.
    unseen: UnseenWrites,
}

impl SerenityRoles {
    pub fn new(http: Arc<Http>, members: Arc<MemberLists>, proxy: Option<ProxyRest>) -> Self {
        Self {
            http,
            members,
            proxy,
            bot_id: OnceCell::new(),
            unseen: UnseenWrites::default(),
        }
    }

    /// Serenity's cache of the running gateway session; `None` before one is up (and in
    /// tools and tests that run without a gateway): then everything is asked over REST.
    fn cache(&self) -> Option<Arc<Cache>> {
        self.members.cache()
    }

    async fn bot_id(&self) -> Result<UserId, RoleApiError> {
        if let Some(cache) = self.cache() {
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
        let cache = self.cache()?;
        let cached = cache.guild(guild)?;
        let (g, u, now) = (guild.get(), user.get(), Instant::now());
        match cached.members.get(&user) {
            Some(member) => {
                let roles = member.roles.iter().map(|r| r.get()).collect();
                let shown = Shown {
                    roles: &roles,
                    nick: None,
                };
                self.unseen
                    .cache_can_answer(g, u, Some(shown), now)
                    .then_some(Some(roles))
            }
            None if self.members.is_complete(g)
                && self.unseen.cache_can_answer(g, u, None, now) =>
            {
                Some(None)
            }
            None => None,
        }
    }

    /// Like [`Self::cached_member_roles`], the whole member.
    fn cached_member(&self, guild: GuildId, user: UserId) -> Option<Option<GuildMember>> {
        let cache = self.cache()?;
        let cached = cache.guild(guild)?;
        let (g, u, now) = (guild.get(), user.get(), Instant::now());
        match cached.members.get(&user) {
            Some(member) => {
                let member = guild_member(member);
                let shown = Shown {
                    roles: &member.roles,
                    nick: Some(member.nick.as_deref()),
                };
                self.unseen
                    .cache_can_answer(g, u, Some(shown), now)
                    .then_some(Some(member))
            }
            None if self.members.is_complete(g)
                && self.unseen.cache_can_answer(g, u, None, now) =>
            {
                Some(None)
            }
            None => None,
        }
    }

    fn cached_roles(&self, guild: GuildId) -> Option<Vec<serenity::Role>> {
        let cache = self.cache()?;
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
            Ok(m) => {
                let roles = m.roles.iter().map(|r| r.get()).collect();
                let shown = Shown {
                    roles: &roles,
                    nick: None,
                };
                self.unseen
                    .answered_over_rest(guild.get(), user.get(), shown);
                Ok(Some(roles))
            }
            Err(e) => match map_error(e) {
                RoleApiError::UnknownMember => Ok(None),
                other => Err(other),
            },
        }
    }
}

/// A Discord role as the core sees it.
pub fn guild_role(role: &serenity::Role) -> GuildRole {
    GuildRole {
        id: role.id.get(),
        name: role.name.clone(),
        position: i64::from(role.position),
        managed: role.managed,
        permissions: role.permissions.bits(),
    }
}

fn guild_member(member: &serenity::Member) -> GuildMember {
    GuildMember {
        roles: member.roles.iter().map(|r| r.get()).collect(),
        bot: member.user.bot,
        username: member.user.name.clone(),
        display_name: member.user.global_name.clone(),
        nick: member.nick.clone(),
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
                (status @ 500.., _) => RoleApiError::Unavailable(format!("HTTP {status}")),
                (status, code) => {
                    RoleApiError::Other(format!("HTTP {status}, code {code}: {}", r.error.message))
                }
            }
        }
        serenity::Error::Http(HttpError::Request(e)) => RoleApiError::Unavailable(without_url(&e)),
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

    async fn member(
        &self,
        guild_id: u64,
        user_id: u64,
    ) -> Result<Option<GuildMember>, RoleApiError> {
        let (guild, user) = (GuildId::new(guild_id), UserId::new(user_id));
        if let Some(known) = self.cached_member(guild, user) {
            return Ok(known);
        }
        match self.http.get_member(guild, user).await {
            Ok(m) => {
                let member = guild_member(&m);
                let shown = Shown {
                    roles: &member.roles,
                    nick: Some(member.nick.as_deref()),
                };
                self.unseen.answered_over_rest(guild_id, user_id, shown);
                Ok(Some(member))
            }
            Err(e) => match map_error(e) {
                RoleApiError::UnknownMember => Ok(None),
                other => Err(other),
            },
        }
    }

    async fn add_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        reason: &str,
    ) -> Result<(), RoleApiError> {
        let done = match &self.proxy {
            Some(proxy) => {
                proxy
                    .member_role(reqwest::Method::PUT, (guild_id, user_id, role_id), reason)
                    .await
            }
            None => self
                .http
                .add_member_role(
                    GuildId::new(guild_id),
                    UserId::new(user_id),
                    RoleId::new(role_id),
                    Some(reason),
                )
                .await
                .map_err(map_error),
        };
        if done.is_ok() {
            self.unseen
                .role_written(guild_id, user_id, role_id, true, Instant::now());
        }
        done
    }

    async fn remove_role(
        &self,
        guild_id: u64,
        user_id: u64,
        role_id: u64,
        reason: &str,
    ) -> Result<(), RoleApiError> {
        let done = match &self.proxy {
            Some(proxy) => {
                proxy
                    .member_role(
                        reqwest::Method::DELETE,
                        (guild_id, user_id, role_id),
                        reason,
                    )
                    .await
            }
            None => self
                .http
                .remove_member_role(
                    GuildId::new(guild_id),
                    UserId::new(user_id),
                    RoleId::new(role_id),
                    Some(reason),
                )
                .await
                .map_err(map_error),
        };
        if done.is_ok() {
            self.unseen
                .role_written(guild_id, user_id, role_id, false, Instant::now());
        }
        done
    }

    async fn set_nickname(
        &self,
        guild_id: u64,
        user_id: u64,
        nick: Option<&str>,
        reason: &str,
    ) -> Result<(), RoleApiError> {
        // Discord resets the nickname on an empty string.
        let edit = serenity::EditMember::new().nickname(nick.unwrap_or_default());
        self.http
            .edit_member(
                GuildId::new(guild_id),
                UserId::new(user_id),
                &edit,
                Some(reason),
            )
            .await
            .map(|_| ())
            .map_err(map_error)?;
        self.unseen
            .nick_written(guild_id, user_id, nick, Instant::now());
        Ok(())
    }

    async fn guild_roles(&self, guild_id: u64) -> Result<Vec<GuildRole>, RoleApiError> {
        let mut roles: Vec<GuildRole> = self
            .roles_of(GuildId::new(guild_id))
            .await?
            .iter()
            .map(guild_role)
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
        let owner_id = match self.cache() {
            Some(cache) => cache.guild(guild).map(|g| g.owner_id.get()),
            None => None,
        };
        let owner_id = match owner_id {
            Some(owner) => Some(owner),
            None => self
                .http
                .get_guild(guild)
                .await
                .ok()
                .map(|g| g.owner_id.get()),
        };
        Ok(BotStanding {
            highest_position: highest,
            can_manage_roles: perms.manage_roles() || perms.administrator(),
            can_manage_nicknames: perms.manage_nicknames() || perms.administrator(),
            owner_id,
        })
    }

    async fn member_ids(&self, guild_id: u64) -> Result<Option<Vec<u64>>, RoleApiError> {
        let complete = self.members.is_complete(guild_id);
        let Some(cache) = self.cache().filter(|_| complete) else {
            return Ok(None);
        };
        Ok(cache.guild(GuildId::new(guild_id)).map(|g| {
            g.members
                .values()
                .filter(|m| !m.user.bot)
                .map(|m| m.user.id.get())
                .collect()
        }))
    }
}
