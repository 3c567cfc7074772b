//! Role rules: "members whose profile satisfies this condition get that role".
//!
//! A rule is stored as a kind name plus a value string ([`RuleKind::as_str`],
//! [`Condition::value`]); [`Condition::from_stored`] reads it back. Deciding which roles to
//! add and remove is [`earned_roles`] then [`diff`], which never touches a role no rule names.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use super::facts::{Facts, normalize_tag};

/// Largest accepted amount: $100,000.00. Anything above is a typo.
pub const MAX_CENTS: i64 = 10_000_000;
/// Largest accepted number of months (100 years).
pub const MAX_MONTHS: i64 = 1_200;
/// Largest accepted account age in days (100 years).
pub const MAX_DAYS: i64 = 36_500;
/// Longest accepted tag, in characters.
pub const MAX_TAG_CHARS: usize = 100;

/// The kinds of condition a rule can test. Everything about a kind — its stable name, its
/// value, how it reads and what it tests — is its entry in [`RULE_KINDS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RuleKind {
    Linked,
    Supporter,
    Patreon,
    TierAtLeast,
    LifetimeAtLeast,
    MonthsAtLeast,
    Tag,
    NeosSupporter,
    AccountAgeAtLeast,
    /// No link at all: an "Unverified" role.
    Unlinked,
}

/// What a rule kind's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueShape {
    /// The kind takes no value.
    None,
    /// An amount in cents, typed as cents (`600`) or dollars (`$6`, `$6.50`).
    Cents,
    /// A whole number from 0 to `max`.
    Count { max: i64 },
    /// A Resonite profile tag.
    Tag,
}

/// A condition's value, read: what [`RuleKindInfo`]'s functions take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param<'a> {
    None,
    /// Cents, months or days.
    Number(i64),
    /// Lower-cased and trimmed.
    Tag(&'a str),
}

impl<'a> Param<'a> {
    fn number(self) -> i64 {
        match self {
            Param::Number(n) => n,
            Param::None | Param::Tag(_) => 0,
        }
    }

    fn text(self) -> &'a str {
        match self {
            Param::Tag(t) => t,
            Param::None | Param::Number(_) => "",
        }
    }
}

/// A value's hint: the English words (the core's errors) and the Fluent id (what an admin
/// reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueHint {
    pub english: &'static str,
    pub message: &'static str,
}

/// One rule kind, described once: this entry drives parsing, the stored form, the Discord
/// choice (named [`Self::name`], labelled by `choice-rule-<name>` in `commands.ftl`), the
/// wording (`condition-<name>` in `controls.ftl`, with `$amount`, `$count` or `$tag` by
/// [`Self::shape`]) and what the preview and the reconciler test.
#[derive(Debug, Clone, Copy)]
pub struct RuleKindInfo {
    pub kind: RuleKind,
    /// The stable name, as stored in the database and typed in commands.
    pub name: &'static str,
    /// One line for people (README, command choices; under Discord's 100 characters).
    pub description: &'static str,
    pub shape: ValueShape,
    /// What the value should look like; `None` exactly when the kind takes no value.
    pub hint: Option<ValueHint>,
    /// The condition, from its read value.
    pub build: fn(Param<'_>) -> Condition,
    /// Whether a linked profile with these facts satisfies the condition.
    pub holds: fn(&Facts, Param<'_>) -> bool,
    /// The condition in English (`Display`: logs and tests; admins read `condition-<name>`).
    pub english: fn(Param<'_>) -> String,
}

const CENTS_HINT: ValueHint = ValueHint {
    english: "cents, e.g. 600 for $6, or dollars with a $ sign, e.g. $6 or $6.50",
    message: "rule-hint-cents",
};

/// A known number of at least `min`: an unknown (hidden) number never meets a threshold.
fn at_least(fact: Option<i64>, min: Param<'_>) -> bool {
    fact.is_some_and(|v| v >= min.number())
}

/// Every rule kind, in the order of [`RuleKind`] (the Discord choices' order and values).
pub const RULE_KINDS: [RuleKindInfo; 10] = [
    RuleKindInfo {
        kind: RuleKind::Linked,
        name: "linked",
        description: "Has linked a Resonite account",
        shape: ValueShape::None,
        hint: None,
        build: |_| Condition::Linked,
        holds: |_, _| true,
        english: |_| "linked Resonite account".into(),
    },
    RuleKindInfo {
        kind: RuleKind::Supporter,
        name: "supporter",
        description: "Is an active Resonite supporter (Patreon, Stripe or any other way)",
        shape: ValueShape::None,
        hint: None,
        build: |_| Condition::Supporter,
        holds: |f, _| f.active_supporter,
        english: |_| "active Resonite supporter".into(),
    },
    RuleKindInfo {
        kind: RuleKind::Patreon,
        name: "patreon",
        description: "Is an active Resonite supporter through Patreon",
        shape: ValueShape::None,
        hint: None,
        build: |_| Condition::Patreon,
        holds: |f, _| f.active_patreon,
        english: |_| "active Patreon supporter".into(),
    },
    RuleKindInfo {
        kind: RuleKind::TierAtLeast,
        name: "tier-at-least",
        description: "Current supporter tier is at least the given amount",
        shape: ValueShape::Cents,
        hint: Some(CENTS_HINT),
        build: |p| Condition::TierAtLeast(p.number()),
        holds: |f, p| at_least(f.tier_cents, p),
        english: |p| format!("current tier ≥ {}", dollars(p.number())),
    },
    RuleKindInfo {
        kind: RuleKind::LifetimeAtLeast,
        name: "lifetime-at-least",
        description: "Total support so far is at least the given amount",
        shape: ValueShape::Cents,
        hint: Some(CENTS_HINT),
        build: |p| Condition::LifetimeAtLeast(p.number()),
        holds: |f, p| at_least(f.lifetime_cents, p),
        english: |p| format!("total support ≥ {}", dollars(p.number())),
    },
    RuleKindInfo {
        kind: RuleKind::MonthsAtLeast,
        name: "months-at-least",
        description: "Has supported for at least the given number of months",
        shape: ValueShape::Count { max: MAX_MONTHS },
        hint: Some(ValueHint {
            english: "a whole number of months, e.g. 12",
            message: "rule-hint-months",
        }),
        build: |p| Condition::MonthsAtLeast(p.number()),
        holds: |f, p| at_least(f.months, p),
        english: |p| {
            let n = p.number();
            format!("supported for at least {n} {}", plural(n, "month"))
        },
    },
    RuleKindInfo {
        kind: RuleKind::Tag,
        name: "tag",
        description: "Has the given Resonite profile tag (e.g. mentor, moderator, team member)",
        shape: ValueShape::Tag,
        hint: Some(ValueHint {
            english: "a Resonite profile tag, e.g. mentor or team member",
            message: "rule-hint-tag",
        }),
        build: |p| Condition::Tag(p.text().to_owned()),
        holds: |f, p| f.has_tag(p.text()),
        english: |p| format!("tag `{}`", normalize_tag(p.text())),
    },
    RuleKindInfo {
        kind: RuleKind::NeosSupporter,
        name: "neos-supporter",
        description: "Supported Neos on Patreon (account migrated from Neos)",
        shape: ValueShape::None,
        hint: None,
        build: |_| Condition::NeosSupporter,
        holds: |f, _| f.neos_supporter,
        english: |_| "Neos-era Patreon supporter".into(),
    },
    RuleKindInfo {
        kind: RuleKind::AccountAgeAtLeast,
        name: "account-age-at-least",
        description: "Resonite account is at least the given number of days old",
        shape: ValueShape::Count { max: MAX_DAYS },
        hint: Some(ValueHint {
            english: "a whole number of days, e.g. 30",
            message: "rule-hint-days",
        }),
        build: |p| Condition::AccountAgeAtLeast(p.number()),
        holds: |f, p| at_least(f.account_age_days, p),
        english: |p| {
            let n = p.number();
            format!("account at least {n} {} old", plural(n, "day"))
        },
    },
    RuleKindInfo {
        kind: RuleKind::Unlinked,
        name: "unlinked",
        description: "Has no linked Resonite account (an Unverified role; never bots)",
        shape: ValueShape::None,
        hint: None,
        build: |_| Condition::Unlinked,
        // A profile is linked: only members without one earn it (see `earned_roles_of`).
        holds: |_, _| false,
        english: |_| "no linked Resonite account".into(),
    },
];

// The table is in the enum's order: `RuleKind::info` indexes it.
const _: () = {
    let mut i = 0;
    while i < RULE_KINDS.len() {
        assert!(RULE_KINDS[i].kind as usize == i, "RULE_KINDS out of order");
        i += 1;
    }
};

impl RuleKind {
    pub const ALL: [RuleKind; RULE_KINDS.len()] = {
        let mut all = [RuleKind::Linked; RULE_KINDS.len()];
        let mut i = 0;
        while i < RULE_KINDS.len() {
            all[i] = RULE_KINDS[i].kind;
            i += 1;
        }
        all
    };

    /// This kind's entry in [`RULE_KINDS`].
    pub fn info(self) -> &'static RuleKindInfo {
        &RULE_KINDS[self as usize]
    }

    /// The stable name, as stored in the database and typed in commands.
    pub fn as_str(self) -> &'static str {
        self.info().name
    }

    /// Whether a rule of this kind takes a value (a threshold or a tag).
    pub fn needs_value(self) -> bool {
        self.value_hint().is_some()
    }

    /// One line for people (README, command choices; kept under Discord's 100 characters).
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// What the value should look like, or `None` if this kind takes no value.
    pub fn value_hint(self) -> Option<&'static str> {
        self.info().hint.map(|h| h.english)
    }

    /// The stable names of every kind, joined with `, ` (for "use one of: …").
    pub fn names() -> String {
        RULE_KINDS.map(|k| k.name).join(", ")
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RuleKind {
    type Err = RuleError;

    /// Takes the stable names; also forgives case and `_` for `-`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        RuleKind::ALL
            .into_iter()
            .find(|k| k.as_str() == wanted)
            .ok_or_else(|| RuleError::UnknownKind(s.to_owned()))
    }
}

/// Why a rule could not be read. Messages are written for the admin who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("`{0}` is not a rule kind; use one of: {kinds}", kinds = RuleKind::names())]
    UnknownKind(String),
    #[error("the `{kind}` rule needs a value: {hint}")]
    MissingValue { kind: RuleKind, hint: &'static str },
    #[error("the `{kind}` rule takes no value, but `{value}` was given; leave the value empty")]
    UnexpectedValue { kind: RuleKind, value: String },
    #[error("`{value}` is not a valid value for the `{kind}` rule; expected {hint}")]
    NotANumber {
        kind: RuleKind,
        value: String,
        hint: &'static str,
    },
    #[error("`{value}` is negative; the `{kind}` rule needs 0 or more")]
    Negative { kind: RuleKind, value: String },
    #[error("`{value}` is too large for the `{kind}` rule; the most it accepts is {max}")]
    TooLarge {
        kind: RuleKind,
        value: String,
        max: String,
    },
    #[error("the tag is empty; give a Resonite profile tag such as `mentor`")]
    EmptyTag,
    #[error("the tag is {chars} characters long; the most is {MAX_TAG_CHARS}")]
    TagTooLong { chars: usize },
}

/// A condition on a linked profile, or (`Unlinked`) on having none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    Linked,
    Supporter,
    Patreon,
    /// Current tier, in cents.
    TierAtLeast(i64),
    /// Total support, in cents.
    LifetimeAtLeast(i64),
    MonthsAtLeast(i64),
    /// Lower-cased and trimmed.
    Tag(String),
    NeosSupporter,
    /// Days since registration.
    AccountAgeAtLeast(i64),
    /// Holds for members without a link (never for bots: see [`earned_roles_of`]).
    Unlinked,
}

impl Condition {
    /// Reads a condition as an admin typed it. A blank value counts as no value.
    pub fn parse(kind: RuleKind, value: Option<&str>) -> Result<Condition, RuleError> {
        let info = kind.info();
        let value = value.filter(|v| !v.trim().is_empty());
        let required = || {
            value.ok_or(RuleError::MissingValue {
                kind,
                hint: kind.value_hint().unwrap_or_default(),
            })
        };
        let param = match info.shape {
            ValueShape::None => match value {
                Some(v) => {
                    return Err(RuleError::UnexpectedValue {
                        kind,
                        value: v.trim().to_owned(),
                    });
                }
                None => return Ok((info.build)(Param::None)),
            },
            ValueShape::Cents => parse_cents(kind, required()?)?,
            ValueShape::Count { max } => parse_count(kind, required()?, max)?,
            ValueShape::Tag => {
                let tag = parse_tag(value.unwrap_or(""))?;
                return Ok((info.build)(Param::Tag(&tag)));
            }
        };
        Ok((info.build)(Param::Number(param)))
    }

    /// Reads back what [`RuleKind::as_str`] and [`Condition::value`] stored.
    pub fn from_stored(kind: &str, value: &str) -> Result<Condition, RuleError> {
        Condition::parse(kind.parse()?, Some(value))
    }

    /// The condition's kind and value: what its kind's entry in [`RULE_KINDS`] reads.
    pub fn parts(&self) -> (RuleKind, Param<'_>) {
        match self {
            Condition::Linked => (RuleKind::Linked, Param::None),
            Condition::Supporter => (RuleKind::Supporter, Param::None),
            Condition::Patreon => (RuleKind::Patreon, Param::None),
            Condition::TierAtLeast(n) => (RuleKind::TierAtLeast, Param::Number(*n)),
            Condition::LifetimeAtLeast(n) => (RuleKind::LifetimeAtLeast, Param::Number(*n)),
            Condition::MonthsAtLeast(n) => (RuleKind::MonthsAtLeast, Param::Number(*n)),
            Condition::Tag(tag) => (RuleKind::Tag, Param::Tag(tag)),
            Condition::NeosSupporter => (RuleKind::NeosSupporter, Param::None),
            Condition::AccountAgeAtLeast(n) => (RuleKind::AccountAgeAtLeast, Param::Number(*n)),
            Condition::Unlinked => (RuleKind::Unlinked, Param::None),
        }
    }

    pub fn kind(&self) -> RuleKind {
        self.parts().0
    }

    /// The stored form of the value: a decimal number (cents, months, days), the lower-cased
    /// tag, or `""` for kinds without a value.
    pub fn value(&self) -> String {
        match self.parts().1 {
            Param::None => String::new(),
            Param::Number(n) => n.to_string(),
            Param::Tag(tag) => normalize_tag(tag),
        }
    }

    /// Whether a linked profile with these facts satisfies the condition. An unknown
    /// (hidden) number never satisfies a threshold; `Unlinked` never holds for a profile.
    pub fn holds(&self, facts: &Facts) -> bool {
        let (kind, param) = self.parts();
        (kind.info().holds)(facts, param)
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (kind, param) = self.parts();
        f.write_str(&(kind.info().english)(param))
    }
}

/// One rule: members for whom `condition` holds get `role_id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Rule {
    pub role_id: u64,
    pub condition: Condition,
    /// The exclusive group of the role ([`keep_highest_per_group`]), if any.
    pub group: Option<String>,
}

impl Rule {
    /// A rule outside any group.
    pub fn new(role_id: u64, condition: Condition) -> Self {
        Self {
            role_id,
            condition,
            group: None,
        }
    }
}

/// Longest accepted group name, in characters.
pub const MAX_GROUP_CHARS: usize = 32;

/// Why a group name was refused, written for the admin.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupError {
    #[error("`group:` is empty; give a name such as `tiers`, or leave the option out")]
    Empty,
    #[error("`group:` is {chars} characters long; the most is {MAX_GROUP_CHARS}, e.g. `tiers`")]
    TooLong { chars: usize },
    #[error(
        "`group:` may hold letters, digits, spaces, `-` and `_` only; `{0}` does not, e.g. `tiers`"
    )]
    BadCharacter(String),
}

/// Reads a group name as an admin typed it: trimmed, lower-cased, inner spaces kept.
pub fn parse_group(raw: &str) -> Result<String, GroupError> {
    let name = raw.trim().to_lowercase();
    let chars = name.chars().count();
    if chars == 0 {
        Err(GroupError::Empty)
    } else if chars > MAX_GROUP_CHARS {
        Err(GroupError::TooLong { chars })
    } else if !name
        .chars()
        .all(|c| c.is_alphanumeric() || c == ' ' || c == '-' || c == '_')
    {
        Err(GroupError::BadCharacter(raw.trim().to_owned()))
    } else {
        Ok(name)
    }
}

/// Of the earned roles in one exclusive group, keeps only the highest by Discord's role
/// order (`position`, larger is higher; a tie goes to the older role, the smaller id, as
/// Discord orders them). A role whose position is unknown (deleted) counts as lowest.
/// Roles outside any group are kept as they are.
pub fn keep_highest_per_group(
    rules: &[Rule],
    earned: &BTreeSet<u64>,
    position: impl Fn(u64) -> Option<i64>,
) -> BTreeSet<u64> {
    let group_of = |role: u64| {
        rules
            .iter()
            .find(|r| r.role_id == role && r.group.is_some())
            .and_then(|r| r.group.as_deref())
    };
    let rank = |role: u64| (position(role).unwrap_or(i64::MIN), std::cmp::Reverse(role));
    earned
        .iter()
        .copied()
        .filter(|role| match group_of(*role) {
            None => true,
            Some(group) => earned
                .iter()
                .filter(|other| *other != role && group_of(**other) == Some(group))
                .all(|other| rank(*other) < rank(*role)),
        })
        .collect()
}

/// Roles earned by a member who is a person. `facts == None` means not linked: only the
/// `unlinked` roles are earned, not even the `linked` role. A role named by several rules is
/// earned if any of them holds.
pub fn earned_roles(rules: &[Rule], facts: Option<&Facts>) -> BTreeSet<u64> {
    earned_roles_of(rules, facts, false)
}

/// Roles earned by a member; a bot (which cannot link) never earns an `unlinked` role.
pub fn earned_roles_of(rules: &[Rule], facts: Option<&Facts>, bot: bool) -> BTreeSet<u64> {
    rules
        .iter()
        .filter(|r| match facts {
            Some(facts) => r.condition.holds(facts),
            None => r.condition == Condition::Unlinked && !bot,
        })
        .map(|r| r.role_id)
        .collect()
}

/// Every role some rule names: the only roles the bot ever adds or removes.
pub fn managed_roles(rules: &[Rule]) -> BTreeSet<u64> {
    rules.iter().map(|r| r.role_id).collect()
}

/// The role changes that bring a member in step with the rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleDiff {
    pub add: BTreeSet<u64>,
    pub remove: BTreeSet<u64>,
}

impl RoleDiff {
    pub fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }
}

/// Adds earned roles the member lacks; removes managed roles the member has but no longer
/// earns. A role outside `managed` is never touched, even if it appears in `earned`.
pub fn diff(managed: &BTreeSet<u64>, earned: &BTreeSet<u64>, current: &BTreeSet<u64>) -> RoleDiff {
    RoleDiff {
        add: earned
            .iter()
            .filter(|r| managed.contains(r) && !current.contains(r))
            .copied()
            .collect(),
        remove: managed
            .iter()
            .filter(|r| !earned.contains(r) && current.contains(r))
            .copied()
            .collect(),
    }
}

fn parse_tag(raw: &str) -> Result<String, RuleError> {
    let tag = normalize_tag(raw);
    let chars = tag.chars().count();
    if chars == 0 {
        Err(RuleError::EmptyTag)
    } else if chars > MAX_TAG_CHARS {
        Err(RuleError::TagTooLong { chars })
    } else {
        Ok(tag)
    }
}

/// Why a string is not a number, before the kind is known.
enum NumberError {
    NotANumber,
    TooLarge,
}

/// Cents as a whole number (`600`), or dollars with a `$` before or after (`$6`, `6.50$`).
fn parse_cents(kind: RuleKind, raw: &str) -> Result<i64, RuleError> {
    let (negative, body) = strip_minus(raw.trim());
    let (is_dollars, body) = match (body.strip_prefix('$'), body.strip_suffix('$')) {
        (Some(rest), _) | (None, Some(rest)) => (true, rest),
        (None, None) => (false, body),
    };
    // `$-5` as well as `-$5`.
    let (negative_inside, body) = strip_minus(body.trim());
    let parsed = if is_dollars {
        dollars_to_cents(body.trim())
    } else {
        whole_number(body)
    };
    check_number(
        kind,
        raw,
        negative || negative_inside,
        parsed,
        MAX_CENTS,
        || format!("{} ({MAX_CENTS} cents)", dollars(MAX_CENTS)),
    )
}

fn parse_count(kind: RuleKind, raw: &str, max: i64) -> Result<i64, RuleError> {
    let (negative, body) = strip_minus(raw.trim());
    check_number(kind, raw, negative, whole_number(body.trim()), max, || {
        max.to_string()
    })
}

fn check_number(
    kind: RuleKind,
    raw: &str,
    negative: bool,
    parsed: Result<i64, NumberError>,
    max: i64,
    max_text: impl Fn() -> String,
) -> Result<i64, RuleError> {
    let value = raw.trim().to_owned();
    match parsed {
        Err(NumberError::NotANumber) => Err(RuleError::NotANumber {
            kind,
            value,
            hint: kind.value_hint().unwrap_or("a number"),
        }),
        Ok(_) if negative => Err(RuleError::Negative { kind, value }),
        Ok(n) if n <= max => Ok(n),
        Ok(_) | Err(NumberError::TooLarge) => Err(RuleError::TooLarge {
            kind,
            value,
            max: max_text(),
        }),
    }
}

fn strip_minus(s: &str) -> (bool, &str) {
    match s.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s),
    }
}

/// Digits only: no sign, no separators, no decimals.
fn whole_number(s: &str) -> Result<i64, NumberError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    s.parse().map_err(|_| NumberError::TooLarge)
}

/// `6`, `6.5`, `6.50` (at most two decimals) → cents.
fn dollars_to_cents(s: &str) -> Result<i64, NumberError> {
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    let whole = whole_number(whole)?;
    let fraction_cents = match fraction.len() {
        0 if !s.contains('.') => 0,
        1 | 2 => whole_number(fraction)? * if fraction.len() == 1 { 10 } else { 1 },
        _ => return Err(NumberError::NotANumber),
    };
    whole
        .checked_mul(100)
        .and_then(|c| c.checked_add(fraction_cents))
        .ok_or(NumberError::TooLarge)
}

fn dollars(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}${}.{:02}", abs / 100, abs % 100)
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}
