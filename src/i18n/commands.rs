//! Discord's localization of the slash commands: descriptions in every shipped language
//! Discord knows, names where a locale has a natural one. Applied to poise's command tree
//! before registration.
//!
//! Keys: `cmd-<path>-desc` (and the optional `cmd-<path>-name`) for a command or subcommand
//! (`<path>`: its qualified name with `-` for spaces: `roles-add`), `cmd-<path>-opt-<option>-desc`
//! (`-name`) for an option, and `choice-<option>-<choice>` for a choice's label.

use std::borrow::Cow;

use super::Lang;

/// The locale codes Discord accepts in `*_localizations`.
pub const DISCORD_LOCALES: &[&str] = &[
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

/// `cmd-roles-add` for `add` under `roles`. Built from the tree, not `qualified_name`:
/// poise fills that in only when the framework starts, after localization.
fn path_key(parent: Option<&str>, name: &str) -> String {
    match parent {
        Some(parent) => format!("{parent}-{name}"),
        None => format!("cmd-{name}"),
    }
}

fn choice_key(option: &str, choice: &str) -> String {
    let slug: String = choice
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("choice-{option}-{slug}")
}

/// Whether Discord accepts `name` as a command or option name:
/// `^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$`, lowercase where letters have case.
pub fn valid_command_name(name: &str) -> bool {
    let count = name.chars().count();
    (1..=32).contains(&count)
        && name.chars().all(|c| {
            (c == '-'
                || c == '_'
                || c.is_alphanumeric()
                || matches!(c, '\u{0900}'..='\u{097F}' | '\u{0E00}'..='\u{0E7F}'))
                && !c.is_uppercase()
        })
}

/// What the commands need from the catalog: `(key, kind)` for every description and choice
/// label (which `en-US` must have), and every optional name key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A command's or option's description (Discord: 1–100 characters).
    Description,
    /// A choice's label (1–100 characters).
    Choice,
    /// An optional localized command or option name (1–32, lowercase, no spaces).
    Name,
}

/// Every key the command tree reads, with its kind.
pub fn command_keys<U, E>(commands: &[poise::Command<U, E>]) -> Vec<(String, KeyKind)> {
    keys_under(None, commands)
}

fn keys_under<U, E>(
    parent: Option<&str>,
    commands: &[poise::Command<U, E>],
) -> Vec<(String, KeyKind)> {
    let mut keys = Vec::new();
    for command in commands {
        let base = path_key(parent, &command.name);
        keys.push((format!("{base}-desc"), KeyKind::Description));
        keys.push((format!("{base}-name"), KeyKind::Name));
        for parameter in &command.parameters {
            let option = format!("{base}-opt-{}", parameter.name);
            keys.push((format!("{option}-desc"), KeyKind::Description));
            keys.push((format!("{option}-name"), KeyKind::Name));
            for choice in parameter.choices.iter() {
                keys.push((choice_key(&parameter.name, &choice.name), KeyKind::Choice));
            }
        }
        keys.extend(keys_under(Some(&base), &command.subcommands));
    }
    keys
}

/// The shipped languages Discord has a locale for, English aside (it is the default).
fn localized_langs() -> Vec<Lang> {
    Lang::all()
        .filter(|l| *l != Lang::EN_US && DISCORD_LOCALES.contains(&l.code()))
        .collect()
}

fn push(
    list: &mut Cow<'static, [(Cow<'static, str>, Cow<'static, str>)]>,
    lang: Lang,
    text: String,
) {
    list.to_mut()
        .push((Cow::Borrowed(lang.code()), Cow::Owned(text)));
}

fn text(lang: Lang, key: &str) -> Option<String> {
    super::has(lang, key).then(|| super::tr(lang, key, &[]))
}

fn name(lang: Lang, key: &str) -> Option<String> {
    let name = text(lang, key)?;
    if valid_command_name(&name) {
        Some(name)
    } else {
        tracing::warn!(locale = %lang, key, name, "not a valid Discord command name; left out");
        None
    }
}

/// Fills in every command's, subcommand's, option's and choice's localizations from the
/// catalog, and their English texts from `en-US` where it has them (so `en-US` is the
/// source of the English descriptions too). Call before registering.
pub fn localize_commands<U, E>(commands: &mut [poise::Command<U, E>]) {
    localize_under(None, commands, &localized_langs());
}

fn localize_under<U, E>(
    parent: Option<&str>,
    commands: &mut [poise::Command<U, E>],
    langs: &[Lang],
) {
    for command in commands.iter_mut() {
        let base = path_key(parent, &command.name);
        let desc_key = format!("{base}-desc");
        if let Some(english) = text(Lang::EN_US, &desc_key) {
            command.description = Some(Cow::Owned(english));
        }
        for &lang in langs {
            if let Some(t) = text(lang, &desc_key) {
                push(&mut command.description_localizations, lang, t);
            }
            if let Some(n) = name(lang, &format!("{base}-name")) {
                push(&mut command.name_localizations, lang, n);
            }
        }
        for parameter in &mut command.parameters {
            let option = format!("{base}-opt-{}", parameter.name);
            let desc_key = format!("{option}-desc");
            if let Some(english) = text(Lang::EN_US, &desc_key) {
                parameter.description = Some(Cow::Owned(english));
            }
            for &lang in langs {
                if let Some(t) = text(lang, &desc_key) {
                    push(&mut parameter.description_localizations, lang, t);
                }
                if let Some(n) = name(lang, &format!("{option}-name")) {
                    push(&mut parameter.name_localizations, lang, n);
                }
            }
            let option_name = parameter.name.clone();
            for choice in parameter.choices.to_mut().iter_mut() {
                let key = choice_key(&option_name, &choice.name);
                for &lang in langs {
                    if let Some(t) = text(lang, &key) {
                        push(&mut choice.localizations, lang, t);
                    }
                }
            }
        }
        localize_under(Some(&base), &mut command.subcommands, langs);
    }
}
