//! Discord: the bot token and the REST API's base URL.

use url::Url;

use super::Secret;
use super::reader::Reader;

pub(super) struct DiscordSection {
    pub token: Secret,
    pub api_url: Url,
}

/// `None` when a required value is missing or invalid (the problem is noted).
pub(super) fn read(r: &mut Reader<'_>) -> Option<DiscordSection> {
    let token = r.required(
        "DISCORD_TOKEN",
        "the bot token from the Discord developer portal",
    );
    let api_url = r.url("DISCORD_API_URL", Some("https://discord.com"));
    Some(DiscordSection {
        token: Secret::new(token?),
        api_url: api_url?,
    })
}
