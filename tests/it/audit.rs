//! Audit rows of unlinked members are pseudonymised after the retention: the events stay
//! (counts, charts), the Resonite account they named goes.

use resonite_verify::store::{
    AuditAction, Link, Store, UNLINKED_AUDIT_RETENTION_SECS, UnlinkCommit,
};

use crate::support::db::TestDb;

const GUILD: u64 = 42;
const DAY: i64 = 86_400;
const T0: i64 = 1_700_000_000;

fn link(discord: u64, resonite: &str, name: &str) -> Link {
    Link {
        discord_user_id: discord,
        resonite_user_id: resonite.to_owned(),
        resonite_username: name.to_owned(),
        profile_json: r#"{"id":"x"}"#.to_owned(),
        scopes: "profile".to_owned(),
        linked_at: T0,
        last_checked_at: T0,
    }
}

/// A member linked at `T0` as `name` (`resonite`), renamed after it and given a role.
async fn history(store: &Store, user: u64, resonite: &str, name: &str) {
    store
        .links()
        .upsert(&link(user, resonite, name))
        .await
        .expect("link");
    let rows = [
        (AuditAction::Linked, format!("{name} ({resonite})")),
        (
            AuditAction::NicknameChanged,
            format!("nickname set to \"{name}\": link"),
        ),
        (AuditAction::RoleAdded, "role 5: link".to_owned()),
    ];
    for (action, detail) in rows {
        store
            .audit()
            .record(T0, Some(GUILD), user, Some(user), action, &detail)
            .await
            .expect("audit");
    }
}

both_backends!(
    an_unlinked_members_audit_forgets_the_resonite_account_after_the_retention,
    pseudonymise
);
async fn pseudonymise(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("store");
    let (gone, kept) = (1001, 1002);
    history(&store, gone, "U-gone-id", "GoneName").await;
    history(&store, kept, "U-kept-id", "KeptName").await;
    let unlinked_at = T0 + 10 * DAY;
    store
        .links()
        .commit_unlink(&UnlinkCommit {
            discord_user_id: gone,
            actor_id: gone,
            guild_id: Some(GUILD),
            cause: "unlink",
            now: unlinked_at,
            now_ms: unlinked_at * 1000,
        })
        .await
        .expect("unlink")
        .expect("was linked");
    let before = store.audit().for_user(gone).await.expect("rows");
    assert!(
        before.iter().any(|e| e.detail.contains("GoneName")),
        "{before:?}"
    );

    // Within the retention nothing changes, for anyone.
    let within = unlinked_at + UNLINKED_AUDIT_RETENTION_SECS - DAY;
    assert_eq!(
        store
            .audit()
            .pseudonymise_unlinked(within)
            .await
            .expect("run"),
        0
    );
    assert_eq!(store.audit().for_user(gone).await.expect("rows"), before);

    // After it, the unlinked member's rows stay, without the account they named.
    let after = unlinked_at + UNLINKED_AUDIT_RETENTION_SECS + DAY;
    assert_eq!(
        store
            .audit()
            .pseudonymise_unlinked(after)
            .await
            .expect("run"),
        3,
        "linked, nickname and unlinked rows"
    );
    let rows = store.audit().for_user(gone).await.expect("rows");
    let actions: Vec<_> = rows.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["linked", "nickname_changed", "role_added", "unlinked"],
        "every event is still counted"
    );
    assert_eq!(
        rows.iter().map(|e| e.at).collect::<Vec<_>>(),
        before.iter().map(|e| e.at).collect::<Vec<_>>()
    );
    for row in &rows {
        assert!(
            !row.detail.contains("GoneName") && !row.detail.contains("U-gone-id"),
            "{row:?}"
        );
    }
    assert_eq!(
        rows[2].detail, "role 5: link",
        "a role row names no account"
    );
    // A member still linked keeps their history whole.
    let kept_rows = store.audit().for_user(kept).await.expect("rows");
    assert!(kept_rows.iter().any(|e| e.detail == "KeptName (U-kept-id)"));
    // Idempotent.
    assert_eq!(
        store
            .audit()
            .pseudonymise_unlinked(after)
            .await
            .expect("again"),
        0
    );
}
