//! The dashboard in a real browser (headless Chromium over the DevTools protocol): the
//! owner signs in with real clicks on the fake Discord's consent page, then the server list,
//! a server's overview and its members page are opened at 1280 and at 390 px. Each page:
//! no horizontal overflow, nothing loaded from anywhere but the bot (its own stylesheet),
//! no console error (a script or style the policy blocked would be one); a screenshot of
//! each lands in `docs/dashboard/`.
//!
//! Without `/usr/bin/chromium` it says "skipped: chromium not installed" and passes, except
//! in CI (`CI=true`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::browser::{Browser, BrowserConfig};
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::log::{self as cdp_log, EventEntryAdded};
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;
use serde::Deserialize;

use crate::support::db::TestDb;
use crate::support::world::{GUILD, MEMBER, OWNER, PATRON};

const CHROMIUM: &str = "/usr/bin/chromium";
const WAIT: Duration = Duration::from_secs(30);

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Facts {
    href: String,
    title: String,
    scroll_width: i64,
    inner_width: i64,
    resources: Vec<String>,
    /// `<h1>` and table headers, for a screen reader's outline.
    h1: usize,
    unlabelled: usize,
}

const FACTS_JS: &str = r#"JSON.stringify({
  href: location.href,
  title: document.title,
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  resources: performance.getEntriesByType('resource').map(e => e.name),
  h1: document.querySelectorAll('h1').length,
  unlabelled: [...document.querySelectorAll('input:not([type=hidden]), select')]
    .filter(e => !(e.id && document.querySelector(`label[for="${e.id}"]`)) && !e.getAttribute('aria-label')).length,
})"#;

fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/dashboard");
    std::fs::create_dir_all(&dir).expect("docs/dashboard");
    dir
}

async fn wait_for(page: &Page, url: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let state = page
            .evaluate("JSON.stringify([location.href, document.readyState])")
            .await
            .ok()
            .and_then(|r| r.into_value::<String>().ok())
            .and_then(|s| serde_json::from_str::<(String, String)>(&s).ok());
        if let Some((href, ready)) = &state
            && href.starts_with(url)
            && ready == "complete"
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no page at {url} (last {state:?})"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn errors_of(page: &Page, errors: Arc<Mutex<Vec<String>>>) {
    page.execute(cdp_log::EnableParams::default())
        .await
        .expect("Log.enable");
    let mut entries = page
        .event_listener::<EventEntryAdded>()
        .await
        .expect("listener");
    tokio::spawn(async move {
        while let Some(e) = entries.next().await {
            if matches!(e.entry.level, cdp_log::LogEntryLevel::Error) {
                errors.lock().expect("lock").push(e.entry.text.clone());
            }
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_pages_in_headless_chromium_at_1280_and_390_px() {
    if !Path::new(CHROMIUM).exists() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{CHROMIUM} is missing in CI: .ci/run installs Debian's chromium");
        }
        eprintln!("skipped: chromium not installed");
        return;
    }
    let app = super::dashboard::app(TestDb::sqlite()).await;
    app.add_rule(GUILD, PATRON, "supporter", "").await;
    let (status, body, _) = app.link(MEMBER, "U-Gen7").await;
    assert_eq!(status, 200, "{body}");

    let profile = tempfile::tempdir().expect("profile dir");
    let config = BrowserConfig::builder()
        .chrome_executable(CHROMIUM)
        .no_sandbox()
        .user_data_dir(profile.path())
        .window_size(1280, 900)
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
    let (mut browser, mut handler) = Browser::launch(config).await.expect("chromium starts");
    let handler_task = tokio::spawn(async move { while handler.next().await.is_some() {} });
    let page = browser.new_page("about:blank").await.expect("a tab");
    let errors = Arc::new(Mutex::new(Vec::new()));
    errors_of(&page, errors.clone()).await;

    // Sign in: /admin → the fake Discord's consent page → Authorize as the owner → /admin.
    page.goto(format!("{}/admin", app.base_url))
        .await
        .expect("/admin");
    wait_for(
        &page,
        &format!("{}/oauth2/authorize", app.world.discord_url),
    )
    .await;
    page.find_element(&format!(r#"input[name="user_id"][value="{OWNER}"]"#))
        .await
        .expect("the owner's account")
        .click()
        .await
        .expect("click");
    page.find_element(r#"button[value="approve"]"#)
        .await
        .expect("Authorize")
        .click()
        .await
        .expect("click");
    wait_for(&page, &format!("{}/admin", app.base_url)).await;

    let pages = [
        ("servers", "/admin".to_owned(), "Your servers · Dashboard"),
        (
            "overview",
            format!("/admin/guilds/{GUILD}"),
            "Test guild: overview · Dashboard",
        ),
        (
            "members",
            format!("/admin/guilds/{GUILD}/members"),
            "Test guild: members · Dashboard",
        ),
    ];
    let mut problems = Vec::new();
    for (width, height, mobile) in [(1280, 900, false), (390, 844, true)] {
        page.execute(SetDeviceMetricsOverrideParams::new(
            width, height, 1.0, mobile,
        ))
        .await
        .expect("viewport");
        for (name, path, title) in &pages {
            let url = format!("{}{path}", app.base_url);
            page.goto(url.as_str()).await.expect("page");
            wait_for(&page, &url).await;
            let facts: Facts = serde_json::from_str(
                &page
                    .evaluate(FACTS_JS)
                    .await
                    .expect("evaluate")
                    .into_value::<String>()
                    .expect("a string"),
            )
            .expect("facts");
            let shot = shots().join(format!("{name}-{width}.png"));
            page.save_screenshot(ScreenshotParams::builder().full_page(false).build(), &shot)
                .await
                .expect("screenshot");
            eprintln!("{name} at {width}: {} → {}", facts.href, shot.display());
            if facts.title != *title {
                problems.push(format!("{name}@{width}: title {:?}", facts.title));
            }
            if facts.scroll_width > facts.inner_width {
                problems.push(format!(
                    "{name}@{width}: {} px wide in {} px",
                    facts.scroll_width, facts.inner_width
                ));
            }
            let outside: Vec<&String> = facts
                .resources
                .iter()
                .filter(|r| !r.starts_with(&app.base_url))
                .collect();
            if !outside.is_empty() {
                problems.push(format!("{name}@{width}: loaded {outside:?}"));
            }
            if facts.h1 != 1 || facts.unlabelled != 0 {
                problems.push(format!(
                    "{name}@{width}: {} h1, {} fields without a label",
                    facts.h1, facts.unlabelled
                ));
            }
        }
    }
    let errors = errors.lock().expect("lock").clone();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert!(problems.is_empty(), "{problems:#?}");
    browser.close().await.expect("close");
    let _ = browser.wait().await;
    handler_task.abort();
}
