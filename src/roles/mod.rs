//! Which Discord roles a Resonite profile earns. Pure: no I/O, no Discord, no database.
//!
//! - [`facts`]: the [`Facts`] read from a [`Profile`](crate::resonite::profile::Profile) at a
//!   given moment (hidden `-1` numbers and unknown supporter sources dropped).
//! - [`rules`]: [`RuleKind`] and [`Condition`] (parsing what admins type, the stored form,
//!   a human phrase, and whether it holds), each kind described once in [`RULE_KINDS`]
//!   (a new kind is one [`RuleKindInfo`] entry), [`Rule`], and the role arithmetic:
//!   [`earned_roles`], [`managed_roles`] and [`diff`], which only ever touches roles some
//!   rule names.
//! - [`role_port`]: what applying roles needs from Discord, as a trait (roles only);
//!   [`notice_port`]: what the bot tells people, as events, through the [`Notifier`] port;
//!   [`report`]: what one sync did and why it ran ([`SyncCause`], [`SyncReport`]);
//!   [`sync`]: applying the diff for one member, per role, with audit rows and notices;
//!   [`reconciler`]: the durable queue every cause marks and the workers that drain it;
//!   [`admin`]: whether the bot can manage a role at all; [`nickname`]: nickname templates
//!   and what to do with one member's nickname.

pub mod admin;
pub mod facts;
pub mod nickname;
pub mod notice_port;
pub mod preview;
pub mod reconciler;
pub mod report;
pub mod role_port;
pub mod rules;
pub mod sync;
pub mod wording;

#[cfg(test)]
mod tests;

pub use admin::{
    Dangerous, Needs, RankCheck, RankRefusal, RoleRefusal, RuleConcern, Vouch, check_assignable,
    granting_rules, is_dangerous, rule_concerns,
};
pub use facts::Facts;
pub use nickname::{NICK_MAX_CHARS, NicknamePlan, NicknameTemplate, TemplateError};
pub use notice_port::{GuildNotice, LinkReply, MemberNotice, Notifier, Silent};
pub use reconciler::{Applied, GuildMarks, Reconciler, ReconcilerOptions};
pub use role_port::{BotStanding, GuildMember, GuildRole, RoleApiError, RoleGateway};
pub use rules::{
    Condition, GroupError, MAX_CENTS, MAX_DAYS, MAX_GROUP_CHARS, MAX_MONTHS, MAX_TAG_CHARS, Param,
    RULE_KINDS, RoleDiff, Rule, RuleError, RuleKind, RuleKindInfo, ValueHint, ValueShape, diff,
    earned_roles, earned_roles_of, keep_highest_per_group, managed_roles, parse_group,
};
pub use sync::{
    GuildPolicy, MemberLink, NicknameChange, RoleSync, SyncCause, SyncError, SyncReport,
    effective_facts, facts_for,
};
