//! Token-encryption keys: 32 random bytes, base64 (`resonite-link gen-key`).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::RngCore;

/// A fresh key for `TOKEN_ENCRYPTION_KEY`.
pub fn generate() -> String {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    STANDARD.encode(key)
}
