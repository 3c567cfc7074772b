//! Resonite: the OAuth client and the profile model. Knows nothing of Discord.

pub mod bot;
mod client;
pub mod profile;

pub use client::{MAX_BODY_BYTES, ResoniteClient, ResoniteError, Tokens};
pub use profile::Profile;
