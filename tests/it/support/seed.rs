//! Many links at once, without the browser: profiles on the mock Resonite, refresh tokens
//! minted there and sealed into the store, members with roles on the fake Discord.

use resonite_link::store::Link;
use serde_json::{Value, json};

use super::app::{GUILD, TestApp};

/// A profile: active Patreon supporter at `tier` cents (or lapsed), with `tags`.
pub fn profile(n: u64, active: bool, tier: i64, tags: &[&str]) -> Value {
    json!({
        "id": format!("U-Gen{n}"),
        "username": format!("Gen{n}"),
        "registrationDate": "2024-01-01T00:00:00.0000000Z",
        "tags": tags,
        "isActiveSupporter": active,
        "supporterMetadata": [{
            "$type": "patreon", "isActiveSupporter": active, "isActive": active,
            "totalSupportMonths": 3, "totalSupportCents": tier * 3, "lastTierCents": tier,
        }],
    })
}

pub fn discord_id(n: u64) -> u64 {
    600_000_000_000_000_000 + n
}

/// Links member `n` as `profile`, with a working refresh token, holding `roles` in the guild.
pub async fn link(app: &TestApp, n: u64, profile: Value, roles: &[u64]) {
    let user = discord_id(n);
    let resonite_id = profile["id"].as_str().expect("profile id").to_owned();
    app.resonite.set_profile(profile.clone());
    let refresh = app
        .resonite
        .grant_refresh_token(&resonite_id, &["profile", "patreon", "offline_access"]);
    let now = app.clock.now();
    app.core
        .store
        .upsert_link(&Link {
            discord_user_id: user,
            resonite_user_id: resonite_id,
            resonite_username: profile["username"].as_str().unwrap_or_default().to_owned(),
            profile_json: profile.to_string(),
            scopes: "profile patreon offline_access".into(),
            linked_at: now,
            last_checked_at: now,
        })
        .await
        .expect("link stored");
    let cipher = app
        .core
        .cipher
        .as_ref()
        .expect("re-verification on (Options::reverify)");
    let sealed = cipher.seal(&refresh, &resonite_link::tokens::user_context(user));
    app.core
        .store
        .put_refresh_token(user, &sealed, now)
        .await
        .expect("token stored");
    app.discord
        .add_member(GUILD, user, &format!("gen{n}"), roles);
}
