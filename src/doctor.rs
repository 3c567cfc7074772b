//! `/doctor`: one checklist of everything that keeps a guild's roles right, each line with
//! the fix. Pure: the Discord adapter gathers the live state into [`GuildState`]; this
//! module judges it, so every verdict is a table test away.

use std::time::Duration;

use crate::roles::RoleRefusal;
use crate::store::{FailedReconcile, NicknameSkip};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    pub fn mark(self) -> &'static str {
        match self {
            Self::Ok => "✅",
            Self::Warn => "⚠️",
            Self::Fail => "❌",
        }
    }
}

/// One line of the checklist: what was checked and, unless it is fine, the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub status: Status,
    pub what: String,
    pub fix: Option<String>,
}

impl Check {
    fn ok(what: impl Into<String>) -> Self {
        Self {
            status: Status::Ok,
            what: what.into(),
            fix: None,
        }
    }

    fn warn(what: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            status: Status::Warn,
            what: what.into(),
            fix: Some(fix.into()),
        }
    }

    fn fail(what: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            status: Status::Fail,
            what: what.into(),
            fix: Some(fix.into()),
        }
    }
}

/// A role some rule grants, and whether the bot can assign it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagedRole {
    /// How to show it (a mention), or `None` when the role no longer exists.
    pub shown: Option<String>,
    pub refusal: Option<RoleRefusal>,
}

/// Whether the bot can post in the log channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogChannel {
    NotSet,
    Writable(u64),
    NotWritable(u64),
    Missing(u64),
    /// The gateway cache does not have the channel's guild or the bot's member yet.
    Unknown(u64),
}

/// Everything `/doctor` reads, taken from the gateway cache, the stored settings and the
/// pending reconciles at the moment it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildState {
    pub now: i64,
    pub can_manage_roles: bool,
    pub can_manage_nicknames: bool,
    pub roles: Vec<ManagedRole>,
    pub rule_count: usize,
    pub nickname_template: Option<String>,
    pub nickname_skips: Vec<NicknameSkip>,
    pub bypass_role: Option<String>,
    pub log_channel: LogChannel,
    /// The gateway delivered every member (the Server Members intent is on).
    pub member_list: bool,
    /// `None`: re-verification is off (no `TOKEN_ENCRYPTION_KEY`).
    pub reverify_interval: Option<Duration>,
    pub linked_roles: bool,
    pub last_swept_at: Option<i64>,
    /// Links of this guild's members that Resonite stopped accepting.
    pub stale_links: usize,
    pub pending: i64,
    pub failed: Vec<FailedReconcile>,
}

/// How many names a line lists before "and N more".
const NAMES: usize = 10;

/// The checklist, in the order admins fix things: permissions, roles, nicknames, the log
/// channel, members, re-verification, Linked Roles, then the work in flight.
pub fn checklist(state: &GuildState) -> Vec<Check> {
    let mut checks = Vec::new();
    checks.push(if state.can_manage_roles {
        Check::ok("The bot has Manage Roles.")
    } else {
        Check::fail(
            "The bot lacks Manage Roles: it cannot give or take any role.",
            "Server Settings → Roles → the bot's role → turn on Manage Roles.",
        )
    });
    checks.push(roles_check(state));
    if let Some(check) = nickname_check(state) {
        checks.push(check);
    }
    if let Some(role) = &state.bypass_role {
        checks.push(Check::ok(format!(
            "Members holding {role} are never changed by the bot."
        )));
    }
    checks.push(match state.log_channel {
        LogChannel::NotSet => Check::warn(
            "No log channel: links, unlinks and role changes are not posted anywhere.",
            "Set one with `/config log-channel channel:#bot-log`.",
        ),
        LogChannel::Writable(c) => Check::ok(format!("The bot can post in the log channel <#{c}>.")),
        LogChannel::NotWritable(c) => Check::fail(
            format!("The bot cannot post in the log channel <#{c}>."),
            "Give the bot's role View Channel and Send Messages there, or pick another channel with `/config log-channel`.",
        ),
        LogChannel::Unknown(c) => Check::warn(
            format!("Could not check the log channel <#{c}> (the server is not in the bot's cache yet)."),
            "Run `/doctor` again in a minute.",
        ),
        LogChannel::Missing(c) => Check::fail(
            format!("The log channel ({c}) no longer exists."),
            "Pick another with `/config log-channel channel:#bot-log`.",
        ),
    });
    checks.push(if state.member_list {
        Check::ok("The member list arrived (Server Members intent on).")
    } else {
        Check::warn(
            "The member list has not arrived: the `unlinked` rule and previews only see linked members.",
            "Turn on the Server Members intent (Developer Portal → Bot → Privileged Gateway Intents) and restart the bot.",
        )
    });
    checks.push(match state.reverify_interval {
        Some(every) => Check::ok(format!(
            "Re-verification is on: every link is checked with Resonite every {}.",
            human(every)
        )),
        None => Check::warn(
            "Re-verification is off: roles follow the profile as it was when each member linked.",
            "The bot's operator sets TOKEN_ENCRYPTION_KEY (see the README) and restarts it.",
        ),
    });
    checks.push(match (state.reverify_interval, state.last_swept_at) {
        (_, Some(at)) => Check::ok(format!("Last re-verified <t:{at}:R>.")),
        (Some(_), None) if state.rule_count > 0 => Check::warn(
            "Not re-verified yet.",
            "Run `/sync` to re-verify everyone now.",
        ),
        _ => Check::ok("Not re-verified yet (nothing to re-verify)."),
    });
    checks.push(if state.linked_roles {
        Check::ok("Linked Roles is on: members can connect Resonite to their Discord profile.")
    } else {
        Check::ok(
            "Linked Roles is off (the operator turns it on with DISCORD_CLIENT_SECRET; optional).",
        )
    });
    checks.push(match state.stale_links {
        0 => Check::ok("No stale links."),
        n => Check::warn(
            format!(
                "{n} member{} here Resonite stopped vouching for (stale links).",
                plural(n)
            ),
            "They were told to run `/link` again; their supporter roles go after the grace period.",
        ),
    });
    checks.push(match state.pending {
        0 => Check::ok("No role changes waiting."),
        n => Check::warn(
            format!("{n} member{} waiting for their roles to be applied.", plural(n as usize)),
            "Nothing to do if it goes down; if it does not, check the lines above (permissions, role order).",
        ),
    });
    if !state.failed.is_empty() {
        let mut what = format!(
            "Roles of {} member{} could not be applied for a day:",
            state.failed.len(),
            plural(state.failed.len())
        );
        for f in state.failed.iter().take(NAMES) {
            what.push_str(&format!("\n  • <@{}>: {}", f.user_id, f.last_error));
        }
        checks.push(Check::fail(
            what,
            "Fix the cause above, then run `/update user:` on each member (or `/sync`).",
        ));
    } else {
        checks.push(Check::ok("No failed role changes."));
    }
    checks
}

fn roles_check(state: &GuildState) -> Check {
    if state.rule_count == 0 {
        return Check::warn(
            "No role rules yet: linking gives no role.",
            "Add one with `/roles add role:@Linked rule:linked`.",
        );
    }
    let problems: Vec<String> = state
        .roles
        .iter()
        .filter_map(|r| match (&r.shown, &r.refusal) {
            (None, _) => Some("a role that no longer exists".to_owned()),
            (Some(shown), Some(refusal)) => Some(format!("{shown}: {refusal}")),
            (Some(_), None) => None,
        })
        .collect();
    if problems.is_empty() {
        Check::ok(format!(
            "Every role the rules grant ({}) is below the bot's role.",
            state.roles.len()
        ))
    } else {
        Check::fail(
            format!("The bot cannot assign: {}.", problems.join("; ")),
            "Drag the bot's role above these roles (Server Settings → Roles), or remove their rules with `/roles remove`.",
        )
    }
}

fn nickname_check(state: &GuildState) -> Option<Check> {
    let template = state.nickname_template.as_ref()?;
    if !state.can_manage_nicknames {
        return Some(Check::fail(
            format!("Nicknames follow `{template}`, but the bot lacks Manage Nicknames."),
            "Server Settings → Roles → the bot's role → turn on Manage Nicknames.",
        ));
    }
    if state.nickname_skips.is_empty() {
        return Some(Check::ok(format!(
            "Nicknames follow `{template}`; the bot can rename every linked member."
        )));
    }
    let names: Vec<String> = state
        .nickname_skips
        .iter()
        .take(NAMES)
        .map(|s| {
            let why = match s.reason.as_str() {
                "owner" => "the server owner",
                _ => "role above the bot's",
            };
            format!("<@{}> ({why})", s.user_id)
        })
        .collect();
    let more = state.nickname_skips.len().saturating_sub(NAMES);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    Some(Check::warn(
        format!(
            "Nicknames follow `{template}`, but Discord does not let the bot rename {}{more}.",
            names.join(", ")
        ),
        "Nobody can rename the owner; for the others, drag the bot's role above theirs.",
    ))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// 12 h, 10 s, 3 d: the largest whole unit.
fn human(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => format!("{} d", s / 86_400),
        s if s >= 3_600 && s % 3_600 == 0 => format!("{} h", s / 3_600),
        s if s >= 60 && s % 60 == 0 => format!("{} min", s / 60),
        s => format!("{s} s"),
    }
}

/// The checklist as one message.
pub fn render(checks: &[Check]) -> String {
    let mut out = String::from("**Doctor**: what keeps this server's roles right");
    for check in checks {
        out.push_str(&format!("\n{} {}", check.status.mark(), check.what));
        if let Some(fix) = &check.fix {
            out.push_str(&format!("\n  → {fix}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn healthy() -> GuildState {
        GuildState {
            now: 1_000_000,
            can_manage_roles: true,
            can_manage_nicknames: true,
            roles: vec![ManagedRole {
                shown: Some("<@&1>".into()),
                refusal: None,
            }],
            rule_count: 1,
            nickname_template: None,
            nickname_skips: vec![],
            bypass_role: None,
            log_channel: LogChannel::Writable(7),
            member_list: true,
            reverify_interval: Some(Duration::from_secs(12 * 3600)),
            linked_roles: false,
            last_swept_at: Some(999_000),
            stale_links: 0,
            pending: 0,
            failed: vec![],
        }
    }

    fn statuses(state: &GuildState) -> Vec<Status> {
        checklist(state).iter().map(|c| c.status).collect()
    }

    #[test]
    fn a_healthy_guild_is_all_green_and_names_every_check() {
        let checks = checklist(&healthy());
        assert!(checks.iter().all(|c| c.status == Status::Ok), "{checks:#?}");
        assert!(checks.iter().all(|c| c.fix.is_none()));
        let text = render(&checks);
        for needle in [
            "Manage Roles",
            "below the bot's role",
            "log channel <#7>",
            "member list",
            "every 12 h",
            "Last re-verified <t:999000:R>",
            "Linked Roles is off",
            "No stale links",
            "No role changes waiting",
            "No failed role changes",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in\n{text}");
        }
    }

    #[test]
    fn each_problem_turns_its_line_and_says_the_fix() {
        type Breaks = fn(&mut GuildState);
        let cases: Vec<(&str, Breaks, Status, &str)> = vec![
            (
                "no manage roles",
                |s| s.can_manage_roles = false,
                Status::Fail,
                "turn on Manage Roles",
            ),
            (
                "role above the bot",
                |s| s.roles[0].refusal = Some(RoleRefusal::AboveBot("@Patron".into())),
                Status::Fail,
                "Drag the bot's role above",
            ),
            (
                "deleted role",
                |s| s.roles[0].shown = None,
                Status::Fail,
                "no longer exists",
            ),
            (
                "no rules",
                |s| {
                    s.rule_count = 0;
                    s.roles.clear()
                },
                Status::Warn,
                "/roles add",
            ),
            (
                "nicknames without permission",
                |s| {
                    s.nickname_template = Some("{resonite}".into());
                    s.can_manage_nicknames = false
                },
                Status::Fail,
                "Manage Nicknames",
            ),
            (
                "owner skipped",
                |s| {
                    s.nickname_template = Some("{resonite}".into());
                    s.nickname_skips = vec![NicknameSkip {
                        user_id: 42,
                        reason: "owner".into(),
                        at: 0,
                    }];
                },
                Status::Warn,
                "<@42> (the server owner)",
            ),
            (
                "no log channel",
                |s| s.log_channel = LogChannel::NotSet,
                Status::Warn,
                "/config log-channel",
            ),
            (
                "log channel not writable",
                |s| s.log_channel = LogChannel::NotWritable(7),
                Status::Fail,
                "Send Messages",
            ),
            (
                "log channel gone",
                |s| s.log_channel = LogChannel::Missing(7),
                Status::Fail,
                "no longer exists",
            ),
            (
                "no member list",
                |s| s.member_list = false,
                Status::Warn,
                "Server Members intent",
            ),
            (
                "no re-verification",
                |s| s.reverify_interval = None,
                Status::Warn,
                "TOKEN_ENCRYPTION_KEY",
            ),
            (
                "never swept",
                |s| s.last_swept_at = None,
                Status::Warn,
                "/sync",
            ),
            (
                "stale links",
                |s| s.stale_links = 3,
                Status::Warn,
                "3 members",
            ),
            (
                "pending",
                |s| s.pending = 5,
                Status::Warn,
                "5 members waiting",
            ),
            (
                "failed",
                |s| {
                    s.failed = vec![FailedReconcile {
                        guild_id: 1,
                        user_id: 9,
                        last_error: "HTTP 503".into(),
                        failed_at: 0,
                    }]
                },
                Status::Fail,
                "<@9>: HTTP 503",
            ),
        ];
        let good = statuses(&healthy());
        for (name, breaks, status, needle) in cases {
            let mut state = healthy();
            breaks(&mut state);
            let checks = checklist(&state);
            let bad: Vec<&Check> = checks.iter().filter(|c| c.status != Status::Ok).collect();
            assert_eq!(bad.len(), 1, "{name}: exactly one line turns: {checks:#?}");
            assert_eq!(bad[0].status, status, "{name}");
            assert!(bad[0].fix.is_some(), "{name}: a fix is given");
            let text = render(&checks);
            assert!(text.contains(needle), "{name}: {needle:?} in\n{text}");
            assert!(checks.len() >= good.len() - 1, "{name}");
        }
    }

    #[test]
    fn long_lists_are_cut_to_ten_names() {
        let mut state = healthy();
        state.nickname_template = Some("{resonite}".into());
        state.nickname_skips = (1..=14)
            .map(|u| NicknameSkip {
                user_id: u,
                reason: "above_bot".into(),
                at: 0,
            })
            .collect();
        let text = render(&checklist(&state));
        assert!(text.contains("<@10>") && !text.contains("<@11>"), "{text}");
        assert!(text.contains("and 4 more"), "{text}");
    }
}
