-- Verification controls (issue 11).
-- /config bypass-role: members holding it are never changed by the bot. NULL: none.
ALTER TABLE guild_settings ADD COLUMN bypass_role_id BIGINT;
-- /config nickname: the template the bot sets linked members' nicknames from. NULL: off.
ALTER TABLE guild_settings ADD COLUMN nickname_template TEXT;

-- A member whose nickname the bot changed: what they had before (NULL: no nickname), to give
-- back on unlink or when the template is cleared, and what the bot set, so that a nickname
-- the member chose since is left alone.
CREATE TABLE member_nicknames (
    guild_id      BIGINT NOT NULL,
    user_id       BIGINT NOT NULL,
    original_nick TEXT,
    set_nick      TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Members whose nickname the bot may not change (the owner, members above the bot's role):
-- listed by /doctor; a row goes when the nickname is applied or no longer wanted.
CREATE TABLE nickname_skips (
    guild_id BIGINT NOT NULL,
    user_id  BIGINT NOT NULL,
    reason   TEXT NOT NULL,
    at       BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
