//! The guild every figure runs in: the bot with Manage Roles above the four roles the
//! rules manage. The fakes' `World` builds it; generated members and accounts come from
//! there too (`discord_id`, `generated_profile`).

use resonite_verify_fakes::world::{MANAGE_ROLES, World, WorldBuilder};

pub const GUILD: u64 = 800_000_000_000_000_001;
pub const OWNER: u64 = 700_000_000_000_000_001;
pub const BOT_ROLE: u64 = 800_000_000_000_000_100;
pub const LINKED: u64 = 800_000_000_000_000_301;
pub const PATRON: u64 = 800_000_000_000_000_302;
pub const TIER10: u64 = 800_000_000_000_000_303;
pub const MENTOR: u64 = 800_000_000_000_000_304;

/// A `PUBLIC_URL` nothing serves, for figures in which the bot is never called back.
pub const UNSERVED_URL: &str = "http://127.0.0.1:9";

/// The guild with the bot and the four managed roles; no members, no rules yet.
pub fn world() -> WorldBuilder {
    World::builder()
        .guild(GUILD, "Bench guild", OWNER)
        .bot_role(GUILD, BOT_ROLE, "bot", 10, MANAGE_ROLES)
        .role(GUILD, LINKED, "Linked", 1)
        .role(GUILD, PATRON, "Patron", 2)
        .role(GUILD, TIER10, "Tier 10", 3)
        .role(GUILD, MENTOR, "Mentor", 4)
}
