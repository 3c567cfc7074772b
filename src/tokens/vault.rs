//! The one place refresh tokens are sealed, stored and opened: linking seals the first
//! token into its transaction, re-verification keeps each rotated one and opens the stored
//! one. Without a key nothing is ever kept.

use std::sync::Arc;

use super::{Sealed, TokenCipher, user_context};
use crate::config::Secret;
use crate::store::{Store, StoreError};

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
            .put_refresh_token(discord_user_id, &sealed, now)
            .await?;
        Ok(true)
    }

    /// The member's stored token, opened; `None` without a key, without a token, or when it
    /// does not open (a wrong or retired key): each logged, none an error to the caller.
    pub async fn open(&self, discord_user_id: u64) -> Option<Secret> {
        let cipher = self.cipher.as_ref()?;
        let sealed = match self.store.refresh_token(discord_user_id).await {
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
