//! HTML pages (maud escapes everything interpolated).

use axum::http::StatusCode;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::protocol::{
    AUTHORIZE_PATH, PROFILE_PATH, PROFILE_PATH_SINGULAR, REVOCATION_PATH, TOKEN_PATH,
};

const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;margin:0;padding:0 1rem;\
background:#f4f4f7;color:#1c1c22}\
main{max-width:36rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:.75rem;\
box-shadow:0 1px 4px rgba(0,0,0,.12)}\
h1{font-size:1.4rem;margin-top:0}\
fieldset{border:1px solid #ccd;border-radius:.5rem;margin:1rem 0;padding:.5rem 1rem}\
label{display:block;padding:.35rem 0;cursor:pointer}\
code,.id{font-family:ui-monospace,monospace;font-size:.9em;overflow-wrap:anywhere}\
.id{color:#555}\
.buttons{display:flex;gap:.75rem;flex-wrap:wrap}\
button{font:inherit;padding:.55rem 1.4rem;border-radius:.4rem;border:1px solid #556;cursor:pointer}\
button.approve{background:#2456c7;color:#fff;border-color:#2456c7}\
button.deny{background:#fff;color:#1c1c22}\
.note{color:#555;font-size:.9rem}\
table{border-collapse:collapse}td,th{text-align:left;padding:.2rem .6rem .2rem 0;vertical-align:top}";

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                // No favicon request: browsers would ask for /favicon.ico and log a 404.
                link rel="icon" href="data:,";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main { (body) }
            }
        }
    }
}

fn scope_description(scope: &str) -> &'static str {
    match scope {
        "profile" => "your username, profile picture and basic account information",
        "email" => "your email address",
        "patreon" => "your supporter (Patreon) status",
        "offline_access" => "keep access while you are away (a refresh token)",
        "openid" => "your account identifier",
        _ => "an unknown permission",
    }
}

/// What the consent page shows of a validated authorization request.
pub(super) struct Consent<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub scopes: &'a [String],
    /// The original parameters, carried through the consent form.
    pub hidden: &'a [(&'static str, String)],
}

/// The consent page: which application asks for what, which account, Approve or Deny.
pub(super) fn consent(req: &Consent<'_>, accounts: &[(String, String)]) -> Markup {
    layout(
        "Authorize application – Resonite (mock)",
        html! {
            h1 { "Authorize application" }
            p {
                "The application " strong { (req.client_id) }
                " would like to access your Resonite account:"
            }
            ul {
                @for scope in req.scopes {
                    li { strong { (scope) } ": " (scope_description(scope)) }
                }
            }
            p class="note" {
                "You will be sent back to " code { (req.redirect_uri) } "."
            }
            form method="post" action=(AUTHORIZE_PATH) {
                @for (name, value) in req.hidden {
                    input type="hidden" name=(name) value=(value);
                }
                fieldset {
                    legend { "Sign in as" }
                    @if accounts.is_empty() {
                        p { "This mock server knows no accounts." }
                    }
                    @for (i, (id, username)) in accounts.iter().enumerate() {
                        label {
                            input type="radio" name="account" value=(id) required checked[i == 0];
                            " " strong { (username) } " " span class="id" { "(" (id) ")" }
                        }
                    }
                }
                div class="buttons" {
                    button class="approve" type="submit" name="decision" value="approve" { "Approve" }
                    button class="deny" type="submit" name="decision" value="deny" formnovalidate { "Deny" }
                }
            }
            p class="note" {
                "This is the resonite-verify mock of Resonite's OAuth server: no real account is involved."
            }
        },
    )
}

/// An error page for requests the mock will not redirect back from.
pub(super) fn error(status: StatusCode, message: &str) -> Markup {
    layout(
        "Authorization error – Resonite (mock)",
        html! {
            h1 { "Authorization error" }
            p { (message) }
            p class="note" {
                "HTTP " (status.as_u16()) ". The mock Resonite server did not send you back to the "
                "application, because it could not trust the request."
            }
        },
    )
}

/// `GET /`: what this is, its endpoints and accounts.
pub(super) fn index(
    base: &str,
    client_id: &str,
    redirect_uri: &str,
    accounts: &[(String, String)],
) -> Markup {
    let endpoints = [
        ("Authorize", AUTHORIZE_PATH),
        ("Token", TOKEN_PATH),
        ("Revocation", REVOCATION_PATH),
        ("Profile", PROFILE_PATH),
        ("Profile (singular)", PROFILE_PATH_SINGULAR),
    ];
    layout(
        "resonite-verify mock Resonite server",
        html! {
            h1 { "resonite-verify mock Resonite server" }
            p {
                "A local stand-in for Resonite's OAuth 2.0 server, for testing resonite-verify "
                "without the real service. It checks client credentials, the exact redirect URI, "
                "PKCE S256 and single-use, expiring codes."
            }
            h2 { "Endpoints" }
            table {
                @for (name, path) in endpoints {
                    tr { th { (name) } td { code { (base) (path) } } }
                }
            }
            h2 { "Client" }
            table {
                tr { th { "Client id" } td { code { (client_id) } } }
                tr { th { "Redirect URI" } td { code { (redirect_uri) } } }
            }
            h2 { "Accounts" }
            @if accounts.is_empty() {
                p { "No accounts." }
            } @else {
                ul {
                    @for (id, username) in accounts {
                        li { strong { (username) } " " span class="id" { "(" (id) ")" } }
                    }
                }
            }
        },
    )
}
