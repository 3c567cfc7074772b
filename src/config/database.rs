//! Storage: `DATABASE_URL`, SQLite or PostgreSQL.

use super::Secret;
use super::reader::Reader;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://resonite-verify.db";

/// The default file of the bot's earlier name (resonite-link). When it is there and the new
/// one is not, it stays in use, so an upgrade keeps its links; the app logs that it does.
pub const LEGACY_DATABASE_URL: &str = "sqlite://resonite-link.db";

/// The SQLite URL to use when `DATABASE_URL` is not set: the new default, unless only the
/// file of the earlier name exists (`exists` asks about a path relative to the working dir).
pub fn default_database_url(exists: &dyn Fn(&str) -> bool) -> &'static str {
    let file = |url: &'static str| url.trim_start_matches("sqlite://");
    if !exists(file(DEFAULT_DATABASE_URL)) && exists(file(LEGACY_DATABASE_URL)) {
        LEGACY_DATABASE_URL
    } else {
        DEFAULT_DATABASE_URL
    }
}

/// The database URL (a secret: it may carry a password); the default when refused (noted).
pub(super) fn read(r: &mut Reader<'_>) -> Secret {
    let database_url = r.optional("DATABASE_URL").unwrap_or_else(|| {
        default_database_url(&|path| std::path::Path::new(path).exists()).to_owned()
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_of_the_old_name_stays_in_use_until_the_new_one_exists() {
        let only = |present: &'static [&'static str]| move |path: &str| present.contains(&path);
        assert_eq!(default_database_url(&only(&[])), DEFAULT_DATABASE_URL);
        assert_eq!(
            default_database_url(&only(&["resonite-link.db"])),
            LEGACY_DATABASE_URL
        );
        assert_eq!(
            default_database_url(&only(&["resonite-link.db", "resonite-verify.db"])),
            DEFAULT_DATABASE_URL
        );
        assert_eq!(
            default_database_url(&only(&["resonite-verify.db"])),
            DEFAULT_DATABASE_URL
        );
    }
}
