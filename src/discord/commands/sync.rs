//! `/sync`: re-verify every linked member of this server now, with a progress message.

use std::time::{Duration, Instant};

use poise::CreateReply;

use crate::discord::checks::require_manage_guild;
use crate::discord::{Context, Error, UserError, reply};
use crate::reverify::{Progress, ReverifyError};

/// How often the progress message is edited at most.
const EDIT_EVERY: Duration = Duration::from_secs(2);

fn progress_line(p: &Progress, finished: bool) -> String {
    let head = if finished { "Sync finished" } else { "Syncing" };
    format!(
        "{head}: {}/{} linked accounts checked, {} with role changes, {} error{}.",
        p.done,
        p.total,
        p.changed,
        p.errors,
        if p.errors == 1 { "" } else { "s" }
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
    let guild = require_manage_guild(ctx, "Syncing every member")?;
    let data = ctx.data();
    let reply = ctx.send(reply("Syncing: starting…")).await?;
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
                    let line = progress_line(&rx.borrow_and_update(), false);
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
            let mut line = progress_line(&progress, true);
            if !data.reverifier.verifies_with_resonite() {
                line.push_str("\nRe-verification with Resonite is off (no TOKEN_ENCRYPTION_KEY): roles were synced from the profiles stored at link time.");
            }
            line
        }
        Err(ReverifyError::AlreadyRunning) => {
            return Err(UserError::err(
                "A sync is already running for this server; its message shows the progress. Try again when it has finished.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    reply
        .edit(ctx, CreateReply::default().content(content))
        .await?;
    Ok(())
}
