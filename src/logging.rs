//! Log output: human-readable text or one JSON object per line (`LOG_FORMAT`), filtered
//! by `RUST_LOG`.
//!
//! Secrets never reach a log line in either format: they are [`Secret`]s, whose `Debug`
//! is `[redacted]`, and no code logs a token, code or key (tests check both formats).
//!
//! [`Secret`]: crate::config::Secret

use tracing::Subscriber;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::LogFormat;

/// Targets held at `error` whatever `RUST_LOG` asks: serenity records every REST request,
/// route included, as a field of its spans, and an interaction's route carries the
/// interaction's token (which can edit the bot's reply) in its path. (The exact targets
/// too, so a more specific `RUST_LOG` directive cannot turn them back on.)
const QUIETED: &[&str] = &[
    "serenity::http",
    "serenity::http::client",
    "serenity::http::ratelimiting",
    "serenity::http::request",
];

/// `directives` (`RUST_LOG` syntax; unparsable ones are skipped) with [`QUIETED`] on top.
pub fn filter(directives: &str) -> EnvFilter {
    let mut filter = EnvFilter::builder().parse_lossy(directives);
    for target in QUIETED {
        if let Ok(directive) = format!("{target}=error").parse() {
            filter = filter.add_directive(directive);
        }
    }
    filter
}

/// A subscriber writing `format` lines to `writer`, with `filter`.
pub fn subscriber<W>(
    format: LogFormat,
    filter: EnvFilter,
    writer: W,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    match format {
        LogFormat::Text => Box::new(builder.finish()),
        // The event's fields at the top level, next to the span it happened in and the
        // spans around it: what the text format shows, as keys a collector can index.
        LogFormat::Json => Box::new(builder.json().flatten_event(true).finish()),
    }
}

/// Installs the process-wide subscriber writing `format` lines to standard output, with
/// `RUST_LOG` as the filter (`default_filter` when unset). Does nothing if one is
/// installed already.
pub fn init(format: LogFormat, default_filter: &str) {
    let directives = std::env::var(EnvFilter::DEFAULT_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .unwrap_or_else(|| default_filter.to_owned());
    let filter = filter(&directives);
    let _ = tracing::subscriber::set_global_default(subscriber(format, filter, std::io::stdout));
}
