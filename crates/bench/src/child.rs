//! The real bot, `resonite-verify` (release), as a child process pointed at the fakes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};

use crate::util;

/// The release binary next to this one (`target/release/resonite-verify`).
pub fn bot_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_else(|_| PathBuf::from("bench"));
    exe.with_file_name("resonite-verify")
}

/// Under `cargo run`, makes sure the bot binary is built and current.
pub fn ensure_built() -> anyhow::Result<()> {
    if let Ok(cargo) = std::env::var("CARGO") {
        let status = std::process::Command::new(cargo)
            .args(["build", "--release", "--quiet", "--bin", "resonite-verify"])
            .status()?;
        anyhow::ensure!(status.success(), "building resonite-verify failed");
    }
    anyhow::ensure!(
        bot_binary().exists(),
        "{} is missing: run `cargo build --release --bin resonite-verify` first",
        bot_binary().display()
    );
    Ok(())
}

/// The callback server's limits per client, set out of the benchmarks' way (0 is off).
const OUT_OF_THE_WAY: &[(&str, &str)] = &[
    ("MAX_CONNECTIONS_PER_CLIENT", "1000000"),
    ("CLIENT_REQUESTS_PER_MINUTE", "0"),
    ("LINK_REQUESTS_PER_MINUTE", "0"),
];

pub struct Bot {
    child: Child,
    pub pid: u32,
    pub port: u16,
    pub started: Instant,
    log: PathBuf,
    /// Runs under `BENCH_BOT_WRAPPER`, in its own process group.
    wrapped: bool,
}

impl Bot {
    /// Starts the bot with exactly `vars` (plus `HOST`, `PORT`, `RUST_LOG`), in `dir` (which
    /// has no `.env`), logging to `dir/bot.log`.
    pub fn spawn(mut vars: BTreeMap<String, String>, dir: &Path) -> anyhow::Result<Self> {
        let port = util::free_port();
        vars.insert("HOST".into(), "127.0.0.1".into());
        vars.insert("PORT".into(), port.to_string());
        vars.entry("RUST_LOG".into())
            .or_insert_with(|| "warn".into());
        // All the load comes from 127.0.0.1: limits per client would measure themselves.
        for (name, value) in OUT_OF_THE_WAY {
            vars.entry((*name).into())
                .or_insert_with(|| (*value).into());
        }
        let log = dir.join("bot.log");
        let out = std::fs::File::create(&log)?;
        let err = out.try_clone()?;
        let started = Instant::now();
        // `BENCH_BOT_WRAPPER` runs the bot under a profiler (`heaptrack -o FILE`); the
        // figures measured on the child's pid are then the wrapper's, not the bot's.
        let wrapper = std::env::var("BENCH_BOT_WRAPPER").unwrap_or_default();
        let mut words = wrapper.split_whitespace();
        let mut command = match words.next() {
            Some(program) => {
                let mut c = Command::new(program);
                c.args(words).arg(bot_binary());
                vars.insert("PATH".into(), std::env::var("PATH").unwrap_or_default());
                // Its own process group: the wrapper's children (the bot) are ended with it.
                c.process_group(0);
                c
            }
            None => Command::new(bot_binary()),
        };
        let child = command
            .env_clear()
            .envs(&vars)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .kill_on_drop(true)
            .spawn()?;
        let pid = child
            .id()
            .ok_or_else(|| anyhow::anyhow!("the bot exited at once"))?;
        Ok(Self {
            child,
            pid,
            port,
            started,
            log,
            wrapped: !wrapper.trim().is_empty(),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Polls `GET /healthz` until it answers 200; the time since the process was spawned.
    pub async fn wait_healthy(
        &mut self,
        http: &reqwest::Client,
        timeout: Duration,
    ) -> anyhow::Result<Duration> {
        let url = self.url("/healthz");
        while self.started.elapsed() < timeout {
            if let Ok(r) = http.get(&url).send().await
                && r.status().is_success()
            {
                return Ok(self.started.elapsed());
            }
            self.check_alive()?;
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        anyhow::bail!("no /healthz 200 within {timeout:?}; {}", self.log_tail())
    }

    /// Fails if the bot has exited.
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            anyhow::bail!("the bot exited ({status}); {}", self.log_tail());
        }
        Ok(())
    }

    pub fn rss_kib(&self) -> Option<u64> {
        util::vm_kib(self.pid, "VmRSS:")
    }

    pub fn peak_kib(&self) -> Option<u64> {
        util::vm_kib(self.pid, "VmHWM:")
    }

    pub fn cpu(&self) -> Duration {
        util::cpu_time(Some(self.pid))
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(15)..].join("\n");
        format!("bot log ({}):\n{tail}", self.log.display())
    }

    /// Ends the child (it was started here, and only it is signalled). A wrapped bot gets
    /// SIGTERM through its process group, so a profiler sees it exit and writes its data.
    pub async fn stop(mut self) {
        if self.wrapped {
            let group = format!("-{}", self.pid);
            let _ = std::process::Command::new("kill")
                .args(["-TERM", "--", &group])
                .status();
            if tokio::time::timeout(Duration::from_secs(20), self.child.wait())
                .await
                .is_ok()
            {
                return;
            }
            let _ = std::process::Command::new("kill")
                .args(["-KILL", "--", &group])
                .status();
        }
        let _ = self.child.start_kill();
        let _ = self.child.wait().await;
    }
}
