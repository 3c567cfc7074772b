//! What a route answers: a JSON body or nothing ([`Reply`]), or Discord's error
//! ([`ApiError`]), and the HTTP response for each.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::error::ApiError;

pub(super) enum Reply {
    Json(Value),
    NoContent,
}

pub(super) type Outcome = Result<Reply, ApiError>;

/// The response for a route's outcome.
pub(super) fn reply(outcome: Outcome) -> Response {
    match outcome {
        Ok(Reply::Json(value)) => (StatusCode::OK, axum::Json(value)).into_response(),
        Ok(Reply::NoContent) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => api_error(&error),
    }
}

/// Discord's error body, with its status.
pub(super) fn api_error(error: &ApiError) -> Response {
    (error.status, axum::Json(error.body())).into_response()
}
