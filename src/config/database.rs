//! Storage: `DATABASE_URL`, SQLite or PostgreSQL.

use super::Secret;
use super::reader::Reader;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://resonite-link.db";

/// The database URL (a secret: it may carry a password); the default when refused (noted).
pub(super) fn read(r: &mut Reader<'_>) -> Secret {
    let database_url = r
        .optional("DATABASE_URL")
        .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
    if !(database_url.starts_with("sqlite:")
        || database_url.starts_with("postgres://")
        || database_url.starts_with("postgresql://"))
    {
        r.problem(
            "DATABASE_URL",
            "expected sqlite://FILE or postgres://USER@HOST/DB",
        );
    }
    Secret::new(database_url)
}
