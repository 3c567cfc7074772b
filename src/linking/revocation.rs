//! Before `/unlink` deletes a link, its refresh token is revoked at Resonite
//! (`RESONITE_REVOKE_URL`, RFC 7009), so a copy of the database no longer grants access.
//! Best effort: a failure is logged and the unlink goes on.

use crate::resonite::ResoniteClient;
use crate::tokens::TokenVault;

/// Revokes the member's stored refresh token, if there is one and somewhere to revoke it.
pub(super) async fn revoke_stored_refresh_token(
    vault: &TokenVault,
    resonite: &ResoniteClient,
    discord_user_id: u64,
) {
    if !resonite.revokes() {
        return;
    }
    // Unreadable or missing tokens are logged by the vault; there is nothing to revoke.
    let Some(token) = vault.open(discord_user_id).await else {
        return;
    };
    match resonite.revoke_refresh_token(&token).await {
        Ok(_) => tracing::info!(discord_user = discord_user_id, "refresh token revoked"),
        Err(e) => {
            tracing::warn!(discord_user = discord_user_id, error = %e, "Resonite did not revoke the refresh token; unlinking anyway");
        }
    }
}
