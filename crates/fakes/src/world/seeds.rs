//! What the bot's database should hold when the bot starts in a world: plain data, since
//! this crate knows nothing of the bot's store.

use serde_json::Value;

use super::{LINK_SCOPES, WorldError};
use crate::resonite::MockHandle;

/// The rules and links of a world.
#[derive(Clone, Debug, Default)]
pub struct Seeds {
    pub rules: Vec<RuleSeed>,
    pub links: Vec<LinkSeed>,
}

/// A role rule as `/roles add` stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSeed {
    pub guild_id: u64,
    pub role_id: u64,
    /// The rule's kind as stored (`linked`, `patreon`, `tier-at-least`, `tag`, …).
    pub kind: String,
    /// The rule's value as stored: cents for amounts (`"1000"` is $10), a tag, or `""`.
    pub value: String,
    /// Who added it: the guild's owner.
    pub added_by: u64,
}

/// A member linked to a Resonite account, with a working refresh token.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkSeed {
    pub discord_user_id: u64,
    /// The profile as Resonite sent it (the mock serves the same).
    pub profile: Value,
    pub scopes: Vec<String>,
    /// Minted on the mock for `scopes`; the bot seals it before storing it.
    pub refresh_token: String,
}

impl LinkSeed {
    /// A refresh token for `profile`'s account minted on `mock`.
    pub(super) fn mint(
        mock: &MockHandle,
        discord_user_id: u64,
        profile: Value,
    ) -> Result<Self, WorldError> {
        let id = profile["id"]
            .as_str()
            .ok_or_else(|| WorldError::AccountWithoutId(profile.to_string()))?;
        let refresh_token = mock.grant_refresh_token(id, LINK_SCOPES);
        Ok(Self {
            discord_user_id,
            scopes: LINK_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            refresh_token,
            profile,
        })
    }

    /// The Resonite account id (`U-…`).
    pub fn resonite_user_id(&self) -> &str {
        self.profile["id"].as_str().unwrap_or_default()
    }

    pub fn resonite_username(&self) -> &str {
        self.profile["username"].as_str().unwrap_or_default()
    }
}
