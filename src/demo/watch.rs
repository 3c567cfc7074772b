//! What changed on the fake Discord server since the demo last looked: members' roles,
//! edits of the bot's replies, messages the bot posted in a channel or sent by DM.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use resonite_verify_fakes::discord::FakeDiscord;
use serde_json::Value;

/// One change, written for the person trying the demo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Roles {
        member: String,
        gained: Vec<String>,
        lost: Vec<String>,
    },
    ReplyEdited {
        command: String,
        content: String,
    },
    Posted {
        channel: String,
        content: String,
    },
    DirectMessage {
        member: String,
        content: String,
    },
    Nickname {
        member: String,
        from: Option<String>,
        to: Option<String>,
    },
}

impl Change {
    pub fn is_roles(&self) -> bool {
        matches!(self, Self::Roles { .. })
    }
}

fn at_roles(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("@{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn indented(content: &str) -> String {
    content
        .lines()
        .map(|l| format!("\n      {l}"))
        .collect::<String>()
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Roles {
                member,
                gained,
                lost,
            } => {
                let mut parts = Vec::new();
                if !gained.is_empty() {
                    parts.push(format!("gained {}", at_roles(gained)));
                }
                if !lost.is_empty() {
                    parts.push(format!("lost {}", at_roles(lost)));
                }
                write!(f, "roles: {member} {}", parts.join(" and "))
            }
            Self::ReplyEdited { command, content } => {
                write!(
                    f,
                    "the bot edited its {command} reply:{}",
                    indented(content)
                )
            }
            Self::Posted { channel, content } => {
                write!(f, "the bot posted in #{channel}:{}", indented(content))
            }
            Self::DirectMessage { member, content } => {
                write!(f, "the bot sent {member} a DM:{}", indented(content))
            }
            Self::Nickname { member, from, to } => {
                let shown = |n: &Option<String>| match n {
                    Some(n) => format!("{n:?}"),
                    None => "(none)".to_owned(),
                };
                write!(f, "nickname: {member} {} → {}", shown(from), shown(to))
            }
        }
    }
}

/// A reply whose later edits are reported.
struct Followed {
    token: String,
    command: String,
    content: String,
}

/// How many recent replies are followed for edits.
const FOLLOWED: usize = 8;

/// The guild as last seen.
pub struct Watch {
    discord: FakeDiscord,
    guild: u64,
    bot: u64,
    roles: BTreeMap<u64, BTreeSet<u64>>,
    nicks: BTreeMap<u64, Option<String>>,
    followed: Vec<Followed>,
    posted: BTreeMap<u64, usize>,
    dms: BTreeMap<u64, usize>,
}

/// The guild's state in `GUILD_CREATE` form: names of roles, members and channels.
struct Snapshot(Value);

impl Snapshot {
    fn of(discord: &FakeDiscord, guild: u64) -> Self {
        Self(discord.guild_create_payload(guild).unwrap_or_default())
    }

    fn items<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Value> {
        self.0[key].as_array().into_iter().flatten()
    }

    /// `(user id, username, roles)` of every member.
    fn members(&self) -> Vec<(u64, String, BTreeSet<u64>)> {
        self.items("members")
            .filter_map(|m| {
                let id = snowflake(&m["user"]["id"])?;
                let name = m["user"]["username"].as_str()?.to_owned();
                let roles = m["roles"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(snowflake)
                    .collect();
                Some((id, name, roles))
            })
            .collect()
    }

    /// `(user id, username, nickname)` of every member.
    fn nicknames(&self) -> Vec<(u64, String, Option<String>)> {
        self.items("members")
            .filter_map(|m| {
                let id = snowflake(&m["user"]["id"])?;
                let name = m["user"]["username"].as_str()?.to_owned();
                Some((id, name, m["nick"].as_str().map(str::to_owned)))
            })
            .collect()
    }

    fn role_name(&self, id: u64) -> String {
        self.items("roles")
            .find(|r| snowflake(&r["id"]) == Some(id))
            .and_then(|r| r["name"].as_str())
            .map_or_else(|| format!("role {id}"), str::to_owned)
    }

    fn member_name(&self, id: u64) -> String {
        self.items("members")
            .find(|m| snowflake(&m["user"]["id"]) == Some(id))
            .and_then(|m| m["user"]["username"].as_str())
            .map_or_else(|| format!("user {id}"), str::to_owned)
    }

    fn channel_name(&self, id: u64) -> String {
        self.channels()
            .into_iter()
            .find(|(c, _)| *c == id)
            .map_or_else(|| format!("channel {id}"), |(_, name)| name)
    }

    fn channels(&self) -> Vec<(u64, String)> {
        self.items("channels")
            .filter_map(|c| Some((snowflake(&c["id"])?, c["name"].as_str()?.to_owned())))
            .collect()
    }
}

fn snowflake(value: &Value) -> Option<u64> {
    match value {
        Value::String(s) => s.parse().ok(),
        other => other.as_u64(),
    }
}

fn content(message: &Value) -> String {
    message["content"].as_str().unwrap_or_default().to_owned()
}

impl Watch {
    /// Starts watching `guild` as it is now.
    pub fn new(discord: FakeDiscord, guild: u64, bot: u64) -> Self {
        let mut watch = Self {
            discord,
            guild,
            bot,
            roles: BTreeMap::new(),
            nicks: BTreeMap::new(),
            followed: Vec::new(),
            posted: BTreeMap::new(),
            dms: BTreeMap::new(),
        };
        watch.look();
        watch
    }

    /// Reports later edits of the reply to the interaction `token`.
    pub fn follow(&mut self, token: &str, command: &str, content: &str) {
        if self.followed.len() == FOLLOWED {
            self.followed.remove(0);
        }
        self.followed.push(Followed {
            token: token.to_owned(),
            command: command.to_owned(),
            content: content.to_owned(),
        });
    }

    /// The role names of `member` now, lowest first.
    pub fn roles_of(&self, member: u64) -> Vec<String> {
        let snapshot = Snapshot::of(&self.discord, self.guild);
        let mut roles: Vec<(u64, String)> = snapshot
            .members()
            .into_iter()
            .find(|(id, ..)| *id == member)
            .map(|(_, _, roles)| roles)
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r, snapshot.role_name(r)))
            .collect();
        roles.sort();
        roles.into_iter().map(|(_, name)| name).collect()
    }

    /// Every member (but the bot) and their role names.
    pub fn everyone(&self) -> Vec<(String, Vec<String>)> {
        let snapshot = Snapshot::of(&self.discord, self.guild);
        snapshot
            .members()
            .into_iter()
            .filter(|(id, ..)| *id != self.bot)
            .map(|(id, name, _)| (name, self.roles_of(id)))
            .collect()
    }

    /// `content` as a Discord client shows it: mentions by name, timestamps readable.
    pub fn render(&self, content: &str) -> String {
        render(
            &Snapshot::of(&self.discord, self.guild),
            content,
            chrono::Utc::now().timestamp(),
        )
    }

    /// What changed since the last look.
    pub fn look(&mut self) -> Vec<Change> {
        let snapshot = Snapshot::of(&self.discord, self.guild);
        let now = chrono::Utc::now().timestamp();
        let mut changes = Vec::new();
        for (id, name, roles) in snapshot.members() {
            if id == self.bot {
                continue;
            }
            let before = self.roles.insert(id, roles.clone());
            // A member seen for the first time has not changed.
            let Some(before) = before else { continue };
            let gained: Vec<String> = roles
                .difference(&before)
                .map(|r| snapshot.role_name(*r))
                .collect();
            let lost: Vec<String> = before
                .difference(&roles)
                .map(|r| snapshot.role_name(*r))
                .collect();
            if !gained.is_empty() || !lost.is_empty() {
                changes.push(Change::Roles {
                    member: name,
                    gained,
                    lost,
                });
            }
        }
        for (id, name, nick) in snapshot.nicknames() {
            match self.nicks.insert(id, nick.clone()) {
                Some(before) if before != nick => changes.push(Change::Nickname {
                    member: name,
                    from: before,
                    to: nick,
                }),
                _ => {}
            }
        }
        for followed in &mut self.followed {
            let now = self
                .discord
                .original_message(&followed.token)
                .map(|m| content(&m))
                .unwrap_or_default();
            if now != followed.content && !now.is_empty() {
                changes.push(Change::ReplyEdited {
                    command: followed.command.clone(),
                    content: render(&snapshot, &now, chrono::Utc::now().timestamp()),
                });
                followed.content = now;
            }
        }
        for (channel, name) in snapshot.channels() {
            let messages = self.discord.messages(channel);
            let seen = self.posted.insert(channel, messages.len()).unwrap_or(0);
            for message in messages.iter().skip(seen) {
                changes.push(Change::Posted {
                    channel: name.clone(),
                    content: render(&snapshot, &content(message), now),
                });
            }
        }
        for (id, ..) in snapshot.members() {
            let messages = self.discord.dm_messages(id);
            let seen = self.dms.insert(id, messages.len()).unwrap_or(0);
            for message in messages.iter().skip(seen) {
                changes.push(Change::DirectMessage {
                    member: snapshot.member_name(id),
                    content: render(&snapshot, &content(message), now),
                });
            }
        }
        changes
    }
}

/// Replaces Discord's markup (`<@&role>`, `<@user>`, `<#channel>`, `</command:id>`,
/// `<t:unix:style>`) with what a client shows; anything else is kept as written.
fn render(snapshot: &Snapshot, content: &str, now: i64) -> String {
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start + 1..];
        let shown = tag
            .find('>')
            .and_then(|end| Some((render_tag(snapshot, &tag[..end], now)?, end)));
        match shown {
            Some((text, end)) => {
                out.push_str(&text);
                rest = &tag[end + 1..];
            }
            None => {
                out.push('<');
                rest = tag;
            }
        }
    }
    out.push_str(rest);
    out
}

fn render_tag(snapshot: &Snapshot, tag: &str, now: i64) -> Option<String> {
    let id = |s: &str| s.parse::<u64>().ok();
    if let Some(role) = tag.strip_prefix("@&") {
        return Some(format!("@{}", snapshot.role_name(id(role)?)));
    }
    if let Some(user) = tag.strip_prefix("@!").or_else(|| tag.strip_prefix('@')) {
        return Some(format!("@{}", snapshot.member_name(id(user)?)));
    }
    if let Some(channel) = tag.strip_prefix('#') {
        return Some(format!("#{}", snapshot.channel_name(id(channel)?)));
    }
    if let Some(command) = tag.strip_prefix('/') {
        let (name, command_id) = command.rsplit_once(':')?;
        id(command_id)?;
        return Some(format!("/{name}"));
    }
    let stamp = tag.strip_prefix("t:")?;
    let (unix, style) = stamp.split_once(':').unwrap_or((stamp, "f"));
    let unix: i64 = unix.parse().ok()?;
    Some(match style {
        "R" => relative(unix - now),
        _ => chrono::DateTime::from_timestamp(unix, 0)?
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string(),
    })
}

/// `<t:…:R>`: "just now", "3 minutes ago", "in 2 hours".
fn relative(seconds: i64) -> String {
    let span = seconds.unsigned_abs();
    if span < 45 {
        return "just now".to_owned();
    }
    let (n, unit) = match span {
        s if s < 3_600 => (s.div_ceil(60), "minute"),
        s if s < 86_400 => (s / 3_600, "hour"),
        s => (s / 86_400, "day"),
    };
    let unit = if n == 1 {
        unit.to_owned()
    } else {
        format!("{unit}s")
    };
    if seconds < 0 {
        format!("{n} {unit} ago")
    } else {
        format!("in {n} {unit}")
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Snapshot, relative, render};

    #[test]
    fn discord_markup_reads_as_a_client_shows_it() {
        let snapshot = Snapshot(json!({
            "roles": [{ "id": "11", "name": "Patron" }],
            "members": [{ "user": { "id": "21", "username": "demo-member" }, "roles": [] }],
            "channels": [{ "id": "31", "name": "bot-log" }],
        }));
        let now = 1_000_000;
        let cases = [
            ("<@&11> ← patreon", "@Patron ← patreon"),
            ("<@21> and <@!21>", "@demo-member and @demo-member"),
            ("in <#31>", "in #bot-log"),
            ("use </link:123> again", "use /link again"),
            ("linked <t:1000000:R>", "linked just now"),
            ("<t:999700:R>, <t:1007200:R>", "5 minutes ago, in 2 hours"),
            ("a < b, <unknown>, <@&99>", "a < b, <unknown>, @role 99"),
        ];
        for (content, shown) in cases {
            assert_eq!(render(&snapshot, content, now), shown, "{content}");
        }
        assert_eq!(relative(-86_400 * 3), "3 days ago");
    }
}
