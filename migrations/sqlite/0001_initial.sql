-- Times are UTC, stored as Unix seconds; Discord snowflakes as 64-bit integers.

CREATE TABLE links (
    discord_user_id   INTEGER PRIMARY KEY NOT NULL,
    resonite_user_id  TEXT    NOT NULL UNIQUE,
    resonite_username TEXT    NOT NULL,
    profile_json      TEXT    NOT NULL,
    scopes            TEXT    NOT NULL,
    linked_at         INTEGER NOT NULL,
    last_checked_at   INTEGER NOT NULL
);

CREATE TABLE link_states (
    state_hash        TEXT    PRIMARY KEY NOT NULL,
    discord_user_id   INTEGER NOT NULL,
    discord_name      TEXT    NOT NULL DEFAULT '',
    guild_id          INTEGER,
    pkce_verifier     TEXT    NOT NULL,
    interaction_token TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    expires_at        INTEGER NOT NULL,
    consumed_at       INTEGER
);
CREATE INDEX link_states_expires_at ON link_states (expires_at);

CREATE TABLE role_rules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    role_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,
    value      TEXT    NOT NULL DEFAULT '',
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    disabled_reason TEXT,
    UNIQUE (guild_id, role_id, kind, value)
);
CREATE INDEX role_rules_guild ON role_rules (guild_id);

CREATE TABLE guild_settings (
    guild_id        INTEGER PRIMARY KEY NOT NULL,
    log_channel_id  INTEGER,
    last_swept_at   INTEGER
);

CREATE TABLE audit_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    guild_id        INTEGER,
    discord_user_id INTEGER NOT NULL,
    actor_id        INTEGER,
    action          TEXT    NOT NULL,
    detail          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_user ON audit_events (discord_user_id, at);
