//! A guild's settings for the bot — the log channel, the bypass role, the nickname
//! template and the guild's locale — with the rules that go with changing them. Every
//! write of `guild_settings` made on an admin's (or Discord's) behalf goes through
//! [`Settings`]; `/config` (and later the dashboard) only parse, call one method and word
//! the outcome. No Discord types: the invoker is judged by the core's [`RankCheck`].

mod locales;

use std::sync::Arc;

use crate::roles::{
    NicknameTemplate, RankCheck, RankRefusal, Reconciler, RoleApiError, RoleGateway, SyncCause,
    TemplateError,
};
use crate::store::{Store, StoreError};

pub use locales::GuildLocales;

/// A setting could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("the settings could not be stored")]
    Store(#[from] StoreError),
    #[error("Discord could not be asked")]
    Discord(#[from] RoleApiError),
}

/// Why a bypass role was not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BypassRefused {
    /// @everyone (the guild's id) would exempt everybody.
    Everyone,
    /// A rule grants the role: the bot would hand out its own exemption.
    Granted(u64),
    /// The invoker may not manage the new (or the old) role.
    Rank(RankRefusal),
}

/// What setting the bypass role did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BypassChanged {
    Set(u64),
    /// The old one was cleared.
    Cleared,
    /// Nothing to clear: there was none.
    NoneBefore,
}

/// Why a nickname template was not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NicknameRefused {
    Invalid(TemplateError),
    /// The bot lacks Manage Nicknames.
    NoPermission,
}

/// What changing the nickname template did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NicknameChanged {
    /// Nicknames are no longer managed; `given_back` members had one set by the bot.
    Stopped { was_set: bool, given_back: usize },
    /// The template is set; `marked` linked members are re-checked. `linked_as`: the
    /// invoker's own Resonite username, for an example.
    Set {
        template: NicknameTemplate,
        marked: usize,
        linked_as: Option<String>,
    },
}

/// Outcome of a change that may be refused (the refusal) or fail (the error).
pub type Change<T, R> = Result<Result<T, R>, SettingsError>;

/// The guild settings service.
pub struct Settings {
    store: Store,
    gateway: Arc<dyn RoleGateway>,
    reconciler: Arc<Reconciler>,
    locales: Arc<GuildLocales>,
}

impl Settings {
    pub fn new(reconciler: Arc<Reconciler>) -> Self {
        let roles = reconciler.roles();
        Self {
            store: roles.store().clone(),
            gateway: Arc::clone(roles.gateway()),
            locales: Arc::new(GuildLocales::default()),
            reconciler,
        }
    }

    /// The guild's settings as they stand (the dashboard's settings form shows them).
    pub async fn current(&self, guild: u64) -> Result<crate::store::GuildSettings, SettingsError> {
        Ok(self.store.settings().get(guild).await?)
    }

    /// Where links, unlinks and role changes are posted (`None`: nowhere).
    pub async fn set_log_channel(
        &self,
        guild: u64,
        channel: Option<u64>,
    ) -> Result<(), SettingsError> {
        self.store
            .settings()
            .set_log_channel(guild, channel)
            .await?;
        Ok(())
    }

    /// Sets (or with `None` clears) the role whose members the bot never changes. It may
    /// not be @everyone nor a role a rule grants; setting one, or letting go of the old
    /// one, takes the same standing as a rule for it (a role Discord no longer has
    /// aside). A change re-marks the guild: members freed from an old bypass role get
    /// what they earn.
    pub async fn set_bypass_role(
        &self,
        invoker: &RankCheck<'_>,
        role: Option<u64>,
    ) -> Change<BypassChanged, BypassRefused> {
        let guild = invoker.guild_id;
        if let Some(role) = role {
            if role == guild {
                return Ok(Err(BypassRefused::Everyone));
            }
            let rules = self.store.rules().for_guild(guild).await?;
            if rules.iter().any(|r| r.role_id == role) {
                return Ok(Err(BypassRefused::Granted(role)));
            }
        }
        let before = self.store.settings().get(guild).await?.bypass_role_id;
        let touched = role.into_iter().chain(before);
        for id in touched.filter(|id| invoker.roles.iter().any(|r| r.id == *id)) {
            if let Err(e) = invoker.role(crate::roles::Needs::ManageGuild, id) {
                return Ok(Err(BypassRefused::Rank(e)));
            }
        }
        self.store.settings().set_bypass_role(guild, role).await?;
        if before != role {
            let cause = SyncCause::SettingsChanged {
                actor: invoker.invoker_id,
            };
            self.reconciler.mark_guild(guild, cause).await?;
        }
        Ok(Ok(match role {
            Some(r) => BypassChanged::Set(r),
            None if before.is_some() => BypassChanged::Cleared,
            None => BypassChanged::NoneBefore,
        }))
    }

    /// Sets the template linked members' nicknames follow (`None`: stop, and give the
    /// nicknames the bot set back). A template needs the bot's Manage Nicknames; every
    /// linked member is re-checked.
    pub async fn set_nickname_template(
        &self,
        guild: u64,
        actor: u64,
        template: Option<&str>,
    ) -> Change<NicknameChanged, NicknameRefused> {
        let cause = SyncCause::SettingsChanged { actor };
        let Some(template) = template else {
            let before = self.store.settings().get(guild).await?.nickname_template;
            let renamed = self.store.nicknames().managed_members(guild).await?;
            self.store
                .settings()
                .set_nickname_template(guild, None)
                .await?;
            self.reconciler.mark_members(guild, &renamed, cause).await?;
            return Ok(Ok(NicknameChanged::Stopped {
                was_set: before.is_some(),
                given_back: renamed.len(),
            }));
        };
        let template = match NicknameTemplate::parse(template) {
            Ok(t) => t,
            Err(e) => return Ok(Err(NicknameRefused::Invalid(e))),
        };
        if !self.gateway.bot_standing(guild).await?.can_manage_nicknames {
            return Ok(Err(NicknameRefused::NoPermission));
        }
        self.store
            .settings()
            .set_nickname_template(guild, Some(template.as_str()))
            .await?;
        let marked = self.reconciler.mark_linked(guild, cause).await?;
        let linked_as = self
            .store
            .links()
            .by_discord(actor)
            .await?
            .map(|l| l.resonite_username);
        Ok(Ok(NicknameChanged::Set {
            template,
            marked,
            linked_as,
        }))
    }

    /// Discord told the guild's locale (a command, a guild event): stored when it
    /// changed, in the background, so the log channel speaks it.
    pub fn observe_locale(&self, guild: u64, locale: &str) {
        self.locales.observe(&self.store, guild, locale);
    }
}
