//! `RESONITE_REVOKE_URL`: `/unlink` revokes the stored refresh token at Resonite (RFC 7009)
//! before deleting it; a failed revocation does not block the unlink.

use resonite_verify::app::Core;
use resonite_verify::config::Secret;
use resonite_verify::resonite::ResoniteError;
use resonite_verify::tokens::user_context;
use resonite_verify_fakes::resonite::Fault;

use crate::support::app::{Options, TestApp};
use crate::support::db::TestDb;
use crate::support::world::MEMBER_A;

/// The test app with re-verification on (so refresh tokens are kept), a member linked,
/// and a second core over the same database and mock with `RESONITE_REVOKE_URL` set.
async fn linked_with_revocation() -> (TestApp, Core, Secret) {
    let app = TestApp::spawn_with(
        TestDb::sqlite(),
        Options {
            reverify: true,
            ..Options::default()
        },
    )
    .await;
    let (status, _, _) = app.link(MEMBER_A, "U-PatronUser").await;
    assert_eq!(status, 200);
    let sealed = app
        .core
        .store
        .refresh_tokens()
        .get(MEMBER_A)
        .await
        .expect("store")
        .expect("a refresh token is kept");
    let token = app
        .core
        .cipher
        .as_ref()
        .expect("cipher")
        .open(&sealed, &user_context(MEMBER_A))
        .expect("opens");

    let mut config = app.core.config.clone();
    config.resonite.revoke_url = Some(app.resonite.revocation_url().parse().expect("url"));
    let core = Core::build(config, app.clock.clone())
        .await
        .expect("core with revocation");
    (app, core, token)
}

#[tokio::test]
async fn unlink_revokes_the_refresh_token_at_resonite_then_deletes_it() {
    let (app, core, token) = linked_with_revocation().await;
    let removed = core
        .links
        .unlink(MEMBER_A, MEMBER_A, None)
        .await
        .expect("unlink");
    assert_eq!(
        removed.map(|l| l.link.resonite_user_id).as_deref(),
        Some("U-PatronUser")
    );
    let stats = app.resonite.stats();
    assert_eq!(stats.revocation_requests, 1);
    assert_eq!(stats.revoked_users, vec!["U-PatronUser".to_owned()]);
    // Resonite no longer honours the token, and the bot no longer holds it.
    assert!(matches!(
        app.core.resonite.refresh(&token).await,
        Err(ResoniteError::InvalidGrant)
    ));
    assert_eq!(
        core.store
            .refresh_tokens()
            .get(MEMBER_A)
            .await
            .expect("store"),
        None
    );
    assert_eq!(core.store.links().count().await.expect("count"), 0);
}

#[tokio::test]
async fn a_failed_revocation_is_logged_and_the_unlink_goes_on() {
    let (app, core, token) = linked_with_revocation().await;
    app.resonite.set_fault(Fault::RevocationStatus(503));
    let removed = core
        .links
        .unlink(MEMBER_A, MEMBER_A, None)
        .await
        .expect("the unlink is not blocked");
    assert!(removed.is_some());
    assert_eq!(core.store.links().count().await.expect("count"), 0);
    assert_eq!(
        core.store
            .refresh_tokens()
            .get(MEMBER_A)
            .await
            .expect("store"),
        None
    );
    let stats = app.resonite.stats();
    assert_eq!(stats.revocation_requests, 1, "it was tried");
    assert!(stats.revoked_users.is_empty());
    // Not revoked: the token still works at Resonite (the bot just no longer has it).
    app.resonite.set_fault(Fault::None);
    assert!(app.core.resonite.refresh(&token).await.is_ok());
}

#[tokio::test]
async fn without_a_revocation_url_unlink_asks_resonite_nothing() {
    let (app, _core, _token) = linked_with_revocation().await;
    let removed = app
        .core
        .links
        .unlink(MEMBER_A, MEMBER_A, None)
        .await
        .expect("unlink");
    assert!(removed.is_some());
    assert_eq!(app.resonite.stats().revocation_requests, 0);
}
