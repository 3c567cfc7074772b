//! Follows completed links on Discord: the log-channel line and the `/link` reply. The
//! roles themselves are the reconciler's: the link's own transaction marked the member.

use std::sync::Arc;

use super::notices::{DiscordNotifier, linked_head, linked_reply};
use crate::linking::{CompletedLink, LinkError, LinkObserver};
use crate::roles::{GuildNotice, RoleSync};

pub struct DiscordObserver {
    notifier: Arc<DiscordNotifier>,
    roles: Arc<RoleSync>,
}

impl DiscordObserver {
    pub fn new(notifier: Arc<DiscordNotifier>, roles: Arc<RoleSync>) -> Self {
        Self { notifier, roles }
    }

    async fn edit_reply(&self, interaction_token: &str, content: String) {
        // A link started from Discord's Linked Roles has no `/link` reply to edit.
        if interaction_token.is_empty() {
            return;
        }
        if let Err(e) = self.notifier.edit_reply(interaction_token, content).await {
            // The reply may be gone (dismissed, or the 15-minute token expired): not an error
            // for the link, which is stored already.
            tracing::info!(error = %e, "could not edit the /link reply");
        }
    }
}

#[async_trait::async_trait]
impl LinkObserver for DiscordObserver {
    async fn link_stored(&self, done: &CompletedLink) {
        if let Some(guild) = done.guild_id {
            let notice = GuildNotice::Linked {
                user_id: done.link.discord_user_id,
                resonite_username: done.link.resonite_username.clone(),
                resonite_user_id: done.link.resonite_user_id.clone(),
                replaced: done.replaced.as_ref().map(|r| r.resonite_username.clone()),
            };
            self.roles.notify_guild(guild, &notice).await;
        }
    }

    async fn linked(&self, done: &CompletedLink) -> Vec<String> {
        let reports: Vec<_> = done
            .applied
            .iter()
            .filter(|a| !a.report.not_member)
            .map(|a| a.report.clone())
            .collect();
        let head = linked_head(
            &done.link.resonite_username,
            &done.link.resonite_user_id,
            done.replaced.as_ref().map(|r| r.resonite_username.as_str()),
        );
        let (mut content, mut notes) =
            linked_reply(self.notifier.roles().as_ref(), head, &reports).await;
        if done.roles_pending {
            let line = crate::linking::ROLES_ON_THEIR_WAY;
            content.push('\n');
            content.push_str(line);
            notes.push(line.to_owned());
        }
        self.edit_reply(&done.interaction_token, content).await;
        notes
    }

    async fn link_failed(&self, interaction_token: &str, error: &LinkError) {
        let reason = match error {
            LinkError::Denied => "you declined on Resonite".to_owned(),
            LinkError::AccountTaken { resonite_username } => format!(
                "the Resonite account **{}** is already linked to another Discord account",
                super::safe(resonite_username)
            ),
            LinkError::Store(e) if e.is_unavailable() => {
                "the bot's database is not answering right now; the same button works again in a minute".to_owned()
            }
            _ => "Resonite could not complete it".to_owned(),
        };
        self.edit_reply(
            interaction_token,
            format!("❌ Linking did not complete: {reason}. Run `/link` to try again."),
        )
        .await;
    }
}
