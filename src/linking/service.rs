//! `LinkService`: starts a link (`/link`) and completes it (the OAuth callback).

use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::secrets::{random_token, state_hash};
use crate::clock::Clock;
use crate::resonite::{Profile, ResoniteClient, ResoniteError};
use crate::store::{AuditAction, Link, NewLinkState, Store, StoreError};
use crate::tokens::TokenCipher;

/// A `/link` attempt ready to hand to the member.
#[derive(Debug, Clone)]
pub struct StartedLink {
    pub authorize_url: Url,
    pub expires_at: i64,
}

/// What the OAuth callback received (all optional: it is outside input).
#[derive(Debug, Clone, Default)]
pub struct CallbackParams {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// A link that was just stored.
#[derive(Debug, Clone)]
pub struct CompletedLink {
    pub link: Link,
    /// The Resonite account this Discord user was linked to before, if it was another one.
    pub replaced: Option<Link>,
    pub profile: Profile,
    /// The member's Discord name when they ran `/link`.
    pub discord_name: String,
    /// The guild `/link` ran in (`None` in a DM).
    pub guild_id: Option<u64>,
    /// The `/link` interaction, to edit its reply.
    pub interaction_token: String,
    /// What the Discord side reported (e.g. roles granted), for the result page.
    pub notes: Vec<String>,
}

/// Why a callback did not produce a link. Each maps to one page and status in `web`.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("the member declined on Resonite")]
    Denied,
    #[error("Resonite reported an authorization error ({0})")]
    Provider(String),
    #[error("the callback is missing `{0}`")]
    MissingParameter(&'static str),
    #[error("the link is expired or was already used")]
    StateInvalid,
    #[error("this Resonite account is linked to another Discord account")]
    AccountTaken { resonite_username: String },
    #[error(transparent)]
    Resonite(#[from] ResoniteError),
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for LinkError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// Told about links as they happen, so the Discord side can follow (edit the `/link` reply,
/// sync roles). Implemented by the Discord adapter; the core does not know Discord.
#[async_trait::async_trait]
pub trait LinkObserver: Send + Sync {
    /// After a link is stored. Returns lines to show the member on the result page
    /// (e.g. the roles granted). Failures here are the observer's to report; the link stands.
    async fn linked(&self, done: &CompletedLink) -> Vec<String>;
    /// After a callback failed for a known state (declined, Resonite error, account taken).
    async fn link_failed(&self, interaction_token: &str, error: &LinkError);
}

/// An observer that does nothing (tests of the core, tools).
pub struct NoObserver;

#[async_trait::async_trait]
impl LinkObserver for NoObserver {
    async fn linked(&self, _done: &CompletedLink) -> Vec<String> {
        Vec::new()
    }
    async fn link_failed(&self, _interaction_token: &str, _error: &LinkError) {}
}

pub struct LinkService {
    store: Store,
    resonite: ResoniteClient,
    ttl: Duration,
    clock: Clock,
    observer: std::sync::RwLock<Arc<dyn LinkObserver>>,
    /// Seals refresh tokens for re-verification; without it tokens are never kept.
    cipher: std::sync::RwLock<Option<Arc<TokenCipher>>>,
}

impl LinkService {
    pub fn new(store: Store, resonite: ResoniteClient, ttl: Duration, clock: Clock) -> Self {
        Self {
            store,
            resonite,
            ttl,
            clock,
            observer: std::sync::RwLock::new(Arc::new(NoObserver)),
            cipher: std::sync::RwLock::new(None),
        }
    }

    /// Keeps refresh tokens (sealed) from now on; `None` keeps none.
    pub fn set_token_cipher(&self, cipher: Option<Arc<TokenCipher>>) {
        if let Ok(mut slot) = self.cipher.write() {
            *slot = cipher;
        }
    }

    fn cipher(&self) -> Option<Arc<TokenCipher>> {
        self.cipher.read().ok().and_then(|c| c.clone())
    }

    /// Sets who hears about completed links (the Discord side, once it is connected).
    pub fn set_observer(&self, observer: Arc<dyn LinkObserver>) {
        if let Ok(mut slot) = self.observer.write() {
            *slot = observer;
        }
    }

    fn observer(&self) -> Arc<dyn LinkObserver> {
        match self.observer.read() {
            Ok(o) => Arc::clone(&o),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Starts a link for a Discord user: a fresh single-use state and PKCE verifier stored
    /// server-side with the user, guild and interaction token; returns the authorize URL.
    pub async fn start(
        &self,
        discord_user_id: u64,
        discord_name: &str,
        guild_id: Option<u64>,
        interaction_token: &str,
    ) -> Result<StartedLink, LinkError> {
        let state = random_token();
        let verifier = random_token();
        let now = self.clock.now();
        let expires_at = now + self.ttl.as_secs() as i64;
        self.store
            .insert_link_state(&NewLinkState {
                state_hash: state_hash(&state),
                discord_user_id,
                discord_name: discord_name.to_owned(),
                guild_id,
                pkce_verifier: verifier.clone(),
                interaction_token: interaction_token.to_owned(),
                created_at: now,
                expires_at,
            })
            .await?;
        Ok(StartedLink {
            authorize_url: self.resonite.authorize_url(&state, &verifier),
            expires_at,
        })
    }

    /// Completes a link from the OAuth callback. Nothing is stored unless every step succeeds.
    pub async fn complete(&self, params: CallbackParams) -> Result<CompletedLink, LinkError> {
        let state = params.state.filter(|s| !s.is_empty());
        if let Some(error) = params.error {
            let error = if error == "access_denied" {
                LinkError::Denied
            } else {
                LinkError::Provider(sanitize_code(&error))
            };
            // Burn the state so the attempt cannot be replayed, and tell the member on Discord.
            if let Some(state) = state
                && let Some(taken) = self
                    .store
                    .consume_link_state(&state_hash(&state), self.clock.now())
                    .await?
            {
                self.observer()
                    .link_failed(&taken.interaction_token, &error)
                    .await;
            }
            return Err(error);
        }
        let state = state.ok_or(LinkError::MissingParameter("state"))?;
        let code = params
            .code
            .filter(|c| !c.is_empty())
            .ok_or(LinkError::MissingParameter("code"))?;
        let taken = self
            .store
            .consume_link_state(&state_hash(&state), self.clock.now())
            .await?
            .ok_or(LinkError::StateInvalid)?;

        match self.finish(&taken, &code).await {
            Ok(mut done) => {
                done.notes = self.observer().linked(&done).await;
                Ok(done)
            }
            Err(error) => {
                if let LinkError::AccountTaken { .. } = &error {
                    let now = self.clock.now();
                    if let Err(e) = self
                        .store
                        .record_audit(
                            now,
                            taken.guild_id,
                            taken.discord_user_id,
                            Some(taken.discord_user_id),
                            AuditAction::LinkRefused,
                            "Resonite account already linked to another Discord account",
                        )
                        .await
                    {
                        tracing::warn!(error = %e, "could not record a refused link");
                    }
                }
                self.observer()
                    .link_failed(&taken.interaction_token, &error)
                    .await;
                Err(error)
            }
        }
    }

    async fn finish(
        &self,
        taken: &crate::store::LinkState,
        code: &str,
    ) -> Result<CompletedLink, LinkError> {
        let tokens = self
            .resonite
            .exchange_code(code, &taken.pkce_verifier)
            .await?;
        let (profile, profile_json) = self.resonite.fetch_profile(&tokens.access_token).await?;
        let now = self.clock.now();
        let link = Link {
            discord_user_id: taken.discord_user_id,
            resonite_user_id: profile.id.clone(),
            resonite_username: profile.username.clone(),
            profile_json,
            scopes: tokens
                .scopes
                .unwrap_or_else(|| self.resonite.scopes().join(" ")),
            linked_at: now,
            last_checked_at: now,
        };
        let previous = match self.store.upsert_link(&link).await {
            Ok(previous) => previous,
            Err(StoreError::ResoniteAccountTaken) => {
                return Err(LinkError::AccountTaken {
                    resonite_username: profile.username.clone(),
                });
            }
            Err(e) => return Err(e.into()),
        };
        match (self.cipher(), &tokens.refresh_token) {
            (Some(cipher), Some(refresh)) => {
                let sealed = cipher.seal(
                    refresh.expose(),
                    &crate::tokens::user_context(link.discord_user_id),
                );
                if let Err(e) = self
                    .store
                    .put_refresh_token(link.discord_user_id, &sealed, now)
                    .await
                {
                    tracing::warn!(error = %e, "could not keep the refresh token; this link will not be re-verified");
                }
            }
            // A relink without a token (key removed, or no offline_access): forget any old one.
            _ => {
                if let Err(e) = self.store.delete_refresh_token(link.discord_user_id).await {
                    tracing::warn!(error = %e, "could not delete an outdated refresh token");
                }
            }
        }
        let (action, detail) = match &previous {
            Some(p) if p.resonite_user_id != link.resonite_user_id => (
                AuditAction::Relinked,
                format!(
                    "{} ({}), was {} ({})",
                    link.resonite_username,
                    link.resonite_user_id,
                    p.resonite_username,
                    p.resonite_user_id
                ),
            ),
            _ => (
                AuditAction::Linked,
                format!("{} ({})", link.resonite_username, link.resonite_user_id),
            ),
        };
        if let Err(e) = self
            .store
            .record_audit(
                now,
                taken.guild_id,
                link.discord_user_id,
                Some(link.discord_user_id),
                action,
                &detail,
            )
            .await
        {
            tracing::warn!(error = %e, "could not record a link in the audit log");
        }
        Ok(CompletedLink {
            replaced: previous.filter(|p| p.resonite_user_id != link.resonite_user_id),
            link,
            profile,
            discord_name: taken.discord_name.clone(),
            guild_id: taken.guild_id,
            interaction_token: taken.interaction_token.clone(),
            notes: Vec::new(),
        })
    }

    /// Removes the Discord user's link. Returns what was removed.
    pub async fn unlink(
        &self,
        discord_user_id: u64,
        actor_id: u64,
        guild_id: Option<u64>,
    ) -> Result<Option<Link>, LinkError> {
        super::revocation::revoke_stored_refresh_token(
            &self.store,
            &self.resonite,
            self.cipher().as_deref(),
            discord_user_id,
        )
        .await;
        let removed = self.store.delete_link(discord_user_id).await?;
        if let Some(link) = &removed {
            let detail = format!("{} ({})", link.resonite_username, link.resonite_user_id);
            if let Err(e) = self
                .store
                .record_audit(
                    self.clock.now(),
                    guild_id,
                    discord_user_id,
                    Some(actor_id),
                    AuditAction::Unlinked,
                    &detail,
                )
                .await
            {
                tracing::warn!(error = %e, "could not record an unlink in the audit log");
            }
        }
        Ok(removed)
    }

    /// Deletes states that expired more than an hour ago.
    pub async fn purge_expired(&self) -> Result<u64, LinkError> {
        Ok(self
            .store
            .purge_link_states(self.clock.now() - 3600)
            .await?)
    }
}

/// Keeps an OAuth error code printable and short: it ends up in logs and pages.
fn sanitize_code(raw: &str) -> String {
    let cleaned: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .take(40)
        .collect();
    if cleaned.is_empty() {
        "unknown_error".to_owned()
    } else {
        cleaned
    }
}
