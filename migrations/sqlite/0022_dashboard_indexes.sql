-- The dashboard's per-server pages: the audit of one server by time (its activity chart,
-- its audit log, paged).
CREATE INDEX audit_events_guild ON audit_events (guild_id, at);
