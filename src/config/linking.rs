//! Linking: how long a `/link` button works.

use std::time::Duration;

use super::reader::Reader;

pub(super) fn read(r: &mut Reader<'_>) -> Duration {
    let link_ttl_secs = r.parsed("LINK_TTL_SECS", 600u64, "a number of seconds");
    if !(30..=86_400).contains(&link_ttl_secs) {
        r.problem("LINK_TTL_SECS", "expected between 30 and 86400 seconds");
    }
    Duration::from_secs(link_ttl_secs)
}
