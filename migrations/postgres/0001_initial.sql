-- Times are UTC, stored as Unix seconds; Discord snowflakes as 64-bit integers.

CREATE TABLE links (
    discord_user_id   BIGINT PRIMARY KEY NOT NULL,
    resonite_user_id  TEXT    NOT NULL UNIQUE,
    resonite_username TEXT    NOT NULL,
    profile_json      TEXT    NOT NULL,
    scopes            TEXT    NOT NULL,
    linked_at         BIGINT NOT NULL,
    last_checked_at   BIGINT NOT NULL
);

CREATE TABLE link_states (
    state_hash        TEXT    PRIMARY KEY NOT NULL,
    discord_user_id   BIGINT NOT NULL,
    discord_name      TEXT    NOT NULL DEFAULT '',
    guild_id          BIGINT,
    pkce_verifier     TEXT    NOT NULL,
    interaction_token TEXT    NOT NULL,
    created_at        BIGINT NOT NULL,
    expires_at        BIGINT NOT NULL,
    consumed_at       BIGINT
);
CREATE INDEX link_states_expires_at ON link_states (expires_at);

CREATE TABLE role_rules (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id   BIGINT NOT NULL,
    role_id    BIGINT NOT NULL,
    kind       TEXT    NOT NULL,
    value      TEXT    NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    disabled_reason TEXT,
    UNIQUE (guild_id, role_id, kind, value)
);
CREATE INDEX role_rules_guild ON role_rules (guild_id);

CREATE TABLE guild_settings (
    guild_id        BIGINT PRIMARY KEY NOT NULL,
    log_channel_id  BIGINT,
    last_swept_at   BIGINT
);

CREATE TABLE audit_events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              BIGINT NOT NULL,
    guild_id        BIGINT,
    discord_user_id BIGINT NOT NULL,
    actor_id        BIGINT,
    action          TEXT    NOT NULL,
    detail          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_user ON audit_events (discord_user_id, at);
