//! `GET|POST /admin/guilds/{id}/rules`, `POST …/rules/preview` and
//! `POST …/rules/{role_id}/delete`: parse the form, call the dashboard (which calls the
//! guild admin service, as `/roles` does), render the rules page with what happened.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::rules_page::{Notice, RuleForm, render};
use super::{admin_page, csrf_ok, csrf_refused, failure, guild_admin, refused};
use crate::dashboard::{AdminGuild, AdminSession, Dashboard};
use crate::guild_admin::{PreviewOutcome, RuleSpec};
use crate::i18n::Lang;
use crate::web::{WebState, page_lang};

/// The form's fields, read leniently (a field left out is blank).
fn read_form(body: &[u8]) -> RuleForm {
    let mut form = RuleForm::default();
    for (key, value) in url::form_urlencoded::parse(body) {
        let value = value.into_owned();
        match key.as_ref() {
            "role" => form.role = value,
            "rule" => form.rule = value,
            "value" => form.value = value,
            "group" => form.group = value,
            _ => {}
        }
    }
    form
}

/// The rule the form asks for; `None`: no role picked.
fn spec(form: &RuleForm) -> Option<RuleSpec> {
    let blank = |s: &str| (!s.trim().is_empty()).then(|| s.to_owned());
    Some(RuleSpec {
        role_id: form.role.trim().parse().ok()?,
        kind: form.rule.clone(),
        value: blank(&form.value),
        group: blank(&form.group),
    })
}

/// What a request of the rules page brings to the page it answers with.
struct Answer<'a> {
    status: StatusCode,
    notice: Option<Notice>,
    form: RuleForm,
    preview: Option<&'a PreviewOutcome>,
}

/// The rules page as it stands now, with what the request did.
async fn answer(
    dashboard: &Dashboard,
    lang: Lang,
    session: &AdminSession,
    guild: &AdminGuild,
    answer: Answer<'_>,
) -> Response {
    match dashboard.rules(guild, session).await {
        Ok(view) => admin_page(
            answer.status,
            render(
                lang,
                session,
                guild,
                &view,
                answer.notice.as_ref(),
                &answer.form,
                answer.preview,
            ),
        ),
        Err(error) => failure(lang, &error),
    }
}

pub(super) async fn list(
    State(state): State<WebState>,
    Path(guild): Path<String>,
    headers: HeaderMap,
) -> Response {
    let lang = page_lang(None, &headers);
    let (dashboard, session, guild) = match guild_admin(&state, &headers, &guild).await {
        Ok(found) => found,
        Err(r) => return refused(&headers, r).await,
    };
    let page = Answer {
        status: StatusCode::OK,
        notice: None,
        form: RuleForm::default(),
        preview: None,
    };
    answer(dashboard, lang, &session, &guild, page).await
}

/// `POST …/rules`: a rule added through the guild admin service.
pub(super) async fn add(
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
    let form = read_form(&body);
    let Some(spec) = spec(&form) else {
        return answer(dashboard, lang, &session, &guild, pick_a_role(form)).await;
    };
    let (status, notice, form) = match dashboard.add_rule(&guild, &session, &spec).await {
        Ok(Ok(added)) => {
            tracing::info!(
                guild = guild.id,
                role = spec.role_id,
                "dashboard: rule added"
            );
            (StatusCode::OK, Notice::Added(added), RuleForm::default())
        }
        Ok(Err(refusal)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Notice::Refused(refusal),
            form,
        ),
        Err(error) => return failure(lang, &error),
    };
    let page = Answer {
        status,
        notice: Some(notice),
        form,
        preview: None,
    };
    answer(dashboard, lang, &session, &guild, page).await
}

fn pick_a_role(form: RuleForm) -> Answer<'static> {
    Answer {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        notice: Some(Notice::PickRole),
        form,
        preview: None,
    }
}

/// `POST …/rules/preview`: what the form's rule would change; nothing changes.
pub(super) async fn preview(
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
    let form = read_form(&body);
    let Some(spec) = spec(&form) else {
        return answer(dashboard, lang, &session, &guild, pick_a_role(form)).await;
    };
    match dashboard.preview_rule(&guild, &session, &spec).await {
        Ok(Ok(outcome)) => {
            let page = Answer {
                status: StatusCode::OK,
                notice: None,
                form,
                preview: Some(&outcome),
            };
            answer(dashboard, lang, &session, &guild, page).await
        }
        Ok(Err(refusal)) => {
            let page = Answer {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                notice: Some(Notice::Refused(refusal)),
                form,
                preview: None,
            };
            answer(dashboard, lang, &session, &guild, page).await
        }
        Err(error) => failure(lang, &error),
    }
}

/// `POST …/rules/{role_id}/delete`: every rule of the role removed.
pub(super) async fn remove(
    State(state): State<WebState>,
    Path((guild, role)): Path<(String, String)>,
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
    let Ok(role) = role.parse::<u64>() else {
        return crate::web::not_found(headers).await;
    };
    let (status, notice) = match dashboard.remove_rules(&guild, &session, role).await {
        Ok(Ok(removed)) => {
            tracing::info!(guild = guild.id, role, "dashboard: rules removed");
            (StatusCode::OK, Notice::Removed(role, removed))
        }
        Ok(Err(refusal)) => (StatusCode::UNPROCESSABLE_ENTITY, Notice::Refused(refusal)),
        Err(error) => return failure(lang, &error),
    };
    let page = Answer {
        status,
        notice: Some(notice),
        form: RuleForm::default(),
        preview: None,
    };
    answer(dashboard, lang, &session, &guild, page).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_blank_fields_as_none_and_needs_a_role() {
        let form = read_form(b"csrf=x&role=42&rule=tag&value=+mentor+&group=");
        let spec = spec(&form).expect("a role");
        assert_eq!(spec.role_id, 42);
        assert_eq!(spec.kind, "tag");
        assert_eq!(spec.value.as_deref(), Some(" mentor "));
        assert_eq!(spec.group, None);
        assert!(super::spec(&read_form(b"role=&rule=linked")).is_none());
        assert!(super::spec(&read_form(b"role=%3Cb%3E&rule=linked")).is_none());
    }
}
