//! The bundles, built once from the embedded `.ftl` files, and the checks that keep every
//! locale in step with `en-US`.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_syntax::ast;
use unic_langid::LanguageIdentifier;

use super::Arg;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

struct Locale {
    code: &'static str,
    langid: Option<LanguageIdentifier>,
    bundle: FluentBundle<FluentResource>,
}

/// Built on first use from data compiled into the binary; read-only afterwards, so one
/// process-wide copy is shared by every task.
static LOCALES: LazyLock<Vec<Locale>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(code, files)| {
            let langid: Option<LanguageIdentifier> = code.parse().ok();
            let mut bundle =
                FluentBundle::new_concurrent(vec![langid.clone().unwrap_or_default()]);
            // Isolation marks (U+2068/U+2069) around placeables break mentions and URLs.
            bundle.set_use_isolating(false);
            for (file, text) in *files {
                let resource = match FluentResource::try_new((*text).to_owned()) {
                    Ok(r) => r,
                    Err((partial, errors)) => {
                        tracing::error!(locale = code, file, errors = ?errors, "syntax errors in a locale file");
                        partial
                    }
                };
                if let Err(errors) = bundle.add_resource(resource) {
                    tracing::error!(locale = code, file, errors = ?errors, "could not add a locale file");
                }
            }
            Locale {
                code,
                langid,
                bundle,
            }
        })
        .collect()
});

pub(super) fn count() -> usize {
    SOURCES.len()
}

pub(super) fn code(index: usize) -> &'static str {
    SOURCES.get(index).map_or("en-US", |(code, _)| code)
}

pub(super) fn langid(index: usize) -> Option<&'static LanguageIdentifier> {
    LOCALES.get(index).and_then(|l| l.langid.as_ref())
}

pub(super) fn has(index: usize, id: &str) -> bool {
    LOCALES.get(index).is_some_and(|l| l.bundle.has_message(id))
}

pub(super) fn format(index: usize, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (key, value) in args {
        fluent_args.set(*key, value.0.clone());
    }
    let candidates = [index, 0];
    let found = candidates.iter().find_map(|i| {
        let locale = LOCALES.get(*i)?;
        let pattern = locale.bundle.get_message(id)?.value()?;
        Some((locale, pattern))
    });
    let Some((locale, pattern)) = found else {
        tracing::warn!(message = id, "no such message in any locale");
        return id.to_owned();
    };
    let mut errors = Vec::new();
    let text = locale
        .bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(locale = locale.code, message = id, errors = ?errors, "a message did not format cleanly");
    }
    text.into_owned()
}

/// Something that keeps a locale from being complete or correct.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogProblem {
    #[error("{locale}/{file}: syntax error: {error}")]
    Syntax {
        locale: String,
        file: String,
        error: String,
    },
    #[error("{locale}: message `{id}` is defined twice")]
    Duplicate { locale: String, id: String },
    #[error("{locale}: message `{id}` is missing (en-US has it)")]
    MissingMessage { locale: String, id: String },
    #[error("{locale}: message `{id}` lacks the variable `${variable}` (en-US uses it)")]
    MissingVariable {
        locale: String,
        id: String,
        variable: String,
    },
    #[error(
        "{locale}: message `{id}` uses the variable `${variable}`, which en-US does not (the code never sets it)"
    )]
    UnknownVariable {
        locale: String,
        id: String,
        variable: String,
    },
    #[error("{locale}: message `{id}` is not in en-US (misspelt, or left over)")]
    UnknownMessage { locale: String, id: String },
    #[error("{locale}: the folder name is not a language tag")]
    BadLocaleCode { locale: String },
}

/// Messages whose translation is optional: localized command, option names (Discord shows
/// the English name where a locale has none). They need their command's description in
/// `en-US` (`cmd-link-name` needs `cmd-link-desc`).
fn optional(id: &str) -> Option<String> {
    id.strip_prefix("cmd-")
        .and_then(|rest| rest.strip_suffix("-name"))
        .map(|base| format!("cmd-{base}-desc"))
}

/// The variables each message (and `message.attribute`) of one locale uses.
type Shapes = BTreeMap<String, BTreeSet<String>>;

fn shapes(locale: &str, files: &[(&str, &str)], problems: &mut Vec<CatalogProblem>) -> Shapes {
    let mut out = Shapes::new();
    for (file, text) in files {
        let resource = match fluent_syntax::parser::parse(*text) {
            Ok(r) => r,
            Err((partial, errors)) => {
                for error in errors {
                    problems.push(CatalogProblem::Syntax {
                        locale: locale.to_owned(),
                        file: (*file).to_owned(),
                        error: format!("{:?} at bytes {:?}", error.kind, error.pos),
                    });
                }
                partial
            }
        };
        for entry in resource.body {
            let (id, value, attributes) = match entry {
                ast::Entry::Message(m) => (m.id.name.to_owned(), m.value, m.attributes),
                ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes),
                _ => continue,
            };
            let mut add = |key: String, pattern: Option<&ast::Pattern<&str>>| {
                let mut vars = BTreeSet::new();
                if let Some(p) = pattern {
                    pattern_variables(p, &mut vars);
                }
                if out.insert(key.clone(), vars).is_some() {
                    problems.push(CatalogProblem::Duplicate {
                        locale: locale.to_owned(),
                        id: key,
                    });
                }
            };
            add(id.clone(), value.as_ref());
            for attribute in &attributes {
                add(
                    format!("{id}.{}", attribute.id.name),
                    Some(&attribute.value),
                );
            }
        }
    }
    out
}

fn pattern_variables(pattern: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, vars);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, vars);
            for variant in variants {
                pattern_variables(&variant.value, vars);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, vars),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_owned());
        }
        ast::InlineExpression::FunctionReference { arguments, .. }
        | ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for arg in &arguments.positional {
                inline_variables(arg, vars);
            }
            for arg in &arguments.named {
                inline_variables(&arg.value, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, vars),
        _ => {}
    }
}

/// Checks locales given as (code, files of (name, text)), the first being the source: every
/// message of the source exists in each other locale with the same variables, nothing is
/// defined twice, every file parses. Empty when all is well.
pub fn check_sources(sources: &[(&str, &[(&str, &str)])]) -> Vec<CatalogProblem> {
    let mut problems = Vec::new();
    let Some(((source_code, source_files), others)) = sources.split_first() else {
        return problems;
    };
    let source = shapes(source_code, source_files, &mut problems);
    for (code, files) in others {
        if code.parse::<LanguageIdentifier>().is_err() {
            problems.push(CatalogProblem::BadLocaleCode {
                locale: (*code).to_owned(),
            });
        }
        let shape = shapes(code, files, &mut problems);
        let locale = || (*code).to_owned();
        for (id, vars) in &source {
            let Some(theirs) = shape.get(id) else {
                problems.push(CatalogProblem::MissingMessage {
                    locale: locale(),
                    id: id.clone(),
                });
                continue;
            };
            for variable in vars.difference(theirs) {
                problems.push(CatalogProblem::MissingVariable {
                    locale: locale(),
                    id: id.clone(),
                    variable: variable.clone(),
                });
            }
            for variable in theirs.difference(vars) {
                problems.push(CatalogProblem::UnknownVariable {
                    locale: locale(),
                    id: id.clone(),
                    variable: variable.clone(),
                });
            }
        }
        for id in shape.keys() {
            let known = source.contains_key(id)
                || optional(id).is_some_and(|base| source.contains_key(&base));
            if !known {
                problems.push(CatalogProblem::UnknownMessage {
                    locale: locale(),
                    id: id.clone(),
                });
            }
        }
    }
    problems
}

/// [`check_sources`] over the shipped locales.
pub fn check_catalog() -> Vec<CatalogProblem> {
    check_sources(SOURCES)
}

/// The variables `en-US`'s message `id` uses; `None` when it has no such message.
pub fn message_variables(id: &str) -> Option<BTreeSet<String>> {
    let (code, files) = SOURCES.first()?;
    let mut ignored = Vec::new();
    shapes(code, files, &mut ignored).remove(id)
}
