//! Linked Roles: `DISCORD_CLIENT_SECRET`, the application's OAuth2 secret, turns it on;
//! `LINKED_ROLES=off` turns it off alone.
//! The application id is not configured: it is read from Discord (the bot token's app).

use url::Url;

use super::Secret;
use super::reader::Reader;

/// Where Discord sends members back after they authorize: `PUBLIC_URL/discord/callback`.
pub const DISCORD_CALLBACK_PATH: &str = "/discord/callback";
/// The Linked Roles Verification URL to enter in the developer portal: `PUBLIC_URL/linked-role`.
pub const LINKED_ROLE_PATH: &str = "/linked-role";

/// Linked Roles, when on.
#[derive(Debug, Clone)]
pub struct LinkedRolesConfig {
    pub client_secret: Secret,
    /// `PUBLIC_URL/discord/callback`, exactly (Discord compares it character for character).
    pub redirect_uri: Url,
}

/// `DISCORD_CLIENT_SECRET`, checked: Linked Roles and the dashboard share it. A secret that
/// cannot be one (spaces inside) is a problem, and `None`.
pub(super) fn client_secret(r: &mut Reader<'_>) -> Option<Secret> {
    let secret = r.optional("DISCORD_CLIENT_SECRET")?;
    if secret.chars().any(|c| c.is_whitespace() || c.is_control()) {
        // Never quote the value: it is a secret even when mistyped.
        r.problem(
            "DISCORD_CLIENT_SECRET",
            "expected the OAuth2 client secret from the developer portal (OAuth2 → Client Secret), without spaces",
        );
        return None;
    }
    Some(Secret::new(secret))
}

/// `None` is off: no secret, or `LINKED_ROLES=off` (the dashboard may stay on).
pub(super) fn read(
    r: &mut Reader<'_>,
    public_url: Option<&Url>,
    client_secret: Option<Secret>,
) -> Option<LinkedRolesConfig> {
    let on = r.choice(
        "LINKED_ROLES",
        true,
        &[("on", true), ("off", false)],
        "expected on or off",
    );
    let client_secret = client_secret.filter(|_| on)?;
    let public_url = public_url?;
    let base = public_url.as_str().trim_end_matches('/');
    let redirect_uri = Url::parse(&format!("{base}{DISCORD_CALLBACK_PATH}")).ok()?;
    Some(LinkedRolesConfig {
        client_secret,
        redirect_uri,
    })
}
