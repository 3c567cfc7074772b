//! resonite-link: links Resonite accounts to Discord accounts and keeps roles in step.
//!
//! The core (`linking`, `roles`, `store`, `resonite`) knows nothing of Discord or axum;
//! `discord` and `web` are thin adapters, `mock` holds local stand-ins for the services
//! the bot talks to (used by tests, `mock-resonite` and `demo`).

pub mod app;
pub mod clock;
pub mod config;
pub mod demo;
pub mod discord;
pub mod health;
pub mod linking;
pub mod mock;
pub mod resonite;
pub mod reverify;
pub mod roles;
pub mod store;
pub mod tokens;
pub mod web;
