//! The admin dashboard's core (DESIGN.md "The admin dashboard"): signing admins in with
//! Discord, their sessions, and who may see which server. No HTTP types here: `web::admin`
//! parses requests, calls [`Dashboard`] and renders what it answers.
//!
//! Sign-in: [`Dashboard::start`] stores a single-use, expiring state bound to the browser's
//! cookie and answers Discord's authorize URL (scopes `identify guilds`, PKCE S256);
//! [`Dashboard::complete`] takes the state, exchanges the code and opens a session (12 h),
//! whose cookie value only the browser knows (the database keeps its SHA-256).
//!
//! Access: [`Dashboard::session`] answers the servers where the bot is and the admin has
//! Manage Server (or Administrator, or owns it), as Discord's `GET /users/@me/guilds`
//! reports guild-level permissions, read again when the last read is a minute old.

mod audit;
pub mod csv;
mod members;
mod overview;
mod rules;
mod sessions;
mod settings;

pub use audit::{AUDIT_PAGE_SIZE, AuditPage, AuditRow};
pub use members::{MemberPage, MemberRow, PAGE_SIZE, QueueState};
pub use overview::{CHART_DAYS, DayCount, Overview};
pub use rules::{Refusable, RulesView};
pub use settings::{SettingChange, SettingChanged, SettingRefused, SettingsView};

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use url::Url;

use crate::clock::Clock;
use crate::config::Secret;
use crate::linked_roles::discord_api::ADMIN_SCOPES;
use crate::linked_roles::{DiscordApi, DiscordApiError, UserGuild};
use crate::linking::{CallbackParams, random_token, state_hash};
use crate::store::{Store, StoreError};
use crate::tokens::TokenCipher;
use sessions::{NewSession, Sessions, StateTaken};

/// How long a sign-in may take at Discord.
const STATE_TTL_SECS: i64 = 600;
/// How long a session lasts.
pub const SESSION_TTL_SECS: i64 = 12 * 3600;
/// The servers an admin may manage are read again when the last read is this old.
pub const RECHECK_SECS: i64 = 60;
/// `ADMINISTRATOR`, `MANAGE_GUILD`: Discord's permission bits.
const ADMINISTRATOR: u64 = 1 << 3;
const MANAGE_GUILD: u64 = 1 << 5;

/// Why a sign-in or a page could not be served. Each maps to one page in `web::admin`.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error("the admin declined on Discord")]
    Denied,
    #[error("Discord reported an authorization error")]
    Provider,
    #[error("the callback is missing `{0}`")]
    MissingParameter(&'static str),
    #[error("the sign-in is expired or was already used")]
    StateInvalid,
    #[error("the sign-in was started in another browser")]
    WrongBrowser,
    #[error(transparent)]
    Discord(#[from] DiscordApiError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Discord did not answer: {0}")]
    Roles(#[from] crate::roles::RoleApiError),
}

/// A server the signed-in admin may manage, where the bot is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminGuild {
    pub id: u64,
    pub name: String,
}

/// A signed-in admin.
#[derive(Debug, Clone)]
pub struct AdminSession {
    pub user_id: u64,
    pub user_name: String,
    /// What every form of this session posts back (derived from the cookie, never stored).
    pub csrf: String,
    /// The servers where the bot is and the admin has Manage Server, by name.
    pub guilds: Vec<AdminGuild>,
}

impl AdminSession {
    /// The server `guild_id`, when this admin may manage it.
    pub fn guild(&self, guild_id: u64) -> Option<&AdminGuild> {
        self.guilds.iter().find(|g| g.id == guild_id)
    }

    /// Whether `token` is this session's CSRF token (compared in constant time).
    pub fn csrf_ok(&self, token: &str) -> bool {
        let (a, b) = (self.csrf.as_bytes(), token.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

/// A session just opened: the cookie's value (only the browser keeps it).
#[derive(Debug)]
pub struct SignedIn {
    pub cookie: Secret,
    pub user_name: String,
}

/// The bot's servers, read at most once a minute.
#[derive(Default)]
struct BotGuilds {
    read_at: Option<i64>,
    ids: Arc<HashSet<u64>>,
}

/// The services the slash commands use, which the dashboard's pages call too.
pub struct DashboardServices {
    pub guild_admin: Arc<crate::guild_admin::GuildAdmin>,
    pub settings: Arc<crate::settings::Settings>,
    pub members: Arc<crate::members::Members>,
    pub doctor: Arc<crate::doctor::Doctor>,
}

pub struct Dashboard {
    store: Store,
    services: DashboardServices,
    sessions: Sessions,
    api: DiscordApi,
    clock: Clock,
    /// Seals admins' access tokens; without `TOKEN_ENCRYPTION_KEY` a key of this process
    /// only (then a session another process opened asks to sign in again there).
    cipher: Arc<TokenCipher>,
    bot_guilds: Mutex<BotGuilds>,
}

/// Binds a sealed admin token to its admin.
fn context(discord_user_id: u64) -> Vec<u8> {
    format!("resonite-verify admin session token v1; discord user {discord_user_id}").into_bytes()
}

/// The CSRF token of a session: a hash of its cookie under its own label.
fn csrf_of(cookie: &str) -> String {
    let digest = Sha256::digest(format!("resonite-verify admin csrf v1:{cookie}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The servers of `guilds` the user may manage: owner, Administrator or Manage Server.
pub fn manageable(guilds: &[UserGuild]) -> Vec<AdminGuild> {
    guilds
        .iter()
        .filter(|g| g.owner || g.permissions & (ADMINISTRATOR | MANAGE_GUILD) != 0)
        .map(|g| AdminGuild {
            id: g.id,
            name: g.name.clone(),
        })
        .collect()
}

impl Dashboard {
    pub fn new(
        store: Store,
        api: DiscordApi,
        clock: Clock,
        cipher: Option<Arc<TokenCipher>>,
        services: DashboardServices,
    ) -> Result<Self, crate::tokens::KeyError> {
        let cipher = match cipher {
            Some(c) => c,
            None => Arc::new(TokenCipher::new(&crate::tokens::generate_key(), None)?),
        };
        Ok(Self {
            sessions: Sessions::new(store.clone()),
            store,
            services,
            api,
            clock,
            cipher,
            bot_guilds: Mutex::new(BotGuilds::default()),
        })
    }

    /// `GET /admin` signed out: a fresh single-use state bound to the browser whose cookie
    /// is `browser`, and Discord's authorize URL.
    pub async fn start(&self, browser: &str) -> Result<Url, DashboardError> {
        let state = random_token();
        let verifier = random_token();
        let now = self.clock.now();
        self.sessions
            .insert_state(
                &state_hash(&state),
                &verifier,
                &state_hash(browser),
                now,
                now + STATE_TTL_SECS,
            )
            .await?;
        Ok(self
            .api
            .authorize_url_for(&state, &verifier, &ADMIN_SCOPES)
            .await?)
    }

    /// `GET /admin/callback`: the state taken (by the browser that started it), the code
    /// exchanged, the admin read, a session opened.
    pub async fn complete(
        &self,
        params: CallbackParams,
        browser: Option<&str>,
    ) -> Result<SignedIn, DashboardError> {
        let now = self.clock.now();
        let state = params.state.filter(|s| !s.is_empty());
        if let Some(error) = params.error {
            if let Some(state) = &state {
                self.sessions
                    .burn_state(&state_hash(state.expose()), now)
                    .await?;
            }
            return Err(if error == "access_denied" {
                DashboardError::Denied
            } else {
                DashboardError::Provider
            });
        }
        let state = state.ok_or(DashboardError::MissingParameter("state"))?;
        let code = params
            .code
            .filter(|c| !c.is_empty())
            .ok_or(DashboardError::MissingParameter("code"))?;
        let browser_hash = browser.map(state_hash);
        let verifier = match self
            .sessions
            .take_state(&state_hash(state.expose()), browser_hash.as_deref(), now)
            .await?
        {
            StateTaken::Taken(verifier) => verifier,
            StateTaken::OtherBrowser => return Err(DashboardError::WrongBrowser),
            StateTaken::Invalid => return Err(DashboardError::StateInvalid),
        };
        let tokens = self.api.exchange_code(code.expose(), &verifier).await?;
        let user = self.api.current_user(&tokens.access_token).await?;
        let guilds = manageable(&self.api.user_guilds(&tokens.access_token).await?);
        let cookie = random_token();
        let sealed = self
            .cipher
            .seal(tokens.access_token.expose(), &context(user.id));
        let guilds_json = serde_json::to_string(&guilds).unwrap_or_else(|_| "[]".into());
        self.sessions.prune(now).await?;
        self.sessions
            .insert_session(&NewSession {
                session_hash: &state_hash(&cookie),
                discord_user_id: user.id,
                discord_name: &user.name,
                token: &sealed,
                guilds_json: &guilds_json,
                now,
                expires_at: now + SESSION_TTL_SECS,
            })
            .await?;
        tracing::info!(discord_user = user.id, "admin signed in to the dashboard");
        Ok(SignedIn {
            cookie: Secret::new(cookie),
            user_name: user.name,
        })
    }

    /// The admin behind a session cookie; `None`: signed out (unknown, expired, or Discord
    /// no longer accepts the admin's token). The servers they may manage are read again
    /// from Discord when the last read is [`RECHECK_SECS`] old.
    pub async fn session(&self, cookie: &str) -> Result<Option<AdminSession>, DashboardError> {
        let now = self.clock.now();
        let hash = state_hash(cookie);
        let Some(stored) = self.sessions.session(&hash, now).await? else {
            return Ok(None);
        };
        let mut guilds: Vec<AdminGuild> =
            serde_json::from_str(&stored.guilds_json).unwrap_or_default();
        if now - stored.guilds_checked_at >= RECHECK_SECS || now < stored.guilds_checked_at {
            let Ok(token) = self
                .cipher
                .open(&stored.token, &context(stored.discord_user_id))
            else {
                // Sealed by another process's key: sign in again here.
                self.sessions.delete_session(&hash).await?;
                return Ok(None);
            };
            guilds = match self.api.user_guilds(&token).await {
                Ok(list) => manageable(&list),
                Err(DiscordApiError::Unauthorized) => {
                    self.sessions.delete_session(&hash).await?;
                    return Ok(None);
                }
                Err(e) => return Err(e.into()),
            };
            let json = serde_json::to_string(&guilds).unwrap_or_else(|_| "[]".into());
            self.sessions.update_guilds(&hash, &json, now).await?;
        }
        let bot = self.bot_guild_ids(now).await?;
        guilds.retain(|g| bot.contains(&g.id));
        Ok(Some(AdminSession {
            user_id: stored.discord_user_id,
            user_name: stored.discord_name,
            csrf: csrf_of(cookie),
            guilds,
        }))
    }

    /// Signs out: the session is gone for every process.
    pub async fn sign_out(&self, cookie: &str) -> Result<(), DashboardError> {
        self.sessions.delete_session(&state_hash(cookie)).await?;
        Ok(())
    }

    /// The figures of a server the admin may manage (the caller checked [`AdminSession::guild`]).
    pub async fn overview(&self, guild: &AdminGuild) -> Result<Overview, DashboardError> {
        Ok(overview::overview(&self.store, guild.id, self.clock.now()).await?)
    }

    /// Page `page` of the linked members of a server the admin may manage, matching `query`
    /// (a Resonite name part, a `U-` id or a Discord id; empty: all).
    pub async fn members(
        &self,
        guild: &AdminGuild,
        query: &str,
        page: u32,
    ) -> Result<MemberPage, DashboardError> {
        Ok(members::page(&self.store, guild.id, query, page, PAGE_SIZE).await?)
    }

    /// `members.csv` of a server the admin may manage: the header, then every member.
    pub async fn members_csv(&self, guild: &AdminGuild) -> Result<String, DashboardError> {
        const CHUNK: u32 = 1000;
        let mut out = csv::header();
        let mut page = 1;
        loop {
            let chunk = members::page(&self.store, guild.id, "", page, CHUNK).await?;
            for m in &chunk.rows {
                out.push_str(&csv::row(m));
            }
            if !chunk.has_next {
                return Ok(out);
            }
            page += 1;
        }
    }

    /// Retries a member's failed (or pending) role changes in a server now: marked again,
    /// the reconciler applies them. `Ok(false)`: not a linked member listed there.
    pub async fn retry(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
        user_id: u64,
    ) -> Result<bool, DashboardError> {
        if !members::is_listed(&self.store, guild.id, user_id).await? {
            return Ok(false);
        }
        let mark = crate::store::ReconcileMark {
            guild_id: guild.id,
            user_id,
            cause: crate::roles::SyncCause::Update {
                actor: session.user_id,
            }
            .as_stored()
            .to_owned(),
            actor_id: Some(session.user_id),
            reply_token: None,
            due_at_ms: self.clock.now() * 1000,
        };
        self.store
            .queue()
            .mark(std::slice::from_ref(&mark), self.clock.now())
            .await?;
        Ok(true)
    }

    /// "Sync now": every linked member listed in a server the admin may manage is marked
    /// for the reconciler, which applies the rules to them. The number marked.
    pub async fn sync_now(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
    ) -> Result<u64, DashboardError> {
        const CHUNK: u32 = 1000;
        let now = self.clock.now();
        let cause = crate::roles::SyncCause::Update {
            actor: session.user_id,
        }
        .as_stored();
        let mut marked = 0;
        let mut page = 1;
        loop {
            let chunk = members::page(&self.store, guild.id, "", page, CHUNK).await?;
            let marks: Vec<crate::store::ReconcileMark> = chunk
                .rows
                .iter()
                .map(|m| crate::store::ReconcileMark {
                    guild_id: guild.id,
                    user_id: m.discord_user_id,
                    cause: cause.to_owned(),
                    actor_id: Some(session.user_id),
                    reply_token: None,
                    due_at_ms: now * 1000,
                })
                .collect();
            self.store.queue().mark(&marks, now).await?;
            marked += marks.len() as u64;
            if !chunk.has_next {
                return Ok(marked);
            }
            page += 1;
        }
    }

    /// The servers the bot is in, read from Discord at most once a minute.
    async fn bot_guild_ids(&self, now: i64) -> Result<Arc<HashSet<u64>>, DashboardError> {
        {
            let cached = self
                .bot_guilds
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(read_at) = cached.read_at
                && now - read_at < RECHECK_SECS
                && now >= read_at
            {
                return Ok(Arc::clone(&cached.ids));
            }
        }
        let ids: Arc<HashSet<u64>> = Arc::new(self.api.bot_guilds().await?.into_iter().collect());
        let mut cached = self
            .bot_guilds
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        cached.read_at = Some(now);
        cached.ids = Arc::clone(&ids);
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guild(id: u64, owner: bool, permissions: u64) -> UserGuild {
        UserGuild {
            id,
            name: format!("g{id}"),
            owner,
            permissions,
        }
    }

    #[test]
    fn an_admin_manages_what_they_own_administer_or_have_manage_server_in() {
        let list = [
            guild(1, true, 0),
            guild(2, false, ADMINISTRATOR),
            guild(3, false, MANAGE_GUILD),
            guild(4, false, 1 << 28),
            guild(5, false, 0),
        ];
        let ids: Vec<u64> = manageable(&list).iter().map(|g| g.id).collect();
        assert_eq!(ids, vec![1, 2, 3]);
    }

    #[test]
    fn the_csrf_token_is_the_sessions_own_and_compared_whole() {
        let session = AdminSession {
            user_id: 1,
            user_name: "a".into(),
            csrf: csrf_of("cookie-1"),
            guilds: Vec::new(),
        };
        assert!(session.csrf_ok(&csrf_of("cookie-1")));
        assert!(!session.csrf_ok(&csrf_of("cookie-2")));
        assert!(!session.csrf_ok(""));
        assert!(!session.csrf_ok(&session.csrf[..10]));
        assert_ne!(csrf_of("cookie-1"), state_hash("cookie-1"));
    }
}
