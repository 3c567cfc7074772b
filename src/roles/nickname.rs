//! Nicknames from a template (`/config nickname`). Pure: parsing and checking what admins
//! type, rendering it for a member, and deciding what to do with one member's nickname.

use crate::store::ManagedNickname;

/// Discord's longest nickname, in characters.
pub const NICK_MAX_CHARS: usize = 32;
/// The longest template the bot accepts (it is cut to 32 once rendered anyway).
pub const TEMPLATE_MAX_CHARS: usize = 100;
/// The placeholders a template may use, as written.
pub const PLACEHOLDERS: [&str; 3] = ["{resonite}", "{discord}", "{display}"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error(
        "`{{{0}}}` is not a placeholder I know: use {{resonite}} (Resonite username), {{discord}} (Discord username) or {{display}} (Discord display name), e.g. `{{display}} ({{resonite}})`"
    )]
    UnknownPlaceholder(String),
    #[error(
        "a `{{` is never closed: placeholders look like {{resonite}}, e.g. `{{display}} ({{resonite}})`"
    )]
    Unclosed,
    #[error(
        "the template would give an empty nickname: include a placeholder, e.g. `{{resonite}}`"
    )]
    RendersEmpty,
    #[error(
        "the template is {0} characters long; at most {TEMPLATE_MAX_CHARS} (nicknames are cut to 32 anyway), e.g. `{{display}} ({{resonite}})`"
    )]
    TooLong(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    Resonite,
    Discord,
    Display,
}

/// A checked template: only known placeholders, never rendering empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NicknameTemplate {
    text: String,
}

impl NicknameTemplate {
    pub fn parse(input: &str) -> Result<Self, TemplateError> {
        let text = input.trim();
        let length = text.chars().count();
        if length > TEMPLATE_MAX_CHARS {
            return Err(TemplateError::TooLong(length));
        }
        scan(text, |_| {})?;
        let template = Self {
            text: text.to_owned(),
        };
        // Names are never empty: a template renders empty only when it is all spaces.
        if template.render("x", "x", "x").is_empty() {
            return Err(TemplateError::RendersEmpty);
        }
        Ok(template)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The nickname for a member: placeholders filled, spaces trimmed, cut to 32 characters.
    pub fn render(&self, resonite: &str, discord: &str, display: &str) -> String {
        let mut out = String::new();
        let mut literal = String::new();
        // Already checked: scanning cannot fail.
        let _ = scan(&self.text, |part| match part {
            Part::Literal(c) => literal.push(c),
            Part::Placeholder(piece) => {
                out.push_str(&std::mem::take(&mut literal));
                out.push_str(match piece {
                    Piece::Resonite => resonite,
                    Piece::Discord => discord,
                    Piece::Display => display,
                });
            }
        });
        out.push_str(&literal);
        cut(out.trim())
    }
}

enum Part {
    Literal(char),
    Placeholder(Piece),
}

/// Walks a template: literal characters and placeholders; `}` alone is literal.
fn scan(text: &str, mut each: impl FnMut(Part)) -> Result<(), TemplateError> {
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c != '{' {
            each(Part::Literal(c));
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let Some(end) = rest.find('}') else {
            return Err(TemplateError::Unclosed);
        };
        let name = &rest[1..end];
        let piece = match name {
            "resonite" => Piece::Resonite,
            "discord" => Piece::Discord,
            "display" => Piece::Display,
            other => return Err(TemplateError::UnknownPlaceholder(other.to_owned())),
        };
        each(Part::Placeholder(piece));
        rest = &rest[end + 1..];
    }
    Ok(())
}

/// At most 32 characters, without trailing spaces left by the cut.
fn cut(nick: &str) -> String {
    let cut: String = nick.chars().take(NICK_MAX_CHARS).collect();
    cut.trim_end().to_owned()
}

/// Why the bot leaves a member's nickname alone although the template says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NicknameSkip {
    /// Discord lets nobody change the owner's nickname.
    Owner,
    /// The member's highest role is not below the bot's.
    AboveBot,
}

impl NicknameSkip {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Owner => "owner",
            Self::AboveBot => "above_bot",
        }
    }
}

/// What to do with one member's nickname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NicknamePlan {
    /// Nothing to do.
    Leave,
    /// Set this nickname (recording the current one first, if this is the bot's first change).
    Set(String),
    /// Give back what the member had before (`None`: no nickname), then forget it.
    Restore(Option<String>),
    /// The member changed the nickname the bot set: leave theirs, forget the record.
    Forget,
    /// The template applies but Discord would refuse.
    Skip(NicknameSkip),
}

/// Decides for one member. `wanted`: the rendered nickname when the template applies to
/// them (a template is set and they are linked); `current`: their nickname now;
/// `managed`: what the bot recorded when it last changed it; `protected`: why Discord
/// would refuse a change, if it would.
pub fn plan_nickname(
    wanted: Option<&str>,
    current: Option<&str>,
    managed: Option<&ManagedNickname>,
    protected: Option<NicknameSkip>,
) -> NicknamePlan {
    match (wanted, managed) {
        (Some(wanted), _) if current == Some(wanted) => NicknamePlan::Leave,
        (Some(_), _) if protected.is_some() => {
            protected.map_or(NicknamePlan::Leave, NicknamePlan::Skip)
        }
        (Some(wanted), _) => NicknamePlan::Set(wanted.to_owned()),
        (None, Some(m)) if current == Some(m.set_nick.as_str()) => {
            NicknamePlan::Restore(m.original_nick.clone())
        }
        (None, Some(_)) => NicknamePlan::Forget,
        (None, None) => NicknamePlan::Leave,
    }
}

/// Whether Discord lets the bot rename a member: never the owner, never a member whose
/// highest role is at or above the bot's.
pub fn protection(is_owner: bool, member_highest: i64, bot_highest: i64) -> Option<NicknameSkip> {
    if is_owner {
        Some(NicknameSkip::Owner)
    } else if member_highest >= bot_highest {
        Some(NicknameSkip::AboveBot)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_or_say_why() {
        let cases: &[(&str, Result<&str, TemplateError>)] = &[
            ("{resonite}", Ok("{resonite}")),
            ("  {display} ({resonite})  ", Ok("{display} ({resonite})")),
            ("[VR] {discord}", Ok("[VR] {discord}")),
            ("Member", Ok("Member")),
            ("a } b", Ok("a } b")),
            (
                "{name}",
                Err(TemplateError::UnknownPlaceholder("name".into())),
            ),
            (
                "{Resonite}",
                Err(TemplateError::UnknownPlaceholder("Resonite".into())),
            ),
            ("{}", Err(TemplateError::UnknownPlaceholder(String::new()))),
            ("{resonite", Err(TemplateError::Unclosed)),
            ("", Err(TemplateError::RendersEmpty)),
            ("    ", Err(TemplateError::RendersEmpty)),
            (&"x".repeat(101), Err(TemplateError::TooLong(101))),
        ];
        for (input, expected) in cases {
            let got = NicknameTemplate::parse(input);
            match expected {
                Ok(text) => assert_eq!(
                    got.as_ref().map(NicknameTemplate::as_str),
                    Ok(*text),
                    "{input:?}"
                ),
                Err(e) => assert_eq!(got.as_ref().err(), Some(e), "{input:?}"),
            }
        }
    }

    #[test]
    fn unknown_placeholders_are_refused_with_the_known_ones() {
        let message = NicknameTemplate::parse("{nick} x").unwrap_err().to_string();
        for known in PLACEHOLDERS {
            assert!(message.contains(known), "{message}");
        }
        assert!(message.contains("{nick}"), "{message}");
    }

    #[test]
    fn rendering_fills_trims_and_cuts_to_32_characters() {
        let cases = [
            ("{resonite}", "Patron", "patron_d", "Pat", "Patron"),
            (
                "{display} ({resonite})",
                "Patron",
                "patron_d",
                "Pat",
                "Pat (Patron)",
            ),
            ("[{discord}]", "R", "d", "D", "[d]"),
            (
                "{display} | {resonite}",
                "AVeryLongResoniteUsername",
                "d",
                "Display",
                // 32 characters, and no trailing space left by the cut.
                "Display | AVeryLongResoniteUsern",
            ),
            (
                "{resonite}                              !",
                "Ab",
                "d",
                "D",
                "Ab",
            ),
            ("日本語{resonite}", "ユーザー", "d", "D", "日本語ユーザー"),
            // The placeholder text in a value is not expanded again.
            ("{display}", "R", "d", "{resonite}", "{resonite}"),
        ];
        for (template, resonite, discord, display, expected) in cases {
            let t = NicknameTemplate::parse(template).expect(template);
            let got = t.render(resonite, discord, display);
            assert_eq!(got, expected, "{template}");
            assert!(got.chars().count() <= NICK_MAX_CHARS);
        }
    }

    #[test]
    fn plans_per_member() {
        let managed = ManagedNickname {
            original_nick: Some("Old".into()),
            set_nick: "New".into(),
        };
        let none = ManagedNickname {
            original_nick: None,
            set_nick: "New".into(),
        };
        use NicknamePlan::*;
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a ManagedNickname>,
            Option<NicknameSkip>,
            NicknamePlan,
        );
        let cases: Vec<Case> = vec![
            // The template applies.
            (Some("New"), None, None, None, Set("New".into())),
            (Some("New"), Some("Old"), None, None, Set("New".into())),
            (Some("New"), Some("New"), Some(&managed), None, Leave),
            (
                Some("New"),
                Some("New"),
                None,
                Some(NicknameSkip::Owner),
                Leave,
            ),
            (
                Some("New"),
                Some("Old"),
                None,
                Some(NicknameSkip::Owner),
                Skip(NicknameSkip::Owner),
            ),
            (
                Some("New"),
                None,
                None,
                Some(NicknameSkip::AboveBot),
                Skip(NicknameSkip::AboveBot),
            ),
            // The member changed it back: the template wins again.
            (
                Some("New"),
                Some("Mine"),
                Some(&managed),
                None,
                Set("New".into()),
            ),
            // Unlinked or template cleared: give back what they had.
            (
                None,
                Some("New"),
                Some(&managed),
                None,
                Restore(Some("Old".into())),
            ),
            (None, Some("New"), Some(&none), None, Restore(None)),
            // They chose a nickname since: theirs stays.
            (None, Some("Mine"), Some(&managed), None, Forget),
            (None, None, Some(&managed), None, Forget),
            (None, Some("Anything"), None, None, Leave),
        ];
        for (wanted, current, managed, protected, expected) in cases {
            assert_eq!(
                plan_nickname(wanted, current, managed, protected),
                expected,
                "wanted {wanted:?} current {current:?} managed {managed:?} protected {protected:?}"
            );
        }
    }

    #[test]
    fn protection_follows_discords_rules() {
        assert_eq!(protection(true, 0, 10), Some(NicknameSkip::Owner));
        assert_eq!(protection(false, 10, 10), Some(NicknameSkip::AboveBot));
        assert_eq!(protection(false, 11, 10), Some(NicknameSkip::AboveBot));
        assert_eq!(protection(false, 9, 10), None);
        assert_eq!(protection(false, 0, 1), None);
    }
}
