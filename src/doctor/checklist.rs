//! `/doctor`'s checklist: everything that keeps a guild's roles right, each line with the
//! fix. Pure: [`super::Doctor`] gathers the live state into [`GuildState`]; this module
//! judges it, so every verdict is a table test away.

use std::time::Duration;

use crate::i18n::Lang;
use crate::roles::{RoleRefusal, RuleConcern, wording};
use crate::store::{FailedReconcile, SkippedNickname};
use crate::tr;

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
pub struct Finding {
    pub status: Status,
    pub what: String,
    pub fix: Option<String>,
}

impl Finding {
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
    /// The role, or `None` when it no longer exists.
    pub id: Option<u64>,
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
    /// Stored rules that break today's rules on who may hand out what
    /// ([`crate::roles::rule_concerns`]).
    pub concerns: Vec<RuleConcern>,
    pub nickname_template: Option<String>,
    pub nickname_skips: Vec<SkippedNickname>,
    pub bypass_role: Option<u64>,
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
    /// Refresh tokens (bot-wide) not under `TOKEN_ENCRYPTION_KEY`; `None` without a key.
    pub tokens_not_current: Option<i64>,
}

/// How many names a line lists before "and N more".
const NAMES: usize = 10;

/// The checklist, in the order admins fix things: permissions, roles, nicknames, the log
/// channel, members, re-verification, Linked Roles, then the work in flight; worded in
/// `lang`.
pub fn checklist(state: &GuildState, lang: Lang) -> Vec<Finding> {
    let t = |id: &str| tr!(lang, id);
    let mut checks = Vec::new();
    checks.push(if state.can_manage_roles {
        Finding::ok(t("doctor-manage-roles-ok"))
    } else {
        Finding::fail(
            t("doctor-manage-roles-missing"),
            t("doctor-manage-roles-fix"),
        )
    });
    checks.push(roles_check(state, lang));
    checks.extend(state.concerns.iter().map(|c| concern_check(c, lang)));
    if let Some(check) = nickname_check(state, lang) {
        checks.push(check);
    }
    if let Some(role) = state.bypass_role {
        checks.push(Finding::ok(tr!(lang, "doctor-bypass", role = role)));
    }
    checks.push(log_channel_check(state.log_channel, lang));
    checks.push(if state.member_list {
        Finding::ok(t("doctor-members-ok"))
    } else {
        Finding::warn(t("doctor-members-missing"), t("doctor-members-missing-fix"))
    });
    checks.extend(reverify_checks(state, lang));
    checks.push(if state.linked_roles {
        Finding::ok(t("doctor-linked-roles-on"))
    } else {
        Finding::ok(t("doctor-linked-roles-off"))
    });
    checks.extend(in_flight_checks(state, lang));
    checks.extend(token_key_check(state, lang));
    checks
}

fn log_channel_check(channel: LogChannel, lang: Lang) -> Finding {
    let t = |id: &str| tr!(lang, id);
    match channel {
        LogChannel::NotSet => Finding::warn(t("doctor-log-none"), t("doctor-log-none-fix")),
        LogChannel::Writable(c) => Finding::ok(tr!(lang, "doctor-log-ok", channel = c)),
        LogChannel::NotWritable(c) => Finding::fail(
            tr!(lang, "doctor-log-not-writable", channel = c),
            t("doctor-log-not-writable-fix"),
        ),
        LogChannel::Unknown(c) => Finding::warn(
            tr!(lang, "doctor-log-unknown", channel = c),
            t("doctor-log-unknown-fix"),
        ),
        LogChannel::Missing(c) => Finding::fail(
            tr!(lang, "doctor-log-missing", channel = c),
            t("doctor-log-missing-fix"),
        ),
    }
}

/// Re-verification: whether it runs, and the last sweep.
fn reverify_checks(state: &GuildState, lang: Lang) -> [Finding; 2] {
    let t = |id: &str| tr!(lang, id);
    let on = match state.reverify_interval {
        Some(every) => Finding::ok(tr!(lang, "doctor-reverify-on", every = human(lang, every))),
        None => Finding::warn(t("doctor-reverify-off"), t("doctor-reverify-off-fix")),
    };
    let swept = match (state.reverify_interval, state.last_swept_at) {
        (_, Some(at)) => Finding::ok(tr!(lang, "doctor-swept", at = at)),
        (Some(_), None) if state.rule_count > 0 => {
            Finding::warn(t("doctor-not-swept"), t("doctor-not-swept-fix"))
        }
        _ => Finding::ok(t("doctor-not-swept-nothing")),
    };
    [on, swept]
}

/// The work in flight: stale links, pending and failed role changes.
fn in_flight_checks(state: &GuildState, lang: Lang) -> [Finding; 3] {
    let t = |id: &str| tr!(lang, id);
    let stale = match state.stale_links {
        0 => Finding::ok(t("doctor-stale-none")),
        n => Finding::warn(tr!(lang, "doctor-stale", count = n), t("doctor-stale-fix")),
    };
    let pending = match state.pending {
        0 => Finding::ok(t("doctor-pending-none")),
        n => Finding::warn(
            tr!(lang, "doctor-pending", count = n),
            t("doctor-pending-fix"),
        ),
    };
    [stale, pending, failed_check(&state.failed, lang)]
}

fn failed_check(failed: &[FailedReconcile], lang: Lang) -> Finding {
    if failed.is_empty() {
        return Finding::ok(tr!(lang, "doctor-failed-none"));
    }
    let mut what = tr!(lang, "doctor-failed", count = failed.len());
    for f in failed.iter().take(NAMES) {
        what.push_str("\n  ");
        what.push_str(&tr!(
            lang,
            "doctor-failed-member",
            user = f.user_id,
            error = &f.last_error
        ));
    }
    Finding::fail(what, tr!(lang, "doctor-failed-fix"))
}

/// A key rotation not yet complete: tokens still under an old key (none: no line).
fn token_key_check(state: &GuildState, lang: Lang) -> Option<Finding> {
    let count = state.tokens_not_current.filter(|n| *n > 0)?;
    Some(Finding::warn(
        tr!(lang, "doctor-tokens-old", count = count),
        tr!(lang, "doctor-tokens-old-fix"),
    ))
}

fn roles_check(state: &GuildState, lang: Lang) -> Finding {
    if state.rule_count == 0 {
        return Finding::warn(
            tr!(lang, "doctor-no-rules"),
            tr!(lang, "doctor-no-rules-fix"),
        );
    }
    let problems: Vec<String> = state
        .roles
        .iter()
        .filter_map(|r| match (r.id, &r.refusal) {
            (None, _) => Some(tr!(lang, "doctor-role-gone")),
            (Some(id), Some(refusal)) => {
                Some(format!("<@&{id}>: {}", wording::refusal(lang, refusal)))
            }
            (Some(_), None) => None,
        })
        .collect();
    if problems.is_empty() {
        Finding::ok(tr!(lang, "doctor-roles-ok", count = state.roles.len()))
    } else {
        Finding::fail(
            tr!(
                lang,
                "doctor-roles-problems",
                problems = problems.join("; ")
            ),
            tr!(lang, "doctor-roles-fix"),
        )
    }
}

fn concern_check(concern: &RuleConcern, lang: Lang) -> Finding {
    match concern {
        RuleConcern::Withheld {
            role_id,
            permissions,
        } => Finding::fail(
            tr!(
                lang,
                "doctor-rule-withheld",
                role = *role_id,
                permissions = wording::permissions(lang, permissions)
            ),
            tr!(lang, "doctor-rule-withheld-fix", role = *role_id),
        ),
        RuleConcern::BypassRole { role_id } => Finding::fail(
            tr!(lang, "doctor-bypass-granted", role = *role_id),
            tr!(lang, "doctor-bypass-granted-fix", role = *role_id),
        ),
    }
}

fn nickname_check(state: &GuildState, lang: Lang) -> Option<Finding> {
    let template = state.nickname_template.as_deref()?;
    if !state.can_manage_nicknames {
        return Some(Finding::fail(
            tr!(lang, "doctor-nicknames-no-permission", template = template),
            tr!(lang, "doctor-nicknames-no-permission-fix"),
        ));
    }
    if state.nickname_skips.is_empty() {
        return Some(Finding::ok(tr!(
            lang,
            "doctor-nicknames-ok",
            template = template
        )));
    }
    let names: Vec<String> = state
        .nickname_skips
        .iter()
        .take(NAMES)
        .map(|s| match s.reason.as_str() {
            "owner" => tr!(lang, "doctor-skip-owner", user = s.user_id),
            _ => tr!(lang, "doctor-skip-above", user = s.user_id),
        })
        .collect();
    let names = names.join(", ");
    let more = state.nickname_skips.len().saturating_sub(NAMES);
    let what = if more > 0 {
        tr!(
            lang,
            "doctor-nicknames-skipped-more",
            template = template,
            names = &names,
            count = more
        )
    } else {
        tr!(
            lang,
            "doctor-nicknames-skipped",
            template = template,
            names = &names
        )
    };
    Some(Finding::warn(
        what,
        tr!(lang, "doctor-nicknames-skipped-fix"),
    ))
}

/// 12 h, 10 s, 3 d: the largest whole unit.
fn human(lang: Lang, d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        s if s >= 86_400 && s % 86_400 == 0 => tr!(lang, "doctor-every-days", count = s / 86_400),
        s if s >= 3_600 && s % 3_600 == 0 => tr!(lang, "doctor-every-hours", count = s / 3_600),
        s if s >= 60 && s % 60 == 0 => tr!(lang, "doctor-every-minutes", count = s / 60),
        s => tr!(lang, "doctor-every-seconds", count = s),
    }
}

/// The checklist as one message.
pub fn render(checks: &[Finding], lang: Lang) -> String {
    let mut out = tr!(lang, "doctor-head");
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
                id: Some(1),
                refusal: None,
            }],
            rule_count: 1,
            concerns: vec![],
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
            tokens_not_current: Some(0),
        }
    }

    fn statuses(state: &GuildState) -> Vec<Status> {
        checklist(state, Lang::EN_US)
            .iter()
            .map(|c| c.status)
            .collect()
    }

    #[test]
    fn a_healthy_guild_is_all_green_and_names_every_check() {
        let checks = checklist(&healthy(), Lang::EN_US);
        assert!(checks.iter().all(|c| c.status == Status::Ok), "{checks:#?}");
        assert!(checks.iter().all(|c| c.fix.is_none()));
        let text = render(&checks, Lang::EN_US);
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
                |s| s.roles[0].id = None,
                Status::Fail,
                "no longer exists",
            ),
            (
                "a dangerous role granted by an untrusted rule",
                |s| {
                    s.concerns = vec![RuleConcern::Withheld {
                        role_id: 1,
                        permissions: vec![crate::roles::Dangerous::Administrator],
                    }]
                },
                Status::Fail,
                "<@&1> carries Administrator",
            ),
            (
                "the bypass role granted by a rule",
                |s| s.concerns = vec![RuleConcern::BypassRole { role_id: 1 }],
                Status::Fail,
                "The bypass role <@&1> is also granted by a rule",
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
                    s.nickname_skips = vec![SkippedNickname {
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
            let checks = checklist(&state, Lang::EN_US);
            let bad: Vec<&Finding> = checks.iter().filter(|c| c.status != Status::Ok).collect();
            assert_eq!(bad.len(), 1, "{name}: exactly one line turns: {checks:#?}");
            assert_eq!(bad[0].status, status, "{name}");
            assert!(bad[0].fix.is_some(), "{name}: a fix is given");
            let text = render(&checks, Lang::EN_US);
            assert!(text.contains(needle), "{name}: {needle:?} in\n{text}");
            assert!(checks.len() >= good.len() - 1, "{name}");
        }
    }

    #[test]
    fn an_unfinished_key_rotation_counts_the_tokens_still_under_an_old_key() {
        let lines = |n: Option<i64>| {
            let mut state = healthy();
            state.tokens_not_current = n;
            checklist(&state, Lang::EN_US)
        };
        let base = lines(None).len();
        assert_eq!(
            lines(Some(0)).len(),
            base,
            "a finished rotation says nothing"
        );
        let checks = lines(Some(3));
        assert_eq!(checks.len(), base + 1);
        let line = checks.last().expect("the rotation line");
        assert_eq!(line.status, Status::Warn);
        assert!(
            line.what.contains('3') && line.what.contains("old key"),
            "{line:?}"
        );
        assert!(
            line.fix
                .as_deref()
                .is_some_and(|f| f.contains("TOKEN_ENCRYPTION_KEY_OLD")),
            "{line:?}"
        );
    }

    #[test]
    fn long_lists_are_cut_to_ten_names() {
        let mut state = healthy();
        state.nickname_template = Some("{resonite}".into());
        state.nickname_skips = (1..=14)
            .map(|u| SkippedNickname {
                user_id: u,
                reason: "above_bot".into(),
                at: 0,
            })
            .collect();
        let text = render(&checklist(&state, Lang::EN_US), Lang::EN_US);
        assert!(text.contains("<@10>") && !text.contains("<@11>"), "{text}");
        assert!(text.contains("and 4 more"), "{text}");
    }
}
