-- A link is confirmed by the browser that made it (DESIGN "Security rules").
--
-- link_states and discord_states: the PKCE verifier and the interaction token are cleared
-- once the state is consumed (SQLite cannot drop NOT NULL in place: the tables are rebuilt),
-- and a state may be bound to a browser (browser_hash: the SHA-256 of the cookie set at
-- /linked-role). link_states keeps the server's name for the confirmation page.
CREATE TABLE link_states_new (
    state_hash        TEXT    PRIMARY KEY NOT NULL,
    discord_user_id   INTEGER NOT NULL,
    discord_name      TEXT    NOT NULL DEFAULT '',
    guild_id          INTEGER,
    pkce_verifier     TEXT,
    interaction_token TEXT,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    consumed_at       INTEGER,
    held_until        INTEGER,
    locale            TEXT,
    guild_name        TEXT,
    browser_hash      TEXT
);
INSERT INTO link_states_new (state_hash, discord_user_id, discord_name, guild_id, pkce_verifier,
    interaction_token, created_at, expires_at, consumed_at, held_until, locale)
SELECT state_hash, discord_user_id, discord_name, guild_id,
    CASE WHEN consumed_at IS NULL THEN pkce_verifier END,
    CASE WHEN consumed_at IS NULL THEN interaction_token END,
    created_at, expires_at, consumed_at, held_until, locale
FROM link_states;
DROP TABLE link_states;
ALTER TABLE link_states_new RENAME TO link_states;
CREATE INDEX link_states_expires_at ON link_states (expires_at);

CREATE TABLE discord_states_new (
    state_hash    TEXT    PRIMARY KEY NOT NULL,
    pkce_verifier TEXT,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    consumed_at   INTEGER,
    browser_hash  TEXT
);
INSERT INTO discord_states_new (state_hash, pkce_verifier, created_at, expires_at, consumed_at)
SELECT state_hash, CASE WHEN consumed_at IS NULL THEN pkce_verifier END, created_at, expires_at,
    consumed_at
FROM discord_states;
DROP TABLE discord_states;
ALTER TABLE discord_states_new RENAME TO discord_states;

-- What the OAuth callback read, waiting for the member to press Link on the page it showed:
-- single use, valid for LINK_TTL_SECS, bound to that browser. Only hashes of the page's
-- token and of the browser's cookie are kept. The sealed refresh token and the interaction
-- token are cleared once the confirmation is used.
CREATE TABLE link_confirmations (
    token_hash        TEXT    PRIMARY KEY NOT NULL,
    browser_hash      TEXT    NOT NULL,
    discord_user_id   INTEGER NOT NULL,
    discord_name      TEXT    NOT NULL,
    guild_id          INTEGER,
    guild_name        TEXT,
    interaction_token TEXT,
    locale            TEXT,
    resonite_user_id  TEXT    NOT NULL,
    resonite_username TEXT    NOT NULL,
    profile_json      TEXT    NOT NULL,
    scopes            TEXT    NOT NULL,
    token_key_id      TEXT,
    token_ciphertext  TEXT,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    consumed_at       INTEGER
);
CREATE INDEX link_confirmations_expires_at ON link_confirmations (expires_at);
