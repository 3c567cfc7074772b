//! Figure 1: `/link` start (`LinkService::start`: state stored, URL built), one call at a
//! time, on SQLite and on a fresh PostgreSQL database.

use std::time::{Duration, Instant};

use resonite_verify::app::Core;
use resonite_verify::clock::Clock;
use sqlx::Connection;

use resonite_verify::seed;
use resonite_verify_fakes::world::{BotAddress, World, discord_id};

use crate::guild::GUILD;
use crate::util::{Scratch, Spread, ms, quantile};
use crate::{Row, Sizes};

pub struct LinkStart {
    pub backend: &'static str,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// p99 of each block of calls (the spread of p99 over the run).
    pub block_p99: Spread,
    pub calls: usize,
}

impl LinkStart {
    pub fn rows(&self) -> Vec<Row> {
        let target = if self.backend == "SQLite" { 5.0 } else { 10.0 };
        vec![Row::new(
            format!("/link start, {} ({} calls)", self.backend, self.calls),
            format!(
                "p50 {:.3} ms, p99 {:.3} ms (p99 per {}-call block {:.2}–{:.2} ms), max {:.1} ms",
                ms(self.p50),
                ms(self.p99),
                self.calls / self.block_p99.runs.max(1),
                self.block_p99.min,
                self.block_p99.max,
                ms(self.max),
            ),
            format!("p99 ≤ {target} ms"),
            ms(self.p99) <= target,
        )]
    }
}

/// Runs the figure on SQLite and, if it answers, on PostgreSQL.
pub async fn run(sizes: &Sizes, postgres_admin: Option<&str>) -> Vec<Row> {
    let mut rows = Vec::new();
    let scratch = Scratch::new("link-start");
    match measure(&scratch.sqlite_url("bench.db"), "SQLite", sizes.link_starts).await {
        Ok(r) => rows.extend(r.rows()),
        Err(e) => rows.push(Row::failed("/link start, SQLite", &e)),
    }
    match postgres_admin {
        None => rows.push(Row::skipped(
            "/link start, PostgreSQL",
            "no PostgreSQL URL (--postgres)",
        )),
        Some(admin) => match FreshDb::create(admin).await {
            Err(e) => rows.push(Row::skipped(
                "/link start, PostgreSQL",
                &format!("PostgreSQL not reachable: {e:#}"),
            )),
            Ok(db) => {
                let result = measure(&db.url, "PostgreSQL", sizes.link_starts).await;
                db.drop_db().await;
                match result {
                    Ok(r) => rows.extend(r.rows()),
                    Err(e) => rows.push(Row::failed("/link start, PostgreSQL", &e)),
                }
            }
        },
    }
    rows
}

async fn measure(
    database_url: &str,
    backend: &'static str,
    calls: usize,
) -> anyhow::Result<LinkStart> {
    // Start builds the URL locally: the fakes are never called here.
    let world = World::builder()
        .bot_address(BotAddress::Url("http://127.0.0.1:8080".into()))
        .env("DATABASE_URL", database_url)
        .build()
        .await?;
    let core = Core::build(seed::config(&world)?, Clock::system()).await?;
    let links = &core.links;
    // Warm up the pool and the statement cache.
    for i in 0..200u64 {
        links
            .start(discord_id(i), "warm", Some(GUILD), "warm-token")
            .await?;
    }
    let mut times = Vec::with_capacity(calls);
    for i in 0..calls as u64 {
        let token = format!("interaction-{i}");
        let began = Instant::now();
        let started = links
            .start(discord_id(i), "member", Some(GUILD), &token)
            .await?;
        times.push(began.elapsed());
        std::hint::black_box(started);
    }
    core.store.close().await;
    let blocks = 5;
    let block_p99: Vec<f64> = times
        .chunks(calls.div_ceil(blocks))
        .map(|block| {
            let mut b = block.to_vec();
            b.sort();
            ms(quantile(&b, 0.99))
        })
        .collect();
    times.sort();
    Ok(LinkStart {
        backend,
        p50: quantile(&times, 0.50),
        p99: quantile(&times, 0.99),
        max: *times.last().unwrap_or(&Duration::ZERO),
        block_p99: Spread::of(&block_p99),
        calls,
    })
}

/// A PostgreSQL database made for one measurement and dropped after it.
pub struct FreshDb {
    admin: String,
    name: String,
    pub url: String,
}

impl FreshDb {
    pub async fn create(admin: &str) -> anyhow::Result<Self> {
        let name = format!(
            "rl_bench_{}_{:08x}",
            std::process::id(),
            rand::random::<u32>()
        );
        let mut conn =
            tokio::time::timeout(Duration::from_secs(5), sqlx::PgConnection::connect(admin))
                .await??;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut conn)
            .await?;
        let mut url = url::Url::parse(admin)?;
        url.set_path(&name);
        Ok(Self {
            admin: admin.to_owned(),
            name,
            url: url.to_string(),
        })
    }

    pub async fn drop_db(self) {
        if let Ok(mut conn) = sqlx::PgConnection::connect(&self.admin).await {
            let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            )))
            .execute(&mut conn)
            .await;
        }
    }
}
