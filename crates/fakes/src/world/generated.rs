//! Generated members and accounts, for worlds of thousands: member `n` is Discord user
//! [`discord_id`]`(n)` and Resonite account `U-Gen{n}`.

use serde_json::{Value, json};

/// The Discord user of generated member `n`.
pub fn discord_id(n: u64) -> u64 {
    600_000_000_000_000_000 + n
}

/// The Resonite account id of generated member `n`.
pub fn resonite_id(n: u64) -> String {
    format!("U-Gen{n}")
}

/// Account `U-Gen{n}`: a Patreon supporter, active or lapsed, at `tier` cents, with `tags`.
pub fn profile(n: u64, active: bool, tier: i64, tags: &[&str]) -> Value {
    json!({
        "id": resonite_id(n),
        "username": format!("Gen{n}"),
        "registrationDate": "2024-01-01T00:00:00.0000000Z",
        "tags": tags,
        "isActiveSupporter": active,
        "supporterMetadata": [{
            "$type": "patreon", "isActiveSupporter": active, "isActive": active,
            "totalSupportMonths": 3, "totalSupportCents": tier * 3, "lastTierCents": tier,
        }],
    })
}

/// `profile` whose support has lapsed: no longer an active supporter anywhere.
pub(super) fn lapsed(mut profile: Value) -> Value {
    if let Some(map) = profile.as_object_mut() {
        map.insert("isActiveSupporter".into(), json!(false));
    }
    if let Some(entries) = profile["supporterMetadata"].as_array_mut() {
        for entry in entries.iter_mut().filter_map(Value::as_object_mut) {
            entry.insert("isActiveSupporter".into(), json!(false));
            if entry.contains_key("isActive") {
                entry.insert("isActive".into(), json!(false));
            }
        }
    }
    profile
}
