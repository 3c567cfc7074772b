//! A local stand-in for Resonite's OAuth 2.0 server, strict like a real one.
//!
//! It serves the paths Resonite uses (`/connect/authorize`, `/connect/token`,
//! `/api/user/profiles` and the singular `/api/user/profile`), and a revocation endpoint
//! (`/connect/revocation`, RFC 7009), and checks what a careful
//! server checks: the registered client id and secret (in the form body or HTTP Basic),
//! the exact redirect URI, PKCE S256, single-use authorization codes that expire, Bearer
//! tokens that expire, rotating refresh tokens. The consent page is plain HTML (maud,
//! auto-escaped) that works without JavaScript.
//!
//! Tests start it on `127.0.0.1:0` with [`MockResonite::spawn`] and drive the consent step
//! with [`MockHandle::approve`] / [`MockHandle::deny`]; faults ([`Fault`]) make the token or
//! profile endpoint misbehave until cleared. `resonite-verify mock-resonite` runs it through
//! [`run_cli`].

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

// The modules form layers, each using only those below it: `router` → the endpoints
// (`authorize`, `token`, `profile`) → `responses` → `pages`, and beside them `params`,
// `secrets`, `state`, `protocol`.
mod authorize;
mod browser;
mod client_auth;
pub mod cloud;
mod error;
mod hub;
mod pages;
mod params;
mod profile;
mod protocol;
mod responses;
mod revocation;
mod router;
mod secrets;
mod state;
#[cfg(test)]
mod tests;
mod token;

pub use error::MockError;
pub use protocol::{
    AUTHORIZE_PATH, KNOWN_SCOPES, PROFILE_PATH, PROFILE_PATH_SINGULAR, REVOCATION_PATH, TOKEN_PATH,
};
pub use state::{Fault, MockStats};
use state::{Inner, Store, TokenGrant, profile_id};

/// Configuration of the single OAuth client the mock knows, and of the accounts it serves.
#[derive(Clone)]
pub struct MockResoniteConfig {
    pub client_id: String,
    pub client_secret: String,
    /// The registered redirect URI: requests must use exactly this string.
    pub redirect_uri: String,
    /// Profiles served; each has an `"id"` (`U-…`) and a `"username"`.
    pub profiles: Vec<Value>,
    /// How long an authorization code stays usable (default 60 s).
    pub code_ttl: Duration,
    /// How long an access token stays usable (default 1 h); also the `expires_in` answered.
    pub access_token_ttl: Duration,
}

impl MockResoniteConfig {
    /// A client with the embedded fixture profiles, 60 s codes and 1 h access tokens.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            redirect_uri: redirect_uri.into(),
            profiles: default_profiles(),
            code_ttl: Duration::from_secs(60),
            access_token_ttl: Duration::from_secs(3600),
        }
    }
}

impl std::fmt::Debug for MockResoniteConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockResoniteConfig")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("redirect_uri", &self.redirect_uri)
            .field("profiles", &self.profiles.len())
            .field("code_ttl", &self.code_ttl)
            .field("access_token_ttl", &self.access_token_ttl)
            .finish()
    }
}

/// The embedded fixture profiles (`fixtures/resonite/*.json`), in a fixed order.
pub fn default_profiles() -> Vec<Value> {
    crate::fixtures::profiles()
}

/// Reads profiles from a file holding a JSON array of profiles, or one profile object.
/// Every profile must be an object with a string `"id"` starting with `U-` and a string
/// `"username"`; ids must be unique.
pub fn load_profiles(path: &Path) -> Result<Vec<Value>, MockError> {
    let text = std::fs::read_to_string(path).map_err(|source| MockError::Io {
        path: path.to_owned(),
        source,
    })?;
    let value: Value = serde_json::from_str(&text).map_err(|source| MockError::Json {
        path: path.to_owned(),
        source,
    })?;
    let profiles = match value {
        Value::Array(items) => items,
        obj @ Value::Object(_) => vec![obj],
        _ => {
            return Err(MockError::InvalidProfile(format!(
                "{}: expected a JSON array of profiles or one profile object",
                path.display()
            )));
        }
    };
    let mut seen = HashSet::new();
    for (i, p) in profiles.iter().enumerate() {
        let id = profile_id(p).ok_or_else(|| {
            MockError::InvalidProfile(format!(
                "{}: profile #{i} has no string \"id\"",
                path.display()
            ))
        })?;
        if !id.starts_with("U-") {
            return Err(MockError::InvalidProfile(format!(
                "{}: profile #{i} id {id:?} does not start with \"U-\"",
                path.display()
            )));
        }
        if p.get("username").and_then(Value::as_str).is_none() {
            return Err(MockError::InvalidProfile(format!(
                "{}: profile {id} has no string \"username\"",
                path.display()
            )));
        }
        if !seen.insert(id.to_owned()) {
            return Err(MockError::InvalidProfile(format!(
                "{}: profile id {id} appears more than once",
                path.display()
            )));
        }
    }
    Ok(profiles)
}

/// The mock server's state; cheap to clone (shared).
#[derive(Clone)]
pub struct MockResonite {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for MockResonite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockResonite")
            .field("client_id", &self.inner.client_id)
            .field("redirect_uri", &self.inner.redirect_uri)
            .finish_non_exhaustive()
    }
}

impl MockResonite {
    pub fn new(cfg: MockResoniteConfig) -> Self {
        let mut store = Store::default();
        for profile in cfg.profiles {
            if let Some(id) = profile_id(&profile).map(str::to_owned) {
                store.upsert_profile(id, profile);
            }
        }
        Self {
            inner: Arc::new_cyclic(|weak: &std::sync::Weak<Inner>| {
                let weak = weak.clone();
                let lookup: cloud::ProfileLookup = Arc::new(move |id: &str| {
                    weak.upgrade()
                        .and_then(|inner| inner.store().find_profile(id).cloned())
                });
                Inner {
                    client_id: cfg.client_id,
                    client_secret: cfg.client_secret,
                    redirect_uri: cfg.redirect_uri,
                    code_ttl: cfg.code_ttl,
                    access_token_ttl: cfg.access_token_ttl,
                    base_url: OnceLock::new(),
                    store: Mutex::new(store),
                    fault: Mutex::new(Fault::None),
                    latency: Mutex::new(Duration::ZERO),
                    cloud: cloud::FakeCloud::new(Some(lookup)),
                }
            }),
        }
    }

    /// The axum router serving every endpoint (unknown paths: 404).
    pub fn router(&self) -> axum::Router {
        router::router(self.inner.clone())
    }

    /// Serves on `listener` (already bound, so it accepts connections as soon as this
    /// returns) in a background task.
    pub async fn spawn(
        cfg: MockResoniteConfig,
        listener: TcpListener,
    ) -> std::io::Result<MockHandle> {
        let addr = listener.local_addr()?;
        let base_url = base_url_for(addr);
        let mock = MockResonite::new(cfg);
        // A fresh OnceLock: setting it cannot fail.
        let _ = mock.inner.base_url.set(base_url.clone());
        let (tx, mut rx) = watch::channel(false);
        let router = mock.router();
        let task = tokio::spawn(async move {
            let signal = async move {
                if rx.wait_for(|stop| *stop).await.is_err() {
                    // Every handle is gone: keep serving until the runtime ends.
                    std::future::pending::<()>().await;
                }
            };
            if let Err(e) = axum::serve(listener, router)
                .with_graceful_shutdown(signal)
                .await
            {
                tracing::error!(error = %e, "mock Resonite server stopped with an error");
            }
        });
        tracing::debug!(%base_url, "mock Resonite server listening");
        Ok(MockHandle {
            base_url,
            mock,
            shutdown: Arc::new(tx),
            task: Arc::new(tokio::sync::Mutex::new(Some(task))),
        })
    }

    /// Inserts the profile, or replaces the one with the same `"id"`. A profile without a
    /// string `"id"` is ignored (with a warning).
    pub fn set_profile(&self, profile: Value) {
        let Some(id) = profile_id(&profile).map(str::to_owned) else {
            tracing::warn!("set_profile: profile without a string \"id\" ignored");
            return;
        };
        self.inner.store().upsert_profile(id, profile);
    }

    /// Mints a refresh token for `user_id`, as if they had approved `scopes` for the
    /// configured client (seeds many links at once for sweep tests and benchmarks).
    pub fn grant_refresh_token(&self, user_id: &str, scopes: &[&str]) -> String {
        let mut store = self.inner.store();
        store.next_grant_id += 1;
        let grant = TokenGrant {
            client_id: self.inner.client_id.clone(),
            user_id: user_id.to_owned(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            grant_id: store.next_grant_id,
            issued: Instant::now(),
        };
        let token = secrets::random_token();
        store.refresh_tokens.insert(token.clone(), grant);
        token
    }

    /// The current profile of `user_id` (as stored, email included).
    pub fn profile(&self, user_id: &str) -> Option<Value> {
        self.inner.store().find_profile(user_id).cloned()
    }

    /// Applies `fault` until `Fault::None` is set.
    pub fn set_fault(&self, fault: Fault) {
        *self.inner.fault.lock().unwrap_or_else(|e| e.into_inner()) = fault;
    }

    /// Every request (pages, token, profile, revocation) waits `latency` before it is
    /// handled, as a distant server would; `Duration::ZERO` (the default) answers at once.
    pub fn set_latency(&self, latency: Duration) {
        *self.inner.latency.lock().unwrap_or_else(|e| e.into_inner()) = latency;
    }

    /// Invalidates every refresh token issued for `user_id`.
    pub fn revoke_refresh_tokens(&self, user_id: &str) {
        self.inner
            .store()
            .refresh_tokens
            .retain(|_, g| g.user_id != user_id);
    }

    pub fn stats(&self) -> MockStats {
        self.inner.store().stats.clone()
    }

    /// The cloud API and hub this mock serves (accounts, contacts, messages, controls).
    pub fn cloud(&self) -> &cloud::FakeCloud {
        &self.inner.cloud
    }
}

fn base_url_for(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V6(ip) if ip.is_unspecified() => "[::1]".to_owned(),
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    format!("http://{host}:{}", addr.port())
}

/// A running mock; cheap to clone.
#[derive(Clone)]
pub struct MockHandle {
    /// `http://IP:PORT` (a wildcard bind address reads as loopback).
    pub base_url: String,
    mock: MockResonite,
    shutdown: Arc<watch::Sender<bool>>,
    task: Arc<tokio::sync::Mutex<Option<JoinHandle<()>>>>,
}

impl std::fmt::Debug for MockHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockHandle")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl MockHandle {
    pub fn authorize_url(&self) -> String {
        format!("{}{AUTHORIZE_PATH}", self.base_url)
    }

    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.base_url)
    }

    pub fn profile_url(&self) -> String {
        format!("{}{PROFILE_PATH}", self.base_url)
    }

    pub fn revocation_url(&self) -> String {
        format!("{}{REVOCATION_PATH}", self.base_url)
    }

    /// `RESONITE_API_URL` for the bot account: the cloud API and `/hub` are served here.
    pub fn api_url(&self) -> String {
        self.base_url.clone()
    }

    /// The cloud API and hub served by this mock.
    pub fn cloud(&self) -> &cloud::FakeCloud {
        self.mock.cloud()
    }

    /// The server's state, e.g. to build another router over it.
    pub fn mock(&self) -> &MockResonite {
        &self.mock
    }

    pub fn set_profile(&self, profile: Value) {
        self.mock.set_profile(profile);
    }

    pub fn profile(&self, user_id: &str) -> Option<Value> {
        self.mock.profile(user_id)
    }

    pub fn set_fault(&self, fault: Fault) {
        self.mock.set_fault(fault);
    }

    pub fn set_latency(&self, latency: std::time::Duration) {
        self.mock.set_latency(latency);
    }

    pub fn revoke_refresh_tokens(&self, user_id: &str) {
        self.mock.revoke_refresh_tokens(user_id);
    }

    pub fn grant_refresh_token(&self, user_id: &str, scopes: &[&str]) -> String {
        self.mock.grant_refresh_token(user_id, scopes)
    }

    pub fn stats(&self) -> MockStats {
        self.mock.stats()
    }

    /// Drives the consent step like a browser: GETs `authorize_url` (the full URL the bot
    /// built), submits the consent form approving as `user_id`, and returns the redirect
    /// `Location` (`redirect_uri?code=…&state=…`). If the mock refuses (error page, or a
    /// redirect carrying `error=`), the answer is in [`MockError::Refused`].
    pub async fn approve(&self, authorize_url: &str, user_id: &str) -> Result<String, MockError> {
        browser::drive(authorize_url, browser::Decision::Approve(user_id)).await
    }

    /// Like [`approve`](Self::approve) but presses Deny; returns the `Location`
    /// (`redirect_uri?error=access_denied&…&state=…`).
    pub async fn deny(&self, authorize_url: &str) -> Result<String, MockError> {
        browser::drive(authorize_url, browser::Decision::Deny).await
    }

    /// Stops accepting connections and lets in-flight requests finish (graceful).
    pub fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Waits until the server task has ended (after [`shutdown`](Self::shutdown)).
    pub async fn wait(&self) {
        let task = self.task.lock().await.take();
        if let Some(task) = task
            && let Err(e) = task.await
        {
            tracing::error!(error = %e, "mock Resonite server task failed");
        }
    }
}

/// `resonite-verify mock-resonite`: serves on `addr` until Ctrl-C or SIGTERM, printing the
/// settings to give the bot.
pub async fn run_cli(addr: SocketAddr, cfg: MockResoniteConfig) -> anyhow::Result<()> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let client_id = cfg.client_id.clone();
    let client_secret = cfg.client_secret.clone();
    let redirect_uri = cfg.redirect_uri.clone();
    let accounts: Vec<String> = cfg
        .profiles
        .iter()
        .map(|p| {
            format!(
                "{} ({})",
                p.get("username").and_then(Value::as_str).unwrap_or("?"),
                profile_id(p).unwrap_or("?")
            )
        })
        .collect();
    let handle = MockResonite::spawn(cfg, listener)
        .await
        .context("cannot start the mock Resonite server")?;
    tracing::info!(
        base_url = %handle.base_url,
        %client_id,
        %redirect_uri,
        accounts = accounts.len(),
        "mock Resonite server listening"
    );
    println!("Mock Resonite OAuth server on {}", handle.base_url);
    println!("Accounts: {}", accounts.join(", "));
    println!("Registered redirect URI (must be PUBLIC_URL/oauth/callback): {redirect_uri}");
    println!("Point the bot at it with:");
    println!("  RESONITE_AUTHORIZE_URL={}", handle.authorize_url());
    println!("  RESONITE_TOKEN_URL={}", handle.token_url());
    println!("  RESONITE_PROFILE_URL={}", handle.profile_url());
    println!("  RESONITE_REVOKE_URL={}", handle.revocation_url());
    println!("  RESONITE_CLIENT_ID={client_id}");
    println!("  RESONITE_CLIENT_SECRET={client_secret}");
    println!("Press Ctrl-C to stop.");

    let stop = shutdown_signal().await;
    tracing::info!("shutting down the mock Resonite server");
    handle.shutdown();
    handle.wait().await;
    stop
}

async fn shutdown_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .context("cannot listen for SIGTERM")?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.context("cannot listen for Ctrl-C"),
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c()
            .await
            .context("cannot listen for Ctrl-C")
    }
}
