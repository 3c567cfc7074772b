//! The dashboard's pages: one layout with its own stylesheet (no inline style or script),
//! everything escaped by maud, every string from the Fluent files.

use maud::{DOCTYPE, Markup, html};

use super::STYLE_PATH;
use crate::dashboard::{AdminGuild, AdminSession, CHART_DAYS, Overview};
use crate::i18n::Lang;
use crate::tr;

pub(super) const STYLE: &str = r#"
:root { color-scheme: light dark; --accent: #5865f2; --ok: #2d9d5a; --bad: #d1453b;
  --line: color-mix(in srgb, CanvasText 15%, transparent); }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: Canvas; color: CanvasText; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: .5rem; top: .5rem; background: Canvas; padding: .5rem; z-index: 1; }
header.top { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  padding: .75rem 1rem; border-bottom: 1px solid var(--line); }
header.top .brand { font-weight: 700; color: inherit; text-decoration: none; }
header.top .who { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; font-size: .9rem; }
nav.guild { padding: .5rem 1rem; border-bottom: 1px solid var(--line); overflow-x: auto; }
nav.guild ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; white-space: nowrap; }
nav.guild a[aria-current="page"] { font-weight: 700; text-decoration: none; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
a { color: var(--accent); }
code, strong { overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; padding: 0; margin: 0; list-style: none; }
.cards li { border: 1px solid var(--line); border-radius: 10px; padding: .75rem 1rem; }
.cards .n { display: block; font-size: 1.6rem; font-weight: 700; }
.servers { list-style: none; padding: 0; display: grid; gap: .5rem; }
.servers a { display: block; padding: .75rem 1rem; border: 1px solid var(--line); border-radius: 10px; text-decoration: none; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }
form.inline { display: inline; margin: 0; }
button, .button { display: inline-block; padding: .45rem .9rem; border-radius: 8px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer; }
button.secondary { background: transparent; color: CanvasText; border-color: color-mix(in srgb, CanvasText 35%, transparent); }
label { display: block; font-weight: 600; margin-top: .5rem; }
input, select { font: inherit; padding: .4rem; max-width: 100%; }
.note { opacity: .8; font-size: .9rem; }
.ok { color: var(--ok); } .bad { color: var(--bad); }
.chart { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
.chart svg { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 10px; }
.chart .axis { stroke: CanvasText; stroke-opacity: .4; }
.chart .bar-link { fill: var(--accent); } .chart .bar-unlink { fill: var(--bad); }
.chart .label { fill: CanvasText; font-size: 12px; } .chart .end { text-anchor: end; }
@media (max-width: 40rem) { .chart { grid-template-columns: 1fr; } }
.notice { padding: .6rem .9rem; border: 1px solid currentColor; border-radius: 8px; }
form.stack input[type=text], form.stack select { display: block; width: 100%; max-width: 32rem; }
.preview { border: 1px solid var(--line); border-radius: 10px; padding: 0 1rem; margin: 1rem 0; }
footer { padding: 1rem; font-size: .85rem; opacity: .75; text-align: center; }
"#;

/// Which tab of a server's pages is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tab {
    Overview,
    Members,
    Rules,
    Settings,
    Audit,
}

/// The signed-in frame: the admin, sign-out, the server's tabs when on a server's page.
pub(super) fn layout(
    lang: Lang,
    session: &AdminSession,
    title: &str,
    guild: Option<(&AdminGuild, Tab)>,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                link rel="icon" href="data:,";
                meta name="referrer" content="no-referrer";
                title { (title) " · " (tr!(lang, "admin-title")) }
                link rel="stylesheet" href=(STYLE_PATH);
            }
            body {
                a class="skip" href="#main" { (tr!(lang, "admin-skip")) }
                header class="top" {
                    a class="brand" href="/admin" { (tr!(lang, "admin-title")) }
                    div class="who" {
                        span { (tr!(lang, "admin-signed-in-as", name = session.user_name.as_str())) }
                        form class="inline" method="post" action="/admin/logout" {
                            input type="hidden" name="csrf" value=(session.csrf);
                            button class="secondary" type="submit" { (tr!(lang, "admin-sign-out")) }
                        }
                    }
                }
                @if let Some((guild, tab)) = guild {
                    (tabs(lang, guild, tab))
                }
                main id="main" { (body) }
                footer { (tr!(lang, "page-footer")) }
            }
        }
    }
}

fn tabs(lang: Lang, guild: &AdminGuild, open: Tab) -> Markup {
    let base = format!("/admin/guilds/{}", guild.id);
    let items = [
        (Tab::Overview, base.clone(), "admin-tab-overview"),
        (Tab::Members, format!("{base}/members"), "admin-tab-members"),
        (Tab::Rules, format!("{base}/rules"), "admin-tab-rules"),
        (
            Tab::Settings,
            format!("{base}/settings"),
            "admin-tab-settings",
        ),
        (Tab::Audit, format!("{base}/audit"), "admin-tab-audit"),
    ];
    html! {
        nav class="guild" aria-label=(tr!(lang, "admin-tabs-label")) {
            ul {
                @for (tab, href, key) in &items {
                    li {
                        @if *tab == open {
                            a href=(href) aria-current="page" { (tr!(lang, key)) }
                        } @else {
                            a href=(href) { (tr!(lang, key)) }
                        }
                    }
                }
            }
        }
    }
}

/// `GET /admin`: the servers the admin may manage.
pub(super) fn servers(lang: Lang, session: &AdminSession) -> Markup {
    let title = tr!(lang, "admin-servers-title");
    layout(
        lang,
        session,
        &title,
        None,
        html! {
            h1 { (title) }
            @if session.guilds.is_empty() {
                p { (tr!(lang, "admin-servers-none")) }
            } @else {
                p { (tr!(lang, "admin-servers-intro")) }
                ul class="servers" {
                    @for guild in &session.guilds {
                        li { a href=(format!("/admin/guilds/{}", guild.id)) { (guild.name) } }
                    }
                }
            }
        },
    )
}

/// `GET /admin/guilds/{id}`.
pub(super) fn overview(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    figures: &Overview,
) -> Markup {
    let title = tr!(lang, "admin-overview-title", server = guild.name.as_str());
    let cards = [
        ("admin-fig-linked", figures.linked),
        ("admin-fig-stale", figures.stale),
        ("admin-fig-pending", figures.pending),
        ("admin-fig-failed", figures.failed),
        ("admin-fig-rules", figures.rules),
    ];
    layout(
        lang,
        session,
        &title,
        Some((guild, Tab::Overview)),
        html! {
            h1 { (title) }
            ul class="cards" {
                @for (key, n) in cards {
                    li { span class="n" { (n) } (tr!(lang, key)) }
                }
            }
            form method="post" action=(format!("/admin/guilds/{}/sync", guild.id)) {
                input type="hidden" name="csrf" value=(session.csrf);
                p {
                    button type="submit" { (tr!(lang, "admin-sync-now")) } " "
                    span class="note" { (tr!(lang, "admin-sync-explanation")) }
                }
            }
            h2 { (tr!(lang, "admin-chart-activity", days = CHART_DAYS)) }
            (super::chart::activity(lang, &figures.activity))
        },
    )
}

/// After signing out.
pub(super) fn signed_out(lang: Lang) -> Markup {
    let title = tr!(lang, "admin-signed-out-title");
    crate::web::pages::layout(
        lang,
        &title,
        "ok",
        html! {
            h1 { (title) }
            p { (tr!(lang, "admin-signed-out-explanation")) }
            p { a class="button" href="/admin" { (tr!(lang, "admin-sign-in-again")) } }
        },
    )
}
