//! Shared test helpers: databases, fakes, the app on loopback.
#![allow(dead_code)]

pub mod app;
#[macro_use]
pub mod db;
pub mod e2e;
pub mod seed;
