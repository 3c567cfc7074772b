//! The worlds the integration tests run in, and every id and name they refer to.
//!
//! Both worlds have the one guild [`GUILD`] (owned by [`OWNER`]) with the bot's role
//! ([`BOT_ROLE`], Manage Roles, position 10). [`guild`] adds two members without roles for
//! tests that drive the core directly; [`community`] is the server the end-to-end tests
//! type commands in (an admin, a linking member, a member without permissions, roles
//! above and below the bot's, and a second guild).

pub use resonite_verify_fakes::world::{
    APPLICATION_ID as APP_ID, CLIENT_ID, MANAGE_NICKNAMES, MANAGE_ROLES, World, WorldBuilder,
    discord_id, generated_profile as profile,
};

pub const GUILD: u64 = 800_000_000_000_000_001;
pub const GUILD_NAME: &str = "Test guild";
pub const OWNER: u64 = 700_000_000_000_000_001;
pub const BOT_ROLE: u64 = 800_000_000_000_000_100;

/// Members of [`guild`].
pub const MEMBER_A: u64 = 700_000_000_000_000_010;
pub const MEMBER_B: u64 = 700_000_000_000_000_011;

/// Has the Mods role (Manage Roles), is not the owner ([`community`]).
pub const ADMIN: u64 = 710_000_000_000_000_002;
pub const ADMIN_NAME: &str = "mod-alice";
/// The member who links ([`community`]).
pub const MEMBER: u64 = 710_000_000_000_000_010;
pub const MEMBER_NAME: &str = "patron-bob";
/// A member without any permission ([`community`]).
pub const OTHER: u64 = 710_000_000_000_000_011;
pub const OTHER_NAME: &str = "plain-carol";

/// Above the bot's role: the bot can never manage it.
pub const STAFF: u64 = 810_000_000_000_000_101;
pub const MODS: u64 = 810_000_000_000_000_102;
pub const MENTOR: u64 = 810_000_000_000_000_103;
pub const PATRON: u64 = 810_000_000_000_000_104;
pub const LINKED: u64 = 810_000_000_000_000_105;
/// A role no rule names: the bot must never touch it.
pub const ARTIST: u64 = 810_000_000_000_000_106;

/// A second guild the linked member joins later ([`community`]).
pub const GUILD2: u64 = 820_000_000_000_000_001;
pub const OWNER2: u64 = 720_000_000_000_000_001;
pub const BOT_ROLE2: u64 = 820_000_000_000_000_100;
pub const PATRON2: u64 = 820_000_000_000_000_104;
pub const LINKED2: u64 = 820_000_000_000_000_105;

fn with_guild() -> WorldBuilder {
    with_guild_where_the_bot_has(MANAGE_ROLES)
}

fn with_guild_where_the_bot_has(permissions: u64) -> WorldBuilder {
    World::builder().guild(GUILD, GUILD_NAME, OWNER).bot_role(
        GUILD,
        BOT_ROLE,
        "resonite-verify",
        10,
        permissions,
    )
}

/// The guild with two members who hold no roles.
pub fn guild() -> WorldBuilder {
    with_guild()
        .member(GUILD, MEMBER_A, "member-a", &[])
        .member(GUILD, MEMBER_B, "member-b", &[])
}

/// The end-to-end tests' server, and a second guild with the bot in it.
pub fn community() -> WorldBuilder {
    community_where_the_bot_has(MANAGE_ROLES)
}

/// [`community`], the bot's role having `permissions` (e.g. Manage Nicknames too).
pub fn community_where_the_bot_has(permissions: u64) -> WorldBuilder {
    with_guild_where_the_bot_has(permissions)
        .role_with(
            GUILD,
            resonite_verify_fakes::discord::FakeRole {
                id: MODS,
                name: "Mods".into(),
                position: 5,
                permissions: MANAGE_ROLES,
                managed: false,
            },
        )
        .role(GUILD, STAFF, "Staff", 20)
        .role(GUILD, MENTOR, "Mentor", 4)
        .role(GUILD, PATRON, "Patron", 3)
        .role(GUILD, LINKED, "Linked", 2)
        .role(GUILD, ARTIST, "Artist", 1)
        .member(GUILD, OWNER, "owner", &[])
        .member(GUILD, ADMIN, ADMIN_NAME, &[MODS])
        .member(GUILD, MEMBER, MEMBER_NAME, &[ARTIST])
        .member(GUILD, OTHER, OTHER_NAME, &[])
        .guild(GUILD2, "Second Guild", OWNER2)
        .bot_role(GUILD2, BOT_ROLE2, "resonite-verify", 10, MANAGE_ROLES)
        .role(GUILD2, PATRON2, "Patreon supporters", 3)
        .role(GUILD2, LINKED2, "Verified", 2)
        .member(GUILD2, OWNER2, "owner-two", &[])
}
