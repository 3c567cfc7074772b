//! The SignalR JSON hub protocol as the bot speaks it (dotnet/aspnetcore
//! `src/SignalR/docs/specs/HubProtocol.md`): the handshake first, every record ending with
//! the record separator 0x1E, several records per frame allowed; Invocation (1),
//! Completion (3), Ping (6), Close (7).

use serde_json::{Value, json};

/// The record separator ending every record.
pub const RECORD_SEPARATOR: char = '\u{1e}';

/// The client's first record.
pub const HANDSHAKE: &str = r#"{"protocol":"json","version":1}"#;

/// One record from the server.
#[derive(Debug, Clone, PartialEq)]
pub enum Record {
    Invocation {
        target: String,
        arguments: Vec<Value>,
        invocation_id: Option<String>,
    },
    Completion {
        invocation_id: String,
        result: Value,
        error: Option<String>,
    },
    Ping,
    Close {
        error: Option<String>,
        allow_reconnect: bool,
    },
    /// Stream items and the like, which the bot does not use.
    Other(u64),
}

/// `value` framed as one record.
pub fn frame(value: &Value) -> String {
    format!("{value}{RECORD_SEPARATOR}")
}

/// The handshake framed.
pub fn handshake_frame() -> String {
    format!("{HANDSHAKE}{RECORD_SEPARATOR}")
}

/// The records of one frame, empties skipped.
pub fn split(frame: &str) -> impl Iterator<Item = &str> {
    frame
        .split(RECORD_SEPARATOR)
        .map(str::trim)
        .filter(|r| !r.is_empty())
}

/// The server's answer to the handshake: `Ok(())` for `{}`, `Err(error)` otherwise.
pub fn handshake_answer(record: &str) -> Result<(), String> {
    let value: Value =
        serde_json::from_str(record).map_err(|_| "the handshake answer is not JSON".to_owned())?;
    match value.get("error") {
        None | Some(Value::Null) => Ok(()),
        Some(e) => Err(e.as_str().unwrap_or("refused").to_owned()),
    }
}

/// One record after the handshake; `None` when it is not JSON or has no `type`.
pub fn parse(record: &str) -> Option<Record> {
    let value: Value = serde_json::from_str(record).ok()?;
    let kind = value.get("type")?.as_u64()?;
    let text = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(match kind {
        1 => Record::Invocation {
            target: text("target")?,
            arguments: value
                .get("arguments")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            invocation_id: text("invocationId"),
        },
        3 => Record::Completion {
            invocation_id: text("invocationId")?,
            result: value.get("result").cloned().unwrap_or(Value::Null),
            error: text("error"),
        },
        6 => Record::Ping,
        7 => Record::Close {
            error: text("error"),
            allow_reconnect: value
                .get("allowReconnect")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        },
        other => Record::Other(other),
    })
}

/// An invocation expecting a Completion.
pub fn invocation(invocation_id: &str, target: &str, arguments: Vec<Value>) -> Value {
    json!({"type": 1, "invocationId": invocation_id, "target": target, "arguments": arguments})
}

pub fn ping() -> Value {
    json!({"type": 6})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_holds_several_records_and_empties_are_skipped() {
        let frame = "{\"type\":6}\u{1e}\u{1e}{\"type\":1,\"target\":\"ReceiveMessage\",\"arguments\":[{\"id\":\"MSG-1\"}]}\u{1e}";
        let records: Vec<_> = split(frame).map(|r| parse(r).expect("parsed")).collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0], Record::Ping);
        match &records[1] {
            Record::Invocation {
                target,
                arguments,
                invocation_id,
            } => {
                assert_eq!(target, "ReceiveMessage");
                assert_eq!(arguments.len(), 1);
                assert!(invocation_id.is_none());
            }
            other => panic!("expected an invocation, got {other:?}"),
        }
    }

    #[test]
    fn completions_carry_result_or_error_and_close_its_reason() {
        assert_eq!(
            parse(r#"{"type":3,"invocationId":"7","result":true}"#),
            Some(Record::Completion {
                invocation_id: "7".into(),
                result: Value::Bool(true),
                error: None
            })
        );
        assert_eq!(
            parse(r#"{"type":3,"invocationId":"8","error":"nope"}"#),
            Some(Record::Completion {
                invocation_id: "8".into(),
                result: Value::Null,
                error: Some("nope".into())
            })
        );
        assert_eq!(
            parse(r#"{"type":7,"error":"bye","allowReconnect":true}"#),
            Some(Record::Close {
                error: Some("bye".into()),
                allow_reconnect: true
            })
        );
        assert_eq!(parse("not json"), None);
        assert_eq!(parse(r#"{"type":2,"item":1}"#), Some(Record::Other(2)));
    }

    #[test]
    fn the_handshake_is_exact_and_its_answer_may_be_an_error() {
        assert_eq!(
            handshake_frame(),
            "{\"protocol\":\"json\",\"version\":1}\u{1e}"
        );
        assert_eq!(handshake_answer("{}"), Ok(()));
        assert_eq!(
            handshake_answer(r#"{"error":"Requested protocol 'json' is not available."}"#),
            Err("Requested protocol 'json' is not available.".into())
        );
        assert!(frame(&ping()).ends_with('\u{1e}'));
    }
}
