//! Linked Roles: the application's role connection metadata records (bot
//! token) and each user's role connection (the user's Bearer token with
//! `role_connections.write`), with Discord's validation.
//!
//! Discord documents the limits (5 records; key 1–50 of `a-z0-9_`, name 1–100,
//! description 1–200, type 1–8; platform name ≤ 50, username ≤ 100, values ≤ 100
//! characters) and answers `400 Invalid Form Body` (50035) beyond them. It does
//! not document the field error codes for a bad key, an unregistered key or a
//! value that does not fit its record's type; the codes used for those here
//! are the fake's own. Discord also stores values like `true` that no
//! requirement can match; the fake refuses them, to catch that mistake.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::error::{ApiError, FieldError};
use super::model::RecordedRequest;
use super::oauth::{Grant, SCOPE_ROLE_CONNECTIONS_WRITE};
use super::reply::{Outcome, Reply};

const MAX_RECORDS: usize = 5;
const KEY_MAX: usize = 50;
const NAME_MAX: usize = 100;
const DESCRIPTION_MAX: usize = 200;
const PLATFORM_NAME_MAX: usize = 50;
const PLATFORM_USERNAME_MAX: usize = 100;
const VALUE_MAX: usize = 100;

/// The application's metadata records and its users' role connections.
#[derive(Default)]
pub(super) struct LinkedRoles {
    pub metadata: Vec<Value>,
    /// user id → `{platform_name, platform_username, metadata}`
    pub connections: BTreeMap<u64, Value>,
}

/// `/api/v10/users/@me/applications/{id}/role-connection`, any id.
pub(super) fn is_role_connection_path(path: &str) -> bool {
    role_connection_app(path).is_some()
}

fn role_connection_app(path: &str) -> Option<&str> {
    path.strip_prefix("/api/v10/users/@me/applications/")?
        .strip_suffix("/role-connection")
        .filter(|app| !app.is_empty() && !app.contains('/'))
}

/// `GET`/`PUT`/`DELETE /users/@me/applications/{app}/role-connection` with a
/// user's token; `None` for any other route.
pub(super) fn role_connection(
    application_id: u64,
    linked_roles: &mut LinkedRoles,
    request: &RecordedRequest,
    grant: &Grant,
) -> Option<Outcome> {
    let app = role_connection_app(&request.path)?;
    let method = request.method.as_str();
    if !matches!(method, "GET" | "PUT" | "DELETE") {
        return None;
    }
    if app != application_id.to_string() {
        return Some(Err(ApiError::UNKNOWN_APPLICATION));
    }
    if !grant
        .scopes
        .iter()
        .any(|s| s == SCOPE_ROLE_CONNECTIONS_WRITE)
    {
        return Some(Err(ApiError::UNAUTHORIZED));
    }
    let user = grant.user_id;
    Some(match method {
        "GET" => Ok(Reply::Json(
            linked_roles
                .connections
                .get(&user)
                .cloned()
                .unwrap_or_else(empty_connection),
        )),
        "PUT" => {
            let connection = validate_connection(&linked_roles.metadata, request.body.as_ref());
            connection.map(|connection| {
                linked_roles.connections.insert(user, connection.clone());
                Reply::Json(connection)
            })
        }
        _ => {
            linked_roles.connections.remove(&user);
            Ok(Reply::NoContent)
        }
    })
}

fn empty_connection() -> Value {
    json!({ "platform_name": null, "platform_username": null, "metadata": {} })
}

/// `GET`/`PUT /applications/{app}/role-connections/metadata` (bot token).
pub(super) fn metadata(
    linked_roles: &mut LinkedRoles,
    method: &str,
    body: Option<&Value>,
) -> Option<Outcome> {
    match method {
        "GET" => Some(Ok(Reply::Json(Value::Array(linked_roles.metadata.clone())))),
        "PUT" => Some(validate_records(body).map(|records| {
            linked_roles.metadata = records.clone();
            Reply::Json(Value::Array(records))
        })),
        _ => None,
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

/// A required string field of `1..=max` characters.
fn text_field(
    record: &Map<String, Value>,
    field: &str,
    path: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match record.get(field) {
        None | Some(Value::Null) => errors.push(FieldError::required(path)),
        Some(Value::String(text)) if (1..=max).contains(&chars(text)) => {
            return Some(text.clone());
        }
        Some(Value::String(_)) => errors.push(FieldError::bad_length(path, 1, max)),
        Some(other) => errors.push(not_a_string(path, other)),
    }
    None
}

fn not_a_string(path: &str, value: &Value) -> FieldError {
    let message = format!("Could not interpret \"{value}\" as string.");
    FieldError::new(path, "BASE_TYPE_STRING", message)
}

fn validate_records(body: Option<&Value>) -> Result<Vec<Value>, ApiError> {
    let list = match body {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => {
            let error = FieldError::new("", "BASE_TYPE_ARRAY", "Must be an array.");
            return Err(ApiError::form(vec![error]));
        }
    };
    if list.len() > MAX_RECORDS {
        return Err(ApiError::form(vec![FieldError::too_long("", MAX_RECORDS)]));
    }
    let mut errors = Vec::new();
    let mut records = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    for (index, record) in list.iter().enumerate() {
        let Some(record) = record.as_object() else {
            let message = "Only dictionaries may be used in a DictType";
            errors.push(FieldError::new(
                index.to_string(),
                "DICT_TYPE_CONVERT",
                message,
            ));
            continue;
        };
        if let Some(stored) = validate_record(index, record, &mut keys, &mut errors) {
            records.push(stored);
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(ApiError::form(errors))
    }
}

/// Record `index` of a metadata list as stored, when it is valid; its field errors go to
/// `errors`, its key to `keys` (which it must not already be in).
fn validate_record(
    index: usize,
    record: &Map<String, Value>,
    keys: &mut Vec<String>,
    errors: &mut Vec<FieldError>,
) -> Option<Value> {
    let at = |field: &str| format!("{index}.{field}");
    let kind = match record.get("type") {
        None | Some(Value::Null) => {
            errors.push(FieldError::required(at("type")));
            None
        }
        Some(value) => match value.as_u64().filter(|t| (1..=8).contains(t)) {
            Some(kind) => Some(kind),
            None => {
                let message = "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8}.";
                errors.push(FieldError::new(at("type"), "BASE_TYPE_CHOICES", message));
                None
            }
        },
    };
    let key = text_field(record, "key", &at("key"), KEY_MAX, errors);
    if let Some(key) = &key {
        if !key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            let message = "String value did not match validation regex.";
            errors.push(FieldError::new(at("key"), "STRING_TYPE_REGEX", message));
        } else if keys.contains(key) {
            let message = "Metadata keys must be unique.";
            errors.push(FieldError::new(at("key"), "DUPLICATE_KEY", message));
        } else {
            keys.push(key.clone());
        }
    }
    let name = text_field(record, "name", &at("name"), NAME_MAX, errors);
    let description = text_field(
        record,
        "description",
        &at("description"),
        DESCRIPTION_MAX,
        errors,
    );
    let (Some(kind), Some(key), Some(name), Some(description)) = (kind, key, name, description)
    else {
        return None;
    };
    let mut stored = json!({
        "type": kind, "key": key, "name": name, "description": description,
    });
    for localized in ["name_localizations", "description_localizations"] {
        if let Some(value) = record.get(localized).filter(|v| !v.is_null()) {
            stored[localized] = value.clone();
        }
    }
    Some(stored)
}

/// An optional string of at most `max` characters (`null` or absent: none).
fn optional_text(
    body: &Map<String, Value>,
    field: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Value {
    match body.get(field) {
        None | Some(Value::Null) => Value::Null,
        Some(Value::String(text)) if chars(text) <= max => json!(text),
        Some(Value::String(_)) => {
            errors.push(FieldError::too_long(field, max));
            Value::Null
        }
        Some(other) => {
            errors.push(not_a_string(field, other));
            Value::Null
        }
    }
}

fn validate_connection(registered: &[Value], body: Option<&Value>) -> Result<Value, ApiError> {
    let body = body
        .and_then(Value::as_object)
        .ok_or(ApiError::INVALID_FORM_BODY)?;
    let mut errors = Vec::new();
    let platform_name = optional_text(body, "platform_name", PLATFORM_NAME_MAX, &mut errors);
    let platform_username = optional_text(
        body,
        "platform_username",
        PLATFORM_USERNAME_MAX,
        &mut errors,
    );
    let mut metadata = Map::new();
    match body.get("metadata") {
        None | Some(Value::Null) => {}
        Some(Value::Object(values)) if values.len() > MAX_RECORDS => {
            errors.push(FieldError::too_long("metadata", MAX_RECORDS));
        }
        Some(Value::Object(values)) => {
            for (key, value) in values {
                let path = format!("metadata.{key}");
                let kind = registered
                    .iter()
                    .find(|r| r["key"] == json!(key))
                    .and_then(|r| r["type"].as_u64());
                let Some(kind) = kind else {
                    let message = "This key is not a registered metadata key.";
                    errors.push(FieldError::new(path, "UNKNOWN_METADATA_KEY", message));
                    continue;
                };
                let text = match value {
                    Value::String(text) => text.clone(),
                    Value::Number(number) if number.is_i64() || number.is_u64() => {
                        number.to_string()
                    }
                    other => {
                        errors.push(not_a_string(&path, other));
                        continue;
                    }
                };
                if chars(&text) > VALUE_MAX {
                    errors.push(FieldError::too_long(path, VALUE_MAX));
                } else if !fits_type(kind, &text) {
                    let message = "The value does not fit the metadata record's type.";
                    errors.push(FieldError::new(path, "INVALID_METADATA_VALUE", message));
                } else {
                    metadata.insert(key.clone(), json!(text));
                }
            }
        }
        Some(_) => {
            let message = "Only dictionaries may be used in a DictType";
            errors.push(FieldError::new("metadata", "DICT_TYPE_CONVERT", message));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::form(errors));
    }
    Ok(json!({
        "platform_name": platform_name,
        "platform_username": platform_username,
        "metadata": metadata,
    }))
}

/// Integer types (1–4) take an integer, datetime types (5, 6) an ISO 8601
/// timestamp, boolean types (7, 8) `1` or `0`.
fn fits_type(kind: u64, value: &str) -> bool {
    match kind {
        1..=4 => value.parse::<i64>().is_ok(),
        5 | 6 => {
            chrono::DateTime::parse_from_rfc3339(value).is_ok()
                || chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok()
        }
        _ => matches!(value, "0" | "1"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(key: &str) -> Value {
        json!({ "type": 7, "key": key, "name": "Supporter", "description": "An active supporter" })
    }

    #[test]
    fn records_are_checked_field_by_field() {
        assert_eq!(
            validate_records(Some(&json!([record("supporter")])))
                .unwrap()
                .len(),
            1
        );
        let six: Vec<Value> = (0..6).map(|i| record(&format!("k{i}"))).collect();
        let error = validate_records(Some(&json!(six))).unwrap_err();
        assert_eq!(
            error.body()["errors"],
            json!({"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 5 or fewer in length."}]})
        );
        let bad = json!([
            { "type": 9, "key": "Bad-Key", "name": "", "description": "x".repeat(201) },
            { "key": "k".repeat(51), "name": "n", "description": "d", "type": 1 },
        ]);
        let body = validate_records(Some(&bad)).unwrap_err().body();
        assert_eq!(body["code"], json!(50035));
        let errors = &body["errors"];
        assert_eq!(
            errors["0"]["type"]["_errors"][0]["code"],
            json!("BASE_TYPE_CHOICES")
        );
        assert_eq!(
            errors["0"]["key"]["_errors"][0]["code"],
            json!("STRING_TYPE_REGEX")
        );
        assert_eq!(
            errors["0"]["name"]["_errors"][0]["message"],
            json!("Must be between 1 and 100 in length.")
        );
        assert_eq!(
            errors["0"]["description"]["_errors"][0]["message"],
            json!("Must be between 1 and 200 in length.")
        );
        assert_eq!(
            errors["1"]["key"]["_errors"][0]["message"],
            json!("Must be between 1 and 50 in length.")
        );
        let duplicate = json!([record("a"), record("a")]);
        assert!(validate_records(Some(&duplicate)).is_err());
        let missing = json!([{ "key": "a" }]);
        let body = validate_records(Some(&missing)).unwrap_err().body();
        assert_eq!(
            body["errors"]["0"]["type"]["_errors"][0]["code"],
            json!("BASE_TYPE_REQUIRED")
        );
    }

    #[test]
    fn values_fit_their_record_type() {
        assert!(fits_type(2, "1500") && !fits_type(2, "15.5") && !fits_type(3, "ten"));
        assert!(fits_type(6, "2021-03-04T05:06:07+00:00") && fits_type(5, "2021-03-04"));
        assert!(!fits_type(6, "yesterday"));
        assert!(fits_type(7, "1") && fits_type(8, "0") && !fits_type(7, "true"));
    }
}
