//! A slash command as a person types it in Discord's client, turned into the options the
//! client would send: `/roles add role:Patron rule:patreon` → the `roles` command with the
//! `add` subcommand, the role's id and the rule choice's value.
//!
//! The registered commands (the body of the bot's `PUT …/commands`) say which options
//! exist and of what type; the guild (as `GUILD_CREATE` carries it) resolves role, member
//! and channel names, as the client's pickers do.

use serde_json::{Value, json};

/// A command line resolved against the registered commands.
#[derive(Clone, Debug, PartialEq)]
pub struct TypedCommand {
    /// The top-level command's name, without the slash.
    pub name: String,
    /// The Discord option array (subcommands nested), ready for `slash_command`.
    pub options: Value,
}

/// Why a typed line is not a command the bot registered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TypingError {
    #[error("the bot has not registered its commands yet")]
    NotRegistered,
    #[error("a quote is not closed")]
    Quotes,
    #[error("a command starts with a slash, such as /whois")]
    NoSlash,
    #[error("there is no /{given} command; the bot has: {known}")]
    UnknownCommand { given: String, known: String },
    #[error("/{command} needs one of: {known}")]
    MissingSubcommand { command: String, known: String },
    #[error("/{command} has no {given:?}; it has: {known}")]
    UnknownSubcommand {
        command: String,
        given: String,
        known: String,
    },
    #[error("/{command} has no option {given:?}; its options: {known}")]
    UnknownOption {
        command: String,
        given: String,
        known: String,
    },
    #[error("/{command} takes no more options (got {given:?})")]
    TooManyValues { command: String, given: String },
    #[error("/{command} needs {option}:")]
    MissingOption { command: String, option: String },
    #[error("{option}: {given:?} is not one of: {known}")]
    UnknownChoice {
        option: String,
        given: String,
        known: String,
    },
    #[error("{option}: no {what} named {given:?} here; there are: {known}")]
    NotInGuild {
        option: String,
        what: &'static str,
        given: String,
        known: String,
    },
    #[error("{option}: {given:?} is not {expected}")]
    BadValue {
        option: String,
        given: String,
        expected: &'static str,
    },
}

// Discord's application command option types.
const SUB_COMMAND: u64 = 1;
const SUB_COMMAND_GROUP: u64 = 2;
const STRING: u64 = 3;
const INTEGER: u64 = 4;
const BOOLEAN: u64 = 5;
const USER: u64 = 6;
const CHANNEL: u64 = 7;
const ROLE: u64 = 8;
const MENTIONABLE: u64 = 9;
const NUMBER: u64 = 10;

/// Resolves `line` against the registered `commands` and the `guild` it is typed in.
pub fn parse_command(
    line: &str,
    commands: &Value,
    guild: &Value,
) -> Result<TypedCommand, TypingError> {
    let words = split_words(line)?;
    let mut words = words.into_iter();
    let first = words.next().map(|w| w.text).unwrap_or_default();
    let name = first
        .strip_prefix('/')
        .ok_or(TypingError::NoSlash)?
        .to_owned();
    let all: &[Value] = commands.as_array().map(Vec::as_slice).unwrap_or_default();
    let command = all
        .iter()
        .find(|c| c["name"] == name.as_str())
        .ok_or_else(|| TypingError::UnknownCommand {
            given: name.clone(),
            known: names(all, |_| true, "/"),
        })?;
    let mut words = words.peekable();
    let walked = walk_subcommands(&mut words, &name, command)?;
    let command_path = walked.path.join(" ");
    let typed = assign_values(words, walked.schema, &command_path)?;
    let given = resolve_all(typed, walked.schema, guild, &command_path)?;
    // Nest the options under the chosen subcommand (group) names, innermost first.
    let mut options = Value::Array(given);
    for (word, kind) in walked.chosen.iter().rev() {
        options = json!([{ "name": word, "type": kind, "options": options }]);
    }
    Ok(TypedCommand { name, options })
}

/// Where [`walk_subcommands`] ended: the names typed (for errors), the options of the
/// chosen (sub)command, and each subcommand (group) chosen with its type.
struct Walked<'c> {
    path: Vec<String>,
    schema: &'c [Value],
    chosen: Vec<(String, Value)>,
}

/// Walks down subcommand groups and subcommands, taking their names from `words`.
fn walk_subcommands<'c>(
    words: &mut std::iter::Peekable<std::vec::IntoIter<Word>>,
    name: &str,
    command: &'c Value,
) -> Result<Walked<'c>, TypingError> {
    let mut path = vec![name.to_owned()];
    let mut schema = options_of(command);
    let mut chosen: Vec<(String, Value)> = Vec::new();
    while schema.iter().any(is_subcommand) {
        let known = names(schema, is_subcommand, "");
        let Some(word) = words
            .peek()
            .map(|w| w.text.clone())
            .filter(|w| !w.contains(':'))
        else {
            return Err(TypingError::MissingSubcommand {
                command: path.join(" "),
                known,
            });
        };
        words.next();
        let sub = schema
            .iter()
            .filter(|o| is_subcommand(o))
            .find(|o| o["name"] == word.as_str())
            .ok_or_else(|| TypingError::UnknownSubcommand {
                command: path.join(" "),
                given: word.clone(),
                known,
            })?;
        path.push(word.clone());
        chosen.push((word, sub["type"].clone()));
        schema = options_of(sub);
    }
    Ok(Walked {
        path,
        schema,
        chosen,
    })
}

/// Each option with the text typed for it. A named value (`template:{display}
/// ({resonite})`) runs to the next `name:` of an option, as in Discord's client, where a
/// value is a field of its own; words before any name fill the options in order.
fn assign_values<'s>(
    words: impl Iterator<Item = Word>,
    schema: &'s [Value],
    command_path: &str,
) -> Result<Vec<(&'s Value, String)>, TypingError> {
    let mut typed: Vec<(&Value, String)> = Vec::new();
    let mut open = false;
    for word in words {
        let named = word
            .text
            .split_once(':')
            .filter(|(key, _)| schema.iter().any(|o| o["name"] == *key));
        if let Some((key, value)) = named {
            if let Some(option) = find(schema, key) {
                typed.push((option, value.to_owned()));
                open = true;
            }
            continue;
        }
        if let Some((key, rest)) = word.text.split_once(':') {
            let looks_named = if open {
                is_option_name(key) && !rest.starts_with("//")
            } else {
                !key.is_empty() && !key.starts_with('<') && !key.contains(' ')
            };
            if looks_named {
                return Err(TypingError::UnknownOption {
                    command: command_path.to_owned(),
                    given: key.to_owned(),
                    known: names(schema, |_| true, ""),
                });
            }
        }
        if open && let Some((_, value)) = typed.last_mut() {
            value.push_str(&word.gap);
            value.push_str(&word.text);
            continue;
        }
        // A value without a name fills the next option not given yet, in order.
        let next = schema
            .iter()
            .find(|o| !typed.iter().any(|(t, _)| t["name"] == o["name"]));
        match next {
            Some(option) => typed.push((option, word.text)),
            None => {
                return Err(TypingError::TooManyValues {
                    command: command_path.to_owned(),
                    given: word.text,
                });
            }
        }
    }
    Ok(typed)
}

/// The typed values resolved against the guild, as Discord's option objects (a value
/// typed twice counts once, the last); every required option must be among them.
fn resolve_all(
    typed: Vec<(&Value, String)>,
    schema: &[Value],
    guild: &Value,
    command_path: &str,
) -> Result<Vec<Value>, TypingError> {
    let mut given: Vec<Value> = Vec::new();
    let mut given_names: Vec<String> = Vec::new();
    for (option, raw) in typed {
        let option_name = option["name"].as_str().unwrap_or_default().to_owned();
        let value = resolve(option, &option_name, &raw, guild)?;
        given.retain(|g| g["name"] != option_name.as_str());
        given_names.push(option_name.clone());
        given.push(json!({ "name": option_name, "type": option["type"], "value": value }));
    }
    if let Some(missing) = schema
        .iter()
        .find(|o| o["required"] == true && !given_names.iter().any(|g| o["name"] == g.as_str()))
    {
        return Err(TypingError::MissingOption {
            command: command_path.to_owned(),
            option: missing["name"].as_str().unwrap_or_default().to_owned(),
        });
    }
    Ok(given)
}

/// One word of a typed line: its text with quotes taken away, and the whitespace typed
/// before it (kept when a value runs on over several words).
struct Word {
    text: String,
    gap: String,
}

/// Splits `line` at whitespace outside quotes (`"…"` or `'…'`); a backslash outside single
/// quotes keeps the next character as it is.
fn split_words(line: &str) -> Result<Vec<Word>, TypingError> {
    let mut words = Vec::new();
    let mut chars = line.trim().chars().peekable();
    loop {
        let mut gap = String::new();
        while let Some(c) = chars.next_if(|c| c.is_whitespace()) {
            gap.push(c);
        }
        if chars.peek().is_none() {
            return Ok(words);
        }
        let mut text = String::new();
        let mut quote: Option<char> = None;
        while let Some(c) = chars.next_if(|c| quote.is_some() || !c.is_whitespace()) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None | Some('"'), '\\') => text.push(chars.next().unwrap_or('\\')),
                (_, c) => text.push(c),
            }
        }
        if quote.is_some() {
            return Err(TypingError::Quotes);
        }
        words.push(Word { text, gap });
    }
}

/// What Discord allows as an option's name: lowercase letters, digits, `-` and `_`.
fn is_option_name(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn options_of(command: &Value) -> &[Value] {
    command["options"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn is_subcommand(option: &Value) -> bool {
    matches!(
        option["type"].as_u64(),
        Some(SUB_COMMAND | SUB_COMMAND_GROUP)
    )
}

fn find<'a>(options: &'a [Value], name: &str) -> Option<&'a Value> {
    options.iter().find(|o| o["name"] == name)
}

fn names(items: &[Value], keep: impl Fn(&Value) -> bool, prefix: &str) -> String {
    let list: Vec<String> = items
        .iter()
        .filter(|i| keep(i))
        .filter_map(|i| i["name"].as_str())
        .map(|n| format!("{prefix}{n}"))
        .collect();
    if list.is_empty() {
        "(none)".to_owned()
    } else {
        list.join(", ")
    }
}

/// The option's value as the client sends it.
fn resolve(option: &Value, name: &str, raw: &str, guild: &Value) -> Result<Value, TypingError> {
    let bad = |expected| TypingError::BadValue {
        option: name.to_owned(),
        given: raw.to_owned(),
        expected,
    };
    if let Some(choices) = option["choices"].as_array().filter(|c| !c.is_empty()) {
        return choices
            .iter()
            .find(|c| {
                c["name"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(raw))
                    || value_text(&c["value"]) == raw
            })
            .map(|c| c["value"].clone())
            .ok_or_else(|| TypingError::UnknownChoice {
                option: name.to_owned(),
                given: raw.to_owned(),
                known: names(choices, |_| true, ""),
            });
    }
    match option["type"].as_u64() {
        Some(INTEGER) => raw
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| bad("a whole number")),
        Some(NUMBER) => raw
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(Value::from)
            .ok_or_else(|| bad("a number")),
        Some(BOOLEAN) => match raw.to_ascii_lowercase().as_str() {
            "true" | "yes" => Ok(json!(true)),
            "false" | "no" => Ok(json!(false)),
            _ => Err(bad("true or false")),
        },
        Some(USER) => member_id(guild, name, raw).map(Value::from),
        Some(ROLE) => role_id(guild, name, raw).map(Value::from),
        Some(MENTIONABLE) => role_id(guild, name, raw)
            .or_else(|_| member_id(guild, name, raw))
            .map(Value::from),
        Some(CHANNEL) => channel_id(guild, name, raw).map(Value::from),
        Some(STRING) | None | Some(_) => Ok(json!(raw)),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The snowflake in a mention (`<@&1>`, `<@1>`, `<@!1>`, `<#1>`) or a bare id.
fn mentioned_id(raw: &str) -> Option<String> {
    let inner = raw
        .strip_prefix('<')
        .and_then(|r| r.strip_suffix('>'))
        .map(|r| r.trim_start_matches(['@', '#', '&', '!']))
        .unwrap_or(raw);
    (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit())).then(|| inner.to_owned())
}

/// Finds `raw` among `(id, name)` pairs: by id, mention or name (case-insensitive,
/// `@`/`#` optional).
fn lookup(
    items: Vec<(String, String)>,
    option: &str,
    what: &'static str,
    raw: &str,
) -> Result<String, TypingError> {
    if let Some(id) = mentioned_id(raw) {
        return Ok(id);
    }
    let wanted = raw.trim_start_matches(['@', '#']);
    items
        .iter()
        .find(|(_, name)| name.eq_ignore_ascii_case(wanted))
        .map(|(id, _)| id.clone())
        .ok_or_else(|| TypingError::NotInGuild {
            option: option.to_owned(),
            what,
            given: raw.to_owned(),
            known: {
                let list: Vec<&str> = items.iter().map(|(_, n)| n.as_str()).collect();
                list.join(", ")
            },
        })
}

fn id_and(value: &Value, name: &Value) -> Option<(String, String)> {
    Some((value_text(value), name.as_str()?.to_owned()))
}

fn role_id(guild: &Value, option: &str, raw: &str) -> Result<String, TypingError> {
    // Highest first, as Discord lists a server's roles.
    let mut roles: Vec<(u64, (String, String))> = guild["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["name"] != "@everyone")
        .filter_map(|r| {
            Some((
                r["position"].as_u64().unwrap_or(0),
                id_and(&r["id"], &r["name"])?,
            ))
        })
        .collect();
    roles.sort_by_key(|(position, _)| std::cmp::Reverse(*position));
    lookup(
        roles.into_iter().map(|(_, role)| role).collect(),
        option,
        "role",
        raw,
    )
}

fn member_id(guild: &Value, option: &str, raw: &str) -> Result<String, TypingError> {
    let members = guild["members"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| id_and(&m["user"]["id"], &m["user"]["username"]))
        .collect();
    lookup(members, option, "member", raw)
}

fn channel_id(guild: &Value, option: &str, raw: &str) -> Result<String, TypingError> {
    let channels = guild["channels"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| id_and(&c["id"], &c["name"]))
        .collect();
    lookup(channels, option, "channel", raw)
}

/// The option a Discord client sends for the choice named `choice` of the option `option`
/// of `command` (or of one of its subcommands), from the registered commands' JSON:
/// `{"name", "type", "value"}` with the choice's value (poise numbers its choices).
pub fn choice_option(commands: &Value, command: &str, option: &str, choice: &str) -> Option<Value> {
    fn search(options: &Value, option: &str, choice: &str) -> Option<Value> {
        options.as_array()?.iter().find_map(|o| {
            if o["name"] == option
                && let Some(c) = o["choices"]
                    .as_array()?
                    .iter()
                    .find(|c| c["name"] == choice)
            {
                return Some(json!({ "name": option, "type": o["type"], "value": c["value"] }));
            }
            search(&o["options"], option, choice)
        })
    }
    let command = commands.as_array()?.iter().find(|c| c["name"] == command)?;
    search(&command["options"], option, choice)
}

/// The URL of the first link button (component type 2, style 5) in an interaction reply.
pub fn link_button_url(reply: &Value) -> Option<String> {
    let rows = reply["data"]["components"].as_array()?;
    rows.iter()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .find(|c| c["type"] == 2 && c["style"] == 5)
        .and_then(|c| c["url"].as_str())
        .map(str::to_owned)
}
