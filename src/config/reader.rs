//! Reading variables one at a time while collecting every problem, and the error that
//! lists them.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use url::Url;

/// One problem with one variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub variable: &'static str,
    pub message: String,
}

/// The last line of a configuration error, for someone who has no account yet.
pub const TRY_THE_DEMO: &str = "No Discord application or Resonite client yet? `resonite-verify demo` tries the bot \
     without any account: a mock Resonite and a fake Discord server on 127.0.0.1.";

/// All configuration problems found, reported together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the configuration is not usable:")?;
        for p in &self.problems {
            writeln!(f, "  - {}: {}", p.variable, p.message)?;
        }
        write!(
            f,
            "Set these in the environment or in a .env file (see .env.example)."
        )?;
        if cfg!(feature = "fakes") {
            write!(f, "\n{TRY_THE_DEMO}")?;
        }
        Ok(())
    }
}

/// Reads variables one by one, collecting every problem instead of stopping at the first.
///
/// Messages never quote the value read: it may be a secret.
pub struct Reader<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    problems: Vec<Problem>,
}

impl<'a> Reader<'a> {
    pub fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            lookup,
            problems: Vec::new(),
        }
    }

    /// The trimmed value, `None` when unset or blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        (self.lookup)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    pub fn problem(&mut self, variable: &'static str, message: impl Into<String>) {
        self.problems.push(Problem {
            variable,
            message: message.into(),
        });
    }

    pub fn required(&mut self, name: &'static str, what: &str) -> Option<String> {
        let value = self.optional(name);
        if value.is_none() {
            self.problem(name, format!("required: {what}"));
        }
        value
    }

    pub fn parsed<T>(&mut self, name: &'static str, default: T, what: &str) -> T
    where
        T: std::str::FromStr,
    {
        match self.optional(name) {
            None => default,
            Some(raw) => match raw.parse() {
                Ok(v) => v,
                Err(_) => {
                    // Values are not secrets here, but keep messages short and predictable.
                    self.problem(name, format!("expected {what}"));
                    default
                }
            },
        }
    }

    /// A duration in the forms of [`parse_duration`] that `acceptable` admits; `default`
    /// when unset, and `message` noted when not acceptable.
    pub fn duration(
        &mut self,
        name: &'static str,
        default: Duration,
        acceptable: impl Fn(Duration) -> bool,
        message: &str,
    ) -> Duration {
        match self.optional(name) {
            None => default,
            Some(raw) => match parse_duration(&raw).filter(|d| acceptable(*d)) {
                Some(d) => d,
                None => {
                    self.problem(name, message);
                    default
                }
            },
        }
    }

    /// One of a fixed set of words (`choices`: word and value); `default` when unset.
    pub fn choice<T: Copy>(
        &mut self,
        name: &'static str,
        default: T,
        choices: &[(&str, T)],
        message: &str,
    ) -> T {
        let Some(raw) = self.optional(name) else {
            return default;
        };
        match choices.iter().find(|(word, _)| *word == raw) {
            Some((_, value)) => *value,
            None => {
                self.problem(name, message);
                default
            }
        }
    }

    pub fn url(&mut self, name: &'static str, default: Option<&str>) -> Option<Url> {
        let raw = match (self.optional(name), default) {
            (Some(raw), _) => raw,
            (None, Some(d)) => d.to_owned(),
            (None, None) => {
                self.problem(name, "required: an http(s) URL");
                return None;
            }
        };
        match Url::parse(&raw) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.has_host() => Some(u),
            _ => {
                self.problem(name, "expected an absolute http:// or https:// URL");
                None
            }
        }
    }

    pub fn finish(self) -> Result<(), ConfigError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(ConfigError {
                problems: self.problems,
            })
        }
    }
}

/// Parses a duration such as `45s`, `30m`, `12h`, `2d` or a bare number of seconds.
pub fn parse_duration(raw: &str) -> Option<Duration> {
    let raw = raw.trim();
    let (digits, unit) = match raw.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => raw.split_at(i),
        None => (raw, "s"),
    };
    let n: u64 = digits.parse().ok()?;
    let secs = match unit.trim() {
        "s" | "sec" | "secs" => n,
        "m" | "min" | "mins" => n.checked_mul(60)?,
        "h" => n.checked_mul(3600)?,
        "d" => n.checked_mul(86_400)?,
        _ => return None,
    };
    Some(Duration::from_secs(secs))
}

/// Builds a lookup over a fixed map (tests and `demo`).
pub fn map_lookup(map: HashMap<String, String>) -> impl Fn(&str) -> Option<String> {
    move |name| map.get(name).cloned()
}
