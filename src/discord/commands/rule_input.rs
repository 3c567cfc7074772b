//! What `/roles add|remove|list|preview` share: the `rule:` choice (read from the core's
//! table of rule kinds), the invoker as the guild admin service's [`Actor`], and its
//! refusals in the member's words.

use std::borrow::Cow;

use crate::discord::permissions::{self, Invoker};
use crate::discord::{Error, UserError};
use crate::guild_admin::{Actor, RuleRefused};
use crate::i18n::Lang;
use crate::roles::RuleKind;
use crate::roles::wording::{group_error, refusal, rule_error};
use crate::tr;

/// A rule kind as a Discord choice: one choice per entry of the core's table
/// ([`crate::roles::RULE_KINDS`]), named by its stable name, in the table's order (the
/// choice's value is its index there; its label is `choice-rule-<name>` in `commands.ftl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleKindChoice(pub RuleKind);

impl poise::ChoiceParameter for RuleKindChoice {
    fn list() -> Cow<'static, [poise::CommandParameterChoice]> {
        RuleKind::ALL
            .iter()
            .map(|kind| poise::CommandParameterChoice {
                __non_exhaustive: (),
                name: Cow::Borrowed(kind.as_str()),
                localizations: Cow::Borrowed(&[]),
            })
            .collect()
    }

    fn from_index(index: usize) -> Option<Self> {
        RuleKind::ALL.get(index).copied().map(Self)
    }

    fn from_name(name: &str) -> Option<Self> {
        RuleKind::ALL
            .into_iter()
            .find(|kind| kind.as_str().eq_ignore_ascii_case(name))
            .map(Self)
    }

    fn name(&self) -> &'static str {
        self.0.as_str()
    }

    fn localized_name(&self, _locale: &str) -> Option<&'static str> {
        None
    }
}

/// The invoker, as the service judges them.
pub(super) fn actor(invoker: Invoker) -> Actor {
    Actor {
        guild_id: invoker.guild,
        user_id: invoker.user,
        guild_roles: invoker.roles,
        owner_id: invoker.owner_id,
        held: invoker.held,
    }
}

/// A refusal in the member's words (`what` names what was tried, for the rank refusal);
/// a failure of the database or Discord stays an error for the error handler.
pub(super) fn refused(lang: Lang, what: &str, refused: RuleRefused) -> Error {
    let message = match refused {
        RuleRefused::Value(e) => tr!(lang, "roles-value-invalid", error = rule_error(lang, &e)),
        RuleRefused::Group(e) => group_error(lang, &e),
        RuleRefused::GroupTaken { role_id, group } => {
            tr!(lang, "roles-group-taken", role = role_id, group = group)
        }
        RuleRefused::BypassRole { role_id } => tr!(lang, "roles-bypass-refused", role = role_id),
        RuleRefused::Unassignable(e) => {
            tr!(lang, "roles-role-refused", reason = refusal(lang, &e))
        }
        RuleRefused::Rank(e) => permissions::refusal(lang, what, &e),
        RuleRefused::Failed(e) => return e.into(),
    };
    UserError::err(message)
}
