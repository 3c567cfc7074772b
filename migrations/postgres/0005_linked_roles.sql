-- Linked Roles: Discord's own authorization (its single-use states), and each member's
-- Discord connection: sealed tokens, what was last pushed, and a push still owed.

CREATE TABLE discord_states (
    -- Hex SHA-256 of the state sent to Discord; the state itself is never stored.
    state_hash    TEXT    PRIMARY KEY NOT NULL,
    pkce_verifier TEXT    NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    consumed_at   BIGINT
);

-- No foreign key to links: a member authorizes Discord before linking Resonite.
CREATE TABLE discord_connections (
    discord_user_id    BIGINT PRIMARY KEY NOT NULL,
    discord_username   TEXT    NOT NULL,
    -- Sealed like Resonite's refresh tokens; NULL once pushed when no key keeps them.
    access_key_id      TEXT,
    access_ciphertext  TEXT,
    refresh_key_id     TEXT,
    refresh_ciphertext TEXT,
    expires_at         BIGINT NOT NULL,
    -- The metadata body last accepted by Discord (JSON text), to push only changes.
    pushed_json        TEXT,
    -- A push owed (Unix ms): set on a 429 or 5xx, cleared when Discord accepts one.
    push_due_ms        BIGINT,
    push_attempts      BIGINT NOT NULL DEFAULT 0,
    -- Discord refused the refresh token: no more pushes until the member reconnects.
    refused_at         BIGINT,
    refused_notified_at BIGINT,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX discord_connections_due ON discord_connections (push_due_ms);
