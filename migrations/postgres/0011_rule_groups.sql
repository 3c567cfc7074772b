-- Exclusive groups (/roles add … group:NAME): of the roles of one group a member holds only
-- the highest they earn. The same on every rule of a role; NULL: no group.
ALTER TABLE role_rules ADD COLUMN group_name TEXT;
