//! Fake Discord REST API (v10), in memory.
//!
//! The bot reaches Discord only through a base URL (serenity's
//! `HttpBuilder::proxy`), so pointing it at [`FakeDiscord::spawn`]'s address
//! makes every REST call land here as `/api/v10/...`. The fake keeps guilds,
//! roles, members, channels, interaction responses and sent messages, answers
//! with the JSON shapes Discord uses (checked against serenity's model types in
//! the unit tests) and fails the way Discord does: `Unknown Member`, `Missing
//! Permissions` for role hierarchy violations, ...
//!
//! Tests can make it misbehave the way Discord does and then recover: a 429
//! with Discord's rate-limit body and headers, 5xx, a request that never
//! answers, each for the next N requests of a [`Route`] or until cleared
//! ([`FakeDiscord::inject_fault`]), and going off the network altogether
//! ([`FakeDiscord::go_down`], [`FakeDiscord::come_back_up`]).
//!
//! Every request is recorded ([`FakeDiscord::requests`]) before it is routed,
//! and requests no route handles are answered 404 and also listed in
//! [`FakeDiscord::unexpected`].
//!
//! Setup methods given an unknown guild or member log a warning and do nothing.
//!
//! It also plays Discord's OAuth2 for Linked Roles (module `oauth`): the
//! consent page at `/oauth2/authorize`, `POST /api/v10/oauth2/token` and
//! `/revoke`, user Bearer tokens for `GET /users/@me`, and the role
//! connection routes (module `linked_roles`).
//!
//! The same server also speaks the gateway (WebSocket at `/gateway`, in the
//! `gateway` module): a real serenity `Client` can connect, get `READY` and
//! `GUILD_CREATE`s, and be sent interactions and member events.

mod error;
mod faults;
mod gateway;
mod handle;
mod interaction;
mod linked_roles;
mod model;
mod my_guilds;
mod oauth;
mod payload;
mod reply;
mod routes;
mod server;
mod sessions;
mod state;
#[cfg(test)]
mod tests;

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};

use state::{FakeGuild, FakeMember};

pub use faults::{Fault, FaultId, RateLimitScope, Route};
pub use handle::FakeDiscord;
pub use interaction::SlashInvocation;
pub use model::{FakeApp, FakeRole, RecordedRequest};
pub use oauth::DEFAULT_CLIENT_SECRET;
pub use oauth::browser::ConsentError;

/// What happens to the gateway's open WebSocket connections while the fake is
/// down (new ones are refused either way: they share the REST port).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayWhileDown {
    /// Open sessions stay connected and keep receiving dispatches.
    KeepSessions,
    /// Open connections are dropped without a close frame (sessions stay resumable).
    Disconnect,
}

impl FakeDiscord {
    /// The axum router serving `/api/v10/...` (served elsewhere than by
    /// [`Self::spawn`], [`Self::go_down`] has no listener to close).
    pub fn router(&self) -> axum::Router {
        routes::router(self.clone())
    }

    /// Serves the API on `listener` in the background; returns the base URL
    /// (`http://127.0.0.1:PORT`) to give serenity as its proxy.
    pub async fn spawn(self, listener: tokio::net::TcpListener) -> std::io::Result<String> {
        let addr = listener.local_addr()?;
        let router = self.router();
        tokio::spawn(server::serve(listener, router, Arc::clone(&self.network)));
        Ok(format!("http://{addr}"))
    }

    /// The URL `GET /gateway` and `GET /gateway/bot` answer with. Defaults to
    /// `ws://<Host header>/gateway`.
    pub fn set_gateway_url(&self, url: &str) {
        self.lock().gateway_url = Some(url.to_owned());
    }

    /// The user `GET /oauth2/applications/@me` names as the application owner
    /// (default: user 1, `app-owner`).
    pub fn set_app_owner(&self, user_id: u64, username: &str) {
        self.lock().app_owner = (user_id, username.to_owned());
    }

    /// Adds a guild with its `@everyone` role (id == guild id, position 0, no
    /// permissions) and the bot as a member without roles.
    pub fn add_guild(&self, guild_id: u64, name: &str, owner_id: u64) {
        let mut state = self.lock();
        let bot = state.app.bot_user_id;
        let bot_name = state.app.bot_name.clone();
        let mut guild = FakeGuild::new(name, owner_id);
        guild.roles.insert(
            guild_id,
            FakeRole {
                id: guild_id,
                name: "@everyone".into(),
                position: 0,
                permissions: 0,
                managed: false,
            },
        );
        guild
            .members
            .insert(bot, FakeMember::new(&bot_name, true, &[]));
        state.guilds.insert(guild_id, guild);
    }

    pub fn add_role(&self, guild_id: u64, role: FakeRole) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            guild.roles.insert(role.id, role);
        }
    }

    /// Deletes a role the way an admin would: it also disappears from every member.
    pub fn remove_role(&self, guild_id: u64, role_id: u64) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            guild.roles.remove(&role_id);
            for member in guild.members.values_mut() {
                member.roles.remove(&role_id);
            }
        }
    }

    pub fn add_member(&self, guild_id: u64, user_id: u64, username: &str, roles: &[u64]) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            guild
                .members
                .insert(user_id, FakeMember::new(username, false, roles));
        }
    }

    /// Removes a member (they left or were kicked). Removing the bot makes the
    /// guild's endpoints answer 403 `Missing Access`.
    pub fn remove_member(&self, guild_id: u64, user_id: u64) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            guild.members.remove(&user_id);
        }
    }

    /// Sets (or with `None` removes) a member's guild nickname.
    pub fn set_member_nick(&self, guild_id: u64, user_id: u64, nick: Option<&str>) {
        match self
            .lock()
            .guild_mut(guild_id)
            .and_then(|g| g.members.get_mut(&user_id))
        {
            Some(member) => member.nick = nick.map(str::to_owned),
            None => tracing::warn!(guild_id, user_id, "fake Discord: unknown member"),
        }
    }

    /// Sets (or with `None` removes) a user's display name (`global_name`), in
    /// every guild they are in and for their OAuth sign-in.
    pub fn set_global_name(&self, user_id: u64, global_name: Option<&str>) {
        let mut state = self.lock();
        if let Some(user) = state.oauth.users.get_mut(&user_id) {
            user.global_name = global_name.map(str::to_owned);
        }
        for guild in state.guilds.values_mut() {
            if let Some(member) = guild.members.get_mut(&user_id) {
                member.global_name = global_name.map(str::to_owned);
            }
        }
    }

    /// Marks a user as a bot account (or not), in every guild they are in.
    /// (OAuth users keep their display name: see [`Self::add_oauth_user`].)
    pub fn set_user_bot(&self, user_id: u64, bot: bool) {
        for guild in self.lock().guilds.values_mut() {
            if let Some(member) = guild.members.get_mut(&user_id) {
                member.bot = bot;
            }
        }
    }

    /// The member's guild nickname; `None` when they have none (or the guild
    /// or member is unknown).
    pub fn member_nick(&self, guild_id: u64, user_id: u64) -> Option<String> {
        let state = self.lock();
        state
            .guilds
            .get(&guild_id)?
            .members
            .get(&user_id)?
            .nick
            .clone()
    }

    /// Sets the roles of the bot's own member; its highest role decides which
    /// roles it may manage.
    pub fn set_bot_roles(&self, guild_id: u64, roles: &[u64]) {
        let mut state = self.lock();
        let bot = state.app.bot_user_id;
        match state
            .guild_mut(guild_id)
            .and_then(|g| g.members.get_mut(&bot))
        {
            Some(member) => member.roles = roles.iter().copied().collect(),
            None => tracing::warn!(guild_id, "fake Discord: bot is not in this guild"),
        }
    }

    /// Adds a text channel to a guild.
    pub fn add_channel(&self, guild_id: u64, channel_id: u64, name: &str) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            guild.channels.insert(channel_id, name.to_owned());
        }
    }

    /// Sets the language a user's Discord client runs in: the `locale` of their
    /// interactions (default `en-US`).
    pub fn set_user_locale(&self, user_id: u64, locale: &str) {
        self.lock().user_locales.insert(user_id, locale.to_owned());
    }

    /// Sets a guild's `preferred_locale` (its `GUILD_CREATE`, and the `guild_locale` of
    /// interactions in it; default `en-US`).
    pub fn set_guild_locale(&self, guild_id: u64, locale: &str) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            guild.locale = locale.to_owned();
        }
    }

    /// Makes `POST /channels/{dm}/messages` to this user's DM channel fail with
    /// 403 `Cannot send messages to this user` (closed DMs).
    pub fn block_dms(&self, user_id: u64) {
        self.lock().dm_blocked.insert(user_id);
    }

    /// The member's role ids, sorted; `None` if the guild or member is unknown.
    pub fn member_roles(&self, guild_id: u64, user_id: u64) -> Option<Vec<u64>> {
        let state = self.lock();
        let member = state.guilds.get(&guild_id)?.members.get(&user_id)?;
        Some(member.roles.iter().copied().collect())
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().requests.clone()
    }

    /// Forgets recorded requests (both [`Self::requests`] and [`Self::unexpected`]).
    pub fn clear_requests(&self) {
        let mut state = self.lock();
        state.requests_cleared += state.requests.len() as u64;
        state.requests.clear();
        state.unexpected.clear();
    }

    /// Requests no route handled (answered 404 `404: Not Found`).
    pub fn unexpected(&self) -> Vec<RecordedRequest> {
        self.lock().unexpected.clone()
    }

    /// The next `count` role mutations (`PUT`/`DELETE
    /// /guilds/{g}/members/{u}/roles/{r}`) are answered 429; replaces what the
    /// previous call set. Same as [`Self::rate_limit`] on [`Route::role_changes`].
    pub fn rate_limit_next(&self, count: u32, retry_after_secs: f64) {
        let mut state = self.lock();
        if let Some(previous) = state.rate_limit_next.take() {
            state.faults.clear(previous);
        }
        let fault = Fault::rate_limited(retry_after_secs);
        let id = state.faults.add(Route::role_changes(), fault, Some(count));
        state.rate_limit_next = Some(id);
    }

    /// Answers requests on `route` with `fault`: the next `count` of them, or
    /// (`None`) every one until [`Self::clear_fault`]. When several faults match
    /// a request, the one injected first applies.
    pub fn inject_fault(&self, route: Route, fault: Fault, count: Option<u32>) -> FaultId {
        self.lock().faults.add(route, fault, count)
    }

    /// The next `count` requests on `route` get Discord's 429 (`user` scope)
    /// with `retry_after` seconds in the body and headers.
    pub fn rate_limit(&self, route: Route, count: u32, retry_after_secs: f64) -> FaultId {
        self.inject_fault(route, Fault::rate_limited(retry_after_secs), Some(count))
    }

    /// Requests on `route` get `status` (500–599; see [`Fault::ServerError`]):
    /// the next `count`, or all until cleared.
    pub fn server_error(&self, route: Route, status: u16, count: Option<u32>) -> FaultId {
        self.inject_fault(route, Fault::ServerError { status }, count)
    }

    /// Every REST request (not the gateway) waits `latency` before it is handled, as a
    /// distant Discord would; `Duration::ZERO` (the default) answers at once.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    /// Requests on `route` are held unanswered until the fault is cleared, then
    /// handled normally. Held requests block nothing else: other requests, the
    /// gateway and shutting down go on.
    pub fn hang(&self, route: Route) -> FaultId {
        self.inject_fault(route, Fault::Hang, None)
    }

    /// Removes one fault (a used-up counted fault is already gone); requests it
    /// holds are handled now.
    pub fn clear_fault(&self, id: FaultId) {
        self.lock().faults.clear(id);
    }

    /// Removes every fault, releasing held requests: REST is back to normal.
    pub fn clear_faults(&self) {
        let mut state = self.lock();
        state.faults.clear_all();
        state.rate_limit_next = None;
    }

    /// Faults still in place (counted ones drop out once used up).
    pub fn active_faults(&self) -> usize {
        self.lock().faults.active()
    }

    /// Takes the fake off the network: returns once every listening socket is
    /// closed (connecting to the port is refused) and every open HTTP connection
    /// dropped, with the requests it held unanswered. Open gateway connections
    /// stay or go as `gateway` says.
    pub async fn go_down(&self, gateway: GatewayWhileDown) {
        if gateway == GatewayWhileDown::Disconnect {
            self.drop_gateway_connections();
        }
        self.network.set_down().await;
    }

    /// Listens again on the same ports; returns once every listener is bound
    /// (an error if a port could not be bound again within 10 s).
    pub async fn come_back_up(&self) -> std::io::Result<()> {
        self.network.set_up().await
    }

    /// Whether the fake is on the network (not between [`Self::go_down`] and
    /// [`Self::come_back_up`]).
    pub fn is_up(&self) -> bool {
        self.network.is_up()
    }

    /// Waits until a recorded request satisfies `predicate` and returns the first
    /// that does (also if it arrived before the call); `None` on timeout. To wait
    /// for an answer, ask for `answered_at.is_some()`.
    pub async fn wait_for_request(
        &self,
        predicate: impl Fn(&RecordedRequest) -> bool,
        timeout: Duration,
    ) -> Option<RecordedRequest> {
        let mut activity = self.rest_activity();
        let wait = async {
            loop {
                if let Some(found) = self.lock().requests.iter().find(|r| predicate(r)) {
                    return Some(found.clone());
                }
                if activity.changed().await.is_err() {
                    return None;
                }
            }
        };
        tokio::time::timeout(timeout, wait).await.ok().flatten()
    }

    /// Bodies of `POST /interactions/{id}/{token}/callback`, as `(token, body)`.
    pub fn interaction_responses(&self) -> Vec<(String, Value)> {
        self.lock().interaction_responses.clone()
    }

    /// The interaction's original response message after all edits.
    pub fn original_message(&self, token: &str) -> Option<Value> {
        self.lock().webhook_messages.get(token)?.original.clone()
    }

    /// Follow-up messages sent with `POST /webhooks/{app}/{token}`, after edits.
    pub fn followups(&self, token: &str) -> Vec<Value> {
        self.lock()
            .webhook_messages
            .get(token)
            .map(|messages| messages.followups.clone())
            .unwrap_or_default()
    }

    /// Messages (Discord message objects) posted to a guild channel.
    pub fn messages(&self, channel_id: u64) -> Vec<Value> {
        self.lock()
            .channel_messages
            .get(&channel_id)
            .cloned()
            .unwrap_or_default()
    }

    /// Messages posted to the DM channel opened with `user_id`.
    pub fn dm_messages(&self, user_id: u64) -> Vec<Value> {
        let state = self.lock();
        state
            .dm_channels
            .get(&user_id)
            .and_then(|channel| state.channel_messages.get(channel))
            .cloned()
            .unwrap_or_default()
    }

    /// Makes guilds with more than `threshold` members `large`, as Discord does past
    /// the Identify's `large_threshold` (serenity sends 250): their `GUILD_CREATE`
    /// carries only the bot's own member, and the client must request the others
    /// (op 8), answered in `GUILD_MEMBERS_CHUNK`s of at most 1000 members.
    /// `None` (the default) sends every member in `GUILD_CREATE`, whatever the size.
    pub fn set_large_threshold(&self, threshold: Option<usize>) {
        self.lock().large_threshold = threshold;
    }

    /// Adds many members at once under one lock (benchmarks seed tens of thousands):
    /// `(user id, username, roles)`, like [`Self::add_member`] for each.
    pub fn add_members(
        &self,
        guild_id: u64,
        members: impl IntoIterator<Item = (u64, String, Vec<u64>)>,
    ) {
        if let Some(guild) = self.lock().guild_mut(guild_id) {
            for (user_id, username, roles) in members {
                guild
                    .members
                    .insert(user_id, FakeMember::new(&username, false, &roles));
            }
        }
    }

    /// Adds a Discord account that can sign in on the OAuth2 consent page (and
    /// whose `GET /users/@me` a Bearer token answers with); its display name is
    /// the one [`Self::set_global_name`] set, if any.
    pub fn add_oauth_user(&self, user_id: u64, username: &str) {
        let mut state = self.lock();
        let global_name = state
            .guilds
            .values()
            .find_map(|g| g.members.get(&user_id))
            .and_then(|m| m.global_name.clone());
        let user = oauth::OAuthUser {
            username: username.to_owned(),
            global_name,
        };
        state.oauth.users.insert(user_id, user);
    }

    /// The application's OAuth2 client secret (default [`DEFAULT_CLIENT_SECRET`]).
    pub fn set_client_secret(&self, secret: &str) {
        self.lock().oauth.client_secret = secret.to_owned();
    }

    /// The redirect URIs registered for the application (default none): the
    /// consent page accepts exactly these.
    pub fn set_redirect_uris(&self, uris: &[&str]) {
        self.lock().oauth.redirect_uris = uris.iter().map(|u| (*u).to_owned()).collect();
    }

    /// How long an authorization code can be exchanged (default 10 minutes).
    pub fn set_oauth_code_ttl(&self, ttl: Duration) {
        self.lock().oauth.code_ttl = ttl;
    }

    /// How long an access token lasts, and the `expires_in` answered (default
    /// Discord's 7 days). Refresh tokens do not expire.
    pub fn set_oauth_token_ttl(&self, ttl: Duration) {
        self.lock().oauth.access_ttl = ttl;
    }

    /// Drives the consent page like a browser: opens `authorize_url` (the full URL
    /// the bot built), signs in as `user_id` (an [`Self::add_oauth_user`]) and
    /// presses Authorize; returns the redirect (`redirect_uri?code=…&state=…`).
    pub async fn approve_authorization(
        &self,
        authorize_url: &str,
        user_id: u64,
    ) -> Result<String, ConsentError> {
        oauth::browser::drive(authorize_url, oauth::browser::Decision::Approve(user_id)).await
    }

    /// Like [`Self::approve_authorization`] but presses Cancel; returns the
    /// redirect (`redirect_uri?error=access_denied&…&state=…`).
    pub async fn deny_authorization(&self, authorize_url: &str) -> Result<String, ConsentError> {
        oauth::browser::drive(authorize_url, oauth::browser::Decision::Deny).await
    }

    /// Issues tokens for `user_id` as if they had authorized `scopes` (to seed
    /// links without the consent page): `(access_token, refresh_token)`.
    pub fn grant_user_tokens(&self, user_id: u64, scopes: &[&str]) -> (String, String) {
        let scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        let (access, refresh, _) = self.lock().oauth.grant(user_id, scopes);
        (access, refresh)
    }

    /// Revokes every token and code issued to `user_id` (as when they remove the
    /// app's access in their settings): Bearer calls answer 401, refreshing
    /// answers `invalid_grant`.
    pub fn revoke_user_tokens(&self, user_id: u64) {
        self.lock().oauth.revoke_user(user_id);
    }

    /// The user's role connection as last pushed (`{platform_name,
    /// platform_username, metadata}`); `None` if never pushed or deleted.
    pub fn role_connection(&self, user_id: u64) -> Option<Value> {
        self.lock().linked_roles.connections.get(&user_id).cloned()
    }

    /// The application's role connection metadata records, as last registered.
    pub fn role_connection_metadata(&self) -> Vec<Value> {
        self.lock().linked_roles.metadata.clone()
    }

    /// The body of the latest `PUT .../commands` (global or guild).
    pub fn registered_commands(&self) -> Option<Value> {
        self.lock().registered_commands.clone()
    }

    /// The body of the latest `PUT /applications/{app}/guilds/{guild}/commands`.
    pub fn registered_guild_commands(&self, guild_id: u64) -> Option<Value> {
        self.lock().guild_commands.get(&guild_id).cloned()
    }
}

/// The world changing outside the bot: the fake's state changes, then the gateway tells.
impl FakeDiscord {
    /// A member joins: adds them to the guild (no roles) and dispatches `GUILD_MEMBER_ADD`.
    pub fn member_join(&self, guild_id: u64, user_id: u64, username: &str) {
        self.add_member(guild_id, user_id, username, &[]);
        if let Some(member) = self.member_payload(guild_id, user_id) {
            self.dispatch("GUILD_MEMBER_ADD", member);
        }
    }

    /// A bot account joins: like [`Self::member_join`], with `user.bot` set.
    pub fn bot_join(&self, guild_id: u64, user_id: u64, username: &str) {
        self.add_member(guild_id, user_id, username, &[]);
        self.set_user_bot(user_id, true);
        if let Some(member) = self.member_payload(guild_id, user_id) {
            self.dispatch("GUILD_MEMBER_ADD", member);
        }
    }

    /// A member changed outside the bot (their nickname or display name, a role an admin
    /// gave): dispatches `GUILD_MEMBER_UPDATE` with the member as stored now.
    pub fn member_updated(&self, guild_id: u64, user_id: u64) {
        if let Some(member) = self.member_payload(guild_id, user_id) {
            self.dispatch("GUILD_MEMBER_UPDATE", member);
        }
    }

    /// An admin edits a role (its permissions, name or position): stores it and dispatches
    /// `GUILD_ROLE_UPDATE`.
    pub fn role_updated(&self, guild_id: u64, role: FakeRole) {
        let payload = payload::role(&role);
        self.add_role(guild_id, role);
        self.dispatch(
            "GUILD_ROLE_UPDATE",
            json!({ "guild_id": guild_id.to_string(), "role": payload }),
        );
    }

    /// A member leaves: removes them and dispatches `GUILD_MEMBER_REMOVE`.
    pub fn member_leave(&self, guild_id: u64, user_id: u64) {
        let user = self.lock().user(user_id);
        self.remove_member(guild_id, user_id);
        self.dispatch(
            "GUILD_MEMBER_REMOVE",
            json!({ "guild_id": guild_id.to_string(), "user": user }),
        );
    }
}
