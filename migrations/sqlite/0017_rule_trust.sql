-- Who may hand out which role (issue 23): whether the rule was added by the server owner or
-- an Administrator. A rule added by anyone else (and every rule made before this check) is
-- not granted while its role carries a dangerous permission (Administrator, Manage Server,
-- Manage Roles, Ban, Kick, Manage Webhooks); a re-add by the owner or an Administrator sets
-- it. 1: trusted, 0: not.
ALTER TABLE role_rules ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0;
