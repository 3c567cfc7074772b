//! The codes of linking by message: what `/link` shows and the member sends the bot's
//! Resonite account. 12 characters of a 32-letter alphabet a person reads and types without
//! confusion (no `0`/`O`, `1`/`I`): 60 bits from the OS-seeded CSPRNG, shown in groups of
//! four (`K7Q2-M9XD-4HTW`). Matched case-insensitively with spaces and dashes ignored;
//! only the SHA-256 of the normalised code is stored.

use rand::Rng;

use super::secrets::state_hash;
use super::service::{HOLD_MARKS_MS, PAGE_WAIT};
use super::{CompletedLink, LinkError, LinkRequest, LinkService, StartedLink, Unlinked};
use crate::resonite::Profile;
use crate::roles::SyncCause;
use crate::store::{LinkCode, LinkCommit, NewLinkCode, StoreError};

/// How long a link made by message can be taken back by answering `undo`.
pub const UNDO_SECS: i64 = 86_400;

/// Digits 2-9 and the letters but `I` and `O`.
pub const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/// Characters in a code: 12 × 5 = 60 bits.
pub const CODE_LEN: usize = 12;
const GROUP: usize = 4;

/// A fresh code, normalised (upper case, no dashes).
#[derive(Clone, PartialEq, Eq)]
pub struct Code(String);

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Code([redacted])")
    }
}

impl Code {
    pub fn generate() -> Self {
        let mut rng = rand::rng();
        Self(
            (0..CODE_LEN)
                .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
                .collect(),
        )
    }

    /// As the member sees it: `K7Q2-M9XD-4HTW`.
    pub fn display(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars
            .chunks(GROUP)
            .map(|g| g.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }

    /// What the database keeps.
    pub fn hash(&self) -> String {
        state_hash(&self.0)
    }
}

/// What a message's text is, for the bot's account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Said {
    /// Shaped like a code (it may still be wrong): its hash.
    Code { hash: String },
    /// `undo`: take back a link made by message.
    Undo,
    /// Anything else.
    Other,
}

/// Reads a message: a code (12 letters and digits once spaces, dashes, quotes and a
/// final full stop are dropped; any case), `undo`, or something else.
pub fn read(text: &str) -> Said {
    let trimmed = text.trim();
    if trimmed.eq_ignore_ascii_case("undo") {
        return Said::Undo;
    }
    let inner = trimmed
        .trim_end_matches(['.', '!'])
        .trim_matches(|c| matches!(c, '`' | '"' | '\'' | '“' | '”'));
    let cleaned: String = inner
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if cleaned.chars().count() == CODE_LEN && cleaned.chars().all(|c| c.is_ascii_alphanumeric()) {
        Said::Code {
            hash: state_hash(&cleaned.to_ascii_uppercase()),
        }
    } else {
        Said::Other
    }
}

/// A code `/link` shows: send it to `bot_account` in Resonite.
#[derive(Debug, Clone)]
pub struct StartedCode {
    /// As shown: `K7Q2-M9XD-4HTW`.
    pub code: String,
    /// The bot's Resonite username, to add as a contact.
    pub bot_account: String,
    pub expires_at: i64,
}

/// The ways `/link` offers: signing in (an OAuth client is set), a code (the bot account
/// is set), or both side by side.
#[derive(Debug, Clone)]
pub struct StartedWays {
    pub oauth: Option<StartedLink>,
    pub code: Option<StartedCode>,
}

/// Why a code sent in Resonite linked nothing; each has its own answer to the sender.
#[derive(Debug, thiserror::Error)]
pub enum CodeRefused {
    #[error("no such code")]
    Unknown,
    #[error("the code expired")]
    Expired,
    #[error("the code was already used")]
    Used,
    #[error("this Resonite account is linked to another Discord account")]
    AccountTaken,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What `undo` did.
#[derive(Debug)]
pub enum Undone {
    /// The link made by message was removed; `locale` is its `/link`'s.
    Unlinked {
        done: Unlinked,
        locale: Option<String>,
    },
    /// No link by message of this account, or older than [`UNDO_SECS`].
    Nothing,
}

impl LinkService {
    /// `/link`: every way this install offers, for the member in `request`.
    pub async fn start_ways(&self, request: &LinkRequest<'_>) -> Result<StartedWays, LinkError> {
        let oauth = if self.resonite.has_client() || self.bot_account.is_none() {
            Some(self.start_in(request).await?)
        } else {
            None
        };
        let code = match &self.bot_account {
            Some(bot) => Some(self.start_code(request, bot).await?),
            None => None,
        };
        Ok(StartedWays { oauth, code })
    }

    /// A fresh code bound to the member and guild of `request`, valid for `LINK_TTL_SECS`.
    pub async fn start_code(
        &self,
        request: &LinkRequest<'_>,
        bot: &str,
    ) -> Result<StartedCode, LinkError> {
        let now = self.clock().now();
        let expires_at = now + self.ttl.as_secs() as i64;
        let mut tries = 0;
        loop {
            let code = Code::generate();
            let stored = self
                .store()
                .link_codes()
                .insert(&NewLinkCode {
                    code_hash: &code.hash(),
                    discord_user_id: request.discord_user_id,
                    discord_name: request.discord_name,
                    guild_id: request.guild_id,
                    locale: request.locale,
                    interaction_token: request.interaction_token,
                    created_at: now,
                    expires_at,
                })
                .await;
            match stored {
                Ok(()) => {
                    return Ok(StartedCode {
                        code: code.display(),
                        bot_account: bot.to_owned(),
                        expires_at,
                    });
                }
                // Two codes alike in 60 bits: draw again, a few times at most.
                Err(StoreError::StateTaken) if tries < 3 => tries += 1,
                Err(e) => return Err(LinkError::Store(e)),
            }
        }
    }

    /// The live code `hash`, sent by `sender` (Resonite's `senderId`). A sender whose
    /// account is linked to another Discord user is refused, and the code burnt (as an OAuth
    /// state is): the `/link` reply says why.
    pub async fn live_code(&self, hash: &str, sender: &str) -> Result<LinkCode, CodeRefused> {
        let now = self.clock().now();
        let code = self
            .store()
            .link_codes()
            .find(hash)
            .await?
            .ok_or(CodeRefused::Unknown)?;
        if code.used_at.is_some() {
            return Err(CodeRefused::Used);
        }
        if code.expires_at <= now {
            return Err(CodeRefused::Expired);
        }
        if let Some(owner) = self.store().links().by_resonite(sender).await?
            && owner.discord_user_id != code.discord_user_id
        {
            self.refuse_taken(hash, sender, &code, &owner.resonite_username)
                .await;
            return Err(CodeRefused::AccountTaken);
        }
        Ok(code)
    }

    async fn refuse_taken(&self, hash: &str, sender: &str, code: &LinkCode, username: &str) {
        self.refused(code.guild_id, code.discord_user_id).await;
        if let Err(e) = self
            .store()
            .link_codes()
            .burn(hash, sender, self.clock().now())
            .await
        {
            tracing::warn!(error = %e, "could not burn a refused link code");
        }
        let error = LinkError::AccountTaken {
            resonite_username: username.to_owned(),
        };
        self.observer()
            .link_failed(
                code.interaction_token.expose(),
                code.locale.as_deref(),
                &error,
            )
            .await;
    }

    /// Links `code`'s Discord user to the account whose public `profile` was read for the
    /// message's sender: the same commit as the OAuth path (link, audit and marks in one
    /// transaction, one Resonite account to one Discord account), then the same follow-up
    /// (the log line, the roles, the `/link` reply edited).
    pub async fn link_by_message(
        &self,
        hash: &str,
        code: &LinkCode,
        profile: Profile,
        profile_json: String,
    ) -> Result<CompletedLink, CodeRefused> {
        let deadline = tokio::time::Instant::now() + PAGE_WAIT;
        let now = self.clock().now();
        let link = crate::store::Link {
            discord_user_id: code.discord_user_id,
            resonite_user_id: profile.id.clone(),
            resonite_username: profile.username.clone(),
            profile_json,
            // No OAuth grant: nothing was scoped.
            scopes: String::new(),
            linked_at: now,
            last_checked_at: now,
        };
        let reconciler = Some(std::sync::Arc::clone(self.reconciler()));
        let applied_rx = reconciler.as_ref().map(|r| r.subscribe());
        let hold = format!("link:{}", hash.get(..16).unwrap_or(hash));
        let now_ms = now * 1000;
        let committed = self
            .store()
            .link_codes()
            .commit_link(
                hash,
                &LinkCommit {
                    confirmation_hash: hash,
                    browser_hash: "",
                    link: &link,
                    sealed_token: None,
                    guild_id: code.guild_id,
                    reply_token: code.interaction_token.expose(),
                    locale: code.locale.as_deref(),
                    cause: SyncCause::Linked.as_stored(),
                    now,
                    now_ms,
                    hold: &hold,
                    hold_until_ms: now_ms + HOLD_MARKS_MS,
                },
            )
            .await;
        let committed = match committed {
            Ok(c) => c,
            Err(StoreError::ResoniteAccountTaken) => {
                let sender = link.resonite_user_id.as_str();
                self.refuse_taken(hash, sender, code, &link.resonite_username)
                    .await;
                return Err(CodeRefused::AccountTaken);
            }
            Err(StoreError::StateTaken) => return Err(CodeRefused::Used),
            Err(e) => return Err(CodeRefused::Store(e)),
        };
        let done = CompletedLink {
            replaced: committed
                .previous
                .filter(|p| p.resonite_user_id != link.resonite_user_id),
            link,
            profile,
            discord_name: code.discord_name.clone(),
            guild_id: code.guild_id,
            interaction_token: code.interaction_token.clone(),
            locale: code.locale.clone(),
            notes: Vec::new(),
            marked_guilds: committed.marked_guilds,
            applied: Vec::new(),
            roles_pending: true,
            reply_by_reconcile: committed.reply_pending && !code.interaction_token.is_empty(),
        };
        Ok(self
            .follow_up_briefly(done, reconciler, applied_rx, hold, deadline)
            .await)
    }

    /// `undo` from `sender`: removes their link when it was made by message less than
    /// [`UNDO_SECS`] ago.
    pub async fn undo_message_link(&self, sender: &str) -> Result<Undone, LinkError> {
        let Some(link) = self.store().link_codes().message_link(sender).await? else {
            return Ok(Undone::Nothing);
        };
        if link.linked_at + UNDO_SECS < self.clock().now() {
            return Ok(Undone::Nothing);
        }
        let user = link.discord_user_id;
        Ok(match self.unlink(user, user, None).await? {
            Some(done) => Undone::Unlinked {
                done,
                locale: link.locale,
            },
            None => Undone::Nothing,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_60_bits_of_a_readable_alphabet_in_groups_of_four() {
        assert_eq!(ALPHABET.len(), 32);
        const { assert!(CODE_LEN * 5 >= 40) };
        for banned in [b'0', b'O', b'1', b'I'] {
            assert!(!ALPHABET.contains(&banned));
        }
        let code = Code::generate();
        let shown = code.display();
        assert_eq!(shown.len(), 14);
        let groups: Vec<&str> = shown.split('-').collect();
        assert_eq!(groups.len(), 3);
        assert!(groups.iter().all(|g| g.len() == 4));
        assert!(shown.bytes().all(|b| b == b'-' || ALPHABET.contains(&b)));
        assert_ne!(Code::generate(), code);
        assert!(!format!("{code:?}").contains(&shown[..4]));
    }

    #[test]
    fn a_code_matches_in_any_case_with_spaces_and_dashes_ignored() {
        let code = Code::generate();
        let hash = code.hash();
        let shown = code.display();
        for typed in [
            shown.clone(),
            shown.to_lowercase(),
            shown.replace('-', " "),
            shown.replace('-', ""),
            format!("  `{shown}`. "),
            format!("{} {}", &shown[..7], &shown[7..]),
        ] {
            assert_eq!(read(&typed), Said::Code { hash: hash.clone() }, "{typed}");
        }
        assert_eq!(read(" UNDO "), Said::Undo);
        assert_eq!(read("hello there"), Said::Other);
        assert_eq!(read("K7Q2-M9XD"), Said::Other);
        // Shaped like a code, but not this one: a wrong code, not other text.
        assert!(matches!(read("K7Q2-M9XD-4HT0"), Said::Code { hash: h } if h != hash));
    }
}
