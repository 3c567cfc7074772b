//! Refresh tokens at rest: sealed with an AEAD under `TOKEN_ENCRYPTION_KEY`.
//!
//! The database only ever holds [`Sealed`] values (a public key id and the ciphertext);
//! [`TokenCipher`] turns them back into a [`Secret`](crate::config::Secret) with the
//! current key or, during a rotation, the previous one (`TOKEN_ENCRYPTION_KEY_OLD`).
//! Each ciphertext is bound to its row by associated data ([`user_context`]), so a
//! ciphertext copied onto another member's row does not decrypt.

pub mod cipher;
mod vault;

pub use cipher::{CipherError, KeyError, Sealed, TokenCipher, generate_key, key_id};
pub use vault::TokenVault;

/// The associated data for a member's refresh token: binds the ciphertext to that member.
///
/// Every caller sealing or opening a stored refresh token passes this, so all agree on it.
pub fn user_context(discord_user_id: u64) -> Vec<u8> {
    format!("resonite-link refresh token v1; discord user {discord_user_id}").into_bytes()
}
