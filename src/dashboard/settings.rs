//! A server's settings form: the log channel, the bypass role and the nickname template,
//! changed through the settings service with `/config`'s own checks (Manage Server from the
//! admin's roles, the rank rule for the bypass role, the bot's Manage Nicknames).

use super::{AdminGuild, AdminSession, Dashboard, DashboardError};
use crate::roles::{GuildRole, Needs, RankRefusal};
use crate::settings::{
    BypassChanged, BypassRefused, NicknameChanged, NicknameRefused, SettingsError,
};

/// What the settings page shows.
#[derive(Debug, Clone)]
pub struct SettingsView {
    /// The roles a bypass role may be, highest first (no @everyone).
    pub roles: Vec<GuildRole>,
    pub log_channel: Option<u64>,
    pub bypass_role: Option<u64>,
    pub nickname_template: Option<String>,
    /// Whether the admin holds Manage Server from their roles (else no form).
    pub may_change: bool,
}

/// One setting to change, as the form sent it (`None`: off, cleared, stop).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingChange {
    LogChannel(Option<u64>),
    BypassRole(Option<u64>),
    Nickname(Option<String>),
}

/// What a change did.
#[derive(Debug, Clone)]
pub enum SettingChanged {
    LogChannel(Option<u64>),
    BypassRole(BypassChanged),
    Nickname(NicknameChanged),
}

/// Why a change was refused (nothing changed).
#[derive(Debug, Clone)]
pub enum SettingRefused {
    Rank(RankRefusal),
    BypassRole(BypassRefused),
    Nickname(NicknameRefused),
}

impl From<SettingsError> for DashboardError {
    fn from(e: SettingsError) -> Self {
        match e {
            SettingsError::Store(e) => Self::Store(e),
            SettingsError::Discord(e) => Self::Roles(e),
        }
    }
}

impl Dashboard {
    /// The settings page of a server the admin may manage.
    pub async fn settings(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
    ) -> Result<SettingsView, DashboardError> {
        let actor = self.actor(guild, session).await?;
        let current = self.services.settings.current(guild.id).await?;
        let mut roles: Vec<GuildRole> = actor
            .guild_roles
            .iter()
            .filter(|r| r.id != guild.id)
            .cloned()
            .collect();
        roles.sort_by(|a, b| b.position.cmp(&a.position).then(a.id.cmp(&b.id)));
        Ok(SettingsView {
            roles,
            log_channel: current.log_channel_id,
            bypass_role: current.bypass_role_id,
            nickname_template: current.nickname_template,
            may_change: actor.check().require(Needs::ManageGuild).is_ok(),
        })
    }

    /// Changes one setting on the admin's behalf, as `/config` does.
    pub async fn change_setting(
        &self,
        guild: &AdminGuild,
        session: &AdminSession,
        change: SettingChange,
    ) -> Result<Result<SettingChanged, SettingRefused>, DashboardError> {
        let actor = self.actor(guild, session).await?;
        let check = actor.check();
        if let Err(e) = check.require(Needs::ManageGuild) {
            return Ok(Err(SettingRefused::Rank(e)));
        }
        let settings = &self.services.settings;
        Ok(match change {
            SettingChange::LogChannel(channel) => {
                settings.set_log_channel(guild.id, channel).await?;
                Ok(SettingChanged::LogChannel(channel))
            }
            SettingChange::BypassRole(role) => settings
                .set_bypass_role(&check, role)
                .await?
                .map(SettingChanged::BypassRole)
                .map_err(SettingRefused::BypassRole),
            SettingChange::Nickname(template) => settings
                .set_nickname_template(guild.id, session.user_id, template.as_deref())
                .await?
                .map(SettingChanged::Nickname)
                .map_err(SettingRefused::Nickname),
        })
    }
}
