//! Whether the bot can manage a role: the checks behind `/roles add` and `/roles list`.

use super::gateway::{BotStanding, GuildRole};

/// Why a role cannot be managed by the bot, written for the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleRefusal {
    #[error("@everyone belongs to every member; pick a role members can be given")]
    Everyone,
    #[error(
        "{0} is managed by an integration (a bot or a subscription); Discord lets nobody assign it"
    )]
    Managed(String),
    #[error(
        "{0} is at or above the bot's highest role; move the bot's role above {0} in Server Settings → Roles"
    )]
    AboveBot(String),
    #[error("the bot lacks the Manage Roles permission; grant it to the bot's role")]
    NoManageRoles,
    #[error("that role no longer exists")]
    Deleted,
}

/// Checks that the bot can add and remove `role` in the guild `guild_id`.
pub fn check_assignable(
    guild_id: u64,
    role: &GuildRole,
    bot: &BotStanding,
) -> Result<(), RoleRefusal> {
    if role.id == guild_id {
        return Err(RoleRefusal::Everyone);
    }
    if role.managed {
        return Err(RoleRefusal::Managed(format!("@{}", role.name)));
    }
    if !bot.can_manage_roles {
        return Err(RoleRefusal::NoManageRoles);
    }
    if role.position >= bot.highest_position {
        return Err(RoleRefusal::AboveBot(format!("@{}", role.name)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(id: u64, position: i64, managed: bool) -> GuildRole {
        GuildRole {
            id,
            name: format!("r{id}"),
            position,
            managed,
        }
    }

    #[test]
    fn refusals_name_the_problem_and_the_fix() {
        let bot = BotStanding {
            highest_position: 5,
            can_manage_roles: true,
            can_manage_nicknames: false,
            owner_id: None,
        };
        let cases = [
            (role(1, 0, false), bot, Err(RoleRefusal::Everyone)),
            (
                role(2, 1, true),
                bot,
                Err(RoleRefusal::Managed("@r2".into())),
            ),
            (
                role(3, 5, false),
                bot,
                Err(RoleRefusal::AboveBot("@r3".into())),
            ),
            (
                role(4, 9, false),
                bot,
                Err(RoleRefusal::AboveBot("@r4".into())),
            ),
            (
                role(5, 2, false),
                BotStanding {
                    highest_position: 5,
                    can_manage_roles: false,
                    can_manage_nicknames: false,
                    owner_id: None,
                },
                Err(RoleRefusal::NoManageRoles),
            ),
            (role(6, 4, false), bot, Ok(())),
        ];
        for (r, b, expected) in cases {
            assert_eq!(check_assignable(1, &r, &b), expected, "role {}", r.id);
        }
        assert!(
            RoleRefusal::AboveBot("@Patron".into())
                .to_string()
                .contains("move the bot's role above @Patron")
        );
    }
}
