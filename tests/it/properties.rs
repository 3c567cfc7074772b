//! Property tests of what parses outside input: profiles from Resonite, the callback's
//! query, `/roles add` values and configuration values. Case counts stay modest so the
//! suite stays fast; proptest shrinks any failure to a small example.

use std::collections::HashMap;

use axum::body::Body;
use chrono::{TimeZone, Utc};
use http::Request;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use resonite_verify::config::Config;
use resonite_verify::resonite::Profile;
use resonite_verify::roles::Facts;
use resonite_verify::roles::rules::{Condition, RuleKind};
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::support::app::TestApp;
use crate::support::db::TestDb;

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

/// Any JSON value, with numbers near the ones Resonite uses (`-1` hidden, cents, months).
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop_oneof![Just(-1i64), -5i64..5, 0i64..100_000, any::<i64>()].prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        prop_oneof![
            Just("patreon".to_owned()),
            Just("stripe".to_owned()),
            Just("2020-01-01T00:00:00Z".to_owned()),
            ".{0,12}",
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::hash_map(
                prop_oneof![
                    Just("$type".to_owned()),
                    Just("isActiveSupporter".to_owned()),
                    Just("lastTierCents".to_owned()),
                    Just("totalSupportCents".to_owned()),
                    Just("totalSupportMonths".to_owned()),
                    "[a-zA-Z]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const PROFILE_FIELDS: &[&str] = &[
    "isVerified",
    "registrationDate",
    "tags",
    "isActiveSupporter",
    "supporterMetadata",
    "migratedData",
    "profile",
];

/// A profile object: an id and a username, then any value for any of the known fields.
fn any_profile() -> impl Strategy<Value = Value> {
    prop::collection::vec(
        (prop::sample::select(PROFILE_FIELDS), any_json()),
        0..PROFILE_FIELDS.len(),
    )
    .prop_map(|fields| {
        let mut profile = json!({ "id": "U-Someone", "username": "Someone" });
        for (name, value) in fields {
            profile[name] = value;
        }
        profile
    })
}

/// The same profile with every supporter number hidden (`-1`) or missing, and no
/// readable registration date.
fn hide_numbers(mut profile: Value) -> Value {
    if let Some(entries) = profile
        .get_mut("supporterMetadata")
        .and_then(Value::as_array_mut)
    {
        for (i, entry) in entries.iter_mut().enumerate() {
            if let Some(entry) = entry.as_object_mut() {
                for field in ["lastTierCents", "totalSupportCents", "totalSupportMonths"] {
                    if i % 2 == 0 {
                        entry.insert(field.to_owned(), json!(-1));
                    } else {
                        entry.remove(field);
                    }
                }
            }
        }
    }
    if let Some(p) = profile.as_object_mut() {
        p.remove("registrationDate");
    }
    profile
}

fn threshold_conditions(min: i64) -> Vec<Condition> {
    vec![
        Condition::TierAtLeast(min),
        Condition::LifetimeAtLeast(min),
        Condition::MonthsAtLeast(min),
        Condition::AccountAgeAtLeast(min),
    ]
}

#[test]
fn any_json_text_as_a_profile_is_read_or_refused_without_panicking() {
    runner(256)
        .run(
            &prop_oneof![
                any_json().prop_map(|v| v.to_string()),
                any_profile().prop_map(|v| v.to_string()),
                ".{0,64}",
            ],
            |raw| {
                if let Ok(profile) = Profile::from_json(&raw) {
                    let facts = Facts::from_profile(&profile, Utc::now());
                    prop_assert!(facts.tier_cents.is_none_or(|c| c >= 0));
                    prop_assert!(facts.lifetime_cents.is_none_or(|c| c >= 0));
                    prop_assert!(facts.months.is_none_or(|m| m >= 0));
                }
                Ok(())
            },
        )
        .expect("no profile panics or yields negative facts");
}

#[test]
fn a_hidden_or_missing_number_never_grants_a_threshold_role() {
    let now = Utc
        .with_ymd_and_hms(2026, 6, 1, 0, 0, 0)
        .single()
        .expect("date");
    runner(256)
        .run(&(any_profile(), 0i64..1_000_000), |(profile, min)| {
            let hidden = hide_numbers(profile);
            let profile = Profile::from_json(&hidden.to_string())
                .map_err(|e| TestCaseError::fail(format!("a profile skeleton is readable: {e}")))?;
            let facts = Facts::from_profile(&profile, now);
            prop_assert_eq!(facts.tier_cents, None);
            prop_assert_eq!(facts.lifetime_cents, None);
            prop_assert_eq!(facts.months, None);
            prop_assert_eq!(facts.account_age_days, None);
            for condition in threshold_conditions(min) {
                prop_assert!(!condition.holds(&facts), "{condition} held for {hidden}");
            }
            Ok(())
        })
        .expect("hidden numbers grant nothing");
}

#[test]
fn any_roles_add_value_gives_a_rule_that_round_trips_or_an_error_naming_the_rule() {
    runner(512)
        .run(
            &(
                prop::sample::select(RuleKind::ALL.to_vec()),
                prop::option::of(prop_oneof![
                    "-?[0-9]{0,25}(\\.[0-9]{0,3})?",
                    "\\$?[0-9]{1,6}(\\.[0-9]{1,2})?",
                    " *[a-zA-Z-]{0,20} *",
                    ".{0,120}",
                ]),
            ),
            |(kind, value)| {
                match Condition::parse(kind, value.as_deref()) {
                    Ok(condition) => {
                        prop_assert_eq!(condition.kind(), kind);
                        // What is stored reads back as the same rule.
                        let stored = Condition::from_stored(kind.as_str(), &condition.value());
                        prop_assert_eq!(stored, Ok(condition));
                    }
                    Err(error) => {
                        let message = error.to_string();
                        prop_assert!(
                            message.contains(kind.as_str()) || message.contains("tag"),
                            "{kind:?}: {message}"
                        );
                    }
                }
                Ok(())
            },
        )
        .expect("every value is a rule or a clear error");
}

const MINIMAL: &[(&str, &str)] = &[
    ("DISCORD_TOKEN", "discord-token-value"),
    ("RESONITE_CLIENT_ID", "client"),
    ("RESONITE_CLIENT_SECRET", "client-secret-value"),
    ("PUBLIC_URL", "https://bot.example.org/"),
];

const VARIABLES: &[&str] = &[
    "DISCORD_TOKEN",
    "DISCORD_API_URL",
    "RESONITE_CLIENT_ID",
    "RESONITE_CLIENT_SECRET",
    "RESONITE_AUTHORIZE_URL",
    "RESONITE_TOKEN_URL",
    "RESONITE_PROFILE_URL",
    "RESONITE_SCOPES",
    "RESONITE_TOKEN_AUTH",
    "RESONITE_TIMEOUT",
    "RESONITE_REVOKE_URL",
    "PUBLIC_URL",
    "HOST",
    "PORT",
    "MAX_CONNECTIONS",
    "MAX_CONNECTIONS_PER_CLIENT",
    "CLIENT_REQUESTS_PER_MINUTE",
    "LINK_REQUESTS_PER_MINUTE",
    "TRUSTED_PROXIES",
    "DATABASE_URL",
    "LINK_TTL_SECS",
    "TOKEN_ENCRYPTION_KEY",
    "TOKEN_ENCRYPTION_KEY_OLD",
    "RESYNC_INTERVAL",
    "RESONITE_MAX_RPS",
    "STALE_GRACE_DAYS",
    "LAPSE_GRACE_HOURS",
    "DISCORD_SHARDS",
    "LOG_FORMAT",
];

#[test]
fn any_configuration_value_gives_a_value_or_a_problem_naming_that_variable() {
    runner(512)
        .run(
            &(
                prop::sample::select(VARIABLES),
                prop_oneof![
                    "[0-9]{0,8}[smhd]?",
                    "-?[0-9]{1,6}(\\.[0-9]{1,3})?",
                    "https?://[a-z.]{0,12}(:[0-9]{1,5})?(/[a-z?#=]{0,8})?",
                    "(sqlite|postgres|mysql):/{0,2}[a-z.]{0,10}",
                    "[0-9]{1,2}(-[0-9]{1,2})?/[0-9]{1,2}",
                    "[A-Za-z0-9+/]{40,46}={0,2}",
                    ".{0,40}",
                ],
            ),
            |(variable, value)| {
                let mut vars: HashMap<&str, String> =
                    MINIMAL.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
                vars.insert(variable, value.clone());
                match Config::from_lookup(&|name| vars.get(name).cloned()) {
                    Ok(_) => {}
                    Err(error) => {
                        prop_assert!(!error.problems.is_empty());
                        for problem in &error.problems {
                            prop_assert_eq!(problem.variable, variable);
                            prop_assert!(!problem.message.is_empty());
                            // A value may be a secret: messages never quote it. (Only
                            // values unlike the messages' own words, e.g. `postgres:`, are
                            // checked: a digit, an upper- and a lower-case letter.)
                            let shown = value.trim();
                            if shown.len() >= 8
                                && shown.chars().any(|c| c.is_ascii_digit())
                                && shown.chars().any(|c| c.is_ascii_uppercase())
                                && shown.chars().any(|c| c.is_ascii_lowercase())
                            {
                                prop_assert!(!problem.message.contains(shown));
                            }
                        }
                    }
                }
                Ok(())
            },
        )
        .expect("every value is accepted or named in a problem");
}

/// Titles of the pages a callback can answer with.
const CALLBACK_PAGES: &[&str] = &[
    "Linking cancelled",
    "Resonite refused the request",
    "Incomplete link",
    "This link has expired or was already used",
    "Account already linked",
    "Resonite could not complete the link",
    "Something went wrong on our side",
    "Please try again in a minute",
    "Address too long",
];

#[test]
fn any_query_at_the_callback_gives_one_of_the_known_pages() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let app = runtime.block_on(TestApp::spawn(TestDb::sqlite()));
    let router = resonite_verify::web::router(app.core.web_state());
    let param = prop_oneof![
        Just("code".to_owned()),
        Just("state".to_owned()),
        Just("error".to_owned()),
        "[a-z_]{1,6}",
    ];
    let value = prop_oneof![
        Just("access_denied".to_owned()),
        "[A-Za-z0-9_-]{43}",
        "[A-Za-z0-9%._~!$'()*+,;:@/?-]{0,40}",
    ];
    let query = prop_oneof![
        prop::collection::vec((param, value), 0..5).prop_map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
        }),
        "[!-~]{0,200}",
        "[a-z=&]{4100,4200}",
    ];
    runner(96)
        .run(&query, |query| {
            let Ok(request) = Request::get(format!("/oauth/callback?{query}")).body(Body::empty())
            else {
                // Not a URI a client could send at all.
                return Ok(());
            };
            let response = runtime
                .block_on(router.clone().oneshot(request))
                .map_err(|e| TestCaseError::fail(format!("{e}")))?;
            let status = response.status().as_u16();
            let body = runtime
                .block_on(axum::body::to_bytes(response.into_body(), 1 << 20))
                .map_err(|e| TestCaseError::fail(format!("{e}")))?;
            let body = String::from_utf8_lossy(&body);
            prop_assert!(
                [400, 403, 414, 502].contains(&status),
                "{status} for {query}"
            );
            prop_assert!(
                CALLBACK_PAGES.iter().any(
                    |title| body.contains(&format!("<title>{title} · resonite-verify</title>"))
                ),
                "unknown page for {query}: {body}"
            );
            Ok(())
        })
        .expect("every query gets a known page");
}
