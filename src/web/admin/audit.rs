//! `GET /admin/guilds/{id}/audit?member=&page=`: the server's audit log, newest first,
//! paged, filterable by member (a Discord id).

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};

use super::pages::{Tab, layout};
use super::{admin_page, failure, guild_admin, refused};
use crate::dashboard::{AdminGuild, AdminSession, AuditPage};
use crate::i18n::Lang;
use crate::tr;
use crate::web::{WebState, page_lang};

/// `member` (as typed) and `page` of the query, read leniently.
fn query(raw: Option<&str>) -> (String, u32) {
    let (mut member, mut page) = (String::new(), 1);
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "member" => member = value.trim().to_owned(),
            "page" => page = value.parse().unwrap_or(1).max(1),
            _ => {}
        }
    }
    (member, page)
}

pub(super) async fn list(
    State(state): State<WebState>,
    Path(guild): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(None, &headers);
    let (dashboard, session, guild) = match guild_admin(&state, &headers, &guild).await {
        Ok(found) => found,
        Err(r) => return refused(&headers, r).await,
    };
    let (member, page) = query(raw.as_deref());
    // A filter that is not an id matches nobody.
    let filter = if member.is_empty() {
        None
    } else {
        Some(member.parse::<u64>().unwrap_or(0))
    };
    match dashboard.audit(&guild, filter, page).await {
        Ok(found) => admin_page(
            StatusCode::OK,
            render(lang, &session, &guild, &member, &found),
        ),
        Err(error) => failure(lang, &error),
    }
}

fn time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

fn render(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    member: &str,
    found: &AuditPage,
) -> Markup {
    let title = tr!(lang, "admin-audit-title", server = guild.name.as_str());
    let base = format!("/admin/guilds/{}/audit", guild.id);
    let link = |page: u32| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("member", member)
            .append_pair("page", &page.to_string())
            .finish();
        format!("{base}?{query}")
    };
    layout(
        lang,
        session,
        &title,
        Some((guild, Tab::Audit)),
        html! {
            h1 { (title) }
            form method="get" action=(base) role="search" {
                label for="member" { (tr!(lang, "admin-audit-filter")) }
                input id="member" name="member" type="search" inputmode="numeric" value=(member);
                " "
                button type="submit" { (tr!(lang, "admin-search")) }
            }
            div class="table" {
                table {
                    caption { (tr!(lang, "admin-audit-caption", page = found.page)) }
                    thead { tr {
                        th scope="col" { (tr!(lang, "admin-col-time")) }
                        th scope="col" { (tr!(lang, "admin-col-discord")) }
                        th scope="col" { (tr!(lang, "admin-col-action")) }
                        th scope="col" { (tr!(lang, "admin-col-actor")) }
                        th scope="col" { (tr!(lang, "admin-col-detail")) }
                    } }
                    tbody {
                        @if found.rows.is_empty() {
                            tr { td colspan="5" { (tr!(lang, "admin-audit-none")) } }
                        }
                        @for row in &found.rows {
                            tr {
                                th scope="row" { (time(row.at)) }
                                td { code { (row.user_id) } }
                                td { code { (row.action) } }
                                td { @if let Some(actor) = row.actor_id { code { (actor) } } }
                                td { (row.detail) }
                            }
                        }
                    }
                }
            }
            nav aria-label=(tr!(lang, "admin-pages-label")) {
                @if found.page > 1 { a href=(link(found.page - 1)) rel="prev" { (tr!(lang, "admin-prev")) } " " }
                @if found.has_next { a href=(link(found.page + 1)) rel="next" { (tr!(lang, "admin-next")) } }
            }
        },
    )
}
