//! Who may make the bot manage a role. Two questions, both without Discord types:
//!
//! - [`check_assignable`]: can the *bot* add and remove the role at all (its own rank and
//!   permissions, managed roles, @everyone)?
//! - [`RankCheck`]: may the *person asking* have the bot hand the role out (DESIGN "Security
//!   rules": nobody gets more power through the bot than they have)? Judged from the guild's
//!   roles, the invoker's roles and the owner, as Discord judges a person assigning a role
//!   by hand — never from a channel's permissions. Every admin surface (slash commands, the
//!   demo, the dashboard) asks this one type.

use std::collections::{BTreeSet, HashSet};

use super::role_port::{BotStanding, GuildRole};
use super::rules::Rule;

/// Discord's permission bits the bot's checks read.
pub mod permission {
    pub const KICK_MEMBERS: u64 = 1 << 1;
    pub const BAN_MEMBERS: u64 = 1 << 2;
    pub const ADMINISTRATOR: u64 = 1 << 3;
    pub const MANAGE_GUILD: u64 = 1 << 5;
    pub const MANAGE_ROLES: u64 = 1 << 28;
    pub const MANAGE_WEBHOOKS: u64 = 1 << 29;
}

/// A permission a role can carry that hands out control of the server: a rule for such a
/// role needs the owner or an Administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dangerous {
    Administrator,
    ManageGuild,
    ManageRoles,
    BanMembers,
    KickMembers,
    ManageWebhooks,
}

impl Dangerous {
    pub const ALL: [Dangerous; 6] = [
        Dangerous::Administrator,
        Dangerous::ManageGuild,
        Dangerous::ManageRoles,
        Dangerous::BanMembers,
        Dangerous::KickMembers,
        Dangerous::ManageWebhooks,
    ];

    pub fn bit(self) -> u64 {
        use permission::*;
        match self {
            Self::Administrator => ADMINISTRATOR,
            Self::ManageGuild => MANAGE_GUILD,
            Self::ManageRoles => MANAGE_ROLES,
            Self::BanMembers => BAN_MEMBERS,
            Self::KickMembers => KICK_MEMBERS,
            Self::ManageWebhooks => MANAGE_WEBHOOKS,
        }
    }

    /// Discord's own name of the permission (logs; admins read it through Fluent).
    pub fn name(self) -> &'static str {
        match self {
            Self::Administrator => "Administrator",
            Self::ManageGuild => "Manage Server",
            Self::ManageRoles => "Manage Roles",
            Self::BanMembers => "Ban Members",
            Self::KickMembers => "Kick Members",
            Self::ManageWebhooks => "Manage Webhooks",
        }
    }

    /// The dangerous permissions among `bits`, most powerful first.
    pub fn of(bits: u64) -> Vec<Dangerous> {
        Self::ALL
            .into_iter()
            .filter(|d| bits & d.bit() != 0)
            .collect()
    }
}

/// Whether a role carries a dangerous permission.
pub fn is_dangerous(role: &GuildRole) -> bool {
    !Dangerous::of(role.permissions).is_empty()
}

/// What an admin command needs of the invoker, at guild level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    ManageRoles,
    ManageGuild,
}

impl Needs {
    fn bit(self) -> u64 {
        match self {
            Self::ManageRoles => permission::MANAGE_ROLES,
            Self::ManageGuild => permission::MANAGE_GUILD,
        }
    }
}

/// Why the invoker may not have the bot manage a role, written for them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RankRefusal {
    #[error("you need the {0:?} permission from your roles in this server")]
    Missing(Needs),
    #[error("{role} is not below your highest role")]
    NotBelowYou { role: String },
    #[error("{role} carries {}; only the owner or an Administrator may add it", names(.permissions))]
    Dangerous {
        role: String,
        permissions: Vec<Dangerous>,
    },
    #[error("that role no longer exists")]
    Deleted,
}

fn names(permissions: &[Dangerous]) -> String {
    permissions
        .iter()
        .map(|p| p.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// How far the invoker is trusted: recorded with a rule they add. A rule an untrusted
/// invoker added is not granted while its role carries a dangerous permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vouch {
    /// The owner or an Administrator.
    pub trusted: bool,
}

/// One guild as Discord would judge one person in it: the guild's roles (with their
/// permissions and order), the owner, the invoker and the roles they hold.
#[derive(Debug, Clone, Copy)]
pub struct RankCheck<'a> {
    pub guild_id: u64,
    pub roles: &'a [GuildRole],
    pub owner_id: Option<u64>,
    pub invoker_id: u64,
    pub invoker_roles: &'a BTreeSet<u64>,
}

/// Discord's role order: by position, and of two at one position the older (smaller id)
/// sits higher.
fn rank(role: &GuildRole) -> (i64, std::cmp::Reverse<u64>) {
    (role.position, std::cmp::Reverse(role.id))
}

impl RankCheck<'_> {
    pub fn is_owner(&self) -> bool {
        self.owner_id == Some(self.invoker_id)
    }

    /// The invoker's guild-level permissions: @everyone's plus each of their roles'
    /// (channel overwrites play no part). The owner and Administrator hold all.
    pub fn permissions(&self) -> u64 {
        if self.is_owner() {
            return u64::MAX;
        }
        let bits = self
            .roles
            .iter()
            .filter(|r| r.id == self.guild_id || self.invoker_roles.contains(&r.id))
            .fold(0, |acc, r| acc | r.permissions);
        if bits & permission::ADMINISTRATOR != 0 {
            u64::MAX
        } else {
            bits
        }
    }

    /// The owner or an Administrator: they may hand out dangerous roles.
    pub fn trusted(&self) -> bool {
        self.permissions() & permission::ADMINISTRATOR != 0
    }

    /// The invoker's highest role (`None`: only @everyone).
    pub fn highest(&self) -> Option<&GuildRole> {
        self.roles
            .iter()
            .filter(|r| r.id != self.guild_id && self.invoker_roles.contains(&r.id))
            .max_by_key(|r| rank(r))
    }

    /// The invoker holds what the command needs, from their roles.
    pub fn require(&self, needs: Needs) -> Result<Vouch, RankRefusal> {
        if self.permissions() & needs.bit() == 0 {
            return Err(RankRefusal::Missing(needs));
        }
        Ok(Vouch {
            trusted: self.trusted(),
        })
    }

    /// May the invoker (holding `needs`) have the bot manage `role_id`: the role sits
    /// strictly below their highest role (the owner is exempt, as in Discord), and carries
    /// no dangerous permission unless they are the owner or an Administrator.
    pub fn role(&self, needs: Needs, role_id: u64) -> Result<Vouch, RankRefusal> {
        let vouch = self.require(needs)?;
        let role = self
            .roles
            .iter()
            .find(|r| r.id == role_id)
            .ok_or(RankRefusal::Deleted)?;
        let name = format!("@{}", role.name);
        if !self.is_owner() {
            let below = self.highest().is_some_and(|mine| rank(role) < rank(mine));
            if !below {
                return Err(RankRefusal::NotBelowYou { role: name });
            }
        }
        let dangerous = Dangerous::of(role.permissions);
        if !dangerous.is_empty() && !vouch.trusted {
            return Err(RankRefusal::Dangerous {
                role: name,
                permissions: dangerous,
            });
        }
        Ok(vouch)
    }

    /// [`Self::role`] for each role, stopping at the first refusal.
    pub fn roles(
        &self,
        needs: Needs,
        role_ids: impl IntoIterator<Item = u64>,
    ) -> Result<Vouch, RankRefusal> {
        let mut vouch = self.require(needs)?;
        for role in role_ids {
            vouch = self.role(needs, role)?;
        }
        Ok(vouch)
    }
}

/// The rules that grant, of `rules`: all but those added by someone untrusted (in
/// `untrusted`) whose role carries a dangerous permission today. Those still count as
/// managed: a member who does not earn the role loses it as before.
pub fn granting_rules(rules: &[Rule], untrusted: &HashSet<Rule>, roles: &[GuildRole]) -> Vec<Rule> {
    rules
        .iter()
        .filter(|rule| {
            !untrusted.contains(*rule)
                || !roles
                    .iter()
                    .any(|r| r.id == rule.role_id && is_dangerous(r))
        })
        .cloned()
        .collect()
}

/// A stored rule that breaks the rules above today, for `/doctor`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleConcern {
    /// The role carries a dangerous permission and the rule was not added by the owner or
    /// an Administrator: the bot does not grant it.
    Withheld {
        role_id: u64,
        permissions: Vec<Dangerous>,
    },
    /// The role is the bypass role too: whoever earns it is frozen for good.
    BypassRole { role_id: u64 },
}

/// What `/doctor` flags in stored rules: `(role, trusted)` per enabled rule.
pub fn rule_concerns(
    rules: &[(u64, bool)],
    roles: &[GuildRole],
    bypass_role: Option<u64>,
) -> Vec<RuleConcern> {
    let mut concerns = Vec::new();
    let mut seen = BTreeSet::new();
    for (role_id, trusted) in rules {
        if !seen.insert((*role_id, *trusted)) {
            continue;
        }
        if !trusted && let Some(role) = roles.iter().find(|r| r.id == *role_id) {
            let permissions = Dangerous::of(role.permissions);
            if !permissions.is_empty() {
                concerns.push(RuleConcern::Withheld {
                    role_id: *role_id,
                    permissions,
                });
            }
        }
    }
    if let Some(bypass) = bypass_role
        && rules.iter().any(|(r, _)| *r == bypass)
    {
        concerns.push(RuleConcern::BypassRole { role_id: bypass });
    }
    concerns
}

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
            permissions: 0,
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

    mod rank {
        use super::super::permission::*;
        use super::super::*;

        const GUILD: u64 = 1;
        const OWNER: u64 = 100;
        const ME: u64 = 200;

        fn role(id: u64, position: i64, permissions: u64) -> GuildRole {
            GuildRole {
                id,
                name: format!("r{id}"),
                position,
                managed: false,
                permissions,
            }
        }

        /// @everyone, Helper (pos 2, Manage Roles), Mentor (pos 1), Twin (pos 2, newer
        /// than Helper), Senior (pos 3), Admins (pos 1, Administrator), Mods (pos 1, Ban).
        fn roles() -> Vec<GuildRole> {
            vec![
                role(GUILD, 0, 0),
                role(10, 2, MANAGE_ROLES),
                role(11, 1, 0),
                role(12, 2, 0),
                role(13, 3, 0),
                role(14, 1, ADMINISTRATOR),
                role(15, 1, BAN_MEMBERS),
            ]
        }

        fn judge(held: &[u64], invoker: u64, target: u64) -> Result<Vouch, RankRefusal> {
            let roles = roles();
            let held: BTreeSet<u64> = held.iter().copied().collect();
            RankCheck {
                guild_id: GUILD,
                roles: &roles,
                owner_id: Some(OWNER),
                invoker_id: invoker,
                invoker_roles: &held,
            }
            .role(Needs::ManageRoles, target)
        }

        #[test]
        fn a_role_must_sit_strictly_below_the_invokers_highest() {
            assert_eq!(judge(&[10], ME, 11), Ok(Vouch { trusted: false }));
            // Same position, newer id: Discord orders it below the older Helper.
            assert_eq!(judge(&[10], ME, 12), Ok(Vouch { trusted: false }));
            for target in [10, 13] {
                assert_eq!(
                    judge(&[10], ME, target),
                    Err(RankRefusal::NotBelowYou {
                        role: format!("@r{target}")
                    }),
                    "target {target}"
                );
            }
        }

        #[test]
        fn permissions_come_from_roles_only() {
            // Senior (pos 3) without Manage Roles: however high, not allowed.
            assert_eq!(
                judge(&[13], ME, 11),
                Err(RankRefusal::Missing(Needs::ManageRoles))
            );
            // @everyone's permissions count for everyone.
            let mut roles = roles();
            roles[0].permissions = MANAGE_ROLES;
            let held = BTreeSet::from([13]);
            let check = RankCheck {
                guild_id: GUILD,
                roles: &roles,
                owner_id: Some(OWNER),
                invoker_id: ME,
                invoker_roles: &held,
            };
            assert_eq!(
                check.role(Needs::ManageRoles, 11),
                Ok(Vouch { trusted: false })
            );
        }

        #[test]
        fn dangerous_roles_need_the_owner_or_an_administrator() {
            let refused = judge(&[10, 13], ME, 14);
            assert_eq!(
                refused,
                Err(RankRefusal::Dangerous {
                    role: "@r14".into(),
                    permissions: vec![Dangerous::Administrator],
                })
            );
            assert!(matches!(
                judge(&[10, 13], ME, 15),
                Err(RankRefusal::Dangerous { .. })
            ));
            // The owner: any role, above or below, dangerous or not.
            for target in [13, 14, 15] {
                assert_eq!(judge(&[], OWNER, target), Ok(Vouch { trusted: true }));
            }
            // An Administrator holds every permission, but not the owner's rank.
            let roles = {
                let mut r = roles();
                r.push(role(16, 4, ADMINISTRATOR));
                r
            };
            let held = BTreeSet::from([16]);
            let check = RankCheck {
                guild_id: GUILD,
                roles: &roles,
                owner_id: Some(OWNER),
                invoker_id: ME,
                invoker_roles: &held,
            };
            assert_eq!(
                check.role(Needs::ManageRoles, 14),
                Ok(Vouch { trusted: true })
            );
            assert_eq!(
                check.role(Needs::ManageRoles, 16),
                Err(RankRefusal::NotBelowYou {
                    role: "@r16".into()
                })
            );
        }

        #[test]
        fn untrusted_rules_on_dangerous_roles_do_not_grant() {
            let rules = vec![
                Rule::new(14, crate::roles::Condition::Linked),
                Rule::new(11, crate::roles::Condition::Linked),
                Rule::new(15, crate::roles::Condition::Patreon),
            ];
            let untrusted: HashSet<Rule> = [rules[0].clone(), rules[1].clone()].into();
            let granting: Vec<u64> = granting_rules(&rules, &untrusted, &roles())
                .iter()
                .map(|r| r.role_id)
                .collect();
            assert_eq!(granting, vec![11, 15]);
            let concerns =
                rule_concerns(&[(14, false), (11, false), (15, true)], &roles(), Some(11));
            assert_eq!(
                concerns,
                vec![
                    RuleConcern::Withheld {
                        role_id: 14,
                        permissions: vec![Dangerous::Administrator]
                    },
                    RuleConcern::BypassRole { role_id: 11 },
                ]
            );
        }
    }
}
