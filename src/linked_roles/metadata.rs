//! The role connection metadata: the records registered with Discord (what admins pick in
//! a role's Links settings) and the pure mapping from a profile's facts to their values.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value, json};

use crate::roles::Facts;

/// What the member's Discord profile shows as the connection's platform.
pub const PLATFORM_NAME: &str = "Resonite";

/// Discord's metadata types (application role connection metadata type).
const INTEGER_GREATER_THAN_OR_EQUAL: u8 = 2;
const DATETIME_GREATER_THAN_OR_EQUAL: u8 = 6;
const BOOLEAN_EQUAL: u8 = 7;

/// One record as registered: key, type, and the name and description admins read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MetadataRecord {
    pub key: &'static str,
    pub kind: u8,
    pub name: &'static str,
    pub description: &'static str,
}

/// DESIGN.md "Linked Roles": exactly these five records.
pub const RECORDS: [MetadataRecord; 5] = [
    MetadataRecord {
        key: "supporter",
        kind: BOOLEAN_EQUAL,
        name: "Resonite supporter",
        description: "Supports Resonite right now (Patreon or another supporter program)",
    },
    MetadataRecord {
        key: "tier_cents",
        kind: INTEGER_GREATER_THAN_OR_EQUAL,
        name: "Supporter tier (cents)",
        description: "Current monthly support in US cents, at least this much (1000 = $10)",
    },
    MetadataRecord {
        key: "support_months",
        kind: INTEGER_GREATER_THAN_OR_EQUAL,
        name: "Months supported",
        description: "Months of support in total, at least this many",
    },
    MetadataRecord {
        key: "lifetime_cents",
        kind: INTEGER_GREATER_THAN_OR_EQUAL,
        name: "Lifetime support (cents)",
        description: "Support given in total in US cents, at least this much (10000 = $100)",
    },
    MetadataRecord {
        key: "resonite_days",
        kind: DATETIME_GREATER_THAN_OR_EQUAL,
        name: "Days on Resonite",
        description: "Days since the Resonite account was registered, at least this many",
    },
];

/// The body of `PUT /applications/{id}/role-connections/metadata`.
pub fn records_json() -> Value {
    Value::Array(
        RECORDS
            .iter()
            .map(|r| {
                json!({ "key": r.key, "type": r.kind, "name": r.name, "description": r.description })
            })
            .collect(),
    )
}

/// The metadata values for a profile's facts, as Discord takes them (strings).
///
/// Hidden numbers (`None` in the facts, `-1` on Resonite) push as `0`, so no threshold
/// is met by them; `resonite_days` is a datetime record, whose value is the registration
/// date `registered` (Discord compares it with "at least N days ago", so the value stays
/// the same from day to day), left out when unknown: no date is safe to claim for it.
pub fn values(facts: &Facts, registered: Option<DateTime<Utc>>) -> Map<String, Value> {
    let number = |v: Option<i64>| json!(v.unwrap_or(0).max(0).to_string());
    let mut map = Map::new();
    map.insert(
        "supporter".into(),
        json!(if facts.active_supporter { "1" } else { "0" }),
    );
    map.insert("tier_cents".into(), number(facts.tier_cents));
    map.insert("support_months".into(), number(facts.months));
    map.insert("lifetime_cents".into(), number(facts.lifetime_cents));
    if let Some(registered) = registered {
        map.insert(
            "resonite_days".into(),
            json!(registered.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
    }
    map
}

/// The role connection body for a linked member.
pub fn connection_body(
    resonite_username: &str,
    facts: &Facts,
    registered: Option<DateTime<Utc>>,
) -> Value {
    let username: String = resonite_username.chars().take(100).collect();
    json!({
        "platform_name": PLATFORM_NAME,
        "platform_username": username,
        "metadata": values(facts, registered),
    })
}

/// The body that clears the connection (after `/unlink`).
pub fn empty_body() -> Value {
    json!({ "platform_name": null, "platform_username": null, "metadata": {} })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&Utc))
            .ok()
    }

    #[test]
    fn records_are_the_documented_five_within_discords_limits() {
        let keys: Vec<_> = RECORDS.iter().map(|r| (r.key, r.kind)).collect();
        assert_eq!(
            keys,
            vec![
                ("supporter", 7),
                ("tier_cents", 2),
                ("support_months", 2),
                ("lifetime_cents", 2),
                ("resonite_days", 6)
            ]
        );
        for r in RECORDS {
            assert!(
                r.key.len() <= 50 && r.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            );
            assert!((1..=100).contains(&r.name.chars().count()), "{}", r.name);
            assert!(
                (1..=200).contains(&r.description.chars().count()),
                "{}",
                r.description
            );
        }
    }

    #[test]
    fn facts_map_to_values_hidden_as_zero() {
        struct Case {
            facts: Facts,
            registered: Option<DateTime<Utc>>,
            want: &'static [(&'static str, &'static str)],
        }
        let cases = [
            Case {
                facts: Facts::default(),
                registered: None,
                want: &[
                    ("supporter", "0"),
                    ("tier_cents", "0"),
                    ("support_months", "0"),
                    ("lifetime_cents", "0"),
                ],
            },
            Case {
                facts: Facts {
                    active_supporter: true,
                    tier_cents: Some(1500),
                    months: Some(14),
                    lifetime_cents: Some(21_000),
                    account_age_days: Some(400),
                    ..Facts::default()
                },
                registered: at("2025-10-27T15:30:00Z"),
                want: &[
                    ("supporter", "1"),
                    ("tier_cents", "1500"),
                    ("support_months", "14"),
                    ("lifetime_cents", "21000"),
                    ("resonite_days", "2025-10-27T15:30:00Z"),
                ],
            },
            Case {
                // Hidden tier and lifetime (-1 on Resonite): no threshold is met by them.
                facts: Facts {
                    active_supporter: true,
                    tier_cents: None,
                    months: Some(3),
                    lifetime_cents: None,
                    account_age_days: Some(0),
                    ..Facts::default()
                },
                registered: at("2026-12-01T00:00:00+00:00"),
                want: &[
                    ("supporter", "1"),
                    ("tier_cents", "0"),
                    ("support_months", "3"),
                    ("lifetime_cents", "0"),
                    ("resonite_days", "2026-12-01T00:00:00Z"),
                ],
            },
        ];
        for case in cases {
            let got = values(&case.facts, case.registered);
            let want: Map<String, Value> = case
                .want
                .iter()
                .map(|(k, v)| ((*k).to_owned(), json!(v)))
                .collect();
            assert_eq!(got, want, "{:?}", case.facts);
        }
    }

    #[test]
    fn the_connection_names_resonite_and_the_username() {
        let body = connection_body("Bob", &Facts::default(), None);
        assert_eq!(body["platform_name"], json!("Resonite"));
        assert_eq!(body["platform_username"], json!("Bob"));
        assert_eq!(body["metadata"]["supporter"], json!("0"));
    }
}
