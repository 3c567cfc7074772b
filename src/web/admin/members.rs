//! `GET /admin/guilds/{id}/members?q=&page=`, `GET …/members.csv` and
//! `POST …/members/{user}/retry`: parse, call the dashboard, render.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};

use super::pages::{Tab, layout};
use super::{admin_page, csrf_ok, csrf_refused, failure, guild_admin, redirect, refused};
use crate::dashboard::{AdminGuild, AdminSession, MemberPage, QueueState};
use crate::i18n::Lang;
use crate::tr;
use crate::web::{WebState, page_lang};

/// `q` and `page` of the query, read leniently.
fn search(raw: Option<&str>) -> (String, u32) {
    let mut q = String::new();
    let mut page = 1;
    for (key, value) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        match key.as_ref() {
            "q" => q = value.into_owned(),
            "page" => page = value.parse().unwrap_or(1).max(1),
            _ => {}
        }
    }
    (q, page)
}

pub(super) async fn list(
    State(state): State<WebState>,
    Path(guild): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(None, &headers);
    let (dashboard, session, guild) = match guild_admin(&state, &headers, &guild).await {
        Ok(found) => found,
        Err(r) => return refused(&headers, r).await,
    };
    let (q, page) = search(query.as_deref());
    match dashboard.members(&guild, &q, page).await {
        Ok(found) => admin_page(
            StatusCode::OK,
            members_page(lang, &session, &guild, &q, &found),
        ),
        Err(error) => failure(lang, &error),
    }
}

pub(super) async fn csv(
    State(state): State<WebState>,
    Path(guild): Path<String>,
    headers: HeaderMap,
) -> Response {
    let (dashboard, _, guild) = match guild_admin(&state, &headers, &guild).await {
        Ok(found) => found,
        Err(r) => return refused(&headers, r).await,
    };
    match dashboard.members_csv(&guild).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"members-{}.csv\"", guild.id),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(error) => failure(page_lang(None, &headers), &error),
    }
}

pub(super) async fn retry(
    State(state): State<WebState>,
    Path((guild, user)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = page_lang(None, &headers);
    let (dashboard, session, guild) = match guild_admin(&state, &headers, &guild).await {
        Ok(found) => found,
        Err(r) => return refused(&headers, r).await,
    };
    if !csrf_ok(&session, &body) {
        return csrf_refused(lang);
    }
    let Ok(user) = user.parse::<u64>() else {
        return crate::web::not_found(headers).await;
    };
    match dashboard.retry(&guild, &session, user).await {
        Ok(true) => redirect(&format!("/admin/guilds/{}/members?q={user}", guild.id)),
        Ok(false) => crate::web::not_found(headers).await,
        Err(error) => failure(lang, &error),
    }
}

fn queue_cell(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    user: u64,
    q: &QueueState,
) -> Markup {
    let action = format!("/admin/guilds/{}/members/{user}/retry", guild.id);
    html! {
        @match q {
            QueueState::Done => span class="ok" { (tr!(lang, "admin-queue-done")) },
            QueueState::Pending => span { (tr!(lang, "admin-queue-pending")) },
            QueueState::Failed { .. } => {
                span class="bad" { (tr!(lang, "admin-queue-failed")) } " "
                form class="inline" method="post" action=(action) {
                    input type="hidden" name="csrf" value=(session.csrf);
                    button type="submit" { (tr!(lang, "admin-retry")) }
                }
            },
        }
    }
}

fn members_page(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    q: &str,
    found: &MemberPage,
) -> Markup {
    let title = tr!(lang, "admin-members-title", server = guild.name.as_str());
    let base = format!("/admin/guilds/{}/members", guild.id);
    let link = |page: u32| {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", q)
            .append_pair("page", &page.to_string())
            .finish();
        format!("{base}?{query}")
    };
    layout(
        lang,
        session,
        &title,
        Some((guild, Tab::Members)),
        html! {
            h1 { (title) }
            form method="get" action=(base) role="search" {
                label for="q" { (tr!(lang, "admin-members-search")) }
                input id="q" name="q" type="search" value=(q);
                " "
                button type="submit" { (tr!(lang, "admin-search")) }
            }
            p { a href=(format!("{base}.csv")) download { (tr!(lang, "admin-members-export")) } }
            div class="table" {
                table {
                    caption { (tr!(lang, "admin-members-caption", page = found.page)) }
                    thead { tr {
                        th scope="col" { (tr!(lang, "admin-col-discord")) }
                        th scope="col" { (tr!(lang, "admin-col-resonite")) }
                        th scope="col" { (tr!(lang, "admin-col-verified")) }
                        th scope="col" { (tr!(lang, "admin-col-roles")) }
                        th scope="col" { (tr!(lang, "admin-col-changes")) }
                    } }
                    tbody {
                        @if found.rows.is_empty() {
                            tr { td colspan="5" { (tr!(lang, "admin-members-none")) } }
                        }
                        @for m in &found.rows {
                            tr {
                                th scope="row" { code { (m.discord_user_id) } }
                                td { (m.resonite_username) br; code { (m.resonite_user_id) } }
                                td {
                                    (super::chart::date(m.last_verified_at))
                                    @if m.stale { " " span class="bad" { (tr!(lang, "admin-stale")) } }
                                }
                                td {
                                    @for role in &m.roles { code { (role) } " " }
                                }
                                td { (queue_cell(lang, session, guild, m.discord_user_id, &m.queue)) }
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
