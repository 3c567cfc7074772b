//! Headless Chromium for the browser tests (`browser.rs`, `dashboard_browser.rs`): one
//! launch, with a profile of its own and the flags that keep it quiet and offline.
//!
//! Without `/usr/bin/chromium` a test skips ("skipped: chromium not installed") and
//! passes, except in CI (`CI=true`), where it fails: `.ci/run` installs Debian's `chromium`.

use std::path::Path;
use std::time::Duration;

use chromiumoxide::Page;
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::handler::viewport::Viewport;
use futures::StreamExt;

pub const CHROMIUM: &str = "/usr/bin/chromium";
/// How long Chromium may take to start, and a page to show.
pub const WAIT: Duration = Duration::from_secs(30);

/// Whether Chromium is here; `false` (after saying so) means: skip. Fails in CI.
pub fn available() -> bool {
    if Path::new(CHROMIUM).exists() {
        return true;
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium");
    }
    eprintln!("skipped: chromium not installed");
    false
}

/// A running headless Chromium; [`Chromium::close`] ends it.
pub struct Chromium {
    pub browser: Browser,
    handler: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts Chromium with a window of `width` × `height`, and `viewport` when given
    /// (else chromiumoxide's default one).
    pub async fn launch(width: u32, height: u32, viewport: Option<Viewport>) -> Self {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut config = BrowserConfig::builder()
            .chrome_executable(CHROMIUM)
            .no_sandbox()
            .user_data_dir(profile.path())
            .window_size(width, height);
        if let Some(viewport) = viewport {
            config = config.viewport(viewport);
        }
        let config = config
            .args([
                "disable-gpu",
                "disable-quic",
                "no-first-run",
                "disable-background-networking",
                "disable-component-update",
                "disable-sync",
            ])
            .launch_timeout(WAIT)
            .build()
            .expect("browser config");
        let (browser, mut handler) = Browser::launch(config).await.expect("chromium starts");
        // Messages the protocol crate does not know are reported as errors: keep going.
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        Self {
            browser,
            handler,
            _profile: profile,
        }
    }

    /// A new blank tab.
    pub async fn tab(&self) -> Page {
        self.browser.new_page("about:blank").await.expect("a tab")
    }

    /// Closes Chromium and waits for it to exit.
    pub async fn close(mut self) {
        self.browser.close().await.expect("close chromium");
        let _ = self.browser.wait().await;
        self.handler.abort();
    }
}
