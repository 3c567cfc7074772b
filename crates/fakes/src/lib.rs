//! Local stand-ins for the services resonite-verify talks to, on 127.0.0.1: the mock
//! Resonite OAuth server ([`resonite`]), the fake Discord REST API and gateway
//! ([`discord`]), the check of recorded Discord requests against Discord's OpenAPI
//! description ([`openapi`], feature `openapi`), the sample Resonite profiles
//! ([`fixtures`]), and [`world`]: one builder that starts them together as the world a
//! test, the demo or the benchmark runs the bot in; [`tcp_proxy`] stands between the bot and
//! its database so a test can cut the database off.
//!
//! This crate knows nothing of the bot: the bot's tests, its `demo` and `mock-resonite`
//! subcommands and the benchmark use it; the bot built without its default `fakes`
//! feature contains none of it.

pub mod discord;
pub mod fixtures;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod resonite;
pub mod tcp_proxy;
pub mod world;

#[cfg(test)]
mod tests;
