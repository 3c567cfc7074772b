//! Figure 2: callback completion over real HTTP (consume state → code exchange → profile
//! → store → role sync with one rule → reply edited), driven concurrently, beside a
//! minimal pipeline doing the same upstream work with bare reqwest and one SQL insert.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use poise::serenity_prelude as serenity;
use resonite_link::app::Core;
use resonite_link::clock::Clock;
use resonite_link::demo::seed;
use resonite_link_fakes::discord::FakeDiscord;
use resonite_link_fakes::resonite::MockHandle;
use resonite_link_fakes::world::{
    APPLICATION_ID, CLIENT_ID, CLIENT_SECRET, discord_id, generated_profile as profile, resonite_id,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::consent::{approve, http_client};
use crate::guild::{self, GUILD, LINKED};
use crate::util::{Scratch, Spread, cpu_time};
use crate::{Row, Sizes};

/// Offset of the profiles the minimal pipeline links (apart from the bot's).
const BASELINE_OFFSET: u64 = 10_000_000;
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
    _scratch: Scratch,
}

struct Pass {
    wall: Duration,
    cpu: Duration,
    ok: usize,
    total: usize,
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

async fn measure(sizes: &Sizes) -> anyhow::Result<Vec<Row>> {
    let n = sizes.callback_links;
    let runs = sizes.runs;
    let world = Rig::build(n * runs).await?;
    let mut ours = Vec::new();
    let mut base = Vec::new();
    let mut ratios = Vec::new();
    for run in 0..runs {
        let first = (run * n) as u64;
        let urls = world.prepare_ours(first, n).await?;
        let o = world.time_ours(&urls, sizes.concurrency).await;
        let codes = world.prepare_baseline(BASELINE_OFFSET + first, n).await?;
        let b = world.time_baseline(codes, sizes.concurrency).await;
        eprintln!(
            "  callback run {}: ours {:.0}/s ({}/{} ok, {:.2} ms CPU/link), minimal {:.0}/s ({}/{} ok, {:.2} ms CPU/link)",
            run + 1,
            o.per_second(),
            o.ok,
            o.total,
            o.cpu_ms_per_link(),
            b.per_second(),
            b.ok,
            b.total,
            b.cpu_ms_per_link()
        );
        ratios.push(o.per_second() / b.per_second());
        ours.push(o);
        base.push(b);
    }
    let failures: usize = ours.iter().map(|p| p.total - p.ok).sum();
    let rate = Spread::of(&ours.iter().map(Pass::per_second).collect::<Vec<_>>());
    let cpu = Spread::of(&ours.iter().map(Pass::cpu_ms_per_link).collect::<Vec<_>>());
    let base_rate = Spread::of(&base.iter().map(Pass::per_second).collect::<Vec<_>>());
    let base_cpu = Spread::of(&base.iter().map(Pass::cpu_ms_per_link).collect::<Vec<_>>());
    let ratio = Spread::of(&ratios);
    let requests = world.discord.requests();
    let per_link = requests.len() as f64 / (n * runs) as f64;
    world.core.store.close().await;
    world.baseline.close().await;
    Ok(vec![
        Row::new(
            format!(
                "callback completion, SQLite ({n} links × {runs}, {} concurrent)",
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
                "{} ms; {per_link:.1} Discord REST calls/link",
                cpu.show(2, "")
            ),
        ),
        Row::info(
            "  minimal pipeline (reqwest token + profile, one INSERT)",
            format!(
                "{} links/s, {} ms CPU/link",
                base_rate.show(0, ""),
                base_cpu.show(2, "")
            ),
        ),
        Row::new(
            "callback throughput ÷ minimal pipeline".into(),
            ratio.show(2, ""),
            "≥ 0.8".into(),
            ratio.median >= 0.8,
        ),
    ])
}

impl Rig {
    async fn build(links: usize) -> anyhow::Result<Self> {
        let scratch = Scratch::new("callback");
        let mut profiles = Vec::with_capacity(links * 2);
        for i in 0..links as u64 {
            profiles.push(profile(i, true, 600, &[]));
            profiles.push(profile(BASELINE_OFFSET + i, true, 600, &[]));
        }
        // Codes live long enough to prepare thousands before timing the callbacks.
        let mut world = guild::world()
            .accounts(profiles)
            .members(
                GUILD,
                (0..links as u64).map(|i| (discord_id(i), format!("gen{i}"), Vec::new())),
            )
            .rule(GUILD, LINKED, "linked", None)
            .token_key()
            .code_ttl(Duration::from_secs(3600))
            .env("DATABASE_URL", scratch.sqlite_url("bot.db"))
            .build()
            .await?;
        let clock = Clock::system();
        let core = Core::build(seed::config(&world)?, clock.clone()).await?;
        seed::seed(
            &core.store,
            core.cipher.as_deref(),
            world.seeds(),
            clock.now(),
        )
        .await?;
        let http = core.discord_http();
        http.set_application_id(serenity::ApplicationId::new(APPLICATION_ID));
        let _attached = core.attach_discord(Arc::new(http), None, None);
        let router = resonite_link::web::router(core.web_state());
        let listener = world
            .take_bot_listener()
            .ok_or_else(|| anyhow::anyhow!("the world holds no listener for the bot"))?;
        let base_url = world.bot_url.clone();
        tokio::spawn(async move { axum::serve(listener, router).await });

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
        Ok(Self {
            core,
            base_url,
            resonite: world.resonite.clone(),
            discord: world.discord.clone(),
            http: http_client(),
            baseline,
            _scratch: scratch,
        })
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

    async fn time_ours(&self, urls: &[String], concurrency: usize) -> Pass {
        let cpu = cpu_time(None);
        let began = Instant::now();
        let ok = futures::stream::iter(urls)
            .map(|url| async move {
                let url = if url.starts_with("http") {
                    url.clone()
                } else {
                    format!("{}{url}", self.base_url)
                };
                match self.http.get(url).send().await {
                    Ok(r) if r.status().is_success() => r.bytes().await.is_ok(),
                    Ok(r) => {
                        let status = r.status();
                        let body = r.text().await.unwrap_or_default();
                        note_failure(format!("HTTP {status}: {}", page_text(&body)));
                        false
                    }
                    Err(e) => {
                        note_failure(format!("{e}"));
                        false
                    }
                }
            })
            .buffer_unordered(concurrency)
            .filter(|ok| std::future::ready(*ok))
            .count()
            .await;
        Pass {
            wall: began.elapsed(),
            cpu: cpu_time(None).saturating_sub(cpu),
            ok,
            total: urls.len(),
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
                let state = resonite_link::linking::random_token();
                let verifier = resonite_link::linking::random_token();
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

    async fn time_baseline(&self, codes: Vec<(u64, String, String)>, concurrency: usize) -> Pass {
        let total = codes.len();
        let token_url = self.resonite.token_url();
        let profile_url = self.resonite.profile_url();
        let redirect_uri = format!("{}/oauth/callback", self.base_url);
        let cpu = cpu_time(None);
        let began = Instant::now();
        let ok = futures::stream::iter(codes)
            .map(|(i, code, verifier)| {
                let (token_url, profile_url, redirect_uri) =
                    (&token_url, &profile_url, &redirect_uri);
                async move {
                    minimal_link(
                        &self.http,
                        &self.baseline,
                        token_url,
                        profile_url,
                        redirect_uri,
                        i,
                        &code,
                        &verifier,
                    )
                    .await
                    .is_ok()
                }
            })
            .buffer_unordered(concurrency)
            .filter(|ok| std::future::ready(*ok))
            .count()
            .await;
        Pass {
            wall: began.elapsed(),
            cpu: cpu_time(None).saturating_sub(cpu),
            ok,
            total,
        }
    }
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

/// The least a link can be: exchange the code, fetch the profile, insert one row.
#[allow(clippy::too_many_arguments)]
async fn minimal_link(
    http: &reqwest::Client,
    db: &sqlx::SqlitePool,
    token_url: &str,
    profile_url: &str,
    redirect_uri: &str,
    i: u64,
    code: &str,
    verifier: &str,
) -> anyhow::Result<()> {
    let token: TokenAnswer = http
        .post(token_url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
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
        .get(profile_url)
        .bearer_auth(&token.access_token)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let profile: MinimalProfile = serde_json::from_slice(&body)?;
    sqlx::query(
        "INSERT INTO links (discord_user_id, resonite_user_id, resonite_username, profile_json, linked_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(discord_id(i) as i64)
    .bind(&profile.id)
    .bind(&profile.username)
    .bind(std::str::from_utf8(&body)?)
    .bind(chrono::Utc::now().timestamp())
    .execute(db)
    .await?;
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
