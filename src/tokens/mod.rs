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
pub use vault::{Resealed, TokenVault};

/// The associated data for a member's refresh token: binds the ciphertext to that member.
///
/// Every caller sealing or opening a stored refresh token passes this, so all agree on it.
/// The text keeps the bot's earlier name, resonite-link, byte for byte: it is part of every
/// ciphertext stored before the rename to resonite-verify, which must keep opening.
pub fn user_context(discord_user_id: u64) -> Vec<u8> {
    format!("resonite-link refresh token v1; discord user {discord_user_id}").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    /// A refresh token sealed under key `[7; 32]` while the bot was still called
    /// resonite-link. If the associated data ever changes, stored tokens stop opening.
    const SEALED_BEFORE_THE_RENAME: (&str, &str) = (
        "ddced56d06afa47c",
        "efERvoqDcWxBis3DoXR40xi7cDvQxH5WSXAcXdqyi1Pt9xcwaSnVWOiZFuEbR5Y3wrv0wT1wMH1iNBugp3Dp/pER8+ZXzYeE2ZCUcsE=",
    );
    const FIXTURE_USER: u64 = 123_456_789_012_345_678;

    fn fixture_cipher() -> TokenCipher {
        let key = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        TokenCipher::new(&key, None).expect("a 32-byte key")
    }

    #[test]
    fn a_refresh_token_sealed_before_the_rename_still_opens() {
        let (key_id, ciphertext) = SEALED_BEFORE_THE_RENAME;
        let sealed = Sealed {
            key_id: key_id.to_owned(),
            ciphertext: ciphertext.to_owned(),
        };
        let cipher = fixture_cipher();
        let opened = cipher
            .open(&sealed, &user_context(FIXTURE_USER))
            .expect("the token sealed as resonite-link opens");
        assert_eq!(opened.expose(), "refresh-token-sealed-by-resonite-link");
        assert!(cipher.is_current(&sealed), "the key id is unchanged too");
    }
}
