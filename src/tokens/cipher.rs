//! XChaCha20-Poly1305 sealing of tokens, with a current key and an optional old key.
//!
//! A sealed value is `base64(nonce || ciphertext || tag)` with a fresh random 192-bit
//! nonce per call (large enough that random nonces never collide in practice), plus the
//! id of the key that sealed it. Keys are 32 random bytes, standard base64.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub use crate::store::Sealed;

use crate::config::Secret;

const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const KEY_LEN: usize = 32;

/// The environment variable holding the current key.
pub const CURRENT_KEY_VAR: &str = "TOKEN_ENCRYPTION_KEY";
/// The environment variable holding the previous key, kept while tokens are re-sealed.
pub const OLD_KEY_VAR: &str = "TOKEN_ENCRYPTION_KEY_OLD";

/// A key that can't be used. Messages name the variable, never the value.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("{var} is not valid base64 (make a key with `resonite-verify gen-key`)")]
    NotBase64 { var: &'static str },
    #[error(
        "{var} must be 32 bytes once base64-decoded, not {len} (make a key with `resonite-verify gen-key`)"
    )]
    WrongLength { var: &'static str, len: usize },
}

/// A sealed value that can't be opened.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CipherError {
    /// Sealed under a key that is neither the current nor the old one.
    #[error(
        "sealed under key {0}, which is neither TOKEN_ENCRYPTION_KEY nor TOKEN_ENCRYPTION_KEY_OLD"
    )]
    UnknownKey(String),
    /// Not base64, too short, or authentication failed (wrong key, wrong context, tampered).
    #[error("sealed value is corrupt or was not sealed for this row")]
    Corrupt,
}

struct KeySlot {
    id: String,
    aead: XChaCha20Poly1305,
}

impl KeySlot {
    fn parse(b64: &str, var: &'static str) -> Result<Self, KeyError> {
        let bytes = STANDARD
            .decode(b64.trim())
            .map_err(|_| KeyError::NotBase64 { var })?;
        let key: [u8; KEY_LEN] =
            bytes
                .as_slice()
                .try_into()
                .map_err(|_| KeyError::WrongLength {
                    var,
                    len: bytes.len(),
                })?;
        Ok(Self {
            id: key_id(&key),
            aead: XChaCha20Poly1305::new(&Key::from(key)),
        })
    }
}

/// Seals and opens tokens. `Debug` shows only the key ids.
pub struct TokenCipher {
    current: KeySlot,
    old: Option<KeySlot>,
}

impl fmt::Debug for TokenCipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCipher")
            .field("current_key_id", &self.current.id)
            .field("old_key_id", &self.old.as_ref().map(|k| &k.id))
            .finish_non_exhaustive()
    }
}

impl TokenCipher {
    /// Builds from `TOKEN_ENCRYPTION_KEY` and, during a rotation, `TOKEN_ENCRYPTION_KEY_OLD`
    /// (both standard base64 of 32 bytes; surrounding whitespace is ignored).
    pub fn new(current_b64: &str, old_b64: Option<&str>) -> Result<Self, KeyError> {
        let current = KeySlot::parse(current_b64, CURRENT_KEY_VAR)?;
        let old = old_b64
            .map(|b64| KeySlot::parse(b64, OLD_KEY_VAR))
            .transpose()?;
        Ok(Self { current, old })
    }

    pub fn current_key_id(&self) -> &str {
        &self.current.id
    }

    /// The id of `TOKEN_ENCRYPTION_KEY_OLD`, during a rotation.
    pub fn old_key_id(&self) -> Option<&str> {
        self.old.as_ref().map(|k| k.id.as_str())
    }

    /// Seals `plaintext` under the current key with a fresh random nonce.
    ///
    /// `context` is bound as associated data (the bot passes
    /// [`user_context`](super::user_context) of the Discord user id), so a ciphertext
    /// moved to another row does not decrypt.
    pub fn seal(&self, plaintext: &str, context: &[u8]) -> Sealed {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        // Encryption into a Vec only fails past ~256 GiB of plaintext per message.
        let sealed = self
            .current
            .aead
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: context,
                },
            )
            .expect("XChaCha20-Poly1305 encryption of an in-memory token cannot fail");
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Sealed {
            key_id: self.current.id.clone(),
            ciphertext: STANDARD.encode(out),
        }
    }

    /// Opens `sealed` with the key its `key_id` names (current or old).
    pub fn open(&self, sealed: &Sealed, context: &[u8]) -> Result<Secret, CipherError> {
        let slot = self
            .slot(&sealed.key_id)
            .ok_or_else(|| CipherError::UnknownKey(sealed.key_id.clone()))?;
        let bytes = STANDARD
            .decode(sealed.ciphertext.as_bytes())
            .map_err(|_| CipherError::Corrupt)?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(CipherError::Corrupt);
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| CipherError::Corrupt)?;
        let plain = slot
            .aead
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: body,
                    aad: context,
                },
            )
            .map_err(|_| CipherError::Corrupt)?;
        String::from_utf8(plain)
            .map(Secret::new)
            .map_err(|_| CipherError::Corrupt)
    }

    /// Whether `sealed` is under the current key; `false` means open and re-seal it.
    pub fn is_current(&self, sealed: &Sealed) -> bool {
        sealed.key_id == self.current.id
    }

    fn slot(&self, id: &str) -> Option<&KeySlot> {
        if id == self.current.id {
            Some(&self.current)
        } else {
            self.old.as_ref().filter(|old| old.id == id)
        }
    }
}

/// A fresh key for `TOKEN_ENCRYPTION_KEY`: 32 bytes from `rand::rng()` (a CSPRNG seeded by
/// the OS), standard base64.
pub fn generate_key() -> String {
    let mut key = [0u8; KEY_LEN];
    rand::rng().fill_bytes(&mut key);
    STANDARD.encode(key)
}

/// A short public id for a key: the first 8 bytes of SHA-256("resonite-link key id" || key), hex.
/// (The earlier name stays: stored ciphertexts name their key by this id.)
pub fn key_id(key: &[u8; 32]) -> String {
    let digest = Sha256::new()
        .chain_update(b"resonite-link key id")
        .chain_update(key)
        .finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "refresh-token-0123456789-very-secret";
    const CTX: &[u8] = b"discord user 42";

    fn key(byte: u8) -> String {
        STANDARD.encode([byte; 32])
    }

    fn cipher(byte: u8) -> TokenCipher {
        TokenCipher::new(&key(byte), None).expect("valid key")
    }

    #[test]
    fn round_trip() {
        let c = cipher(1);
        let sealed = c.seal(TOKEN, CTX);
        assert_eq!(sealed.key_id, c.current_key_id());
        assert!(!sealed.ciphertext.contains(TOKEN));
        assert_eq!(c.open(&sealed, CTX).expect("opens").expose(), TOKEN);
        assert!(c.is_current(&sealed));
        // The empty string round-trips too.
        let empty = c.seal("", CTX);
        assert_eq!(c.open(&empty, CTX).expect("opens").expose(), "");
    }

    #[test]
    fn every_seal_uses_a_fresh_nonce() {
        let c = cipher(1);
        let a = c.seal(TOKEN, CTX);
        let b = c.seal(TOKEN, CTX);
        assert_ne!(a.ciphertext, b.ciphertext);
        let nonce =
            |s: &Sealed| STANDARD.decode(&s.ciphertext).expect("base64")[..NONCE_LEN].to_vec();
        assert_ne!(nonce(&a), nonce(&b));
    }

    #[test]
    fn wrong_context_is_corrupt() {
        let c = cipher(1);
        let sealed = c.seal(TOKEN, CTX);
        assert_eq!(
            c.open(&sealed, b"discord user 43"),
            Err(CipherError::Corrupt)
        );
        assert_eq!(c.open(&sealed, b""), Err(CipherError::Corrupt));
    }

    #[test]
    fn a_key_other_than_the_named_one_does_not_open() {
        let sealed = cipher(1).seal(TOKEN, CTX);
        // Same key id, different key: authentication fails.
        let mut other = cipher(2);
        other.current.id = sealed.key_id.clone();
        assert_eq!(other.open(&sealed, CTX), Err(CipherError::Corrupt));
        // A key id naming the other key: also no.
        let c = TokenCipher::new(&key(2), Some(&key(1))).expect("keys");
        let relabelled = Sealed {
            key_id: c.current_key_id().to_owned(),
            ciphertext: sealed.ciphertext.clone(),
        };
        assert_eq!(c.open(&relabelled, CTX), Err(CipherError::Corrupt));
    }

    #[test]
    fn tampering_is_corrupt() {
        let c = cipher(1);
        let sealed = c.seal(TOKEN, CTX);
        let raw = STANDARD.decode(&sealed.ciphertext).expect("base64");
        for i in [0, NONCE_LEN, raw.len() - 1] {
            let mut bad = raw.clone();
            bad[i] ^= 0x01;
            let tampered = Sealed {
                key_id: sealed.key_id.clone(),
                ciphertext: STANDARD.encode(&bad),
            };
            assert_eq!(
                c.open(&tampered, CTX),
                Err(CipherError::Corrupt),
                "byte {i}"
            );
        }
        for ciphertext in [
            "not base64!".to_owned(),
            String::new(),
            STANDARD.encode(&raw[..NONCE_LEN + TAG_LEN - 1]),
            STANDARD.encode(&raw[..raw.len() - 1]),
        ] {
            let bad = Sealed {
                key_id: sealed.key_id.clone(),
                ciphertext,
            };
            assert_eq!(c.open(&bad, CTX), Err(CipherError::Corrupt));
        }
    }

    #[test]
    fn rotation_opens_old_and_reseals_under_new() {
        let a = cipher(1);
        let sealed = a.seal(TOKEN, CTX);
        let rotated = TokenCipher::new(&key(2), Some(&key(1))).expect("keys");
        assert_ne!(rotated.current_key_id(), a.current_key_id());
        assert!(!rotated.is_current(&sealed));
        let plain = rotated.open(&sealed, CTX).expect("old key opens");
        assert_eq!(plain.expose(), TOKEN);
        let resealed = rotated.seal(plain.expose(), CTX);
        assert_eq!(resealed.key_id, cipher(2).current_key_id());
        assert!(rotated.is_current(&resealed));
        assert_eq!(rotated.open(&resealed, CTX).expect("opens").expose(), TOKEN);

        // Once the old key is dropped, its tokens are unknown, not corrupt.
        let b_only = cipher(2);
        assert_eq!(
            b_only.open(&sealed, CTX),
            Err(CipherError::UnknownKey(a.current_key_id().to_owned()))
        );
    }

    #[test]
    fn bad_keys_name_the_variable_and_not_the_value() {
        let not_b64 = "this is not base64 at all!!";
        let short = STANDARD.encode([7u8; 31]);
        let long = STANDARD.encode([7u8; 33]);
        let cases: [(&str, Option<&str>, &str, &str); 6] = [
            (not_b64, None, CURRENT_KEY_VAR, not_b64),
            (&short, None, CURRENT_KEY_VAR, &short),
            (&long, None, CURRENT_KEY_VAR, &long),
            (&key(1), Some(not_b64), OLD_KEY_VAR, not_b64),
            (&key(1), Some(&short), OLD_KEY_VAR, &short),
            (&key(1), Some(&long), OLD_KEY_VAR, &long),
        ];
        for (current, old, var, value) in cases {
            let err = TokenCipher::new(current, old).expect_err("refused");
            let shown = format!("{err} {err:?}");
            assert!(shown.contains(var), "{shown}");
            if var == CURRENT_KEY_VAR {
                assert!(!shown.contains(OLD_KEY_VAR), "{shown}");
            }
            assert!(!shown.contains(value), "{shown}");
        }
        assert_eq!(
            TokenCipher::new(&short, None).expect_err("short"),
            KeyError::WrongLength {
                var: CURRENT_KEY_VAR,
                len: 31
            }
        );
        assert_eq!(
            TokenCipher::new(&long, None).expect_err("long"),
            KeyError::WrongLength {
                var: CURRENT_KEY_VAR,
                len: 33
            }
        );
        // Surrounding whitespace (a trailing newline from a file) is tolerated.
        assert!(TokenCipher::new(&format!(" {}\n", key(1)), None).is_ok());
    }

    #[test]
    fn debug_output_never_shows_keys_or_plaintext() {
        let (ka, kb) = (generate_key(), generate_key());
        let c = TokenCipher::new(&ka, Some(&kb)).expect("keys");
        let sealed = c.seal(TOKEN, CTX);
        let opened = c.open(&sealed, CTX).expect("opens");
        let shown = format!("{c:?} {sealed:?} {opened:?} {c:#?} {sealed:#?}");
        for hidden in [ka.as_str(), kb.as_str(), TOKEN, sealed.ciphertext.as_str()] {
            assert!(!shown.contains(hidden), "{shown}");
        }
        // Also not any long prefix of the ciphertext.
        assert!(!shown.contains(&sealed.ciphertext[..16]), "{shown}");
        assert!(shown.contains(c.current_key_id()));
    }

    #[test]
    fn generated_keys_are_fresh_and_usable() {
        let (a, b) = (generate_key(), generate_key());
        assert_ne!(a, b);
        assert_eq!(STANDARD.decode(&a).expect("base64").len(), 32);
        assert!(TokenCipher::new(&a, None).is_ok());
    }

    #[test]
    fn key_ids_are_short_stable_hex() {
        let id = key_id(&[0u8; 32]);
        assert_eq!(id.len(), 16);
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(id, key_id(&[0u8; 32]));
        assert_ne!(id, key_id(&[1u8; 32]));
        // Domain-separated: not simply the first bytes of SHA-256(key).
        let plain: String = Sha256::digest([0u8; 32])[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_ne!(id, plain);
        assert_eq!(cipher(0).current_key_id(), id);
    }
}
