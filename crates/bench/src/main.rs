//! `bench`: the project's benchmarks, on one machine, against its own fakes on loopback.
//!
//! `cargo run --release -p resonite-verify-bench -- all` (or `link-start`, `callback`, `sweep`,
//! `footprint`, `quick`) prints one table: each figure, its target, whether it is met.
//! Figures come from repeated runs (median and min–max) or from a latency distribution
//! (p50/p99), never from one timing. See `docs/benchmarks.md`.

mod callback;
mod child;
mod consent;
mod footprint;
mod guild;
mod link_start;
mod reconcile;
mod sweep;
mod util;

use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "bench",
    about = "Benchmarks of resonite-verify against its own fakes"
)]
struct Cli {
    #[command(subcommand)]
    command: Which,
    /// PostgreSQL server for the /link start figure (a fresh database is created and dropped);
    /// `none` skips it.
    #[arg(
        long,
        global = true,
        env = "BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/postgres"
    )]
    postgres: String,
    /// Use the small sizes of `quick` for the chosen figure.
    #[arg(long, global = true)]
    small: bool,
    /// `sweep` only: one sweep of this many links, without the start-up and pacing runs
    /// (e.g. under a profiler: `BENCH_BOT_WRAPPER="heaptrack -o /tmp/sweep"`).
    #[arg(long, global = true)]
    sweep_links: Option<usize>,
}

#[derive(Subcommand, Clone, Copy, PartialEq, Eq)]
enum Which {
    /// Every figure at full size (several minutes).
    All,
    /// Every figure at small sizes: a smoke test that finishes in under a minute.
    Quick,
    /// `/link` start latency (SQLite and PostgreSQL).
    LinkStart,
    /// Callback completion throughput, beside a minimal pipeline.
    Callback,
    /// The reconciler draining pending members, by the real bot process.
    Reconcile,
    /// Re-verification sweeps by the real bot process.
    Sweep,
    /// Start-up time, resident memory, binary size.
    Footprint,
}

/// How much work each figure does.
pub struct Sizes {
    pub link_starts: usize,
    pub callback_links: usize,
    /// Callbacks timed while Discord hangs (each takes up to 3 s).
    pub hang_links: usize,
    pub concurrency: usize,
    pub runs: usize,
    /// (links, runs) per sweep size.
    pub sweeps: Vec<(usize, usize)>,
    /// Also the sweep at start-up and the paced sweep.
    pub sweep_extras: bool,
    pub rate_links: usize,
    pub footprint_runs: usize,
    /// (members, timed runs) of the reconcile figure; one more run counts writes.
    pub reconcile: (usize, usize),
}

impl Sizes {
    fn full() -> Self {
        Self {
            link_starts: 10_000,
            callback_links: 2_000,
            hang_links: 320,
            concurrency: 64,
            runs: 5,
            sweeps: vec![(10_000, 5), (100_000, 3)],
            sweep_extras: true,
            rate_links: 300,
            footprint_runs: 5,
            reconcile: (10_000, 3),
        }
    }

    fn quick() -> Self {
        Self {
            link_starts: 1_000,
            callback_links: 200,
            hang_links: 64,
            concurrency: 32,
            runs: 3,
            sweeps: vec![(1_000, 2), (5_000, 1)],
            sweep_extras: true,
            rate_links: 50,
            footprint_runs: 3,
            reconcile: (1_000, 2),
        }
    }
}

/// One line of the table.
pub struct Row {
    figure: String,
    result: String,
    target: String,
    /// `None`: information only, no target.
    met: Option<bool>,
    note: Option<&'static str>,
}

impl Row {
    pub fn new(figure: String, result: String, target: String, met: bool) -> Self {
        Self {
            figure,
            result,
            target,
            met: Some(met),
            note: None,
        }
    }

    pub fn info(figure: impl Into<String>, result: String) -> Self {
        Self {
            figure: figure.into(),
            result,
            target: "—".into(),
            met: None,
            note: None,
        }
    }

    pub fn failed(figure: &str, error: &anyhow::Error) -> Self {
        Self {
            figure: figure.to_owned(),
            result: format!("{error:#}").replace('\n', " "),
            target: "—".into(),
            met: Some(false),
            note: Some("FAILED"),
        }
    }

    pub fn skipped(figure: &str, why: &str) -> Self {
        Self {
            figure: figure.to_owned(),
            result: why.to_owned(),
            target: "—".into(),
            met: None,
            note: Some("skipped"),
        }
    }

    fn verdict(&self) -> &'static str {
        match (self.note, self.met) {
            (Some(note), _) => note,
            (None, Some(true)) => "yes",
            (None, Some(false)) => "**no**",
            (None, None) => "",
        }
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map_or_else(String::new, |k| {
            format!(", {:.1} GiB RAM", k / 1024.0 / 1024.0)
        });
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    format!("{cpu}, {cores} cores{mem}; load average at the end {load}")
}

fn print_table(rows: &[Row], which: &str, elapsed: std::time::Duration) {
    println!();
    println!(
        "resonite-verify benchmarks ({which}), {} UTC, release build, {:.0} s",
        chrono::Utc::now().format("%Y-%m-%d %H:%M"),
        elapsed.as_secs_f64()
    );
    println!("machine: {}", machine());
    println!();
    println!("| figure | result: median (min–max over runs) or p50/p99 | target | met |");
    println!("|---|---|---|---|");
    for r in rows {
        println!(
            "| {} | {} | {} | {} |",
            r.figure,
            r.result.replace('|', "\\|"),
            r.target,
            r.verdict()
        );
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let mut sizes = if cli.small || cli.command == Which::Quick {
        Sizes::quick()
    } else {
        Sizes::full()
    };
    if let Some(links) = cli.sweep_links {
        sizes.sweeps = vec![(links, 1)];
        sizes.sweep_extras = false;
    }
    let postgres = (cli.postgres != "none").then_some(cli.postgres.as_str());
    let every = matches!(cli.command, Which::All | Which::Quick);
    let needs_bot = every
        || matches!(
            cli.command,
            Which::Reconcile | Which::Sweep | Which::Footprint
        );
    if needs_bot && let Err(e) = child::ensure_built() {
        eprintln!("bench: {e:#}");
        return ExitCode::FAILURE;
    }
    let began = Instant::now();
    let mut rows = Vec::new();
    if every || cli.command == Which::Reconcile {
        eprintln!("reconcile …");
        rows.extend(reconcile::run(&sizes).await);
    }
    if every || cli.command == Which::LinkStart {
        eprintln!("/link start …");
        rows.extend(link_start::run(&sizes, postgres).await);
    }
    if every || cli.command == Which::Callback {
        eprintln!("callback completion …");
        rows.extend(callback::run(&sizes).await);
    }
    if every || cli.command == Which::Sweep {
        eprintln!("sweeps …");
        rows.extend(sweep::run(&sizes).await);
    }
    if every || cli.command == Which::Footprint {
        eprintln!("footprint …");
        rows.extend(footprint::run(&sizes).await);
    }
    let name = match cli.command {
        Which::All => "all",
        Which::Quick => "quick",
        Which::LinkStart => "link-start",
        Which::Callback => "callback",
        Which::Reconcile => "reconcile",
        Which::Sweep => "sweep",
        Which::Footprint => "footprint",
    };
    print_table(&rows, name, began.elapsed());
    ExitCode::SUCCESS
}
