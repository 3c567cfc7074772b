//! The Resonite profile as the bot reads it.
//!
//! Parsing is tolerant: unknown fields are ignored, a field of an unexpected type reads as
//! absent, and a `supporterMetadata` entry that cannot be read (or has an unknown `$type`)
//! is kept as an entry of kind [`SupportSource::Other`] that grants nothing. Only `id` and
//! `username` are required. A number of `-1` means Resonite hides it: it never grants.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// Where a supporter entry comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupportSource {
    Patreon,
    Stripe,
    Promo,
    /// A `$type` this version does not know; kept, never an error, never grants.
    Other(String),
}

impl SupportSource {
    fn from_type(t: &str) -> Self {
        match t {
            "patreon" => Self::Patreon,
            "stripe" => Self::Stripe,
            "promo" => Self::Promo,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// One entry of `supporterMetadata`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupporterEntry {
    pub source: SupportSource,
    pub is_active_supporter: bool,
    pub total_support_months: Option<i64>,
    pub total_support_cents: Option<i64>,
    pub last_tier_cents: Option<i64>,
}

/// Neos-era Patreon history (`migratedData.patreonData`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NeosPatreonData {
    #[serde(default, deserialize_with = "lenient")]
    pub is_patreon_supporter: Option<bool>,
    #[serde(default, deserialize_with = "lenient")]
    pub has_supported: Option<bool>,
    #[serde(default, deserialize_with = "lenient")]
    pub last_patreon_pledge_cents: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct MigratedData {
    #[serde(default, deserialize_with = "lenient")]
    patreon_data: Option<NeosPatreonData>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProfileDetails {
    #[serde(default, deserialize_with = "lenient")]
    icon_url: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireSupporterEntry {
    #[serde(rename = "$type", default, deserialize_with = "lenient")]
    kind: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    is_active_supporter: Option<bool>,
    #[serde(default, deserialize_with = "lenient")]
    total_support_months: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    total_support_cents: Option<i64>,
    #[serde(default, deserialize_with = "lenient")]
    last_tier_cents: Option<i64>,
}

/// A Resonite user profile (`GET /api/user/profiles`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// `U-…`
    pub id: String,
    pub username: String,
    #[serde(default, deserialize_with = "lenient")]
    pub is_verified: Option<bool>,
    #[serde(default, deserialize_with = "lenient_date")]
    pub registration_date: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "lenient_strings")]
    pub tags: Vec<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub is_active_supporter: Option<bool>,
    #[serde(default, deserialize_with = "supporter_entries")]
    pub supporter_metadata: Vec<SupporterEntry>,
    #[serde(default, deserialize_with = "lenient")]
    migrated_data: Option<MigratedData>,
    #[serde(default, deserialize_with = "lenient")]
    profile: Option<ProfileDetails>,
}

#[derive(Debug, thiserror::Error)]
#[error("not a Resonite profile: {0}")]
pub struct ProfileError(#[from] serde_json::Error);

impl Profile {
    pub fn from_json(raw: &str) -> Result<Self, ProfileError> {
        // serde reads a struct from a JSON array too (fields by position): a profile is an
        // object, and anything else is refused rather than read positionally.
        if !raw.trim_start().starts_with('{') {
            return Err(ProfileError(serde::de::Error::custom(
                "a profile is a JSON object",
            )));
        }
        let profile: Profile = serde_json::from_str(raw)?;
        if profile.id.trim().is_empty() || profile.username.trim().is_empty() {
            return Err(ProfileError(serde::de::Error::custom(
                "empty id or username",
            )));
        }
        Ok(profile)
    }

    /// Neos-era Patreon history, if the account was migrated from Neos.
    pub fn neos_patreon(&self) -> Option<&NeosPatreonData> {
        self.migrated_data.as_ref()?.patreon_data.as_ref()
    }

    /// The avatar as an https URL (`resdb:///<hash>.webp` → `https://assets.resonite.com/<hash>`).
    pub fn icon_https_url(&self) -> Option<String> {
        let raw = self.profile.as_ref()?.icon_url.as_deref()?;
        let hash = raw.strip_prefix("resdb:///")?;
        let hash = hash.split('.').next()?;
        hash.chars()
            .all(|c| c.is_ascii_alphanumeric())
            .then(|| format!("https://assets.resonite.com/{hash}"))
    }
}

/// `-1` (hidden) and other negative numbers read as unknown.
pub fn visible(n: Option<i64>) -> Option<i64> {
    n.filter(|v| *v >= 0)
}

/// Reads a value of the expected type, or `None` for anything else. Never an array: every
/// field read this way is a scalar or an object, and serde would read an object's fields
/// from an array by position.
fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = serde_json::Value::deserialize(d)?;
    if value.is_array() {
        return Ok(None);
    }
    Ok(serde_json::from_value(value).ok())
}

fn lenient_strings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    })
}

fn lenient_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    Ok(value
        .as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc)))
}

fn supporter_entries<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<SupporterEntry>, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    let serde_json::Value::Array(items) = value else {
        return Ok(Vec::new());
    };
    Ok(items
        .into_iter()
        // Only objects: serde would read an array positionally as an entry's fields.
        .filter(serde_json::Value::is_object)
        .filter_map(|item| serde_json::from_value::<WireSupporterEntry>(item).ok())
        .map(|w| SupporterEntry {
            source: SupportSource::from_type(w.kind.as_deref().unwrap_or("")),
            is_active_supporter: w.is_active_supporter.unwrap_or(false),
            total_support_months: w.total_support_months,
            total_support_cents: w.total_support_cents,
            last_tier_cents: w.last_tier_cents,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Profile {
        let path = format!("{}/{name}", resonite_verify_fakes::fixtures::DIR);
        let raw = std::fs::read_to_string(&path).expect("fixture exists");
        Profile::from_json(&raw).expect("fixture parses")
    }

    #[test]
    fn every_shared_fixture_parses() {
        let dir = resonite_verify_fakes::fixtures::DIR.to_owned();
        let mut count = 0;
        for entry in std::fs::read_dir(dir).expect("fixtures dir") {
            let path = entry.expect("entry").path();
            let raw = std::fs::read_to_string(&path).expect("read");
            Profile::from_json(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            count += 1;
        }
        assert!(
            count >= 6,
            "expected the six shared fixtures, found {count}"
        );
    }

    #[test]
    fn active_patron_reads_tier_tags_and_registration() {
        let p = fixture("profile-patreon-active.json");
        assert_eq!(p.id, "U-PatronUser");
        assert_eq!(p.tags[0], "mentor");
        assert_eq!(p.supporter_metadata[0].source, SupportSource::Patreon);
        assert!(p.supporter_metadata[0].is_active_supporter);
        assert_eq!(p.supporter_metadata[0].last_tier_cents, Some(1000));
        assert_eq!(
            p.registration_date.map(|d| d.to_rfc3339()),
            Some("2023-12-10T09:30:00+00:00".to_owned())
        );
    }

    #[test]
    fn seven_fractional_digits_parse() {
        let p = fixture("profile-basic.json");
        assert!(p.registration_date.is_some());
    }

    #[test]
    fn unknown_types_are_kept_as_other_and_wrong_types_read_as_absent() {
        let p = fixture("profile-mixed-sources.json");
        let kinds: Vec<_> = p
            .supporter_metadata
            .iter()
            .map(|e| e.source.clone())
            .collect();
        assert_eq!(
            kinds,
            vec![
                SupportSource::Stripe,
                SupportSource::Patreon,
                SupportSource::Promo,
                SupportSource::Other("someFutureSource".into())
            ]
        );
        let odd = Profile::from_json(
            r#"{"id":"U-x","username":"x","tags":"mentor","isActiveSupporter":"yes",
                "supporterMetadata":[5, {"$type":"patreon","lastTierCents":"lots"}],
                "registrationDate": 12}"#,
        )
        .expect("tolerant");
        assert!(odd.tags.is_empty());
        assert_eq!(odd.is_active_supporter, None);
        assert_eq!(odd.supporter_metadata.len(), 1);
        // An entry written as an array is not read by position (found by a property test).
        let positional = Profile::from_json(
            r#"{"id":"U-a","username":"a","supporterMetadata":[["patreon", null, 0]]}"#,
        )
        .expect("the profile itself is fine");
        assert!(positional.supporter_metadata.is_empty());
        assert!(Profile::from_json(r#"["U-a","a"]"#).is_err());
        assert_eq!(odd.supporter_metadata[0].last_tier_cents, None);
        assert_eq!(odd.registration_date, None);
    }

    #[test]
    fn neos_history_and_icon_are_read() {
        let p = fixture("profile-neos-migrated.json");
        assert_eq!(
            p.neos_patreon().and_then(|n| n.is_patreon_supporter),
            Some(true)
        );
        let b = fixture("profile-basic.json");
        assert_eq!(
            b.icon_https_url().as_deref(),
            Some(
                "https://assets.resonite.com/3f5a0c2b9d1e4f6a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"
            )
        );
    }

    #[test]
    fn a_profile_without_id_or_username_is_refused() {
        assert!(Profile::from_json(r#"{"username":"x"}"#).is_err());
        assert!(Profile::from_json(r#"{"id":"","username":"x"}"#).is_err());
        assert!(Profile::from_json("not json").is_err());
        assert!(Profile::from_json("[]").is_err());
    }
}
