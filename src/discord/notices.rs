//! The [`Notifier`] over serenity: the core's notices in words, with Discord's markup
//! (mentions, markdown, command hints), sent to a log channel, a DM or the `/link` reply.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{
    ChannelId, CreateActionRow, CreateAllowedMentions, CreateMessage, EditInteractionResponse,
    Http, UserId,
};

use super::{map_error, report, safe};
use crate::roles::{
    GuildNotice, LinkReply, MemberNotice, Notifier, RoleApiError, RoleGateway, SyncReport,
};

pub struct DiscordNotifier {
    http: Arc<Http>,
    /// For role names in the `/link` reply.
    roles: Arc<dyn RoleGateway>,
}

impl DiscordNotifier {
    pub fn new(http: Arc<Http>, roles: Arc<dyn RoleGateway>) -> Self {
        Self { http, roles }
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

/// The log-channel line for a notice.
pub fn guild_line(notice: &GuildNotice) -> String {
    match notice {
        GuildNotice::Linked {
            user_id,
            resonite_username,
            resonite_user_id,
            replaced,
        } => {
            let mut line = format!(
                "🔗 <@{user_id}> linked the Resonite account **{}** (`{resonite_user_id}`)",
                safe(resonite_username)
            );
            if let Some(old) = replaced {
                line.push_str(&format!(", replacing **{}**", safe(old)));
            }
            line
        }
        GuildNotice::Unlinked {
            user_id,
            resonite_username,
            resonite_user_id,
        } => format!(
            "⛓️‍💥 <@{user_id}> unlinked the Resonite account **{}** (`{resonite_user_id}`)",
            safe(resonite_username)
        ),
        GuildNotice::RolesChanged {
            user_id,
            cause,
            added,
            removed,
            failed,
        } => {
            let mut lines = Vec::new();
            if !added.is_empty() || !removed.is_empty() {
                let mut changes: Vec<String> = added.iter().map(|r| format!("+<@&{r}>")).collect();
                changes.extend(removed.iter().map(|r| format!("−<@&{r}>")));
                lines.push(format!(
                    "<@{user_id}> {}: {}",
                    cause.describe(),
                    changes.join(" ")
                ));
            }
            for (role, error) in failed {
                lines.push(match error {
                    RoleApiError::UnknownRole => format!("⚠️ Role {role} was deleted: its rules are now disabled. Remove them with `/roles remove` or add rules for another role."),
                    RoleApiError::MissingPermissions => format!("⚠️ Could not change <@&{role}> for <@{user_id}>: give the bot Manage Roles and move its role above <@&{role}>."),
                    other => format!("⚠️ Could not change <@&{role}> for <@{user_id}>: {other}."),
                });
            }
            lines.join("\n")
        }
        GuildNotice::ReconcileGaveUp { user_id, error } => format!(
            "⚠️ The roles of <@{user_id}> could not be updated for a day ({error}); the bot stopped retrying. `/update` tries again, and `/roles list` shows what is still failing."
        ),
    }
}

/// The direct message for a notice.
pub fn member_text(notice: &MemberNotice) -> String {
    match notice {
        MemberNotice::LinkStale {
            resonite_username,
            grace_days,
        } => format!(
            "Your Resonite link (**{}**) needs renewing: Resonite no longer accepts the bot's access to it. \
             Run `/link` in the server to keep your roles; otherwise supporter roles are removed after {grace_days} day{}.",
            safe(resonite_username),
            if *grace_days == 1 { "" } else { "s" }
        ),
        MemberNotice::LinkedRolesDisconnected => "Your Discord profile's Resonite connection stopped updating: Discord no longer accepts the bot's access to it. \
             To reconnect, open the server's menu → Linked Roles and pick the resonite-link connection again (or use the link on the `/link` result page)."
            .to_owned(),
    }
}

/// The `/link` reply's first line.
pub fn linked_head(
    resonite_username: &str,
    resonite_user_id: &str,
    replaced: Option<&str>,
) -> String {
    let mut content = format!(
        "✅ Linked to the Resonite account **{}** (`{resonite_user_id}`).",
        safe(resonite_username)
    );
    if let Some(old) = replaced {
        content.push_str(&format!(
            "\nIt replaces your previous link to **{}**.",
            safe(old)
        ));
    }
    content
}

/// The head followed by one line per kind of role outcome.
pub async fn linked_reply(
    roles: &dyn RoleGateway,
    head: String,
    reports: &[SyncReport],
) -> (String, Vec<String>) {
    let notes = report::describe(roles, reports).await;
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
        let message = CreateMessage::new()
            .content(guild_line(notice))
            .allowed_mentions(CreateAllowedMentions::new());
        ChannelId::new(channel_id)
            .send_message(&self.http, message)
            .await
            .map(|_| ())
            .map_err(map_error)
    }

    async fn dm(&self, user_id: u64, notice: &MemberNotice) -> Result<(), RoleApiError> {
        let channel = UserId::new(user_id)
            .create_dm_channel(&self.http)
            .await
            .map_err(map_error)?;
        channel
            .send_message(
                &self.http,
                CreateMessage::new().content(member_text(notice)),
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
        let head = linked_head(&reply.resonite_username, &reply.resonite_user_id, None);
        let (content, _) = linked_reply(
            self.roles.as_ref(),
            head,
            std::slice::from_ref(&reply.report),
        )
        .await;
        self.edit_reply(interaction_token, content).await
    }
}
