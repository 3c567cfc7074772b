//! The admin dashboard: Discord sign-in (`/admin` → Discord → `/admin/callback`), sessions,
//! who sees which server, CSRF refusal.

use std::collections::BTreeMap;
use std::sync::Mutex;

use resonite_verify_fakes::discord::FakeRole;

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::{
    self, ADMIN, ADMIN_NAME, ARTIST, GUILD, GUILD_NAME, GUILD2, MEMBER, MENTOR, MODS, OTHER, OWNER,
    OWNER2, PATRON, STAFF, profile,
};

/// Has a role with Manage Server in [`GUILD`], nothing more.
pub const MANAGER: u64 = 710_000_000_000_000_020;
const MANAGER_ROLE: u64 = 810_000_000_000_000_120;
const MANAGE_GUILD: u64 = 1 << 5;

/// What the bot answered.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

/// A browser with a cookie jar (the sign-in binding cookie and the session cookie).
pub struct Browser {
    http: reqwest::Client,
    base: String,
    pub jar: Mutex<BTreeMap<String, String>>,
}

impl Browser {
    pub fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("client"),
            base: base.to_owned(),
            jar: Mutex::new(BTreeMap::new()),
        }
    }

    fn url(&self, url: &str) -> String {
        if url.starts_with("http") {
            url.to_owned()
        } else {
            format!("{}{url}", self.base)
        }
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Page {
        let cookies: Vec<String> = self
            .jar
            .lock()
            .expect("jar")
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let request = if cookies.is_empty() {
            request
        } else {
            request.header("cookie", cookies.join("; "))
        };
        let response = request.send().await.expect("the bot answers");
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().expect("ascii");
            let pair = set.split(';').next().unwrap_or("");
            if let Some((name, value)) = pair.split_once('=') {
                let mut jar = self.jar.lock().expect("jar");
                if value.is_empty() || set.contains("Max-Age=0") {
                    jar.remove(name);
                } else {
                    jar.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let location = headers
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let body = response.text().await.expect("a body");
        Page {
            status,
            location,
            headers,
            body,
        }
    }

    pub async fn get(&self, url: &str) -> Page {
        self.send(self.http.get(self.url(url))).await
    }

    pub async fn post(&self, url: &str, fields: &[(&str, &str)]) -> Page {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        self.send(
            self.http
                .post(self.url(url))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body),
        )
        .await
    }

    pub fn session_cookie(&self) -> Option<String> {
        self.jar
            .lock()
            .expect("jar")
            .get("resonite-verify-admin")
            .cloned()
    }
}

/// The value of a page's hidden `csrf` field.
pub fn csrf(body: &str) -> String {
    let at = body.find(r#"name="csrf" value=""#).expect("a CSRF field");
    let rest = &body[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').expect("closed")].to_owned()
}

/// The community, the dashboard on, its redirect URI registered; the owner, a member with
/// Manage Server and one without any permission can sign in on Discord.
pub async fn app(db: TestDb) -> TestApp {
    let world = world::community()
        .role_with(
            GUILD,
            FakeRole {
                id: MANAGER_ROLE,
                name: "Managers".into(),
                position: 3,
                permissions: MANAGE_GUILD,
                managed: false,
            },
        )
        .member(GUILD, MANAGER, "manager-dana", &[MANAGER_ROLE])
        .member(GUILD2, OWNER, "owner", &[])
        .account(profile(7, true, 1500, &[]));
    let options = Options {
        linked_roles: true,
        ..Options::default()
    };
    let app = TestApp::start(world, db, options).await;
    let linked = format!("{}/discord/callback", app.base_url);
    let admin = format!("{}/admin/callback", app.base_url);
    app.discord.set_redirect_uris(&[&linked, &admin]);
    app.discord.add_oauth_user(OWNER, "owner");
    app.discord.add_oauth_user(MANAGER, "manager-dana");
    app.discord.add_oauth_user(OTHER, "plain-carol");
    app.discord.add_oauth_user(OWNER2, "owner-two");
    app
}

/// `/admin` → Discord (checked) → approved by `user` → `/admin/callback` → `/admin`.
pub async fn sign_in(app: &TestApp, user: u64) -> Browser {
    let browser = Browser::new(&app.base_url);
    let callback = approved_callback(app, &browser, user).await;
    let back = browser.get(&callback).await;
    assert_eq!(back.status, 303, "{}", back.body);
    assert_eq!(back.location.as_deref(), Some("/admin"));
    let set: Vec<&str> = back
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let session = set
        .iter()
        .find(|c| c.starts_with("resonite-verify-admin="))
        .expect("a session cookie");
    assert!(
        session.ends_with("; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax"),
        "{session}"
    );
    browser
}

/// `/admin` signed out → Discord's authorize URL (checked), approved by `user`: the
/// `/admin/callback?code&state` URL.
async fn approved_callback(app: &TestApp, browser: &Browser, user: u64) -> String {
    let start = browser.get("/admin").await;
    assert_eq!(start.status, 303, "{}", start.body);
    let location = start.location.expect("to Discord");
    assert!(location.starts_with(&format!("{}/oauth2/authorize?", app.world.discord_url)));
    let url = url::Url::parse(&location).expect("a URL");
    let query: BTreeMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(query["scope"], "identify guilds");
    assert_eq!(
        query["redirect_uri"],
        format!("{}/admin/callback", app.base_url)
    );
    assert_eq!(query["code_challenge_method"], "S256");
    assert!(query["state"].len() >= 43, "32 random bytes");
    app.discord
        .approve_authorization(&location, user)
        .await
        .expect("the fake Discord approves")
}

fn assert_strict_policy(page: &Page) {
    let policy = page.headers["content-security-policy"]
        .to_str()
        .expect("ascii");
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    assert!(!policy.contains("script-src"), "{policy}");
    assert!(!page.body.contains("<script"), "{}", page.body);
    assert!(!page.body.contains(" style="), "{}", page.body);
}

both_backends!(
    the_owner_signs_in_and_sees_the_servers_they_manage,
    owner_signs_in
);
async fn owner_signs_in(db: TestDb) {
    let app = app(db).await;
    let owner = sign_in(&app, OWNER).await;
    let home = owner.get("/admin").await;
    assert_eq!(home.status, 200, "{}", home.body);
    assert_strict_policy(&home);
    assert!(home.body.contains("Signed in as owner"), "{}", home.body);
    assert!(
        home.body.contains(&format!(
            r#"<a href="/admin/guilds/{GUILD}">{GUILD_NAME}</a>"#
        )),
        "{}",
        home.body
    );
    // A member of GUILD2 without any permission there: not listed.
    assert!(!home.body.contains(&GUILD2.to_string()), "{}", home.body);
    let overview = owner.get(&format!("/admin/guilds/{GUILD}")).await;
    assert_eq!(overview.status, 200, "{}", overview.body);
    assert_strict_policy(&overview);
    assert!(overview.body.contains(GUILD_NAME));
    // The stylesheet the policy allows is there.
    let css = owner.get("/admin/static/admin.css").await;
    assert_eq!(css.status, 200);
    assert!(
        css.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    // No token or secret on any page.
    for page in [&home.body, &overview.body] {
        assert!(!page.contains(resonite_verify_fakes::discord::DEFAULT_CLIENT_SECRET));
        assert!(!page.contains(&owner.session_cookie().expect("signed in")));
    }
    // Every request to the fake Discord fits its description.
    assert!(
        app.discord.unexpected().is_empty(),
        "{:?}",
        app.discord.unexpected()
    );
    resonite_verify_fakes::openapi::OpenApi::load().assert_all_valid(
        &app.discord
            .requests()
            .into_iter()
            .filter(|r| r.path.starts_with("/api/v10/users/@me"))
            .collect::<Vec<_>>(),
    );
}

both_backends!(
    a_sign_in_is_single_use_and_finishes_in_the_browser_that_started_it,
    single_use
);
async fn single_use(db: TestDb) {
    let app = app(db).await;
    let browser = Browser::new(&app.base_url);
    let callback = approved_callback(&app, &browser, OWNER).await;
    // Another browser (no binding cookie) brings the callback: refused, nothing taken.
    let elsewhere = Browser::new(&app.base_url).get(&callback).await;
    assert_eq!(elsewhere.status, 403, "{}", elsewhere.body);
    assert!(
        elsewhere.body.contains("another browser"),
        "{}",
        elsewhere.body
    );
    let first = browser.get(&callback).await;
    assert_eq!(first.status, 303, "{}", first.body);
    // The same callback again: the state is spent.
    let again = Browser::new(&app.base_url);
    *again.jar.lock().unwrap() = browser.jar.lock().unwrap().clone();
    again.jar.lock().unwrap().remove("resonite-verify-admin");
    let replay = again.get(&callback).await;
    assert_eq!(replay.status, 400, "{}", replay.body);
    assert!(replay.body.contains("already used"), "{}", replay.body);
    assert!(again.session_cookie().is_none());
}

both_backends!(
    only_admins_of_a_server_see_it_everyone_else_gets_the_unknown_server_page,
    access
);
async fn access(db: TestDb) {
    let app = app(db).await;
    let guild = format!("/admin/guilds/{GUILD}");
    // Signed out: to the sign-in, for pages and forms alike.
    let anonymous = Browser::new(&app.base_url);
    for page in [
        anonymous.get(&guild).await,
        anonymous.post(&format!("{guild}/sync"), &[]).await,
    ] {
        assert_eq!(page.status, 303, "{}", page.body);
        assert_eq!(page.location.as_deref(), Some("/admin"));
    }
    // The owner: an unknown server is a 404.
    let owner = sign_in(&app, OWNER).await;
    let unknown = owner.get("/admin/guilds/123456789012345678").await;
    assert_eq!(unknown.status, 404);
    let garbage = owner.get("/admin/guilds/not-a-server").await;
    assert_eq!(garbage.status, 404);
    assert_eq!(garbage.body, unknown.body);
    // A member with Manage Server (from a role) sees it.
    let manager = sign_in(&app, MANAGER).await;
    assert_eq!(manager.get(&guild).await.status, 200);
    // A member without Manage Server: no server listed, and the server's pages and forms
    // answer exactly the unknown server's page.
    let other = sign_in(&app, OTHER).await;
    let home = other.get("/admin").await;
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("no server where you have Manage Server"),
        "{}",
        home.body
    );
    let token = csrf(&home.body);
    for page in [
        other.get(&guild).await,
        other.get(&format!("{guild}/members")).await,
        other
            .post(&format!("{guild}/sync"), &[("csrf", &token)])
            .await,
        other
            .post(
                &format!("{guild}/rules"),
                &[("csrf", &token), ("role", "1")],
            )
            .await,
    ] {
        assert_eq!(page.status, 404, "{}", page.body);
        assert_eq!(page.body, unknown.body);
    }
}

both_backends!(manage_server_is_checked_again_within_a_minute, recheck);
async fn recheck(db: TestDb) {
    let app = app(db).await;
    let guild = format!("/admin/guilds/{GUILD}");
    let manager = sign_in(&app, MANAGER).await;
    assert_eq!(manager.get(&guild).await.status, 200);
    app.discord.remove_member(GUILD, MANAGER);
    app.clock.advance(61);
    let gone = manager.get(&guild).await;
    assert_eq!(gone.status, 404, "{}", gone.body);
    // Discord no longer accepts the admin's token: signed out.
    let owner = sign_in(&app, OWNER).await;
    app.discord.revoke_user_tokens(OWNER);
    app.clock.advance(61);
    let out = owner.get(&guild).await;
    assert_eq!(out.status, 303);
    assert_eq!(out.location.as_deref(), Some("/admin"));
}

both_backends!(
    a_post_without_the_csrf_token_is_refused_and_changes_nothing,
    csrf_refused
);
async fn csrf_refused(db: TestDb) {
    let app = app(db).await;
    let owner = sign_in(&app, OWNER).await;
    let home = owner.get("/admin").await;
    let token = csrf(&home.body);
    for fields in [vec![], vec![("csrf", "forged")]] {
        let refused = owner.post("/admin/logout", &fields).await;
        assert_eq!(refused.status, 403, "{}", refused.body);
        // Still signed in.
        assert_eq!(owner.get("/admin").await.status, 200);
    }
    let refused = owner
        .post(
            &format!("/admin/guilds/{GUILD}/sync"),
            &[("csrf", "forged")],
        )
        .await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    // With the token: signed out, and the old cookie opens nothing any more.
    let cookie = owner.session_cookie().expect("signed in");
    let out = owner.post("/admin/logout", &[("csrf", &token)]).await;
    assert_eq!(out.status, 200, "{}", out.body);
    assert!(out.body.contains("Signed out"), "{}", out.body);
    assert!(owner.session_cookie().is_none());
    owner
        .jar
        .lock()
        .unwrap()
        .insert("resonite-verify-admin".into(), cookie);
    let again = owner.get("/admin").await;
    assert_eq!(again.status, 303, "to Discord: {}", again.body);
}

both_backends!(
    the_overview_counts_links_rules_and_draws_links_per_day,
    overview
);
async fn overview(db: TestDb) {
    let app = app(db).await;
    let owner = sign_in(&app, OWNER).await;
    let guild = format!("/admin/guilds/{GUILD}");
    let before = owner.get(&guild).await;
    assert_eq!(before.status, 200, "{}", before.body);
    assert!(
        before.body.contains("0 links and 0 unlinks"),
        "{}",
        before.body
    );
    app.add_rule(GUILD, PATRON, "supporter", "").await;
    let (status, body, _) = app.link(MEMBER, "U-Gen7").await;
    assert_eq!(status, 200, "{body}");
    let after = owner.get(&guild).await;
    assert_strict_policy(&after);
    let cards = |body: &str, n: u64, label: &str| {
        body.contains(&format!(r#"<li><span class="n">{n}</span>{label}</li>"#))
    };
    assert!(cards(&after.body, 1, "linked members"), "{}", after.body);
    assert!(cards(&after.body, 1, "rules"), "{}", after.body);
    assert!(
        cards(&after.body, 0, "failed role changes"),
        "{}",
        after.body
    );
    // The chart: one bar today, and the same in its table.
    assert!(
        after.body.contains("1 links and 0 unlinks"),
        "{}",
        after.body
    );
    assert_eq!(after.body.matches(r#"class="bar-link""#).count(), 1);
    // Sync now: the linked member is marked and applied again (nothing to change).
    let synced = owner
        .post(&format!("{guild}/sync"), &[("csrf", &csrf(&after.body))])
        .await;
    assert_eq!(synced.status, 303, "{}", synced.body);
    assert_eq!(synced.location.as_deref(), Some(guild.as_str()));
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert!(
        after.body.contains(&format!(
            r#"<tr><th scope="row">{today}</th><td>1</td><td>0</td></tr>"#
        )),
        "{}",
        after.body
    );
}

both_backends!(members_are_searched_paged_and_exported_as_csv, members);
async fn members(db: TestDb) {
    let app = app(db).await;
    app.add_rule(GUILD, PATRON, "supporter", "").await;
    let (status, body, _) = app.link(MEMBER, "U-Gen7").await;
    assert_eq!(status, 200, "{body}");
    let owner = sign_in(&app, OWNER).await;
    let base = format!("/admin/guilds/{GUILD}/members");
    for q in ["", "gen", "U-GEN7", &MEMBER.to_string()] {
        let page = owner.get(&format!("{base}?q={}", urlencode(q))).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_strict_policy(&page);
        assert!(
            page.body.contains("<code>U-Gen7</code>"),
            "{q}: {}",
            page.body
        );
        assert!(
            page.body.contains(&format!("<code>{MEMBER}</code>")),
            "{}",
            page.body
        );
        // The role the bot gave, and nothing waiting.
        assert!(
            page.body.contains(&format!("<code>{PATRON}</code>")),
            "{}",
            page.body
        );
        assert!(page.body.contains("applied"), "{}", page.body);
    }
    let none = owner.get(&format!("{base}?q=nobody%25")).await;
    assert!(
        none.body.contains("No linked member matches."),
        "{}",
        none.body
    );
    assert!(!none.body.contains("U-Gen7"));
    let csv = owner.get(&format!("{base}.csv")).await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv"),
    );
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "discord_id,discord_name,resonite_id,resonite_name,linked_at,last_verified_at,roles_granted"
    );
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(
        lines[1].starts_with(&format!("{MEMBER},,U-Gen7,Gen7,")),
        "{}",
        lines[1]
    );
    assert!(lines[1].ends_with(&format!(",{PATRON}")), "{}", lines[1]);
    // Not for anyone else.
    let other = sign_in(&app, OTHER).await;
    assert_eq!(other.get(&format!("{base}.csv")).await.status, 404);
}

fn urlencode(q: &str) -> String {
    url::form_urlencoded::byte_serialize(q.as_bytes()).collect()
}

/// Has Mods (Manage Roles, position 5) and Managers (Manage Server): may manage the rules,
/// but only of roles below Mods.
async fn with_a_moderator(app: &TestApp) {
    app.discord
        .add_member(GUILD, ADMIN, ADMIN_NAME, &[MODS, MANAGER_ROLE]);
    app.discord.add_oauth_user(ADMIN, ADMIN_NAME);
    app.add_role(GUILD, ELDERS, "Elders", 7);
}

/// Between the bot's role (10) and Mods (5).
const ELDERS: u64 = 810_000_000_000_000_130;

fn role_calls_for(app: &TestApp, user: u64, role: u64) -> usize {
    app.role_calls()
        .iter()
        .filter(|(method, g, u, r)| method == "PUT" && *g == GUILD && *u == user && *r == role)
        .count()
}

both_backends!(
    a_rule_previewed_then_added_through_the_form_reaches_a_linked_member,
    rule_through_the_form
);
async fn rule_through_the_form(db: TestDb) {
    let app = app(db).await;
    let (status, body, _) = app.link(MEMBER, "U-Gen7").await;
    assert_eq!(status, 200, "{body}");
    let owner = sign_in(&app, OWNER).await;
    let rules = format!("/admin/guilds/{GUILD}/rules");
    let page = owner.get(&rules).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_strict_policy(&page);
    assert!(page.body.contains("No role rules yet."), "{}", page.body);
    // The form: role ids as values, the rule kinds by their README names.
    assert!(
        page.body
            .contains(&format!(r#"<option value="{PATRON}">@Patron</option>"#)),
        "{}",
        page.body
    );
    assert!(
        page.body.contains(r#"<option value="tier-at-least">"#),
        "{}",
        page.body
    );
    assert!(!page.body.contains(&format!(r#"<option value="{GUILD}">"#)));
    let token = csrf(&page.body);
    let fields = [
        ("csrf", token.as_str()),
        ("role", &PATRON.to_string()),
        ("rule", "supporter"),
        ("value", ""),
        ("group", ""),
    ];
    // The preview names who would gain the role, and changes nothing.
    let preview = owner.post(&format!("{rules}/preview"), &fields).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(
        preview.body.contains("@Patron would be given to 1 member"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains(&format!("<code>{MEMBER}</code>")));
    assert!(
        preview.body.contains("No role rules yet."),
        "{}",
        preview.body
    );
    app.settle().await;
    assert_eq!(role_calls_for(&app, MEMBER, PATRON), 0);
    // Added: the member gets the role.
    let added = owner.post(&rules, &fields).await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert!(
        added.body.contains(
            "Added: @Patron for members with active Resonite supporter. 1 linked member is checked again."
        ),
        "{}",
        added.body
    );
    app.settle().await;
    assert_eq!(role_calls_for(&app, MEMBER, PATRON), 1);
    let listed = owner.get(&rules).await;
    assert!(
        listed.body.contains(
            r#"<th scope="row">@Patron</th><td>active Resonite supporter</td><td></td><td>1</td>"#
        ),
        "{}",
        listed.body
    );
    // Removed: the rule is gone, and so is the role.
    let removed = owner
        .post(&format!("{rules}/{PATRON}/delete"), &[("csrf", &token)])
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert!(
        removed.body.contains("Removed 1 rule of @Patron."),
        "{}",
        removed.body
    );
    assert!(removed.body.contains("No role rules yet."));
    // As after `/roles remove`: the bot no longer manages the role, and takes nothing back.
    app.settle().await;
    assert_eq!(
        app.discord
            .member_roles(GUILD, MEMBER)
            .map(|r| r.contains(&PATRON)),
        Some(true)
    );
}

both_backends!(
    the_rules_form_refuses_what_roles_add_refuses_and_changes_nothing,
    rule_refusals
);
async fn rule_refusals(db: TestDb) {
    let app = app(db).await;
    with_a_moderator(&app).await;
    let rules = format!("/admin/guilds/{GUILD}/rules");
    let owner = sign_in(&app, OWNER).await;
    let token = csrf(&owner.get(&rules).await.body);
    let post = |role: u64, rule: &'static str, value: &'static str| {
        let role = role.to_string();
        let token = token.clone();
        let owner = &owner;
        let rules = rules.clone();
        async move {
            owner
                .post(
                    &rules,
                    &[
                        ("csrf", &token),
                        ("role", &role),
                        ("rule", rule),
                        ("value", value),
                    ],
                )
                .await
        }
    };
    let cases = [
        (
            post(PATRON, "tier-at-least", "lots").await,
            "Value: <code>lots</code> is not a valid value for the <code>tier-at-least</code> rule",
        ),
        (
            post(PATRON, "gold", "").await,
            "Value: <code>gold</code> is not a rule kind",
        ),
        (
            post(STAFF, "linked", "").await,
            "The bot cannot use that role: @Staff is at or above the bot's highest role",
        ),
    ];
    for (page, said) in &cases {
        assert_eq!(page.status, 422, "{}", page.body);
        assert!(page.body.contains(said), "{said}: {}", page.body);
    }
    // What was typed stays in the form.
    assert!(
        cases[0]
            .0
            .body
            .contains(r#"name="value" type="text" value="lots""#),
        "{}",
        cases[0].0.body
    );
    // Without the CSRF token: refused, nothing stored.
    let forged = owner
        .post(&rules, &[("role", &PATRON.to_string()), ("rule", "linked")])
        .await;
    assert_eq!(forged.status, 403, "{}", forged.body);
    let forged_delete = owner
        .post(&format!("{rules}/{PATRON}/delete"), &[("csrf", "forged")])
        .await;
    assert_eq!(forged_delete.status, 403);
    assert!(owner.get(&rules).await.body.contains("No role rules yet."));

    // A moderator: Manage Roles, but Elders is above their highest role.
    let moderator = sign_in(&app, ADMIN).await;
    let page = moderator.get(&rules).await;
    assert!(page.body.contains(r#"name="rule""#), "{}", page.body);
    let refused = moderator
        .post(
            &rules,
            &[
                ("csrf", &csrf(&page.body)),
                ("role", &ELDERS.to_string()),
                ("rule", "linked"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("@Elders is not below your highest role"),
        "{}",
        refused.body
    );
    // A manager without Manage Roles: no form, and a forged post is refused.
    let manager = sign_in(&app, MANAGER).await;
    let page = manager.get(&rules).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("needs the Manage Roles permission"),
        "{}",
        page.body
    );
    assert!(!page.body.contains(r#"name="rule""#), "{}", page.body);
    let refused = manager
        .post(
            &rules,
            &[
                ("csrf", &csrf(&page.body)),
                ("role", &PATRON.to_string()),
                ("rule", "linked"),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("needs the Manage Roles permission"));
    assert!(owner.get(&rules).await.body.contains("No role rules yet."));
    // Someone who may not manage the server: the unknown server's page, POSTs too.
    let other = sign_in(&app, OTHER).await;
    let token = csrf(&other.get("/admin").await.body);
    let unknown = other.get("/admin/guilds/123456789012345678").await;
    for page in [
        other.get(&rules).await,
        other
            .post(&format!("{rules}/preview"), &[("csrf", &token)])
            .await,
        other
            .post(&format!("{rules}/{PATRON}/delete"), &[("csrf", &token)])
            .await,
    ] {
        assert_eq!(page.status, 404, "{}", page.body);
        assert_eq!(page.body, unknown.body);
    }
}

both_backends!(
    the_settings_form_changes_what_config_changes_with_its_refusals,
    settings_form
);
async fn settings_form(db: TestDb) {
    let app = app(db).await;
    app.add_rule(GUILD, PATRON, "supporter", "").await;
    let settings = format!("/admin/guilds/{GUILD}/settings");
    let owner = sign_in(&app, OWNER).await;
    let page = owner.get(&settings).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_strict_policy(&page);
    assert!(
        page.body
            .contains(r#"<option value="" selected>No bypass role</option>"#),
        "{}",
        page.body
    );
    let token = csrf(&page.body);
    let set = |setting: &'static str, value: String| {
        let (owner, settings, token) = (&owner, settings.clone(), token.clone());
        async move {
            owner
                .post(
                    &settings,
                    &[("csrf", &token), ("setting", setting), ("value", &value)],
                )
                .await
        }
    };
    let done = set("log-channel", "123456789".into()).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(
        done.body.contains("posted in the channel 123456789"),
        "{}",
        done.body
    );
    assert!(done.body.contains(r#"value="123456789""#), "{}", done.body);
    let refusals = [
        (
            set("log-channel", "general".into()).await,
            "That is not an id",
        ),
        (
            set("bypass-role", PATRON.to_string()).await,
            "A rule grants that role",
        ),
        (
            set("bypass-role", GUILD.to_string()).await,
            "@everyone would exempt every member",
        ),
        (
            set("nickname", "{nope}".into()).await,
            "Template: <code>{nope}</code> is not a placeholder",
        ),
        (
            set("nickname", "{resonite}".into()).await,
            "The bot lacks the Manage Nicknames permission",
        ),
    ];
    for (page, said) in &refusals {
        assert_eq!(page.status, 422, "{said}: {}", page.body);
        assert!(page.body.contains(said), "{said}: {}", page.body);
        // Nothing changed: the log channel is as set, no bypass role, no template.
        assert!(page.body.contains(r#"value="123456789""#));
        assert!(
            page.body.contains(r#"<option value="" selected>"#),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains(r#"id="nickname" name="value" type="text" maxlength="100" value="""#),
            "{}",
            page.body
        );
    }
    let bypass = set("bypass-role", ARTIST.to_string()).await;
    assert_eq!(bypass.status, 200, "{}", bypass.body);
    assert!(
        bypass.body.contains(&format!(
            r#"<option value="{ARTIST}" selected>@Artist</option>"#
        )),
        "{}",
        bypass.body
    );
    // Without the CSRF token: refused, nothing changed.
    let forged = owner
        .post(&settings, &[("setting", "log-channel"), ("value", "")])
        .await;
    assert_eq!(forged.status, 403, "{}", forged.body);
    assert!(
        owner
            .get(&settings)
            .await
            .body
            .contains(r#"value="123456789""#)
    );
    // A manager (Managers, position 3) may not make Mentor (4) the bypass role.
    let manager = sign_in(&app, MANAGER).await;
    let page = manager.get(&settings).await;
    let refused = manager
        .post(
            &settings,
            &[
                ("csrf", &csrf(&page.body)),
                ("setting", "bypass-role"),
                ("value", &MENTOR.to_string()),
            ],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("@Mentor is not below your highest role"),
        "{}",
        refused.body
    );
    // Anyone else: the unknown server's page.
    let other = sign_in(&app, OTHER).await;
    let token = csrf(&other.get("/admin").await.body);
    let unknown = other.get("/admin/guilds/123456789012345678").await;
    for page in [
        other.get(&settings).await,
        other
            .post(
                &settings,
                &[("csrf", &token), ("setting", "log-channel"), ("value", "")],
            )
            .await,
    ] {
        assert_eq!(page.status, 404, "{}", page.body);
        assert_eq!(page.body, unknown.body);
    }
}

both_backends!(
    the_audit_log_lists_what_happened_newest_first_filtered_by_member,
    audit_log
);
async fn audit_log(db: TestDb) {
    let app = app(db).await;
    app.add_rule(GUILD, PATRON, "supporter", "").await;
    let (status, body, _) = app.link(MEMBER, "U-Gen7").await;
    assert_eq!(status, 200, "{body}");
    let owner = sign_in(&app, OWNER).await;
    let audit = format!("/admin/guilds/{GUILD}/audit");
    let page = owner.get(&audit).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert_strict_policy(&page);
    let linked = page.body.find("<code>linked</code>").expect("the link");
    let role = page.body.find("<code>role_added</code>").expect("the role");
    assert!(role < linked, "newest first: {}", page.body);
    assert!(
        page.body
            .contains(r#"/audit" aria-current="page">Audit log</a>"#),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("<td><code>{MEMBER}</code></td>"))
    );
    let mine = owner.get(&format!("{audit}?member={MEMBER}")).await;
    assert!(mine.body.contains("<code>linked</code>"), "{}", mine.body);
    for filter in [OTHER.to_string(), "nobody".into()] {
        let none = owner.get(&format!("{audit}?member={filter}")).await;
        assert_eq!(none.status, 200);
        assert!(none.body.contains("Nothing recorded."), "{}", none.body);
    }
    let other = sign_in(&app, OTHER).await;
    assert_eq!(other.get(&audit).await.status, 404);
}
