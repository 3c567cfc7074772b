//! Logging: the format of log lines (`LOG_FORMAT`). The filter stays `RUST_LOG`.

use super::reader::Reader;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines (the default).
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

pub(super) fn read(r: &mut Reader<'_>) -> LogFormat {
    r.choice(
        "LOG_FORMAT",
        LogFormat::Text,
        &[("text", LogFormat::Text), ("json", LogFormat::Json)],
        "expected `text` or `json`",
    )
}
