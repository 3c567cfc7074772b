//! Shared test helpers: the worlds (`world`), databases, the app on loopback.
#![allow(dead_code)]

pub mod app;
pub mod child;
pub mod chromium;
#[macro_use]
pub mod db;
pub mod e2e;
pub mod session;
pub mod world;
