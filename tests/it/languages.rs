//! Languages: every locale is complete and fits Discord's limits, the code asks only for
//! messages that exist (with the variables they use), and members, pages and the log
//! channel get the language Discord says they speak — end to end through the fake Discord
//! and the mock Resonite.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use resonite_verify::discord::unlocalized_commands;
use resonite_verify::i18n::{self, KeyKind, Lang, command_keys, valid_command_name};
use serde_json::{Value, json};

use crate::support::db::TestDb;
use crate::support::e2e::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_message_exists_in_every_locale_with_the_same_variables() {
    let problems: Vec<String> = i18n::check_catalog()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_folder_under_locales_is_shipped() {
    let mut folders: Vec<String> = std::fs::read_dir(root().join("locales"))
        .expect("locales/")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut shipped: Vec<String> = Lang::all().map(|l| l.code().to_owned()).collect();
    shipped.sort();
    assert_eq!(shipped, folders);
    for code in ["en-US", "ja", "ko", "de", "fr", "es-ES"] {
        assert!(shipped.iter().any(|s| s == code), "{code} ships");
    }
}

/// Discord's limits: descriptions and choice labels 1–100 characters, names 1–32 of
/// `[-_\p{L}\p{N}]` in lowercase, a button label at most 80.
#[test]
fn every_translation_fits_discords_limits() {
    let commands = unlocalized_commands();
    let keys = command_keys(&commands);
    assert!(keys.len() > 30, "the command tree has its keys: {keys:?}");
    let mut wrong = Vec::new();
    for lang in Lang::all() {
        for (key, kind) in &keys {
            let present = i18n::has(lang, key);
            match kind {
                KeyKind::Description | KeyKind::Choice => {
                    if !i18n::has(Lang::EN_US, key) {
                        wrong.push(format!("en-US lacks `{key}`"));
                        continue;
                    }
                    if !present {
                        wrong.push(format!("{lang}: `{key}` is missing"));
                        continue;
                    }
                    let text = i18n::tr(lang, key, &[]);
                    let chars = text.chars().count();
                    if !(1..=100).contains(&chars) {
                        wrong.push(format!("{lang}: `{key}` has {chars} characters: {text}"));
                    }
                }
                KeyKind::Name if present => {
                    let name = i18n::tr(lang, key, &[]);
                    if !valid_command_name(&name) {
                        wrong.push(format!("{lang}: `{key}` = {name:?} is not a Discord name"));
                    }
                }
                KeyKind::Name => {}
            }
        }
        let label = i18n::tr(lang, "link-button", &[]);
        if !(1..=80).contains(&label.chars().count()) {
            wrong.push(format!("{lang}: the button label {label:?} is too long"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

type Localizations = [(
    std::borrow::Cow<'static, str>,
    std::borrow::Cow<'static, str>,
)];

fn codes(list: &Localizations) -> BTreeSet<String> {
    list.iter().map(|(code, _)| code.to_string()).collect()
}

/// `(what, locales it is localized for)` for every command, option and choice.
fn localized<U, E>(
    parent: &str,
    commands: &[poise::Command<U, E>],
    out: &mut Vec<(String, BTreeSet<String>)>,
) {
    for c in commands {
        let path = format!("{parent}/{}", c.name);
        out.push((path.clone(), codes(&c.description_localizations)));
        for p in &c.parameters {
            out.push((
                format!("{path} {}", p.name),
                codes(&p.description_localizations),
            ));
            for choice in p.choices.iter() {
                out.push((
                    format!("{path} {}: {}", p.name, choice.name),
                    codes(&choice.localizations),
                ));
            }
        }
        localized(&path, &c.subcommands, out);
    }
}

#[test]
fn every_command_option_and_choice_is_localized_for_discord() {
    let mut seen = Vec::new();
    localized("", &resonite_verify::discord::commands(), &mut seen);
    assert!(seen.len() > 30, "{seen:?}");
    let expected: BTreeSet<String> = ["ja", "ko", "de", "fr", "es-ES"]
        .into_iter()
        .map(str::to_owned)
        .collect();
    let missing: Vec<String> = seen
        .iter()
        .filter(|(_, found)| *found != expected)
        .map(|(what, found)| format!("{what}: {found:?}"))
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// A `tr!(lang, "id", name = …)` call in the source: where, the id, the variables.
struct Call {
    at: String,
    id: String,
    vars: BTreeSet<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `tr!` calls with a literal id: the id is the first string literal after the
/// language, the variables the `name =` at the call's top level.
fn tr_calls(path: &Path, text: &str) -> Vec<Call> {
    let mut calls = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("tr!(") {
        let line = text[..text.len() - rest.len() + start].lines().count();
        let body = &rest[start + 4..];
        rest = body;
        // The call's extent: up to the parenthesis that closes it.
        let mut depth = 1;
        let mut end = body.len();
        let mut in_string = false;
        for (i, c) in body.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '(' | '[' | '{' if !in_string => depth += 1,
                ')' | ']' | '}' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let call = &body[..end];
        // Top-level arguments.
        let mut args = Vec::new();
        let (mut depth, mut in_string, mut from) = (0, false, 0);
        for (i, c) in call.char_indices() {
            match c {
                '"' => in_string = !in_string,
                '(' | '[' | '{' if !in_string => depth += 1,
                ')' | ']' | '}' if !in_string => depth -= 1,
                ',' if depth == 0 && !in_string => {
                    args.push(call[from..i].trim());
                    from = i + 1;
                }
                _ => {}
            }
        }
        args.push(call[from..].trim());
        let Some(id) = args
            .get(1)
            .and_then(|a| a.strip_prefix('"'))
            .and_then(|a| a.strip_suffix('"'))
        else {
            continue; // the id is computed: checked where it is built
        };
        let vars = args
            .iter()
            .skip(2)
            .filter_map(|a| a.split_once('=').map(|(k, _)| k.trim().to_owned()))
            .filter(|k| !k.is_empty())
            .collect();
        calls.push(Call {
            at: format!("{}:{line}", path.display()),
            id: id.to_owned(),
            vars,
        });
    }
    calls
}

#[test]
fn every_message_the_code_asks_for_exists_with_the_variables_it_passes() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut calls = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("a source file");
        calls.extend(tr_calls(file, &text));
    }
    assert!(calls.len() > 50, "found the calls: {}", calls.len());
    let mut wrong = Vec::new();
    for call in &calls {
        // Examples in the module's documentation, and the fallback's own test.
        if ["message-id", "roles-added", "no-such-message"].contains(&call.id.as_str()) {
            continue;
        }
        match i18n::message_variables(&call.id) {
            None => wrong.push(format!("{}: `{}` is not in en-US", call.at, call.id)),
            Some(vars) if vars != call.vars => wrong.push(format!(
                "{}: `{}` uses {vars:?}, the code passes {:?}",
                call.at, call.id, call.vars
            )),
            Some(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------------------
// End to end.

fn button_label(reply: &Value) -> Option<&str> {
    reply["data"]["components"][0]["components"][0]["label"].as_str()
}

async fn original(t: &E2e, token: &str, contains: &str) -> String {
    let deadline = Instant::now() + WAIT;
    loop {
        let content = t
            .discord
            .original_message(token)
            .and_then(|m| m["content"].as_str().map(str::to_owned))
            .unwrap_or_default();
        if content.contains(contains) || Instant::now() > deadline {
            return content;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

both_backends!(
    a_japanese_member_gets_a_japanese_reply_button_and_result_page,
    japanese_link
);
async fn japanese_link(db: TestDb) {
    let t = E2e::start(db).await;
    t.discord.set_user_locale(MEMBER, "ja");
    let (invocation, reply) = t.command(Some(GUILD), MEMBER, "link", json!([])).await;
    let content = reply["data"]["content"].as_str().unwrap_or_default();
    assert!(
        content.starts_with("下のボタンからResoniteにサインインして"),
        "{content}"
    );
    assert!(content.contains("このボタンは1回だけ"), "{content}");
    assert_eq!(
        button_label(&reply),
        Some("Resoniteでリンクする"),
        "{reply}"
    );

    let url = resonite_verify_fakes::world::link_button_url(&reply).expect("a link button");
    let callback = t
        .resonite
        .approve(&url, "U-PatronUser")
        .await
        .expect("the mock approves");
    // The browser says English: the locale stored with the /link wins, on the confirmation
    // page and on the result page.
    let confirmation = t
        .browser
        .open_with(&callback, &[("accept-language", "en-US,en;q=0.9")])
        .await;
    assert_eq!(confirmation.status, 200, "{}", confirmation.body);
    assert!(
        confirmation.body.contains(r#"<html lang="ja">"#)
            && confirmation
                .body
                .contains("これらのアカウントをリンクしますか？"),
        "{}",
        confirmation.body
    );
    let token = confirmation.confirm_token().expect("a confirmation form");
    let page = t.browser.press(&token, "link").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let page = page.body;
    assert!(page.contains(r#"<html lang="ja">"#), "{page}");
    assert!(page.contains("アカウントをリンクしました"), "{page}");
    assert!(
        page.contains("<strong>PatronUser</strong>（<code>U-PatronUser</code>）"),
        "{page}"
    );
    let edited = original(&t, &invocation.token, "✅").await;
    assert!(
        edited.starts_with(
            "✅ Resoniteアカウント **PatronUser**（`U-PatronUser`）とリンクしました。"
        ),
        "{edited}"
    );
    assert_eq!(
        t.store()
            .links()
            .locale(MEMBER)
            .await
            .expect("read")
            .as_deref(),
        Some("ja"),
        "kept with the link for its DMs"
    );
    // Replies follow each interaction: the same member in English gets English.
    t.discord.set_user_locale(MEMBER, "en-GB");
    let unlinked = t.unlink_confirmed(GUILD, MEMBER).await;
    assert!(
        unlinked.starts_with("Unlinked from the Resonite account **PatronUser**."),
        "{unlinked}"
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_link_page_follows_the_stored_locale_and_a_stranger_their_browser() {
    let t = E2e::start(TestDb::sqlite()).await;
    t.discord.set_user_locale(MEMBER, "de");
    let (_, url) = t.type_link(MEMBER).await;
    let state = url::Url::parse(&url)
        .expect("a URL")
        .query_pairs()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.into_owned())
        .expect("a state");
    // Declined on Resonite: the page speaks the /link's German, whatever the browser says.
    let declined = format!(
        "{}/oauth/callback?error=access_denied&state={state}",
        t.bot_url
    );
    let response = t
        .http
        .get(&declined)
        .header("accept-language", "fr")
        .send()
        .await
        .expect("the page");
    assert_eq!(response.status(), 403);
    let page = response.text().await.expect("a body");
    assert!(page.contains(r#"<html lang="de">"#), "{page}");
    assert!(page.contains("Verknüpfung abgebrochen"), "{page}");
    // No state the bot knows: the browser's language.
    let response = t
        .http
        .get(format!("{}/oauth/callback?code=x&state=made-up", t.bot_url))
        .header("accept-language", "es-MX,es;q=0.9")
        .send()
        .await
        .expect("the page");
    assert_eq!(response.status(), 400);
    let page = response.text().await.expect("a body");
    assert!(page.contains(r#"<html lang="es">"#), "{page}");
    assert!(
        page.contains("Este enlace ha caducado o ya se ha usado"),
        "{page}"
    );
    t.finish().await;
}

const LOG: u64 = 800_000_000_000_000_900;

async fn wait_for_guild_locale(t: &E2e, guild: u64, expected: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        let stored = t.store().settings().locale(guild).await.expect("read");
        if stored.as_deref() == Some(expected) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "guild {guild} locale: {stored:?}, expected {expected}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_channel_follows_the_guild_locale_not_the_members() {
    let mut t = E2e::start_in(community().channel(GUILD, LOG, "bot-log"), TestDb::sqlite()).await;
    // The server is German; the member's client is Japanese.
    t.discord.set_guild_locale(GUILD, "de");
    t.discord.set_user_locale(MEMBER, "ja");
    let set = t
        .say(
            GUILD,
            OWNER,
            "config",
            json!([{ "name": "log-channel", "type": 1, "options": [
                { "name": "channel", "type": 7, "value": LOG }
            ] }]),
        )
        .await;
    assert!(!set.is_empty());
    wait_for_guild_locale(&t, GUILD, "de").await;

    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    let deadline = Instant::now() + WAIT;
    let line = loop {
        let posted: Vec<String> = t
            .discord
            .messages(LOG)
            .iter()
            .filter_map(|m| m["content"].as_str().map(str::to_owned))
            .collect();
        if let Some(line) = posted.into_iter().find(|l| l.starts_with("🔗")) {
            break line;
        }
        assert!(
            Instant::now() < deadline,
            "nothing posted to the log channel"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(
        line,
        format!("🔗 <@{MEMBER}> hat das Resonite-Konto **PatronUser** (`U-PatronUser`) verknüpft")
    );

    // The gateway's preferred_locale counts too: the second guild turns French while the
    // bot is away, and GUILD_CREATE tells it on the way back.
    t.stop_bot().await;
    t.discord.set_guild_locale(GUILD2, "fr");
    t.start_bot().await;
    wait_for_guild_locale(&t, GUILD2, "fr").await;
    t.assert_discord_requests_valid();
    t.finish().await;
}
