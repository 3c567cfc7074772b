//! Tests of the fakes against real clients (serenity, poise) and of the OpenAPI check.

mod fake_gateway;
#[cfg(feature = "openapi")]
mod openapi;
