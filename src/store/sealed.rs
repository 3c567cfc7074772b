//! The sealed form of a secret at rest: the store keeps it as two text columns; the
//! `tokens` module above the store seals and opens it.

use std::fmt;

/// A sealed token: which key sealed it, and base64(nonce || ciphertext+tag).
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    pub ciphertext: String,
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sealed")
            .field("key_id", &self.key_id)
            .field("ciphertext_len", &self.ciphertext.len())
            .finish()
    }
}
