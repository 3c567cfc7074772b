//! Slash commands, one file per feature.

pub mod link;
pub mod whois;
