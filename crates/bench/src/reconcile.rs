//! Figure 1: the reconciler draining 10,000 pending members, in the real bot process
//! (`resonite-verify`) whose serenity cache holds the guild's members. Every member is linked
//! and marked pending; 99% already hold what they earn, 1% need exactly one role call.
//! Reported: Discord calls (exactly the changes), members per second, and the database
//! writes per member, counted by SQLite triggers in a separate run.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::{Duration, Instant};

use resonite_verify::demo::seed;
use resonite_verify::store::{ReconcileMark, Store};
use resonite_verify_fakes::world::{BotAddress, discord_id, generated_profile as profile};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row as _};

use crate::child::Bot;
use crate::guild::{self, GUILD, LINKED, MENTOR, PATRON, TIER10, UNSERVED_URL};
use crate::sweep::{Call, discord_calls};
use crate::util::{Scratch, Spread, mib};
use crate::{Row, Sizes};

/// One drain by one bot process.
struct Drain {
    per_second: f64,
    role_calls: usize,
    expected_role_calls: usize,
    exact: bool,
    member_gets: usize,
    other_calls: usize,
    peak_kib: u64,
    child_cpu: Duration,
    /// Write statements and rows, per table and operation (only when counted).
    writes: Option<Writes>,
}

struct Writes {
    statements: u64,
    rows: u64,
    /// `table op: statements` for the report.
    detail: Vec<String>,
}

/// The roles member `n` holds before the drain, and the one call its reconcile must make.
/// Every member earns Linked + Patron (a $6 patron, no tags).
fn holding(n: u64) -> (Vec<u64>, Option<Call>) {
    let user = discord_id(n);
    if !n.is_multiple_of(100) {
        return (vec![LINKED, PATRON], None);
    }
    match (n / 100) % 4 {
        0 => (vec![LINKED], Some(("PUT".into(), user, PATRON))),
        1 => (
            vec![LINKED, PATRON, TIER10],
            Some(("DELETE".into(), user, TIER10)),
        ),
        2 => (vec![PATRON], Some(("PUT".into(), user, LINKED))),
        _ => (
            vec![LINKED, PATRON, MENTOR],
            Some(("DELETE".into(), user, MENTOR)),
        ),
    }
}

/// Seconds after start-up at which the marks fall due: the members are cached by then.
fn due_after(links: usize) -> u64 {
    3 + (links / 20_000) as u64
}

async fn one(links: usize, count_writes: bool) -> anyhow::Result<Drain> {
    let scratch = Scratch::new("reconcile");
    let db_url = scratch.sqlite_url("bot.db");
    let mut expected = BTreeSet::new();
    let mut members = Vec::with_capacity(links);
    for n in 0..links as u64 {
        let (roles, call) = holding(n);
        members.push((discord_id(n), format!("gen{n}"), roles));
        expected.extend(call);
    }
    // The four rules of the sweep figure; no sweep runs during the drain (one just
    // finished, the next is an hour away).
    let mut world = guild::world()
        .bot_address(BotAddress::Url(UNSERVED_URL.into()))
        .members(GUILD, members)
        .rule(GUILD, LINKED, "linked", None)
        .rule(GUILD, PATRON, "patreon", None)
        .rule(GUILD, TIER10, "tier-at-least", Some("1000"))
        .rule(GUILD, MENTOR, "tag", Some("mentor"))
        .token_key()
        .env("DATABASE_URL", db_url.clone())
        .env("RESYNC_INTERVAL", "1h");
    for n in 0..links as u64 {
        world = world.linked(discord_id(n), profile(n, true, 600, &[]));
    }
    let world = world.build().await?;
    world.discord.set_large_threshold(Some(250));
    let now = chrono::Utc::now().timestamp();
    seed::seed_database(&seed::config(&world)?, world.seeds(), now).await?;

    // Every member marked, through the store's own marking, due once the gateway has
    // delivered the members.
    let due_in = Duration::from_secs(due_after(links));
    let due_ms = chrono::Utc::now().timestamp_millis() + due_in.as_millis() as i64;
    let due = Instant::now() + due_in;
    {
        let store = Store::connect(&db_url).await?;
        let marks: Vec<ReconcileMark> = (0..links as u64)
            .map(|n| ReconcileMark {
                guild_id: GUILD,
                user_id: discord_id(n),
                cause: "sweep".into(),
                actor_id: None,
                reply_token: None,
                due_at_ms: due_ms,
            })
            .collect();
        for chunk in marks.chunks(1000) {
            store.queue().mark(chunk, now).await?;
        }
        store.close().await;
    }
    let mut conn = SqliteConnectOptions::from_str(&db_url)?
        .disable_statement_logging()
        .connect()
        .await?;
    sqlx::query(
        "INSERT INTO sweeps (name, started_at, finished_at, checked) VALUES ('all', ?, ?, 0)",
    )
    .bind(now)
    .bind(now)
    .execute(&mut conn)
    .await?;
    if count_writes {
        install_write_counters(&mut conn).await?;
    }

    let discord = world.discord.clone();
    let mut bot = Bot::spawn(world.env().clone(), &scratch.path)?;
    let drained = wait_drained(&mut bot, &mut conn, due, links).await;
    let peak_kib = bot.peak_kib().unwrap_or(0);
    let child_cpu = bot.cpu();
    bot.stop().await;
    let drained_after = drained?;
    let writes = if count_writes {
        Some(read_write_counters(&mut conn).await?)
    } else {
        None
    };
    conn.close().await?;
    let (role_calls, member_gets, other_calls) = discord_calls(&discord);
    Ok(Drain {
        per_second: links as f64 / drained_after.as_secs_f64(),
        role_calls: role_calls.len(),
        expected_role_calls: expected.len(),
        exact: role_calls == expected,
        member_gets,
        other_calls,
        peak_kib,
        child_cpu,
        writes,
    })
}

/// Polls the pending rows until none is left; the time from when they fell due.
async fn wait_drained(
    bot: &mut Bot,
    conn: &mut sqlx::SqliteConnection,
    due: Instant,
    links: usize,
) -> anyhow::Result<Duration> {
    let timeout = due + Duration::from_secs(120 + links as u64 / 50);
    loop {
        bot.check_alive()?;
        let left: i64 = sqlx::query("SELECT COUNT(*) FROM pending_reconciles")
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        let now = Instant::now();
        if left == 0 && now > due {
            return Ok(now.duration_since(due));
        }
        if now > timeout {
            anyhow::bail!("{left} reconciles still pending; {}", bot.log_tail());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// One trigger per table and operation logs each row written. The claim UPDATE stamps
/// every row of one batch with the same `claim_expires_ms`, so claim statements are the
/// distinct stamps; every other write of the reconciler is one row per statement.
async fn install_write_counters(conn: &mut sqlx::SqliteConnection) -> anyhow::Result<()> {
    sqlx::query("CREATE TABLE bench_writes (tbl TEXT NOT NULL, op TEXT NOT NULL, stamp INTEGER)")
        .execute(&mut *conn)
        .await?;
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' AND name != 'bench_writes'",
    )
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>(0))
    .collect::<Result<_, _>>()?;
    for table in tables {
        for op in ["INSERT", "UPDATE", "DELETE"] {
            let stamp = match (table.as_str(), op) {
                ("pending_reconciles", "UPDATE") => {
                    "CASE WHEN NEW.claimed_by IS NOT NULL THEN NEW.claim_expires_ms END"
                }
                _ => "NULL",
            };
            let sql = format!(
                "CREATE TRIGGER bench_{table}_{op} AFTER {op} ON \"{table}\"
                 BEGIN INSERT INTO bench_writes VALUES ('{table}', '{op}', {stamp}); END"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

async fn read_write_counters(conn: &mut sqlx::SqliteConnection) -> anyhow::Result<Writes> {
    let rows = sqlx::query(
        "SELECT tbl, op, COUNT(*) AS n_rows,
                CASE WHEN tbl = 'pending_reconciles' AND op = 'UPDATE'
                     THEN COUNT(DISTINCT stamp) + SUM(stamp IS NULL) ELSE COUNT(*) END AS n_statements
         FROM bench_writes GROUP BY tbl, op ORDER BY n_statements DESC",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut writes = Writes {
        statements: 0,
        rows: 0,
        detail: Vec::new(),
    };
    for r in rows {
        let (tbl, op): (String, String) = (r.try_get("tbl")?, r.try_get("op")?);
        let (n_rows, n_statements): (i64, i64) = (r.try_get("n_rows")?, r.try_get("n_statements")?);
        writes.statements += n_statements as u64;
        writes.rows += n_rows as u64;
        writes.detail.push(format!(
            "{op} {tbl} {n_statements}{}",
            if n_rows != n_statements {
                format!(" ({n_rows} rows)")
            } else {
                String::new()
            }
        ));
    }
    Ok(writes)
}

fn describe(links: usize, label: &str, d: &Drain) {
    eprintln!(
        "  reconcile {links} {label}: {:.0} members/s, {} role calls (expected {}, exact: {}), {} member GETs, {} other calls, peak {:.1} MiB, bot CPU {:.1} s{}",
        d.per_second,
        d.role_calls,
        d.expected_role_calls,
        d.exact,
        d.member_gets,
        d.other_calls,
        mib(d.peak_kib),
        d.child_cpu.as_secs_f64(),
        d.writes.as_ref().map_or(String::new(), |w| format!(
            ", writes: {} statements, {} rows: {}",
            w.statements,
            w.rows,
            w.detail.join(", ")
        ))
    );
}

pub async fn run(sizes: &Sizes) -> Vec<Row> {
    let (links, runs) = sizes.reconcile;
    let mut done = Vec::new();
    let mut rows = Vec::new();
    for run in 0..runs {
        match one(links, false).await {
            Ok(d) => {
                describe(links, &format!("run {}", run + 1), &d);
                done.push(d);
            }
            Err(e) => rows.push(Row::failed(&format!("reconcile of {links} members"), &e)),
        }
    }
    let counted = match one(links, true).await {
        Ok(d) => {
            describe(links, "with write counters", &d);
            Some(d)
        }
        Err(e) => {
            rows.push(Row::failed("reconcile write count", &e));
            None
        }
    };
    if !done.is_empty() {
        let rate = Spread::of(&done.iter().map(|d| d.per_second).collect::<Vec<_>>());
        let cpu = Spread::of(
            &done
                .iter()
                .map(|d| d.child_cpu.as_secs_f64() * 1e6 / links as f64)
                .collect::<Vec<_>>(),
        );
        let exact = done.iter().chain(&counted).all(|d| d.exact);
        let gets = done.iter().chain(&counted).map(|d| d.member_gets).max();
        rows.push(Row::info(
            format!(
                "reconcile of {links} pending members, 1% changed (bot process, members cached)"
            ),
            format!(
                "{} members/s (from due to drained); bot CPU {} µs/member (start-up included)",
                rate.show(0, ""),
                cpu.show(0, "")
            ),
        ));
        rows.push(Row::new(
            format!("  role PUT/DELETE, {links} members"),
            format!(
                "{} per run (expected {}), {}; member GETs {}; other calls {} (start-up)",
                done[0].role_calls,
                done[0].expected_role_calls,
                if exact {
                    "exactly those"
                } else {
                    "NOT exactly those"
                },
                gets.unwrap_or(0),
                done[0].other_calls
            ),
            "= the changes, no member GETs".into(),
            exact && gets == Some(0),
        ));
    }
    if let Some(w) = counted.as_ref().and_then(|d| d.writes.as_ref()) {
        rows.push(Row::info(
            format!("  database writes per member, {links} members (SQLite triggers, one run)"),
            format!(
                "{:.3} statements, {:.3} rows per member ({})",
                w.statements as f64 / links as f64,
                w.rows as f64 / links as f64,
                w.detail.join(", ")
            ),
        ));
    }
    rows
}
