//! `/metrics`: Prometheus text with help texts, on its own listener; gauges read from the
//! database at scrape time; never on the public callback server.

use resonite_verify::telemetry;
use tokio::net::TcpListener;

use crate::support::app::TestApp;
use crate::support::db::TestDb;
use crate::support::world::{GUILD, MEMBER_A};

const PATRON: u64 = 800_000_000_000_000_302;

fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find(|l| l.starts_with(series) && l[series.len()..].starts_with(' '))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

both_backends!(
    a_scrape_after_a_link_shows_what_the_bot_did,
    scrape_after_link
);
async fn scrape_after_link(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let metrics_url = format!("http://{}/metrics", listener.local_addr().expect("addr"));
    let router = telemetry::router(app.core.store.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    app.add_role(GUILD, PATRON, "Patron", 3);
    app.add_rule(GUILD, PATRON, "patreon", "").await;
    let (status, _, _) = app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);

    let response = app.http.get(&metrics_url).send().await.expect("scrape");
    assert_eq!(response.status(), 200);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let text = response.text().await.expect("body");
    for name in [
        telemetry::LINKED_ACCOUNTS,
        telemetry::CALLBACKS,
        telemetry::CALLBACK_DURATION,
        telemetry::ROLE_CHANGES,
        telemetry::RECONCILE_PENDING,
        telemetry::UPSTREAM_REQUESTS,
    ] {
        assert!(
            text.contains(&format!("# HELP {name} ")),
            "no help for {name}:\n{text}"
        );
    }
    // Gauges are this app's database, read now.
    assert_eq!(
        value(&text, telemetry::LINKED_ACCOUNTS),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(&text, telemetry::RECONCILE_PENDING),
        Some(0.0),
        "{text}"
    );
    // Counters are the process's (other tests count too): at least what this one did.
    let at_least_one = |series: &str| {
        assert!(
            value(&text, series).is_some_and(|v| v >= 1.0),
            "{series} missing:\n{text}"
        )
    };
    at_least_one(&format!("{}{{outcome=\"linked\"}}", telemetry::CALLBACKS));
    at_least_one(&format!(
        "{}{{op=\"add\",result=\"ok\"}}",
        telemetry::ROLE_CHANGES
    ));
    at_least_one(&format!(
        "{}{{service=\"resonite\",status=\"200\"}}",
        telemetry::UPSTREAM_REQUESTS
    ));
    assert!(
        text.contains(&format!("{}_bucket", telemetry::CALLBACK_DURATION)),
        "the callback duration is a histogram:\n{text}"
    );

    // Not on the public server.
    let (status, _) = app.get("/metrics").await;
    assert_eq!(status, 404);
}
