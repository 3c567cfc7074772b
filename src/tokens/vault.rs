//! The one place refresh tokens are sealed, stored and opened: linking seals the first
//! token into its transaction, re-verification keeps each rotated one and opens the stored
//! one. Without a key nothing is ever kept.

use std::sync::Arc;

use super::{Sealed, TokenCipher, user_context};
use crate::config::Secret;
use crate::store::{Store, StoreError};

/// What one re-seal pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resealed {
    /// Tokens now under the current key.
    pub resealed: u64,
    /// Tokens under the old key that did not open (corrupt, or not sealed for their row):
    /// left as they are; re-verification cannot use them either.
    pub unusable: u64,
}

/// Tokens read per page of a re-seal pass.
const RESEAL_PAGE: i64 = 200;

#[derive(Clone)]
pub struct TokenVault {
    store: Store,
    cipher: Option<Arc<TokenCipher>>,
}

impl TokenVault {
    pub fn new(store: Store, cipher: Option<Arc<TokenCipher>>) -> Self {
        Self { store, cipher }
    }

    /// Whether tokens are kept at all (`TOKEN_ENCRYPTION_KEY` is set).
    pub fn keeps_tokens(&self) -> bool {
        self.cipher.is_some()
    }

    /// The member's token sealed for storage; `None` without a key.
    pub fn seal(&self, discord_user_id: u64, token: &Secret) -> Option<Sealed> {
        let cipher = self.cipher.as_ref()?;
        Some(cipher.seal(token.expose(), &user_context(discord_user_id)))
    }

    /// Keeps a rotated token in place of the old one. `Ok(false)` without a key.
    pub async fn keep(
        &self,
        discord_user_id: u64,
        token: &Secret,
        now: i64,
    ) -> Result<bool, StoreError> {
        let Some(sealed) = self.seal(discord_user_id, token) else {
            return Ok(false);
        };
        self.store
            .refresh_tokens()
            .put(discord_user_id, &sealed, now)
            .await?;
        Ok(true)
    }

    /// Re-seals every token still under `TOKEN_ENCRYPTION_KEY_OLD` under the current key, so
    /// a rotation completes and the old key can go. Idempotent and safe beside other
    /// processes: a token is replaced only if it is still the one read. Nothing to do
    /// without a key or an old key.
    pub async fn reseal_old(&self) -> Result<Resealed, StoreError> {
        let mut done = Resealed::default();
        let Some(cipher) = &self.cipher else {
            return Ok(done);
        };
        let Some(old) = cipher.old_key_id() else {
            return Ok(done);
        };
        let mut after = None;
        loop {
            let page = self
                .store
                .refresh_tokens()
                .under(old, after, RESEAL_PAGE)
                .await?;
            for (user, sealed) in &page {
                let context = user_context(*user);
                match cipher.open(sealed, &context) {
                    Ok(token) => {
                        let new = cipher.seal(token.expose(), &context);
                        if self
                            .store
                            .refresh_tokens()
                            .replace(*user, sealed, &new)
                            .await?
                        {
                            done.resealed += 1;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(discord_user = user, error = %e, "a token under the old key does not open; left as it is");
                        done.unusable += 1;
                    }
                }
            }
            if page.len() < RESEAL_PAGE as usize {
                return Ok(done);
            }
            after = page.last().map(|(user, _)| *user);
        }
    }

    /// Tokens not under the current key (still under the old one, or under a key now
    /// unknown); `None` without a key.
    pub async fn count_not_current(&self) -> Result<Option<i64>, StoreError> {
        let Some(cipher) = &self.cipher else {
            return Ok(None);
        };
        self.store
            .refresh_tokens()
            .count_not_under(cipher.current_key_id())
            .await
            .map(Some)
    }

    /// The member's stored token, opened; `None` without a key, without a token, or when it
    /// does not open (a wrong or retired key): each logged, none an error to the caller.
    pub async fn open(&self, discord_user_id: u64) -> Option<Secret> {
        let cipher = self.cipher.as_ref()?;
        let sealed = match self.store.refresh_tokens().get(discord_user_id).await {
            Ok(s) => s?,
            Err(e) => {
                tracing::warn!(discord_user = discord_user_id, error = %e, "could not read a refresh token");
                return None;
            }
        };
        match cipher.open(&sealed, &user_context(discord_user_id)) {
            Ok(secret) => Some(secret),
            Err(e) => {
                tracing::warn!(discord_user = discord_user_id, error = %e, "stored refresh token unusable (wrong or missing key?)");
                None
            }
        }
    }
}
