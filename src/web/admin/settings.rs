//! `GET /admin/guilds/{id}/settings` and `POST …/settings` (one setting per form: the
//! hidden `setting` field names it, `value` holds it; empty turns it off): parse, call
//! the dashboard (the settings service, as `/config`), render what happened.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use maud::{Markup, html};

use super::pages::{Tab, layout};
use super::rules_page::rich;
use super::{admin_page, csrf_ok, csrf_refused, failure, guild_admin, refused};
use crate::dashboard::{
    AdminGuild, AdminSession, Dashboard, SettingChange, SettingChanged, SettingRefused,
    SettingsView,
};
use crate::i18n::Lang;
use crate::roles::wording::{rank_refusal, template_error};
use crate::roles::{GuildRole, Needs, RankRefusal};
use crate::settings::{BypassChanged, BypassRefused, NicknameChanged, NicknameRefused};
use crate::tr;
use crate::web::{WebState, page_lang};

/// What the form asks; `Err(())`: the value is not an id where one is needed.
fn read_change(body: &[u8]) -> Option<Result<SettingChange, ()>> {
    let (mut setting, mut value) = (String::new(), String::new());
    for (key, v) in url::form_urlencoded::parse(body) {
        match key.as_ref() {
            "setting" => setting = v.into_owned(),
            "value" => value = v.trim().to_owned(),
            _ => {}
        }
    }
    let id = |v: &str| -> Result<Option<u64>, ()> {
        if v.is_empty() {
            Ok(None)
        } else {
            v.parse().map(Some).map_err(|_| ())
        }
    };
    Some(match setting.as_str() {
        "log-channel" => id(&value).map(SettingChange::LogChannel),
        "bypass-role" => id(&value).map(SettingChange::BypassRole),
        "nickname" => Ok(SettingChange::Nickname(
            (!value.is_empty()).then_some(value),
        )),
        _ => return None,
    })
}

pub(super) async fn show(
    State(state): State<WebState>,
    Path(guild): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(None, &headers);
    match guild_admin(&state, &headers, &guild).await {
        Ok((dashboard, session, guild)) => {
            answer(dashboard, lang, &session, &guild, StatusCode::OK, None).await
        }
        Err(r) => refused(&headers, r).await,
    }
}

pub(super) async fn change(
    State(state): State<WebState>,
    Path(guild): Path<String>,
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
    let change = match read_change(&body) {
        None => return crate::web::not_found(headers).await,
        Some(Err(())) => {
            let said = (false, tr!(lang, "admin-settings-not-an-id"));
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return answer(dashboard, lang, &session, &guild, status, Some(said)).await;
        }
        Some(Ok(change)) => change,
    };
    let (status, said) = match dashboard.change_setting(&guild, &session, change).await {
        Ok(Ok(changed)) => {
            tracing::info!(guild = guild.id, "dashboard: a setting changed");
            (
                StatusCode::OK,
                (true, changed_text(lang, &session.user_name, &changed)),
            )
        }
        Ok(Err(refusal)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            (false, refused_text(lang, &refusal)),
        ),
        Err(error) => return failure(lang, &error),
    };
    answer(dashboard, lang, &session, &guild, status, Some(said)).await
}

async fn answer(
    dashboard: &Dashboard,
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    status: StatusCode,
    said: Option<(bool, String)>,
) -> Response {
    match dashboard.settings(guild, session).await {
        Ok(view) => admin_page(status, render(lang, session, guild, &view, said)),
        Err(error) => failure(lang, &error),
    }
}

fn changed_text(lang: Lang, admin: &str, changed: &SettingChanged) -> String {
    match changed {
        SettingChanged::LogChannel(Some(c)) => tr!(lang, "admin-settings-log-set", channel = *c),
        SettingChanged::LogChannel(None) => tr!(lang, "config-log-channel-off"),
        SettingChanged::BypassRole(BypassChanged::Set(_)) => tr!(lang, "admin-settings-bypass-set"),
        SettingChanged::BypassRole(BypassChanged::Cleared) => tr!(lang, "config-bypass-cleared"),
        SettingChanged::BypassRole(BypassChanged::NoneBefore) => tr!(lang, "config-bypass-none"),
        SettingChanged::Nickname(NicknameChanged::Stopped {
            was_set,
            given_back,
        }) => match (was_set, given_back) {
            (false, _) => tr!(lang, "config-nickname-not-managed"),
            (true, 0) => tr!(lang, "config-nickname-off"),
            (true, n) => tr!(lang, "config-nickname-off-given-back", count = *n),
        },
        SettingChanged::Nickname(NicknameChanged::Set {
            template,
            marked,
            linked_as,
        }) => {
            let resonite = linked_as.as_deref().unwrap_or("ResoniteName");
            tr!(
                lang,
                "admin-settings-nickname-set",
                template = template.as_str(),
                nick = template.render(resonite, admin, admin),
                count = *marked
            )
        }
    }
}

fn refused_text(lang: Lang, refusal: &SettingRefused) -> String {
    match refusal {
        SettingRefused::Rank(RankRefusal::Missing(Needs::ManageGuild))
        | SettingRefused::BypassRole(BypassRefused::Rank(RankRefusal::Missing(
            Needs::ManageGuild,
        ))) => tr!(lang, "admin-settings-needs-manage-guild"),
        SettingRefused::Rank(e) | SettingRefused::BypassRole(BypassRefused::Rank(e)) => {
            rank_refusal(lang, e)
        }
        SettingRefused::BypassRole(BypassRefused::Everyone) => {
            tr!(lang, "admin-settings-bypass-everyone")
        }
        SettingRefused::BypassRole(BypassRefused::Granted(_)) => {
            tr!(lang, "admin-settings-bypass-granted")
        }
        SettingRefused::Nickname(NicknameRefused::Invalid(e)) => tr!(
            lang,
            "admin-settings-nickname-invalid",
            error = template_error(lang, e)
        ),
        SettingRefused::Nickname(NicknameRefused::NoPermission) => {
            tr!(lang, "admin-settings-nickname-no-permission")
        }
    }
}

/// One setting's form: its label, its field, a hint and Save.
fn setting_form(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    (setting, label, hint): (&str, &str, &str),
    field: Markup,
) -> Markup {
    html! {
        form method="post" action=(format!("/admin/guilds/{}/settings", guild.id)) class="stack" {
            input type="hidden" name="csrf" value=(session.csrf);
            input type="hidden" name="setting" value=(setting);
            label for=(setting) { (tr!(lang, label)) }
            (field)
            p id=(format!("{setting}-hint")) class="note" { (rich(&tr!(lang, hint))) }
            p { button type="submit" { (tr!(lang, "admin-settings-save")) } }
        }
    }
}

fn role_select(lang: Lang, roles: &[GuildRole], current: Option<u64>) -> Markup {
    html! {
        select id="bypass-role" name="value" aria-describedby="bypass-role-hint" {
            option value="" selected[current.is_none()] { (tr!(lang, "admin-settings-bypass-none")) }
            @for role in roles {
                option value=(role.id) selected[current == Some(role.id)] { "@" (role.name) }
            }
        }
    }
}

fn render(
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    view: &SettingsView,
    said: Option<(bool, String)>,
) -> Markup {
    let title = tr!(lang, "admin-settings-title", server = guild.name.as_str());
    let channel = view.log_channel.map(|c| c.to_string()).unwrap_or_default();
    let template = view.nickname_template.clone().unwrap_or_default();
    let log = (
        "log-channel",
        "admin-settings-log-channel",
        "admin-settings-log-channel-hint",
    );
    let bypass = (
        "bypass-role",
        "admin-settings-bypass",
        "admin-settings-bypass-hint",
    );
    let nickname = (
        "nickname",
        "admin-settings-nickname",
        "admin-settings-nickname-hint",
    );
    layout(
        lang,
        session,
        &title,
        Some((guild, Tab::Settings)),
        html! {
            h1 { (title) }
            @if let Some((ok, text)) = said {
                p class=(if ok { "notice ok" } else { "notice bad" }) role="status" { (rich(&text)) }
            }
            @if view.may_change {
                (setting_form(lang, session, guild, log, html! {
                    input id="log-channel" name="value" type="text" inputmode="numeric"
                        value=(channel) aria-describedby="log-channel-hint";
                }))
                (setting_form(lang, session, guild, bypass, role_select(lang, &view.roles, view.bypass_role)))
                (setting_form(lang, session, guild, nickname, html! {
                    input id="nickname" name="value" type="text" maxlength="100"
                        value=(template) aria-describedby="nickname-hint";
                }))
            } @else {
                p { (tr!(lang, "admin-settings-needs-manage-guild")) }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_is_named_and_empty_turns_it_off() {
        assert_eq!(
            read_change(b"setting=log-channel&value=+123+"),
            Some(Ok(SettingChange::LogChannel(Some(123))))
        );
        assert_eq!(
            read_change(b"setting=bypass-role&value="),
            Some(Ok(SettingChange::BypassRole(None)))
        );
        assert_eq!(
            read_change(b"setting=log-channel&value=general"),
            Some(Err(()))
        );
        assert_eq!(
            read_change(b"setting=nickname&value=%7Bresonite%7D"),
            Some(Ok(SettingChange::Nickname(Some("{resonite}".into()))))
        );
        assert_eq!(read_change(b"setting=other&value=1"), None);
    }
}
