//! Before `/unlink` deletes a link, its refresh token is revoked at Resonite
//! (`RESONITE_REVOKE_URL`, RFC 7009), so a copy of the database no longer grants access.
//! Best effort: a failure is logged and the unlink goes on.

use crate::resonite::ResoniteClient;
use crate::store::Store;
use crate::tokens::{TokenCipher, user_context};

/// Revokes the member's stored refresh token, if there is one and somewhere to revoke it.
pub(super) async fn revoke_stored_refresh_token(
    store: &Store,
    resonite: &ResoniteClient,
    cipher: Option<&TokenCipher>,
    discord_user_id: u64,
) {
    let Some(cipher) = cipher.filter(|_| resonite.revokes()) else {
        return;
    };
    let sealed = match store.refresh_token(discord_user_id).await {
        Ok(Some(sealed)) => sealed,
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(discord_user = discord_user_id, error = %e, "could not read the refresh token to revoke; unlinking anyway");
            return;
        }
    };
    let token = match cipher.open(&sealed, &user_context(discord_user_id)) {
        Ok(token) => token,
        Err(e) => {
            tracing::warn!(discord_user = discord_user_id, error = %e, "stored refresh token unusable, not revoked; unlinking anyway");
            return;
        }
    };
    match resonite.revoke_refresh_token(&token).await {
        Ok(_) => tracing::info!(discord_user = discord_user_id, "refresh token revoked"),
        Err(e) => {
            tracing::warn!(discord_user = discord_user_id, error = %e, "Resonite did not revoke the refresh token; unlinking anyway");
        }
    }
}
