//! The verification controls admins of peer bots expect (DESIGN.md "Verification
//! controls"), end to end through the real bot and the fake gateway: every control marks
//! members and the reconciler applies it.

mod bypass;
mod doctor;
mod groups;
mod nicknames;
mod preview;
mod rank;
mod traps;
mod unlink;
mod unlinked;
mod whois;

use std::time::Instant;

use resonite_verify_fakes::world::role_calls;
use serde_json::{Value, json};

use crate::support::e2e::*;

/// `/config SUB [options]` in the main guild as `user`.
pub async fn config(t: &E2e, user: u64, sub: &str, options: Value) -> String {
    t.say(
        GUILD,
        user,
        "config",
        json!([{ "name": sub, "type": 1, "options": options }]),
    )
    .await
}

/// Waits (bounded) until no reconcile of the main guild is pending: whatever the bot was
/// going to do has been done.
pub async fn drained(t: &E2e) {
    drained_after(t, 0).await
}

/// [`drained`], once at least `calls` role calls were made too.
pub async fn drained_after(t: &E2e, calls: usize) {
    let deadline = Instant::now() + WAIT;
    loop {
        let pending = t
            .store()
            .queue()
            .count_pending(Some(GUILD))
            .await
            .expect("count");
        let made = role_calls(&t.discord).len();
        if pending == 0 && made >= calls {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{pending} reconciles pending, {made} role calls"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Waits (bounded) until the member's nickname in the main guild is `expected`.
pub async fn wait_for_nick(t: &E2e, user: u64, expected: Option<&str>) {
    let deadline = Instant::now() + WAIT;
    loop {
        let nick = t.discord.member_nick(GUILD, user);
        if nick.as_deref() == expected {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "nickname of {user}: {nick:?}, expected {expected:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// The role and nickname calls the bot sent to the fake Discord so far.
pub fn changing_calls(t: &E2e) -> Vec<String> {
    t.discord
        .requests()
        .into_iter()
        .filter(|r| {
            matches!(r.method.as_str(), "PUT" | "DELETE" | "PATCH") && r.path.contains("/members/")
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}
