//! The real binary (`CARGO_BIN_EXE_resonite-verify`) as a child process in a fake world:
//! for what only a process can show (being killed with `kill -9`, its first scrape).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use resonite_verify_fakes::world::World;
use tokio::process::{Child, Command};

pub struct BotProcess {
    child: Child,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl BotProcess {
    /// Starts the bot with exactly the world's environment (`HOST`/`PORT` included: build
    /// the world with `BotAddress::Port`) plus `extra`, in an empty folder, logging to a file.
    pub fn spawn(world: &World, extra: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("bot.log");
        let out = std::fs::File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_resonite-verify"))
            .env_clear()
            .envs(world.env())
            .env("RUST_LOG", "info")
            .envs(extra.iter().copied())
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .kill_on_drop(true)
            .spawn()
            .expect("the bot binary starts");
        Self {
            child,
            log,
            _dir: dir,
        }
    }

    /// What the process logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// `kill -9`: no shutdown, nothing given back; returns once the process is gone.
    pub async fn kill9(&mut self) {
        // On Unix `start_kill` sends SIGKILL.
        self.child.start_kill().expect("the bot can be killed");
        let _ = self.child.wait().await;
    }

    /// Whether the process has exited (and how).
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// Waits (bounded) until `url` answers `status`; panics with the log otherwise.
    pub async fn wait_for_status(&mut self, http: &reqwest::Client, url: &str, status: u16) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let answered = http.get(url).send().await.map(|r| r.status().as_u16());
            if answered.as_ref().is_ok_and(|s| *s == status) {
                return;
            }
            assert!(
                self.exited().is_none(),
                "the bot exited while waiting for {url}:\n{}",
                self.log()
            );
            assert!(
                Instant::now() < deadline,
                "{url} answered {answered:?}, not {status}:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
