//! What the mock speaks: its paths and the scopes it knows.

/// Path of the authorization endpoint (GET shows the consent page, POST decides).
pub const AUTHORIZE_PATH: &str = "/connect/authorize";
/// Path of the revocation endpoint (RFC 7009), where IdentityServer serves it.
pub const REVOCATION_PATH: &str = "/connect/revocation";
/// Path of the token endpoint.
pub const TOKEN_PATH: &str = "/connect/token";
/// Path of the profile endpoint as documented on the Resonite wiki.
pub const PROFILE_PATH: &str = "/api/user/profiles";
/// Path of the profile endpoint as used by Resonite's own example app (also served).
pub const PROFILE_PATH_SINGULAR: &str = "/api/user/profile";

/// Scopes the mock accepts at the authorization endpoint; anything else is `invalid_scope`.
pub const KNOWN_SCOPES: &[&str] = &["openid", "profile", "email", "patreon", "offline_access"];
