//! `resonite-verify`: parse the command line, load the configuration, run. Nothing else.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
#[cfg(feature = "fakes")]
use resonite_verify::demo;
use resonite_verify::{app, config, logging};
#[cfg(feature = "fakes")]
use resonite_verify_fakes as fakes;

/// What `--help` says under the list: that no subcommand runs the bot.
#[cfg(not(feature = "fakes"))]
const RUNS_THE_BOT: &str = "Without a subcommand, resonite-verify runs the bot: the Discord bot and \
    its callback server, configured by environment variables or a .env file (see .env.example).";
/// … and, with the fakes built in, how to try it without any account.
#[cfg(feature = "fakes")]
const RUNS_THE_BOT_OR_DEMO: &str = "Without a subcommand, resonite-verify runs the bot: the Discord \
    bot and its callback server, configured by environment variables or a .env file (see \
    .env.example).\nNo account yet? `resonite-verify demo` tries it on 127.0.0.1 with a mock \
    Resonite and a fake Discord.";

#[derive(Parser)]
#[command(
    name = "resonite-verify",
    version,
    about = "Links Resonite accounts to Discord accounts and keeps roles in step"
)]
#[cfg_attr(not(feature = "fakes"), command(after_help = RUNS_THE_BOT))]
#[cfg_attr(feature = "fakes", command(after_help = RUNS_THE_BOT_OR_DEMO))]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    #[cfg(feature = "fakes")]
    /// Run a local stand-in for Resonite's OAuth server (to try the bot before Resonite registers your client).
    MockResonite {
        /// Address to listen on.
        #[arg(long, env = "MOCK_RESONITE_ADDR", default_value = "127.0.0.1:8081")]
        addr: std::net::SocketAddr,
        /// A JSON file with one profile or an array of profiles; the shared fixtures by default.
        #[arg(long, env = "MOCK_RESONITE_PROFILES")]
        profiles: Option<std::path::PathBuf>,
    },
    /// Print a fresh TOKEN_ENCRYPTION_KEY (32 random bytes, base64).
    GenKey,
    /// Check the configuration against the world: the database, Discord (token, Server
    /// Members intent) and Resonite's endpoints. Exit status 0 only when all pass.
    Check,
    /// Copy the SQLite database (DATABASE_URL) into FILE, consistently, while the bot runs.
    /// Never overwrites FILE. For PostgreSQL use pg_dump.
    Backup {
        /// The new file to write.
        file: std::path::PathBuf,
    },
    #[cfg(feature = "fakes")]
    /// Try the bot without any account: a mock Resonite, a fake Discord server and the bot, all on 127.0.0.1.
    Demo {
        /// Port of the bot's callback server (its PUBLIC_URL is http://127.0.0.1:PORT).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Port of the mock Resonite.
        #[arg(long, default_value_t = 8081)]
        mock_port: u16,
        /// SQLite file for the bot; a fresh one in a temporary folder if not given.
        #[arg(long)]
        database: Option<std::path::PathBuf>,
        /// Also serve Prometheus metrics at http://ADDR/metrics (e.g. 127.0.0.1:9100).
        #[arg(long, value_name = "ADDR")]
        metrics: Option<std::net::SocketAddr>,
    },
}

#[cfg(feature = "fakes")]
/// `LOG_FORMAT` for the subcommands that read no configuration (an unknown value: text).
fn log_format_from_env() -> config::LogFormat {
    match std::env::var("LOG_FORMAT").as_deref().map(str::trim) {
        Ok("json") => config::LogFormat::Json,
        _ => config::LogFormat::Text,
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    // A missing .env is normal; a broken one is reported by the checks below.
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    match cli.command {
        Some(Command::GenKey) => {
            println!("{}", resonite_verify::tokens::generate_key());
            ExitCode::SUCCESS
        }
        Some(Command::Check) => check().await,
        Some(Command::Backup { file }) => backup(&file).await,
        #[cfg(feature = "fakes")]
        Some(Command::MockResonite { addr, profiles }) => {
            logging::init(log_format_from_env(), "info");
            match run_mock(addr, profiles).await {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("mock-resonite: {e:#}");
                    ExitCode::FAILURE
                }
            }
        }
        #[cfg(feature = "fakes")]
        Some(Command::Demo {
            port,
            mock_port,
            database,
            metrics,
        }) => {
            let options = demo::DemoOptions {
                bot_port: port,
                mock_port,
                database,
                metrics,
            };
            run_demo(options).await
        }
        None => run_bot().await,
    }
}

/// The configuration from the environment, or its error printed (exit code 2).
fn config_or_exit() -> Result<config::Config, ExitCode> {
    config::Config::from_env().map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(2)
    })
}

/// `check`: the checklist of the configuration and every outside service.
async fn check() -> ExitCode {
    let config = match config_or_exit() {
        Ok(c) => c,
        Err(code) => return code,
    };
    // Quiet: the checklist says what happened.
    logging::init(config.log_format, "error");
    let items = resonite_verify::preflight::run(&config).await;
    print!("{}", resonite_verify::preflight::render(&items));
    if items.iter().all(|i| i.passed_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `backup FILE`: a consistent copy of the database.
async fn backup(file: &std::path::Path) -> ExitCode {
    let url = match config::Config::database_url_from_lookup(&|name| std::env::var(name).ok()) {
        Ok(url) => url,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match resonite_verify::store::backup(url.expose(), file).await {
        Ok(bytes) => {
            println!("backed up to {} ({bytes} bytes)", file.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("backup: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "fakes")]
async fn run_demo(options: demo::DemoOptions) -> ExitCode {
    // Quiet by default: the demo prints what happens itself, and the bot's warnings
    // about what the person just did (a denied consent) would interrupt it.
    logging::init(log_format_from_env(), "error");
    match demo::run(options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// No subcommand: the bot itself, until a signal stops it.
async fn run_bot() -> ExitCode {
    let config = match config_or_exit() {
        Ok(c) => c,
        Err(code) => return code,
    };
    logging::init(config.log_format, "info");
    let result = async {
        let app = app::App::build(config).await?;
        app.run_until_stopped(app::shutdown_signal()).await
    }
    .await;
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "resonite-verify stopped");
            // A refused token is a configuration error, like a missing one.
            if e.downcast_ref::<app::TokenRefused>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

#[cfg(feature = "fakes")]
async fn run_mock(
    addr: std::net::SocketAddr,
    profiles: Option<std::path::PathBuf>,
) -> anyhow::Result<()> {
    let var = |name: &str, default: &str| {
        std::env::var(name)
            .ok()
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| default.to_owned())
    };
    let public_url = url::Url::parse(&var("PUBLIC_URL", "http://127.0.0.1:8080"))?;
    let mut cfg = fakes::resonite::MockResoniteConfig::new(
        var("RESONITE_CLIENT_ID", "mock-client"),
        var("RESONITE_CLIENT_SECRET", "mock-secret"),
        config::redirect_uri(&public_url).to_string(),
    );
    if let Some(path) = profiles {
        cfg.profiles = fakes::resonite::load_profiles(&path)?;
    }
    fakes::resonite::run_cli(addr, cfg).await
}
