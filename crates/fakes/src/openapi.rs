//! Validates requests recorded by the fake Discord against Discord's official
//! OpenAPI 3.1 description (vendored at `tests/data/discord-openapi.json`).
//!
//! Include it from a test crate with `mod support { pub mod openapi; }`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::discord::RecordedRequest;
use serde_json::{Value, json};

/// The prefix serenity puts before every route (the spec's server URL ends in it).
const API_PREFIX: &str = "/api/v10";

/// A path template from the description, split into segments.
struct Template {
    path: String,
    /// `None` for a `{parameter}` segment, `Some(literal)` otherwise.
    segments: Vec<Option<String>>,
    literals: usize,
}

impl Template {
    fn new(path: &str) -> Self {
        let segments: Vec<Option<String>> = split(path)
            .map(|s| (!(s.starts_with('{') && s.ends_with('}'))).then(|| s.to_owned()))
            .collect();
        let literals = segments.iter().filter(|s| s.is_some()).count();
        Self {
            path: path.to_owned(),
            segments,
            literals,
        }
    }

    fn matches(&self, segments: &[&str]) -> bool {
        self.segments.len() == segments.len()
            && self
                .segments
                .iter()
                .zip(segments)
                .all(|(template, actual)| match template {
                    Some(literal) => literal == actual,
                    None => !actual.is_empty(),
                })
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.trim_matches('/').split('/')
}

pub struct OpenApi {
    document: Value,
    templates: Vec<Template>,
    /// Compiled request body validators, by (path template, lowercase method).
    validators: Mutex<HashMap<(String, String), Arc<jsonschema::Validator>>>,
}

impl OpenApi {
    /// The vendored description, parsed once per test binary.
    pub fn load() -> &'static OpenApi {
        static OPENAPI: OnceLock<OpenApi> = OnceLock::new();
        OPENAPI.get_or_init(|| {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/discord-openapi.json");
            let text =
                std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
            let document: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {path}: {e}"));
            Self::from_document(document)
        })
    }

    fn from_document(document: Value) -> Self {
        let templates = document["paths"]
            .as_object()
            .map(|paths| paths.keys().map(|p| Template::new(p)).collect())
            .unwrap_or_default();
        Self {
            document,
            templates,
            validators: Mutex::new(HashMap::new()),
        }
    }

    /// The path template matching `path` (without the `/api/v10` prefix):
    /// among all matches, the one with the most literal segments.
    pub fn match_path(&self, path: &str) -> Option<&str> {
        let segments: Vec<&str> = split(path).collect();
        self.templates
            .iter()
            .filter(|t| t.matches(&segments))
            .max_by_key(|t| t.literals)
            .map(|t| t.path.as_str())
    }

    /// Checks one request: the path and method exist, and the JSON body (if
    /// any) matches the operation's request body schema.
    ///
    /// `method` e.g. `"PATCH"`, `path` e.g.
    /// `"/api/v10/webhooks/1/tok/messages/@original"` (the prefix is optional,
    /// a query string is ignored), `body` `None` when empty.
    pub fn validate(&self, method: &str, path: &str, body: Option<&Value>) -> Result<(), String> {
        let path = path.split('?').next().unwrap_or(path);
        let api_path = path.strip_prefix(API_PREFIX).unwrap_or(path);
        let template = self.match_path(api_path).ok_or_else(|| {
            format!("{method} {path}: no path in the OpenAPI description matches")
        })?;
        let label = format!("{method} {path} (`{method} {template}`)");
        let methods = &self.document["paths"][template];
        let method_key = method.to_ascii_lowercase();
        let Some(operation) = methods.get(&method_key) else {
            let allowed: Vec<String> = methods
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .filter(|m| *m != "parameters")
                .map(|m| m.to_ascii_uppercase())
                .collect();
            return Err(format!(
                "{label}: method not allowed here (allowed: {})",
                allowed.join(", ")
            ));
        };
        let body = body.filter(|b| !b.is_null());
        let Some(request_body) = operation.get("requestBody") else {
            return match body {
                Some(b) if *b != json!({}) => Err(format!(
                    "{label}: the operation takes no request body, got {b}"
                )),
                _ => Ok(()),
            };
        };
        let Some(body) = body else {
            return if request_body["required"] == json!(true) {
                Err(format!(
                    "{label}: the request body is required but none was sent"
                ))
            } else {
                Ok(())
            };
        };
        let Some(schema) = request_body["content"]
            .get("application/json")
            .map(|c| &c["schema"])
        else {
            return Err(format!(
                "{label}: the operation does not accept a JSON body"
            ));
        };
        let validator = self
            .validator(template, &method_key, schema)
            .map_err(|e| format!("{label}: {e}"))?;
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|e| {
                let at = e.instance_path().to_string();
                let at = if at.is_empty() {
                    "(root)".to_owned()
                } else {
                    at
                };
                format!("  at {at}: {e}")
            })
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{label}: body {body} does not match the schema:\n{}",
                errors.join("\n")
            ))
        }
    }

    /// A validator for one operation's body schema: the document's components
    /// plus a top-level `$ref` to the schema, so its `$ref`s resolve (draft
    /// 2020-12, the dialect of OpenAPI 3.1).
    fn validator(
        &self,
        template: &str,
        method: &str,
        schema: &Value,
    ) -> Result<Arc<jsonschema::Validator>, String> {
        let key = (template.to_owned(), method.to_owned());
        let mut cache = self.validators.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(validator) = cache.get(&key) {
            return Ok(Arc::clone(validator));
        }
        let root = json!({
            "$ref": "#/$defs/operation",
            "$defs": { "operation": schema },
            "components": self.document["components"],
        });
        let validator = jsonschema::draft202012::new(&root)
            .map_err(|e| format!("compiling the request body schema: {e}"))?;
        let validator = Arc::new(validator);
        cache.insert(key, Arc::clone(&validator));
        Ok(validator)
    }

    /// Panics listing every recorded request that does not validate.
    pub fn assert_all_valid(&self, requests: &[RecordedRequest]) {
        let failures: Vec<String> = requests
            .iter()
            .filter_map(|r| self.validate(&r.method, &r.path, r.body.as_ref()).err())
            .collect();
        assert!(
            failures.is_empty(),
            "{} of {} requests do not match Discord's OpenAPI description:\n{}",
            failures.len(),
            requests.len(),
            failures.join("\n")
        );
    }
}
