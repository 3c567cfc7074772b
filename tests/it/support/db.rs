//! A fresh database per test: a SQLite file in a temporary folder, or a PostgreSQL
//! database created on `TEST_POSTGRES_URL` and dropped when the test ends.

use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::Connection;

pub struct TestDb {
    pub url: String,
    postgres: Option<(String, String)>, // (admin url, database name)
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/test.db", dir.path().display());
        Self {
            url,
            postgres: None,
            _dir: Some(dir),
        }
    }

    /// `None` (and a line saying so) when `TEST_POSTGRES_URL` is not set.
    pub async fn postgres() -> Option<Self> {
        let Ok(admin) = std::env::var("TEST_POSTGRES_URL") else {
            eprintln!(
                "skipped: the PostgreSQL variant needs TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)"
            );
            return None;
        };
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "rl_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            rand::random::<u32>()
        );
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .expect("TEST_POSTGRES_URL answers");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let mut url = url::Url::parse(&admin).expect("TEST_POSTGRES_URL is a URL");
        url.set_path(&name);
        Some(Self {
            url: url.to_string(),
            postgres: Some((admin, name)),
            _dir: None,
        })
    }
}

impl TestDb {
    /// Where the PostgreSQL server of this database listens (`None` for SQLite).
    pub async fn postgres_addr(&self) -> Option<std::net::SocketAddr> {
        self.postgres.as_ref()?;
        let url = url::Url::parse(&self.url).ok()?;
        let host = url.host_str()?.to_owned();
        let port = url.port().unwrap_or(5432);
        tokio::net::lookup_host((host, port)).await.ok()?.next()
    }

    /// The same database reached through `addr` (a proxy in front of its server): the URL
    /// the app is given changes; creating and dropping the database still go direct.
    pub fn through(mut self, addr: std::net::SocketAddr) -> Self {
        let mut url = url::Url::parse(&self.url).expect("a database URL");
        url.set_host(Some(&addr.ip().to_string()))
            .expect("a host in the database URL");
        url.set_port(Some(addr.port()))
            .expect("a port in the database URL");
        self.url = url.to_string();
        self
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let Some((admin, name)) = self.postgres.take() else {
            return;
        };
        // Drop runs outside async; a small runtime on its own thread does the cleanup.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                    let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
                    )))
                    .execute(&mut conn)
                    .await;
                }
            });
        })
        .join();
    }
}

/// Runs one async test body on SQLite and on PostgreSQL: `both_backends!(name, body_fn);`
/// where `body_fn(db: TestDb)` is an async fn.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$body($crate::support::db::TestDb::sqlite()).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(db) = $crate::support::db::TestDb::postgres().await {
                    super::$body(db).await
                }
            }
        }
    };
}
