//! Token-encryption keys: 32 random bytes, base64 (`resonite-link gen-key`).
//!
//! Kept for `main`'s `gen-key`; the keys are made and used in [`crate::tokens`].

/// A fresh key for `TOKEN_ENCRYPTION_KEY`.
pub fn generate() -> String {
    crate::tokens::generate_key()
}
