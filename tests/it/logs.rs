//! Logs: `LOG_FORMAT=text|json` lines, and no secret in them in either format.

use std::io::Write;
use std::sync::{Arc, Mutex};

use resonite_verify::config::LogFormat;
use resonite_verify::tokens::user_context;
use resonite_verify_fakes::resonite::Fault;
use tokio::sync::watch;
use tracing_subscriber::fmt::MakeWriter;

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::{MEMBER_A, MEMBER_B};
use resonite_verify_fakes::world::{BOT_TOKEN as TOKEN, CLIENT_SECRET, TOKEN_KEY as TEST_KEY};

/// Everything logged, shared with the subscriber.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("lock")).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// The query value `name` of a URL.
fn query_value(url: &str, name: &str) -> String {
    url::Url::parse(url)
        .expect("a URL")
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| panic!("no {name} in {url}"))
}

/// Links (with re-verification on), sweeps, and fails a callback, logging everything the
/// bot logs at `trace` into `format`; returns the log and every secret that went by.
async fn log_a_busy_day(format: LogFormat) -> (String, Vec<(&'static str, String)>) {
    let captured = Captured::default();
    // The test runtime has one thread, so every task of the app logs through this.
    let _guard = tracing::subscriber::set_default(resonite_verify::logging::subscriber(
        format,
        resonite_verify::logging::filter("trace"),
        captured.clone(),
    ));
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        Options {
            reverify: true,
            ..Options::default()
        },
    )
    .await;
    let mut secrets: Vec<(&'static str, String)> = vec![
        ("the Discord token", TOKEN.to_owned()),
        ("the client secret", CLIENT_SECRET.to_owned()),
        ("the token key", TEST_KEY.to_owned()),
    ];

    let (started, interaction_token) = app.start_link(MEMBER_A).await;
    let callback = app.approve(&started, "U-PatronUser").await;
    let (status, _) = app.get(&callback).await;
    assert_eq!(status, 200, "the link completes");
    secrets.push(("an interaction token", interaction_token));
    secrets.push(("a state", query_value(&callback, "state")));
    secrets.push(("an authorization code", query_value(&callback, "code")));
    let refresh_token = |app: &TestApp| {
        let store = app.core.store.clone();
        let cipher = app.core.cipher.clone().expect("re-verification is on");
        async move {
            let sealed = store
                .refresh_tokens()
                .get(MEMBER_A)
                .await
                .expect("store")
                .expect("a refresh token is stored");
            cipher
                .open(&sealed, &user_context(MEMBER_A))
                .expect("opens")
                .expose()
                .to_owned()
        }
    };
    secrets.push(("a refresh token", refresh_token(&app).await));

    // A sweep refreshes (and rotates) the token.
    let (_keep, stop) = watch::channel(false);
    app.reverifier
        .sweep_if_due(&stop, &|_| {})
        .await
        .expect("sweep");
    secrets.push(("a rotated refresh token", refresh_token(&app).await));

    // A callback whose token exchange fails logs the failure, not the code.
    app.resonite.set_fault(Fault::TokenStatus(500));
    let (started, _) = app.start_link(MEMBER_B).await;
    let callback = app.approve(&started, "U-BasicUser").await;
    let (status, _) = app.get(&callback).await;
    assert_ne!(status, 200, "the token endpoint failed");
    secrets.push(("a failed callback's code", query_value(&callback, "code")));

    (captured.text(), secrets)
}

fn assert_no_secret(log: &str, secrets: &[(&str, String)]) {
    // At `trace`, the HTTP stacks and the database log what they do: plenty to leak into.
    assert!(log.lines().count() > 100, "too little was logged: {log}");
    for (what, value) in secrets {
        assert!(
            !log.contains(value.as_str()),
            "{what} appears in the log:\n{}",
            log.lines()
                .filter(|l| l.contains(value.as_str()))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[tokio::test]
async fn text_logs_never_show_a_secret() {
    let (log, secrets) = log_a_busy_day(LogFormat::Text).await;
    assert_no_secret(&log, &secrets);
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_and_never_show_a_secret() {
    let (log, secrets) = log_a_busy_day(LogFormat::Json).await;
    assert_no_secret(&log, &secrets);
    for line in log.lines() {
        let value: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert!(value.is_object(), "not an object: {line}");
        for key in ["timestamp", "level", "target"] {
            assert!(value.get(key).is_some(), "no {key} in {line}");
        }
    }
    // The fields of an event sit beside its message, as in the text format.
    assert!(
        log.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .any(|v| v.get("message").is_some() && v.as_object().is_some_and(|o| o.len() > 4)),
        "no event carried fields"
    );
}
