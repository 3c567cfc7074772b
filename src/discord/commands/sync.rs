//! `/sync`: re-verify every linked member of this server now, with a progress message.

use std::time::{Duration, Instant};

use poise::CreateReply;

use crate::discord::permissions::require_manage_guild;
use crate::discord::{Context, Error, UserError, lang, reply};
use crate::i18n::Lang;
use crate::reverify::{Progress, ReverifyError};
use crate::tr;

/// How often the progress message is edited at most.
const EDIT_EVERY: Duration = Duration::from_secs(2);

fn progress_line(lang: Lang, p: &Progress, finished: bool) -> String {
    let id = if finished {
        "sync-finished"
    } else {
        "sync-progress"
    };
    tr!(
        lang,
        id,
        done = p.done,
        total = p.total,
        changed = p.changed,
        errors = p.errors
    )
}

/// Re-verify every linked member of this server now and fix their roles.
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn sync(ctx: Context<'_>) -> Result<(), Error> {
    let lang = lang(ctx);
    let guild = require_manage_guild(ctx, &tr!(lang, "sync-action"))
        .await?
        .guild;
    let data = ctx.data();
    let reply = ctx.send(reply(tr!(lang, "sync-starting"))).await?;
    let (tx, mut rx) = tokio::sync::watch::channel(Progress::default());
    let report = move |p: Progress| {
        let _ = tx.send(p);
    };
    let run = data.reverifier.sync_guild(guild, &report);
    tokio::pin!(run);
    let mut last_edit = Instant::now();
    let result = loop {
        tokio::select! {
            result = &mut run => break result,
            changed = rx.changed() => {
                if changed.is_ok() && last_edit.elapsed() >= EDIT_EVERY {
                    let line = progress_line(lang, &rx.borrow_and_update(), false);
                    if let Err(e) = reply.edit(ctx, CreateReply::default().content(line)).await {
                        tracing::info!(error = %e, "could not edit the /sync progress message");
                    }
                    last_edit = Instant::now();
                }
            }
        }
    };
    let content = match result {
        Ok(progress) => {
            let mut line = progress_line(lang, &progress, true);
            if !data.reverifier.verifies_with_resonite() {
                line.push('\n');
                line.push_str(&tr!(lang, "sync-no-key"));
            }
            line
        }
        Err(ReverifyError::AlreadyRunning) => {
            return Err(UserError::err(tr!(lang, "sync-already-running")));
        }
        Err(e) => return Err(e.into()),
    };
    reply
        .edit(ctx, CreateReply::default().content(content))
        .await?;
    Ok(())
}
