//! The demo's prompt: lines typed (or piped) in, what the bot answered and what changed on
//! the fake server out. Slash commands reach the real bot through the fake gateway as
//! interactions; the other words drive the fakes (approve on the mock Resonite, let a
//! patron's support lapse, wait for the bot to notice).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt as _, AsyncWrite, AsyncWriteExt as _};

use super::input::{self, Actor, Input};
use super::watch::{Change, Watch};
use super::{
    ADMIN_ID, ADMIN_NAME, Demo, GUILD_ID, GUILD_NAME, LOG_CHANNEL_NAME, MEMBER_ID, MEMBER_NAME,
    RESYNC_INTERVAL,
};

/// How often the prompt looks for changes while nobody types.
const LOOK_EVERY: Duration = Duration::from_millis(250);

const HELP: &str = "\
Slash commands, typed as demo-member (or as the admin: `as admin /sync`); an option's value
runs to the next option's name, so spaces need no quotes:
  /link                                  link a Resonite account (prints the URL to open)
  /whois [user:NAME]                     who is linked to which Resonite account
  /update [user:NAME]                    roles brought in line with the linked account now
  /unlink                                unlink; the roles the rules granted go
  /roles list                            the role rules (admin)
  /roles add role:ROLE rule:RULE [value:VALUE]
                                         e.g. /roles add role:Mentor rule:tier-at-least value:$10
  /roles remove role:ROLE [rule:RULE]    (admin)
  /roles preview [role:ROLE rule:RULE]   what a rule would change, changing nothing (admin)
  /config log-channel channel:#bot-log   where the bot reports role changes (admin)
  /config nickname template:{display} ({resonite})
                                         nicknames from the Resonite account (admin)
  /config bypass-role role:Staff         members the bot never changes (admin)
  /whois resonite:PatronUser             who here is linked to a Resonite account (admin)
  /doctor                                the checklist: what is fine, what to fix (admin)
  /sync                                  re-verify every linked member now (admin)
Who types:
  as admin /COMMAND …                    once as community-admin (the server's owner)
  as admin | as member                   from now on as that one
The fakes:
  approve [ACCOUNT]                      approve the latest /link on the mock Resonite as
                                         ACCOUNT (default PatronUser) and press Link on the
                                         bot's confirmation page, as a browser would
  deny                                   deny it instead
  lapse ACCOUNT                          ACCOUNT's Patreon support lapses on the mock
  renew ACCOUNT                          … and comes back
  accounts                               the mock's accounts
  roles                                  everyone's roles now
  language CODE                          your Discord speaks CODE (ja, ko, de, fr, es-ES, en-US)
  wait [SECONDS]                         wait (default 30 s) until someone's roles change
  help | quit
";

/// Runs the prompt over `input` until it ends or says `quit`, writing to `output`.
/// `echo` repeats each line after the prompt (for piped input, so the output reads as a
/// transcript).
pub async fn drive<R, W>(demo: &Demo, input: R, output: W, echo: bool) -> anyhow::Result<()>
where
    R: AsyncBufRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut session = Session::new(demo, output);
    session
        .say(&format!(
            "\nYou are {MEMBER_NAME} in \"{GUILD_NAME}\". Type /link to start, help for everything.\n"
        ))
        .await?;
    session.prompt().await?;
    let mut lines = input.lines();
    let mut look = tokio::time::interval(LOOK_EVERY);
    look.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tokio::select! {
            line = lines.next_line() => {
                let Some(line) = line? else { break };
                if echo {
                    session.say(&format!("{line}\n")).await?;
                }
                if session.handle(&line).await? == Flow::Quit {
                    break;
                }
                session.prompt().await?;
            }
            _ = look.tick() => {
                if session.report_changes(true).await? {
                    session.prompt().await?;
                }
            }
        }
    }
    session.say("\n").await?;
    Ok(())
}

/// Lines from this process's standard input. A plain thread reads them: a blocked read of
/// a terminal cannot be cancelled, and must not hold up the runtime's exit.
pub fn stdin_lines() -> impl AsyncBufRead + Unpin + Send {
    let (mut writer, reader) = tokio::io::duplex(64 * 1024);
    let runtime = tokio::runtime::Handle::current();
    std::thread::spawn(move || {
        let stdin = std::io::stdin();
        let mut line = String::new();
        loop {
            line.clear();
            match stdin.read_line(&mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    if runtime.block_on(writer.write_all(line.as_bytes())).is_err() {
                        break;
                    }
                }
            }
        }
        // Dropping the writer ends the reader's input.
    });
    tokio::io::BufReader::new(reader)
}

#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    Quit,
}

/// The latest `/link` not yet approved.
struct PendingLink {
    url: String,
}

struct Session<'a, W> {
    demo: &'a Demo,
    out: W,
    actor: Actor,
    watch: Watch,
    pending: Option<PendingLink>,
    /// Profiles as they were before `lapse`, for `renew`.
    before_lapse: HashMap<String, Value>,
    http: reqwest::Client,
}

fn who(actor: Actor) -> (u64, &'static str) {
    match actor {
        Actor::Member => (MEMBER_ID, MEMBER_NAME),
        Actor::Admin => (ADMIN_ID, ADMIN_NAME),
    }
}

fn stamp() -> String {
    chrono::Local::now().format("%H:%M:%S").to_string()
}

/// The `<title>` of an HTML page, without the site's name.
fn page_title(html: &str) -> String {
    let title = html
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map_or("", |(title, _)| title);
    let title = title
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    title
        .trim_end_matches(" · resonite-verify")
        .trim()
        .to_owned()
}

impl<'a, W: AsyncWrite + Unpin> Session<'a, W> {
    fn new(demo: &'a Demo, out: W) -> Self {
        Self {
            watch: Watch::new(
                demo.world.discord.clone(),
                GUILD_ID,
                demo.world.app().bot_user_id,
            ),
            demo,
            out,
            actor: Actor::Member,
            pending: None,
            before_lapse: HashMap::new(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .no_proxy()
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap_or_default(),
        }
    }

    async fn say(&mut self, text: &str) -> std::io::Result<()> {
        self.out.write_all(text.as_bytes()).await?;
        self.out.flush().await
    }

    async fn prompt(&mut self) -> std::io::Result<()> {
        let (_, name) = who(self.actor);
        self.say(&format!("{name}> ")).await
    }

    /// Prints what changed since the last look; `true` if anything did.
    async fn report_changes(&mut self, stamped: bool) -> std::io::Result<bool> {
        let changes = self.watch.look();
        self.print_changes(&changes, stamped).await?;
        Ok(!changes.is_empty())
    }

    async fn print_changes(&mut self, changes: &[Change], stamped: bool) -> std::io::Result<()> {
        for (i, change) in changes.iter().enumerate() {
            let text = if stamped {
                // Nobody typed: start on a fresh line after the prompt.
                let lead = if i == 0 { "\n" } else { "" };
                format!("{lead}[{}] {change}\n", stamp())
            } else {
                format!("  {change}\n")
            };
            self.say(&text).await?;
        }
        Ok(())
    }

    async fn handle(&mut self, line: &str) -> std::io::Result<Flow> {
        let parsed = match input::parse(line) {
            Ok(parsed) => parsed,
            Err(e) => {
                self.say(&format!("  {e}\n")).await?;
                return Ok(Flow::Continue);
            }
        };
        match parsed {
            Input::Nothing => {}
            Input::Help => self.say(HELP).await?,
            Input::Quit => return Ok(Flow::Quit),
            Input::Become(actor) => {
                self.actor = actor;
                let (_, name) = who(actor);
                self.say(&format!("  Now typing as {name}.\n")).await?;
            }
            Input::Slash { actor, line } => self.slash(actor.unwrap_or(self.actor), &line).await?,
            Input::Approve(account) => self.consent(Some(&account)).await?,
            Input::Deny => self.consent(None).await?,
            Input::Lapse(account) => self.lapse(&account).await?,
            Input::Renew(account) => self.renew(&account).await?,
            Input::Accounts => self.accounts().await?,
            Input::Roles => self.roles().await?,
            Input::Language(code) => self.language(&code).await?,
            Input::Wait(secs) => self.wait(secs).await?,
        }
        Ok(Flow::Continue)
    }

    async fn slash(&mut self, actor: Actor, line: &str) -> std::io::Result<()> {
        let (user, name) = who(actor);
        let answer = match self.demo.command(user, line).await {
            Ok(answer) => answer,
            Err(e) => return self.say(&format!("  {e:#}\n")).await,
        };
        let command = line.split_whitespace().next().unwrap_or(line).to_owned();
        let content = answer.content().to_owned();
        let shown = self.watch.render(&content);
        if answer.reply["type"] == 5 {
            self.say("  bot: (thinking …)\n").await?;
        } else {
            let seen_by = if answer.is_ephemeral() {
                format!(" (only {name} sees this)")
            } else {
                String::new()
            };
            let mut text = format!("  bot{seen_by}:");
            for reply_line in shown.lines() {
                text.push_str(&format!("\n    {reply_line}"));
            }
            self.say(&format!("{text}\n")).await?;
        }
        if let Some(url) = answer.link_url() {
            self.say(&format!(
                "  Open this URL in a browser to sign in on the mock Resonite:\n    {url}\n  \
                 (or type `approve` to approve as PatronUser from here, `approve BasicUser`, `deny`)\n"
            ))
            .await?;
            self.pending = Some(PendingLink { url });
        }
        self.watch
            .follow(&answer.invocation.token, &command, &content);
        if let Some(confirm) = answer
            .button_ids()
            .into_iter()
            .find(|id| id.starts_with("unlink:confirm:"))
        {
            self.press_for(user, name, &answer.invocation.token, &confirm)
                .await?;
        }
        self.report_changes(false).await?;
        Ok(())
    }

    /// Presses a confirmation button of the bot's reply for `user` (there is no Discord
    /// client to press it in), and shows what the reply turned into.
    async fn press_for(
        &mut self,
        user: u64,
        name: &str,
        token: &str,
        custom_id: &str,
    ) -> std::io::Result<()> {
        self.say(&format!(
            "  (the demo presses the confirmation button for {name}; in Discord they press it)\n"
        ))
        .await?;
        let pressed = self
            .demo
            .world
            .press(Some(GUILD_ID), user, token, custom_id, super::REPLY_TIMEOUT)
            .await;
        match pressed {
            Ok(answer) => {
                let shown = self.watch.render(answer.content());
                let mut text = format!("  bot (only {name} sees this):");
                for reply_line in shown.lines() {
                    text.push_str(&format!("\n    {reply_line}"));
                }
                self.say(&format!("{text}\n")).await
            }
            Err(e) => self.say(&format!("  {e:#}\n")).await,
        }
    }

    /// Approves (`Some(account)`) or denies the pending `/link` on the mock Resonite, then
    /// follows the redirect to the bot and presses Link there, as a browser would.
    async fn consent(&mut self, account: Option<&str>) -> std::io::Result<()> {
        let Some(pending) = self.pending.take() else {
            return self
                .say("  No /link waiting for consent: type /link first.\n")
                .await;
        };
        let resonite = &self.demo.world.resonite;
        let decided = match account {
            Some(account) => match self.demo.world.account(account) {
                Ok(profile) => {
                    let id = profile["id"].as_str().unwrap_or_default().to_owned();
                    let username = profile["username"].as_str().unwrap_or(account).to_owned();
                    resonite
                        .approve(&pending.url, &id)
                        .await
                        .map(|callback| (callback, format!("approved as {username}")))
                }
                Err(e) => {
                    self.pending = Some(pending);
                    return self.say(&format!("  {e}\n")).await;
                }
            },
            None => resonite
                .deny(&pending.url)
                .await
                .map(|callback| (callback, "denied".to_owned())),
        };
        let (callback, what) = match decided {
            Ok(done) => done,
            Err(e) => {
                return self
                    .say(&format!("  The mock Resonite refused: {e}\n"))
                    .await;
            }
        };
        let page = self.browse(&callback).await;
        self.say(&format!(
            "  On the mock Resonite: {what}; the browser follows the redirect to the bot's page: {page}\n"
        ))
        .await?;
        self.report_changes(false).await?;
        Ok(())
    }

    /// What a browser does with the callback: opens it, and on the confirmation page the
    /// bot shows presses Link (with the cookie the page set). Describes both pages.
    async fn browse(&self, callback: &str) -> String {
        let response = match self.http.get(callback).send().await {
            Ok(response) => response,
            Err(e) => return format!("no answer: {e}"),
        };
        let status = response.status().as_u16();
        let cookie = response
            .headers()
            .get(reqwest::header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .map(|v| crate::web::confirm::cookie_pair(v).to_owned());
        let body = response.text().await.unwrap_or_default();
        let first = format!("HTTP {status}, \"{}\"", page_title(&body));
        let Some(token) = crate::web::confirm::form_token(&body) else {
            return first;
        };
        let Ok(confirm) = url::Url::parse(callback).and_then(|u| u.join(crate::web::CONFIRM_PATH))
        else {
            return first;
        };
        let form = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("token", &token)
            .append_pair("action", "link")
            .finish();
        let mut request = self
            .http
            .post(confirm)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(form);
        if let Some(cookie) = cookie {
            request = request.header(reqwest::header::COOKIE, cookie);
        }
        let second = match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                let body = response.text().await.unwrap_or_default();
                format!("HTTP {status}, \"{}\"", page_title(&body))
            }
            Err(e) => format!("no answer: {e}"),
        };
        format!("{first}; it presses Link there: {second}")
    }

    async fn lapse(&mut self, account: &str) -> std::io::Result<()> {
        let world = &self.demo.world;
        let before = match world.account(account) {
            Ok(profile) => profile,
            Err(e) => return self.say(&format!("  {e}\n")).await,
        };
        let id = before["id"].as_str().unwrap_or_default().to_owned();
        let username = before["username"].as_str().unwrap_or(account).to_owned();
        if let Err(e) = world.lapse(&id) {
            return self.say(&format!("  {e}\n")).await;
        }
        self.before_lapse.entry(id).or_insert(before);
        self.say(&format!(
            "  {username}'s Patreon support lapsed on the mock Resonite.\n  \
             The bot re-verifies linked accounts every {RESYNC_INTERVAL} (RESYNC_INTERVAL): their roles \
             follow at the next re-verification, with no command typed. Watch @Patron go here \
             (`wait` waits for it; `as admin /sync` checks now).\n"
        ))
        .await
    }

    async fn renew(&mut self, account: &str) -> std::io::Result<()> {
        let profile = match self.demo.world.account(account) {
            Ok(profile) => profile,
            Err(e) => return self.say(&format!("  {e}\n")).await,
        };
        let id = profile["id"].as_str().unwrap_or_default().to_owned();
        let username = profile["username"].as_str().unwrap_or(account).to_owned();
        match self.before_lapse.remove(&id) {
            Some(before) => {
                self.demo.world.resonite.set_profile(before);
                self.say(&format!(
                    "  {username}'s support is back on the mock Resonite; roles follow at the next re-verification.\n"
                ))
                .await
            }
            None => {
                self.say(&format!("  {username}'s support did not lapse here.\n"))
                    .await
            }
        }
    }

    /// Discord reports `code` as the locale of both demo users' clients from now on.
    async fn language(&mut self, code: &str) -> std::io::Result<()> {
        let discord = &self.demo.world.discord;
        discord.set_user_locale(MEMBER_ID, code);
        discord.set_user_locale(ADMIN_ID, code);
        let text = match crate::i18n::Lang::supported(code) {
            Some(lang) => format!(
                "  Discord now reports {code} for {MEMBER_NAME} and community-admin: replies are in {}, and so are the pages and DMs of a /link typed from now on.\n",
                lang.code()
            ),
            None => format!(
                "  Discord now reports {code}; no language of the bot matches it, so it answers in English. Shipped: {}.\n",
                crate::i18n::Lang::all()
                    .map(|l| l.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.say(&text).await
    }

    async fn accounts(&mut self) -> std::io::Result<()> {
        let mut text = String::from("  Accounts on the mock Resonite:\n");
        for fixture in resonite_verify_fakes::fixtures::profiles() {
            let username = fixture["username"].as_str().unwrap_or_default();
            let profile = self.demo.world.account(username).unwrap_or(fixture.clone());
            let support = if profile["isActiveSupporter"] == true {
                "active supporter"
            } else {
                "not supporting now"
            };
            let tags: Vec<&str> = profile["tags"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|t| !t.contains(' '))
                .collect();
            let tags = if tags.is_empty() {
                String::new()
            } else {
                format!(", tags {}", tags.join(" "))
            };
            text.push_str(&format!("    {username}: {support}{tags}\n"));
        }
        self.say(&text).await
    }

    async fn roles(&mut self) -> std::io::Result<()> {
        let mut text = format!("  Roles in \"{GUILD_NAME}\":\n");
        for (member, roles) in self.watch.everyone() {
            let roles = if roles.is_empty() {
                "(none)".to_owned()
            } else {
                roles
                    .iter()
                    .map(|r| format!("@{r}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            text.push_str(&format!("    {member}: {roles}\n"));
        }
        text.push_str(&format!(
            "  (the bot posts role changes in #{LOG_CHANNEL_NAME} once an admin types /config log-channel channel:#{LOG_CHANNEL_NAME})\n"
        ));
        self.say(&text).await
    }

    /// Waits until someone's roles change (or `secs` pass), printing what happens meanwhile.
    async fn wait(&mut self, secs: u64) -> std::io::Result<()> {
        self.say(&format!(
            "  Waiting up to {secs} s for a role to change …\n"
        ))
        .await?;
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let changes = self.watch.look();
            for change in &changes {
                self.say(&format!("  [{}] {change}\n", stamp())).await?;
            }
            if changes.iter().any(Change::is_roles) {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return self.say(&format!("  No role changed in {secs} s.\n")).await;
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::page_title;

    #[test]
    fn a_page_title_without_the_site_name() {
        assert_eq!(
            page_title("<html><head><title>Accounts linked · resonite-verify</title></head>"),
            "Accounts linked"
        );
        assert_eq!(
            page_title("<title>Can&#39;t link &amp; go</title>"),
            "Can't link & go"
        );
        assert_eq!(page_title("no title"), "");
    }
}
