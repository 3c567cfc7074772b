-- Roles are reconciled: every cause of a role change records that a member of a guild needs
-- reconciling; workers drain these rows until the member holds exactly what they earn.

CREATE TABLE pending_reconciles (
    guild_id         INTEGER NOT NULL,
    discord_user_id  INTEGER NOT NULL,
    -- When the row is next due, in Unix milliseconds (429s and back-off are sub-second).
    due_at_ms        INTEGER NOT NULL,
    -- Bumped by every mark: a worker that reconciled an older generation leaves the row due.
    generation       INTEGER NOT NULL DEFAULT 1,
    attempts         INTEGER NOT NULL DEFAULT 0,
    first_failed_at  INTEGER,
    last_error       TEXT,
    -- Set after a day of failures: kept, shown by /roles list, not retried until marked again.
    failed_at        INTEGER,
    claimed_by       TEXT,
    claim_expires_ms INTEGER,
    cause            TEXT NOT NULL,
    actor_id         INTEGER,
    -- The /link reply to edit once the roles are applied (an interaction token).
    reply_token      TEXT,
    marked_at        INTEGER NOT NULL,
    PRIMARY KEY (guild_id, discord_user_id)
);
CREATE INDEX pending_reconciles_due ON pending_reconciles (due_at_ms);
-- A completed link holds its own marks by member (see Store::commit_link).
CREATE INDEX pending_reconciles_user ON pending_reconciles (discord_user_id);

-- A callback holds its state while it talks to Resonite; the state is consumed only in the
-- transaction that stores the link. A racing second callback finds it held.
ALTER TABLE link_states ADD COLUMN held_until INTEGER;
