//! A real browser (headless Chromium over the DevTools protocol) through the demo:
//! the mock Resonite's consent page → the bot's callback, which asks to confirm → Link
//! pressed → the result page, then an expired link, the landing page and a 404. For each
//! page: title, `lang="en"`, a viewport meta, no horizontal overflow at 390 px and a margin
//! around `<main>`, no resource from anywhere but
//! 127.0.0.1 (or `data:`), no console errors; a screenshot lands in
//! `target/screenshots/`.
//!
//! Without `/usr/bin/chromium` the test says "skipped: chromium not installed" and passes,
//! except in CI (`CI=true`), where it fails: `.ci/run` installs Debian's `chromium`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chromiumoxide::Page;
use chromiumoxide::cdp::browser_protocol::log::{self as cdp_log, EventEntryAdded};
use chromiumoxide::cdp::browser_protocol::network::EventRequestWillBeSent;
use chromiumoxide::cdp::js_protocol::runtime::{EventConsoleApiCalled, EventExceptionThrown};
use chromiumoxide::handler::viewport::Viewport;
use chromiumoxide::page::ScreenshotParams;
use futures::StreamExt;
use resonite_verify::demo::{Demo, DemoOptions};
use serde::Deserialize;

use crate::support::chromium::{self, Chromium, WAIT};

const WIDTH: u32 = 390;
const HEIGHT: u32 = 844;

/// A phone's viewport: 390 × 844, touch.
fn mobile() -> Viewport {
    Viewport {
        width: WIDTH,
        height: HEIGHT,
        device_scale_factor: Some(1.0),
        emulating_mobile: true,
        is_landscape: false,
        has_touch: true,
    }
}

/// What the browser reported while a page loaded.
#[derive(Default)]
struct Seen {
    requests: Vec<String>,
    errors: Vec<String>,
}

/// Facts read from the page with JavaScript.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Facts {
    href: String,
    title: String,
    lang: String,
    viewport: Option<String>,
    scroll_width: u32,
    resources: Vec<String>,
    text: String,
    inner_width: u32,
    /// Elements reaching past 390 px, to explain an overflow.
    wide: Vec<String>,
    /// The left and right edges of the page's `<main>` box, when it has one.
    main_box: Option<(f64, f64)>,
}

/// The room a page's `<main>` box keeps on either side at 390 px.
const MARGIN: f64 = 8.0;

const FACTS_JS: &str = r#"JSON.stringify({
  href: location.href,
  title: document.title,
  lang: document.documentElement.lang,
  viewport: document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? null,
  scrollWidth: document.documentElement.scrollWidth,
  resources: performance.getEntriesByType('resource').map(e => e.name)
    .concat([...document.querySelectorAll('[src], link[href]')].map(e => e.src || e.href)),
  text: document.body ? document.body.innerText : '',
  innerWidth: window.innerWidth,
  wide: [...document.querySelectorAll('body, body *')]
    .filter(e => e.getBoundingClientRect().right > 390 || e.scrollWidth > 390)
    .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)} scroll=${e.scrollWidth}`),
  mainBox: (m => m ? [m.getBoundingClientRect().left, m.getBoundingClientRect().right] : null)(document.querySelector('main')),
})"#;

fn screenshots_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let dir = target.join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshots folder");
    dir
}

fn local(url: &str) -> bool {
    url.starts_with("http://127.0.0.1:") || url.starts_with("data:") || url == "about:blank"
}

/// Waits (bounded) until the page shows a document whose URL starts with `prefix` and
/// that has finished loading.
async fn wait_for_document(page: &Page, prefix: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        // Fails while a navigation swaps the document: just look again.
        let state = page
            .evaluate("JSON.stringify([location.href, document.readyState])")
            .await
            .ok()
            .and_then(|r| r.into_value::<String>().ok())
            .and_then(|s| serde_json::from_str::<(String, String)>(&s).ok());
        if let Some((href, ready)) = &state
            && href.starts_with(prefix)
            && ready == "complete"
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no loaded page at {prefix}… (last seen {state:?})"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Checks one loaded page and saves its screenshot as `name.png`.
async fn check_page(
    page: &Page,
    seen: &Mutex<Seen>,
    problems_found: &Mutex<Vec<String>>,
    name: &str,
    title: &str,
    expect_status_error: bool,
) -> Facts {
    let facts: Facts = serde_json::from_str(
        &page
            .evaluate(FACTS_JS)
            .await
            .expect("evaluate")
            .into_value::<String>()
            .expect("a string"),
    )
    .expect("facts JSON");
    let path = screenshots_dir().join(format!("{name}.png"));
    // The viewport only: chromiumoxide's full-page mode overrides the device metrics
    // (desktop, content-sized) for good, which would break the next page's 390 px check.
    page.save_screenshot(ScreenshotParams::builder().full_page(false).build(), &path)
        .await
        .expect("screenshot");
    eprintln!("{name}: {} → {}", facts.href, path.display());

    let mut problems = Vec::new();
    if facts.title != title {
        problems.push(format!("<title> is {:?}, expected {title:?}", facts.title));
    }
    if facts.lang != "en" {
        problems.push(format!("<html lang> is {:?}", facts.lang));
    }
    let viewport = facts.viewport.as_deref().unwrap_or_default();
    if !viewport.contains("width=device-width") {
        problems.push(format!("viewport meta is {viewport:?}"));
    }
    if facts.scroll_width > WIDTH {
        problems.push(format!(
            "{} px wide at {WIDTH} px (horizontal overflow; window {} px; elements past {WIDTH} px: {:?})",
            facts.scroll_width, facts.inner_width, facts.wide
        ));
    }
    if let Some((left, right)) = facts.main_box
        && (left < MARGIN || right > f64::from(WIDTH) - MARGIN)
    {
        problems.push(format!(
            "<main> runs from {left} px to {right} px at {WIDTH} px: no margin of {MARGIN} px on each side"
        ));
    }
    let seen = std::mem::take(&mut *seen.lock().expect("lock"));
    let outside: Vec<&String> = facts
        .resources
        .iter()
        .chain(&seen.requests)
        .filter(|u| !local(u))
        .collect();
    if !outside.is_empty() {
        problems.push(format!("external resources {outside:?}"));
    }
    // An error page is meant to answer 4xx; Chromium logs that status for the document
    // itself. Anything else is a real console error (the pages name an inline icon, so
    // the browser asks for no /favicon.ico either).
    let errors: Vec<&String> = seen
        .errors
        .iter()
        .filter(|e| {
            let own_status = expect_status_error
                && e.contains("Failed to load resource: the server responded with a status of 4")
                && e.contains(&facts.href);
            !own_status
        })
        .collect();
    if !errors.is_empty() {
        problems.push(format!("console errors {errors:?}"));
    }
    problems_found
        .lock()
        .expect("lock")
        .extend(problems.into_iter().map(|p| format!("{name}: {p}")));
    facts
}

/// Collects requests and console errors of the page into `seen`.
async fn listen(page: &Page, seen: Arc<Mutex<Seen>>) {
    page.execute(cdp_log::EnableParams::default())
        .await
        .expect("Log.enable");
    let mut requests = page
        .event_listener::<EventRequestWillBeSent>()
        .await
        .expect("listener");
    let mut entries = page
        .event_listener::<EventEntryAdded>()
        .await
        .expect("listener");
    let mut console = page
        .event_listener::<EventConsoleApiCalled>()
        .await
        .expect("listener");
    let mut exceptions = page
        .event_listener::<EventExceptionThrown>()
        .await
        .expect("listener");
    tokio::spawn(async move {
        loop {
            tokio::select! {
                Some(e) = requests.next() => {
                    seen.lock().expect("lock").requests.push(e.request.url.clone());
                }
                Some(e) = entries.next() => {
                    if matches!(e.entry.level, cdp_log::LogEntryLevel::Error) {
                        let url = e.entry.url.clone().unwrap_or_default();
                        seen.lock().expect("lock").errors.push(format!("{} ({url})", e.entry.text));
                    }
                }
                Some(e) = console.next() => {
                    let kind = format!("{:?}", e.r#type).to_lowercase();
                    if kind == "error" || kind == "assert" {
                        let args: Vec<String> = e.args.iter().map(|a| format!("{:?}", a.value)).collect();
                        seen.lock().expect("lock").errors.push(format!("console.{kind}: {}", args.join(" ")));
                    }
                }
                Some(e) = exceptions.next() => {
                    seen.lock().expect("lock").errors.push(format!("exception: {}", e.exception_details.text));
                }
                else => break,
            }
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_result_error_and_landing_pages_in_headless_chromium() {
    if !chromium::available() {
        return;
    }
    let demo = Demo::start(DemoOptions {
        bot_port: 0,
        mock_port: 0,
        database: None,
        metrics: None,
    })
    .await
    .expect("the demo starts");
    let link = demo.type_link().await.expect("/link answers");

    let chromium = Chromium::launch(WIDTH, HEIGHT, Some(mobile())).await;
    let page = chromium.tab().await;
    let seen = Arc::new(Mutex::new(Seen::default()));
    let problems = Mutex::new(Vec::new());
    listen(&page, seen.clone()).await;

    // 1. Resonite's (the mock's) consent page, from the /link button.
    page.goto(link.url.as_str()).await.expect("consent page");
    wait_for_document(&page, &demo.world.resonite.base_url).await;
    let consent = check_page(
        &page,
        &seen,
        &problems,
        "1-consent",
        "Authorize application – Resonite (mock)",
        false,
    )
    .await;
    assert!(consent.text.contains("PatronUser"), "{}", consent.text);

    // Pick PatronUser and approve, with real clicks.
    page.find_element(r#"input[name="account"][value="U-PatronUser"]"#)
        .await
        .expect("the account choice")
        .click()
        .await
        .expect("click the account");
    page.find_element(r#"button[value="approve"]"#)
        .await
        .expect("the Approve button")
        .click()
        .await
        .expect("click Approve");

    // 2. The bot's confirmation page: who is linked to whom, and where; Link and Cancel.
    let callback_prefix = format!("{}/oauth/callback?", demo.bot_url());
    wait_for_document(&page, &callback_prefix).await;
    let confirm = check_page(
        &page,
        &seen,
        &problems,
        "2-confirm",
        "Link these accounts? · resonite-verify",
        false,
    )
    .await;
    assert!(
        confirm.text.contains("Link the Resonite account PatronUser (U-PatronUser) to the Discord account demo-member in the server"),
        "{}",
        confirm.text
    );
    assert!(
        demo.member_role_names().iter().all(|r| r != "Linked"),
        "nothing linked before Link is pressed"
    );
    page.find_element(r#"button[value="link"]"#)
        .await
        .expect("the Link button")
        .click()
        .await
        .expect("click Link");

    // 3. The bot's result page, with a button back to the server.
    let confirm_url = format!("{}/oauth/confirm", demo.bot_url());
    wait_for_document(&page, &confirm_url).await;
    let result = check_page(
        &page,
        &seen,
        &problems,
        "3-result",
        "Accounts linked · resonite-verify",
        false,
    )
    .await;
    assert!(result.text.contains("PatronUser"), "{}", result.text);
    assert!(result.text.contains("demo-member"), "{}", result.text);
    assert!(
        result.text.contains("Back to the server in Discord"),
        "{}",
        result.text
    );
    let mut roles = demo.member_role_names();
    roles.sort();
    assert_eq!(roles, ["Linked", "Mentor", "Patron", "Supporter"]);
    let edited = demo
        .world
        .discord
        .original_message(&link.token)
        .and_then(|m| m["content"].as_str().map(str::to_owned))
        .unwrap_or_default();
    assert!(
        edited.contains("Linked to the Resonite account **PatronUser**"),
        "{edited}"
    );

    // The same callback again: the link has been used.
    let used = confirm.href.clone();
    page.goto(used.as_str()).await.expect("used link");
    wait_for_document(&page, &callback_prefix).await;
    let error = check_page(
        &page,
        &seen,
        &problems,
        "3-expired",
        "This link has expired or was already used · resonite-verify",
        true,
    )
    .await;
    assert!(
        error.text.contains("Run /link in Discord again"),
        "{}",
        error.text
    );

    // 4. The landing page, 5. an unknown address.
    let landing_url = format!("{}/", demo.bot_url());
    page.goto(landing_url.as_str()).await.expect("landing page");
    wait_for_document(&page, &landing_url).await;
    let landing = check_page(
        &page,
        &seen,
        &problems,
        "4-landing",
        "Resonite account linking · resonite-verify",
        false,
    )
    .await;
    assert!(landing.text.contains("/link"), "{}", landing.text);

    let missing = format!("{}/no-such-page", demo.bot_url());
    page.goto(missing.as_str()).await.expect("404 page");
    wait_for_document(&page, &missing).await;
    check_page(
        &page,
        &seen,
        &problems,
        "5-not-found",
        "Page not found · resonite-verify",
        true,
    )
    .await;

    let problems = problems.into_inner().expect("lock");
    assert!(
        problems.is_empty(),
        "the pages have problems (screenshots in {}):\n{}",
        screenshots_dir().display(),
        problems.join("\n")
    );

    chromium.close().await;
    demo.stop().await.expect("the demo stops cleanly");
}

/// Saves a screenshot of a page that is not the bot's (the fakes' consent pages).
async fn screenshot(page: &Page, name: &str) {
    let path = screenshots_dir().join(format!("{name}.png"));
    page.save_screenshot(ScreenshotParams::builder().full_page(false).build(), &path)
        .await
        .expect("screenshot");
    eprintln!("{name}: {}", path.display());
}

async fn click(page: &Page, selector: &str) {
    page.find_element(selector)
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

/// Linked Roles as a new member walks it: the verification URL → Discord's consent →
/// straight on to Resonite's consent → one result page for both; then, linked, once more.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn linked_roles_flow_in_headless_chromium() {
    use crate::support::app::{Options, TestApp};
    use crate::support::db::TestDb;
    use crate::support::world::{self, MEMBER_A, profile};

    if !chromium::available() {
        return;
    }
    let options = Options {
        linked_roles: true,
        reverify: true,
        ..Options::default()
    };
    let app = TestApp::start(
        world::guild().account(profile(7, true, 1500, &[])),
        TestDb::sqlite(),
        options,
    )
    .await;
    app.discord.add_oauth_user(MEMBER_A, "member-a");

    let chromium = Chromium::launch(WIDTH, HEIGHT, Some(mobile())).await;
    let page = chromium.tab().await;
    let seen = Arc::new(Mutex::new(Seen::default()));
    let problems = Mutex::new(Vec::new());
    listen(&page, seen.clone()).await;

    // 1. The verification URL sends the member to Discord's consent page.
    let start = format!("{}/linked-role", app.base_url);
    page.goto(start.as_str()).await.expect("/linked-role");
    let discord_consent = format!("{}/oauth2/authorize", app.world.discord_url);
    wait_for_document(&page, &discord_consent).await;
    screenshot(&page, "lr-1-discord-consent").await;
    click(&page, "button.approve").await;

    // 2. Not linked yet: straight on to Resonite's consent page.
    wait_for_document(&page, &app.resonite.base_url).await;
    screenshot(&page, "lr-2-resonite-consent").await;
    click(&page, r#"input[name="account"][value="U-Gen7"]"#).await;
    click(&page, r#"button[value="approve"]"#).await;

    // 3. The confirmation page, bound to this browser since /linked-role; Link.
    let callback = format!("{}/oauth/callback?", app.base_url);
    wait_for_document(&page, &callback).await;
    let confirm = check_page(
        &page,
        &seen,
        &problems,
        "lr-3-confirm",
        "Link these accounts? · resonite-verify",
        false,
    )
    .await;
    assert!(
        confirm
            .text
            .contains("Link the Resonite account Gen7 (U-Gen7) to the Discord account member-a?"),
        "{}",
        confirm.text
    );
    click(&page, r#"button[value="link"]"#).await;

    // 4. One result page for both.
    let confirmed = format!("{}/oauth/confirm", app.base_url);
    wait_for_document(&page, &confirmed).await;
    let result = check_page(
        &page,
        &seen,
        &problems,
        "lr-4-result",
        "Accounts linked · resonite-verify",
        false,
    )
    .await;
    assert!(result.text.contains("Gen7"), "{}", result.text);
    assert!(
        result.text.contains("Your Discord profile now shows"),
        "{}",
        result.text
    );
    let connection = app.discord.role_connection(MEMBER_A).expect("pushed");
    assert_eq!(connection["platform_username"], "Gen7");

    // 5. Linked already: Discord's consent, then done.
    page.goto(start.as_str()).await.expect("/linked-role again");
    wait_for_document(&page, &discord_consent).await;
    click(&page, "button.approve").await;
    let discord_callback = format!("{}/discord/callback?", app.base_url);
    wait_for_document(&page, &discord_callback).await;
    let connected = check_page(
        &page,
        &seen,
        &problems,
        "lr-5-connected",
        "Shown on your Discord profile · resonite-verify",
        false,
    )
    .await;
    assert!(connected.text.contains("Gen7"), "{}", connected.text);

    let problems = problems.into_inner().expect("lock");
    assert!(
        problems.is_empty(),
        "the pages have problems (screenshots in {}):\n{}",
        screenshots_dir().display(),
        problems.join("\n")
    );
    chromium.close().await;
}
