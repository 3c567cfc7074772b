//! Figure 2: callback completion over real HTTP, as a browser does it: the callback (state →
//! code exchange → profile → confirmation page bound to the browser's cookie), then Link
//! pressed (the POST: one commit → the reconciler applies the role → reply edited → page); each
//! timed link is both requests. Driven
//! concurrently, beside two minimal pipelines with bare reqwest: one doing the same
//! external work (token POST, profile GET, role PUT, reply PATCH, one commit), and the
//! older one (token POST, profile GET, one INSERT). Then the latency of each callback at
//! zero and 50 ms upstream latency, and with Discord hanging.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use poise::serenity_prelude as serenity;
use resonite_verify::app::Core;
use resonite_verify::clock::Clock;
use resonite_verify::seed;
use resonite_verify_fakes::discord::{FakeDiscord, Route};
use resonite_verify_fakes::resonite::MockHandle;
use resonite_verify_fakes::world::{
    APPLICATION_ID, BOT_TOKEN, CLIENT_ID, CLIENT_SECRET, discord_id, generated_profile as profile,
    resonite_id,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::consent::{approve, http_client};
use crate::guild::{self, GUILD, LINKED};
use crate::util::{Scratch, Spread, cpu_time, ms, quantile};
use crate::{Row, Sizes};

/// Offset of the profiles the minimal pipelines link (apart from the bot's).
const BASELINE_OFFSET: u64 = 10_000_000;
/// Latency added to every upstream call (Resonite and Discord) in the latency figure.
const UPSTREAM_LATENCY: Duration = Duration::from_millis(50);
/// Concurrent approvals while preparing (not timed).
const PREPARE_CONCURRENCY: usize = 16;

/// The bot's core and callback server in the bench guild, and the minimal pipeline's database.
struct Rig {
    core: Core,
    base_url: String,
    resonite: MockHandle,
    discord: FakeDiscord,
    http: reqwest::Client,
    baseline: sqlx::SqlitePool,
    discord_url: String,
    /// Stops the reconciler's workers when dropped.
    _stop: tokio::sync::watch::Sender<bool>,
    _scratch: Scratch,
}

/// Which minimal pipeline.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Minimal {
    /// Token POST, profile GET, role PUT, reply PATCH, one commit: the bot's external work.
    EqualWork,
    /// Token POST, profile GET, one INSERT (the comparator of earlier runs).
    Upstream,
}

struct Pass {
    wall: Duration,
    cpu: Duration,
    ok: usize,
    total: usize,
    /// Each successful link's time, request sent to answer read.
    latencies: Vec<Duration>,
}

impl Pass {
    fn per_second(&self) -> f64 {
        self.ok as f64 / self.wall.as_secs_f64()
    }
    fn cpu_ms_per_link(&self) -> f64 {
        self.cpu.as_secs_f64() * 1000.0 / self.total.max(1) as f64
    }
}

pub async fn run(sizes: &Sizes) -> Vec<Row> {
    match measure(sizes).await {
        Ok(rows) => rows,
        Err(e) => vec![Row::failed("callback completion", &e)],
    }
}

/// p50 and p99 of every latency of `passes`, in ms.
fn latency_of(passes: &[&Pass]) -> (f64, f64, usize) {
    let mut all: Vec<Duration> = passes
        .iter()
        .flat_map(|p| p.latencies.iter().copied())
        .collect();
    all.sort();
    (ms(quantile(&all, 0.5)), ms(quantile(&all, 0.99)), all.len())
}

fn show_latency(passes: &[&Pass]) -> String {
    let (p50, p99, n) = latency_of(passes);
    let failed: usize = passes.iter().map(|p| p.total - p.ok).sum();
    format!(
        "p50 {p50:.1} ms, p99 {p99:.1} ms ({n} links{})",
        if failed > 0 {
            format!(", {failed} FAILED")
        } else {
            String::new()
        }
    )
}

async fn measure(sizes: &Sizes) -> anyhow::Result<Vec<Row>> {
    let n = sizes.callback_links;
    let runs = sizes.runs;
    let hang_links = sizes.hang_links;
    // Ours: `runs` timed runs, one with upstream latency, one with Discord hanging.
    let ours_links = n * (runs + 1) + hang_links;
    // Minimal pipelines: both per run, and the equal-work one with upstream latency.
    let minimal_links = n * (2 * runs + 1);
    let world = Rig::build(ours_links, minimal_links).await?;
    let mut next = Next {
        ours: 0,
        minimal: BASELINE_OFFSET,
    };
    let timed = world.timed_runs(sizes, &mut next).await?;
    let slow = world.slow_upstream(sizes, &mut next).await?;
    let hung = world.discord_hanging(sizes, next.ours).await?;
    world.core.store.close().await;
    world.baseline.close().await;
    let mut rows = throughput_rows(sizes, &timed);
    rows.extend(latency_rows(sizes, &timed, &slow, &hung));
    Ok(rows)
}

/// The first member not linked yet, of the bot's and of the minimal pipelines'.
struct Next {
    ours: u64,
    minimal: u64,
}

/// The timed runs: per run one pass of the bot and one of each minimal pipeline.
struct Timed {
    ours: Vec<Pass>,
    equal: Vec<Pass>,
    upstream: Vec<Pass>,
    /// Per run: the bot's throughput ÷ the equal-work pipeline's.
    ratios: Vec<f64>,
    /// Per run: the bot's throughput ÷ the upstream-only pipeline's.
    ratios_upstream: Vec<f64>,
    /// The bot's Discord REST calls per link in the timed runs.
    per_link: f64,
}

/// The passes with every upstream call 50 ms away.
struct Slow {
    ours: Pass,
    equal: Pass,
}

impl Rig {
    /// `sizes.runs` runs of `sizes.callback_links` links each: the bot's, then each minimal
    /// pipeline's.
    async fn timed_runs(&self, sizes: &Sizes, next: &mut Next) -> anyhow::Result<Timed> {
        let n = sizes.callback_links;
        let mut timed = Timed {
            ours: Vec::new(),
            equal: Vec::new(),
            upstream: Vec::new(),
            ratios: Vec::new(),
            ratios_upstream: Vec::new(),
            per_link: 0.0,
        };
        // The bot's Discord calls, recorded while its callbacks were timed.
        let mut ours_calls = Vec::new();
        for run in 0..sizes.runs {
            let urls = self.prepare_ours(next.ours, n).await?;
            next.ours += n as u64;
            let before = self.discord.requests().len();
            let o = self.time_ours(&urls, sizes.concurrency).await;
            ours_calls.extend(self.discord.requests().into_iter().skip(before));
            let codes = self.prepare_baseline(next.minimal, n).await?;
            next.minimal += n as u64;
            let e = self
                .time_baseline(codes, sizes.concurrency, Minimal::EqualWork)
                .await;
            let codes = self.prepare_baseline(next.minimal, n).await?;
            next.minimal += n as u64;
            let u = self
                .time_baseline(codes, sizes.concurrency, Minimal::Upstream)
                .await;
            log_run(run, &o, &e, &u);
            timed.ratios.push(o.per_second() / e.per_second());
            timed.ratios_upstream.push(o.per_second() / u.per_second());
            timed.ours.push(o);
            timed.equal.push(e);
            timed.upstream.push(u);
        }
        timed.per_link = ours_calls.len() as f64 / (n * sizes.runs) as f64;
        eprintln!(
            "  the bot's Discord calls in the timed runs: {}",
            route_counts(&ours_calls)
        );
        Ok(timed)
    }

    /// The same with every upstream call 50 ms away (prepared without it).
    async fn slow_upstream(&self, sizes: &Sizes, next: &mut Next) -> anyhow::Result<Slow> {
        let n = sizes.callback_links;
        let urls = self.prepare_ours(next.ours, n).await?;
        next.ours += n as u64;
        let codes = self.prepare_baseline(next.minimal, n).await?;
        self.set_upstream_latency(UPSTREAM_LATENCY);
        let ours = self.time_ours(&urls, sizes.concurrency).await;
        let equal = self
            .time_baseline(codes, sizes.concurrency, Minimal::EqualWork)
            .await;
        self.set_upstream_latency(Duration::ZERO);
        eprintln!(
            "  with {} ms upstream: ours {}, equal-work minimal {}",
            UPSTREAM_LATENCY.as_millis(),
            show_latency(&[&ours]),
            show_latency(&[&equal])
        );
        Ok(Slow { ours, equal })
    }

    /// Discord hanging: every REST call held unanswered; the page must still answer.
    async fn discord_hanging(&self, sizes: &Sizes, first: u64) -> anyhow::Result<Pass> {
        let urls = self.prepare_ours(first, sizes.hang_links).await?;
        let hang = self.discord.hang(Route::all());
        let hung = self.time_ours(&urls, sizes.concurrency).await;
        self.discord.clear_fault(hang);
        eprintln!(
            "  Discord hanging: {}, max {:.0} ms",
            show_latency(&[&hung]),
            max_latency(&hung)
        );
        Ok(hung)
    }
}

fn log_run(run: usize, o: &Pass, e: &Pass, u: &Pass) {
    eprintln!(
        "  callback run {}: ours {:.0}/s ({}/{} ok, {:.2} ms CPU/link), equal-work minimal {:.0}/s ({}/{} ok, {:.2} ms CPU/link), upstream-only minimal {:.0}/s ({}/{} ok, {:.2} ms CPU/link)",
        run + 1,
        o.per_second(),
        o.ok,
        o.total,
        o.cpu_ms_per_link(),
        e.per_second(),
        e.ok,
        e.total,
        e.cpu_ms_per_link(),
        u.per_second(),
        u.ok,
        u.total,
        u.cpu_ms_per_link()
    );
}

/// The slowest link of a pass, in ms (NaN when none succeeded).
fn max_latency(pass: &Pass) -> f64 {
    pass.latencies.iter().max().copied().map_or(f64::NAN, ms)
}

/// The spread of `figure` over `passes`.
fn spread(passes: &[Pass], figure: fn(&Pass) -> f64) -> Spread {
    Spread::of(&passes.iter().map(figure).collect::<Vec<_>>())
}

/// Throughput and CPU of the timed runs, against both minimal pipelines.
fn throughput_rows(sizes: &Sizes, timed: &Timed) -> Vec<Row> {
    let (n, runs) = (sizes.callback_links, sizes.runs);
    let failures: usize = timed.ours.iter().map(|p| p.total - p.ok).sum();
    let rate = spread(&timed.ours, Pass::per_second);
    let cpu = spread(&timed.ours, Pass::cpu_ms_per_link);
    let ratio = Spread::of(&timed.ratios);
    vec![
        Row::new(
            format!(
                "callback completion, SQLite ({n} links × {runs}, {} concurrent, reconciler applies the role)",
                sizes.concurrency
            ),
            format!(
                "{} links/s{}",
                rate.show(0, ""),
                if failures > 0 {
                    format!(", {failures} FAILED")
                } else {
                    String::new()
                }
            ),
            "≥ 2000 links/s".into(),
            rate.median >= 2000.0 && failures == 0,
        ),
        Row::info(
            "  CPU per link (whole process: bot + mock + fake + client)",
            format!(
                "{} ms; {:.2} Discord REST calls/link",
                cpu.show(2, ""),
                timed.per_link
            ),
        ),
        Row::info(
            "  equal-work minimal pipeline (token POST, profile GET, role PUT, reply PATCH, one commit)",
            format!(
                "{} links/s, {} ms CPU/link",
                spread(&timed.equal, Pass::per_second).show(0, ""),
                spread(&timed.equal, Pass::cpu_ms_per_link).show(2, "")
            ),
        ),
        Row::new(
            "callback throughput ÷ equal-work minimal pipeline".into(),
            ratio.show(2, ""),
            "≥ 0.8".into(),
            ratio.median >= 0.8,
        ),
        Row::info(
            "  upstream-only minimal pipeline (token POST, profile GET, one INSERT)",
            format!(
                "{} links/s, {} ms CPU/link",
                spread(&timed.upstream, Pass::per_second).show(0, ""),
                spread(&timed.upstream, Pass::cpu_ms_per_link).show(2, "")
            ),
        ),
        Row::info(
            "callback throughput ÷ upstream-only minimal pipeline (old comparator)",
            Spread::of(&timed.ratios_upstream).show(2, ""),
        ),
    ]
}

/// Latency of the timed runs, with upstream latency, and with Discord hanging.
fn latency_rows(sizes: &Sizes, timed: &Timed, slow: &Slow, hung: &Pass) -> Vec<Row> {
    let ours_refs: Vec<&Pass> = timed.ours.iter().collect();
    let equal_refs: Vec<&Pass> = timed.equal.iter().collect();
    let (_, hung_p99, _) = latency_of(&[hung]);
    vec![
        Row::info(
            format!(
                "callback latency, no added latency ({} concurrent)",
                sizes.concurrency
            ),
            format!(
                "ours {}; equal-work minimal {}",
                show_latency(&ours_refs),
                show_latency(&equal_refs)
            ),
        ),
        Row::info(
            format!(
                "callback latency, {} ms added to every upstream call",
                UPSTREAM_LATENCY.as_millis()
            ),
            format!(
                "ours {}; equal-work minimal {}",
                show_latency(&[&slow.ours]),
                show_latency(&[&slow.equal])
            ),
        ),
        Row::new(
            "callback latency, Discord hanging (every REST call held)".into(),
            format!("{}, max {:.0} ms", show_latency(&[hung]), max_latency(hung)),
            "p99 ≤ 3 s, page answers".into(),
            hung_p99 <= 3000.0 && hung.ok == hung.total,
        ),
    ]
}

/// `METHOD /path/with/{ids}`: count, for the Discord calls of a run.
fn route_counts(requests: &[resonite_verify_fakes::discord::RecordedRequest]) -> String {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for r in requests {
        let shape: Vec<&str> = r
            .path
            .trim_start_matches("/api/v10/")
            .split('/')
            .map(|seg| {
                if seg.chars().any(|c| c.is_ascii_digit()) {
                    "{id}"
                } else {
                    seg
                }
            })
            .collect();
        *counts
            .entry(format!("{} /{}", r.method, shape.join("/")))
            .or_default() += 1;
    }
    counts
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Rig {
    /// `ours` members to link through the bot, `minimal` through the minimal pipelines.
    async fn build(ours: usize, minimal: usize) -> anyhow::Result<Self> {
        let scratch = Scratch::new("callback");
        let mut world = bench_world(ours, minimal, &scratch).await?;
        let clock = Clock::system();
        let core = Core::build(seed::config(&world)?, clock.clone()).await?;
        seed::seed(
            &core.store,
            core.cipher.as_deref(),
            world.seeds(),
            clock.now(),
        )
        .await?;
        // What the gateway's Ready tells the bot's REST client in the bot process.
        core.http
            .set_application_id(serenity::ApplicationId::new(APPLICATION_ID));
        // As in the bot process: the guild and its members come from the gateway cache.
        let cache = gateway_cache(&world)?;
        core.members.gateway_cache(&Arc::new(cache));
        core.members.guild_complete(GUILD);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(Arc::clone(&core.reconciler).run(stopped));
        let router = resonite_verify::web::router(core.web_state());
        let listener = world
            .take_bot_listener()
            .ok_or_else(|| anyhow::anyhow!("the world holds no listener for the bot"))?;
        let base_url = world.bot_url.clone();
        tokio::spawn(async move { axum::serve(listener, router).await });

        let baseline = minimal_db(&scratch).await?;
        let discord_url = world
            .var("DISCORD_API_URL")
            .ok_or_else(|| anyhow::anyhow!("the world sets no DISCORD_API_URL"))?;
        Ok(Self {
            core,
            base_url,
            resonite: world.resonite.clone(),
            discord: world.discord.clone(),
            http: http_client(),
            baseline,
            discord_url: discord_url.trim_end_matches('/').to_owned(),
            _stop: stop,
            _scratch: scratch,
        })
    }

    fn set_upstream_latency(&self, latency: Duration) {
        self.resonite.set_latency(latency);
        self.discord.set_latency(latency);
    }

    /// `/link` for members `first..first+n`, approved at the mock: the callback URLs.
    async fn prepare_ours(&self, first: u64, n: usize) -> anyhow::Result<Vec<String>> {
        futures::stream::iter(first..first + n as u64)
            .map(|i| async move {
                let user = discord_id(i);
                let started = self
                    .core
                    .links
                    .start(
                        user,
                        &format!("gen{i}"),
                        Some(GUILD),
                        &format!("itoken-{i}"),
                    )
                    .await?;
                approve(&self.http, started.authorize_url.as_str(), &resonite_id(i)).await
            })
            .buffer_unordered(PREPARE_CONCURRENCY)
            .collect::<Vec<anyhow::Result<String>>>()
            .await
            .into_iter()
            .collect()
    }

    /// What a member's browser does: the callback (its confirmation page sets the cookie),
    /// then Link pressed on that page — the POST that commits the link.
    async fn callback_and_confirm(&self, url: &str) -> Result<(), String> {
        let page = self
            .http
            .get(url)
            .send()
            .await
            .map_err(|e| format!("{e}"))?;
        let status = page.status();
        let cookie = page
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .map(|v| resonite_verify::web::confirm::cookie_pair(v).to_owned());
        let body = page.text().await.map_err(|e| format!("{e}"))?;
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", page_text(&body)));
        }
        let token = resonite_verify::web::confirm::form_token(&body)
            .ok_or_else(|| format!("no confirmation form: {}", page_text(&body)))?;
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", &token)
            .append_pair("action", "link")
            .finish();
        let mut request = self
            .http
            .post(format!(
                "{}{}",
                self.base_url,
                resonite_verify::web::CONFIRM_PATH
            ))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let done = request.send().await.map_err(|e| format!("{e}"))?;
        let status = done.status();
        let body = done.text().await.map_err(|e| format!("{e}"))?;
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("HTTP {status}: {}", page_text(&body)))
        }
    }

    async fn time_ours(&self, urls: &[String], concurrency: usize) -> Pass {
        let cpu = cpu_time(None);
        let began = Instant::now();
        let latencies: Vec<Duration> = futures::stream::iter(urls)
            .map(|url| async move {
                let url = if url.starts_with("http") {
                    url.clone()
                } else {
                    format!("{}{url}", self.base_url)
                };
                let sent = Instant::now();
                let ok = match self.callback_and_confirm(&url).await {
                    Ok(()) => true,
                    Err(what) => {
                        note_failure(what);
                        false
                    }
                };
                ok.then(|| sent.elapsed())
            })
            .buffer_unordered(concurrency)
            .filter_map(std::future::ready)
            .collect()
            .await;
        Pass {
            wall: began.elapsed(),
            cpu: cpu_time(None).saturating_sub(cpu),
            ok: latencies.len(),
            total: urls.len(),
            latencies,
        }
    }

    /// Codes for the minimal pipeline: its own state and PKCE verifier, approved at the
    /// mock like the bot's. Returns `(n, code, verifier)`.
    async fn prepare_baseline(
        &self,
        first: u64,
        n: usize,
    ) -> anyhow::Result<Vec<(u64, String, String)>> {
        futures::stream::iter(first..first + n as u64)
            .map(|i| async move {
                let state = resonite_verify::linking::random_token();
                let verifier = resonite_verify::linking::random_token();
                let url = self.core.resonite.authorize_url(&state, &verifier);
                let location = approve(&self.http, url.as_str(), &resonite_id(i)).await?;
                let location = url::Url::parse(&location)?;
                let code = location
                    .query_pairs()
                    .find(|(k, _)| k == "code")
                    .map(|(_, v)| v.into_owned())
                    .ok_or_else(|| anyhow::anyhow!("no code in {location}"))?;
                Ok((i, code, verifier))
            })
            .buffer_unordered(PREPARE_CONCURRENCY)
            .collect::<Vec<anyhow::Result<_>>>()
            .await
            .into_iter()
            .collect()
    }

    async fn time_baseline(
        &self,
        codes: Vec<(u64, String, String)>,
        concurrency: usize,
        which: Minimal,
    ) -> Pass {
        let total = codes.len();
        let target = Target {
            token_url: self.resonite.token_url(),
            profile_url: self.resonite.profile_url(),
            redirect_uri: format!("{}/oauth/callback", self.base_url),
            discord_url: self.discord_url.clone(),
        };
        let cpu = cpu_time(None);
        let began = Instant::now();
        let latencies: Vec<Duration> = futures::stream::iter(codes)
            .map(|(i, code, verifier)| {
                let target = &target;
                async move {
                    let sent = Instant::now();
                    let done = minimal_link(
                        &self.http,
                        &self.baseline,
                        target,
                        which,
                        i,
                        &code,
                        &verifier,
                    )
                    .await;
                    match done {
                        Ok(()) => Some(sent.elapsed()),
                        Err(e) => {
                            note_failure(format!("minimal: {e:#}"));
                            None
                        }
                    }
                }
            })
            .buffer_unordered(concurrency)
            .filter_map(std::future::ready)
            .collect()
            .await;
        Pass {
            wall: began.elapsed(),
            cpu: cpu_time(None).saturating_sub(cpu),
            ok: latencies.len(),
            total,
            latencies,
        }
    }
}

/// The bench guild with `ours` members for the bot and `minimal` for the minimal pipelines,
/// every one with a Resonite account and in the guild (the equal-work pipeline's too: its
/// role PUT must land on a member), the bot's database in `scratch`.
async fn bench_world(
    ours: usize,
    minimal: usize,
    scratch: &Scratch,
) -> anyhow::Result<resonite_verify_fakes::world::World> {
    let mut profiles = Vec::with_capacity(ours + minimal);
    profiles.extend((0..ours as u64).map(|i| profile(i, true, 600, &[])));
    let minimal_ids = BASELINE_OFFSET..BASELINE_OFFSET + minimal as u64;
    profiles.extend(minimal_ids.clone().map(|i| profile(i, true, 600, &[])));
    let members = (0..ours as u64)
        .chain(minimal_ids)
        .map(|i| (discord_id(i), format!("gen{i}"), Vec::new()));
    // Codes live long enough to prepare thousands before timing the callbacks.
    Ok(guild::world()
        .accounts(profiles)
        .members(GUILD, members)
        .rule(GUILD, LINKED, "linked", None)
        .token_key()
        .code_ttl(Duration::from_secs(3600))
        .env("DATABASE_URL", scratch.sqlite_url("bot.db"))
        .build()
        .await?)
}

/// As in the bot process: the guild and its members come from the gateway cache, filled
/// here from the GUILD_CREATE the fake gateway would send.
fn gateway_cache(world: &resonite_verify_fakes::world::World) -> anyhow::Result<serenity::Cache> {
    let cache = serenity::Cache::new();
    let payload = world
        .discord
        .guild_create_payload(GUILD)
        .ok_or_else(|| anyhow::anyhow!("the fake has no bench guild"))?;
    let mut event: serenity::GuildCreateEvent = serde_json::from_value(payload)?;
    cache.update(&mut event);
    Ok(cache)
}

/// The minimal pipelines' database: one `links` table in `scratch`.
async fn minimal_db(scratch: &Scratch) -> anyhow::Result<sqlx::SqlitePool> {
    let options = SqliteConnectOptions::from_str(&scratch.sqlite_url("minimal.db"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10));
    let baseline = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::query(
        "CREATE TABLE links (discord_user_id INTEGER PRIMARY KEY NOT NULL,
           resonite_user_id TEXT NOT NULL UNIQUE, resonite_username TEXT NOT NULL,
           profile_json TEXT NOT NULL, linked_at INTEGER NOT NULL)",
    )
    .execute(&baseline)
    .await?;
    Ok(baseline)
}

/// Where the minimal pipelines send their requests.
struct Target {
    token_url: String,
    profile_url: String,
    redirect_uri: String,
    discord_url: String,
}

#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: String,
}

#[derive(serde::Deserialize)]
struct MinimalProfile {
    id: String,
    username: String,
}

/// The least a link can be: exchange the code, fetch the profile, store one row in one
/// commit; with [`Minimal::EqualWork`] also grant the role and edit the `/link` reply, as
/// the bot does.
async fn minimal_link(
    http: &reqwest::Client,
    db: &sqlx::SqlitePool,
    target: &Target,
    which: Minimal,
    i: u64,
    code: &str,
    verifier: &str,
) -> anyhow::Result<()> {
    let token: TokenAnswer = http
        .post(&target.token_url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", target.redirect_uri.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("code_verifier", verifier),
        ])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let body = http
        .get(&target.profile_url)
        .bearer_auth(&token.access_token)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let profile: MinimalProfile = serde_json::from_slice(&body)?;
    let user = discord_id(i);
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO links (discord_user_id, resonite_user_id, resonite_username, profile_json, linked_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(user as i64)
    .bind(&profile.id)
    .bind(&profile.username)
    .bind(std::str::from_utf8(&body)?)
    .bind(chrono::Utc::now().timestamp())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    if which == Minimal::Upstream {
        return Ok(());
    }
    let bot = format!("Bot {BOT_TOKEN}");
    http.put(format!(
        "{}/api/v10/guilds/{GUILD}/members/{user}/roles/{LINKED}",
        target.discord_url
    ))
    .header(reqwest::header::AUTHORIZATION, &bot)
    .header(reqwest::header::CONTENT_LENGTH, 0)
    .send()
    .await?
    .error_for_status()?;
    http.patch(format!(
        "{}/api/v10/webhooks/{APPLICATION_ID}/mtoken-{i}/messages/@original",
        target.discord_url
    ))
    .header(reqwest::header::AUTHORIZATION, &bot)
    .json(&serde_json::json!({ "content": format!("Linked as {}.", profile.username) }))
    .send()
    .await?
    .error_for_status()?;
    Ok(())
}

/// Prints the first few distinct failures (a benchmark that fails should say why).
fn note_failure(what: String) {
    static SEEN: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if seen.len() < 5 && !seen.contains(&what) {
        eprintln!("  callback failed: {what}");
        seen.push(what);
    }
}

/// The visible text of an HTML page, roughly (tags dropped, whitespace squeezed).
fn page_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    text.chars().skip(text.len().saturating_sub(300)).collect()
}
