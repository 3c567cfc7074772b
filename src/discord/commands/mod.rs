//! Slash commands, one file per feature.

pub mod config;
pub mod doctor;
pub mod link;
pub mod preview;
pub mod roles;
mod rule_input;
pub mod sync;
pub mod update;
pub mod whois;
