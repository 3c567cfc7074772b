//! The HTML pages: one layout, no external resources, everything escaped by maud.

use maud::{DOCTYPE, Markup, PreEscaped, html};

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
"#;

/// The frame every page shares: language, viewport, title, inline style.
pub fn layout(title: &str, class: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // No favicon request: browsers would ask for /favicon.ico and log a 404.
                link rel="icon" href="data:,";
                meta name="referrer" content="no-referrer";
                title { (title) " · resonite-link" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main class=(class) {
                    (body)
                    footer { "resonite-link · links Resonite accounts to Discord" }
                }
            }
        }
    }
}

pub fn landing() -> Markup {
    layout(
        "Resonite account linking",
        "info",
        html! {
            h1 { "Resonite account linking" }
            p { "This server belongs to a Discord bot that links Discord members to their Resonite accounts and gives them roles from their Resonite profile (supporter status, tags)." }
            p { "To link your account, type " code { "/link" } " in the Discord server and follow the button." }
        },
    )
}

pub fn linked(
    resonite_username: &str,
    resonite_id: &str,
    discord_name: &str,
    notes: &[String],
) -> Markup {
    linked_offering(resonite_username, resonite_id, discord_name, notes, None)
}

/// [`linked`], offering "Show it on my Discord profile" (a link to `offer`, the
/// `/linked-role` path) when Linked Roles is on and the member has not connected it.
pub fn linked_offering(
    resonite_username: &str,
    resonite_id: &str,
    discord_name: &str,
    notes: &[String],
    offer: Option<&str>,
) -> Markup {
    layout(
        "Accounts linked",
        "ok",
        html! {
            div class="mark" aria-hidden="true" { "✔" }
            h1 { "Accounts linked" }
            p {
                "Your Resonite account " strong { (resonite_username) } " (" code { (resonite_id) } ")"
                " is now linked to the Discord account " strong { (discord_name) } "."
            }
            @if !notes.is_empty() {
                ul { @for n in notes { li { (n) } } }
            }
            @if let Some(href) = offer {
                p { a class="button" href=(href) { "Show it on my Discord profile" } }
            }
            p { "You can close this page and go back to Discord." }
        },
    )
}

/// A failed link: a title and what the member can do about it.
pub fn failed(title: &str, explanation: &str, next_step: &str) -> Markup {
    layout(
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

pub fn not_found() -> Markup {
    failed(
        "Page not found",
        "There is nothing at this address.",
        "To link your Resonite account, use /link in Discord.",
    )
}

/// Linked Roles done on Discord's side for a member already linked.
pub fn connection_pushed(discord_name: &str, resonite_username: &str, pending: bool) -> Markup {
    layout(
        "Shown on your Discord profile",
        "ok",
        html! {
            div class="mark" aria-hidden="true" { "✔" }
            h1 { "Shown on your Discord profile" }
            p {
                "The Discord account " strong { (discord_name) } " now shows the Resonite account "
                strong { (resonite_username) } " as a connection, and can claim the server's linked roles."
            }
            @if pending {
                p { "Discord is busy right now: your profile updates in a moment, nothing else to do." }
            }
            p { "You can close this page and go back to Discord." }
        },
    )
}
