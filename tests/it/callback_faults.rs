//! Every way the callback can go wrong: the right status, a clear page, bounded time,
//! nothing stored, no input echoed unescaped.

use std::time::{Duration, Instant};

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::MEMBER_A;
use resonite_verify_fakes::resonite::Fault;

/// How the callback URL for a case is made.
enum Step {
    /// Approve on the mock with this fault active, then call the callback.
    Approved(Fault),
    /// Deny on the mock.
    Denied,
    /// Approve, then rewrite the callback query.
    Rewritten(fn(&str) -> String),
    /// Approve, then let the state expire before the callback.
    Expired,
}

struct Case {
    name: &'static str,
    step: Step,
    status: u16,
    page_says: &'static str,
}

fn cases() -> Vec<Case> {
    let slow = Duration::from_secs(5);
    vec![
        Case {
            name: "member declines",
            step: Step::Denied,
            status: 403,
            page_says: "You declined access on Resonite",
        },
        Case {
            name: "missing code",
            step: Step::Rewritten(|q| drop_param(q, "code")),
            status: 400,
            page_says: "missing part of what Resonite sends back",
        },
        Case {
            name: "missing state",
            step: Step::Rewritten(|q| drop_param(q, "state")),
            status: 400,
            page_says: "missing part of what Resonite sends back",
        },
        Case {
            name: "unknown state",
            step: Step::Rewritten(|q| replace_param(q, "state", "forged-state")),
            status: 400,
            page_says: "expired or was already used",
        },
        Case {
            name: "hostile state is not echoed",
            step: Step::Rewritten(|q| replace_param(q, "state", "<script>alert(1)</script>")),
            status: 400,
            page_says: "expired or was already used",
        },
        Case {
            name: "expired state",
            step: Step::Expired,
            status: 400,
            page_says: "expired or was already used",
        },
        Case {
            name: "provider error code",
            step: Step::Rewritten(|_| "error=server_error&state=x".into()),
            status: 502,
            page_says: "server_error",
        },
        Case {
            name: "hostile provider error",
            step: Step::Rewritten(|_| "error=%3Cimg%20src%3Dx%3E&state=x".into()),
            status: 502,
            page_says: "imgsrcx",
        },
        Case {
            name: "code refused (invalid_grant)",
            step: Step::Rewritten(|q| replace_param(q, "code", "not-a-code")),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "token endpoint 400",
            step: Step::Approved(Fault::TokenStatus(400)),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "token endpoint 500",
            step: Step::Approved(Fault::TokenStatus(500)),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "token endpoint 503",
            step: Step::Approved(Fault::TokenStatus(503)),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "token endpoint timeout",
            step: Step::Approved(Fault::TokenDelay(slow)),
            status: 504,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "token endpoint redirects",
            step: Step::Approved(Fault::TokenRedirect("http://127.0.0.1:9/steal".into())),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "profile 401",
            step: Step::Approved(Fault::ProfileStatus(401)),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "profile 500",
            step: Step::Approved(Fault::ProfileStatus(500)),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "profile timeout",
            step: Step::Approved(Fault::ProfileDelay(slow)),
            status: 504,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "profile malformed JSON",
            step: Step::Approved(Fault::ProfileBody("{\"id\": \"U-x\", ".into())),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "profile not a profile",
            step: Step::Approved(Fault::ProfileBody("{\"hello\": 1}".into())),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
        Case {
            name: "profile oversized",
            step: Step::Approved(Fault::ProfileHuge(5 * 1024 * 1024)),
            status: 502,
            page_says: "Resonite could not complete the link",
        },
    ]
}

fn drop_param(query: &str, name: &str) -> String {
    url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| k != name)
        .fold(
            url::form_urlencoded::Serializer::new(String::new()),
            |mut s, (k, v)| {
                s.append_pair(&k, &v);
                s
            },
        )
        .finish()
}

fn replace_param(query: &str, name: &str, value: &str) -> String {
    url::form_urlencoded::parse(query.as_bytes())
        .fold(
            url::form_urlencoded::Serializer::new(String::new()),
            |mut s, (k, v)| {
                s.append_pair(&k, if k == name { value } else { &v });
                s
            },
        )
        .finish()
}

async fn callback_url(app: &TestApp, step: &Step) -> String {
    let (started, _) = app.start_link(MEMBER_A).await;
    match step {
        Step::Denied => app
            .resonite
            .deny(started.authorize_url.as_str())
            .await
            .expect("deny redirects"),
        Step::Approved(fault) => {
            let url = app.approve(&started, "U-PatronUser").await;
            app.resonite.set_fault(fault.clone());
            url
        }
        Step::Rewritten(rewrite) => {
            let mut url =
                url::Url::parse(&app.approve(&started, "U-PatronUser").await).expect("url");
            let query = rewrite(url.query().unwrap_or(""));
            url.set_query(Some(&query));
            url.to_string()
        }
        Step::Expired => {
            let url = app.approve(&started, "U-PatronUser").await;
            app.clock.advance(601);
            url
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_callback_failure_gets_its_status_and_page_and_stores_nothing() {
    let mut failures = Vec::new();
    for case in cases() {
        let app = TestApp::spawn_with(
            TestDb::sqlite(),
            Options {
                resonite_timeout: "1s",
                ..Options::default()
            },
        )
        .await;
        let url = callback_url(&app, &case.step).await;
        let began = Instant::now();
        let (status, page) = app.get(&url).await;
        let took = began.elapsed();
        let stored = app.core.store.links().count().await.expect("count");
        let mut wrong = Vec::new();
        if status != case.status {
            wrong.push(format!("status {status}, expected {}", case.status));
        }
        if !page.contains(case.page_says) {
            wrong.push(format!("page lacks {:?}", case.page_says));
        }
        if page.contains("<script>alert") || page.contains("<img") {
            wrong.push("raw input echoed into the page".to_owned());
        }
        if !page.contains("<html lang=\"en\">") {
            wrong.push("not a full page".to_owned());
        }
        if stored != 0 {
            wrong.push(format!("{stored} link(s) stored"));
        }
        if took > Duration::from_secs(4) {
            wrong.push(format!("took {took:?}"));
        }
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", case.name, wrong.join("; ")));
        }
        app.assert_discord_requests_valid();
    }
    assert!(
        failures.is_empty(),
        "failing cases:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn a_declined_link_tells_the_member_on_discord_and_burns_the_state() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let (started, token) = app.start_link(MEMBER_A).await;
    let denied = app
        .resonite
        .deny(started.authorize_url.as_str())
        .await
        .expect("deny");
    assert_eq!(app.get(&denied).await.0, 403);
    let reply = app
        .discord
        .original_message(&token)
        .and_then(|m| m["content"].as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(reply.contains("you declined on Resonite"), "{reply}");
    // The state cannot be reused with a code afterwards.
    let approved = app.approve(&started, "U-BasicUser").await;
    assert_eq!(app.get(&approved).await.0, 400);
}

#[tokio::test]
async fn health_ready_landing_and_unknown_routes() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    assert_eq!(app.get("/healthz").await.0, 200);
    let (status, body) = app.get("/readyz").await;
    assert_eq!(
        status, 503,
        "the gateway is not connected in this test: {body}"
    );
    assert!(body.contains("database: ok"));
    app.core.health.set_gateway_connected(true);
    assert_eq!(app.get("/readyz").await.0, 200);
    let (status, body) = app.get("/").await;
    assert_eq!(status, 200);
    assert!(body.contains("/link"));
    let (status, body) = app.get("/nope").await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
    let long = format!("/oauth/callback?state={}", "a".repeat(10_000));
    assert_eq!(app.get(&long).await.0, 414);
}
