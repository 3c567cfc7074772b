//! `resonite-verify check`: one line per outside dependency, a fix for each failure, exit 0
//! only when all pass, never a secret.

use resonite_verify::config::{Config, Secret};
use resonite_verify::preflight::{self as check, Outcome};

use crate::support::app::TestApp;
use crate::support::db::TestDb;
use resonite_verify_fakes::world::{BOT_TOKEN as TOKEN, CLIENT_SECRET};

/// The fix printed for the item `name`; panics if it passed.
fn fix_for<'a>(items: &'a [check::Item], name: &str) -> &'a str {
    let item = items
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("no item {name} in {items:#?}"));
    match &item.outcome {
        Outcome::Failed { fix, .. } => fix,
        Outcome::Passed(detail) => panic!("{name} passed: {detail}"),
        Outcome::Warned { problem, .. } => panic!("{name} only warned: {problem}"),
    }
}

#[tokio::test]
async fn against_working_fakes_every_check_passes_and_no_secret_is_shown() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let mut config = app.core.config.clone();
    config.resonite.revoke_url = Some(app.resonite.revocation_url().parse().expect("url"));
    let items = check::run(&config).await;
    let shown = check::render(&items);
    assert!(items.iter().all(|i| i.passed_ok()), "{shown}");
    assert_eq!(
        items.iter().map(|i| i.name).collect::<Vec<_>>(),
        [
            "configuration",
            "database",
            "Discord bot token",
            "Server Members intent",
            "Resonite authorize endpoint",
            "Resonite token endpoint and client credentials",
            "Resonite revocation endpoint",
        ]
    );
    assert!(shown.contains("the bot is resonite-verify"), "{shown}");
    assert!(shown.ends_with("All 7 checks passed.\n"), "{shown}");
    for secret in [TOKEN, CLIENT_SECRET] {
        assert!(!shown.contains(secret), "{secret} shown:\n{shown}");
    }
}

#[tokio::test]
async fn each_failure_says_what_to_fix() {
    let app = TestApp::spawn(TestDb::sqlite()).await;

    app.discord.set_privileged_intents(0);
    let items = check::run(&app.core.config).await;
    assert!(fix_for(&items, "Server Members intent").contains("Server Members Intent"));
    app.discord.set_privileged_intents(u64::MAX);

    let mut wrong: Config = app.core.config.clone();
    wrong.discord_token = Secret::new("not-the-token");
    if let Some(client) = wrong.resonite.client.as_mut() {
        client.secret = Secret::new("not-the-secret");
    }
    let mut authorize = wrong.resonite.authorize_url.clone();
    authorize.set_path("/no/such/endpoint");
    wrong.resonite.authorize_url = authorize;
    let items = check::run(&wrong).await;
    assert!(fix_for(&items, "Discord bot token").contains("Reset Token"));
    assert!(fix_for(&items, "Server Members intent").contains("token first"));
    assert!(fix_for(&items, "Resonite authorize endpoint").contains("RESONITE_AUTHORIZE_URL"));
    assert!(
        fix_for(&items, "Resonite token endpoint and client credentials")
            .contains("RESONITE_CLIENT_SECRET")
    );
    let shown = check::render(&items);
    assert!(shown.ends_with("4 of 6 checks failed.\n"), "{shown}");
    assert!(!shown.contains("not-the-secret") && !shown.contains("not-the-token"));
}

/// The environment that configures the bot against `app`'s fakes.
fn fake_vars(app: &TestApp) -> Vec<(&'static str, String)> {
    let c = &app.core.config;
    vec![
        ("DISCORD_TOKEN", TOKEN.to_owned()),
        ("DISCORD_API_URL", c.discord_api_url.to_string()),
        (
            "RESONITE_CLIENT_ID",
            c.resonite
                .client
                .as_ref()
                .map(|k| k.id.clone())
                .unwrap_or_default(),
        ),
        ("RESONITE_CLIENT_SECRET", CLIENT_SECRET.to_owned()),
        (
            "RESONITE_AUTHORIZE_URL",
            c.resonite.authorize_url.to_string(),
        ),
        ("RESONITE_TOKEN_URL", c.resonite.token_url.to_string()),
        ("RESONITE_PROFILE_URL", c.resonite.profile_url.to_string()),
        ("PUBLIC_URL", c.public_url.to_string()),
        ("DATABASE_URL", c.database_url.expose().to_owned()),
    ]
}

/// Runs the binary with `args` and only `vars` in its environment, in an empty folder
/// (no `.env`).
async fn run_binary(args: &[&str], vars: &[(&str, String)]) -> std::process::Output {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_resonite-verify"));
    command.args(args).current_dir(dir.path()).env_clear();
    for (k, v) in vars {
        command.env(k, v);
    }
    let out = command.output().await.expect("the binary runs");
    drop(dir);
    out
}

#[tokio::test]
async fn the_subcommand_exits_0_when_all_pass_and_2_on_a_configuration_error() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let vars = fake_vars(&app);

    // The fakes answer from this test's runtime while the child process checks them.
    let out = run_binary(&["check"], &vars).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("All 6 checks passed."), "{stdout}");
    assert!(!stdout.contains(TOKEN) && !stdout.contains(CLIENT_SECRET));

    let out = run_binary(&["check"], &vars[1..]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("DISCORD_TOKEN: required"));
}

#[tokio::test]
async fn a_warning_shows_its_fix_and_the_checks_alone_decide_the_exit_status() {
    let app = TestApp::spawn(TestDb::sqlite()).await;
    let mut vars = fake_vars(&app);
    for (name, value) in &mut vars {
        if *name == "PUBLIC_URL" {
            *value = "http://link.example.org".to_owned();
        }
    }

    let out = run_binary(&["check"], &vars).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a warning is not a failure:\n{stdout}"
    );
    assert!(
        stdout.contains("[warn] PUBLIC_URL: it is http://")
            && stdout.contains("fix: put HTTPS in front"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("All 6 checks passed (1 warning).\n"),
        "{stdout}"
    );

    // With a check failing as well, the status is the failure's.
    app.discord.set_privileged_intents(0);
    let out = run_binary(&["check"], &vars).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("[warn] PUBLIC_URL"), "{stdout}");
    assert!(
        stdout.ends_with("1 of 6 checks failed (1 warning).\n"),
        "{stdout}"
    );
}

/// The first minutes: run with nothing configured, the binary lists what to set and then
/// how to try it without any account; `--help` says what no subcommand does.
#[tokio::test]
async fn with_no_configuration_it_lists_the_variables_then_offers_the_demo() {
    let out = run_binary(&[], &[]).await;
    assert_eq!(out.status.code(), Some(2), "a configuration error");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let mut from = 0;
    for text in [
        "the configuration is not usable:",
        "DISCORD_TOKEN: required",
        "PUBLIC_URL: required",
        "RESONITE_CLIENT_ID: required",
        "RESONITE_CLIENT_SECRET: required",
        "Set these in the environment or in a .env file (see .env.example).",
        "`resonite-verify demo` tries the bot without any account",
    ] {
        match stderr[from..].find(text) {
            Some(at) => from += at + text.len(),
            None => panic!("{text:?} missing (in this order) from:\n{stderr}"),
        }
    }

    for flag in ["--help", "-h"] {
        let out = run_binary(&[flag], &[]).await;
        assert_eq!(out.status.code(), Some(0));
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(
            help.contains("Without a subcommand, resonite-verify runs the bot"),
            "{flag}:\n{help}"
        );
        assert!(help.contains("resonite-verify demo"), "{flag}:\n{help}");
        assert!(!help.contains("run (default)"), "{flag}:\n{help}");
    }
}

#[tokio::test]
async fn with_linked_roles_on_the_discord_client_secret_is_checked() {
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        crate::support::app::Options {
            linked_roles: true,
            ..Default::default()
        },
    )
    .await;
    let items = check::run(&app.core.config).await;
    let shown = check::render(&items);
    let name = "Discord OAuth2 client secret (Linked Roles)";
    assert!(
        items.iter().any(|i| i.name == name && i.passed_ok()),
        "{shown}"
    );

    let mut wrong: Config = app.core.config.clone();
    if let Some(linked) = wrong.linked_roles.as_mut() {
        linked.client_secret = Secret::new("not-the-oauth-secret");
    }
    let items = check::run(&wrong).await;
    assert!(fix_for(&items, name).contains("Client Secret"));
    let shown = check::render(&items);
    assert!(!shown.contains("not-the-oauth-secret"), "{shown}");
}
