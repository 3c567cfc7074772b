//! Discord's JSON errors.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::payload;

/// A Discord JSON error: status plus `{"message", "code"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ApiError {
    pub status: StatusCode,
    pub message: &'static str,
    pub code: u32,
    /// For `Invalid Form Body` (50035): what is wrong with which field.
    pub errors: Vec<FieldError>,
}

/// One entry of an `Invalid Form Body`'s `errors`: the field's path (dotted,
/// array indexes as numbers: `0.key`; empty for the body itself), Discord's
/// error code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FieldError {
    pub path: String,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code,
            message: message.into(),
        }
    }

    /// `BASE_TYPE_MAX_LENGTH`: "Must be {max} or fewer in length."
    pub fn too_long(path: impl Into<String>, max: usize) -> Self {
        let message = format!("Must be {max} or fewer in length.");
        Self::new(path, "BASE_TYPE_MAX_LENGTH", message)
    }

    /// `BASE_TYPE_BAD_LENGTH`: "Must be between {min} and {max} in length."
    pub fn bad_length(path: impl Into<String>, min: usize, max: usize) -> Self {
        let message = format!("Must be between {min} and {max} in length.");
        Self::new(path, "BASE_TYPE_BAD_LENGTH", message)
    }

    /// `BASE_TYPE_REQUIRED`: "This field is required"
    pub fn required(path: impl Into<String>) -> Self {
        Self::new(path, "BASE_TYPE_REQUIRED", "This field is required")
    }
}

impl ApiError {
    const fn new(status: StatusCode, message: &'static str, code: u32) -> Self {
        Self {
            status,
            message,
            code,
            errors: Vec::new(),
        }
    }

    /// `400 Invalid Form Body` (50035) naming the fields at fault.
    pub fn form(errors: Vec<FieldError>) -> Self {
        Self {
            errors,
            ..Self::INVALID_FORM_BODY
        }
    }
    pub const NOT_FOUND: Self = Self::new(StatusCode::NOT_FOUND, "404: Not Found", 0);
    pub const UNAUTHORIZED: Self = Self::new(StatusCode::UNAUTHORIZED, "401: Unauthorized", 0);
    pub const UNKNOWN_APPLICATION: Self =
        Self::new(StatusCode::NOT_FOUND, "Unknown Application", 10002);
    pub const UNKNOWN_CHANNEL: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Channel", 10003);
    pub const UNKNOWN_GUILD: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Guild", 10004);
    pub const UNKNOWN_MEMBER: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Member", 10007);
    pub const UNKNOWN_MESSAGE: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Message", 10008);
    pub const UNKNOWN_ROLE: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Role", 10011);
    pub const UNKNOWN_USER: Self = Self::new(StatusCode::NOT_FOUND, "Unknown User", 10013);
    pub const UNKNOWN_WEBHOOK: Self = Self::new(StatusCode::NOT_FOUND, "Unknown Webhook", 10015);
    pub const MISSING_ACCESS: Self = Self::new(StatusCode::FORBIDDEN, "Missing Access", 50001);
    pub const CANNOT_DM: Self = Self::new(
        StatusCode::FORBIDDEN,
        "Cannot send messages to this user",
        50007,
    );
    pub const MISSING_PERMISSIONS: Self =
        Self::new(StatusCode::FORBIDDEN, "Missing Permissions", 50013);
    pub const INVALID_FORM_BODY: Self =
        Self::new(StatusCode::BAD_REQUEST, "Invalid Form Body", 50035);
    pub const EMPTY_MESSAGE: Self = Self::new(
        StatusCode::BAD_REQUEST,
        "Cannot send an empty message",
        50006,
    );
    pub const ALREADY_ACKNOWLEDGED: Self = Self::new(
        StatusCode::BAD_REQUEST,
        "Interaction has already been acknowledged.",
        40060,
    );

    /// The JSON body: `{"message", "code"}` and, for form errors, `errors`
    /// nested by field path with `_errors` lists at the leaves.
    pub fn body(&self) -> Value {
        let mut body = payload::error(self.message, self.code);
        if !self.errors.is_empty() {
            let mut errors = json!({});
            for error in &self.errors {
                let mut node = &mut errors;
                // An empty path is the body itself (e.g. a list that is too long).
                for segment in error.path.split('.').filter(|s| !s.is_empty()) {
                    node = &mut node[segment];
                }
                let entry = json!({ "code": error.code, "message": error.message });
                match node["_errors"].as_array_mut() {
                    Some(list) => list.push(entry),
                    None => node["_errors"] = json!([entry]),
                }
            }
            body["errors"] = errors;
        }
        body
    }
}
