-- Languages: the locale Discord reported with the /link (the result page, the /link reply
-- and later DMs follow it), kept with the pending state and then with the link; and the
-- guild's locale (the log channel follows it), from the gateway or an interaction.
-- NULL: not known yet (English).
ALTER TABLE link_states ADD COLUMN locale TEXT;
ALTER TABLE links ADD COLUMN locale TEXT;
ALTER TABLE guild_settings ADD COLUMN locale TEXT;
