//! Which shipped locale answers a language tag: the tag itself, else its base language,
//! else none (the caller falls back to English).

use unic_langid::LanguageIdentifier;

use super::catalog;

fn parse(tag: &str) -> Option<LanguageIdentifier> {
    let tag = tag.trim().replace('_', "-");
    if tag.is_empty() || tag == "*" {
        return None;
    }
    tag.parse().ok()
}

/// `es-419` → `es-ES` (base `es`), `de-AT` → `de`, `ja` → `ja`, `pt-BR` → `None`.
pub(super) fn supported(tag: &str) -> Option<usize> {
    let wanted = parse(tag)?;
    let locales = || (0..catalog::count()).filter_map(|i| Some((i, catalog::langid(i)?)));
    if let Some((i, _)) = locales().find(|(_, id)| **id == wanted) {
        return Some(i);
    }
    // The base language: a shipped locale of the same language, the one without a region
    // first (`de` before `de-CH`), else the first in name order.
    locales()
        .filter(|(_, id)| id.language == wanted.language)
        .min_by_key(|(_, id)| id.region.is_some())
        .map(|(i, _)| i)
}

/// The highest-weighted tag of an `Accept-Language` header that a shipped locale answers.
pub(super) fn accept_language(header: &str) -> Option<usize> {
    let mut ranges: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(position, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q=").map(str::to_owned))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (weight > 0.0 && weight <= 1.0).then_some((weight, position, tag))
        })
        .take(32)
        .collect();
    // By weight, then in the order given.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().find_map(|(_, _, tag)| supported(tag))
}
