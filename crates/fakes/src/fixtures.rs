//! The sample Resonite profiles (`crates/fakes/fixtures/resonite/*.json`), in Resonite's
//! wire format: what the mock Resonite serves by default and what the bot's rule tests
//! read.

use serde_json::Value;

/// The folder holding the fixture files, for tests that walk every file on disk.
pub const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/resonite");

/// The fixtures compiled in, in a fixed order: (file name, text).
const EMBEDDED: &[(&str, &str)] = &[
    (
        "profile-basic.json",
        include_str!("../fixtures/resonite/profile-basic.json"),
    ),
    (
        "profile-patreon-active.json",
        include_str!("../fixtures/resonite/profile-patreon-active.json"),
    ),
    (
        "profile-patreon-lapsed.json",
        include_str!("../fixtures/resonite/profile-patreon-lapsed.json"),
    ),
    (
        "profile-hidden-cents.json",
        include_str!("../fixtures/resonite/profile-hidden-cents.json"),
    ),
    (
        "profile-neos-migrated.json",
        include_str!("../fixtures/resonite/profile-neos-migrated.json"),
    ),
    (
        "profile-mixed-sources.json",
        include_str!("../fixtures/resonite/profile-mixed-sources.json"),
    ),
];

/// The embedded fixture profiles, parsed, in a fixed order.
pub fn profiles() -> Vec<Value> {
    EMBEDDED
        .iter()
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect()
}

/// The text of the fixture `profile-{name}.json` (`name` as in `patreon-active`).
pub fn text(name: &str) -> Option<&'static str> {
    let file = format!("profile-{name}.json");
    EMBEDDED
        .iter()
        .find(|(f, _)| *f == file)
        .map(|(_, text)| *text)
}

/// The fixture `profile-{name}.json`, parsed (`name` as in `patreon-active`).
pub fn profile(name: &str) -> Option<Value> {
    text(name).and_then(|text| serde_json::from_str(text).ok())
}
