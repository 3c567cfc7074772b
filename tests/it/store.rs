//! The store, on SQLite and PostgreSQL alike.

use crate::support::db::TestDb;
use resonite_verify::config::Secret;
use resonite_verify::store::{AuditAction, Link, NewLinkState, Store, StoreError};

fn link(discord: u64, resonite: &str) -> Link {
    Link {
        discord_user_id: discord,
        resonite_user_id: resonite.to_owned(),
        resonite_username: format!("name-of-{resonite}"),
        profile_json: r#"{"id":"x"}"#.to_owned(),
        scopes: "profile patreon".to_owned(),
        linked_at: 1_700_000_000,
        last_checked_at: 1_700_000_000,
    }
}

fn state(hash: &str, user: u64, expires_at: i64) -> NewLinkState {
    NewLinkState {
        state_hash: hash.to_owned(),
        discord_user_id: user,
        discord_name: "member".to_owned(),
        guild_id: Some(u64::MAX - 5),
        pkce_verifier: Secret::new("v".repeat(43)),
        interaction_token: Secret::new("interaction-token"),
        created_at: 100,
        expires_at,
    }
}

both_backends!(
    links_round_trip_with_full_width_snowflakes,
    links_round_trip
);
async fn links_round_trip(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let big = u64::MAX - 1; // above i64::MAX: must survive the signed column
    assert_eq!(
        store
            .links()
            .upsert(&link(big, "U-A"))
            .await
            .expect("insert"),
        None
    );
    let got = store
        .links()
        .by_discord(big)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(got, link(big, "U-A"));
    assert_eq!(
        store.links().by_resonite("U-A").await.expect("read"),
        Some(link(big, "U-A"))
    );
    assert_eq!(
        store.links().delete(big).await.expect("delete"),
        Some(link(big, "U-A"))
    );
    assert_eq!(store.links().by_discord(big).await.expect("read"), None);
    assert_eq!(store.links().delete(big).await.expect("delete again"), None);
}

both_backends!(a_resonite_account_links_to_one_discord_account, one_owner);
async fn one_owner(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    store.links().upsert(&link(1, "U-A")).await.expect("first");
    let err = store
        .links()
        .upsert(&link(2, "U-A"))
        .await
        .expect_err("second owner refused");
    assert!(matches!(err, StoreError::ResoniteAccountTaken), "{err:?}");
    assert_eq!(store.links().by_discord(2).await.expect("read"), None);
    assert_eq!(
        store
            .links()
            .by_resonite("U-A")
            .await
            .expect("read")
            .map(|l| l.discord_user_id),
        Some(1)
    );
    // The owner relinks to another account: the old one is returned and freed.
    let previous = store.links().upsert(&link(1, "U-B")).await.expect("relink");
    assert_eq!(previous.map(|l| l.resonite_user_id), Some("U-A".to_owned()));
    store
        .links()
        .upsert(&link(2, "U-A"))
        .await
        .expect("U-A is free now");
    assert_eq!(store.links().count().await.expect("count"), 2);
}

both_backends!(
    a_state_is_consumed_once_and_only_before_it_expires,
    consume_once
);
async fn consume_once(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    store
        .link_states()
        .insert(&state("h1", 7, 1000))
        .await
        .expect("insert");
    store
        .link_states()
        .insert(&state("h2", 7, 1000))
        .await
        .expect("insert");
    let taken = store
        .link_states()
        .consume("h1", 999)
        .await
        .expect("consume")
        .expect("valid");
    assert_eq!(taken.discord_user_id, 7);
    assert_eq!(taken.guild_id, Some(u64::MAX - 5));
    assert_eq!(taken.interaction_token.expose(), "interaction-token");
    // What the store hands back cannot print its secrets.
    let shown = format!("{taken:?}");
    assert!(
        !shown.contains("interaction-token") && !shown.contains(&"v".repeat(43)),
        "{shown}"
    );
    assert!(
        store
            .link_states()
            .consume("h1", 999)
            .await
            .expect("again")
            .is_none(),
        "single use"
    );
    assert!(
        store
            .link_states()
            .consume("h2", 1000)
            .await
            .expect("expired")
            .is_none(),
        "expired at expires_at"
    );
    assert!(
        store
            .link_states()
            .consume("nope", 1)
            .await
            .expect("unknown")
            .is_none()
    );
    assert_eq!(store.link_states().purge(1001).await.expect("purge"), 2);
}

both_backends!(
    racing_consumers_of_one_state_have_exactly_one_winner,
    racing_consume
);
async fn racing_consume(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    for round in 0..10 {
        let hash = format!("race-{round}");
        store
            .link_states()
            .insert(&state(&hash, 1, 10_000))
            .await
            .expect("insert");
        let attempts = (0..8).map(|_| {
            let store = store.clone();
            let hash = hash.clone();
            tokio::spawn(async move { store.link_states().consume(&hash, 5).await })
        });
        let mut winners = 0;
        for a in attempts {
            if a.await.expect("task").expect("query").is_some() {
                winners += 1;
            }
        }
        assert_eq!(winners, 1, "round {round}");
    }
}

both_backends!(audit_events_are_kept_in_order, audit_order);
async fn audit_order(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    store
        .audit()
        .record(1, Some(9), 5, Some(5), AuditAction::Linked, "U-A")
        .await
        .expect("audit");
    store
        .audit()
        .record(2, None, 5, Some(6), AuditAction::Unlinked, "U-A")
        .await
        .expect("audit");
    let events = store.audit().for_user(5).await.expect("read");
    let actions: Vec<_> = events.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["linked", "unlinked"]);
    assert_eq!(events[1].actor_id, Some(6));
    assert_eq!(events[1].guild_id, None);
}

#[tokio::test]
async fn an_unsupported_database_url_is_refused_clearly() {
    let err = Store::connect("mysql://localhost/x")
        .await
        .expect_err("refused");
    assert!(matches!(err, StoreError::UnsupportedUrl));
}

#[tokio::test]
async fn reopening_a_sqlite_file_keeps_its_links() {
    let db = TestDb::sqlite();
    let store = Store::connect(&db.url).await.expect("connect");
    store.links().upsert(&link(3, "U-C")).await.expect("insert");
    store.close().await;
    let again = Store::connect(&db.url)
        .await
        .expect("reconnect migrates nothing new");
    assert!(again.links().by_discord(3).await.expect("read").is_some());
}

both_backends!(
    rules_are_added_once_listed_disabled_and_removed,
    rules_lifecycle
);
async fn rules_lifecycle(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let (g, other) = (u64::MAX - 10, 5);
    assert!(
        store
            .rules()
            .add(g, 1, "patreon", "", 9, 100)
            .await
            .expect("add")
    );
    assert!(
        store
            .rules()
            .add(g, 1, "tier-at-least", "600", 9, 101)
            .await
            .expect("add")
    );
    assert!(
        store
            .rules()
            .add(g, 2, "tag", "mentor", 9, 102)
            .await
            .expect("add")
    );
    assert!(
        !store
            .rules()
            .add(g, 1, "patreon", "", 9, 103)
            .await
            .expect("duplicate"),
        "same rule twice is one rule"
    );
    assert!(
        store
            .rules()
            .add(other, 1, "linked", "", 9, 104)
            .await
            .expect("add")
    );
    let kinds: Vec<_> = store
        .rules()
        .for_guild(g)
        .await
        .expect("list")
        .into_iter()
        .map(|r| (r.role_id, r.kind, r.value))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (1, "patreon".into(), "".into()),
            (1, "tier-at-least".into(), "600".into()),
            (2, "tag".into(), "mentor".into())
        ]
    );

    assert_eq!(
        store
            .rules()
            .disable_for_role(g, 2, "the role was deleted")
            .await
            .expect("disable"),
        1
    );
    assert_eq!(
        store
            .rules()
            .disable_for_role(g, 2, "again")
            .await
            .expect("disable"),
        0,
        "already disabled"
    );
    let mentor = store
        .rules()
        .for_guild(g)
        .await
        .expect("list")
        .into_iter()
        .find(|r| r.role_id == 2)
        .expect("kept");
    assert_eq!(
        mentor.disabled_reason.as_deref(),
        Some("the role was deleted")
    );
    // Adding the same rule again re-enables it.
    assert!(
        !store
            .rules()
            .add(g, 2, "tag", "mentor", 9, 105)
            .await
            .expect("re-add")
    );
    assert!(
        store
            .rules()
            .for_guild(g)
            .await
            .expect("list")
            .iter()
            .all(|r| r.disabled_reason.is_none())
    );

    assert_eq!(
        store
            .rules()
            .remove(g, 1, Some("patreon"))
            .await
            .expect("remove one"),
        1
    );
    assert_eq!(
        store.rules().remove(g, 1, None).await.expect("remove rest"),
        1
    );
    assert_eq!(
        store.rules().remove(g, 1, None).await.expect("none left"),
        0
    );
    let mut guilds = store.rules().managed_guilds().await.expect("guilds");
    guilds.sort();
    assert_eq!(guilds, vec![other, g]);
}

both_backends!(
    guild_settings_keep_the_log_channel_and_last_sweep,
    guild_settings
);
async fn guild_settings(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    assert_eq!(
        store.settings().get(1).await.expect("read").log_channel_id,
        None
    );
    store
        .settings()
        .set_log_channel(1, Some(u64::MAX - 3))
        .await
        .expect("set");
    store
        .settings()
        .set_last_swept(1, 777)
        .await
        .expect("swept");
    let s = store.settings().get(1).await.expect("read");
    assert_eq!(
        (s.log_channel_id, s.last_swept_at),
        (Some(u64::MAX - 3), Some(777))
    );
    store
        .settings()
        .set_log_channel(1, None)
        .await
        .expect("clear");
    assert_eq!(
        store.settings().get(1).await.expect("read").log_channel_id,
        None
    );
    assert_eq!(
        store.settings().get(1).await.expect("read").last_swept_at,
        Some(777)
    );
}

both_backends!(a_lease_has_one_holder_until_it_expires, leases);
async fn leases(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    assert!(
        store
            .leases()
            .take("all", "a", 100, 400)
            .await
            .expect("take")
    );
    assert!(
        !store
            .leases()
            .take("all", "b", 200, 500)
            .await
            .expect("held"),
        "another process waits"
    );
    assert!(
        store
            .leases()
            .take("all", "a", 300, 600)
            .await
            .expect("renew"),
        "the holder renews"
    );
    assert!(
        !store
            .leases()
            .take("all", "b", 599, 900)
            .await
            .expect("still held")
    );
    assert!(
        store
            .leases()
            .take("all", "b", 600, 900)
            .await
            .expect("expired"),
        "taken over once expired"
    );
    store
        .leases()
        .release("all", "a")
        .await
        .expect("release by a non-holder is a no-op");
    assert!(
        !store
            .leases()
            .take("all", "a", 601, 900)
            .await
            .expect("b holds")
    );
    store.leases().release("all", "b").await.expect("release");
    assert!(
        store
            .leases()
            .take("all", "a", 602, 900)
            .await
            .expect("free")
    );
}

both_backends!(
    sweep_progress_is_saved_and_a_new_sweep_starts_clean,
    sweep_progress
);
async fn sweep_progress(db: TestDb) {
    use resonite_verify::store::SweepState;
    let store = Store::connect(&db.url).await.expect("connect");
    assert_eq!(store.sweeps().state("all").await.expect("read"), None);
    store.sweeps().start("all", 10).await.expect("start");
    let saved = SweepState {
        started_at: 10,
        cursor: Some(i64::MIN + 5),
        finished_at: None,
        checked: 256,
        changed: 3,
        failed: 1,
    };
    store.sweeps().save("all", &saved).await.expect("save");
    assert_eq!(
        store.sweeps().state("all").await.expect("read"),
        Some(saved)
    );
    let fresh = store.sweeps().start("all", 20).await.expect("restart");
    assert_eq!(
        store.sweeps().state("all").await.expect("read"),
        Some(fresh)
    );
    assert_eq!(
        store.sweeps().state("guild:1").await.expect("read"),
        None,
        "sweeps are named"
    );
}

both_backends!(links_page_in_a_stable_order_with_their_health, links_pages);
async fn links_pages(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    for (d, r) in [
        (5u64, "U-5"),
        (u64::MAX - 1, "U-big"),
        (1, "U-1"),
        (9, "U-9"),
    ] {
        store.links().upsert(&link(d, r)).await.expect("insert");
    }
    store.links().mark_stale(9, 77).await.expect("stale");
    let first = store.links().after(None, 2).await.expect("page");
    let second = store
        .links()
        .after(first.last().map(|(l, _)| l.discord_user_id as i64), 10)
        .await
        .expect("page");
    let order: Vec<u64> = first
        .iter()
        .chain(second.iter())
        .map(|(l, _)| l.discord_user_id)
        .collect();
    // Signed order: ids above i64::MAX come first; every link exactly once.
    assert_eq!(order, vec![u64::MAX - 1, 1, 5, 9]);
    let nine = second
        .iter()
        .find(|(l, _)| l.discord_user_id == 9)
        .expect("present");
    assert_eq!(nine.1.stale_since, Some(77));
    assert_eq!(store.links().count_stale().await.expect("count"), 1);
}
