//! `/oauth2/authorize`: GET shows the consent page ("<app> wants to access your
//! account"), POST carries the decision and redirects back to the app.
//!
//! A request whose `client_id` or `redirect_uri` cannot be trusted gets an error
//! page and never a redirect; other mistakes (response type, scope, PKCE) go back
//! to the verified redirect URI as `error=…&state=…`, as RFC 6749 4.1.2.1 says.

use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{Html, IntoResponse, Response};
use maud::{DOCTYPE, Markup, html};

use super::grants::{KNOWN_SCOPES, Side, form};

/// A validated authorization request.
struct AuthzRequest {
    redirect_uri: String,
    scopes: Vec<String>,
    state: Option<String>,
    code_challenge: Option<String>,
    /// The parameters to carry through the form.
    hidden: Vec<(&'static str, String)>,
}

enum Refusal {
    Page(&'static str),
    Redirect {
        redirect_uri: String,
        error: &'static str,
        description: &'static str,
        state: Option<String>,
    },
}

fn validate(state: &Side<'_>, text: &str) -> Result<AuthzRequest, Refusal> {
    let params = form(text);
    let get = |name: &str| params.get(name).map(String::as_str);
    if get("client_id") != Some(state.app.application_id.to_string().as_str()) {
        return Err(Refusal::Page("Unknown Application: invalid client_id."));
    }
    let redirect_uri = get("redirect_uri")
        .filter(|uri| state.oauth.redirect_uris.iter().any(|r| r == uri))
        .ok_or(Refusal::Page("Invalid OAuth2 redirect_uri."))?
        .to_owned();
    let oauth_state = get("state").map(str::to_owned);
    let refuse = |error, description| Refusal::Redirect {
        redirect_uri: redirect_uri.clone(),
        error,
        description,
        state: oauth_state.clone(),
    };
    if get("response_type") != Some("code") {
        return Err(refuse(
            "unsupported_response_type",
            "response_type must be code",
        ));
    }
    let raw_scope = get("scope").unwrap_or("");
    let mut scopes: Vec<String> = Vec::new();
    for scope in raw_scope.split(' ').filter(|s| !s.is_empty()) {
        if !KNOWN_SCOPES.contains(&scope) {
            return Err(refuse("invalid_scope", "The requested scope is invalid."));
        }
        if !scopes.iter().any(|s| s == scope) {
            scopes.push(scope.to_owned());
        }
    }
    if scopes.is_empty() {
        return Err(refuse("invalid_scope", "The requested scope is invalid."));
    }
    let code_challenge = get("code_challenge").map(str::to_owned);
    if code_challenge.is_some() && get("code_challenge_method") != Some("S256") {
        return Err(refuse(
            "invalid_request",
            "code_challenge_method must be S256",
        ));
    }
    let mut hidden = vec![
        ("client_id", state.app.application_id.to_string()),
        ("redirect_uri", redirect_uri.clone()),
        ("response_type", "code".to_owned()),
        ("scope", raw_scope.to_owned()),
    ];
    if let Some(s) = &oauth_state {
        hidden.push(("state", s.clone()));
    }
    if let Some(challenge) = &code_challenge {
        hidden.push(("code_challenge", challenge.clone()));
        hidden.push(("code_challenge_method", "S256".to_owned()));
    }
    Ok(AuthzRequest {
        redirect_uri,
        scopes,
        state: oauth_state,
        code_challenge,
        hidden,
    })
}

/// `GET /oauth2/authorize?…`
pub(super) fn show(state: &Side<'_>, query: &str) -> Response {
    match validate(state, query) {
        Ok(request) => Html(page(state, &request).into_string()).into_response(),
        Err(refusal) => refused(refusal),
    }
}

/// `POST /oauth2/authorize`: the form's fields plus `user_id` and `decision`.
pub(super) fn decide(state: &mut Side<'_>, text: &str) -> Response {
    let request = match validate(state, text) {
        Ok(request) => request,
        Err(refusal) => return refused(refusal),
    };
    let params = form(text);
    match params.get("decision").map(String::as_str) {
        Some("approve") => {}
        Some("deny") => {
            return refused(Refusal::Redirect {
                redirect_uri: request.redirect_uri,
                error: "access_denied",
                description: "The resource owner or authorization server denied the request",
                state: request.state,
            });
        }
        _ => return error_page("Choose Authorize or Cancel."),
    }
    let user_id = params
        .get("user_id")
        .and_then(|u| u.parse::<u64>().ok())
        .filter(|u| state.oauth.users.contains_key(u));
    let Some(user_id) = user_id else {
        return error_page("Choose the account to sign in with.");
    };
    let code = state.oauth.issue_code(
        user_id,
        request.scopes,
        &request.redirect_uri,
        request.code_challenge,
    );
    let mut pairs = vec![("code", code)];
    if let Some(s) = request.state {
        pairs.push(("state", s));
    }
    redirect(&request.redirect_uri, &pairs)
}

fn refused(refusal: Refusal) -> Response {
    match refusal {
        Refusal::Page(message) => error_page(message),
        Refusal::Redirect {
            redirect_uri,
            error,
            description,
            state,
        } => {
            let mut pairs = vec![
                ("error", error.to_owned()),
                ("error_description", description.to_owned()),
            ];
            if let Some(s) = state {
                pairs.push(("state", s));
            }
            redirect(&redirect_uri, &pairs)
        }
    }
}

/// 302 to `base` with `pairs` added to its query.
fn redirect(base: &str, pairs: &[(&str, String)]) -> Response {
    match url::Url::parse(base) {
        Ok(mut url) => {
            url.query_pairs_mut().extend_pairs(pairs);
            (StatusCode::FOUND, [(LOCATION, url.to_string())]).into_response()
        }
        Err(_) => error_page("Invalid OAuth2 redirect_uri."),
    }
}

fn error_page(message: &str) -> Response {
    let body = layout(
        "Discord (fake): authorization failed",
        html! {
            h1 { "Something went wrong" }
            p.error { (message) }
        },
    );
    (StatusCode::BAD_REQUEST, Html(body.into_string())).into_response()
}

fn scope_description(scope: &str) -> &'static str {
    match scope {
        "identify" => "Access your username, avatar, and banner",
        "role_connections.write" => "Update your connection and metadata for this app",
        "email" => "Access your email address",
        "guilds" => "Know what servers you're in",
        "guilds.members.read" => "Read your member info (nickname, avatar, roles) in servers",
        "connections" => "Access your third-party connections",
        "openid" => "Access your account identifier",
        _ => "Use application commands",
    }
}

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                link rel="icon" href="data:,";
                title { (title) }
                style {
                    "body{font-family:system-ui,sans-serif;background:#313338;color:#f2f3f5;margin:0}"
                    "main{max-width:28rem;margin:3rem auto;padding:1.5rem;background:#2b2d31;border-radius:.5rem}"
                    "label{display:block;padding:.3rem 0}button{font:inherit;padding:.5rem 1.2rem;"
                    "border-radius:.25rem;border:0;margin-right:.5rem}button.approve{background:#5865f2;color:#fff}"
                    ".error{color:#fa777c}"
                }
            }
            body { main { (body) } }
        }
    }
}

fn page(state: &Side<'_>, request: &AuthzRequest) -> Markup {
    let app_name = &state.app.bot_name;
    let first = state.oauth.users.keys().next().copied();
    layout(
        &format!("Discord (fake): authorize {app_name}"),
        html! {
            h1 { (app_name) " wants to access your account" }
            p { "This will allow the developer of " (app_name) " to:" }
            ul {
                @for scope in &request.scopes {
                    li { (scope_description(scope)) " (" code { (scope) } ")" }
                }
            }
            p { "Once you authorize, you will be redirected outside of Discord to: "
                code { (request.redirect_uri) } }
            form method="post" action="/oauth2/authorize" {
                @for (name, value) in &request.hidden {
                    input type="hidden" name=(name) value=(value);
                }
                fieldset {
                    legend { "Signed in as" }
                    @if state.oauth.users.is_empty() {
                        p.error { "No accounts: this fake Discord has no OAuth users." }
                    }
                    @for (id, user) in &state.oauth.users {
                        label {
                            input type="radio" name="user_id" value=(id) checked[Some(*id) == first];
                            " " (user.global_name.as_deref().unwrap_or(&user.username))
                            " (@" (user.username) ")"
                        }
                    }
                }
                button.cancel type="submit" name="decision" value="deny" { "Cancel" }
                button.approve type="submit" name="decision" value="approve" { "Authorize" }
            }
        },
    )
}
