//! `/doctor` (Manage Server): reads the live state — the gateway cache, the stored
//! settings, the pending reconciles — into a [`GuildState`] and shows the checklist
//! [`crate::doctor`] judges from it.

use std::collections::{BTreeSet, HashSet};

use poise::serenity_prelude as serenity;

use crate::discord::checks::require_manage_guild;
use crate::discord::{Context, Error, lang, reply};
use crate::doctor::{GuildState, LogChannel, ManagedRole, checklist, render};
use crate::roles::{check_assignable, rule_concerns};
use crate::tr;

/// Check everything that keeps this server's roles right, with the fix for each problem.
#[poise::command(
    slash_command,
    guild_only,
    ephemeral,
    default_member_permissions = "MANAGE_GUILD"
)]
pub async fn doctor(ctx: Context<'_>) -> Result<(), Error> {
    let lang = lang(ctx);
    let guild = require_manage_guild(ctx, &tr!(lang, "doctor-action"))
        .await?
        .guild;
    let data = ctx.data();
    let store = data.links.store();
    let gateway = data.roles.gateway();
    let standing = gateway.bot_standing(guild).await?;
    let guild_roles = gateway.guild_roles(guild).await?;
    let rules: Vec<_> = store
        .rules()
        .for_guild(guild)
        .await?
        .into_iter()
        .filter(|r| r.disabled_reason.is_none())
        .collect();
    let role_ids: BTreeSet<u64> = rules.iter().map(|r| r.role_id).collect();
    let roles = role_ids
        .iter()
        .map(|id| match guild_roles.iter().find(|r| r.id == *id) {
            Some(role) => ManagedRole {
                id: Some(*id),
                refusal: check_assignable(guild, role, &standing).err(),
            },
            None => ManagedRole {
                id: None,
                refusal: None,
            },
        })
        .collect();
    let settings = store.settings().get(guild).await?;
    let vouched: Vec<(u64, bool)> = rules.iter().map(|r| (r.role_id, r.trusted)).collect();
    let concerns = rule_concerns(&vouched, &guild_roles, settings.bypass_role_id);
    let members = gateway.member_ids(guild).await.ok().flatten();
    let stale_links = match &members {
        Some(ids) => {
            let here: HashSet<u64> = ids.iter().copied().collect();
            store
                .links()
                .stale_users()
                .await?
                .into_iter()
                .filter(|u| here.contains(u))
                .count()
        }
        None => {
            let mut n = 0;
            for user in store.links().stale_users().await? {
                if gateway
                    .member_roles(guild, user)
                    .await
                    .ok()
                    .flatten()
                    .is_some()
                {
                    n += 1;
                }
            }
            n
        }
    };
    let state = GuildState {
        now: data.links.clock().now(),
        can_manage_roles: standing.can_manage_roles,
        can_manage_nicknames: standing.can_manage_nicknames,
        roles,
        rule_count: rules.len(),
        concerns,
        nickname_template: settings.nickname_template.clone(),
        nickname_skips: store.nicknames().skips(guild).await?,
        bypass_role: settings.bypass_role_id,
        log_channel: log_channel(ctx, guild, settings.log_channel_id),
        member_list: data.members.is_complete(guild),
        reverify_interval: data
            .reverifier
            .verifies_with_resonite()
            .then(|| data.reverifier.interval()),
        linked_roles: data.linked_roles.is_some(),
        last_swept_at: settings.last_swept_at,
        stale_links,
        pending: store.queue().count_pending(Some(guild)).await?,
        failed: store.queue().failed(guild).await?,
        tokens_not_current: data.reverifier.tokens_not_current().await?,
    };
    ctx.send(reply(render(&checklist(&state, lang), lang)))
        .await?;
    Ok(())
}

/// Whether the bot may view and send in the log channel, from the gateway cache.
fn log_channel(ctx: Context<'_>, guild: u64, channel: Option<u64>) -> LogChannel {
    let Some(channel) = channel else {
        return LogChannel::NotSet;
    };
    let cache = ctx.cache();
    let bot = cache.current_user().id;
    let Some(guild) = cache.guild(serenity::GuildId::new(guild)) else {
        return LogChannel::Unknown(channel);
    };
    let Some(found) = guild.channels.get(&serenity::ChannelId::new(channel)) else {
        return LogChannel::Missing(channel);
    };
    let Some(member) = guild.members.get(&bot) else {
        return LogChannel::Unknown(channel);
    };
    let permissions = guild.user_permissions_in(found, member);
    if permissions.view_channel() && permissions.send_messages() {
        LogChannel::Writable(channel)
    } else {
        LogChannel::NotWritable(channel)
    }
}
