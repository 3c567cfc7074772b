-- How a link was made: 'oauth' (signed in on Resonite) or 'message' (a code sent to the
-- bot's Resonite account). Every link before this one was made by OAuth.
ALTER TABLE links ADD COLUMN method TEXT NOT NULL DEFAULT 'oauth';
