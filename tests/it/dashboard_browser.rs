//! The dashboard in a real browser (headless Chromium over the DevTools protocol): the
//! owner signs in with real clicks on the fake Discord's consent page, then the server list,
//! a server's overview, members, rules, settings and audit pages are opened at 1280 and at 390 px. Each page:
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
use chromiumoxide::cdp::browser_protocol::emulation::SetDeviceMetricsOverrideParams;
use chromiumoxide::cdp::browser_protocol::log::{self as cdp_log, EventEntryAdded};
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;
use serde::Deserialize;

use crate::support::chromium::{self, Chromium, WAIT};
use crate::support::db::TestDb;
use crate::support::world::{GUILD, MEMBER, MENTOR, OWNER, PATRON};

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
    if !chromium::available() {
        return;
    }
    let app = super::dashboard::app(TestDb::sqlite()).await;
    app.add_rule(GUILD, PATRON, "supporter", "").await;
    let (status, body, _) = app.link(MEMBER, "U-Gen7").await;
    assert_eq!(status, 200, "{body}");

    let chromium = Chromium::launch(1280, 900, None).await;
    let page = chromium.tab().await;
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
        (
            "rules",
            format!("/admin/guilds/{GUILD}/rules"),
            "Test guild: rules · Dashboard",
        ),
        (
            "settings",
            format!("/admin/guilds/{GUILD}/settings"),
            "Test guild: settings · Dashboard",
        ),
        (
            "audit",
            format!("/admin/guilds/{GUILD}/audit"),
            "Test guild: audit log · Dashboard",
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
    add_a_rule_with_the_form(&page, &app.base_url).await;
    let errors = errors.lock().expect("lock").clone();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    assert!(problems.is_empty(), "{problems:#?}");
    chromium.close().await;
}

/// Waits until the page's text holds `text`.
async fn wait_for_text(page: &Page, text: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let body = page
            .evaluate("document.readyState === 'complete' ? document.body.innerText : ''")
            .await
            .ok()
            .and_then(|r| r.into_value::<String>().ok())
            .unwrap_or_default();
        if body.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "no {text:?} on the page: {body}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn click(page: &Page, selector: &str) {
    page.find_element(selector)
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

/// On the rules page at 1280 px: @Mentor for linked members, previewed (the linked member
/// would gain it), then added with the form's own buttons.
async fn add_a_rule_with_the_form(page: &Page, base: &str) {
    page.execute(SetDeviceMetricsOverrideParams::new(1280, 900, 1.0, false))
        .await
        .expect("viewport");
    let rules = format!("{base}/admin/guilds/{GUILD}/rules");
    page.goto(rules.as_str()).await.expect("the rules page");
    wait_for(page, &rules).await;
    // A person picks from the selects; the page itself runs no script.
    page.evaluate(format!(
        "document.getElementById('role').value = '{MENTOR}'; document.getElementById('rule').value = 'linked'"
    ))
    .await
    .expect("the form filled in");
    click(page, "button[formaction$='/rules/preview']").await;
    wait_for_text(page, "@Mentor would be given to 1 member").await;
    let shot = shots().join("rules-preview-1280.png");
    page.save_screenshot(ScreenshotParams::builder().full_page(false).build(), &shot)
        .await
        .expect("screenshot");
    // The preview keeps what was picked; Add rule sends it.
    click(page, "form.stack button:not([formaction])").await;
    wait_for_text(
        page,
        "Added: @Mentor for members with linked Resonite account.",
    )
    .await;
    let shot = shots().join("rules-added-1280.png");
    page.save_screenshot(ScreenshotParams::builder().full_page(false).build(), &shot)
        .await
        .expect("screenshot");
}
