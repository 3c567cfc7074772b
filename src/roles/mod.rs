//! Which Discord roles a Resonite profile earns. Pure: no I/O, no Discord, no database.
//!
//! - [`facts`]: the [`Facts`] read from a [`Profile`](crate::resonite::profile::Profile) at a
//!   given moment (hidden `-1` numbers and unknown supporter sources dropped).
//! - [`rules`]: [`RuleKind`] and [`Condition`] (parsing what admins type, the stored form,
//!   a human phrase, and whether it holds), [`Rule`], and the role arithmetic:
//!   [`earned_roles`], [`managed_roles`] and [`diff`], which only ever touches roles some
//!   rule names.

pub mod facts;
pub mod rules;

#[cfg(test)]
mod tests;

pub use facts::Facts;
pub use rules::{
    Condition, MAX_CENTS, MAX_DAYS, MAX_MONTHS, MAX_TAG_CHARS, RoleDiff, Rule, RuleError, RuleKind,
    diff, earned_roles, managed_roles,
};
