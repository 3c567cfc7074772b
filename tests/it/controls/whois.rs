//! `/whois resonite:` — who here is linked to a Resonite account.

use serde_json::json;

use crate::support::db::TestDb;
use crate::support::e2e::*;

async fn whois_resonite(t: &E2e, user: u64, name: &str) -> String {
    t.say(
        GUILD,
        user,
        "whois",
        json!([{ "name": "resonite", "type": 3, "value": name }]),
    )
    .await
}

both_backends!(
    whois_finds_the_member_by_resonite_name_or_id,
    reverse_lookup
);
async fn reverse_lookup(db: TestDb) {
    let t = E2e::start(db).await;
    let (_, status, _) = t.link(MEMBER, "U-PatronUser").await;
    assert_eq!(status, 200);
    for asked in [
        "PatronUser",
        "patronuser",
        " PATRONUSER ",
        "U-PatronUser",
        "u-patronuser",
    ] {
        let found = whois_resonite(&t, ADMIN, asked).await;
        assert!(
            found.starts_with(&format!(
                "The Resonite account **PatronUser** (`U-PatronUser`) is linked to <@{MEMBER}>"
            )),
            "{asked:?}: {found}"
        );
    }
    let nobody = whois_resonite(&t, ADMIN, "BasicUser").await;
    assert_eq!(
        nobody,
        "Nobody here is linked to the Resonite account **BasicUser**."
    );

    // A link to someone who is not in this server is nobody here.
    t.discord.member_leave(GUILD, MEMBER);
    let gone = whois_resonite(&t, ADMIN, "PatronUser").await;
    assert!(gone.starts_with("Nobody here is linked"), "{gone}");

    let refused = whois_resonite(&t, OTHER, "PatronUser").await;
    assert!(
        refused.contains("needs the Manage Roles permission"),
        "{refused}"
    );
    let both = t
        .say(
            GUILD,
            ADMIN,
            "whois",
            json!([
                { "name": "user", "type": 6, "value": MEMBER },
                { "name": "resonite", "type": 3, "value": "PatronUser" }
            ]),
        )
        .await;
    assert!(
        both.starts_with("`user:` and `resonite:`: give one of them"),
        "{both}"
    );
    let blank = whois_resonite(&t, ADMIN, "   ").await;
    assert!(
        blank.starts_with("`resonite:` give a Resonite username or id"),
        "{blank}"
    );
    t.assert_discord_requests_valid();
    t.finish().await;
}
