//! Request recording and routing. One fallback handler records the request,
//! checks the token and dispatches on `(method, path segments)`.

use std::collections::BTreeSet;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, Method, Uri};
use axum::response::Response;
use serde_json::{Value, json};

use super::error::FieldError;
use super::faults::Caught;
use super::gateway;
use super::handle::FakeDiscord;
use super::linked_roles;
use super::model::{INTERACTION_CHANNEL_ID, RecordedRequest};
use super::my_guilds;
use super::oauth;
use super::payload::{self, MessageSpec};
use super::reply::{Outcome, Reply, api_error, reply};
use super::state::{ApiError, NICK_MAX_CHARS, State, now};

/// Default page size of `GET /guilds/{g}/members`, and its maximum.
const MEMBERS_DEFAULT_LIMIT: usize = 1;
const MEMBERS_MAX_LIMIT: usize = 1000;

pub(super) fn router(fake: FakeDiscord) -> Router {
    Router::new()
        .route("/gateway", axum::routing::get(gateway::upgrade))
        .fallback(handle)
        .layer(axum::middleware::from_fn_with_state(
            fake.clone(),
            gateway::after_request,
        ))
        .with_state(fake)
}

async fn handle(
    AxumState(fake): AxumState<FakeDiscord>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = record(&method, &uri, &headers, &body);
    let member = member_change(&request);
    let (number, caught, latency) = {
        let mut state = fake.lock();
        let number = state.record(request.clone());
        let caught = state.faults.catch(&request.method, &request.path);
        (number, caught, state.latency)
    };
    fake.note_rest_activity();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = match caught {
        Some(Caught::Answer(response)) => response,
        Some(Caught::Hold(mut release)) => {
            // Resolves (with an error) once the fault is cleared and its sender dropped.
            let _ = release.changed().await;
            respond(&fake, request, &headers)
        }
        None => respond(&fake, request, &headers),
    };
    fake.lock().answered(number, response.status().as_u16());
    fake.note_rest_activity();
    // Like Discord, tell the gateway about a member whose roles or nickname changed
    // over REST (the bot's cache learns its own changes this way).
    if response.status().is_success()
        && let Some((guild_id, user_id)) = member
        && let Some(payload) = fake.member_payload(guild_id, user_id)
    {
        fake.member_changed_over_rest(payload);
    }
    response
}

/// `(guild, user)` of a request that changes a member: `PUT`/`DELETE
/// /guilds/{g}/members/{u}/roles/{r}` or `PATCH /guilds/{g}/members/{u}`.
fn member_change(request: &RecordedRequest) -> Option<(u64, u64)> {
    let rest = request.path.strip_prefix("/api/v10/")?;
    match (
        request.method.as_str(),
        rest.split('/').collect::<Vec<_>>().as_slice(),
    ) {
        ("PUT" | "DELETE", ["guilds", g, "members", u, "roles", _])
        | ("PATCH", ["guilds", g, "members", u]) => Some((g.parse().ok()?, u.parse().ok()?)),
        _ => None,
    }
}

/// Synchronous so the state lock can never be held across an await.
fn respond(fake: &FakeDiscord, request: RecordedRequest, headers: &HeaderMap) -> Response {
    // Read before taking the state lock: the gateway's lock is never taken inside it.
    let app_flags = fake.application_flags();
    let mut guard = fake.lock();
    let state: &mut State = &mut guard;
    let mut oauth_side = oauth::Side {
        app: &state.app,
        oauth: &mut state.oauth,
    };
    if let Some(response) = oauth::respond(&mut oauth_side, &request) {
        return response;
    }
    if request.method == "GET"
        && request.path == my_guilds::PATH
        && request.authorization.as_deref() == Some(&format!("Bot {}", state.app.token))
    {
        let bot = state.app.bot_user_id;
        return reply(Ok(Reply::Json(my_guilds::list(
            state,
            bot,
            request.query.as_deref(),
        ))));
    }
    if let Some(token) = oauth::bearer_token(&request) {
        return bearer_route(state, &request, token);
    }
    // The role connection is the user's: a bot token cannot reach it.
    if linked_roles::is_role_connection_path(&request.path) {
        return api_error(&ApiError::UNAUTHORIZED);
    }
    let expected_auth = format!("Bot {}", state.app.token);
    if request.authorization.as_deref() != Some(expected_auth.as_str()) {
        return api_error(&ApiError::UNAUTHORIZED);
    }
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    match dispatch(state, &request, Context { host, app_flags }) {
        Some(outcome) => reply(outcome),
        None => {
            tracing::warn!(method = %request.method, path = %request.path, "fake Discord: unexpected request");
            state.unexpected.push(request);
            api_error(&ApiError::NOT_FOUND)
        }
    }
}

/// A request with a user's Bearer token: `GET /users/@me` (scope `identify`) or their role
/// connection; nothing else (the bot's routes need the bot token).
fn bearer_route(state: &mut State, request: &RecordedRequest, token: &str) -> Response {
    let Some(grant) = state.oauth.bearer(token).cloned() else {
        return api_error(&ApiError::UNAUTHORIZED);
    };
    let has = |scope: &str| grant.scopes.iter().any(|s| s == scope);
    let answer = match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/api/v10/users/@me") if has(oauth::SCOPE_IDENTIFY) => {
            Some(Ok(Reply::Json(oauth::current_user(&state.oauth, &grant))))
        }
        ("GET", "/api/v10/users/@me") => Some(Err(ApiError::UNAUTHORIZED)),
        ("GET", my_guilds::PATH) if has(oauth::SCOPE_GUILDS) => Some(Ok(Reply::Json(
            my_guilds::list(state, grant.user_id, request.query.as_deref()),
        ))),
        ("GET", my_guilds::PATH) => Some(Err(ApiError::UNAUTHORIZED)),
        _ => linked_roles::role_connection(
            state.app.application_id,
            &mut state.linked_roles,
            request,
            &grant,
        ),
    };
    reply(answer.unwrap_or(Err(ApiError::UNAUTHORIZED)))
}

fn record(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> RecordedRequest {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    RecordedRequest {
        method: method.as_str().to_owned(),
        path: uri.path().to_owned(),
        query: uri.query().map(str::to_owned),
        body: parse_body(header(CONTENT_TYPE.as_str()).as_deref(), body),
        authorization: header(AUTHORIZATION.as_str()),
        audit_log_reason: header("x-audit-log-reason").map(|v| percent_decode(&v)),
        received_at: std::time::Instant::now(),
        answered_at: None,
        status: None,
    }
}

fn parse_body(content_type: Option<&str>, body: &[u8]) -> Option<Value> {
    if body.is_empty() {
        return None;
    }
    let boundary = content_type
        .filter(|ct| ct.starts_with("multipart/form-data"))
        .and_then(|ct| ct.split("boundary=").nth(1))
        .map(|b| b.trim_matches('"'));
    if let Some(json) = boundary.and_then(|b| multipart_payload_json(body, b)) {
        return Some(json);
    }
    Some(
        serde_json::from_slice(body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned())),
    )
}

/// The `payload_json` part of a multipart body, parsed.
fn multipart_payload_json(body: &[u8], boundary: &str) -> Option<Value> {
    let text = String::from_utf8_lossy(body);
    text.split(&format!("--{boundary}")).find_map(|part| {
        let (head, content) = part.split_once("\r\n\r\n")?;
        if !head.contains("name=\"payload_json\"") {
            return None;
        }
        serde_json::from_str(content.trim_end_matches("\r\n")).ok()
    })
}

pub(super) fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn id(segment: &str) -> Result<u64, ApiError> {
    segment
        .parse::<u64>()
        .ok()
        .filter(|id| *id != 0)
        .ok_or(ApiError::INVALID_FORM_BODY)
}

/// What the bot-token routes need from outside the state.
struct Context<'a> {
    /// The `Host` the request came to (for the gateway URL).
    host: &'a str,
    /// The application's flags (they follow the gateway's privileged intents).
    app_flags: u64,
}

/// `None`: no route matches.
fn dispatch(state: &mut State, req: &RecordedRequest, context: Context<'_>) -> Option<Outcome> {
    let rest = req.path.strip_prefix("/api/v10/")?;
    let segments: Vec<&str> = rest.split('/').collect();
    let route = Route {
        method: req.method.as_str(),
        segments: &segments,
        body: req.body.as_ref(),
        query: req.query.as_deref(),
    };
    app_route(state, &route, &context).or_else(|| guild_route(state, &route))
}

/// What the routes match on: the method, the path after `/api/v10/`, and the request's
/// body and query.
struct Route<'r> {
    method: &'r str,
    segments: &'r [&'r str],
    body: Option<&'r Value>,
    query: Option<&'r str>,
}

/// The application's routes: the gateway, the bot user and application, Linked Roles
/// metadata, commands, interaction responses and webhooks.
fn app_route(state: &mut State, route: &Route<'_>, context: &Context<'_>) -> Option<Outcome> {
    let body = route.body;
    let app = state.app.application_id;
    Some(match (route.method, route.segments) {
        ("GET", ["gateway"]) => Ok(Reply::Json(
            json!({ "url": gateway_url(state, context.host) }),
        )),
        ("GET", ["gateway", "bot"]) => Ok(Reply::Json(gateway_bot(state, context.host))),
        ("GET", ["users", "@me"]) => Ok(Reply::Json(payload::current_user(
            state.app.bot_user_id,
            &state.app.bot_name,
        ))),
        ("GET", ["oauth2", "applications", "@me"] | ["applications", "@me"]) => {
            Ok(Reply::Json(application(state, context.app_flags)))
        }
        (method, ["applications", a, "role-connections", "metadata"]) => {
            if *a == app.to_string() {
                linked_roles::metadata(&mut state.linked_roles, method, body)?
            } else {
                Err(ApiError::UNKNOWN_APPLICATION)
            }
        }
        (method, ["applications", a, "commands"]) if *a == app.to_string() => {
            commands(state, method, None, body)?
        }
        (method, ["applications", a, "guilds", g, "commands"]) if *a == app.to_string() => {
            match id(g) {
                Ok(g) => commands(state, method, Some(g), body)?,
                Err(error) => Err(error),
            }
        }
        ("POST", ["interactions", _, token, "callback"]) => {
            interaction_callback(state, token, body)
        }
        ("POST", ["webhooks", a, token]) => {
            check_app(app, a).and_then(|()| followup(state, token, body))
        }
        (method, ["webhooks", a, token, "messages", message]) => match check_app(app, a) {
            Ok(()) => webhook_message(state, method, token, message, body)?,
            Err(error) => Err(error),
        },
        _ => return None,
    })
}

/// The guild, member, channel and DM routes.
fn guild_route(state: &mut State, route: &Route<'_>) -> Option<Outcome> {
    let body = route.body;
    Some(match (route.method, route.segments) {
        ("GET", ["guilds", g]) => id(g).and_then(|g| get_guild(state, g, route.query)),
        ("GET", ["guilds", g, "roles"]) => id(g).and_then(|g| {
            let guild = state.visible_guild(g)?;
            Ok(Reply::Json(
                guild.roles.values().map(payload::role).collect(),
            ))
        }),
        ("GET", ["guilds", g, "channels"]) => id(g).and_then(|g| {
            let guild = state.visible_guild(g)?;
            let channels = guild.channels.iter().enumerate();
            let list = channels.map(|(pos, (c, name))| payload::guild_channel(g, *c, name, pos));
            Ok(Reply::Json(list.collect()))
        }),
        ("GET", ["guilds", g, "members"]) => {
            id(g).and_then(|g| list_members(state, g, route.query))
        }
        ("GET", ["guilds", g, "members", u]) => {
            let (g, u) = (id(g), id(u));
            g.and_then(|g| get_member(state, g, u?))
        }
        ("PATCH", ["guilds", g, "members", u]) => {
            let (g, u) = (id(g), id(u));
            g.and_then(|g| modify_member(state, g, u?, body))
        }
        (method @ ("PUT" | "DELETE"), ["guilds", g, "members", u, "roles", r]) => {
            member_role(state, method, (g, u, r))
        }
        ("GET", ["channels", c]) => id(c).and_then(|c| get_channel(state, c)),
        ("POST", ["users", "@me", "channels"]) => create_dm(state, body),
        ("POST", ["channels", c, "messages"]) => id(c).and_then(|c| create_message(state, c, body)),
        _ => return None,
    })
}

/// `GET /gateway/bot`: the URL, one shard, and a session start limit far from reached.
fn gateway_bot(state: &State, host: &str) -> Value {
    json!({
        "url": gateway_url(state, host),
        "shards": 1,
        "session_start_limit": {
            "total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1,
        },
    })
}

/// `GET /applications/@me`: the application with its owner, flags and redirect URIs.
fn application(state: &State, app_flags: u64) -> Value {
    let (owner_id, owner_name) = &state.app_owner;
    let owner = payload::user(*owner_id, owner_name, false);
    let mut application = payload::application(
        state.app.application_id,
        &state.app.bot_name,
        state.bot_user(),
        owner,
    );
    application["flags"] = json!(app_flags);
    application["redirect_uris"] = json!(state.oauth.redirect_uris);
    application
}

fn gateway_url(state: &State, host: &str) -> String {
    state
        .gateway_url
        .clone()
        .unwrap_or_else(|| format!("ws://{host}/gateway"))
}

fn check_app(app: u64, segment: &str) -> Result<(), ApiError> {
    if segment == app.to_string() {
        Ok(())
    } else {
        Err(ApiError::UNKNOWN_WEBHOOK)
    }
}

/// `GET`/`PUT /applications/{app}[/guilds/{g}]/commands`; `None` for other methods.
fn commands(
    state: &mut State,
    method: &str,
    guild: Option<u64>,
    body: Option<&Value>,
) -> Option<Outcome> {
    if let Some(g) = guild
        && let Err(error) = state.visible_guild(g)
    {
        return Some(Err(error));
    }
    match method {
        "GET" => Some(Ok(Reply::Json(
            state
                .command_objects
                .get(&guild)
                .cloned()
                .unwrap_or(json!([])),
        ))),
        "PUT" => {
            let Some(list) = body.and_then(Value::as_array) else {
                return Some(Err(ApiError::INVALID_FORM_BODY));
            };
            let app = state.app.application_id;
            let answered: Vec<Value> = list
                .iter()
                .map(|c| payload::command(c, state.next_id(), app, guild))
                .collect();
            let answered = Value::Array(answered);
            let body = body.cloned();
            state.registered_commands.clone_from(&body);
            if let (Some(g), Some(body)) = (guild, body) {
                state.guild_commands.insert(g, body);
            }
            state.command_objects.insert(guild, answered.clone());
            Some(Ok(Reply::Json(answered)))
        }
        _ => None,
    }
}

fn interaction_callback(state: &mut State, token: &str, body: Option<&Value>) -> Outcome {
    if state.interaction_responses.iter().any(|(t, _)| t == token) {
        return Err(ApiError::ALREADY_ACKNOWLEDGED);
    }
    let body = body.cloned().ok_or(ApiError::INVALID_FORM_BODY)?;
    let kind = body.get("type").and_then(Value::as_u64);
    let data = body.get("data").cloned().unwrap_or_else(|| json!({}));
    state
        .interaction_responses
        .push((token.to_owned(), body.clone()));
    match kind {
        // CHANNEL_MESSAGE_WITH_SOURCE / DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
        Some(4 | 5) => {
            let message = interaction_message(state, 20, &data);
            state
                .webhook_messages
                .entry(token.to_owned())
                .or_default()
                .original = Some(message);
        }
        // DEFERRED_UPDATE_MESSAGE / UPDATE_MESSAGE
        Some(6 | 7) => {
            let existing = state
                .webhook_messages
                .get(token)
                .and_then(|m| m.original.clone());
            let message = match existing {
                Some(mut message) => {
                    payload::merge_message_fields(&mut message, &data);
                    message
                }
                None => interaction_message(state, 0, &data),
            };
            state
                .webhook_messages
                .entry(token.to_owned())
                .or_default()
                .original = Some(message);
        }
        Some(1 | 8 | 9 | 10 | 12) => {}
        _ => return Err(ApiError::INVALID_FORM_BODY),
    }
    Ok(Reply::NoContent)
}

fn interaction_message(state: &mut State, kind: u8, fields: &Value) -> Value {
    let spec = MessageSpec {
        id: state.next_id(),
        channel_id: INTERACTION_CHANNEL_ID,
        author: state.bot_user(),
        kind,
        webhook_id: Some(state.app.application_id),
        application_id: Some(state.app.application_id),
        timestamp: &now(),
    };
    payload::message(&spec, fields)
}

fn followup(state: &mut State, token: &str, body: Option<&Value>) -> Outcome {
    let message = interaction_message(state, 0, body.ok_or(ApiError::INVALID_FORM_BODY)?);
    let messages = state.webhook_messages.entry(token.to_owned()).or_default();
    messages.followups.push(message.clone());
    Ok(Reply::Json(message))
}

/// `GET`/`PATCH`/`DELETE /webhooks/{app}/{token}/messages/{@original|id}`.
/// Editing `@original` before any callback creates it (lenient on purpose).
fn webhook_message(
    state: &mut State,
    method: &str,
    token: &str,
    message: &str,
    body: Option<&Value>,
) -> Option<Outcome> {
    if method == "PATCH"
        && message == "@original"
        && state
            .webhook_messages
            .get(token)
            .and_then(|m| m.original.as_ref())
            .is_none()
    {
        let created = interaction_message(state, 20, &json!({}));
        state
            .webhook_messages
            .entry(token.to_owned())
            .or_default()
            .original = Some(created);
    }
    let messages = state.webhook_messages.get_mut(token);
    let slot: Option<&mut Value> = match (messages, message) {
        (Some(m), "@original") => m.original.as_mut(),
        (Some(m), id) => m.followups.iter_mut().find(|f| f["id"] == id),
        (None, _) => None,
    };
    let Some(slot) = slot else {
        return matches!(method, "GET" | "PATCH" | "DELETE")
            .then_some(Err(ApiError::UNKNOWN_MESSAGE));
    };
    match method {
        "GET" => Some(Ok(Reply::Json(slot.clone()))),
        "PATCH" => {
            if let Some(fields) = body {
                payload::merge_message_fields(slot, fields);
            }
            slot["edited_timestamp"] = json!(now());
            Some(Ok(Reply::Json(slot.clone())))
        }
        "DELETE" => {
            if let Some(m) = state.webhook_messages.get_mut(token) {
                if message == "@original" {
                    m.original = None;
                } else {
                    m.followups.retain(|f| f["id"] != message);
                }
            }
            Some(Ok(Reply::NoContent))
        }
        _ => None,
    }
}

/// Parses `a=1&b=2` (serenity writes `?&a=1`, hence the empty pairs).
fn query_param<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

fn get_guild(state: &State, guild_id: u64, query: Option<&str>) -> Outcome {
    let guild = state.visible_guild(guild_id)?;
    let counts =
        (query_param(query, "with_counts") == Some("true")).then_some(guild.members.len() as u64);
    let roles = guild.roles.values().map(payload::role).collect();
    Ok(Reply::Json(payload::guild(
        guild_id,
        &guild.name,
        guild.owner_id,
        roles,
        counts,
    )))
}

fn list_members(state: &State, guild_id: u64, query: Option<&str>) -> Outcome {
    let guild = state.visible_guild(guild_id)?;
    let limit = match query_param(query, "limit") {
        None => MEMBERS_DEFAULT_LIMIT,
        Some(l) => l
            .parse::<usize>()
            .ok()
            .filter(|l| (1..=MEMBERS_MAX_LIMIT).contains(l))
            .ok_or(ApiError::INVALID_FORM_BODY)?,
    };
    let after = match query_param(query, "after") {
        None => 0,
        Some(a) => a.parse::<u64>().map_err(|_| ApiError::INVALID_FORM_BODY)?,
    };
    let page = guild
        .members
        .range(after.saturating_add(1)..)
        .take(limit)
        .map(|(id, m)| m.payload(*id));
    Ok(Reply::Json(page.collect()))
}

fn get_member(state: &State, guild_id: u64, user_id: u64) -> Outcome {
    let guild = state.visible_guild(guild_id)?;
    let member = guild
        .members
        .get(&user_id)
        .ok_or(ApiError::UNKNOWN_MEMBER)?;
    Ok(Reply::Json(member.payload(user_id)))
}

/// `PATCH /guilds/{g}/members/{u}`: `nick` (null or empty resets it) and
/// `roles` (the whole list), each under Discord's permission rules; the other
/// fields Discord takes (voice state, timeout, flags) are accepted and ignored.
/// Answers the updated member. Validation (400) comes before permissions (403).
fn modify_member(state: &mut State, guild_id: u64, user_id: u64, body: Option<&Value>) -> Outcome {
    let fields = body
        .and_then(Value::as_object)
        .ok_or(ApiError::INVALID_FORM_BODY)?;
    let nick = match fields.get("nick") {
        None => None,
        Some(Value::Null) => Some(None),
        Some(Value::String(nick)) if nick.chars().count() > NICK_MAX_CHARS => {
            return Err(ApiError::form(vec![FieldError::too_long(
                "nick",
                NICK_MAX_CHARS,
            )]));
        }
        Some(Value::String(nick)) => Some((!nick.is_empty()).then(|| nick.clone())),
        Some(other) => {
            let message = format!("Could not interpret \"{other}\" as string.");
            return Err(ApiError::form(vec![FieldError::new(
                "nick",
                "BASE_TYPE_STRING",
                message,
            )]));
        }
    };
    let roles = match fields.get("roles") {
        None | Some(Value::Null) => None,
        Some(Value::Array(list)) => {
            let ids: Option<BTreeSet<u64>> =
                list.iter().map(|r| gateway::snowflake(Some(r))).collect();
            Some(ids.ok_or(ApiError::INVALID_FORM_BODY)?)
        }
        Some(_) => return Err(ApiError::INVALID_FORM_BODY),
    };
    let bot = state.app.bot_user_id;
    let guild = state.visible_guild(guild_id)?;
    let member = guild
        .members
        .get(&user_id)
        .ok_or(ApiError::UNKNOWN_MEMBER)?;
    if nick.is_some() {
        guild.check_can_change_nick(guild_id, bot, user_id)?;
    }
    if let Some(roles) = &roles {
        for changed in roles.symmetric_difference(&member.roles) {
            // @everyone is nobody's to add or remove, and never listed.
            if *changed != guild_id {
                guild.check_can_manage(guild_id, bot, *changed)?;
            }
        }
    }
    let member = state
        .guilds
        .get_mut(&guild_id)
        .and_then(|g| g.members.get_mut(&user_id))
        .ok_or(ApiError::UNKNOWN_MEMBER)?;
    if let Some(nick) = nick {
        member.nick = nick;
    }
    if let Some(mut roles) = roles {
        roles.remove(&guild_id);
        member.roles = roles;
    }
    Ok(Reply::Json(member.payload(user_id)))
}

fn member_role(state: &mut State, method: &str, ids: (&&str, &&str, &&str)) -> Outcome {
    let (guild_id, user_id, role_id) = (id(ids.0)?, id(ids.1)?, id(ids.2)?);
    let bot = state.app.bot_user_id;
    let guild = state.visible_guild(guild_id)?;
    if !guild.members.contains_key(&user_id) {
        return Err(ApiError::UNKNOWN_MEMBER);
    }
    guild.check_can_manage(guild_id, bot, role_id)?;
    let member = state
        .guilds
        .get_mut(&guild_id)
        .and_then(|g| g.members.get_mut(&user_id))
        .ok_or(ApiError::UNKNOWN_MEMBER)?;
    if method == "PUT" {
        member.roles.insert(role_id);
    } else {
        member.roles.remove(&role_id);
    }
    Ok(Reply::NoContent)
}

fn create_dm(state: &mut State, body: Option<&Value>) -> Outcome {
    let recipient = match body.and_then(|b| b.get("recipient_id")) {
        Some(Value::String(s)) => id(s)?,
        Some(Value::Number(n)) => n.as_u64().ok_or(ApiError::INVALID_FORM_BODY)?,
        _ => return Err(ApiError::INVALID_FORM_BODY),
    };
    if recipient == state.app.bot_user_id {
        return Err(ApiError::UNKNOWN_USER);
    }
    let channel = match state.dm_channels.get(&recipient) {
        Some(channel) => *channel,
        None => {
            let channel = state.next_id();
            state.dm_channels.insert(recipient, channel);
            channel
        }
    };
    Ok(Reply::Json(payload::dm_channel(
        channel,
        state.user(recipient),
    )))
}

/// `GET /channels/{id}` for a guild text channel (what resolving a channel option reads).
fn get_channel(state: &State, channel_id: u64) -> Outcome {
    let (guild_id, guild) = state
        .guilds
        .iter()
        .find(|(_, guild)| guild.channels.contains_key(&channel_id))
        .ok_or(ApiError::UNKNOWN_CHANNEL)?;
    state.visible_guild(*guild_id)?;
    let (position, name) = guild
        .channels
        .iter()
        .enumerate()
        .find_map(|(pos, (c, name))| (*c == channel_id).then_some((pos, name)))
        .ok_or(ApiError::UNKNOWN_CHANNEL)?;
    Ok(Reply::Json(payload::guild_channel(
        *guild_id, channel_id, name, position,
    )))
}

fn create_message(state: &mut State, channel_id: u64, body: Option<&Value>) -> Outcome {
    let dm_user = state
        .dm_channels
        .iter()
        .find_map(|(user, c)| (*c == channel_id).then_some(*user));
    match dm_user {
        Some(user) if state.dm_blocked.contains(&user) => return Err(ApiError::CANNOT_DM),
        Some(_) => {}
        None => {
            let guild = state
                .guilds
                .iter()
                .find_map(|(g, guild)| guild.channels.contains_key(&channel_id).then_some(*g))
                .ok_or(ApiError::UNKNOWN_CHANNEL)?;
            state.visible_guild(guild)?;
        }
    }
    let fields = body.cloned().unwrap_or_else(|| json!({}));
    let non_empty = |key: &&str| match fields.get(*key) {
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(_)) => true,
        _ => false,
    };
    if !["content", "embeds", "components", "sticker_ids", "poll"]
        .iter()
        .any(non_empty)
    {
        return Err(ApiError::EMPTY_MESSAGE);
    }
    let spec = MessageSpec {
        id: state.next_id(),
        channel_id,
        author: state.bot_user(),
        kind: 0,
        webhook_id: None,
        application_id: None,
        timestamp: &now(),
    };
    let message = payload::message(&spec, &fields);
    state
        .channel_messages
        .entry(channel_id)
        .or_default()
        .push(message.clone());
    Ok(Reply::Json(message))
}
