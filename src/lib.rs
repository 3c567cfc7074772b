//! resonite-verify: links Resonite accounts to Discord accounts and keeps roles in step.
//!
//! The core (`linking`, `roles`, `store`, `resonite`) knows nothing of Discord or axum;
//! `discord` and `web` are thin adapters, `demo` (feature `fakes`) runs the bot against the
//! local stand-ins of the `resonite-verify-fakes` crate.

pub mod app;
pub mod clock;
pub mod config;
pub mod dashboard;
#[cfg(feature = "fakes")]
pub mod demo;
pub mod discord;
pub mod doctor;
pub mod guild_admin;
pub mod i18n;
pub mod linked_roles;
pub mod linking;
pub mod logging;
pub mod members;
pub mod preflight;
pub mod random;
pub mod readiness;
pub mod resonite;
pub mod reverify;
pub mod roles;
#[cfg(feature = "fakes")]
pub mod seed;
pub mod settings;
pub mod store;
pub mod telemetry;
pub mod tokens;
mod upstream;
pub mod web;
