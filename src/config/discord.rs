//! Discord: the bot token, the REST API's base URL, and how long a role call may take.

use std::time::Duration;

use url::Url;

use super::Secret;
use super::reader::Reader;

pub(super) struct DiscordSection {
    pub token: Secret,
    pub api_url: Url,
    pub timeout: Duration,
}

/// Upper bound of one role call behind `DISCORD_API_URL`, and (twice it) of one member's
/// reconcile: a hanging Discord is a failure to retry, not a stuck worker.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// `None` when a required value is missing or invalid (the problem is noted).
pub(super) fn read(r: &mut Reader<'_>) -> Option<DiscordSection> {
    let token = r.required(
        "DISCORD_TOKEN",
        "the bot token from the Discord developer portal",
    );
    let api_url = r.url("DISCORD_API_URL", Some("https://discord.com"));
    let timeout = r.duration(
        "DISCORD_TIMEOUT",
        DEFAULT_TIMEOUT,
        |d| !d.is_zero(),
        "expected a duration such as 15s",
    );
    Some(DiscordSection {
        token: Secret::new(token?),
        api_url: api_url?,
        timeout,
    })
}
