//! Fault injection: each fault answers as Discord would, only on its route, for
//! as long as asked, and REST is back to normal afterwards.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use serenity::all::{EditInteractionResponse, GuildId, RoleId, UserId};

use super::super::{FakeDiscord, Fault, GatewayWhileDown, RateLimitScope, Route};
use super::{ALICE, GUILD, LINKED, TOKEN, failure, fake, serve, setup};

const WAIT: Duration = Duration::from_secs(10);

fn role_url(base: &str) -> String {
    format!("{base}/api/v10/guilds/{GUILD}/members/{ALICE}/roles/{LINKED}")
}

async fn put_role(client: &reqwest::Client, base: &str) -> reqwest::Result<reqwest::Response> {
    client
        .put(role_url(base))
        .header("Authorization", format!("Bot {TOKEN}"))
        .send()
        .await
}

async fn get_member(client: &reqwest::Client, base: &str) -> reqwest::Result<reqwest::Response> {
    client
        .get(format!("{base}/api/v10/guilds/{GUILD}/members/{ALICE}"))
        .header("Authorization", format!("Bot {TOKEN}"))
        .send()
        .await
}

#[test]
fn routes_match_methods_and_segments() {
    let roles = Route::role_changes();
    assert!(roles.matches("PUT", "/api/v10/guilds/1/members/2/roles/3"));
    assert!(roles.matches("DELETE", "/guilds/1/members/2/roles/3"));
    assert!(!roles.matches("GET", "/api/v10/guilds/1/members/2/roles/3"));
    assert!(!roles.matches("PUT", "/api/v10/guilds/1/members/2"));
    assert!(!roles.matches("PUT", "/api/v10/guilds/1/members//roles/3"));
    let edits = Route::interaction_edits();
    assert!(edits.matches("PATCH", "/api/v10/webhooks/9/tok/messages/@original"));
    assert!(!edits.matches("POST", "/api/v10/webhooks/9/tok"));
    let any_method = Route::new(&[], "/users/@me");
    assert!(any_method.matches("GET", "/api/v10/users/@me"));
    assert!(!any_method.matches("GET", "/api/v10/users/5"));
    assert!(Route::all().matches("POST", "/anything/at/all"));
    assert!(Route::new(&["post"], "/oauth2/authorize").matches("POST", "/oauth2/authorize"));
}

#[tokio::test]
async fn rate_limit_on_one_route_sends_discords_429_then_recovers() {
    let fake = fake();
    let (_, base) = serve(&fake, TOKEN).await;
    let client = reqwest::Client::new();
    fake.rate_limit(Route::role_changes(), 1, 0.3);

    let limited = put_role(&client, &base).await.unwrap();
    assert_eq!(limited.status().as_u16(), 429);
    let header = |name: &str| limited.headers()[name].to_str().unwrap().to_owned();
    assert_eq!(header("retry-after"), "1");
    assert_eq!(header("x-ratelimit-limit"), "10");
    assert_eq!(header("x-ratelimit-remaining"), "0");
    assert_eq!(header("x-ratelimit-reset-after"), "0.300");
    assert_eq!(header("x-ratelimit-scope"), "user");
    assert!(!header("x-ratelimit-bucket").is_empty());
    let reset: f64 = header("x-ratelimit-reset").parse().unwrap();
    let now = chrono::Utc::now().timestamp_millis() as f64 / 1000.0;
    assert!(reset > now && reset < now + 1.0, "{reset} vs {now}");
    assert!(limited.headers().get("x-ratelimit-global").is_none());
    let body: Value = limited.json().await.unwrap();
    assert_eq!(
        body,
        json!({"message": "You are being rate limited.", "retry_after": 0.3, "global": false})
    );
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![]));

    // Other routes are untouched, and the fault is used up after one request.
    assert_eq!(get_member(&client, &base).await.unwrap().status(), 200);
    assert_eq!(fake.active_faults(), 0);
    assert_eq!(put_role(&client, &base).await.unwrap().status(), 204);
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![LINKED]));

    // Each request carries when it came and when and how it was answered.
    let requests = fake.requests();
    let statuses: Vec<Option<u16>> = requests.iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![Some(429), Some(200), Some(204)]);
    for pair in requests.windows(2) {
        let answered = pair[0].answered_at.expect("answered");
        assert!(pair[0].received_at <= answered && answered <= pair[1].received_at);
    }
}

#[tokio::test]
async fn global_rate_limit_says_so_in_body_and_headers() {
    let fake = fake();
    let (_, base) = serve(&fake, TOKEN).await;
    let fault = Fault::RateLimited {
        retry_after: 2.5,
        scope: RateLimitScope::Global,
    };
    fake.inject_fault(Route::all(), fault, Some(1));
    let response = get_member(&reqwest::Client::new(), &base).await.unwrap();
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(response.headers()["x-ratelimit-global"], "true");
    assert_eq!(response.headers()["x-ratelimit-scope"], "global");
    assert_eq!(response.headers()["retry-after"], "3");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["global"], json!(true));
    assert_eq!(body["retry_after"], json!(2.5));
}

#[tokio::test]
async fn rate_limit_next_replaces_its_previous_count() {
    let (fake, http) = setup().await;
    let (g, alice, linked) = (GuildId::new(GUILD), UserId::new(ALICE), RoleId::new(LINKED));
    fake.rate_limit_next(5, 0.1);
    fake.rate_limit_next(1, 0.1);
    assert_eq!(
        failure(http.add_member_role(g, alice, linked, None).await).0,
        429
    );
    http.add_member_role(g, alice, linked, None).await.unwrap();
    fake.rate_limit_next(0, 0.1);
    http.remove_member_role(g, alice, linked, None)
        .await
        .unwrap();
    assert_eq!(fake.active_faults(), 0);
}

#[tokio::test]
async fn server_errors_last_until_cleared_and_look_like_discords() {
    let (fake, http) = setup().await;
    let (g, alice, linked) = (GuildId::new(GUILD), UserId::new(ALICE), RoleId::new(LINKED));
    let outage = fake.server_error(Route::role_changes(), 503, None);
    for _ in 0..3 {
        let result = http.add_member_role(g, alice, linked, None).await;
        assert_eq!(failure(result).0, 503);
    }
    // Reads still work: the fault is scoped to role changes.
    http.get_member(g, alice).await.unwrap();
    fake.clear_fault(outage);
    http.add_member_role(g, alice, linked, None).await.unwrap();
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![LINKED]));

    // A 502 is the proxy's HTML page; a 500 is Discord's JSON error.
    let fake = super::fake();
    let (_, base) = serve(&fake, TOKEN).await;
    let client = reqwest::Client::new();
    fake.server_error(Route::all(), 502, Some(1));
    fake.server_error(Route::all(), 500, Some(1));
    let bad_gateway = get_member(&client, &base).await.unwrap();
    assert_eq!(bad_gateway.status().as_u16(), 502);
    assert!(
        bad_gateway.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(
        bad_gateway
            .text()
            .await
            .unwrap()
            .contains("502 Bad Gateway")
    );
    let internal = get_member(&client, &base).await.unwrap();
    assert_eq!(internal.status().as_u16(), 500);
    let body: Value = internal.json().await.unwrap();
    assert_eq!(
        body,
        json!({"message": "500: Internal Server Error", "code": 0})
    );
    assert_eq!(get_member(&client, &base).await.unwrap().status(), 200);
}

#[tokio::test]
async fn clear_faults_ends_every_fault() {
    let (fake, http) = setup().await;
    fake.server_error(Route::all(), 500, None);
    fake.rate_limit(Route::role_changes(), 100, 1.0);
    assert_eq!(fake.active_faults(), 2);
    assert_eq!(failure(http.get_current_user().await).0, 500);
    fake.clear_faults();
    assert_eq!(fake.active_faults(), 0);
    http.get_current_user().await.unwrap();
    let (g, alice, linked) = (GuildId::new(GUILD), UserId::new(ALICE), RoleId::new(LINKED));
    http.add_member_role(g, alice, linked, None).await.unwrap();
}

#[tokio::test]
async fn hung_edit_holds_only_itself_and_is_handled_once_cleared() {
    let (fake, http) = setup().await;
    let hang = fake.hang(Route::interaction_edits());
    let edit = {
        let http = http.clone();
        tokio::spawn(async move {
            let edit = EditInteractionResponse::new().content("Linked!");
            http.edit_original_interaction_response("tok", &edit, vec![])
                .await
        })
    };
    let held = fake
        .wait_for_request(|r| r.method == "PATCH", WAIT)
        .await
        .expect("the edit arrived");
    assert_eq!(held.answered_at, None);

    // Everything else is answered meanwhile, the held request stays unanswered.
    http.get_current_user().await.unwrap();
    let (g, alice, linked) = (GuildId::new(GUILD), UserId::new(ALICE), RoleId::new(LINKED));
    http.add_member_role(g, alice, linked, None).await.unwrap();
    assert!(!edit.is_finished());
    assert_eq!(fake.original_message("tok"), None);

    let released_at = Instant::now();
    fake.clear_fault(hang);
    let message = tokio::time::timeout(WAIT, edit)
        .await
        .expect("answered once cleared")
        .unwrap()
        .unwrap();
    assert_eq!(message.content, "Linked!");
    assert_eq!(
        fake.original_message("tok").unwrap()["content"],
        json!("Linked!")
    );
    let patch = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert!(patch.answered_at.is_some_and(|at| at >= released_at));
    assert_eq!(patch.status, Some(200));
}

/// A request held by a hang must not keep the runtime from shutting down.
#[test]
fn hung_request_does_not_block_shutdown() {
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let fake = fake();
            let (_, base) = serve(&fake, TOKEN).await;
            fake.hang(Route::all());
            tokio::spawn(async move { get_member(&reqwest::Client::new(), &base).await });
            assert!(fake.wait_for_request(|_| true, WAIT).await.is_some());
        });
        drop(runtime);
        let _ = done_tx.send(());
    });
    done_rx
        .recv_timeout(WAIT)
        .expect("the runtime shut down with a request held");
}

async fn expect_refused(client: &reqwest::Client, base: &str) {
    let error = get_member(client, base)
        .await
        .expect_err("refused while down");
    assert!(error.is_connect(), "{error:?}");
}

#[tokio::test]
async fn down_refuses_connections_then_serves_the_same_port_again() {
    let fake = fake();
    let (_, base) = serve(&fake, TOKEN).await;
    // One client throughout: its pooled keep-alive connection must not survive either.
    let client = reqwest::Client::new();
    assert_eq!(get_member(&client, &base).await.unwrap().status(), 200);

    fake.go_down(GatewayWhileDown::KeepSessions).await;
    assert!(!fake.is_up());
    expect_refused(&client, &base).await;
    expect_refused(&reqwest::Client::new(), &base).await;
    let address = base.trim_start_matches("http://");
    assert!(tokio::net::TcpStream::connect(address).await.is_err());

    fake.come_back_up().await.unwrap();
    assert!(fake.is_up());
    assert_eq!(get_member(&client, &base).await.unwrap().status(), 200);
    assert_eq!(put_role(&client, &base).await.unwrap().status(), 204);

    // And down again, and up again.
    fake.go_down(GatewayWhileDown::Disconnect).await;
    expect_refused(&client, &base).await;
    fake.come_back_up().await.unwrap();
    assert_eq!(get_member(&client, &base).await.unwrap().status(), 200);
}

#[tokio::test]
async fn going_down_drops_held_requests_unanswered() {
    let fake: FakeDiscord = fake();
    let (_, base) = serve(&fake, TOKEN).await;
    fake.hang(Route::role_changes());
    let held = tokio::spawn({
        let base = base.clone();
        async move { put_role(&reqwest::Client::new(), &base).await }
    });
    fake.wait_for_request(|r| r.method == "PUT", WAIT)
        .await
        .unwrap();
    fake.go_down(GatewayWhileDown::KeepSessions).await;
    let result = tokio::time::timeout(WAIT, held).await.unwrap().unwrap();
    assert!(
        result.is_err(),
        "the held request got an answer: {result:?}"
    );
    fake.clear_faults();
    fake.come_back_up().await.unwrap();
    assert_eq!(fake.member_roles(GUILD, ALICE), Some(vec![]));
    assert_eq!(fake.requests()[0].answered_at, None);
    assert_eq!(
        put_role(&reqwest::Client::new(), &base)
            .await
            .unwrap()
            .status(),
        204
    );
}

#[tokio::test]
async fn latency_delays_every_rest_answer_until_set_back_to_zero() {
    let fake = fake();
    let (_, base) = serve(&fake, TOKEN).await;
    let client = reqwest::Client::new();
    let latency = Duration::from_secs(2);
    fake.set_latency(latency);

    let began = Instant::now();
    let (read, change) = tokio::join!(get_member(&client, &base), put_role(&client, &base));
    assert_eq!(read.unwrap().status().as_u16(), 200);
    assert!(change.unwrap().status().is_success());
    assert!(
        began.elapsed() >= latency,
        "answered after {:?}, before the latency",
        began.elapsed()
    );
    assert!(fake.member_roles(GUILD, ALICE).unwrap().contains(&LINKED));

    fake.set_latency(Duration::ZERO);
    let answered = tokio::time::timeout(latency * 3 / 4, get_member(&client, &base))
        .await
        .expect("no latency once set back to zero")
        .unwrap();
    assert_eq!(answered.status().as_u16(), 200);
}
