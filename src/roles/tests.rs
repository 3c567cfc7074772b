use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::resonite::profile::Profile;

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T00:00:00Z")
        .expect("valid date")
        .with_timezone(&Utc)
}

fn fixture(name: &str) -> Profile {
    let path = format!(
        "{}/profile-{name}.json",
        resonite_verify_fakes::fixtures::DIR
    );
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Profile::from_json(&raw).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn facts_of(json: &str) -> Facts {
    Facts::from_profile(
        &Profile::from_json(json).expect("test profile parses"),
        now(),
    )
}

fn fixture_facts(name: &str) -> Facts {
    Facts::from_profile(&fixture(name), now())
}

fn tag(t: &str) -> Condition {
    Condition::Tag(t.to_owned())
}

fn set(ids: &[u64]) -> BTreeSet<u64> {
    ids.iter().copied().collect()
}

fn rule(role_id: u64, condition: Condition) -> Rule {
    Rule::new(role_id, condition)
}

fn grouped(role_id: u64, condition: Condition, group: &str) -> Rule {
    Rule {
        group: Some(group.to_owned()),
        ..Rule::new(role_id, condition)
    }
}

#[test]
fn facts_read_from_each_fixture() {
    let table = [
        (
            "basic",
            Facts {
                account_age_days: Some(1044),
                ..Facts::default()
            },
        ),
        (
            "patreon-active",
            Facts {
                active_supporter: true,
                active_patreon: true,
                tier_cents: Some(1000),
                lifetime_cents: Some(14000),
                months: Some(14),
                tags: vec![
                    "mentor".into(),
                    "custom badge:9c1e5a7b3d2f4e6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a"
                        .into(),
                ],
                neos_supporter: false,
                account_age_days: Some(1083),
            },
        ),
        (
            "patreon-lapsed",
            Facts {
                lifetime_cents: Some(3000),
                months: Some(5),
                account_age_days: Some(1152),
                ..Facts::default()
            },
        ),
        (
            "hidden-cents",
            Facts {
                active_supporter: true,
                active_patreon: true,
                account_age_days: Some(634),
                ..Facts::default()
            },
        ),
        (
            "neos-migrated",
            Facts {
                tags: vec!["team member".into(), "moderator".into()],
                neos_supporter: true,
                account_age_days: Some(1150),
                ..Facts::default()
            },
        ),
        (
            "mixed-sources",
            Facts {
                active_supporter: true,
                active_patreon: false,
                tier_cents: Some(1200),
                lifetime_cents: Some(2400),
                months: Some(3),
                account_age_days: Some(28),
                ..Facts::default()
            },
        ),
    ];
    for (name, expected) in table {
        assert_eq!(fixture_facts(name), expected, "fixture {name}");
    }
}

#[test]
fn every_fixture_against_every_condition_kind() {
    use Condition::*;
    let table: Vec<(&str, Condition, bool)> = vec![
        ("basic", Linked, true),
        ("basic", Unlinked, false),
        ("basic", Supporter, false),
        ("basic", Patreon, false),
        ("basic", TierAtLeast(0), false),
        ("basic", TierAtLeast(600), false),
        ("basic", TierAtLeast(1200), false),
        ("basic", LifetimeAtLeast(0), false),
        ("basic", LifetimeAtLeast(3000), false),
        ("basic", LifetimeAtLeast(14001), false),
        ("basic", MonthsAtLeast(1), false),
        ("basic", MonthsAtLeast(5), false),
        ("basic", MonthsAtLeast(14), false),
        ("basic", tag("mentor"), false),
        ("basic", tag("team member"), false),
        ("basic", NeosSupporter, false),
        ("basic", AccountAgeAtLeast(29), true),
        ("basic", AccountAgeAtLeast(1000), true),
        //
        ("patreon-active", Linked, true),
        ("patreon-active", Unlinked, false),
        ("patreon-active", Supporter, true),
        ("patreon-active", Patreon, true),
        ("patreon-active", TierAtLeast(0), true),
        ("patreon-active", TierAtLeast(600), true),
        ("patreon-active", TierAtLeast(1200), false),
        ("patreon-active", LifetimeAtLeast(0), true),
        ("patreon-active", LifetimeAtLeast(3000), true),
        ("patreon-active", LifetimeAtLeast(14001), false),
        ("patreon-active", MonthsAtLeast(1), true),
        ("patreon-active", MonthsAtLeast(5), true),
        ("patreon-active", MonthsAtLeast(14), true),
        ("patreon-active", tag("mentor"), true),
        ("patreon-active", tag("team member"), false),
        ("patreon-active", NeosSupporter, false),
        ("patreon-active", AccountAgeAtLeast(29), true),
        ("patreon-active", AccountAgeAtLeast(1000), true),
        //
        ("patreon-lapsed", Linked, true),
        ("patreon-lapsed", Unlinked, false),
        ("patreon-lapsed", Supporter, false),
        ("patreon-lapsed", Patreon, false),
        ("patreon-lapsed", TierAtLeast(0), false),
        ("patreon-lapsed", TierAtLeast(600), false),
        ("patreon-lapsed", TierAtLeast(1200), false),
        ("patreon-lapsed", LifetimeAtLeast(0), true),
        ("patreon-lapsed", LifetimeAtLeast(3000), true),
        ("patreon-lapsed", LifetimeAtLeast(14001), false),
        ("patreon-lapsed", MonthsAtLeast(1), true),
        ("patreon-lapsed", MonthsAtLeast(5), true),
        ("patreon-lapsed", MonthsAtLeast(14), false),
        ("patreon-lapsed", tag("mentor"), false),
        ("patreon-lapsed", tag("team member"), false),
        ("patreon-lapsed", NeosSupporter, false),
        ("patreon-lapsed", AccountAgeAtLeast(29), true),
        ("patreon-lapsed", AccountAgeAtLeast(1000), true),
        //
        ("hidden-cents", Linked, true),
        ("hidden-cents", Unlinked, false),
        ("hidden-cents", Supporter, true),
        ("hidden-cents", Patreon, true),
        ("hidden-cents", TierAtLeast(0), false),
        ("hidden-cents", TierAtLeast(600), false),
        ("hidden-cents", TierAtLeast(1200), false),
        ("hidden-cents", LifetimeAtLeast(0), false),
        ("hidden-cents", LifetimeAtLeast(3000), false),
        ("hidden-cents", LifetimeAtLeast(14001), false),
        ("hidden-cents", MonthsAtLeast(1), false),
        ("hidden-cents", MonthsAtLeast(5), false),
        ("hidden-cents", MonthsAtLeast(14), false),
        ("hidden-cents", tag("mentor"), false),
        ("hidden-cents", tag("team member"), false),
        ("hidden-cents", NeosSupporter, false),
        ("hidden-cents", AccountAgeAtLeast(29), true),
        ("hidden-cents", AccountAgeAtLeast(1000), false),
        //
        ("neos-migrated", Linked, true),
        ("neos-migrated", Unlinked, false),
        ("neos-migrated", Supporter, false),
        ("neos-migrated", Patreon, false),
        ("neos-migrated", TierAtLeast(0), false),
        ("neos-migrated", TierAtLeast(600), false),
        ("neos-migrated", TierAtLeast(1200), false),
        ("neos-migrated", LifetimeAtLeast(0), false),
        ("neos-migrated", LifetimeAtLeast(3000), false),
        ("neos-migrated", LifetimeAtLeast(14001), false),
        ("neos-migrated", MonthsAtLeast(1), false),
        ("neos-migrated", MonthsAtLeast(5), false),
        ("neos-migrated", MonthsAtLeast(14), false),
        ("neos-migrated", tag("mentor"), false),
        ("neos-migrated", tag("team member"), true),
        ("neos-migrated", NeosSupporter, true),
        ("neos-migrated", AccountAgeAtLeast(29), true),
        ("neos-migrated", AccountAgeAtLeast(1000), true),
        //
        ("mixed-sources", Linked, true),
        ("mixed-sources", Unlinked, false),
        ("mixed-sources", Supporter, true),
        ("mixed-sources", Patreon, false),
        ("mixed-sources", TierAtLeast(0), true),
        ("mixed-sources", TierAtLeast(600), true),
        ("mixed-sources", TierAtLeast(1200), true),
        ("mixed-sources", LifetimeAtLeast(0), true),
        ("mixed-sources", LifetimeAtLeast(3000), false),
        ("mixed-sources", LifetimeAtLeast(14001), false),
        ("mixed-sources", MonthsAtLeast(1), true),
        ("mixed-sources", MonthsAtLeast(5), false),
        ("mixed-sources", MonthsAtLeast(14), false),
        ("mixed-sources", tag("mentor"), false),
        ("mixed-sources", tag("team member"), false),
        ("mixed-sources", NeosSupporter, false),
        ("mixed-sources", AccountAgeAtLeast(29), false),
        ("mixed-sources", AccountAgeAtLeast(1000), false),
    ];

    for (name, condition, expected) in &table {
        let facts = fixture_facts(name);
        assert_eq!(
            condition.holds(&facts),
            *expected,
            "fixture {name}, condition {condition:?}"
        );
    }

    // The table must cover every fixture on disk, each against every kind.
    let dir = resonite_verify_fakes::fixtures::DIR.to_owned();
    let on_disk: BTreeSet<String> = std::fs::read_dir(dir)
        .expect("fixtures dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|f| {
            Some(
                f.strip_prefix("profile-")?
                    .strip_suffix(".json")?
                    .to_owned(),
            )
        })
        .collect();
    let in_table: BTreeSet<String> = table.iter().map(|(n, _, _)| n.to_string()).collect();
    assert_eq!(in_table, on_disk);
    for name in &on_disk {
        let kinds: BTreeSet<RuleKind> = table
            .iter()
            .filter(|(n, _, _)| n == name)
            .map(|(_, c, _)| c.kind())
            .collect();
        assert_eq!(kinds, RuleKind::ALL.into_iter().collect(), "fixture {name}");
    }
}

#[test]
fn hidden_minus_one_everywhere_grants_nothing_but_linked() {
    let facts = facts_of(
        r#"{"id":"U-h","username":"h","isActiveSupporter":-1,"registrationDate":-1,
            "tags":-1,"supporterMetadata":[{"$type":"patreon","isActiveSupporter":-1,
            "totalSupportMonths":-1,"totalSupportCents":-1,"lastTierCents":-1}],
            "migratedData":{"patreonData":{"isPatreonSupporter":-1,"hasSupported":-1}}}"#,
    );
    assert_eq!(facts, Facts::default());
    for condition in every_kind_at_zero() {
        assert_eq!(
            condition.holds(&facts),
            condition == Condition::Linked,
            "{condition:?}"
        );
    }
}

#[test]
fn hidden_numbers_on_an_active_entry_never_meet_a_zero_threshold() {
    let facts = facts_of(
        r#"{"id":"U-h","username":"h","supporterMetadata":[{"$type":"stripe",
            "isActiveSupporter":true,"totalSupportMonths":-1,"totalSupportCents":-5,
            "lastTierCents":-1}]}"#,
    );
    assert!(facts.active_supporter);
    assert!(!Condition::TierAtLeast(0).holds(&facts));
    assert!(!Condition::LifetimeAtLeast(0).holds(&facts));
    assert!(!Condition::MonthsAtLeast(0).holds(&facts));
}

fn every_kind_at_zero() -> Vec<Condition> {
    RuleKind::ALL
        .into_iter()
        .map(|k| match k {
            RuleKind::Tag => tag("mentor"),
            k if k.needs_value() => Condition::parse(k, Some("0")).expect("0 is valid"),
            k => Condition::parse(k, None).expect("no value is valid"),
        })
        .collect()
}

#[test]
fn a_profile_with_only_id_and_username_is_just_linked() {
    let facts = facts_of(r#"{"id":"U-min","username":"min"}"#);
    assert_eq!(facts, Facts::default());
    for condition in every_kind_at_zero() {
        assert_eq!(
            condition.holds(&facts),
            condition == Condition::Linked,
            "{condition:?}"
        );
    }
}

#[test]
fn tags_match_case_insensitively_and_trimmed() {
    let facts = facts_of(r#"{"id":"U-t","username":"t","tags":["  Mentor ","TEAM Member",""]}"#);
    assert_eq!(
        facts.tags,
        vec!["mentor".to_owned(), "team member".to_owned()]
    );
    let table = [
        ("mentor", true),
        ("MENTOR", true),
        (" Mentor ", true),
        ("team member", true),
        ("Team Member", true),
        ("team", false),
        ("moderator", false),
    ];
    for (typed, expected) in table {
        let parsed = Condition::parse(RuleKind::Tag, Some(typed)).expect("valid tag");
        assert_eq!(parsed.holds(&facts), expected, "parsed tag {typed:?}");
        // A condition built directly (not parsed) compares the same way.
        assert_eq!(tag(typed).holds(&facts), expected, "built tag {typed:?}");
    }
}

#[test]
fn account_age_counts_whole_days_up_to_the_boundary() {
    let at = |registered: DateTime<Utc>| {
        facts_of(&format!(
            r#"{{"id":"U-a","username":"a","registrationDate":"{}"}}"#,
            registered.to_rfc3339()
        ))
    };
    let thirty_days = Condition::AccountAgeAtLeast(30);
    let exactly = at(now() - Duration::days(30));
    assert_eq!(exactly.account_age_days, Some(30));
    assert!(thirty_days.holds(&exactly));

    let one_second_short = at(now() - Duration::days(30) + Duration::seconds(1));
    assert_eq!(one_second_short.account_age_days, Some(29));
    assert!(!thirty_days.holds(&one_second_short));

    let in_the_future = at(now() + Duration::days(3));
    assert_eq!(in_the_future.account_age_days, Some(0));
    assert!(Condition::AccountAgeAtLeast(0).holds(&in_the_future));
    assert!(!Condition::AccountAgeAtLeast(1).holds(&in_the_future));
}

#[test]
fn tier_at_least_zero_needs_an_active_visible_tier() {
    let table = [
        (
            r#"[{"$type":"promo","isActiveSupporter":true,"lastTierCents":0}]"#,
            true,
        ),
        (
            r#"[{"$type":"patreon","isActiveSupporter":true,"lastTierCents":-1}]"#,
            false,
        ),
        (r#"[{"$type":"patreon","isActiveSupporter":true}]"#, false),
        (
            r#"[{"$type":"patreon","isActiveSupporter":false,"lastTierCents":600}]"#,
            false,
        ),
        (r#"[]"#, false),
    ];
    for (entries, expected) in table {
        let facts = facts_of(&format!(
            r#"{{"id":"U-z","username":"z","isActiveSupporter":true,"supporterMetadata":{entries}}}"#
        ));
        assert_eq!(
            Condition::TierAtLeast(0).holds(&facts),
            expected,
            "{entries}"
        );
    }
}

#[test]
fn tier_is_the_highest_among_active_entries_only() {
    let facts = facts_of(
        r#"{"id":"U-z","username":"z","supporterMetadata":[
            {"$type":"patreon","isActiveSupporter":true,"lastTierCents":600},
            {"$type":"stripe","isActiveSupporter":true,"lastTierCents":2500},
            {"$type":"promo","isActiveSupporter":false,"lastTierCents":9999}]}"#,
    );
    assert_eq!(facts.tier_cents, Some(2500));
}

#[test]
fn unknown_supporter_sources_grant_nothing() {
    let facts = facts_of(
        r#"{"id":"U-u","username":"u","supporterMetadata":[{"$type":"someFutureSource",
            "isActiveSupporter":true,"lastTierCents":5000,"totalSupportCents":5000,
            "totalSupportMonths":12}]}"#,
    );
    assert_eq!(facts, Facts::default());
}

#[test]
fn an_active_entry_makes_a_supporter_even_if_the_top_level_flag_says_no() {
    let facts = facts_of(
        r#"{"id":"U-s","username":"s","isActiveSupporter":false,
            "supporterMetadata":[{"$type":"stripe","isActiveSupporter":true}]}"#,
    );
    assert!(facts.active_supporter);
    assert!(!facts.active_patreon);
}

#[test]
fn neos_history_counts_if_either_flag_is_true() {
    let table = [
        (r#"{"isPatreonSupporter":true}"#, true),
        (r#"{"hasSupported":true}"#, true),
        (
            r#"{"isPatreonSupporter":false,"hasSupported":false}"#,
            false,
        ),
        (r#"{}"#, false),
    ];
    for (data, expected) in table {
        let facts = facts_of(&format!(
            r#"{{"id":"U-n","username":"n","migratedData":{{"patreonData":{data}}}}}"#
        ));
        assert_eq!(facts.neos_supporter, expected, "{data}");
    }
}

#[test]
fn valid_values_parse_to_the_right_condition() {
    use RuleKind as K;
    let longest = "x".repeat(100);
    let table: Vec<(RuleKind, Option<&str>, Condition)> = vec![
        (K::Linked, None, Condition::Linked),
        (K::Supporter, Some("  "), Condition::Supporter),
        (K::Patreon, None, Condition::Patreon),
        (K::NeosSupporter, Some(""), Condition::NeosSupporter),
        (K::TierAtLeast, Some("600"), Condition::TierAtLeast(600)),
        (K::TierAtLeast, Some(" 0 "), Condition::TierAtLeast(0)),
        (K::TierAtLeast, Some("$6"), Condition::TierAtLeast(600)),
        (K::TierAtLeast, Some("$6.50"), Condition::TierAtLeast(650)),
        (K::TierAtLeast, Some("$6.5"), Condition::TierAtLeast(650)),
        (K::TierAtLeast, Some("6.00$"), Condition::TierAtLeast(600)),
        (K::TierAtLeast, Some("$ 6"), Condition::TierAtLeast(600)),
        (
            K::LifetimeAtLeast,
            Some("$100000"),
            Condition::LifetimeAtLeast(10_000_000),
        ),
        (
            K::LifetimeAtLeast,
            Some("10000000"),
            Condition::LifetimeAtLeast(10_000_000),
        ),
        (
            K::LifetimeAtLeast,
            Some("0014000"),
            Condition::LifetimeAtLeast(14000),
        ),
        (K::MonthsAtLeast, Some("12"), Condition::MonthsAtLeast(12)),
        (
            K::MonthsAtLeast,
            Some("1200"),
            Condition::MonthsAtLeast(1200),
        ),
        (
            K::AccountAgeAtLeast,
            Some("30"),
            Condition::AccountAgeAtLeast(30),
        ),
        (
            K::AccountAgeAtLeast,
            Some("36500"),
            Condition::AccountAgeAtLeast(36_500),
        ),
        (K::Tag, Some(" Team Member "), tag("team member")),
        (K::Tag, Some(&longest), tag(&"x".repeat(100))),
    ];
    for (kind, value, expected) in table {
        assert_eq!(
            Condition::parse(kind, value),
            Ok(expected),
            "{kind} {value:?}"
        );
    }
}

#[test]
fn invalid_values_are_refused_with_the_matching_error() {
    use RuleKind as K;
    let missing = |kind: RuleKind| RuleError::MissingValue {
        kind,
        hint: kind.value_hint().expect("kind takes a value"),
    };
    let unexpected = |kind, value: &str| RuleError::UnexpectedValue {
        kind,
        value: value.to_owned(),
    };
    let nan = |kind: RuleKind, value: &str| RuleError::NotANumber {
        kind,
        value: value.to_owned(),
        hint: kind.value_hint().expect("kind takes a value"),
    };
    let negative = |kind, value: &str| RuleError::Negative {
        kind,
        value: value.to_owned(),
    };
    let too_large = |kind, value: &str, max: &str| RuleError::TooLarge {
        kind,
        value: value.to_owned(),
        max: max.to_owned(),
    };
    let max_cents = "$100000.00 (10000000 cents)";
    let too_long = "x".repeat(101);
    let too_long_accented = "é".repeat(101);
    let table: Vec<(RuleKind, Option<&str>, RuleError)> = vec![
        (K::TierAtLeast, None, missing(K::TierAtLeast)),
        (K::LifetimeAtLeast, Some("  "), missing(K::LifetimeAtLeast)),
        (K::MonthsAtLeast, None, missing(K::MonthsAtLeast)),
        (K::AccountAgeAtLeast, None, missing(K::AccountAgeAtLeast)),
        (K::Linked, Some("yes"), unexpected(K::Linked, "yes")),
        (K::Supporter, Some("600"), unexpected(K::Supporter, "600")),
        (K::Patreon, Some("x"), unexpected(K::Patreon, "x")),
        (
            K::NeosSupporter,
            Some("true"),
            unexpected(K::NeosSupporter, "true"),
        ),
        (K::TierAtLeast, Some("six"), nan(K::TierAtLeast, "six")),
        (K::TierAtLeast, Some("6.50"), nan(K::TierAtLeast, "6.50")),
        (
            K::TierAtLeast,
            Some("$6.505"),
            nan(K::TierAtLeast, "$6.505"),
        ),
        (K::TierAtLeast, Some("$6."), nan(K::TierAtLeast, "$6.")),
        (K::TierAtLeast, Some("$"), nan(K::TierAtLeast, "$")),
        (K::TierAtLeast, Some("1,000"), nan(K::TierAtLeast, "1,000")),
        (K::TierAtLeast, Some("+600"), nan(K::TierAtLeast, "+600")),
        (
            K::LifetimeAtLeast,
            Some("$$5"),
            nan(K::LifetimeAtLeast, "$$5"),
        ),
        (K::MonthsAtLeast, Some("$6"), nan(K::MonthsAtLeast, "$6")),
        (K::MonthsAtLeast, Some("1.5"), nan(K::MonthsAtLeast, "1.5")),
        (
            K::AccountAgeAtLeast,
            Some("30d"),
            nan(K::AccountAgeAtLeast, "30d"),
        ),
        (
            K::TierAtLeast,
            Some("-600"),
            negative(K::TierAtLeast, "-600"),
        ),
        (K::TierAtLeast, Some("-$6"), negative(K::TierAtLeast, "-$6")),
        (K::TierAtLeast, Some("$-6"), negative(K::TierAtLeast, "$-6")),
        (
            K::MonthsAtLeast,
            Some("-1"),
            negative(K::MonthsAtLeast, "-1"),
        ),
        (
            K::AccountAgeAtLeast,
            Some(" -30 "),
            negative(K::AccountAgeAtLeast, "-30"),
        ),
        (
            K::TierAtLeast,
            Some("10000001"),
            too_large(K::TierAtLeast, "10000001", max_cents),
        ),
        (
            K::LifetimeAtLeast,
            Some("$100000.01"),
            too_large(K::LifetimeAtLeast, "$100000.01", max_cents),
        ),
        (
            K::LifetimeAtLeast,
            Some("99999999999999999999999"),
            too_large(K::LifetimeAtLeast, "99999999999999999999999", max_cents),
        ),
        (
            K::TierAtLeast,
            Some("$999999999999999999"),
            too_large(K::TierAtLeast, "$999999999999999999", max_cents),
        ),
        (
            K::MonthsAtLeast,
            Some("1201"),
            too_large(K::MonthsAtLeast, "1201", "1200"),
        ),
        (
            K::AccountAgeAtLeast,
            Some("36501"),
            too_large(K::AccountAgeAtLeast, "36501", "36500"),
        ),
        (K::Tag, None, RuleError::EmptyTag),
        (K::Tag, Some("   "), RuleError::EmptyTag),
        (
            K::Tag,
            Some(&too_long),
            RuleError::TagTooLong { chars: 101 },
        ),
        (
            K::Tag,
            Some(&too_long_accented),
            RuleError::TagTooLong { chars: 101 },
        ),
    ];
    for (kind, value, expected) in table {
        assert_eq!(
            Condition::parse(kind, value),
            Err(expected),
            "{kind} {value:?}"
        );
    }
}

#[test]
fn error_messages_say_what_to_do() {
    let table = [
        (
            Condition::parse(RuleKind::TierAtLeast, None),
            "the `tier-at-least` rule needs a value: cents, e.g. 600 for $6, or dollars with a $ sign, e.g. $6 or $6.50",
        ),
        (
            Condition::parse(RuleKind::Linked, Some("1")),
            "the `linked` rule takes no value, but `1` was given; leave the value empty",
        ),
        (
            Condition::parse(RuleKind::MonthsAtLeast, Some("1201")),
            "`1201` is too large for the `months-at-least` rule; the most it accepts is 1200",
        ),
        (
            Condition::from_stored("gold", ""),
            "`gold` is not a rule kind; use one of: linked, supporter, patreon, tier-at-least, lifetime-at-least, months-at-least, tag, neos-supporter, account-age-at-least, unlinked",
        ),
    ];
    for (result, message) in table {
        assert_eq!(result.expect_err("invalid").to_string(), message);
    }
}

#[test]
fn the_unknown_kind_message_lists_every_kind() {
    let message = RuleError::UnknownKind("x".into()).to_string();
    for kind in RuleKind::ALL {
        assert!(
            message.contains(kind.as_str()),
            "{kind} missing from {message}"
        );
    }
}

#[test]
fn stored_form_round_trips_for_every_kind() {
    let table = [
        (Condition::Linked, "linked", ""),
        (Condition::Supporter, "supporter", ""),
        (Condition::Patreon, "patreon", ""),
        (Condition::TierAtLeast(650), "tier-at-least", "650"),
        (Condition::LifetimeAtLeast(0), "lifetime-at-least", "0"),
        (Condition::MonthsAtLeast(12), "months-at-least", "12"),
        (tag("team member"), "tag", "team member"),
        (Condition::NeosSupporter, "neos-supporter", ""),
        (Condition::Unlinked, "unlinked", ""),
        (
            Condition::AccountAgeAtLeast(36_500),
            "account-age-at-least",
            "36500",
        ),
    ];
    let kinds: BTreeSet<RuleKind> = table.iter().map(|(c, _, _)| c.kind()).collect();
    assert_eq!(kinds, RuleKind::ALL.into_iter().collect());
    for (condition, kind, value) in table {
        assert_eq!(condition.kind().as_str(), kind);
        assert_eq!(condition.value(), value);
        assert_eq!(Condition::from_stored(kind, value), Ok(condition));
    }
}

#[test]
fn a_tag_built_with_capitals_is_stored_lower_cased() {
    let built = tag(" Mentor ");
    assert_eq!(built.value(), "mentor");
    assert_eq!(
        Condition::from_stored("tag", &built.value()),
        Ok(tag("mentor"))
    );
}

#[test]
fn dollar_amounts_are_stored_as_cents() {
    let parsed = Condition::parse(RuleKind::TierAtLeast, Some("$6.50")).expect("valid");
    assert_eq!(parsed.value(), "650");
    assert_eq!(Condition::from_stored("tier-at-least", "650"), Ok(parsed));
}

#[test]
fn kind_names_are_stable_and_parse_back() {
    let names: Vec<&str> = RuleKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "linked",
            "supporter",
            "patreon",
            "tier-at-least",
            "lifetime-at-least",
            "months-at-least",
            "tag",
            "neos-supporter",
            "account-age-at-least",
            "unlinked"
        ]
    );
    for kind in RuleKind::ALL {
        assert_eq!(kind.as_str().parse(), Ok(kind));
        assert_eq!(kind.to_string(), kind.as_str());
    }
    assert_eq!(" Tier_At_Least ".parse(), Ok(RuleKind::TierAtLeast));
    assert_eq!(
        "gold".parse::<RuleKind>(),
        Err(RuleError::UnknownKind("gold".into()))
    );
}

#[test]
fn every_kind_has_a_short_description_and_a_hint_exactly_when_it_takes_a_value() {
    let takes_value = [
        RuleKind::TierAtLeast,
        RuleKind::LifetimeAtLeast,
        RuleKind::MonthsAtLeast,
        RuleKind::Tag,
        RuleKind::AccountAgeAtLeast,
    ];
    for kind in RuleKind::ALL {
        let description = kind.description();
        assert!(
            !description.is_empty() && description.chars().count() <= 100,
            "{kind}: {description}"
        );
        assert_eq!(kind.needs_value(), takes_value.contains(&kind), "{kind}");
        assert_eq!(kind.value_hint().is_some(), kind.needs_value(), "{kind}");
    }
    assert_eq!(
        RuleKind::TierAtLeast.value_hint(),
        Some("cents, e.g. 600 for $6, or dollars with a $ sign, e.g. $6 or $6.50")
    );
}

#[test]
fn conditions_read_as_human_phrases() {
    let table = [
        (Condition::Linked, "linked Resonite account"),
        (Condition::Supporter, "active Resonite supporter"),
        (Condition::Patreon, "active Patreon supporter"),
        (Condition::TierAtLeast(600), "current tier ≥ $6.00"),
        (Condition::TierAtLeast(650), "current tier ≥ $6.50"),
        (Condition::TierAtLeast(5), "current tier ≥ $0.05"),
        (Condition::LifetimeAtLeast(14000), "total support ≥ $140.00"),
        (
            Condition::MonthsAtLeast(1),
            "supported for at least 1 month",
        ),
        (
            Condition::MonthsAtLeast(12),
            "supported for at least 12 months",
        ),
        (tag("mentor"), "tag `mentor`"),
        (Condition::NeosSupporter, "Neos-era Patreon supporter"),
        (Condition::Unlinked, "no linked Resonite account"),
        (
            Condition::AccountAgeAtLeast(1),
            "account at least 1 day old",
        ),
        (
            Condition::AccountAgeAtLeast(30),
            "account at least 30 days old",
        ),
    ];
    for (condition, phrase) in table {
        assert_eq!(condition.to_string(), phrase);
    }
}

#[test]
fn an_unlinked_member_earns_nothing_not_even_linked() {
    let rules = [
        rule(1, Condition::Linked),
        rule(2, Condition::AccountAgeAtLeast(0)),
    ];
    assert!(earned_roles(&rules, None).is_empty());
    assert_eq!(earned_roles(&rules, Some(&Facts::default())), set(&[1]));
}

#[test]
fn earned_roles_follow_the_fixture() {
    let rules = [
        rule(1, Condition::Linked),
        rule(2, Condition::Patreon),
        rule(3, Condition::TierAtLeast(1000)),
        rule(4, tag("mentor")),
        rule(5, Condition::NeosSupporter),
        rule(6, Condition::LifetimeAtLeast(14001)),
    ];
    let facts = fixture_facts("patreon-active");
    assert_eq!(earned_roles(&rules, Some(&facts)), set(&[1, 2, 3, 4]));
    assert_eq!(managed_roles(&rules), set(&[1, 2, 3, 4, 5, 6]));
}

#[test]
fn a_role_named_by_several_rules_is_earned_while_any_holds() {
    let rules = [
        rule(7, Condition::Patreon),
        rule(7, Condition::NeosSupporter),
        rule(8, Condition::Supporter),
    ];
    let neos = fixture_facts("neos-migrated");
    assert_eq!(earned_roles(&rules, Some(&neos)), set(&[7]));
    let basic = fixture_facts("basic");
    assert!(earned_roles(&rules, Some(&basic)).is_empty());
    assert_eq!(managed_roles(&rules), set(&[7, 8]));

    // Holding role 7 through the Neos rule alone: it stays.
    let managed = managed_roles(&rules);
    let d = diff(&managed, &earned_roles(&rules, Some(&neos)), &set(&[7]));
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn diff_adds_missing_and_removes_unearned_managed_roles_only() {
    // (managed, earned, current, add, remove)
    type Row = (
        &'static [u64],
        &'static [u64],
        &'static [u64],
        &'static [u64],
        &'static [u64],
    );
    let table: [Row; 7] = [
        // Already right: nothing to do.
        (&[1, 2], &[1], &[1, 50], &[], &[]),
        // Newly earned.
        (&[1, 2], &[1, 2], &[1], &[2], &[]),
        // No longer earned.
        (&[1, 2], &[1], &[1, 2], &[], &[2]),
        // Unmanaged roles the member holds (50, 60) are never removed.
        (&[1, 2], &[], &[1, 2, 50, 60], &[], &[1, 2]),
        // A role "earned" but managed by no rule (99) is never added.
        (&[1], &[1, 99], &[], &[1], &[]),
        // Managed, not earned, not held: nothing.
        (&[1, 2, 3], &[], &[], &[], &[]),
        // Both ways at once.
        (&[1, 2, 3], &[1, 3], &[2, 3, 70], &[1], &[2]),
    ];
    for (managed, earned, current, add, remove) in table {
        let d = diff(&set(managed), &set(earned), &set(current));
        assert_eq!(
            d,
            RoleDiff {
                add: set(add),
                remove: set(remove)
            },
            "managed {managed:?}, earned {earned:?}, current {current:?}"
        );
        assert_eq!(d.is_empty(), add.is_empty() && remove.is_empty());
    }
}

#[test]
fn unlinking_removes_every_managed_role_and_nothing_else() {
    let rules = [rule(1, Condition::Linked), rule(2, Condition::Supporter)];
    let d = diff(
        &managed_roles(&rules),
        &earned_roles(&rules, None),
        &set(&[1, 2, 3]),
    );
    assert_eq!(d.add, set(&[]));
    assert_eq!(d.remove, set(&[1, 2]));
}

#[test]
fn unlinked_is_earned_exactly_by_people_without_a_link() {
    let rules = [
        rule(1, Condition::Linked),
        rule(2, Condition::Unlinked),
        rule(3, Condition::Supporter),
    ];
    // (facts, bot, earned)
    let patron = fixture_facts("patreon-active");
    let table: [(Option<&Facts>, bool, &[u64]); 5] = [
        (None, false, &[2]),
        (None, true, &[]),
        (Some(&Facts::default()), false, &[1]),
        (Some(&patron), false, &[1, 3]),
        // A linked bot (it cannot link, but if): what its profile earns, never `unlinked`.
        (Some(&Facts::default()), true, &[1]),
    ];
    for (facts, bot, earned) in table {
        assert_eq!(
            earned_roles_of(&rules, facts, bot),
            set(earned),
            "facts {facts:?}, bot {bot}"
        );
    }
    assert_eq!(earned_roles(&rules, None), set(&[2]));
    // Linking takes the Unverified role away, unlinking gives it back.
    let managed = managed_roles(&rules);
    let linking = diff(
        &managed,
        &earned_roles(&rules, Some(&patron)),
        &set(&[2, 9]),
    );
    assert_eq!((linking.add, linking.remove), (set(&[1, 3]), set(&[2])));
    let unlinking = diff(&managed, &earned_roles(&rules, None), &set(&[1, 3, 9]));
    assert_eq!((unlinking.add, unlinking.remove), (set(&[2]), set(&[1, 3])));
}

#[test]
fn of_a_group_a_member_holds_only_the_highest_role_they_earn() {
    // Tiers: Bronze (role 1, position 2) < Silver (2, position 5) < Gold (3, position 9);
    // another group with 4 (position 3) and 5 (position 3: a tie, the older id wins);
    // 6 is in no group.
    let rules = [
        grouped(1, Condition::Supporter, "tiers"),
        grouped(2, Condition::TierAtLeast(600), "tiers"),
        grouped(3, Condition::TierAtLeast(2500), "tiers"),
        grouped(4, Condition::Linked, "other"),
        grouped(5, Condition::Linked, "other"),
        rule(6, Condition::Linked),
        // A second rule of role 3 outside the group statement: the role's group holds.
        rule(3, tag("vip")),
    ];
    let position = |role: u64| match role {
        1 => Some(2),
        2 => Some(5),
        3 => Some(9),
        4 | 5 => Some(3),
        _ => None,
    };
    // (earned, kept)
    let table: [(&[u64], &[u64]); 8] = [
        (&[], &[]),
        (&[1], &[1]),
        (&[1, 2], &[2]),
        (&[1, 2, 3], &[3]),
        (&[1, 3, 6], &[3, 6]),
        (&[4, 5], &[4]),
        (&[1, 2, 4, 5, 6], &[2, 4, 6]),
        (&[6], &[6]),
    ];
    for (earned, kept) in table {
        assert_eq!(
            keep_highest_per_group(&rules, &set(earned), position),
            set(kept),
            "earned {earned:?}"
        );
    }
    // A role whose position is unknown (deleted) loses to any other of its group.
    let unknown = |role: u64| if role == 1 { Some(2) } else { None };
    assert_eq!(
        keep_highest_per_group(&rules, &set(&[1, 2]), unknown),
        set(&[1])
    );
    // Moving up a tier removes the lower tier role.
    let managed = managed_roles(&rules);
    let earned = keep_highest_per_group(&rules, &set(&[1, 2, 6]), position);
    let d = diff(&managed, &earned, &set(&[1, 6]));
    assert_eq!((d.add, d.remove), (set(&[2]), set(&[1])));
}

#[test]
fn group_names_are_read_with_messages_naming_the_option() {
    let table = [
        (" Tiers ", Ok("tiers".to_owned())),
        ("support tiers", Ok("support tiers".to_owned())),
        ("tier_2-x", Ok("tier_2-x".to_owned())),
        ("  ", Err(GroupError::Empty)),
        (
            "a-very-long-group-name-over-32-chars",
            Err(GroupError::TooLong { chars: 36 }),
        ),
        ("<@&1>", Err(GroupError::BadCharacter("<@&1>".into()))),
    ];
    for (raw, expected) in table {
        assert_eq!(parse_group(raw), expected, "{raw:?}");
    }
    for e in [
        GroupError::Empty,
        GroupError::TooLong { chars: 40 },
        GroupError::BadCharacter("x!".into()),
    ] {
        let message = e.to_string();
        assert!(
            message.contains("`group:`") && message.contains("`tiers`"),
            "{message}"
        );
    }
}
