-- A link is confirmed by the browser that made it (DESIGN "Security rules").
--
-- link_states and discord_states: the PKCE verifier and the interaction token are cleared
-- once the state is consumed, and a state may be bound to a browser (browser_hash: the
-- SHA-256 of the cookie set at /linked-role). link_states keeps the server's name for the
-- confirmation page.
ALTER TABLE link_states ALTER COLUMN pkce_verifier DROP NOT NULL;
ALTER TABLE link_states ALTER COLUMN interaction_token DROP NOT NULL;
ALTER TABLE link_states ADD COLUMN guild_name TEXT;
ALTER TABLE link_states ADD COLUMN browser_hash TEXT;
UPDATE link_states SET pkce_verifier = NULL, interaction_token = NULL WHERE consumed_at IS NOT NULL;

ALTER TABLE discord_states ALTER COLUMN pkce_verifier DROP NOT NULL;
ALTER TABLE discord_states ADD COLUMN browser_hash TEXT;
UPDATE discord_states SET pkce_verifier = NULL WHERE consumed_at IS NOT NULL;

-- What the OAuth callback read, waiting for the member to press Link on the page it showed:
-- single use, valid for LINK_TTL_SECS, bound to that browser. Only hashes of the page's
-- token and of the browser's cookie are kept. The sealed refresh token and the interaction
-- token are cleared once the confirmation is used.
CREATE TABLE link_confirmations (
    token_hash        TEXT    PRIMARY KEY NOT NULL,
    browser_hash      TEXT    NOT NULL,
    discord_user_id   BIGINT  NOT NULL,
    discord_name      TEXT    NOT NULL,
    guild_id          BIGINT,
    guild_name        TEXT,
    interaction_token TEXT,
    locale            TEXT,
    resonite_user_id  TEXT    NOT NULL,
    resonite_username TEXT    NOT NULL,
    profile_json      TEXT    NOT NULL,
    scopes            TEXT    NOT NULL,
    token_key_id      TEXT,
    token_ciphertext  TEXT,
    created_at        BIGINT  NOT NULL,
    expires_at        BIGINT  NOT NULL,
    consumed_at       BIGINT
);
CREATE INDEX link_confirmations_expires_at ON link_confirmations (expires_at);
