//! Follows completed links on Discord: the log-channel line, the result page's notes, and
//! the `/link` reply when no reconcile will edit it (its guild has no rules) or the link
//! failed. The roles and the reply of a guild with rules are the reconciler's: the link's own
//! transaction marked the member, with the reply's token and language.

use std::sync::Arc;

use super::notifier::{DiscordNotifier, linked_head, linked_reply};
use crate::i18n::Lang;
use crate::linking::{CompletedLink, LinkError, LinkObserver};
use crate::roles::{GuildNotice, RoleSync};
use crate::tr;

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
        // The reply and the page's notes speak the `/link`'s language.
        let lang = Lang::of(done.locale.as_deref());
        let head = linked_head(
            lang,
            &done.link.resonite_username,
            &done.link.resonite_user_id,
            done.replaced.as_ref().map(|r| r.resonite_username.as_str()),
        );
        let (mut content, mut notes) =
            linked_reply(self.notifier.roles().as_ref(), head, &reports, lang).await;
        if done.roles_pending {
            let line = tr!(lang, "roles-on-their-way");
            content.push('\n');
            content.push_str(&line);
            notes.push(line);
        }
        // The reply is the reconcile's to edit when the `/link`'s guild has rules; only
        // when nothing else will does it say so here.
        if !done.reply_by_reconcile {
            self.edit_reply(done.interaction_token.expose(), content)
                .await;
        }
        notes
    }

    async fn link_failed(&self, interaction_token: &str, locale: Option<&str>, error: &LinkError) {
        let lang = Lang::of(locale);
        let content = match error {
            LinkError::Denied => tr!(lang, "link-failed-denied"),
            LinkError::AccountTaken { resonite_username } => tr!(
                lang,
                "link-failed-taken",
                username = super::safe(resonite_username)
            ),
            LinkError::Store(e) if e.is_unavailable() => tr!(lang, "link-failed-database"),
            _ => tr!(lang, "link-failed-resonite"),
        };
        self.edit_reply(interaction_token, content).await;
    }
}
