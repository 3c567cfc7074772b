//! The bot's side of a fake world: its configuration read from the world's environment,
//! and the world's seeds (rules, links) written into the bot's store, refresh tokens
//! sealed with the configured key. Tests, `demo` and the benchmark all start this way.

use resonite_verify_fakes::world::{LinkSeed, RuleSeed, Seeds, World};

use crate::config::{Config, ConfigError};
use crate::roles::{Condition, RuleError};
use crate::store::{ImportedLink, Link, Store, StoreError, StoredRule};
use crate::tokens::{KeyError, TokenCipher, user_context};

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("the seeded rule {kind:?} {value:?} is not valid: {source}")]
    Rule {
        kind: String,
        value: String,
        source: RuleError,
    },
    #[error(
        "seeded links carry refresh tokens: set TOKEN_ENCRYPTION_KEY (the world's token_key())"
    )]
    NoTokenKey,
    #[error("TOKEN_ENCRYPTION_KEY is not usable: {0}")]
    Key(#[from] KeyError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The bot's configuration for `world`: its environment, as `main` would read it.
pub fn config(world: &World) -> Result<Config, ConfigError> {
    Config::from_lookup(&|name| world.var(name))
}

/// Writes `seeds` into `store`: rules as `/roles add` stores them, links (one transaction)
/// with their refresh tokens sealed by `cipher`.
pub async fn seed(
    store: &Store,
    cipher: Option<&TokenCipher>,
    seeds: &Seeds,
    now: i64,
) -> Result<(), SeedError> {
    seed_rules(store, &seeds.rules, now).await?;
    seed_links(store, cipher, &seeds.links, now).await
}

/// The demo's seeding: as [`seed`], but the rules count as added by the owner themselves
/// (trusted), as when the owner sets a server up, so the demo's own rules are never shown as
/// "added by someone who is not the owner or an Administrator".
pub async fn seed_as_owner(
    store: &Store,
    cipher: Option<&TokenCipher>,
    seeds: &Seeds,
    now: i64,
) -> Result<(), SeedError> {
    add_rules(store, &seeds.rules, true, now).await?;
    seed_links(store, cipher, &seeds.links, now).await
}

/// Opens the configured database, writes `seeds` and closes it again: for a bot started
/// afterwards (a child process).
pub async fn seed_database(config: &Config, seeds: &Seeds, now: i64) -> Result<(), SeedError> {
    let cipher = match &config.reverify.token_key {
        Some(key) => Some(TokenCipher::new(
            key.expose(),
            config.reverify.token_key_old.as_ref().map(|k| k.expose()),
        )?),
        None => None,
    };
    let store = Store::connect(config.database_url.expose()).await?;
    let seeded = seed(&store, cipher.as_ref(), seeds, now).await;
    store.close().await;
    seeded
}

/// Stores `rules` as rules stored before the rank checks existed: not marked as added by the
/// owner or an Administrator (what an upgraded database holds).
pub async fn seed_rules(store: &Store, rules: &[RuleSeed], now: i64) -> Result<(), SeedError> {
    add_rules(store, rules, false, now).await
}

async fn add_rules(
    store: &Store,
    rules: &[RuleSeed],
    trusted: bool,
    now: i64,
) -> Result<(), SeedError> {
    for rule in rules {
        let condition =
            Condition::from_stored(&rule.kind, &rule.value).map_err(|source| SeedError::Rule {
                kind: rule.kind.clone(),
                value: rule.value.clone(),
                source,
            })?;
        store
            .rules()
            .add_as(
                rule.guild_id,
                rule.role_id,
                (condition.kind().as_str(), &condition.value()),
                rule.added_by,
                trusted,
                now,
            )
            .await?;
    }
    Ok(())
}

pub async fn seed_links(
    store: &Store,
    cipher: Option<&TokenCipher>,
    links: &[LinkSeed],
    now: i64,
) -> Result<(), SeedError> {
    if links.is_empty() {
        return Ok(());
    }
    let cipher = cipher.ok_or(SeedError::NoTokenKey)?;
    let imported: Vec<ImportedLink> = links
        .iter()
        .map(|seed| ImportedLink {
            link: Link {
                discord_user_id: seed.discord_user_id,
                resonite_user_id: seed.resonite_user_id().to_owned(),
                resonite_username: seed.resonite_username().to_owned(),
                profile_json: seed.profile.to_string(),
                scopes: seed.scopes.join(" "),
                linked_at: now,
                last_checked_at: now,
            },
            token: Some(cipher.seal(&seed.refresh_token, &user_context(seed.discord_user_id))),
        })
        .collect();
    store.links().import(&imported, now).await?;
    Ok(())
}

/// Stored rules as an admin reads them: `@Patron ← patreon, @Mentor ← tag mentor`, a
/// disabled one marked; `role_name` names a role (its id as a mention when it cannot).
pub fn rules_summary(rules: &[StoredRule], role_name: impl Fn(u64) -> Option<String>) -> String {
    if rules.is_empty() {
        return "none (as admin /roles add role:@Linked rule:linked adds one)".to_owned();
    }
    rules
        .iter()
        .map(|rule| {
            let role = role_name(rule.role_id).map_or_else(
                || format!("<@&{}>", rule.role_id),
                |name| format!("@{name}"),
            );
            let mut text = format!("{role} ← {}", rule.kind);
            if !rule.value.is_empty() {
                text.push(' ');
                text.push_str(&rule.value);
            }
            if rule.disabled_reason.is_some() {
                text.push_str(" (disabled)");
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use resonite_verify_fakes::world::{BotAddress, CALLBACK_PATH, World};

    use super::*;

    #[tokio::test]
    async fn the_mock_expects_the_callback_the_bot_serves() {
        let world = World::builder()
            .bot_address(BotAddress::Url("http://127.0.0.1:9/base/".into()))
            .build()
            .await
            .expect("world");
        let config = config(&world).expect("the world's environment is a valid configuration");
        assert_eq!(CALLBACK_PATH, crate::config::CALLBACK_PATH);
        assert_eq!(
            config.resonite.redirect_uri.as_str(),
            format!("http://127.0.0.1:9/base{CALLBACK_PATH}"),
            "the world registers this redirect URI on the mock"
        );
        world.shutdown().await;
    }
}
