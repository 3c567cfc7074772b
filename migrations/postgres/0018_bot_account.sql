-- The bot's own Resonite account (linking by message). Who this install is to Resonite:
-- the `UID` header and the `secretMachineId` sent at login, generated once by the first
-- process and reused by every other, so all of them log in as the same install.
CREATE TABLE resonite_install (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
    uid TEXT NOT NULL,
    machine_id TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Exactly one process holds the bot account's session and hub: the lease `resonite-hub`
-- in the `leases` table of 0002 (the one the sweep uses).
