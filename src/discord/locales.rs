//! Which language to speak on Discord: the member's (the interaction's `locale`) for
//! replies, the guild's (`guild_locale`, the gateway's `preferred_locale`) for the log
//! channel (stored by [`crate::settings::Settings::observe_locale`]).

use crate::i18n::Lang;

use super::Context;

/// The member's language: the interaction's `locale`, negotiated (English when unknown).
pub fn lang(ctx: Context<'_>) -> Lang {
    Lang::of(ctx.locale())
}

/// The guild's locale as this interaction reports it.
pub fn guild_locale(ctx: Context<'_>) -> Option<&str> {
    match ctx {
        poise::Context::Application(app) => app.interaction.guild_locale.as_deref(),
        poise::Context::Prefix(_) => None,
    }
}
