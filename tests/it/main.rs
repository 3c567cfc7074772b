//! The bot's integration tests, one binary so the suite links once. Each module is one
//! area; `support` builds the worlds they run in.

#[macro_use]
mod support;

mod browser;
mod callback_faults;
mod demo;
mod e2e;
mod link_flow;
mod logs;
mod metrics;
mod reconcile;
mod reverify;
mod role_sync;
mod store;
mod token_store;
