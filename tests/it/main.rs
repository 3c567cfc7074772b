//! The bot's integration tests, one binary so the suite links once. Each module is one
//! area; `support` builds the worlds they run in.

#[macro_use]
mod support;

mod audit;
mod backup;
mod bot_account;
mod bot_lease;
mod browser;
mod callback_faults;
mod check;
mod controls;
mod dashboard;
mod dashboard_browser;
mod db_outage;
mod demo;
mod e2e;
mod languages;
mod link_flow;
mod linked_roles;
mod logs;
mod message_link;
mod metrics;
mod properties;
mod reconcile;
mod resilience;
mod reverify;
mod revocation;
mod role_sync;
mod slow_clients;
mod starvation;
mod store;
mod token_store;
