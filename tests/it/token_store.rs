//! Sealed refresh tokens in the store, on SQLite and PostgreSQL alike.

use crate::support::db::TestDb;
use resonite_verify::store::{Link, Store, StoreError};
use resonite_verify::tokens::{CipherError, Sealed, TokenCipher, generate_key, user_context};
use sqlx::Row;

const TOKEN: &str = "rt_PLAINTEXT-refresh-token-b7f1c0de";

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

fn cipher() -> TokenCipher {
    TokenCipher::new(&generate_key(), None).expect("fresh key")
}

/// The row as the database holds it, read past the store.
async fn raw_row(db: &TestDb, discord: u64) -> Option<(String, String, i64)> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.expect("raw connect");
    let row = sqlx::query(
        "SELECT key_id, ciphertext, updated_at FROM link_tokens WHERE discord_user_id = $1",
    )
    .bind(discord as i64)
    .fetch_optional(&pool)
    .await
    .expect("raw read");
    let out = row.map(|r| {
        (
            r.try_get("key_id").expect("key_id"),
            r.try_get("ciphertext").expect("ciphertext"),
            r.try_get("updated_at").expect("updated_at"),
        )
    });
    pool.close().await;
    out
}

both_backends!(put_get_overwrite_delete, put_get_overwrite_delete_body);
async fn put_get_overwrite_delete_body(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let cipher = cipher();
    let big = u64::MAX - 7; // above i64::MAX: must survive the signed column
    store.links().upsert(&link(big, "U-A")).await.expect("link");
    store.links().upsert(&link(2, "U-B")).await.expect("link");

    assert_eq!(store.refresh_tokens().get(big).await.expect("read"), None);
    assert_eq!(store.refresh_tokens().count().await.expect("count"), 0);

    let first = cipher.seal(TOKEN, &user_context(big));
    store
        .refresh_tokens()
        .put(big, &first, 100)
        .await
        .expect("put");
    let got = store
        .refresh_tokens()
        .get(big)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(got, first);
    assert_eq!(
        cipher
            .open(&got, &user_context(big))
            .expect("opens")
            .expose(),
        TOKEN
    );
    assert_eq!(store.refresh_tokens().count().await.expect("count"), 1);
    assert_eq!(store.refresh_tokens().get(2).await.expect("read"), None);

    // Overwrite (a refresh hands out a new token): one row, the new value and time.
    let second = cipher.seal("rt_second", &user_context(big));
    store
        .refresh_tokens()
        .put(big, &second, 200)
        .await
        .expect("overwrite");
    assert_eq!(
        store.refresh_tokens().get(big).await.expect("read"),
        Some(second.clone())
    );
    assert_eq!(store.refresh_tokens().count().await.expect("count"), 1);
    let (key_id, ciphertext, updated_at) = raw_row(&db, big).await.expect("raw row");
    assert_eq!(
        (key_id, ciphertext, updated_at),
        (second.key_id, second.ciphertext, 200)
    );

    let other = cipher.seal("rt_other", &user_context(2));
    store
        .refresh_tokens()
        .put(2, &other, 300)
        .await
        .expect("put");
    assert_eq!(store.refresh_tokens().count().await.expect("count"), 2);

    assert!(store.refresh_tokens().delete(big).await.expect("delete"));
    assert_eq!(store.refresh_tokens().get(big).await.expect("read"), None);
    assert!(
        !store
            .refresh_tokens()
            .delete(big)
            .await
            .expect("delete again")
    );
    // The link itself stays; only the token is gone.
    assert!(store.links().by_discord(big).await.expect("read").is_some());
    assert_eq!(
        store.refresh_tokens().get(2).await.expect("read"),
        Some(other)
    );
    assert_eq!(store.refresh_tokens().count().await.expect("count"), 1);
}

both_backends!(unlinking_deletes_the_token, unlink_body);
async fn unlink_body(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let cipher = cipher();
    for (id, resonite) in [(1u64, "U-A"), (2, "U-B")] {
        store
            .links()
            .upsert(&link(id, resonite))
            .await
            .expect("link");
        let sealed = cipher.seal(TOKEN, &user_context(id));
        store
            .refresh_tokens()
            .put(id, &sealed, 10)
            .await
            .expect("put");
    }
    assert!(store.links().delete(1).await.expect("unlink").is_some());
    assert_eq!(store.refresh_tokens().get(1).await.expect("read"), None);
    assert_eq!(raw_row(&db, 1).await, None);
    assert!(store.refresh_tokens().get(2).await.expect("read").is_some());
    assert_eq!(store.refresh_tokens().count().await.expect("count"), 1);

    // A later relink starts without a token.
    store.links().upsert(&link(1, "U-A")).await.expect("relink");
    assert_eq!(store.refresh_tokens().get(1).await.expect("read"), None);
}

both_backends!(a_token_needs_a_link, needs_link_body);
async fn needs_link_body(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let sealed = cipher().seal(TOKEN, &user_context(9));
    let err = store
        .refresh_tokens()
        .put(9, &sealed, 1)
        .await
        .expect_err("no links row: the foreign key refuses");
    assert!(matches!(err, StoreError::Database(_)), "{err:?}");
    assert_eq!(store.refresh_tokens().count().await.expect("count"), 0);
}

both_backends!(the_database_never_sees_the_plaintext, no_plaintext_body);
async fn no_plaintext_body(db: TestDb) {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

    let store = Store::connect(&db.url).await.expect("connect");
    let cipher = cipher();
    store.links().upsert(&link(5, "U-A")).await.expect("link");
    let sealed = cipher.seal(TOKEN, &user_context(5));
    store
        .refresh_tokens()
        .put(5, &sealed, 1)
        .await
        .expect("put");
    let (key_id, ciphertext, _) = raw_row(&db, 5).await.expect("raw row");
    assert_eq!(key_id, cipher.current_key_id());
    for needle in [
        TOKEN.to_owned(),
        STANDARD.encode(TOKEN),
        "PLAINTEXT".to_owned(),
    ] {
        assert!(!ciphertext.contains(&needle), "{needle} in {ciphertext}");
        assert!(!key_id.contains(&needle));
    }
    let decoded = STANDARD.decode(&ciphertext).expect("base64");
    assert!(
        !decoded.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
        "plaintext bytes in the stored ciphertext"
    );
}

both_backends!(a_token_copied_to_another_row_does_not_open, copied_row_body);
async fn copied_row_body(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let cipher = cipher();
    store.links().upsert(&link(1, "U-A")).await.expect("link");
    store.links().upsert(&link(2, "U-B")).await.expect("link");
    let sealed = cipher.seal(TOKEN, &user_context(1));
    // Someone with database access copies member 1's token onto member 2's row.
    store
        .refresh_tokens()
        .put(2, &sealed, 1)
        .await
        .expect("put");
    let got: Sealed = store
        .refresh_tokens()
        .get(2)
        .await
        .expect("read")
        .expect("present");
    assert_eq!(
        cipher
            .open(&got, &user_context(2))
            .map(|s| s.expose().to_owned()),
        Err(CipherError::Corrupt)
    );
}

both_backends!(rotation_reseals_stored_tokens, rotation_body);
async fn rotation_body(db: TestDb) {
    let store = Store::connect(&db.url).await.expect("connect");
    let (old_key, new_key) = (generate_key(), generate_key());
    let old = TokenCipher::new(&old_key, None).expect("old");
    store.links().upsert(&link(3, "U-A")).await.expect("link");
    store
        .refresh_tokens()
        .put(3, &old.seal(TOKEN, &user_context(3)), 1)
        .await
        .expect("put");

    let rotated = TokenCipher::new(&new_key, Some(&old_key)).expect("rotated");
    let stored = store
        .refresh_tokens()
        .get(3)
        .await
        .expect("read")
        .expect("present");
    assert!(!rotated.is_current(&stored));
    let plain = rotated
        .open(&stored, &user_context(3))
        .expect("old key opens");
    store
        .refresh_tokens()
        .put(3, &rotated.seal(plain.expose(), &user_context(3)), 2)
        .await
        .expect("reseal");

    let new_only = TokenCipher::new(&new_key, None).expect("new only");
    let stored = store
        .refresh_tokens()
        .get(3)
        .await
        .expect("read")
        .expect("present");
    assert!(new_only.is_current(&stored));
    assert_eq!(
        new_only
            .open(&stored, &user_context(3))
            .expect("opens")
            .expose(),
        TOKEN
    );
}

both_backends!(a_key_rotation_completes_by_resealing, reseal_body);
async fn reseal_body(db: TestDb) {
    use resonite_verify::tokens::{Resealed, TokenVault};
    use std::sync::Arc;

    let store = Store::connect(&db.url).await.expect("connect");
    let (old_key, new_key) = (generate_key(), generate_key());
    let old = TokenCipher::new(&old_key, None).expect("old");
    // More than two pages of tokens under the old key, one id above i64::MAX among them;
    // one under the old key that does not open; one already under the new key.
    let mut users: Vec<u64> = (1..=450).collect();
    users.push(u64::MAX - 7);
    for &user in &users {
        store
            .links()
            .upsert(&link(user, &format!("U-{user}")))
            .await
            .expect("link");
        store
            .refresh_tokens()
            .put(user, &old.seal(TOKEN, &user_context(user)), 1)
            .await
            .expect("put");
    }
    let corrupt = 9_000;
    store
        .links()
        .upsert(&link(corrupt, "U-corrupt"))
        .await
        .expect("link");
    let wrong_row = old.seal(TOKEN, &user_context(1));
    store
        .refresh_tokens()
        .put(corrupt, &wrong_row, 1)
        .await
        .expect("put");
    let current = 9_001;
    let new_only = TokenCipher::new(&new_key, None).expect("new only");
    store
        .links()
        .upsert(&link(current, "U-current"))
        .await
        .expect("link");
    let already = new_only.seal(TOKEN, &user_context(current));
    store
        .refresh_tokens()
        .put(current, &already, 1)
        .await
        .expect("put");

    let rotated = Arc::new(TokenCipher::new(&new_key, Some(&old_key)).expect("rotated"));
    let vault = TokenVault::new(store.clone(), Some(Arc::clone(&rotated)));
    assert_eq!(vault.count_not_current().await.expect("count"), Some(452));
    assert_eq!(
        vault.reseal_old().await.expect("reseal"),
        Resealed {
            resealed: 451,
            unusable: 1
        }
    );
    // What /doctor counts: only the token that never opens is left.
    assert_eq!(vault.count_not_current().await.expect("count"), Some(1));
    // Again: nothing more to do, nothing changed.
    assert_eq!(
        vault.reseal_old().await.expect("again"),
        Resealed {
            resealed: 0,
            unusable: 1
        }
    );
    // The old key can go: every good token opens with the new key alone.
    for &user in users.iter().chain([&current]) {
        let sealed = store
            .refresh_tokens()
            .get(user)
            .await
            .expect("read")
            .expect("kept");
        assert!(new_only.is_current(&sealed), "user {user}");
        assert_eq!(
            new_only
                .open(&sealed, &user_context(user))
                .expect("opens")
                .expose(),
            TOKEN
        );
    }
    assert_eq!(
        store.refresh_tokens().get(current).await.expect("read"),
        Some(already),
        "a token already under the new key is left alone"
    );
    // A token rotated by re-verification meanwhile is not overwritten by a stale re-seal.
    let fresh = new_only.seal("rotated-meanwhile", &user_context(1));
    store.refresh_tokens().put(1, &fresh, 3).await.expect("put");
    let stale = old.seal(TOKEN, &user_context(1));
    assert!(
        !store
            .refresh_tokens()
            .replace(1, &stale, &new_only.seal(TOKEN, &user_context(1)))
            .await
            .expect("replace")
    );
    assert_eq!(
        store.refresh_tokens().get(1).await.expect("read"),
        Some(fresh)
    );
    // Without an old key, or without any key, there is nothing to re-seal.
    let plain = TokenVault::new(store.clone(), Some(Arc::new(new_only)));
    assert_eq!(plain.reseal_old().await.expect("none"), Resealed::default());
    let keyless = TokenVault::new(store.clone(), None);
    assert_eq!(keyless.count_not_current().await.expect("none"), None);
}
