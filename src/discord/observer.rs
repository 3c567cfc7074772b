//! Follows completed links on Discord: syncs roles everywhere, then edits the `/link` reply.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::{CreateActionRow, EditInteractionResponse, Http};

use super::{report, safe};
use crate::clock::Clock;
use crate::linking::{CompletedLink, LinkError, LinkObserver};
use crate::roles::{Facts, RoleSync, SyncCause};

pub struct DiscordObserver {
    http: Arc<Http>,
    roles: Arc<RoleSync>,
    clock: Clock,
}

impl DiscordObserver {
    pub fn new(http: Arc<Http>, roles: Arc<RoleSync>, clock: Clock) -> Self {
        Self { http, roles, clock }
    }

    async fn edit_reply(&self, interaction_token: &str, content: String) {
        let edit = EditInteractionResponse::new()
            .content(content)
            .components(Vec::<CreateActionRow>::new());
        if let Err(e) = self
            .http
            .edit_original_interaction_response(interaction_token, &edit, Vec::new())
            .await
        {
            // The reply may be gone (dismissed, or the 15-minute token expired): not an error
            // for the link, which is stored already.
            tracing::info!(error = %e, "could not edit the /link reply");
        }
    }
}

#[async_trait::async_trait]
impl LinkObserver for DiscordObserver {
    async fn linked(&self, done: &CompletedLink) -> Vec<String> {
        let now = chrono::DateTime::from_timestamp(self.clock.now(), 0).unwrap_or_default();
        let facts = Facts::from_profile(&done.profile, now);
        if let Some(guild) = done.guild_id {
            let mut line = format!(
                "🔗 <@{}> linked the Resonite account **{}** (`{}`)",
                done.link.discord_user_id,
                safe(&done.link.resonite_username),
                done.link.resonite_user_id
            );
            if let Some(old) = &done.replaced {
                line.push_str(&format!(", replacing **{}**", safe(&old.resonite_username)));
            }
            self.roles.post_log(guild, &line).await;
        }
        let reports = self
            .roles
            .sync_everywhere(done.link.discord_user_id, Some(&facts), SyncCause::Linked)
            .await;
        let notes = report::describe(&self.roles, &reports).await;
        let mut content = format!(
            "✅ Linked to the Resonite account **{}** (`{}`).",
            safe(&done.link.resonite_username),
            done.link.resonite_user_id
        );
        if let Some(old) = &done.replaced {
            content.push_str(&format!(
                "\nIt replaces your previous link to **{}**.",
                safe(&old.resonite_username)
            ));
        }
        for line in &notes {
            content.push('\n');
            content.push_str(line);
        }
        self.edit_reply(&done.interaction_token, content).await;
        notes
    }

    async fn link_failed(&self, interaction_token: &str, error: &LinkError) {
        let reason = match error {
            LinkError::Denied => "you declined on Resonite".to_owned(),
            LinkError::AccountTaken { resonite_username } => format!(
                "the Resonite account **{}** is already linked to another Discord account",
                safe(resonite_username)
            ),
            _ => "Resonite could not complete it".to_owned(),
        };
        self.edit_reply(
            interaction_token,
            format!("❌ Linking did not complete: {reason}. Run `/link` to try again."),
        )
        .await;
    }
}
