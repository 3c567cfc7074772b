//! The admin dashboard (`PUBLIC_URL/admin`): on with `DISCORD_CLIENT_SECRET`, the same
//! OAuth2 application as Linked Roles; `DASHBOARD=off` turns it off alone.

use url::Url;

use super::Secret;
use super::reader::Reader;

/// The dashboard's root: the server list, and the sign-in when signed out.
pub const ADMIN_PATH: &str = "/admin";
/// Where Discord sends admins back after they sign in: `PUBLIC_URL/admin/callback`.
pub const ADMIN_CALLBACK_PATH: &str = "/admin/callback";

/// The dashboard, when on.
#[derive(Debug, Clone)]
pub struct DashboardConfig {
    pub client_secret: Secret,
    /// `PUBLIC_URL/admin/callback`, exactly (Discord compares it character for character).
    pub redirect_uri: Url,
    /// `PUBLIC_URL` is https: the session cookie is `Secure` and `__Host-`-prefixed.
    pub secure_cookies: bool,
}

/// `None` is off: no secret, or `DASHBOARD=off`.
pub(super) fn read(
    r: &mut Reader<'_>,
    public_url: Option<&Url>,
    client_secret: Option<Secret>,
) -> Option<DashboardConfig> {
    let on = r.choice(
        "DASHBOARD",
        true,
        &[("on", true), ("off", false)],
        "expected on or off",
    );
    let client_secret = client_secret.filter(|_| on)?;
    let public_url = public_url?;
    let base = public_url.as_str().trim_end_matches('/');
    let redirect_uri = Url::parse(&format!("{base}{ADMIN_CALLBACK_PATH}")).ok()?;
    Some(DashboardConfig {
        client_secret,
        redirect_uri,
        secure_cookies: public_url.scheme() == "https",
    })
}
