//! Shared test helpers: databases, fakes, the app on loopback.
#![allow(dead_code)]

pub mod app;
pub mod db;
pub mod e2e;
pub mod openapi;
pub mod seed;
