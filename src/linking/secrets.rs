//! The random values of one `/link` attempt.

use sha2::{Digest, Sha256};

/// The states, verifiers and codes of an attempt (kept here for the callers that name it
/// through `linking`; made in [`crate::random`]).
pub use crate::random::random_token;

/// What the database keeps of a state: its SHA-256, hex. A leaked table cannot be replayed.
pub fn state_hash(state: &str) -> String {
    let digest = Sha256::digest(state.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_hash_is_sha256_hex() {
        assert_eq!(
            state_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
