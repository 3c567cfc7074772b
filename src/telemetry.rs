//! What the bot is doing, as Prometheus metrics: `METRICS_ADDR` serves them at `GET /metrics`
//! on a listener of its own, never on the public callback server.
//!
//! Counters and histograms go through the `metrics` facade (recorded wherever the work
//! happens); gauges that describe stored state (linked accounts, pending reconciles) are
//! read from the database at scrape time, so they need no bookkeeping and survive restarts.

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::store::Store;

pub const LINKED_ACCOUNTS: &str = "resonite_verify_linked_accounts";
pub const CALLBACKS: &str = "resonite_verify_callbacks_total";
pub const CALLBACK_DURATION: &str = "resonite_verify_callback_duration_seconds";
pub const ROLE_CHANGES: &str = "resonite_verify_role_changes_total";
pub const RECONCILE_PENDING: &str = "resonite_verify_reconcile_pending";
pub const RECONCILE_FAILED: &str = "resonite_verify_reconcile_failed";
pub const RECONCILE_RETRIES: &str = "resonite_verify_reconcile_retries_total";
pub const UPSTREAM_REQUESTS: &str = "resonite_verify_upstream_requests_total";
pub const SWEEP_CHECKED: &str = "resonite_verify_sweep_checked_total";

/// The process-wide recorder: installed once (several apps in one test process share it).
pub fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full(CALLBACK_DURATION.to_owned()),
                &[0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0],
            )
            .map(|b| b.build_recorder());
        let recorder = match recorder {
            Ok(r) => r,
            // The bucket list is fixed and valid; without it summaries are rendered instead.
            Err(_) => PrometheusBuilder::new().build_recorder(),
        };
        let handle = recorder.handle();
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was installed already; /metrics shows only gauges");
        }
        describe();
        start_at_zero();
        handle
    })
}

/// `outcome` of [`CALLBACKS`].
pub const CALLBACK_OUTCOMES: &[&str] = &[
    "confirming",
    "linked",
    "cancelled",
    "wrong_browser",
    "denied",
    "invalid_state",
    "account_taken",
    "upstream_error",
    "database_unavailable",
    "store_error",
    "bad_request",
];
/// `op` and `result` of [`ROLE_CHANGES`].
pub const ROLE_CHANGE_OPS: &[&str] = &["add", "remove"];
pub const ROLE_CHANGE_RESULTS: &[&str] = &[
    "ok",
    "rate_limited",
    "unavailable",
    "missing_permissions",
    "unknown_role",
    "unknown_member",
    "error",
];
/// `service` of [`UPSTREAM_REQUESTS`], and the statuses every service has: answered (200)
/// and not answered at all (`error`). Other statuses appear as they happen.
pub const UPSTREAM_SERVICES: &[&str] = &["resonite", "discord"];
pub const UPSTREAM_STATUSES: &[&str] = &["200", "error"];

/// Every series exists from the first scrape, at 0 (Prometheus' advice: a series that
/// appears only once something happens breaks `rate()` and alerts on absence).
fn start_at_zero() {
    for outcome in CALLBACK_OUTCOMES {
        metrics::counter!(CALLBACKS, "outcome" => *outcome).increment(0);
    }
    // Registered without a sample: rendered with every bucket at 0.
    let _ = metrics::histogram!(CALLBACK_DURATION);
    for op in ROLE_CHANGE_OPS {
        for result in ROLE_CHANGE_RESULTS {
            metrics::counter!(ROLE_CHANGES, "op" => *op, "result" => *result).increment(0);
        }
    }
    for service in UPSTREAM_SERVICES {
        for status in UPSTREAM_STATUSES {
            metrics::counter!(UPSTREAM_REQUESTS, "service" => *service, "status" => *status)
                .increment(0);
        }
    }
    metrics::counter!(RECONCILE_RETRIES).increment(0);
    metrics::counter!(SWEEP_CHECKED).increment(0);
    // Read from the database at each scrape; 0 until the first scrape that reaches it.
    for gauge in [LINKED_ACCOUNTS, RECONCILE_PENDING, RECONCILE_FAILED] {
        metrics::gauge!(gauge).set(0.0);
    }
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_gauge!(
        LINKED_ACCOUNTS,
        "Discord accounts linked to a Resonite account."
    );
    describe_counter!(
        CALLBACKS,
        "OAuth callbacks and their confirmations answered, by outcome (confirming, linked, cancelled, wrong_browser, denied, invalid_state, account_taken, upstream_error, database_unavailable, store_error, bad_request)."
    );
    describe_histogram!(
        CALLBACK_DURATION,
        metrics::Unit::Seconds,
        "Time from the OAuth callback's arrival to its result page."
    );
    describe_counter!(
        ROLE_CHANGES,
        "Discord role additions and removals, by op (add, remove) and result (ok, rate_limited, unavailable, missing_permissions, unknown_role, unknown_member, error)."
    );
    describe_gauge!(
        RECONCILE_PENDING,
        "Members waiting for their roles to be reconciled (failed rows excluded)."
    );
    describe_gauge!(
        RECONCILE_FAILED,
        "Members whose roles could not be reconciled for a day."
    );
    describe_counter!(
        RECONCILE_RETRIES,
        "Reconciles put back to wait after Discord failed."
    );
    describe_counter!(
        UPSTREAM_REQUESTS,
        "Requests to Resonite and Discord, by service and HTTP status (or error)."
    );
    describe_counter!(SWEEP_CHECKED, "Links re-verified by sweeps.");
}

/// Counts one upstream request's outcome.
pub fn upstream(service: &'static str, status: Option<u16>) {
    let status = status.map_or_else(|| "error".to_owned(), |s| s.to_string());
    metrics::counter!(UPSTREAM_REQUESTS, "service" => service, "status" => status).increment(1);
}

#[derive(Clone)]
struct MetricsState {
    handle: &'static PrometheusHandle,
    store: Store,
}

/// `GET /metrics` (anything else 404).
pub fn router(store: Store) -> Router {
    let state = MetricsState {
        handle: handle(),
        store,
    };
    Router::new()
        .route("/metrics", get(scrape))
        .with_state(state)
}

async fn scrape(State(state): State<MetricsState>) -> Response {
    // Stored state is read now; a database outage leaves the last values (and says so).
    match state.store.links().count().await {
        Ok(n) => metrics::gauge!(LINKED_ACCOUNTS).set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: could not count links"),
    }
    match state.store.queue().count_pending(None).await {
        Ok(n) => metrics::gauge!(RECONCILE_PENDING).set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: could not count pending reconciles"),
    }
    match state.store.queue().count_failed().await {
        Ok(n) => metrics::gauge!(RECONCILE_FAILED).set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: could not count failed reconciles"),
    }
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.handle.render(),
    )
        .into_response()
}

/// Serves `/metrics` on `addr` until `stopped` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    stopped: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr: Option<SocketAddr> = listener.local_addr().ok();
    tracing::info!(?addr, "metrics listening at /metrics");
    axum::serve(listener, router(store))
        .with_graceful_shutdown(stopped)
        .await
}
