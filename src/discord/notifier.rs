//! The [`Notifier`] over serenity: the core's notices in words, with Discord's markup
//! (mentions, markdown, command hints), sent to a log channel, a DM or the `/link` reply.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{
    ChannelId, CreateActionRow, CreateAllowedMentions, CreateMessage, EditInteractionResponse,
    Http, UserId,
};

use super::{map_error, report, safe};
use crate::i18n::{self, Lang};
use crate::roles::{
    GuildNotice, LinkReply, MemberNotice, Notifier, RoleApiError, RoleGateway, SyncCause,
    SyncReport,
};
use crate::store::Store;
use crate::tr;

pub struct DiscordNotifier {
    http: Arc<Http>,
    /// For role names in the `/link` reply.
    roles: Arc<dyn RoleGateway>,
    /// For the language of each message: the guild's, the link's.
    store: Store,
}

/// The language of a stored locale, English when it cannot be read.
fn stored_lang(found: Result<Option<String>, crate::store::StoreError>, what: &str) -> Lang {
    match found {
        Ok(locale) => Lang::of(locale.as_deref()),
        Err(e) => {
            tracing::info!(error = %e, "could not read the locale of {what}; English it is");
            Lang::EN_US
        }
    }
}

impl DiscordNotifier {
    pub fn new(http: Arc<Http>, roles: Arc<dyn RoleGateway>, store: Store) -> Self {
        Self { http, roles, store }
    }

    /// Edits a `/link` (or other) interaction reply, dropping its buttons.
    pub async fn edit_reply(
        &self,
        interaction_token: &str,
        content: String,
    ) -> Result<(), RoleApiError> {
        let edit = EditInteractionResponse::new()
            .content(content)
            .components(Vec::<CreateActionRow>::new());
        self.http
            .edit_original_interaction_response(interaction_token, &edit, Vec::new())
            .await
            .map(|_| ())
            .map_err(map_error)
    }

    pub fn roles(&self) -> &Arc<dyn RoleGateway> {
        &self.roles
    }
}

/// The cause of a role change, as the log channel words it.
fn cause(lang: Lang, cause: SyncCause) -> String {
    let id = format!("cause-{}", cause.as_stored());
    if i18n::has(Lang::EN_US, &id) {
        i18n::tr(lang, &id, &[])
    } else {
        // A cause newer than the catalog: its English words rather than an id.
        cause.describe().to_owned()
    }
}

/// The log-channel line for a notice, in the guild's language.
pub fn guild_line(notice: &GuildNotice, lang: Lang) -> String {
    match notice {
        GuildNotice::Linked {
            user_id,
            resonite_username,
            resonite_user_id,
            replaced,
        } => match replaced {
            Some(old) => tr!(
                lang,
                "log-relinked",
                user = *user_id,
                username = safe(resonite_username),
                resonite_id = resonite_user_id,
                old_username = safe(old)
            ),
            None => tr!(
                lang,
                "log-linked",
                user = *user_id,
                username = safe(resonite_username),
                resonite_id = resonite_user_id
            ),
        },
        GuildNotice::Unlinked {
            user_id,
            resonite_username,
            resonite_user_id,
        } => tr!(
            lang,
            "log-unlinked",
            user = *user_id,
            username = safe(resonite_username),
            resonite_id = resonite_user_id
        ),
        GuildNotice::RolesChanged {
            user_id,
            cause: why,
            added,
            removed,
            failed,
        } => roles_changed_lines(lang, *user_id, *why, added, removed, failed),
        GuildNotice::ReconcileGaveUp { user_id, error } => {
            tr!(lang, "log-gave-up", user = *user_id, error = error)
        }
    }
}

/// The log-channel lines for one member's role changes: what changed, then each role that
/// could not be changed and why.
fn roles_changed_lines(
    lang: Lang,
    user_id: u64,
    why: SyncCause,
    added: &[u64],
    removed: &[u64],
    failed: &[(u64, RoleApiError)],
) -> String {
    let mut lines = Vec::new();
    if !added.is_empty() || !removed.is_empty() {
        let mut changes: Vec<String> = added.iter().map(|r| format!("+<@&{r}>")).collect();
        changes.extend(removed.iter().map(|r| format!("−<@&{r}>")));
        lines.push(tr!(
            lang,
            "log-roles-changed",
            user = user_id,
            cause = cause(lang, why),
            changes = changes.join(" ")
        ));
    }
    for (role, error) in failed {
        lines.push(failed_change_line(lang, user_id, *role, error));
    }
    lines.join("\n")
}

/// The log-channel line for a role that could not be changed.
fn failed_change_line(lang: Lang, user_id: u64, role: u64, error: &RoleApiError) -> String {
    match error {
        RoleApiError::UnknownRole => tr!(lang, "log-role-deleted", role = role),
        RoleApiError::MissingPermissions => {
            tr!(lang, "log-missing-permissions", role = role, user = user_id)
        }
        other => tr!(
            lang,
            "log-change-failed",
            role = role,
            user = user_id,
            error = other.to_string()
        ),
    }
}

/// The direct message for a notice, in the language of the member's `/link`.
pub fn member_text(notice: &MemberNotice, lang: Lang) -> String {
    match notice {
        MemberNotice::LinkStale {
            resonite_username,
            grace_days,
        } => tr!(
            lang,
            "dm-link-stale",
            username = safe(resonite_username),
            grace_days = *grace_days
        ),
        MemberNotice::LinkedRolesDisconnected => tr!(lang, "dm-linked-roles-disconnected"),
        MemberNotice::UnlinkedByAdmin {
            resonite_username,
            server,
            ..
        } => tr!(
            lang,
            "dm-unlinked-by-admin",
            username = safe(resonite_username),
            server = safe(server)
        ),
    }
}

/// The `/link` reply's first line.
pub fn linked_head(
    lang: Lang,
    resonite_username: &str,
    resonite_user_id: &str,
    replaced: Option<&str>,
) -> String {
    let mut content = tr!(
        lang,
        "linked-head",
        username = safe(resonite_username),
        resonite_id = resonite_user_id
    );
    if let Some(old) = replaced {
        content.push('\n');
        content.push_str(&tr!(lang, "linked-replaces", old_username = safe(old)));
    }
    content
}

/// The head followed by one line per kind of role outcome.
pub async fn linked_reply(
    roles: &dyn RoleGateway,
    head: String,
    reports: &[SyncReport],
    lang: Lang,
) -> (String, Vec<String>) {
    let notes = report::describe(roles, reports, lang).await;
    let mut content = head;
    for line in &notes {
        content.push('\n');
        content.push_str(line);
    }
    (content, notes)
}

#[async_trait::async_trait]
impl Notifier for DiscordNotifier {
    async fn post(&self, channel_id: u64, notice: &GuildNotice) -> Result<(), RoleApiError> {
        let lang = stored_lang(
            self.store
                .settings()
                .locale_by_log_channel(channel_id)
                .await,
            "a log channel",
        );
        let message = CreateMessage::new()
            .content(guild_line(notice, lang))
            .allowed_mentions(CreateAllowedMentions::new());
        ChannelId::new(channel_id)
            .send_message(&self.http, message)
            .await
            .map(|_| ())
            .map_err(map_error)
    }

    async fn dm(&self, user_id: u64, notice: &MemberNotice) -> Result<(), RoleApiError> {
        let lang = match notice.locale() {
            Some(locale) => Lang::of(Some(locale)),
            None => stored_lang(self.store.links().locale(user_id).await, "a link"),
        };
        let channel = UserId::new(user_id)
            .create_dm_channel(&self.http)
            .await
            .map_err(map_error)?;
        channel
            .send_message(
                &self.http,
                CreateMessage::new().content(member_text(notice, lang)),
            )
            .await
            .map(|_| ())
            .map_err(map_error)
    }

    async fn link_reply(
        &self,
        interaction_token: &str,
        reply: &LinkReply,
    ) -> Result<(), RoleApiError> {
        // The `/link`'s language, as the result page and a failed link's reply speak it.
        let lang = Lang::of(reply.locale.as_deref());
        let head = linked_head(
            lang,
            &reply.resonite_username,
            &reply.resonite_user_id,
            reply.replaced.as_deref(),
        );
        // A member no longer in the guild has no roles to report.
        let reports = if reply.report.not_member {
            &[][..]
        } else {
            std::slice::from_ref(&reply.report)
        };
        let (content, _) = linked_reply(self.roles.as_ref(), head, reports, lang).await;
        self.edit_reply(interaction_token, content).await
    }
}
