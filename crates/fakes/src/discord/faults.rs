//! Fault injection: REST answered the way Discord misbehaves (429, 5xx, never),
//! for the next N matching requests or until cleared. Going down (connections
//! refused) is in the `server` module; the public methods are on
//! [`super::FakeDiscord`].

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::watch;

/// Which requests a fault applies to: a set of methods (empty: any) and a path
/// pattern relative to `/api/v10` (`None`: every path).
///
/// In a pattern, a segment `{name}` or `*` matches any one non-empty segment,
/// other segments match literally: `/guilds/{g}/members/{u}/roles/{r}`.
/// A request path outside `/api/v10` (the OAuth2 consent page `/oauth2/authorize`)
/// is matched as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    methods: Vec<String>,
    segments: Option<Vec<Option<String>>>,
}

impl Route {
    /// Every REST request (not the gateway's WebSocket).
    pub fn all() -> Self {
        Self {
            methods: Vec::new(),
            segments: None,
        }
    }

    /// `methods` (e.g. `&["PUT", "DELETE"]`; empty: any) on paths matching `pattern`.
    pub fn new(methods: &[&str], pattern: &str) -> Self {
        let segments = split(pattern)
            .map(|s| {
                let wildcard = s == "*" || (s.starts_with('{') && s.ends_with('}'));
                (!wildcard).then(|| s.to_owned())
            })
            .collect();
        Self {
            methods: methods.iter().map(|m| m.to_ascii_uppercase()).collect(),
            segments: Some(segments),
        }
    }

    /// Role grants and removals: `PUT`/`DELETE /guilds/{g}/members/{u}/roles/{r}`.
    pub fn role_changes() -> Self {
        Self::new(&["PUT", "DELETE"], "/guilds/{g}/members/{u}/roles/{r}")
    }

    /// Interaction reply edits: `PATCH /webhooks/{app}/{token}/messages/{message}`.
    pub fn interaction_edits() -> Self {
        Self::new(&["PATCH"], "/webhooks/{app}/{token}/messages/{message}")
    }

    /// Does a request with this method and path (query excluded) fall under the route?
    pub fn matches(&self, method: &str, path: &str) -> bool {
        if !self.methods.is_empty() && !self.methods.iter().any(|m| m == method) {
            return false;
        }
        let Some(pattern) = &self.segments else {
            return true;
        };
        let path = path.strip_prefix("/api/v10").unwrap_or(path);
        let actual: Vec<&str> = split(path).collect();
        pattern.len() == actual.len()
            && pattern.iter().zip(&actual).all(|(p, a)| match p {
                Some(literal) => literal == a,
                None => !a.is_empty(),
            })
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.trim_matches('/').split('/')
}

/// The scope a 429 names in `X-RateLimit-Scope`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateLimitScope {
    /// The bot's own per-route limit (`user`).
    User,
    /// A limit shared by everyone on the resource (`shared`).
    Shared,
    /// The bot's global limit (`global`; the body says `"global": true` and
    /// `X-RateLimit-Global: true` is sent).
    Global,
}

/// How a faulted request is answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// 429 with Discord's body and `Retry-After` / `X-RateLimit-*` headers.
    RateLimited {
        retry_after: f64,
        scope: RateLimitScope,
    },
    /// This status (500–599). 500 carries Discord's JSON error body
    /// (`{"message": "500: Internal Server Error", "code": 0}`); 502, 503 and 504
    /// carry the HTML page Discord's proxy (Cloudflare) answers with.
    ServerError { status: u16 },
    /// The request is never answered while the fault is in place; once it is
    /// cleared (or its count is used up and it is cleared) the held request is
    /// handled normally. A client that gave up meanwhile closes the connection,
    /// and its request then never takes effect.
    Hang,
}

impl Fault {
    /// A per-route (`user` scope) 429 asking to retry after `retry_after` seconds.
    pub fn rate_limited(retry_after: f64) -> Self {
        Self::RateLimited {
            retry_after,
            scope: RateLimitScope::User,
        }
    }
}

/// Names an injected fault, to clear it with [`super::FakeDiscord::clear_fault`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FaultId(pub(super) u64);

pub(super) struct ActiveFault {
    pub id: FaultId,
    pub route: Route,
    pub fault: Fault,
    /// Requests still to fault; `None`: until cleared.
    pub remaining: Option<u32>,
    /// Dropped when the fault is cleared, which releases its hung requests.
    pub release: watch::Sender<()>,
}

/// What the request router does with a request a fault caught.
pub(super) enum Caught {
    Answer(Response),
    /// Wait for this to close (the fault was cleared), then handle the request.
    Hold(watch::Receiver<()>),
}

/// The faults in place, oldest first; the oldest matching one applies.
#[derive(Default)]
pub(super) struct Faults {
    active: Vec<ActiveFault>,
    next_id: u64,
}

impl Faults {
    pub fn add(&mut self, route: Route, fault: Fault, count: Option<u32>) -> FaultId {
        self.next_id += 1;
        let id = FaultId(self.next_id);
        if count != Some(0) {
            let (release, _) = watch::channel(());
            self.active.push(ActiveFault {
                id,
                route,
                fault,
                remaining: count,
                release,
            });
        }
        id
    }

    pub fn clear(&mut self, id: FaultId) {
        self.active.retain(|f| f.id != id);
    }

    pub fn clear_all(&mut self) {
        self.active.clear();
    }

    /// Faults still in place.
    pub fn active(&self) -> usize {
        self.active.len()
    }

    /// The fault this request runs into, if any, counting it against the fault.
    /// A counted fault that is used up stops catching requests, but a hang stays
    /// listed (holding what it caught) until cleared.
    pub fn catch(&mut self, method: &str, path: &str) -> Option<Caught> {
        let fault = self
            .active
            .iter_mut()
            .find(|f| f.remaining.is_none_or(|n| n > 0) && f.route.matches(method, path))?;
        if let Some(n) = fault.remaining.as_mut() {
            *n -= 1;
        }
        let caught = match &fault.fault {
            Fault::RateLimited { retry_after, scope } => {
                Caught::Answer(rate_limited(*retry_after, *scope))
            }
            Fault::ServerError { status } => Caught::Answer(server_error(*status)),
            Fault::Hang => Caught::Hold(fault.release.subscribe()),
        };
        let used_up = fault.remaining == Some(0) && !matches!(fault.fault, Fault::Hang);
        if used_up {
            let id = fault.id;
            self.clear(id);
        }
        Some(caught)
    }
}

/// Discord's 429: the body and the headers its rate limit documentation lists.
pub(super) fn rate_limited(retry_after: f64, scope: RateLimitScope) -> Response {
    let global = scope == RateLimitScope::Global;
    let body = json!({
        "message": "You are being rate limited.",
        "retry_after": retry_after,
        "global": global,
    });
    let reset = chrono::Utc::now().timestamp_millis() as f64 / 1000.0 + retry_after;
    let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::Json(body)).into_response();
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: String| {
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    };
    // `Retry-After` is whole seconds, rounded up; the body and `Reset-After` are exact.
    set("retry-after", format!("{}", retry_after.ceil() as u64));
    let scope = match scope {
        RateLimitScope::User => "user",
        RateLimitScope::Shared => "shared",
        RateLimitScope::Global => "global",
    };
    set("x-ratelimit-scope", scope.into());
    if global {
        set("x-ratelimit-global", "true".into());
    }
    set("x-ratelimit-limit", "10".into());
    set("x-ratelimit-remaining", "0".into());
    set("x-ratelimit-reset", format!("{reset:.3}"));
    set("x-ratelimit-reset-after", format!("{retry_after:.3}"));
    set(
        "x-ratelimit-bucket",
        "a6f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9".into(),
    );
    response
}

/// A 5xx as Discord answers it: JSON from the API itself for 500, the proxy's HTML
/// page for the gateway errors.
pub(super) fn server_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(StatusCode::is_server_error)
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let reason = status.canonical_reason().unwrap_or("Server Error");
    let code = status.as_u16();
    match code {
        502..=504 => {
            let page = format!(
                "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n\
                 <center><h1>{code} {reason}</h1></center>\r\n<hr><center>cloudflare</center>\r\n\
                 </body>\r\n</html>\r\n"
            );
            (status, axum::response::Html(page)).into_response()
        }
        _ => (
            status,
            axum::Json(json!({ "message": format!("{code}: {reason}"), "code": 0 })),
        )
            .into_response(),
    }
}
