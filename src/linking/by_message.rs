//! Linking by message: the worker that reads what members send the bot's Resonite account
//! and answers them. A `Text` holding a live `/link` code links the message's `senderId`
//! (never a name from the content) through [`LinkService::link_by_message`], the OAuth
//! path's commit; the sender is answered in the `/link`'s language and the message marked
//! read. Other text gets a short help at most once per [`HELP_EVERY_SECS`]; five wrong
//! codes within [`WRONG_WINDOW_SECS`] and the sender is ignored for the rest of the window;
//! `undo` within a day takes a link by message back. The bot only ever answers: it never
//! writes first (and [`BotAccount::reply`] refuses non-contacts anyway).
//!
//! Nothing here touches Discord: the `/link` reply and the roles follow through the link
//! service's observer and reconciler, as for OAuth. A hub or Resonite outage only delays
//! answers; it never reaches the Discord side.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;

use super::LinkService;
use super::codes::{CodeRefused, Said, Undone, read};
use crate::config::ResoniteBotConfig;
use crate::i18n::Lang;
use crate::resonite::bot::lease::{HUB_LEASE, LeaseKeeper, LeaseTimings, install_identity};
use crate::resonite::bot::{BotAccount, BotEvent, BotTimings, TextMessage};
use crate::tr;

/// Other text gets the help answer at most this often per sender.
pub const HELP_EVERY_SECS: i64 = 600;
/// Wrong codes are counted over this window.
pub const WRONG_WINDOW_SECS: i64 = 600;
/// Wrong codes within the window after which the sender is ignored for the rest of it.
pub const WRONG_LIMIT: usize = 5;
/// Metric: messages handled, by outcome.
pub const MESSAGES_TOTAL: &str = "resonite_verify_messages_total";
/// Metric: 1 while this process holds the hub connection.
pub const HUB_CONNECTED: &str = "resonite_verify_hub_connected";

/// What became of one message (the metric's `outcome`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Linked,
    Unknown,
    Expired,
    Used,
    AccountTaken,
    Failed,
    Help,
    Undone,
    NothingToUndo,
    /// Not answered: a help already sent lately, or a sender past the wrong-code limit.
    Ignored,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Linked => "linked",
            Self::Unknown => "unknown_code",
            Self::Expired => "expired_code",
            Self::Used => "used_code",
            Self::AccountTaken => "account_taken",
            Self::Failed => "failed",
            Self::Help => "help",
            Self::Undone => "undone",
            Self::NothingToUndo => "nothing_to_undo",
            Self::Ignored => "ignored",
        }
    }
}

/// What the worker remembers of one sender (in memory: one process holds the hub).
#[derive(Debug, Default)]
struct SenderState {
    help_at: Option<i64>,
    wrong: VecDeque<i64>,
}

/// Reads the bot account's messages and answers them.
pub struct MessageLinker {
    links: Arc<LinkService>,
    bot: BotAccount,
    senders: HashMap<String, SenderState>,
}

impl MessageLinker {
    pub fn new(links: Arc<LinkService>, bot: BotAccount) -> Self {
        Self {
            links,
            bot,
            senders: HashMap::new(),
        }
    }

    /// The bot account (its connection state, for `/doctor` and tests).
    pub fn bot(&self) -> &BotAccount {
        &self.bot
    }

    /// Handles the account's events until `stop` turns true or the events end, then shuts
    /// the account down.
    pub async fn run(mut self, mut events: mpsc::Receiver<BotEvent>, stop: watch::Receiver<bool>) {
        let stopped = until_stopped(stop);
        tokio::pin!(stopped);
        loop {
            tokio::select! {
                event = events.recv() => match event {
                    Some(BotEvent::Text(text)) => {
                        let outcome = self.handle(&text).await;
                        metrics::counter!(MESSAGES_TOTAL, "outcome" => outcome.as_str()).increment(1);
                    }
                    Some(BotEvent::Connected) => metrics::gauge!(HUB_CONNECTED).set(1.0),
                    Some(BotEvent::Disconnected { .. }) => metrics::gauge!(HUB_CONNECTED).set(0.0),
                    Some(BotEvent::ContactAccepted { .. }) => {}
                    None => break,
                },
                () = &mut stopped => break,
            }
        }
        metrics::gauge!(HUB_CONNECTED).set(0.0);
        self.bot.shutdown().await;
    }

    /// One text to the bot: what it says decides the answer; the message is marked read.
    pub async fn handle(&mut self, text: &TextMessage) -> Outcome {
        let sender = text.sender_id.as_str();
        let now = self.links.clock().now();
        let outcome = if self.ignoring(sender, now) {
            Outcome::Ignored
        } else {
            match read(&text.content) {
                Said::Code { hash } => self.on_code(sender, &hash, now).await,
                Said::Undo => self.on_undo(sender).await,
                Said::Other => self.on_other(sender, now).await,
            }
        };
        if let Err(e) = self
            .bot
            .mark_read(sender, std::slice::from_ref(&text.id))
            .await
        {
            tracing::debug!(error = %e, "could not mark a Resonite message read");
        }
        tracing::info!(
            resonite_user = sender,
            outcome = outcome.as_str(),
            "Resonite message handled"
        );
        outcome
    }

    /// Past the wrong-code limit within the window.
    fn ignoring(&mut self, sender: &str, now: i64) -> bool {
        let Some(state) = self.senders.get_mut(sender) else {
            return false;
        };
        while state
            .wrong
            .front()
            .is_some_and(|t| *t + WRONG_WINDOW_SECS <= now)
        {
            state.wrong.pop_front();
        }
        state.wrong.len() >= WRONG_LIMIT
    }

    async fn on_code(&mut self, sender: &str, hash: &str, now: i64) -> Outcome {
        let code = match self.links.live_code(hash, sender).await {
            Ok(code) => code,
            Err(refused) => return self.refused(sender, None, refused, now).await,
        };
        let lang = Lang::of(code.locale.as_deref());
        let profile = match self.bot.cloud().public_user(sender).await {
            Ok(Some((profile, json))) if profile.id == sender => (profile, json),
            Ok(_) => {
                tracing::warn!(
                    resonite_user = sender,
                    "the sender's public profile is missing or not theirs"
                );
                return self
                    .answer(sender, tr!(lang, "msg-failed"), Outcome::Failed)
                    .await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not read a sender's public profile");
                return self
                    .answer(sender, tr!(lang, "msg-failed"), Outcome::Failed)
                    .await;
            }
        };
        match self
            .links
            .link_by_message(hash, &code, profile.0, profile.1)
            .await
        {
            Ok(done) => {
                let text = tr!(lang, "msg-linked", discord = done.discord_name.as_str());
                self.answer(sender, text, Outcome::Linked).await
            }
            Err(refused) => self.refused(sender, Some(lang), refused, now).await,
        }
    }

    async fn refused(
        &mut self,
        sender: &str,
        lang: Option<Lang>,
        refused: CodeRefused,
        now: i64,
    ) -> Outcome {
        let lang = lang.unwrap_or(Lang::EN_US);
        let (id, outcome) = match &refused {
            CodeRefused::Unknown => ("msg-code-unknown", Outcome::Unknown),
            CodeRefused::Expired => ("msg-code-expired", Outcome::Expired),
            CodeRefused::Used => ("msg-code-used", Outcome::Used),
            CodeRefused::AccountTaken => ("msg-account-taken", Outcome::AccountTaken),
            CodeRefused::Store(e) => {
                tracing::warn!(error = %e, "a code sent in Resonite could not be checked");
                ("msg-failed", Outcome::Failed)
            }
        };
        if outcome == Outcome::Unknown {
            let state = self.senders.entry(sender.to_owned()).or_default();
            state.wrong.push_back(now);
            if state.wrong.len() >= WRONG_LIMIT {
                let minutes = WRONG_WINDOW_SECS / 60;
                return self
                    .answer(
                        sender,
                        tr!(lang, "msg-too-many", minutes = minutes),
                        outcome,
                    )
                    .await;
            }
        }
        self.answer(sender, tr!(lang, id), outcome).await
    }

    async fn on_undo(&mut self, sender: &str) -> Outcome {
        match self.links.undo_message_link(sender).await {
            Ok(Undone::Unlinked { locale, .. }) => {
                let lang = Lang::of(locale.as_deref());
                self.answer(sender, tr!(lang, "msg-undone"), Outcome::Undone)
                    .await
            }
            Ok(Undone::Nothing) => {
                self.answer(
                    sender,
                    tr!(Lang::EN_US, "msg-undo-nothing"),
                    Outcome::NothingToUndo,
                )
                .await
            }
            Err(e) => {
                tracing::warn!(error = %e, "undo of a link by message failed");
                self.answer(sender, tr!(Lang::EN_US, "msg-failed"), Outcome::Failed)
                    .await
            }
        }
    }

    async fn on_other(&mut self, sender: &str, now: i64) -> Outcome {
        let state = self.senders.entry(sender.to_owned()).or_default();
        if state.help_at.is_some_and(|t| t + HELP_EVERY_SECS > now) {
            return Outcome::Ignored;
        }
        state.help_at = Some(now);
        self.answer(sender, tr!(Lang::EN_US, "msg-help"), Outcome::Help)
            .await
    }

    /// Answers the sender (who wrote first: they are a contact).
    async fn answer(&self, sender: &str, text: String, outcome: Outcome) -> Outcome {
        if let Err(e) = self.bot.reply(sender, &text).await {
            tracing::warn!(error = %e, resonite_user = sender, "could not answer in Resonite");
        }
        outcome
    }
}

/// Resolves once `stop` turns true (or its sender is gone).
async fn until_stopped(mut stop: watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}

/// The app's worker for linking by message: the install's identity from the database, the
/// hub lease, the bot account gated by it, and the [`MessageLinker`] — until `stop`.
/// Every failure stays here (logged, retried): Discord never waits for Resonite.
pub fn spawn(
    links: Arc<LinkService>,
    cfg: ResoniteBotConfig,
    stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let store = links.store().clone();
        let clock = links.clock().clone();
        let identity = loop {
            match install_identity(&store, clock.now()).await {
                Ok(identity) => break identity,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the install's Resonite identity; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(std::time::Duration::from_secs(5)) => {}
                        () = until_stopped(stop.clone()) => return,
                    }
                }
            }
        };
        let keeper = LeaseKeeper::start(
            store,
            clock,
            HUB_LEASE,
            crate::resonite::bot::lease::new_holder_id(),
            LeaseTimings::default(),
        );
        let started = BotAccount::start(&cfg, identity, BotTimings::default(), keeper.held());
        match started {
            Ok((bot, events)) => {
                tracing::info!(account = %cfg.username, "linking by message is on");
                MessageLinker::new(links, bot).run(events, stop).await;
            }
            Err(e) => tracing::error!(error = %e, "the bot's Resonite account cannot start"),
        }
        if let Err(e) = keeper.release().await {
            tracing::debug!(error = %e, "could not give the hub lease back; it expires");
        }
    })
}
