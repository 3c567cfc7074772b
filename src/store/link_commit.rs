//! Completing and removing a link, each in one transaction: the link, its sealed token,
//! the audit row and the members marked for reconciling are committed together or not at
//! all, so a crash or a database fault half-way leaves nothing half-done.

use sqlx::{Any, Transaction};

use super::audit::record_audit_in;
use super::link_confirmations::consume_confirmation_in;
use super::links::{Link, Links, delete_link_in, set_locale_in, upsert_link_in};
use super::reconcile::{ReconcileMark, describe_reply_in, hold_member_in, mark_in};
use super::refresh_tokens::{delete_refresh_token_in, keep_refresh_token_in};
use super::rules::managed_guilds_in;
use super::{AuditAction, Sealed, StoreError, id_to_db, is_unique_violation};
use crate::config::Secret;

/// What a completed link writes.
#[derive(Debug, Clone)]
pub struct LinkCommit<'a> {
    /// The pending confirmation (hash of its token); consumed by this transaction, refused
    /// if it was used, expired, or belongs to another browser.
    pub confirmation_hash: &'a str,
    /// Hex SHA-256 of the cookie of the browser that pressed Link.
    pub browser_hash: &'a str,
    pub link: &'a Link,
    /// The sealed refresh token to keep; `None` forgets any older one.
    pub sealed_token: Option<&'a Sealed>,
    /// Where `/link` ran: the audit row's guild, and the guild whose reconcile edits
    /// the `/link` reply (`reply_token`).
    pub guild_id: Option<u64>,
    pub reply_token: &'a str,
    /// The `/link`'s locale, kept with the link for its DMs (`None` keeps the one stored).
    pub locale: Option<&'a str>,
    /// Stored vocabulary of the cause (see `SyncCause`).
    pub cause: &'a str,
    pub now: i64,
    pub now_ms: i64,
    /// The marks are held under this claim until [`ReconcileQueue::release_claims`], so the
    /// log channel hears of the link before its roles; a crash lets the hold expire.
    pub hold: &'a str,
    pub hold_until_ms: i64,
}

/// What the transaction did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCommitted {
    /// The link it replaced (a relink), if any.
    pub previous: Option<Link>,
    /// Every guild with rules: the member is marked for reconciling in each.
    pub marked_guilds: Vec<u64>,
    /// Whether the `/link` reply waits for a reconcile (its guild has rules).
    pub reply_pending: bool,
}

/// What an unlink writes.
#[derive(Debug, Clone)]
pub struct UnlinkCommit<'a> {
    pub discord_user_id: u64,
    pub actor_id: u64,
    pub guild_id: Option<u64>,
    pub cause: &'a str,
    pub now: i64,
    pub now_ms: i64,
}

impl<'a> Links<'a> {
    /// Consumes the confirmation, stores the link and its token, audits, and marks the member in
    /// every guild with rules — one transaction. [`StoreError::StateTaken`] when the
    /// confirmation was used meanwhile (or is not this browser's); [`StoreError::ResoniteAccountTaken`] when the account belongs
    /// to another Discord user. Nothing is written on any error.
    pub async fn commit(self, c: &LinkCommit<'_>) -> Result<LinkCommitted, StoreError> {
        let mut tx = self.store.begin_write().await?;
        if !consume_confirmation_in(&mut tx, c.confirmation_hash, c.browser_hash, c.now).await? {
            return Err(StoreError::StateTaken);
        }
        let committed = write_link_in(&mut tx, c, LinkMethod::OAuth).await?;
        commit_linked(tx, committed).await
    }

    /// Deletes the link (its token goes with it), audits, and marks the member in every
    /// guild with rules so their managed roles go — one transaction. Returns the removed
    /// link and the guilds marked; `None` when there was no link (nothing written).
    pub async fn commit_unlink(
        self,
        c: &UnlinkCommit<'_>,
    ) -> Result<Option<(Link, Vec<u64>)>, StoreError> {
        let mut tx = self.store.begin_write().await?;
        let Some(link) = delete_link_in(&mut tx, c.discord_user_id).await? else {
            return Ok(None);
        };
        // SQLite cascades only with foreign keys on; delete explicitly to be sure.
        delete_refresh_token_in(&mut tx, c.discord_user_id).await?;
        let detail = format!("{} ({})", link.resonite_username, link.resonite_user_id);
        record_audit_in(
            &mut tx,
            c.now,
            c.guild_id,
            c.discord_user_id,
            Some(c.actor_id),
            AuditAction::Unlinked,
            &detail,
        )
        .await?;
        let guilds = managed_guilds_in(&mut tx).await?;
        for guild in &guilds {
            let mark = ReconcileMark {
                guild_id: *guild,
                user_id: c.discord_user_id,
                cause: c.cause.to_owned(),
                actor_id: Some(c.actor_id),
                reply_token: None,
                due_at_ms: c.now_ms,
            };
            mark_in(&mut tx, &mark, c.now).await?;
        }
        tx.commit().await?;
        Ok(Some((link, guilds)))
    }
}

/// The audit row of a completed link: a relink names the account it replaced.
fn link_audit(previous: Option<&Link>, link: &Link) -> (AuditAction, String) {
    match previous {
        Some(p) if p.resonite_user_id != link.resonite_user_id => (
            AuditAction::Relinked,
            format!(
                "{} ({}), was {} ({})",
                link.resonite_username,
                link.resonite_user_id,
                p.resonite_username,
                p.resonite_user_id
            ),
        ),
        _ => (
            AuditAction::Linked,
            format!("{} ({})", link.resonite_username, link.resonite_user_id),
        ),
    }
}

/// How a link was proven: the `method` column of `links`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMethod {
    /// Signed in on Resonite (the OAuth callback, confirmed by the browser).
    OAuth,
    /// A `/link` code sent to the bot's Resonite account; the sender is the account.
    Message,
}

impl LinkMethod {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::OAuth => "oauth",
            Self::Message => "message",
        }
    }

    /// The stored vocabulary; anything unknown reads as the default, OAuth.
    pub fn from_stored(raw: &str) -> Self {
        if raw == "message" {
            Self::Message
        } else {
            Self::OAuth
        }
    }
}

/// Commits a link's transaction: the unique Resonite id is checked at the latest here.
pub(super) async fn commit_linked(
    tx: Transaction<'static, Any>,
    committed: LinkCommitted,
) -> Result<LinkCommitted, StoreError> {
    match tx.commit().await {
        Ok(()) => Ok(committed),
        Err(e) if is_unique_violation(&e) => Err(StoreError::ResoniteAccountTaken),
        Err(e) => Err(e.into()),
    }
}

/// Everything a link writes once its proof was taken (the confirmation or the code) —
/// the link made by `method`, its token, the audit row and the marks — inside `tx`.
pub(super) async fn write_link_in(
    tx: &mut Transaction<'static, Any>,
    c: &LinkCommit<'_>,
    method: LinkMethod,
) -> Result<LinkCommitted, StoreError> {
    let link = c.link;
    let user = link.discord_user_id;
    let previous = upsert_link_in(tx, link).await?;
    sqlx::query("UPDATE links SET method = $1 WHERE discord_user_id = $2")
        .bind(method.as_stored())
        .bind(id_to_db(user))
        .execute(&mut **tx)
        .await?;
    if let Some(locale) = c.locale {
        set_locale_in(tx, user, locale).await?;
    }
    keep_refresh_token_in(tx, user, c.sealed_token, c.now).await?;
    let (action, detail) = link_audit(previous.as_ref(), link);
    // The audit says which way the link was proven when it was not the usual one.
    let detail = match method {
        LinkMethod::OAuth => detail,
        LinkMethod::Message => format!("{detail}, by a message in Resonite"),
    };
    record_audit_in(tx, c.now, c.guild_id, user, Some(user), action, &detail).await?;
    let guilds = managed_guilds_in(tx).await?;
    let reply_pending = c.guild_id.is_some_and(|g| guilds.contains(&g));
    for guild in &guilds {
        let mark = ReconcileMark {
            guild_id: *guild,
            user_id: user,
            cause: c.cause.to_owned(),
            actor_id: Some(user),
            reply_token: (Some(*guild) == c.guild_id).then(|| Secret::new(c.reply_token)),
            due_at_ms: c.now_ms,
        };
        mark_in(tx, &mark, c.now).await?;
    }
    if let Some(guild) = c.guild_id.filter(|_| reply_pending) {
        // The reply's reconcile words it in the `/link`'s language and names the account
        // a relink replaced.
        let replaced = previous
            .as_ref()
            .filter(|p| p.resonite_user_id != link.resonite_user_id)
            .map(|p| p.resonite_username.as_str());
        describe_reply_in(tx, guild, user, (c.locale, replaced)).await?;
    }
    hold_member_in(tx, user, (c.hold, c.hold_until_ms), c.now_ms).await?;
    Ok(LinkCommitted {
        previous,
        marked_guilds: guilds,
        reply_pending,
    })
}
