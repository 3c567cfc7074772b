-- Re-verification: encrypted refresh tokens, link health, sweep progress, leases.

CREATE TABLE link_tokens (
    discord_user_id INTEGER PRIMARY KEY NOT NULL REFERENCES links (discord_user_id) ON DELETE CASCADE,
    key_id          TEXT    NOT NULL,
    ciphertext      TEXT    NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- When Resonite first refused the refresh token (NULL while it works).
ALTER TABLE links ADD COLUMN stale_since INTEGER;
-- When the member was told by DM that the link needs /link again.
ALTER TABLE links ADD COLUMN stale_notified_at INTEGER;
-- A newer profile that lost support, waiting out LAPSE_GRACE_HOURS before roles follow it.
ALTER TABLE links ADD COLUMN pending_profile_json TEXT;
ALTER TABLE links ADD COLUMN pending_since INTEGER;
CREATE INDEX links_last_checked_at ON links (last_checked_at);

-- One row per periodic job: the sweep in progress survives restarts.
CREATE TABLE sweeps (
    name        TEXT    PRIMARY KEY NOT NULL,
    started_at  INTEGER NOT NULL,
    cursor      INTEGER,
    finished_at INTEGER,
    checked     INTEGER NOT NULL DEFAULT 0,
    changed     INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0
);

-- Who may run a job right now, when several processes share one database.
CREATE TABLE leases (
    name       TEXT    PRIMARY KEY NOT NULL,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
