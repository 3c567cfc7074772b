//! Local stand-ins for the external services the bot talks to. Tests, the
//! `mock-resonite` subcommand and `demo` use them; production code never does.

pub mod discord;
pub mod resonite;
