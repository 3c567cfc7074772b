-- Re-verification: encrypted refresh tokens, link health, sweep progress, leases.

CREATE TABLE link_tokens (
    discord_user_id BIGINT PRIMARY KEY NOT NULL REFERENCES links (discord_user_id) ON DELETE CASCADE,
    key_id          TEXT    NOT NULL,
    ciphertext      TEXT    NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- When Resonite first refused the refresh token (NULL while it works).
ALTER TABLE links ADD COLUMN stale_since BIGINT;
-- When the member was told by DM that the link needs /link again.
ALTER TABLE links ADD COLUMN stale_notified_at BIGINT;
-- A newer profile that lost support, waiting out LAPSE_GRACE_HOURS before roles follow it.
ALTER TABLE links ADD COLUMN pending_profile_json TEXT;
ALTER TABLE links ADD COLUMN pending_since BIGINT;
CREATE INDEX links_last_checked_at ON links (last_checked_at);

-- One row per periodic job: the sweep in progress survives restarts.
CREATE TABLE sweeps (
    name        TEXT    PRIMARY KEY NOT NULL,
    started_at  BIGINT NOT NULL,
    cursor      BIGINT,
    finished_at BIGINT,
    checked     BIGINT NOT NULL DEFAULT 0,
    changed     BIGINT NOT NULL DEFAULT 0,
    failed      BIGINT NOT NULL DEFAULT 0
);

-- Who may run a job right now, when several processes share one database.
CREATE TABLE leases (
    name       TEXT    PRIMARY KEY NOT NULL,
    holder     TEXT    NOT NULL,
    expires_at BIGINT NOT NULL
);
