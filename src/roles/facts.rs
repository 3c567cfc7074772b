//! What the rules may look at, read once from a profile.
//!
//! Hidden numbers (`-1`) and entries of an unknown `$type` are dropped here, so a rule can
//! never be granted by them: an unknown number is `None`, and `None` satisfies no threshold.

use chrono::{DateTime, Utc};

use crate::resonite::profile::{Profile, SupportSource, SupporterEntry, visible};

/// The facts of one linked Resonite profile at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Top-level `isActiveSupporter`, or any known supporter entry that is active.
    pub active_supporter: bool,
    /// An active supporter entry whose `$type` is `patreon`.
    pub active_patreon: bool,
    /// Highest visible `lastTierCents` among active entries.
    pub tier_cents: Option<i64>,
    /// Sum of visible `totalSupportCents` over all known entries; `None` if none is visible.
    pub lifetime_cents: Option<i64>,
    /// Sum of visible `totalSupportMonths` over all known entries; `None` if none is visible.
    pub months: Option<i64>,
    /// Profile tags, trimmed and lower-cased.
    pub tags: Vec<String>,
    /// Neos-era Patreon supporter (`migratedData.patreonData`): history, not current support.
    pub neos_supporter: bool,
    /// Whole days since `registrationDate`; `0` for a date in the future.
    pub account_age_days: Option<i64>,
}

impl Facts {
    pub fn from_profile(profile: &Profile, now: DateTime<Utc>) -> Self {
        // An unknown `$type` is kept by the parser but grants nothing (DESIGN.md).
        let entries = || {
            profile
                .supporter_metadata
                .iter()
                .filter(|e| !matches!(e.source, SupportSource::Other(_)))
        };
        let active = || entries().filter(|e| e.is_active_supporter);

        let neos = profile.neos_patreon();
        Self {
            active_supporter: profile.is_active_supporter == Some(true)
                || active().next().is_some(),
            active_patreon: active().any(|e| e.source == SupportSource::Patreon),
            tier_cents: active().filter_map(|e| visible(e.last_tier_cents)).max(),
            lifetime_cents: visible_sum(entries(), |e| e.total_support_cents),
            months: visible_sum(entries(), |e| e.total_support_months),
            tags: profile
                .tags
                .iter()
                .map(|t| normalize_tag(t))
                .filter(|t| !t.is_empty())
                .collect(),
            neos_supporter: neos.is_some_and(|n| {
                n.is_patreon_supporter == Some(true) || n.has_supported == Some(true)
            }),
            account_age_days: profile
                .registration_date
                .map(|registered| (now - registered).num_days().max(0)),
        }
    }

    /// Whether the profile carries `tag` (compared trimmed and case-insensitively).
    pub fn has_tag(&self, tag: &str) -> bool {
        let tag = normalize_tag(tag);
        self.tags.contains(&tag)
    }
}

/// The form tags are compared in, on both the profile and the rule side.
pub(crate) fn normalize_tag(tag: &str) -> String {
    tag.trim().to_lowercase()
}

fn visible_sum<'a>(
    entries: impl Iterator<Item = &'a SupporterEntry>,
    field: impl Fn(&SupporterEntry) -> Option<i64>,
) -> Option<i64> {
    entries
        .filter_map(|e| visible(field(e)))
        .fold(None, |sum, v| Some(sum.unwrap_or(0i64).saturating_add(v)))
}
