//! What the bot says, in the member's language: Project Fluent messages
//! (`locales/<lang>/*.ftl`, embedded in the binary at build time), the choice of language
//! ([`Lang`]), and Discord's own localization of the commands ([`localize_commands`]).
//!
//! `en-US` is the source: every message exists there first, and every other locale must
//! have the same messages with the same variables (`tests/it/languages.rs` fails naming the
//! locale, the message and the variable otherwise). A message missing at run time falls back
//! to English, then to its id, and is logged; a member never sees a panic.
//!
//! # Saying something
//!
//! ```
//! use resonite_verify::i18n::Lang;
//! use resonite_verify::tr;
//!
//! let lang = Lang::negotiate("de-AT"); // Discord's `locale`: falls back to `de`
//! let text = tr!(lang, "unlink-none");
//! assert!(text.contains("/link"));
//! // Variables are `name = value` pairs; strings, and numbers (for plurals).
//! let text = tr!(Lang::EN_US, "link-button-expires", minutes = 1);
//! assert_eq!(text, "The button works once, for 1 minute.");
//! ```
//!
//! Which language: a command reply follows the interaction's `locale`
//! (`discord::lang(ctx)`), the log channel the guild's (`discord::guild_lang`,
//! stored as `guild_settings.locale`), a result page the locale stored with the `/link`
//! (then `Accept-Language`), a DM the locale stored with the link.
//!
//! # Adding a message
//!
//! 1. Add it to the right file under `locales/en-US/` (`discord.ftl` for replies and
//!    notices, `web.ftl` for pages, `commands.ftl` for command descriptions), with an id in
//!    kebab-case and variables in snake_case: `roles-added = Added: <@&{ $role }>`.
//! 2. Add the same id, with the same variables, to every other locale's file of the same
//!    name (a natural sentence, not a word-by-word one; keep Discord markup, mentions and
//!    `/command` names as they are). Plurals use Fluent's selectors:
//!    `{ $count -> [one] … *[other] … }`.
//! 3. Use it: `tr!(lang, "roles-added", role = role_id)` (a `&str`, `String` or number
//!    per variable; the result is a `String`).
//! 4. Run `cargo test -p resonite-verify --test it languages`: it names anything missing.
//!
//! Snowflake ids are passed as they are (`u64`): numbers above 2^53 become strings so no
//! digit is lost. Bidi isolation marks are off, so mentions and URLs stay intact.
//!
//! Command descriptions (and optional localized names) are messages named after the
//! command's path: `cmd-roles-add-desc`, `cmd-roles-add-opt-role-desc`,
//! `cmd-roles-add-opt-role-name`, and `choice-<option>-<choice>` for choices; see
//! [`localize_commands`].

mod catalog;
mod commands;
mod negotiate;

pub use catalog::{CatalogProblem, check_catalog, check_sources, message_variables};
pub use commands::{DISCORD_LOCALES, KeyKind, command_keys, localize_commands, valid_command_name};

use std::borrow::Cow;

use fluent_bundle::FluentValue;

/// One of the shipped languages (a folder under `locales/`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Lang(usize);

impl Lang {
    /// The source language and the last fallback.
    pub const EN_US: Lang = Lang(0);

    /// Its code, the folder's name (`en-US`, `ja`, `es-ES`, ...): what is stored, what
    /// goes in `<html lang>`, and Discord's locale code where Discord has one.
    pub fn code(self) -> &'static str {
        catalog::code(self.0)
    }

    /// The `<html lang>` value: the language alone (`en`, `es`) unless another shipped
    /// locale has the same language, then the full code (`pt-BR` beside `pt-PT`).
    pub fn html_lang(self) -> &'static str {
        let code = self.code();
        let language = code.split('-').next().unwrap_or(code);
        let shared = Lang::all()
            .any(|other| other != self && other.code().split('-').next() == Some(language));
        if shared { code } else { language }
    }

    /// Every shipped language, `en-US` first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..catalog::count()).map(Lang)
    }

    /// The shipped language for a tag, exactly or by its base language
    /// (`es-419` → `es-ES`, `de-AT` → `de`); `None` when neither ships (`pt-BR`).
    pub fn supported(tag: &str) -> Option<Lang> {
        negotiate::supported(tag).map(Lang)
    }

    /// [`Lang::supported`], else English: for Discord's `locale` and stored locales.
    pub fn negotiate(tag: &str) -> Lang {
        Self::supported(tag).unwrap_or(Self::EN_US)
    }

    /// The language of a stored locale (`None`, unknown: English).
    pub fn of(locale: Option<&str>) -> Lang {
        locale.map_or(Self::EN_US, Self::negotiate)
    }

    /// The first language of an `Accept-Language` header (by weight) that ships.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        negotiate::accept_language(header).map(Lang)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A message variable's value: text, or a number (which plural forms select on).
#[derive(Clone, Debug)]
pub struct Arg<'a>(FluentValue<'a>);

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Self(FluentValue::String(Cow::Borrowed(s)))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Self(FluentValue::String(Cow::Borrowed(s.as_str())))
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Self(FluentValue::String(Cow::Owned(s)))
    }
}

/// Integers are numbers while an `f64` holds them exactly; snowflakes are text.
const EXACT: u64 = 1 << 53;

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        if n <= EXACT {
            Self(FluentValue::from(n as f64))
        } else {
            Self(FluentValue::String(Cow::Owned(n.to_string())))
        }
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        if n.unsigned_abs() <= EXACT {
            Self(FluentValue::from(n as f64))
        } else {
            Self(FluentValue::String(Cow::Owned(n.to_string())))
        }
    }
}

macro_rules! small_numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Self(FluentValue::from(f64::from(n)))
            }
        }
    )*};
}
small_numbers!(u8, u16, u32, i32);

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Self::from(n as u64)
    }
}

/// The message `id` in `lang` with `args`; English when `lang` lacks it, the id itself
/// (logged) when English does too. Prefer the [`tr!`](crate::tr) macro.
pub fn tr(lang: Lang, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    catalog::format(lang.0, id, args)
}

/// Whether `lang` itself has the message (no fallback): for optional messages such as
/// localized command names.
pub fn has(lang: Lang, id: &str) -> bool {
    catalog::has(lang.0, id)
}

/// `tr!(lang, "message-id")` or `tr!(lang, "message-id", name = value, ...)`: the message
/// in `lang`, see [`i18n`](crate::i18n).
#[macro_export]
macro_rules! tr {
    ($lang:expr, $id:expr $(,)?) => {
        $crate::i18n::tr($lang, $id, &[])
    };
    ($lang:expr, $id:expr, $($key:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::tr(
            $lang,
            $id,
            &[$((stringify!($key), $crate::i18n::Arg::from($value))),+],
        )
    };
}

#[cfg(test)]
mod tests;
