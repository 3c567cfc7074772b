-- The admin dashboard's sign-in (DESIGN "The admin dashboard").
--
-- admin_states: a sign-in on its way through Discord: the SHA-256 of its OAuth2 state
-- (single use, expiring), the PKCE verifier (cleared once used) and the SHA-256 of the
-- cookie of the browser that started it.
CREATE TABLE admin_states (
    state_hash    TEXT    PRIMARY KEY NOT NULL,
    pkce_verifier TEXT,
    browser_hash  TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    consumed_at   INTEGER
);
CREATE INDEX admin_states_expires_at ON admin_states (expires_at);

-- admin_sessions: a signed-in admin, shared by every process behind a load balancer. Only
-- the SHA-256 of the session cookie is kept; the admin's Discord access token (scopes
-- identify guilds) is sealed like members' tokens, and is what re-reads the servers they may
-- manage (guilds_json, at guilds_checked_at) at least every minute.
CREATE TABLE admin_sessions (
    session_hash      TEXT    PRIMARY KEY NOT NULL,
    discord_user_id   INTEGER NOT NULL,
    discord_name      TEXT    NOT NULL,
    token_key_id      TEXT    NOT NULL,
    token_ciphertext  TEXT    NOT NULL,
    guilds_json       TEXT    NOT NULL,
    guilds_checked_at INTEGER NOT NULL,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL
);
CREATE INDEX admin_sessions_expires_at ON admin_sessions (expires_at);
CREATE INDEX admin_sessions_user ON admin_sessions (discord_user_id);
