//! Linking a Discord account to a Resonite account: `/link` starts, the callback completes.

pub mod by_message;
pub mod codes;
mod revocation;
mod secrets;
mod service;
mod starter;

pub use secrets::{random_token, state_hash};
pub use service::{
    CallbackParams, CompletedLink, LinkError, LinkObserver, LinkRequest, LinkService,
    LinkServiceParts, NoObserver, PendingLink, StartedLink, UnlinkFollower, Unlinked,
};
pub use starter::LinkStarter;
