//! What one line typed at the demo's prompt asks for.

/// Who types a slash command in the demo server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Actor {
    /// `demo-member`, who links.
    Member,
    /// `community-admin`, the server's owner (every permission).
    Admin,
}

impl Actor {
    fn parse(word: &str) -> Option<Self> {
        match word.to_ascii_lowercase().as_str() {
            "member" | "demo-member" => Some(Self::Member),
            "admin" | "community-admin" | "owner" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// One line of input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Nothing,
    Help,
    Quit,
    /// A slash command, as `actor` (`None`: whoever the prompt says).
    Slash {
        actor: Option<Actor>,
        line: String,
    },
    /// `as admin` alone: later commands are typed as `actor`.
    Become(Actor),
    /// Approve the latest `/link` on the mock Resonite as this account, as a browser would.
    Approve(String),
    /// Deny the latest `/link` on the mock Resonite.
    Deny,
    /// The account's support lapses on the mock.
    Lapse(String),
    /// The account's support is back.
    Renew(String),
    Accounts,
    Roles,
    /// The language Discord reports for the member's and the admin's clients (`locale`).
    Language(String),
    /// Wait until a member's roles change, at most this many seconds.
    Wait(u64),
}

/// Why a line means nothing to the demo.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("{0:?} means nothing here: slash commands start with /, and help lists the rest")]
    Unknown(String),
    #[error("who is {0:?}? Type `as admin` or `as member`")]
    UnknownActor(String),
    #[error("{0} needs an account, such as `{0} PatronUser`")]
    MissingAccount(&'static str),
    #[error("language takes a Discord locale, such as `language ja` or `language de`")]
    MissingLanguage,
    #[error("wait takes a number of seconds, such as `wait 20`")]
    BadSeconds,
}

/// The account `approve` picks when none is named: it earns every demo role.
pub const DEFAULT_ACCOUNT: &str = "PatronUser";
/// How long `wait` waits when not told.
pub const DEFAULT_WAIT_SECS: u64 = 30;

pub fn parse(line: &str) -> Result<Input, InputError> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(Input::Nothing);
    }
    if line.starts_with('/') {
        return Ok(Input::Slash {
            actor: None,
            line: line.to_owned(),
        });
    }
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    let account = |command: &'static str| {
        rest.split_whitespace()
            .next()
            .map(str::to_owned)
            .ok_or(InputError::MissingAccount(command))
    };
    match word.to_ascii_lowercase().as_str() {
        "help" | "?" => Ok(Input::Help),
        "quit" | "exit" => Ok(Input::Quit),
        "as" => {
            let (who, command) = rest
                .split_once(char::is_whitespace)
                .map_or((rest, ""), |(w, c)| (w, c.trim()));
            let actor =
                Actor::parse(who).ok_or_else(|| InputError::UnknownActor(who.to_owned()))?;
            if command.is_empty() {
                Ok(Input::Become(actor))
            } else if command.starts_with('/') {
                Ok(Input::Slash {
                    actor: Some(actor),
                    line: command.to_owned(),
                })
            } else {
                Err(InputError::Unknown(line.to_owned()))
            }
        }
        "approve" => Ok(Input::Approve(
            rest.split_whitespace()
                .next()
                .unwrap_or(DEFAULT_ACCOUNT)
                .to_owned(),
        )),
        "deny" => Ok(Input::Deny),
        "lapse" => account("lapse").map(Input::Lapse),
        "renew" => account("renew").map(Input::Renew),
        "accounts" => Ok(Input::Accounts),
        "language" | "locale" => rest
            .split_whitespace()
            .next()
            .map(|code| Input::Language(code.to_owned()))
            .ok_or(InputError::MissingLanguage),
        "roles" => Ok(Input::Roles),
        "wait" => match rest {
            "" => Ok(Input::Wait(DEFAULT_WAIT_SECS)),
            secs => secs
                .trim_end_matches('s')
                .parse()
                .map(Input::Wait)
                .map_err(|_| InputError::BadSeconds),
        },
        _ => Err(InputError::Unknown(line.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slash(actor: Option<Actor>, line: &str) -> Input {
        Input::Slash {
            actor,
            line: line.to_owned(),
        }
    }

    #[test]
    fn lines_mean_what_help_says() {
        let cases = [
            ("", Ok(Input::Nothing)),
            ("   # a comment in a script", Ok(Input::Nothing)),
            ("help", Ok(Input::Help)),
            ("?", Ok(Input::Help)),
            ("quit", Ok(Input::Quit)),
            ("/whois", Ok(slash(None, "/whois"))),
            (
                "  /roles add role:Patron rule:patreon ",
                Ok(slash(None, "/roles add role:Patron rule:patreon")),
            ),
            ("as admin /sync", Ok(slash(Some(Actor::Admin), "/sync"))),
            ("AS Member  /link", Ok(slash(Some(Actor::Member), "/link"))),
            ("as admin", Ok(Input::Become(Actor::Admin))),
            ("as community-admin", Ok(Input::Become(Actor::Admin))),
            ("as bob /sync", Err(InputError::UnknownActor("bob".into()))),
            (
                "as admin sync",
                Err(InputError::Unknown("as admin sync".into())),
            ),
            ("approve", Ok(Input::Approve("PatronUser".into()))),
            ("approve BasicUser", Ok(Input::Approve("BasicUser".into()))),
            ("deny", Ok(Input::Deny)),
            ("lapse PatronUser", Ok(Input::Lapse("PatronUser".into()))),
            ("lapse", Err(InputError::MissingAccount("lapse"))),
            ("renew PatronUser", Ok(Input::Renew("PatronUser".into()))),
            ("accounts", Ok(Input::Accounts)),
            ("language ja", Ok(Input::Language("ja".into()))),
            ("language", Err(InputError::MissingLanguage)),
            ("roles", Ok(Input::Roles)),
            ("wait", Ok(Input::Wait(30))),
            ("wait 15", Ok(Input::Wait(15))),
            ("wait 15s", Ok(Input::Wait(15))),
            ("wait soon", Err(InputError::BadSeconds)),
            ("whois", Err(InputError::Unknown("whois".into()))),
        ];
        for (line, expected) in cases {
            assert_eq!(parse(line), expected, "{line:?}");
        }
    }
}
