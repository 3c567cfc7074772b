//! `LinkService`: starts a link (`/link`), reads the Resonite account at the OAuth callback,
//! and commits the link when the browser that brought the callback confirms it.

use std::sync::Arc;
use std::time::Duration;

use url::Url;

use super::secrets::{random_token, state_hash};
use crate::clock::Clock;
use crate::config::Secret;
use crate::resonite::{Profile, ResoniteClient, ResoniteError, Tokens};
use crate::roles::{Applied, Reconciler, SyncCause};
use crate::store::{
    AuditAction, Confirmation, Link, LinkCommit, LinkState, NewConfirmation, Store, StoreError,
    UnlinkCommit,
};
use crate::tokens::TokenVault;

use super::starter::LinkStarter;

/// How long a callback holds its state while it talks to Resonite.
const HOLD_SECS: i64 = 120;
/// How long a link's marks wait for the log line announcing it, at most.
pub(super) const HOLD_MARKS_MS: i64 = 10_000;
/// The longest the result page takes once the confirming POST arrives, whatever Discord
/// does (DESIGN "Roles are reconciled").
pub(super) const PAGE_WAIT: Duration = Duration::from_secs(3);
/// How long the result page waits for the roles a link earns.
const ROLES_WAIT: Duration = Duration::from_secs(2);

/// A `/link` attempt ready to hand to the member.
#[derive(Debug, Clone)]
pub struct StartedLink {
    pub authorize_url: Url,
    pub expires_at: i64,
}

/// Who starts a link, and where (see [`LinkService::start_in`]).
#[derive(Debug, Clone, Default)]
pub struct LinkRequest<'a> {
    pub discord_user_id: u64,
    /// The member's Discord name, for the pages.
    pub discord_name: &'a str,
    pub guild_id: Option<u64>,
    /// The server's name, for the confirmation page (`None`: not known).
    pub guild_name: Option<&'a str>,
    /// The `/link` interaction, to edit its reply (empty: none).
    pub interaction_token: &'a str,
    pub locale: Option<&'a str>,
    /// Hex SHA-256 of the cookie of the browser the callback must come from (Linked
    /// Roles: bound from `/linked-role` on); `None`: whoever holds the URL.
    pub browser_hash: Option<&'a str>,
}

/// A callback that read the member's Resonite account and now waits for the browser to
/// confirm (`POST /oauth/confirm` with [`PendingLink::token`]).
#[derive(Debug, Clone)]
pub struct PendingLink {
    /// The single-use token of the page's form (only its hash is stored).
    pub token: String,
    pub discord_name: String,
    pub guild_id: Option<u64>,
    pub guild_name: Option<String>,
    pub resonite_username: String,
    pub resonite_user_id: String,
    pub locale: Option<String>,
    pub expires_at: i64,
}

/// What the OAuth callback received (all optional: it is outside input).
#[derive(Debug, Clone, Default)]
pub struct CallbackParams {
    pub code: Option<Secret>,
    pub state: Option<Secret>,
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
    pub interaction_token: Secret,
    /// The locale Discord reported with the `/link`: the reply and the page speak it.
    pub locale: Option<String>,
    /// What the Discord side reported (e.g. roles granted), for the result page.
    pub notes: Vec<String>,
    /// Every guild with rules: the member was marked for reconciling in each.
    pub marked_guilds: Vec<u64>,
    /// The reconciles this process finished within the short wait after the commit.
    pub applied: Vec<Applied>,
    /// Some marked guild's roles were not applied within the wait: they are on their way.
    pub roles_pending: bool,
    /// The `/link` reply is edited by the reconcile of the guild it ran in (that guild has
    /// rules), once, when it finishes; nobody else edits it.
    pub reply_by_reconcile: bool,
}

/// An unlink that was stored.
#[derive(Debug, Clone)]
pub struct Unlinked {
    pub link: Link,
    pub applied: Vec<Applied>,
    pub roles_pending: bool,
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
    #[error("the link was started or shown in another browser")]
    WrongBrowser,
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
    /// Right after the link is committed, before its roles are applied (the log channel
    /// hears of the link first).
    async fn link_stored(&self, _done: &CompletedLink) {}
    /// After the short wait for the roles. Returns lines to show the member on the result
    /// page (e.g. the roles granted). Failures here are the observer's to report; the link
    /// stands.
    async fn linked(&self, done: &CompletedLink) -> Vec<String>;
    /// After a callback failed for a known state (declined, Resonite error, account taken);
    /// `locale` is the `/link`'s.
    async fn link_failed(&self, interaction_token: &str, locale: Option<&str>, error: &LinkError);
}

/// Told after an unlink is stored, to clear what else follows the link (Linked Roles).
#[async_trait::async_trait]
pub trait UnlinkFollower: Send + Sync {
    async fn unlinked(&self, discord_user_id: u64);
}

/// An observer that does nothing (tests of the core, tools).
pub struct NoObserver;

#[async_trait::async_trait]
impl LinkObserver for NoObserver {
    async fn linked(&self, _done: &CompletedLink) -> Vec<String> {
        Vec::new()
    }
    async fn link_failed(
        &self,
        _interaction_token: &str,
        _locale: Option<&str>,
        _error: &LinkError,
    ) {
    }
}

pub struct LinkService {
    starter: LinkStarter,
    store: Store,
    pub(super) resonite: ResoniteClient,
    pub(super) ttl: Duration,
    clock: Clock,
    /// The bot's Resonite account's username, when linking by message is on.
    pub(super) bot_account: Option<String>,
    observer: Arc<dyn LinkObserver>,
    /// Seals refresh tokens for re-verification; without a key tokens are never kept.
    vault: TokenVault,
    /// Applies roles after links and unlinks.
    reconciler: Arc<Reconciler>,
    /// Clears the member's Linked Roles connection after an unlink, when that is on.
    unlink_follower: Option<Arc<dyn UnlinkFollower>>,
}

/// What a [`LinkService`] is built from (the assembly in `app` builds each part first).
pub struct LinkServiceParts {
    pub starter: LinkStarter,
    pub vault: TokenVault,
    pub reconciler: Arc<Reconciler>,
    /// Who hears about completed links on Discord (the log line; the reply of a link
    /// whose guild has no rules).
    pub observer: Arc<dyn LinkObserver>,
    pub unlink_follower: Option<Arc<dyn UnlinkFollower>>,
}

impl LinkService {
    pub fn new(parts: LinkServiceParts) -> Self {
        let LinkServiceParts {
            starter,
            vault,
            reconciler,
            observer,
            unlink_follower,
        } = parts;
        Self {
            store: starter.store().clone(),
            resonite: starter.resonite().clone(),
            ttl: starter.ttl(),
            clock: starter.clock().clone(),
            bot_account: None,
            starter,
            observer,
            vault,
            reconciler,
            unlink_follower,
        }
    }

    /// Links by message too, through the bot's Resonite account `username` (`None`: off).
    pub fn with_bot_account(mut self, username: Option<String>) -> Self {
        self.bot_account = username;
        self
    }

    fn vault(&self) -> TokenVault {
        self.vault.clone()
    }

    pub fn reconciler(&self) -> &Arc<Reconciler> {
        &self.reconciler
    }

    pub(super) fn observer(&self) -> Arc<dyn LinkObserver> {
        Arc::clone(&self.observer)
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
        self.start_localized(
            discord_user_id,
            discord_name,
            guild_id,
            interaction_token,
            None,
        )
        .await
    }

    /// [`LinkService::start`] for a `/link` in `locale` (Discord's code for the member's
    /// language): the result page, the edited reply and the link's later DMs speak it.
    pub async fn start_localized(
        &self,
        discord_user_id: u64,
        discord_name: &str,
        guild_id: Option<u64>,
        interaction_token: &str,
        locale: Option<&str>,
    ) -> Result<StartedLink, LinkError> {
        self.start_in(&LinkRequest {
            discord_user_id,
            discord_name,
            guild_id,
            interaction_token,
            locale,
            ..LinkRequest::default()
        })
        .await
    }

    /// Starts a link as `request` says (the server's name for the confirmation page; a
    /// browser the callback must come from).
    pub async fn start_in(&self, request: &LinkRequest<'_>) -> Result<StartedLink, LinkError> {
        self.starter.start_in(request).await
    }

    /// The OAuth callback (`GET /oauth/callback`): takes the state, exchanges the code and
    /// reads the profile, then stores a confirmation bound to the browser whose cookie is
    /// `browser` — nothing is linked until that browser confirms ([`LinkService::confirm`]).
    /// A state bound to a browser (Linked Roles) is refused from any other one.
    pub async fn callback(
        &self,
        params: CallbackParams,
        browser: &str,
    ) -> Result<PendingLink, LinkError> {
        let state = params.state.filter(|s| !s.is_empty());
        if let Some(error) = params.error {
            return Err(self.declined(state, &error).await);
        }
        let state = state.ok_or(LinkError::MissingParameter("state"))?;
        let code = params
            .code
            .filter(|c| !c.is_empty())
            .ok_or(LinkError::MissingParameter("code"))?;
        let hash = state_hash(state.expose());
        let browser_hash = state_hash(browser);
        let taken = self.hold_state(&hash, &browser_hash).await?;
        match self
            .prepare(&hash, &taken, code.expose(), &browser_hash)
            .await
        {
            Ok(pending) => Ok(pending),
            Err(error) => {
                self.after_failure(&hash, &taken, &error).await;
                if !matches!(error, LinkError::StateInvalid) {
                    self.tell_failed(&taken, &error).await;
                }
                Err(error)
            }
        }
    }

    /// The provider answered the callback with `error` (the member declined, or Resonite
    /// refused): burns the state so the attempt cannot be replayed, and tells the member on
    /// Discord. The database being away does not change what the member is told: nothing
    /// was linked either way, and the unburnt state only expires later.
    async fn declined(&self, state: Option<Secret>, error: &str) -> LinkError {
        let error = if error == "access_denied" {
            LinkError::Denied
        } else {
            LinkError::Provider(sanitize_code(error))
        };
        if let Some(state) = state {
            match self
                .store
                .link_states()
                .consume(&state_hash(state.expose()), self.clock.now())
                .await
            {
                Ok(Some(taken)) => self.tell_failed(&taken, &error).await,
                Ok(None) => {}
                Err(e) => {
                    tracing::warn!(error = %e, "could not burn the state of a declined link")
                }
            }
        }
        error
    }

    /// Holds the state for this callback; one bound to another browser stays for the
    /// browser it belongs to.
    async fn hold_state(&self, hash: &str, browser_hash: &str) -> Result<LinkState, LinkError> {
        let now = self.clock.now();
        let taken = self
            .store
            .link_states()
            .hold(hash, now, now + HOLD_SECS)
            .await?
            .ok_or(LinkError::StateInvalid)?;
        if taken
            .browser_hash
            .as_deref()
            .is_some_and(|bound| bound != browser_hash)
        {
            if let Err(e) = self.store.link_states().release(hash).await {
                tracing::warn!(error = %e, "could not release a state brought by another browser");
            }
            return Err(LinkError::WrongBrowser);
        }
        Ok(taken)
    }

    /// Tells the member on Discord that the link the state started failed.
    async fn tell_failed(&self, taken: &LinkState, error: &LinkError) {
        self.observer()
            .link_failed(
                taken.interaction_token.expose(),
                taken.locale.as_deref(),
                error,
            )
            .await;
    }

    /// Exchanges the code, fetches the profile, and replaces the state by a confirmation
    /// (one transaction). An account linked to someone else is refused here already.
    async fn prepare(
        &self,
        hash: &str,
        taken: &LinkState,
        code: &str,
        browser_hash: &str,
    ) -> Result<PendingLink, LinkError> {
        let tokens = self
            .resonite
            .exchange_code(code, taken.pkce_verifier.expose())
            .await?;
        let (profile, profile_json) = self.resonite.fetch_profile(&tokens.access_token).await?;
        if let Some(owner) = self.store.links().by_resonite(&profile.id).await?
            && owner.discord_user_id != taken.discord_user_id
        {
            return Err(LinkError::AccountTaken {
                resonite_username: profile.username.clone(),
            });
        }
        let link = self.new_link(taken.discord_user_id, &profile, profile_json, &tokens);
        let sealed = tokens
            .refresh_token
            .as_ref()
            .and_then(|t| self.vault().seal(link.discord_user_id, t));
        let token = random_token();
        let now = self.clock.now();
        let expires_at = now + self.starter.ttl().as_secs() as i64;
        self.store
            .link_states()
            .await_confirmation(
                hash,
                &NewConfirmation {
                    token_hash: &state_hash(&token),
                    browser_hash,
                    state: taken,
                    link: &link,
                    sealed_token: sealed.as_ref(),
                    now,
                    expires_at,
                },
            )
            .await
            .map_err(|e| match e {
                StoreError::StateTaken => LinkError::StateInvalid,
                other => LinkError::Store(other),
            })?;
        Ok(PendingLink {
            token,
            discord_name: taken.discord_name.clone(),
            guild_id: taken.guild_id,
            guild_name: taken.guild_name.clone(),
            resonite_username: profile.username,
            resonite_user_id: profile.id,
            locale: taken.locale.clone(),
            expires_at,
        })
    }

    /// `POST /oauth/confirm` with Link pressed: the confirmation `token` from the page, from
    /// the browser whose cookie is `browser`. Commits the link (one transaction), then
    /// follows it up on Discord; the page's deadline runs from now, the POST's arrival.
    pub async fn confirm(
        &self,
        token: &str,
        browser: Option<&str>,
    ) -> Result<CompletedLink, LinkError> {
        let deadline = tokio::time::Instant::now() + PAGE_WAIT;
        let token_hash = state_hash(token);
        let now = self.clock.now();
        let pending = self
            .store
            .link_states()
            .pending_confirmation(&token_hash, now)
            .await?
            .ok_or(LinkError::StateInvalid)?;
        let browser_hash = browser.map(state_hash);
        if browser_hash.as_deref() != Some(pending.browser_hash.as_str()) {
            return Err(LinkError::WrongBrowser);
        }
        match self.commit_confirmed(&token_hash, &pending, deadline).await {
            Ok(done) => Ok(done),
            Err(error) => {
                if let LinkError::AccountTaken { .. } = &error {
                    self.refused(pending.guild_id, pending.discord_user_id)
                        .await;
                    if let Err(e) = self
                        .store
                        .link_states()
                        .burn_confirmation(&token_hash, &pending.browser_hash, now)
                        .await
                    {
                        tracing::warn!(error = %e, "could not burn a refused confirmation");
                    }
                }
                if !matches!(error, LinkError::StateInvalid) {
                    self.observer()
                        .link_failed(
                            pending.interaction_token.expose(),
                            pending.locale.as_deref(),
                            &error,
                        )
                        .await;
                }
                Err(error)
            }
        }
    }

    /// Cancel pressed: the confirmation is used up and nothing is linked. Returns whether
    /// there was one pending for this browser (the page says nothing was linked either way).
    pub async fn cancel(&self, token: &str, browser: Option<&str>) -> Result<bool, LinkError> {
        let Some(browser) = browser else {
            return Ok(false);
        };
        Ok(self
            .store
            .link_states()
            .burn_confirmation(&state_hash(token), &state_hash(browser), self.clock.now())
            .await?)
    }

    /// The locale of the `/link` a confirmation `token` belongs to, for its page.
    pub async fn confirmation_locale(&self, token: &str) -> Option<String> {
        if token.is_empty() {
            return None;
        }
        match self
            .store
            .link_states()
            .confirmation_locale(&state_hash(token))
            .await
        {
            Ok(locale) => locale,
            Err(e) => {
                tracing::debug!(error = %e, "could not read a confirmation's locale");
                None
            }
        }
    }

    pub(super) async fn refused(&self, guild_id: Option<u64>, discord_user_id: u64) {
        if let Err(e) = self
            .store
            .audit()
            .record(
                self.clock.now(),
                guild_id,
                discord_user_id,
                Some(discord_user_id),
                AuditAction::LinkRefused,
                "Resonite account already linked to another Discord account",
            )
            .await
        {
            tracing::warn!(error = %e, "could not record a refused link");
        }
    }

    /// A refusal is final (the state is burnt); anything else lets go of the state, so that
    /// nothing of the attempt remains and the member can try again.
    async fn after_failure(&self, hash: &str, taken: &LinkState, error: &LinkError) {
        let now = self.clock.now();
        let result = match error {
            LinkError::AccountTaken { .. } => {
                self.refused(taken.guild_id, taken.discord_user_id).await;
                self.store
                    .link_states()
                    .consume(hash, now)
                    .await
                    .map(|_| ())
            }
            LinkError::StateInvalid | LinkError::WrongBrowser => Ok(()),
            LinkError::Resonite(e) if !e.is_transient() => self
                .store
                .link_states()
                .consume(hash, now)
                .await
                .map(|_| ()),
            // The database is away: releasing now would only make the page wait. Keep
            // trying in the background, so the member's next try works soon after it is
            // back rather than only once the hold expires.
            LinkError::Store(e) if e.is_unavailable() => {
                tokio::spawn(release_when_back(self.store.clone(), hash.to_owned()));
                Ok(())
            }
            _ => match self.store.link_states().release(hash).await {
                Err(e) if e.is_unavailable() => {
                    tokio::spawn(release_when_back(self.store.clone(), hash.to_owned()));
                    Err(e)
                }
                other => other,
            },
        };
        if let Err(e) = result {
            // Held states free themselves after HOLD_SECS; consumed ones expire.
            tracing::warn!(error = %e, "could not settle a link state after a failed callback");
        }
    }

    /// Commits a confirmed link, then follows it up on Discord until `deadline`.
    async fn commit_confirmed(
        &self,
        token_hash: &str,
        pending: &Confirmation,
        deadline: tokio::time::Instant,
    ) -> Result<CompletedLink, LinkError> {
        let profile = Profile::from_json(&pending.profile_json)
            .map_err(|e| LinkError::Store(StoreError::Corrupt(e.to_string())))?;
        let now = self.clock.now();
        let link = Link {
            discord_user_id: pending.discord_user_id,
            resonite_user_id: pending.resonite_user_id.clone(),
            resonite_username: pending.resonite_username.clone(),
            profile_json: pending.profile_json.clone(),
            scopes: pending.scopes.clone(),
            linked_at: now,
            last_checked_at: now,
        };
        let reconciler = Some(Arc::clone(&self.reconciler));
        // Subscribed before the commit: a worker may apply the roles at once.
        let applied_rx = reconciler.as_ref().map(|r| r.subscribe());
        let hold = format!("link:{}", token_hash.get(..16).unwrap_or(token_hash));
        let now_ms = now * 1000;
        let committed = self
            .store
            .links()
            .commit(&LinkCommit {
                confirmation_hash: token_hash,
                browser_hash: &pending.browser_hash,
                link: &link,
                sealed_token: pending.sealed_token.as_ref(),
                guild_id: pending.guild_id,
                reply_token: pending.interaction_token.expose(),
                locale: pending.locale.as_deref(),
                cause: SyncCause::Linked.as_stored(),
                now,
                now_ms,
                hold: &hold,
                hold_until_ms: now_ms + HOLD_MARKS_MS,
            })
            .await
            .map_err(|e| match e {
                StoreError::ResoniteAccountTaken => LinkError::AccountTaken {
                    resonite_username: profile.username.clone(),
                },
                StoreError::StateTaken => LinkError::StateInvalid,
                other => LinkError::Store(other),
            })?;
        let done = CompletedLink {
            replaced: committed
                .previous
                .filter(|p| p.resonite_user_id != link.resonite_user_id),
            link,
            profile,
            discord_name: pending.discord_name.clone(),
            guild_id: pending.guild_id,
            interaction_token: pending.interaction_token.clone(),
            locale: pending.locale.clone(),
            notes: Vec::new(),
            marked_guilds: committed.marked_guilds,
            applied: Vec::new(),
            roles_pending: true,
            reply_by_reconcile: committed.reply_pending && !pending.interaction_token.is_empty(),
        };
        Ok(self
            .follow_up_briefly(done, reconciler, applied_rx, hold, deadline)
            .await)
    }

    /// Telling Discord (the log line, the roles, the reply) runs on its own task: the
    /// member's page answers within [`PAGE_WAIT`] even when Discord hangs, and the rest goes
    /// on without it.
    pub(super) async fn follow_up_briefly(
        &self,
        mut done: CompletedLink,
        reconciler: Option<Arc<Reconciler>>,
        applied_rx: Option<tokio::sync::broadcast::Receiver<Applied>>,
        hold: String,
        deadline: tokio::time::Instant,
    ) -> CompletedLink {
        let task = tokio::spawn(follow_up(
            done.clone(),
            self.observer(),
            self.store.clone(),
            reconciler,
            applied_rx,
            hold,
        ));
        match tokio::time::timeout_at(deadline, task).await {
            Ok(Ok(followed)) => return followed,
            Ok(Err(e)) => tracing::warn!(error = %e, "following up a link failed"),
            Err(_) => {
                tracing::info!("Discord is slow: the result page does not wait for the roles")
            }
        }
        let lang = crate::i18n::Lang::of(done.locale.as_deref());
        done.notes.push(crate::tr!(lang, "roles-on-their-way"));
        done
    }

    fn new_link(
        &self,
        discord_user_id: u64,
        profile: &Profile,
        profile_json: String,
        tokens: &Tokens,
    ) -> Link {
        let now = self.clock.now();
        Link {
            discord_user_id,
            resonite_user_id: profile.id.clone(),
            resonite_username: profile.username.clone(),
            profile_json,
            scopes: tokens
                .scopes
                .clone()
                .unwrap_or_else(|| self.resonite.scopes().join(" ")),
            linked_at: now,
            last_checked_at: now,
        }
    }

    /// Removes the Discord user's link (and its token) and marks the member everywhere so
    /// the managed roles go; waits briefly for them. `None` when there was no link.
    pub async fn unlink(
        &self,
        discord_user_id: u64,
        actor_id: u64,
        guild_id: Option<u64>,
    ) -> Result<Option<Unlinked>, LinkError> {
        super::revocation::revoke_stored_refresh_token(
            &self.vault(),
            &self.resonite,
            discord_user_id,
        )
        .await;
        let reconciler = Some(Arc::clone(&self.reconciler));
        let mut applied_rx = reconciler.as_ref().map(|r| r.subscribe());
        let now = self.clock.now();
        let removed = self
            .store
            .links()
            .commit_unlink(&UnlinkCommit {
                discord_user_id,
                actor_id,
                guild_id,
                cause: SyncCause::Unlinked.as_stored(),
                now,
                now_ms: now * 1000,
            })
            .await?;
        let Some((link, guilds)) = removed else {
            return Ok(None);
        };
        if let Some(follower) = &self.unlink_follower {
            follower.unlinked(discord_user_id).await;
        }
        let (applied, roles_pending) = match (&reconciler, applied_rx.as_mut()) {
            (Some(r), Some(rx)) => {
                r.wake();
                wait_applied(rx, discord_user_id, &guilds).await
            }
            _ => (Vec::new(), !guilds.is_empty()),
        };
        Ok(Some(Unlinked {
            link,
            applied,
            roles_pending,
        }))
    }

    /// The locale of the `/link` a callback's `state` belongs to, for its page; `None` when
    /// unknown (no state, a made-up one, or the database away: the page falls back).
    pub async fn callback_locale(&self, state: Option<&str>) -> Option<String> {
        let state = state.filter(|s| !s.is_empty())?;
        match self.store.link_states().locale(&state_hash(state)).await {
            Ok(locale) => locale,
            Err(e) => {
                tracing::debug!(error = %e, "could not read a callback's locale");
                None
            }
        }
    }

    /// Deletes states and confirmations that expired more than an hour ago.
    pub async fn purge_expired(&self) -> Result<u64, LinkError> {
        let before = self.clock.now() - 3600;
        let states = self.store.link_states().purge(before).await?;
        let codes = self.store.link_codes().purge(before).await?;
        Ok(states + codes + self.store.link_states().purge_confirmations(before).await?)
    }
}

/// Lets go of a held state once the database answers again, trying every second or so
/// until the hold would have expired anyway.
async fn release_when_back(store: Store, hash: String) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(HOLD_SECS as u64);
    let mut wait = Duration::from_millis(250);
    while tokio::time::Instant::now() < deadline {
        match store.link_states().release(&hash).await {
            Ok(()) => {
                tracing::info!("released the state of a callback a database outage interrupted");
                return;
            }
            Err(e) if e.is_unavailable() => {
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(Duration::from_secs(1));
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not release a held link state");
                return;
            }
        }
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

/// Waits up to [`ROLES_WAIT`] for the member's reconciles in `guilds`; returns what was
/// applied and whether some guild is still on its way.
async fn wait_applied(
    rx: &mut tokio::sync::broadcast::Receiver<Applied>,
    user: u64,
    guilds: &[u64],
) -> (Vec<Applied>, bool) {
    let applied = Reconciler::wait_for(rx, user, guilds, ROLES_WAIT).await;
    let pending = guilds.iter().any(|g| {
        !applied
            .iter()
            .any(|a| a.guild_id == *g && a.retrying.is_none())
    });
    (applied, pending)
}

/// After a link's commit: the log line first, then its marks are let go, the roles
/// awaited briefly, and the `/link` reply edited; returns the link with the page's notes.
async fn follow_up(
    mut done: CompletedLink,
    observer: Arc<dyn LinkObserver>,
    store: Store,
    reconciler: Option<Arc<Reconciler>>,
    mut applied_rx: Option<tokio::sync::broadcast::Receiver<Applied>>,
    hold: String,
) -> CompletedLink {
    observer.link_stored(&done).await;
    if let Err(e) = store.queue().release_claims(&hold).await {
        tracing::warn!(error = %e, "could not release a link's marks; they run when the hold expires");
    }
    let user = done.link.discord_user_id;
    (done.applied, done.roles_pending) = match (&reconciler, applied_rx.as_mut()) {
        (Some(r), Some(rx)) => {
            r.wake();
            wait_applied(rx, user, &done.marked_guilds).await
        }
        _ => (Vec::new(), !done.marked_guilds.is_empty()),
    };
    done.notes = observer.linked(&done).await;
    done
}
