//! Figure 4: the bot's footprint: start-up time to `/healthz`, resident memory once the
//! gateway is connected with one guild cached, and the release binary's size.

use std::time::Duration;

use resonite_verify::seed;
use resonite_verify_fakes::world::{BotAddress, discord_id};

use crate::child::{self, Bot};
use crate::consent::http_client;
use crate::guild::{self, GUILD, LINKED, UNSERVED_URL};
use crate::util::{Scratch, Spread, file_size, mib, ms};
use crate::{Row, Sizes};

pub async fn run(sizes: &Sizes) -> Vec<Row> {
    match measure(sizes.footprint_runs).await {
        Ok(rows) => rows,
        Err(e) => vec![Row::failed("footprint", &e)],
    }
}

async fn measure(runs: usize) -> anyhow::Result<Vec<Row>> {
    let scratch = Scratch::new("footprint");
    let world = guild::world()
        .bot_address(BotAddress::Url(UNSERVED_URL.into()))
        .members(
            GUILD,
            (0..50u64).map(|n| (discord_id(n), format!("gen{n}"), vec![LINKED])),
        )
        .rule(GUILD, LINKED, "linked", None)
        .token_key()
        .env("DATABASE_URL", scratch.sqlite_url("bot.db"))
        .build()
        .await?;
    // An existing database: created, migrated and seeded before the first start.
    seed::seed_database(
        &seed::config(&world)?,
        world.seeds(),
        chrono::Utc::now().timestamp(),
    )
    .await?;
    let http = http_client();
    let mut startup = Vec::new();
    let mut rss = Vec::new();
    for run in 0..runs {
        let (healthy, resident) = start_once(&world, &scratch, &http).await?;
        eprintln!(
            "  footprint run {}: /healthz after {:.1} ms, RSS {:.1} MiB connected",
            run + 1,
            ms(healthy),
            mib(resident)
        );
        startup.push(ms(healthy));
        rss.push(mib(resident));
    }
    let startup = Spread::of(&startup);
    let rss = Spread::of(&rss);
    let size = file_size(&child::bot_binary()).unwrap_or(0);
    Ok(vec![
        Row::new(
            "bot RSS, gateway connected, one guild cached".into(),
            rss.show(1, " MiB"),
            "≤ 30 MiB".into(),
            rss.median <= 30.0,
        ),
        Row::new(
            "start-up to /healthz 200 (existing SQLite)".into(),
            startup.show(1, " ms"),
            "≤ 200 ms".into(),
            startup.median <= 200.0,
        ),
        Row::info(
            "release binary size (resonite-verify)",
            format!("{:.1} MiB ({size} bytes)", mib(size / 1024)),
        ),
    ])
}

/// One start of the bot process: the time to `/healthz`, and its RSS (KiB) once connected
/// and settled. The process is stopped before returning.
async fn start_once(
    world: &resonite_verify_fakes::world::World,
    scratch: &Scratch,
    http: &reqwest::Client,
) -> anyhow::Result<(Duration, u64)> {
    let discord = &world.discord;
    let vars = world.env().clone();
    let sessions_before = discord.identifies().len();
    let mut bot = Bot::spawn(vars, &scratch.path)?;
    let healthy = bot.wait_healthy(http, Duration::from_secs(10)).await;
    let healthy = match healthy {
        Ok(d) => d,
        Err(e) => {
            bot.stop().await;
            return Err(e);
        }
    };
    // Connected: identified, READY and GUILD_CREATE sent, and the bot says so.
    let ready = async {
        while discord.identifies().len() <= sessions_before {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        loop {
            if let Ok(r) = http.get(bot.url("/readyz")).send().await
                && r.status().is_success()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    };
    if tokio::time::timeout(Duration::from_secs(15), ready)
        .await
        .is_err()
    {
        let tail = bot.log_tail();
        bot.stop().await;
        anyhow::bail!("the bot did not connect to the fake gateway; {tail}");
    }
    // Let the start-up sweep (none ran yet on this database) and caching settle.
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let resident = bot.rss_kib().unwrap_or(0);
    bot.stop().await;
    Ok((healthy, resident))
}
