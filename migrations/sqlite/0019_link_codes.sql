-- Linking by message: the code /link shows, which the member sends the bot's Resonite
-- account. Only its SHA-256 is kept (of the code without dashes, upper case). Single use
-- (used_at), valid until expires_at (LINK_TTL_SECS), bound to the Discord user and guild
-- like a link state; the interaction token edits the /link reply and is cleared once used.
-- used_by is the Resonite id (the message's senderId) that used it.
CREATE TABLE link_codes (
    code_hash         TEXT    PRIMARY KEY NOT NULL,
    discord_user_id   INTEGER  NOT NULL,
    discord_name      TEXT    NOT NULL DEFAULT '',
    guild_id          INTEGER,
    locale            TEXT,
    interaction_token TEXT,
    created_at        INTEGER  NOT NULL,
    expires_at        INTEGER  NOT NULL,
    used_at           INTEGER,
    used_by           TEXT
);
CREATE INDEX link_codes_expires_at ON link_codes (expires_at);
