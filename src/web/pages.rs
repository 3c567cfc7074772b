//! The HTML pages: one layout, no external resources, everything escaped by maud.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::i18n::Lang;
use crate::tr;

const STYLE: &str = r#"
:root { color-scheme: light dark; --accent: #5865f2; --ok: #2d9d5a; --bad: #d1453b; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: Canvas; color: CanvasText; display: flex; min-height: 100vh; align-items: center; justify-content: center; }
main { width: min(34rem, 100% - 2rem); padding: 2rem 1.5rem; border-radius: 12px;
  border: 1px solid color-mix(in srgb, CanvasText 15%, transparent); }
h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
.mark { font-size: 2.5rem; line-height: 1; margin-bottom: .5rem; }
.ok .mark { color: var(--ok); } .bad .mark { color: var(--bad); }
ul { padding-left: 1.2rem; }
code { font-size: .95em; }
footer { margin-top: 1.5rem; font-size: .85rem; opacity: .75; }
strong, code { overflow-wrap: anywhere; }
form { margin: 0; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1.25rem 0; }
.button, button { display: inline-block; padding: .65rem 1.2rem; border-radius: 8px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
button.secondary { background: transparent; color: CanvasText;
  border-color: color-mix(in srgb, CanvasText 35%, transparent); }
.warn { padding: .75rem 1rem; border-radius: 8px; background: color-mix(in srgb, var(--bad) 12%, transparent); }
"#;

/// Text with inline markup: `template` is a formatted message whose placeables were
/// given the markers `\u{E000}`, `\u{E001}`, …; each is replaced by the markup of the same
/// index, everything else is escaped. So a translation can put `<strong>` names and
/// `<code>` ids wherever its grammar wants them.
fn rich(template: &str, parts: &[Markup]) -> Markup {
    let mut out = String::new();
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut String| {
        out.push_str(&html! { (text) }.into_string());
        text.clear();
    };
    for c in template.chars() {
        let index = (c as u32).wrapping_sub(MARKER as u32) as usize;
        match parts.get(index) {
            Some(part) => {
                flush(&mut text, &mut out);
                out.push_str(&part.0);
            }
            None => text.push(c),
        }
    }
    flush(&mut text, &mut out);
    PreEscaped(out)
}

/// The first private-use character: never in a message, never in a name we show.
const MARKER: char = '\u{E000}';

fn marker(index: u8) -> String {
    char::from_u32(MARKER as u32 + u32::from(index))
        .unwrap_or(MARKER)
        .to_string()
}

/// The frame every page shares: language, viewport, title, inline style.
pub fn layout(lang: Lang, title: &str, class: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // No favicon request: browsers would ask for /favicon.ico and log a 404.
                link rel="icon" href="data:,";
                meta name="referrer" content="no-referrer";
                title { (title) " · resonite-verify" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main class=(class) {
                    (body)
                    footer { (tr!(lang, "page-footer")) }
                }
            }
        }
    }
}

pub fn landing(lang: Lang) -> Markup {
    let title = tr!(lang, "landing-title");
    let how = tr!(lang, "landing-how", command = marker(0));
    layout(
        lang,
        &title,
        "info",
        html! {
            h1 { (title) }
            p { (tr!(lang, "landing-about")) }
            p { (rich(&how, &[html! { code { "/link" } }])) }
        },
    )
}

pub fn linked(
    lang: Lang,
    resonite_username: &str,
    resonite_id: &str,
    discord_name: &str,
    notes: &[String],
) -> Markup {
    linked_offering(
        lang,
        &LinkedPage {
            resonite_username,
            resonite_id,
            discord_name,
            notes,
            offer: None,
            guild_id: None,
        },
    )
}

/// What the result page of a link shows.
#[derive(Debug, Clone, Copy)]
pub struct LinkedPage<'a> {
    pub resonite_username: &'a str,
    pub resonite_id: &'a str,
    pub discord_name: &'a str,
    /// What the Discord side reported (roles granted, on their way…).
    pub notes: &'a [String],
    /// "Show it on my Discord profile": the `/linked-role` path, when Linked Roles is on
    /// and the member has not connected it.
    pub offer: Option<&'a str>,
    /// The server `/link` ran in: a button back to it in Discord.
    pub guild_id: Option<u64>,
}

/// The page of a link just stored (see [`LinkedPage`]).
pub fn linked_offering(lang: Lang, p: &LinkedPage<'_>) -> Markup {
    let title = tr!(lang, "linked-title");
    let body = tr!(
        lang,
        "linked-body",
        resonite = marker(0),
        resonite_id = marker(1),
        discord = marker(2)
    );
    let parts = [
        html! { strong { (p.resonite_username) } },
        html! { code { (p.resonite_id) } },
        html! { strong { (p.discord_name) } },
    ];
    layout(
        lang,
        &title,
        "ok",
        html! {
            div class="mark" aria-hidden="true" { "✔" }
            h1 { (title) }
            p { (rich(&body, &parts)) }
            @if !p.notes.is_empty() {
                ul { @for n in p.notes { li { (n) } } }
            }
            @if p.offer.is_some() || p.guild_id.is_some() {
                div class="actions" {
                    @if let Some(guild) = p.guild_id {
                        a class="button" href=(format!("https://discord.com/channels/{guild}")) {
                            (tr!(lang, "linked-back"))
                        }
                    }
                    @if let Some(href) = p.offer {
                        a class="button" href=(href) { (tr!(lang, "linked-offer")) }
                    }
                }
            }
            p { (tr!(lang, "page-close")) }
        },
    )
}

/// "Link Resonite account X to Discord account Y (in server Z)?" with Link and Cancel: the
/// form posts the single-use token to `action` (`/oauth/confirm`).
pub fn confirm(lang: Lang, pending: &crate::linking::PendingLink, action: &str) -> Markup {
    let title = tr!(lang, "confirm-title");
    let server = pending.guild_id.map(|id| {
        pending
            .guild_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| id.to_string())
    });
    let body = match &server {
        Some(_) => tr!(
            lang,
            "confirm-body-server",
            resonite = marker(0),
            resonite_id = marker(1),
            discord = marker(2),
            server = marker(3)
        ),
        None => tr!(
            lang,
            "confirm-body",
            resonite = marker(0),
            resonite_id = marker(1),
            discord = marker(2)
        ),
    };
    let parts = [
        html! { strong { (pending.resonite_username) } },
        html! { code { (pending.resonite_user_id) } },
        html! { strong { (pending.discord_name) } },
        html! { strong { (server.unwrap_or_default()) } },
    ];
    layout(
        lang,
        &title,
        "info",
        html! {
            h1 { (title) }
            p { (rich(&body, &parts)) }
            p class="warn" { (tr!(lang, "confirm-warning")) }
            form method="post" action=(action) {
                input type="hidden" name="token" value=(pending.token);
                div class="actions" {
                    button type="submit" name="action" value="link" { (tr!(lang, "confirm-link")) }
                    button type="submit" name="action" value="cancel" class="secondary" {
                        (tr!(lang, "confirm-cancel"))
                    }
                }
            }
            p { (tr!(lang, "confirm-expires")) }
        },
    )
}

/// Cancel pressed on the confirmation page.
pub fn cancelled(lang: Lang) -> Markup {
    let title = tr!(lang, "cancelled-title");
    layout(
        lang,
        &title,
        "info",
        html! {
            h1 { (title) }
            p { (tr!(lang, "cancelled-explanation")) }
            p { (tr!(lang, "cancelled-next")) }
        },
    )
}

/// A failed link: a title and what the member can do about it.
pub fn failed(lang: Lang, title: &str, explanation: &str, next_step: &str) -> Markup {
    layout(
        lang,
        title,
        "bad",
        html! {
            div class="mark" aria-hidden="true" { "✖" }
            h1 { (title) }
            p { (explanation) }
            p { (next_step) }
        },
    )
}

/// [`failed`] from three message ids.
pub fn failed_with(lang: Lang, title: &str, explanation: &str, next_step: &str) -> Markup {
    failed(
        lang,
        &tr!(lang, title),
        &tr!(lang, explanation),
        &tr!(lang, next_step),
    )
}

pub fn not_found(lang: Lang) -> Markup {
    failed_with(
        lang,
        "not-found-title",
        "not-found-explanation",
        "not-found-next",
    )
}

/// Linked Roles done on Discord's side for a member already linked.
pub fn connection_pushed(
    lang: Lang,
    discord_name: &str,
    resonite_username: &str,
    pending: bool,
) -> Markup {
    let title = tr!(lang, "pushed-title");
    let body = tr!(
        lang,
        "pushed-body",
        discord = marker(0),
        resonite = marker(1)
    );
    let parts = [
        html! { strong { (discord_name) } },
        html! { strong { (resonite_username) } },
    ];
    layout(
        lang,
        &title,
        "ok",
        html! {
            div class="mark" aria-hidden="true" { "✔" }
            h1 { (title) }
            p { (rich(&body, &parts)) }
            @if pending {
                p { (tr!(lang, "pushed-pending")) }
            }
            p { (tr!(lang, "page-close")) }
        },
    )
}
