//! Fake Discord REST API (in-memory guilds). See module docs once written.
