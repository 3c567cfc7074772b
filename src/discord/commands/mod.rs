//! Slash commands, one file per feature.

pub mod config;
pub mod link;
pub mod roles;
pub mod sync;
pub mod update;
pub mod whois;
