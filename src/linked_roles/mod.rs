//! Linked Roles: the member's Resonite account on their Discord profile, and role
//! requirements Discord itself checks (DESIGN.md "Linked Roles").
//!
//! [`LinkedRoles`] runs Discord's authorization (`/linked-role` → Discord → `/discord/callback`),
//! keeps the member's Discord tokens sealed, and pushes their role connection: after a
//! link, after a re-verification that changed a value, and empty on unlink (then revokes).
//! A push Discord could not take (429, 5xx) stays owed in the database until it lands.

pub mod discord_api;
pub mod metadata;

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serde_json::Value;
use url::Url;

pub use discord_api::{DiscordApi, DiscordApiError, DiscordTokens, DiscordUser, UserGuild};

use crate::clock::Clock;
use crate::config::Secret;
use crate::linking::{
    CallbackParams, LinkError, LinkRequest, LinkService, random_token, state_hash,
};
use crate::resonite::Profile;
use crate::roles::{Facts, MemberNotice, Notifier};
use crate::store::{
    DiscordConnection, DiscordStateTaken, Link, NewDiscordTokens, Store, StoreError,
};
use crate::tokens::{Sealed, TokenCipher};

/// How long a `/linked-role` authorization may take.
const STATE_TTL_SECS: i64 = 600;
/// The longest a 429 is waited out in place; longer ones are owed and retried later.
const INLINE_RETRY_MAX: Duration = Duration::from_secs(5);
/// Refresh the access token when it expires within this (sweeps run every 12 h by default).
const REFRESH_MARGIN_SECS: i64 = 2 * 86_400;
/// Back-off of an owed push after a 5xx: 1 s doubling, at most 10 min.
const BACKOFF_MAX_MS: i64 = 600_000;

/// Why the Discord callback did not complete. Each maps to one page in `web`.
#[derive(Debug, thiserror::Error)]
pub enum LinkedRolesError {
    #[error("the member declined on Discord")]
    Denied,
    #[error("Discord reported an authorization error")]
    Provider,
    #[error("the callback is missing `{0}`")]
    MissingParameter(&'static str),
    #[error("the authorization is expired or was already used")]
    StateInvalid,
    #[error("the authorization was started in another browser")]
    WrongBrowser,
    #[error(transparent)]
    Discord(#[from] DiscordApiError),
    #[error("could not start the Resonite authorization: {0}")]
    Link(#[from] LinkError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What the Discord callback did.
#[derive(Debug, Clone)]
pub enum DiscordCallback {
    /// Already linked: the connection was pushed (or, Discord busy, is owed).
    Pushed {
        discord_name: String,
        resonite_username: String,
        pending: bool,
    },
    /// Not linked yet: on to Resonite, whose callback finishes both.
    ContinueToResonite { authorize_url: Url },
}

/// What a push did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pushed {
    /// Discord took the member's connection.
    Sent,
    /// Nothing changed since the last push: nothing sent.
    Unchanged,
    /// The member is unlinked: the connection was cleared and the token revoked.
    Cleared,
    /// No usable Discord token (never connected, refused, or not kept without a key).
    NoConnection,
    /// Discord is busy or down: owed, retried later.
    Owed,
}

pub struct LinkedRoles {
    store: Store,
    api: DiscordApi,
    links: Arc<LinkService>,
    clock: Clock,
    /// Seals Discord tokens. Without `TOKEN_ENCRYPTION_KEY` a key of this process only: the
    /// tokens live from the Discord callback to the push at link time, then go.
    cipher: Arc<TokenCipher>,
    keeps_tokens: bool,
    notifier: OnceLock<Arc<dyn Notifier>>,
}

/// Binds a sealed Discord token to its member and its kind. The text keeps the earlier name
/// (resonite-link) byte for byte: tokens sealed before the rename must keep opening.
fn context(discord_user_id: u64, kind: &str) -> Vec<u8> {
    format!("resonite-link discord {kind} token v1; discord user {discord_user_id}").into_bytes()
}

impl LinkedRoles {
    pub fn new(
        store: Store,
        api: DiscordApi,
        links: Arc<LinkService>,
        clock: Clock,
        cipher: Option<Arc<TokenCipher>>,
    ) -> Result<Self, crate::tokens::KeyError> {
        let keeps_tokens = cipher.is_some();
        let cipher = match cipher {
            Some(c) => c,
            None => Arc::new(TokenCipher::new(&crate::tokens::generate_key(), None)?),
        };
        Ok(Self {
            store,
            api,
            links,
            clock,
            cipher,
            keeps_tokens,
            notifier: OnceLock::new(),
        })
    }

    /// Who DMs the member when Discord stops accepting their token (set once Discord is attached).
    pub fn set_notifier(&self, notifier: Arc<dyn Notifier>) {
        let _ = self.notifier.set(notifier);
    }

    /// Whether tokens outlive the push at link time (`TOKEN_ENCRYPTION_KEY` set).
    pub fn keeps_tokens(&self) -> bool {
        self.keeps_tokens
    }

    pub fn api(&self) -> &DiscordApi {
        &self.api
    }

    /// Registers the metadata records with Discord (at start-up).
    pub async fn register_metadata(&self) -> Result<(), DiscordApiError> {
        self.api.register_metadata(&metadata::records_json()).await
    }

    /// `GET /linked-role`: a fresh single-use state bound to the browser whose cookie is
    /// `browser`, and Discord's authorize URL.
    pub async fn start(&self, browser: &str) -> Result<Url, LinkedRolesError> {
        let state = random_token();
        let verifier = random_token();
        let now = self.clock.now();
        self.store
            .discord_connections()
            .insert_state(
                &state_hash(&state),
                &verifier,
                &state_hash(browser),
                now,
                now + STATE_TTL_SECS,
            )
            .await?;
        Ok(self.api.authorize_url(&state, &verifier).await?)
    }

    /// `GET /discord/callback`. Nothing is stored unless Discord gave tokens and the user.
    /// `locale`: the browser's language, kept with the Resonite authorization this may
    /// continue into, so its result page speaks it (no `/link` told the bot one).
    /// `browser`: the cookie of the browser that brought the callback; the state must be
    /// that browser's, and so is the Resonite state it continues into.
    pub async fn complete(
        &self,
        params: CallbackParams,
        locale: Option<&str>,
        browser: Option<&str>,
    ) -> Result<DiscordCallback, LinkedRolesError> {
        let state = params.state.filter(|s| !s.is_empty());
        let now = self.clock.now();
        if let Some(error) = params.error {
            // Burn the state: the attempt cannot be replayed.
            if let Some(state) = &state {
                self.store
                    .discord_connections()
                    .consume_state(&state_hash(state.expose()), None, now)
                    .await?;
            }
            return Err(if error == "access_denied" {
                LinkedRolesError::Denied
            } else {
                LinkedRolesError::Provider
            });
        }
        let state = state.ok_or(LinkedRolesError::MissingParameter("state"))?;
        let code = params
            .code
            .filter(|c| !c.is_empty())
            .ok_or(LinkedRolesError::MissingParameter("code"))?;
        let browser_hash = browser
            .map(state_hash)
            .ok_or(LinkedRolesError::WrongBrowser)?;
        let verifier = match self
            .store
            .discord_connections()
            .consume_state(&state_hash(state.expose()), Some(&browser_hash), now)
            .await?
        {
            DiscordStateTaken::Taken(verifier) => verifier,
            DiscordStateTaken::OtherBrowser => return Err(LinkedRolesError::WrongBrowser),
            DiscordStateTaken::Invalid => return Err(LinkedRolesError::StateInvalid),
        };
        let tokens = self.api.exchange_code(code.expose(), &verifier).await?;
        let user = match self.api.current_user(&tokens.access_token).await {
            Ok(user) => user,
            Err(e) => {
                // Nothing is kept of the attempt; give the authorization back.
                self.revoke_quietly(&tokens.access_token).await;
                return Err(e.into());
            }
        };
        self.keep_tokens(&user, &tokens, now).await?;
        match self.store.links().by_discord(user.id).await? {
            Some(link) => {
                let pushed = self.push_link(&link, true).await;
                Ok(DiscordCallback::Pushed {
                    discord_name: user.name,
                    resonite_username: link.resonite_username,
                    pending: pushed == Pushed::Owed,
                })
            }
            None => {
                // No `/link` reply to edit: the Resonite callback's page says it all.
                let started = self
                    .links
                    .start_in(&LinkRequest {
                        discord_user_id: user.id,
                        discord_name: &user.name,
                        locale,
                        browser_hash: Some(&browser_hash),
                        ..LinkRequest::default()
                    })
                    .await?;
                Ok(DiscordCallback::ContinueToResonite {
                    authorize_url: started.authorize_url,
                })
            }
        }
    }

    async fn keep_tokens(
        &self,
        user: &DiscordUser,
        tokens: &DiscordTokens,
        now: i64,
    ) -> Result<(), StoreError> {
        let access = self.seal(user.id, "access", &tokens.access_token);
        let refresh = tokens
            .refresh_token
            .as_ref()
            .map(|t| self.seal(user.id, "refresh", t));
        self.store
            .discord_connections()
            .put_tokens(&NewDiscordTokens {
                discord_user_id: user.id,
                discord_username: &user.name,
                access: &access,
                refresh: refresh.as_ref(),
                expires_at: now + tokens.expires_in.as_secs() as i64,
                now,
            })
            .await
    }

    fn seal(&self, user: u64, kind: &str, token: &Secret) -> Sealed {
        self.cipher.seal(token.expose(), &context(user, kind))
    }

    fn open(&self, user: u64, kind: &str, sealed: Option<&Sealed>) -> Option<Secret> {
        let sealed = sealed?;
        match self.cipher.open(sealed, &context(user, kind)) {
            Ok(secret) => Some(secret),
            Err(e) => {
                tracing::info!(discord_user = user, error = %e, "stored Discord token unusable (another process's or a retired key)");
                None
            }
        }
    }

    async fn revoke_quietly(&self, token: &Secret) {
        if let Err(e) = self.api.revoke(token).await {
            tracing::info!(error = %e, "could not revoke a Discord token");
        }
    }

    /// After a Resonite link completed: push the connection if the member authorized
    /// Discord (`/linked-role`). `None` when they have no Discord connection.
    pub async fn after_link(&self, discord_user_id: u64) -> Option<Pushed> {
        let link = match self.store.links().by_discord(discord_user_id).await {
            Ok(Some(link)) => link,
            Ok(None) => return None,
            Err(e) => {
                tracing::warn!(discord_user = discord_user_id, error = %e, "could not read a link for Linked Roles");
                return None;
            }
        };
        match self.push_link(&link, true).await {
            Pushed::NoConnection => None,
            other => Some(other),
        }
    }

    /// After `/unlink`: an empty push, then the Discord token revoked and forgotten.
    pub async fn after_unlink(&self, discord_user_id: u64) -> Pushed {
        self.push(discord_user_id, false).await
    }

    /// After a re-verification: refreshes the token when it expires soon, and pushes only
    /// when a value changed.
    pub async fn after_verify(&self, discord_user_id: u64) -> Pushed {
        self.push(discord_user_id, false).await
    }

    /// Pushes what is owed now (the worker's loop, and tests); returns how many landed.
    pub async fn push_due(&self) -> Result<usize, StoreError> {
        let due = self
            .store
            .discord_connections()
            .due_pushes(self.clock.now() * 1000, 100)
            .await?;
        let mut landed = 0;
        for user in due {
            if !matches!(self.push(user, true).await, Pushed::Owed) {
                landed += 1;
            }
        }
        Ok(landed)
    }

    /// Runs [`Self::push_due`] every few seconds until `stop` turns true; forgets expired
    /// states every ten minutes.
    pub async fn run(self: Arc<Self>, mut stop: tokio::sync::watch::Receiver<bool>) {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        let mut ticks: u64 = 0;
        loop {
            tokio::select! {
                _ = every.tick() => {
                    if let Err(e) = self.push_due().await {
                        tracing::warn!(error = %e, "could not read owed Linked Roles pushes");
                    }
                    if ticks.is_multiple_of(120)
                        && let Err(e) = self.store.discord_connections().purge_states(self.clock.now() - 3600).await
                    {
                        tracing::warn!(error = %e, "could not purge expired Discord states");
                    }
                    ticks += 1;
                }
                _ = stop.changed() => return,
            }
        }
    }

    /// The member's connection as it stands now: linked → their metadata, unlinked →
    /// cleared and revoked. `force` pushes even when nothing changed.
    async fn push(&self, user: u64, force: bool) -> Pushed {
        match self.store.links().by_discord(user).await {
            Ok(Some(link)) => self.push_link(&link, force).await,
            Ok(None) => self.clear(user).await,
            Err(e) => {
                tracing::warn!(discord_user = user, error = %e, "could not read a link for Linked Roles");
                Pushed::Owed
            }
        }
    }

    async fn connection(&self, user: u64) -> Option<DiscordConnection> {
        match self.store.discord_connections().get(user).await {
            Ok(Some(c)) if c.refused_at.is_none() => Some(c),
            Ok(_) => None,
            Err(e) => {
                tracing::warn!(discord_user = user, error = %e, "could not read a Discord connection");
                None
            }
        }
    }

    /// A usable access token: refreshed first when it expires within `margin` seconds.
    /// `None` when there is none, or Discord refused the refresh token (the member is told).
    async fn access_token(
        &self,
        c: &DiscordConnection,
        margin: i64,
    ) -> Result<Option<Secret>, DiscordApiError> {
        let user = c.discord_user_id;
        let now = self.clock.now();
        if c.expires_at - now > margin
            && let Some(access) = self.open(user, "access", c.access.as_ref())
        {
            return Ok(Some(access));
        }
        let Some(refresh) = self.open(user, "refresh", c.refresh.as_ref()) else {
            return Ok(self
                .open(user, "access", c.access.as_ref())
                .filter(|_| c.expires_at > now));
        };
        match self.api.refresh(&refresh).await {
            Ok(tokens) => {
                let who = DiscordUser {
                    id: user,
                    name: c.discord_username.clone(),
                };
                if let Err(e) = self.keep_tokens(&who, &tokens, now).await {
                    tracing::error!(discord_user = user, error = %e, "could not store a refreshed Discord token");
                }
                Ok(Some(tokens.access_token))
            }
            Err(DiscordApiError::InvalidGrant) => {
                self.refused(user).await;
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Discord no longer accepts the member's refresh token: no more pushes; told once.
    async fn refused(&self, user: u64) {
        let now = self.clock.now();
        match self.store.discord_connections().refuse(user, now).await {
            Ok(true) => {
                if let Some(notifier) = self.notifier.get()
                    && let Err(e) = notifier
                        .dm(user, &MemberNotice::LinkedRolesDisconnected)
                        .await
                {
                    tracing::info!(discord_user = user, error = %e, "could not DM a member about Linked Roles");
                }
            }
            Ok(false) => {}
            Err(e) => {
                tracing::warn!(discord_user = user, error = %e, "could not record a refused Discord token")
            }
        }
    }

    async fn push_link(&self, link: &Link, force: bool) -> Pushed {
        let user = link.discord_user_id;
        let Some(connection) = self.connection(user).await else {
            return Pushed::NoConnection;
        };
        let body = body_for(link, self.clock.now());
        let text = body.to_string();
        if !force && connection.pushed_json.as_deref() == Some(text.as_str()) {
            // Nothing changed; still keep the token fresh (Discord's last 7 days).
            if self.keeps_tokens && connection.expires_at - self.clock.now() <= REFRESH_MARGIN_SECS
            {
                let _ = self.access_token(&connection, REFRESH_MARGIN_SECS).await;
            }
            return Pushed::Unchanged;
        }
        let result = match self.access_token(&connection, REFRESH_MARGIN_SECS).await {
            Ok(Some(token)) => self.put_retrying(&token, &body).await,
            Ok(None) => return Pushed::NoConnection,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                let forget = !self.keeps_tokens;
                if let Err(e) = self
                    .store
                    .discord_connections()
                    .record_push(user, &text, forget, self.clock.now())
                    .await
                {
                    tracing::warn!(discord_user = user, error = %e, "could not record a Linked Roles push");
                }
                tracing::info!(discord_user = user, "Linked Roles connection pushed");
                Pushed::Sent
            }
            Err(DiscordApiError::Unauthorized) => {
                // The member removed the app in their settings: as good as refused.
                self.refused(user).await;
                Pushed::NoConnection
            }
            Err(e) => self.owe(&connection, &e).await,
        }
    }

    /// One PUT, and once more after a short 429's `retry_after`.
    async fn put_retrying(&self, token: &Secret, body: &Value) -> Result<(), DiscordApiError> {
        match self.api.put_role_connection(token, body).await {
            Err(DiscordApiError::RateLimited { retry_after })
                if retry_after <= INLINE_RETRY_MAX =>
            {
                tokio::time::sleep(retry_after).await;
                self.api.put_role_connection(token, body).await
            }
            other => other,
        }
    }

    /// Records the push as owed: after the 429's wait, or backing off after an outage.
    async fn owe(&self, c: &DiscordConnection, e: &DiscordApiError) -> Pushed {
        let user = c.discord_user_id;
        let now_ms = self.clock.now() * 1000;
        let wait_ms = match e {
            DiscordApiError::RateLimited { retry_after } => retry_after.as_millis() as i64,
            _ => (1000i64 << c.push_attempts.clamp(0, 20)).min(BACKOFF_MAX_MS),
        };
        tracing::warn!(discord_user = user, error = %e, retry_in_ms = wait_ms, "Linked Roles push failed; retrying later");
        if let Err(e) = self
            .store
            .discord_connections()
            .schedule_push(user, now_ms + wait_ms)
            .await
        {
            tracing::error!(discord_user = user, error = %e, "could not record an owed Linked Roles push");
        }
        Pushed::Owed
    }

    /// Unlinked: clears the connection on Discord, revokes the token and forgets it.
    async fn clear(&self, user: u64) -> Pushed {
        let Some(connection) = self.connection(user).await else {
            if let Err(e) = self.store.discord_connections().delete(user).await {
                tracing::warn!(discord_user = user, error = %e, "could not forget a Discord connection");
            }
            return Pushed::NoConnection;
        };
        let token = match self.access_token(&connection, 60).await {
            Ok(Some(token)) => token,
            Ok(None) => {
                let _ = self.store.discord_connections().delete(user).await;
                return Pushed::NoConnection;
            }
            Err(e) => return self.owe(&connection, &e).await,
        };
        match self.put_retrying(&token, &metadata::empty_body()).await {
            Ok(()) | Err(DiscordApiError::Unauthorized) => {}
            Err(e) => return self.owe(&connection, &e).await,
        }
        let refresh = self.open(user, "refresh", connection.refresh.as_ref());
        self.revoke_quietly(refresh.as_ref().unwrap_or(&token))
            .await;
        if let Err(e) = self.store.discord_connections().delete(user).await {
            tracing::warn!(discord_user = user, error = %e, "could not forget a Discord connection");
        }
        tracing::info!(
            discord_user = user,
            "Linked Roles connection cleared and revoked"
        );
        Pushed::Cleared
    }

    /// Whether the member's connection is active (for `/whois`).
    pub async fn status(&self, discord_user_id: u64) -> Result<ConnectionStatus, StoreError> {
        Ok(
            match self
                .store
                .discord_connections()
                .get(discord_user_id)
                .await?
            {
                None => ConnectionStatus::None,
                Some(c) if c.refused_at.is_some() => ConnectionStatus::Refused,
                Some(c) if c.pushed_json.is_none() => ConnectionStatus::Pending,
                Some(c) if c.access.is_none() => ConnectionStatus::PushedOnce,
                Some(_) => ConnectionStatus::Active,
            },
        )
    }
}

/// A member's Linked Roles connection, as `/whois` tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectionStatus {
    None,
    /// Authorized on Discord, nothing pushed yet (linking, or a push owed).
    Pending,
    /// Pushed and kept up to date.
    Active,
    /// Pushed at link time; not updated (no `TOKEN_ENCRYPTION_KEY`).
    PushedOnce,
    /// Discord stopped accepting the token: `/linked-role` again.
    Refused,
}

/// The role connection body of a link, from its stored profile.
pub fn body_for(link: &Link, now: i64) -> Value {
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap_or_default();
    let (facts, registered) = match Profile::from_json(&link.profile_json) {
        Ok(profile) => (Facts::from_profile(&profile, at), profile.registration_date),
        Err(_) => (Facts::default(), None),
    };
    metadata::connection_body(&link.resonite_username, &facts, registered)
}

#[async_trait::async_trait]
impl crate::linking::UnlinkFollower for LinkedRoles {
    async fn unlinked(&self, discord_user_id: u64) {
        self.after_unlink(discord_user_id).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::Sealed;

    #[test]
    fn a_discord_token_sealed_before_the_rename_still_opens() {
        let sealed = Sealed {
            key_id: "ddced56d06afa47c".to_owned(),
            ciphertext: "0sBtPskAOY8Vg4Oq/akZhU4euqO4zk7ReYrv00Ajs47WK3kzZVvt3hyI8W+aYmCAB5FCOtqA11JUITbnvcrihd73A8jsHWULMi7YPgW9SQ==".to_owned(),
        };
        let key = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [7u8; 32]);
        let cipher = TokenCipher::new(&key, None).expect("a 32-byte key");
        let opened = cipher
            .open(&sealed, &context(123_456_789_012_345_678, "refresh"))
            .expect("the Discord token sealed as resonite-link opens");
        assert_eq!(opened.expose(), "discord-refresh-sealed-by-resonite-link");
    }
}
