//! Figure 3: the re-verification sweep, run by the real bot process (`resonite-verify`) whose
//! serenity cache holds the guild's members, against the mock Resonite and the fake Discord
//! served by this process. 1% of the profiles changed; each change moves exactly one role.

use std::collections::BTreeSet;
use std::str::FromStr;
use std::time::{Duration, Instant};

use resonite_verify::seed;
use resonite_verify_fakes::discord::FakeDiscord;
use resonite_verify_fakes::resonite::MockHandle;
use resonite_verify_fakes::world::{BotAddress, discord_id, generated_profile as profile};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row as _};

use crate::child::Bot;
use crate::guild::{self, GUILD, LINKED, MENTOR, PATRON, TIER10, UNSERVED_URL};
use crate::util::{Scratch, Spread, mib};
use crate::{Row, Sizes};

/// When the sweep starts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// As after a fresh install: no sweep ever ran, so one starts with the process.
    AtStartUp,
    /// The sweep falls due `secs` after the process starts (the gateway cache is full by then).
    After(i64),
}

/// One sweep by one bot process.
pub struct SweepRun {
    pub per_second: f64,
    pub role_calls: usize,
    pub expected_role_calls: usize,
    pub role_calls_exact: bool,
    pub member_gets: usize,
    pub other_calls: usize,
    pub rss_before_kib: u64,
    /// Peak RSS since start-up.
    pub peak_kib: u64,
    /// Peak RSS from the sweep's first call to its end (the high-water mark is reset then).
    pub sweep_peak_kib: u64,
    pub child_cpu: Duration,
    pub checked: i64,
    pub failed: i64,
    /// Calls to Resonite per second between the first and the last.
    pub resonite_rate: f64,
}

/// Seeds, starts the bot, waits for the sweep to finish, measures.
pub async fn one(links: usize, max_rps: f64, start: Start) -> anyhow::Result<SweepRun> {
    let scratch = Scratch::new("sweep");
    let db_url = scratch.sqlite_url("bot.db");
    let world = sweep_world(links, max_rps, &db_url).await?;
    world.discord.set_large_threshold(Some(250));
    let now = chrono::Utc::now().timestamp();
    seed::seed_database(&seed::config(&world)?, world.seeds(), now).await?;
    let resonite = world.resonite.clone();
    let discord = world.discord.clone();
    let expected = change_one_percent(&resonite, links);
    if let Start::After(secs) = start {
        mark_sweep_due(&db_url, now, secs).await?;
    }
    let vars = world.env().clone();
    let mut bot = Bot::spawn(vars, &scratch.path)?;
    let result = watch(&mut bot, &db_url, &resonite, links).await;
    let sweep_peak_kib = bot.peak_kib().unwrap_or(0);
    let child_cpu = bot.cpu();
    bot.stop().await;
    let watched = result?;
    let (checked, failed, rss_before_kib) = (watched.checked, watched.failed, watched.rss_before);
    // The peak since start-up: before the reset (loading the members) or during the sweep.
    let peak_kib = match watched.startup_peak {
        Some(startup) => startup.max(sweep_peak_kib),
        None => sweep_peak_kib,
    };
    let (calls, span) = resonite_span(&resonite);
    let resonite_rate = (calls.saturating_sub(1)) as f64 / span.as_secs_f64();
    let (role_calls, member_gets, other_calls) = discord_calls(&discord);
    Ok(SweepRun {
        // One link is a refresh and a profile; the sweep spans the first call to the last.
        per_second: links as f64 / span.as_secs_f64(),
        role_calls: role_calls.len(),
        expected_role_calls: expected.len(),
        role_calls_exact: role_calls == expected,
        member_gets,
        other_calls,
        rss_before_kib,
        peak_kib,
        sweep_peak_kib,
        child_cpu,
        checked,
        failed,
        resonite_rate,
    })
}

/// Every member linked, with a working refresh token, holding what the rules grant today;
/// four rules. The bot's database at `db_url`.
async fn sweep_world(
    links: usize,
    max_rps: f64,
    db_url: &str,
) -> anyhow::Result<resonite_verify_fakes::world::World> {
    let mut world = guild::world()
        .bot_address(BotAddress::Url(UNSERVED_URL.into()))
        .members(
            GUILD,
            (0..links as u64).map(|n| (discord_id(n), format!("gen{n}"), vec![LINKED, PATRON])),
        )
        .rule(GUILD, LINKED, "linked", None)
        .rule(GUILD, PATRON, "patreon", None)
        .rule(GUILD, TIER10, "tier-at-least", Some("1000"))
        .rule(GUILD, MENTOR, "tag", Some("mentor"))
        .token_key()
        .env("DATABASE_URL", db_url.to_owned())
        .env("RESYNC_INTERVAL", "10s")
        .env("RESONITE_MAX_RPS", format!("{max_rps}"));
    for n in 0..links as u64 {
        world = world.linked(discord_id(n), profile(n, true, 600, &[]));
    }
    Ok(world.build().await?)
}

/// A sweep finished RESYNC_INTERVAL (10 s) ago less `secs`: the next is due `secs` from
/// now, once the gateway has delivered the members.
async fn mark_sweep_due(db_url: &str, now: i64, secs: i64) -> anyhow::Result<()> {
    let mut conn = SqliteConnectOptions::from_str(db_url)?
        .disable_statement_logging()
        .connect()
        .await?;
    sqlx::query(
        "INSERT INTO sweeps (name, started_at, finished_at, checked) VALUES ('all', ?, ?, 0)",
    )
    .bind(now - 10 + secs)
    .bind(now - 10 + secs)
    .execute(&mut conn)
    .await?;
    conn.close().await?;
    Ok(())
}

/// The calls the mock Resonite answered (refreshes and profiles), and the time from the
/// first to the last.
fn resonite_span(resonite: &MockHandle) -> (usize, Duration) {
    let stats = resonite.stats();
    let mut times = stats.token_request_times.clone();
    times.extend(stats.profile_request_times.iter().copied());
    times.sort();
    let span = match (times.first(), times.last()) {
        (Some(a), Some(b)) => b.duration_since(*a),
        _ => Duration::ZERO,
    };
    (times.len(), span)
}

pub type Call = (String, u64, u64);

/// Role mutations (method, user, role), member reads, and everything else the bot sent.
pub fn discord_calls(discord: &FakeDiscord) -> (BTreeSet<Call>, usize, usize) {
    let mut roles = BTreeSet::new();
    let (mut gets, mut other) = (0, 0);
    for r in discord.requests() {
        let parts: Vec<&str> = r.path.trim_start_matches("/api/v10/").split('/').collect();
        match (r.method.as_str(), parts.as_slice()) {
            (m @ ("PUT" | "DELETE"), ["guilds", _, "members", u, "roles", role]) => {
                roles.insert((
                    m.to_owned(),
                    u.parse().unwrap_or(0),
                    role.parse().unwrap_or(0),
                ));
            }
            ("GET", ["guilds", _, "members", _]) => gets += 1,
            _ => other += 1,
        }
    }
    (roles, gets, other)
}

/// 1% of the profiles change at the mock, each worth exactly one role call. Returns the
/// role calls the sweep should make.
fn change_one_percent(resonite: &MockHandle, links: usize) -> BTreeSet<Call> {
    let mut expected = BTreeSet::new();
    for n in (0..links as u64).step_by(100) {
        let user = discord_id(n);
        match (n / 100) % 4 {
            0 | 2 => {
                resonite.set_profile(profile(n, false, 600, &[]));
                expected.insert(("DELETE".to_owned(), user, PATRON));
            }
            1 => {
                resonite.set_profile(profile(n, true, 1200, &[]));
                expected.insert(("PUT".to_owned(), user, TIER10));
            }
            _ => {
                resonite.set_profile(profile(n, true, 600, &["mentor"]));
                expected.insert(("PUT".to_owned(), user, MENTOR));
            }
        }
    }
    expected
}

/// What [`watch`] saw.
struct Watched {
    checked: i64,
    failed: i64,
    /// RSS when the sweep began.
    rss_before: u64,
    /// Peak RSS up to then, if the high-water mark could be reset (else `None`: the
    /// final peak includes start-up).
    startup_peak: Option<u64>,
}

/// Waits for the `all` sweep to finish. When it begins, notes the RSS and resets the
/// peak: loading the members (serenity's member map doubling, old and new tables alive at
/// once) peaks higher than the sweep, and would otherwise be counted as the sweep's.
async fn watch(
    bot: &mut Bot,
    db_url: &str,
    resonite: &MockHandle,
    links: usize,
) -> anyhow::Result<Watched> {
    let mut conn = SqliteConnectOptions::from_str(db_url)?
        .read_only(true)
        .disable_statement_logging()
        .connect()
        .await?;
    let began = Instant::now();
    let timeout = Duration::from_secs(120 + links as u64 / 100);
    let mut rss_before = None;
    let mut startup_peak = None;
    let mut last_rss = 0;
    loop {
        bot.check_alive()?;
        if rss_before.is_none() && resonite.stats().token_requests > 0 {
            rss_before = Some(last_rss);
            let peak = bot.peak_kib();
            if crate::util::reset_peak(bot.pid).is_ok() {
                startup_peak = peak;
            }
        }
        last_rss = bot.rss_kib().unwrap_or(last_rss);
        let row = sqlx::query(
            "SELECT finished_at, checked, failed FROM sweeps WHERE name = 'all' AND checked > 0",
        )
        .fetch_optional(&mut conn)
        .await
        .ok()
        .flatten();
        if let Some(row) = row {
            let finished: Option<i64> = row.try_get("finished_at")?;
            if finished.is_some() {
                return Ok(Watched {
                    checked: row.try_get("checked")?,
                    failed: row.try_get("failed")?,
                    rss_before: rss_before.unwrap_or(0),
                    startup_peak,
                });
            }
        }
        if began.elapsed() > timeout {
            anyhow::bail!(
                "the sweep did not finish within {timeout:?}; {}",
                bot.log_tail()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Seconds after start-up at which the measured sweep falls due: past the time the bot
/// needs to connect and receive every member (chunks of 1000).
fn due_after(links: usize) -> i64 {
    3 + (links / 20_000) as i64
}

fn describe(links: usize, label: &str, r: &SweepRun) {
    eprintln!(
        "  sweep {links} {label}: {:.0} links/s, {} role calls (expected {}, exact: {}), {} member GETs, {} other calls, checked {} failed {}, RSS {:.1} MiB before, peak {:.1} MiB during the sweep, {:.1} MiB overall, bot CPU {:.1} s",
        r.per_second,
        r.role_calls,
        r.expected_role_calls,
        r.role_calls_exact,
        r.member_gets,
        r.other_calls,
        r.checked,
        r.failed,
        mib(r.rss_before_kib),
        mib(r.sweep_peak_kib),
        mib(r.peak_kib),
        r.child_cpu.as_secs_f64()
    );
}

/// The medians one sweep size gave, to compare sizes.
struct SizeFigures {
    links: usize,
    peak: Spread,
    own: Spread,
    before: Spread,
}

pub async fn run(sizes: &Sizes) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut peaks = Vec::new();
    for &(links, runs) in &sizes.sweeps {
        let mut done = Vec::new();
        for run in 0..runs {
            match one(links, 10_000.0, Start::After(due_after(links))).await {
                Ok(r) => {
                    describe(links, &format!("run {}", run + 1), &r);
                    done.push(r);
                }
                Err(e) => rows.push(Row::failed(&format!("sweep of {links} links"), &e)),
            }
        }
        if done.is_empty() {
            continue;
        }
        rows.extend(call_rows(links, &done));
        let (memory, figures) = memory_rows(links, &done, peaks.is_empty());
        rows.extend(memory);
        peaks.push(figures);
    }
    if let (Some(small), Some(large)) = (peaks.first(), peaks.get(1)) {
        rows.extend(growth_rows(small, large));
    }
    // The first sweep of a fresh install starts with the process, before the gateway
    // has delivered the members.
    if !sizes.sweep_extras {
        return rows;
    }
    if let Some(&(links, _)) = sizes.sweeps.first() {
        rows.push(at_start_up(links).await);
    }
    rows.extend(paced(sizes.rate_links).await);
    rows
}

/// The spread of `figure` over the runs of one size.
fn spread_of(done: &[SweepRun], figure: impl Fn(&SweepRun) -> f64) -> Spread {
    Spread::of(&done.iter().map(figure).collect::<Vec<_>>())
}

/// Throughput, and the Discord calls of the runs of one size.
fn call_rows(links: usize, done: &[SweepRun]) -> Vec<Row> {
    let rate = spread_of(done, |r| r.per_second);
    let exact = done
        .iter()
        .all(|r| r.role_calls_exact && r.checked == links as i64 && r.failed == 0);
    let gets = spread_of(done, |r| r.member_gets as f64);
    let cpu = spread_of(done, |r| r.child_cpu.as_secs_f64() * 1e6 / links as f64);
    vec![
        Row::info(
            format!("sweep of {links} links, 1% changed (bot process, members cached)"),
            format!(
                "{} links/s; bot CPU {} µs/link (start-up included)",
                rate.show(0, ""),
                cpu.show(0, "")
            ),
        ),
        Row::new(
            format!("  role PUT/DELETE, {links} links"),
            format!(
                "{} per run (expected {}), {}",
                done[0].role_calls,
                done[0].expected_role_calls,
                if exact {
                    "exactly those"
                } else {
                    "NOT exactly those"
                }
            ),
            "= roles that changed".into(),
            exact,
        ),
        Row::new(
            format!("  member GETs, {links} links"),
            gets.show(0, ""),
            "0 (gateway cache)".into(),
            gets.max == 0.0,
        ),
        Row::info(
            format!("  other Discord calls, {links} links"),
            format!(
                "{} per run (start-up: gateway URL, commands, …)",
                done[0].other_calls
            ),
        ),
    ]
}

/// The bot's memory over the runs of one size (the first size's peak is checked), and the
/// medians to compare sizes with.
fn memory_rows(links: usize, done: &[SweepRun], first_size: bool) -> (Vec<Row>, SizeFigures) {
    let peak = spread_of(done, |r| mib(r.peak_kib));
    let before = spread_of(done, |r| mib(r.rss_before_kib));
    let own = spread_of(done, |r| {
        mib(r.sweep_peak_kib.saturating_sub(r.rss_before_kib))
    });
    let figure = format!("  peak RSS (VmHWM) of the bot, {links} links");
    let rows = vec![
        Row::info(
            format!("  bot RSS, members cached, before the sweep, {links} links"),
            before.show(1, " MiB"),
        ),
        Row::info(
            format!("  the sweep's own: peak RSS during the sweep − RSS before it, {links} links"),
            own.show(1, " MiB"),
        ),
        if first_size {
            Row::new(
                figure,
                peak.show(1, " MiB"),
                "≤ 40 MiB".into(),
                peak.median <= 40.0,
            )
        } else {
            Row::info(figure, peak.show(1, " MiB"))
        },
    ];
    let figures = SizeFigures {
        links,
        peak,
        own,
        before,
    };
    (rows, figures)
}

/// How the bot's memory grows from the smallest sweep size to the next.
fn growth_rows(small: &SizeFigures, large: &SizeFigures) -> Vec<Row> {
    // The members are the only thing the two sizes differ in before the sweep.
    let members = (large.links - small.links) as f64;
    let bytes = (large.before.median - small.before.median) * 1024.0 * 1024.0 / members;
    vec![
        Row::new(
            format!(
                "  the sweep's own peak RSS, growth {} → {} links",
                small.links, large.links
            ),
            format!(
                "{:+.1} MiB ({:.1} → {:.1} MiB medians)",
                large.own.median - small.own.median,
                small.own.median,
                large.own.median
            ),
            "≤ +10 MiB".into(),
            large.own.median - small.own.median <= 10.0,
        ),
        Row::info(
            format!(
                "  peak RSS growth of the bot {} → {} links (members cached included)",
                small.links, large.links
            ),
            format!(
                "{:+.1} MiB ({:.1} → {:.1} MiB medians)",
                large.peak.median - small.peak.median,
                small.peak.median,
                large.peak.median
            ),
        ),
        Row::info(
            "bytes per cached guild member (serenity's cache)",
            format!(
                "{bytes:.0} B (RSS before the sweep, {} → {} members cached: {:.1} → {:.1} MiB medians)",
                small.links, large.links, small.before.median, large.before.median
            ),
        ),
    ]
}

/// The first sweep of a fresh install, started with the process: no member GETs either.
async fn at_start_up(links: usize) -> Row {
    match one(links, 10_000.0, Start::AtStartUp).await {
        Ok(r) => {
            describe(links, "start-up", &r);
            Row::new(
                format!("  member GETs, sweep at start-up, {links} links"),
                format!(
                    "{} ({:.0} links/s, role calls exact: {})",
                    r.member_gets, r.per_second, r.role_calls_exact
                ),
                "0 (gateway cache)".into(),
                r.member_gets == 0,
            )
        }
        Err(e) => Row::failed("sweep at start-up", &e),
    }
}

/// `RESONITE_MAX_RPS=50` over a few hundred links: the achieved rate.
async fn paced(links: usize) -> Vec<Row> {
    match one(links, 50.0, Start::After(3)).await {
        Ok(r) => {
            let off = (r.resonite_rate - 50.0).abs() / 50.0 * 100.0;
            vec![Row::new(
                format!("sweep pacing, RESONITE_MAX_RPS=50 ({links} links)"),
                format!(
                    "{:.2} calls/s over {} calls ({off:.1}% off)",
                    r.resonite_rate,
                    2 * links
                ),
                "within 5% of 50".into(),
                off <= 5.0,
            )]
        }
        Err(e) => vec![Row::failed("sweep pacing", &e)],
    }
}
