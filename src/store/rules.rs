//! `role_rules`: the rules each guild's admins configured.

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::{StoreError, id_from_db, id_to_db, is_unique_violation};

/// A rule as stored: one role, one condition (kind + value in their stored text form).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredRule {
    pub id: i64,
    pub guild_id: u64,
    pub role_id: u64,
    pub kind: String,
    pub value: String,
    pub created_by: u64,
    pub created_at: i64,
    /// Set when the bot stopped applying the rule (e.g. its role was deleted).
    pub disabled_reason: Option<String>,
    /// The role's exclusive group (the same on every rule of the role), if any.
    pub group_name: Option<String>,
    /// Added (or re-added) by the server owner or an Administrator: only such a rule grants
    /// a role carrying a dangerous permission.
    pub trusted: bool,
}

/// What [`Rules::add_as`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleWrite {
    /// A new rule.
    Added,
    /// The same rule existed (it is re-enabled) and nothing else changed.
    Exists,
    /// The same rule existed, added by someone untrusted; the owner or an Administrator
    /// re-added it, so it is trusted now.
    Vouched,
}

fn rule_from_row(row: &AnyRow) -> Result<StoredRule, sqlx::Error> {
    Ok(StoredRule {
        id: row.try_get("id")?,
        guild_id: id_from_db(row.try_get("guild_id")?),
        role_id: id_from_db(row.try_get("role_id")?),
        kind: row.try_get("kind")?,
        value: row.try_get("value")?,
        created_by: id_from_db(row.try_get("created_by")?),
        created_at: row.try_get("created_at")?,
        disabled_reason: row.try_get("disabled_reason")?,
        group_name: row.try_get("group_name")?,
        trusted: row.try_get::<i64, _>("trusted")? != 0,
    })
}

/// Every guild where the bot manages something (see [`Rules::managed_guilds`]).
const MANAGED_GUILDS: &str = "SELECT guild_id FROM role_rules WHERE disabled_reason IS NULL
     UNION SELECT guild_id FROM guild_settings WHERE nickname_template IS NOT NULL
     UNION SELECT guild_id FROM member_nicknames
     ORDER BY guild_id";

macro_rules! rule_columns {
    () => {
        "id, guild_id, role_id, kind, value, created_by, created_at, disabled_reason, group_name, trusted"
    };
}

repository! {
    /// Each guild's rules.
    Rules
}

impl<'a> Rules<'a> {
    /// Adds a rule as someone neither the owner nor an Administrator (seeds, imports).
    /// `Ok(false)` when the same rule exists already (it is re-enabled).
    pub async fn add(
        self,
        guild_id: u64,
        role_id: u64,
        kind: &str,
        value: &str,
        created_by: u64,
        now: i64,
    ) -> Result<bool, StoreError> {
        let written = self
            .add_as(guild_id, role_id, (kind, value), created_by, false, now)
            .await?;
        Ok(written == RuleWrite::Added)
    }

    /// Adds a rule, recording who added it and whether they were trusted (the owner or an
    /// Administrator). The same rule again is re-enabled; re-added by someone trusted, it
    /// becomes theirs and trusted.
    pub async fn add_as(
        self,
        guild_id: u64,
        role_id: u64,
        (kind, value): (&str, &str),
        created_by: u64,
        trusted: bool,
        now: i64,
    ) -> Result<RuleWrite, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO role_rules (guild_id, role_id, kind, value, created_by, created_at, trusted)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id_to_db(guild_id))
        .bind(id_to_db(role_id))
        .bind(kind)
        .bind(value)
        .bind(id_to_db(created_by))
        .bind(now)
        .bind(i64::from(trusted))
        .execute(self.pool())
        .await;
        match inserted {
            Ok(_) => Ok(RuleWrite::Added),
            Err(e) if is_unique_violation(&e) => {
                let mut tx = self.store.begin_write().await?;
                let was: i64 = sqlx::query_scalar(
                    "SELECT trusted FROM role_rules
                     WHERE guild_id = $1 AND role_id = $2 AND kind = $3 AND value = $4",
                )
                .bind(id_to_db(guild_id))
                .bind(id_to_db(role_id))
                .bind(kind)
                .bind(value)
                .fetch_one(&mut *tx)
                .await?;
                let vouched = trusted && was == 0;
                // A re-add by someone trusted makes an untrusted rule theirs.
                sqlx::query(
                    "UPDATE role_rules SET disabled_reason = NULL,
                            trusted = CASE WHEN $7 = 1 THEN 1 ELSE trusted END,
                            created_by = CASE WHEN $7 = 1 THEN $5 ELSE created_by END,
                            created_at = CASE WHEN $7 = 1 THEN $6 ELSE created_at END
                     WHERE guild_id = $1 AND role_id = $2 AND kind = $3 AND value = $4",
                )
                .bind(id_to_db(guild_id))
                .bind(id_to_db(role_id))
                .bind(kind)
                .bind(value)
                .bind(id_to_db(created_by))
                .bind(now)
                .bind(i64::from(vouched))
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(if vouched {
                    RuleWrite::Vouched
                } else {
                    RuleWrite::Exists
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The exclusive group of a role's rules, if any.
    pub async fn group(self, guild_id: u64, role_id: u64) -> Result<Option<String>, StoreError> {
        let group: Option<Option<String>> = sqlx::query_scalar(
            "SELECT group_name FROM role_rules
             WHERE guild_id = $1 AND role_id = $2 AND group_name IS NOT NULL LIMIT 1",
        )
        .bind(id_to_db(guild_id))
        .bind(id_to_db(role_id))
        .fetch_optional(self.pool())
        .await?;
        Ok(group.flatten())
    }

    /// Puts every rule of a role in `group` (a role is in at most one group).
    pub async fn set_group(
        self,
        guild_id: u64,
        role_id: u64,
        group: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE role_rules SET group_name = $3 WHERE guild_id = $1 AND role_id = $2")
            .bind(id_to_db(guild_id))
            .bind(id_to_db(role_id))
            .bind(group)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes a role's rules: those of `kind` only, or all of them. Returns how many.
    pub async fn remove(
        self,
        guild_id: u64,
        role_id: u64,
        kind: Option<&str>,
    ) -> Result<u64, StoreError> {
        let done = match kind {
            Some(kind) => {
                sqlx::query(
                    "DELETE FROM role_rules WHERE guild_id = $1 AND role_id = $2 AND kind = $3",
                )
                .bind(id_to_db(guild_id))
                .bind(id_to_db(role_id))
                .bind(kind)
                .execute(self.pool())
                .await?
            }
            None => {
                sqlx::query("DELETE FROM role_rules WHERE guild_id = $1 AND role_id = $2")
                    .bind(id_to_db(guild_id))
                    .bind(id_to_db(role_id))
                    .execute(self.pool())
                    .await?
            }
        };
        Ok(done.rows_affected())
    }

    /// Every rule of a guild, enabled or not, in the order they were added.
    pub async fn for_guild(self, guild_id: u64) -> Result<Vec<StoredRule>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            rule_columns!(),
            " FROM role_rules WHERE guild_id = $1 ORDER BY id"
        ))
        .bind(id_to_db(guild_id))
        .fetch_all(self.pool())
        .await?;
        Ok(rows.iter().map(rule_from_row).collect::<Result<_, _>>()?)
    }

    /// Stops applying every rule of a role (e.g. the role was deleted). Returns how many.
    pub async fn disable_for_role(
        self,
        guild_id: u64,
        role_id: u64,
        reason: &str,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query(
            "UPDATE role_rules SET disabled_reason = $3
             WHERE guild_id = $1 AND role_id = $2 AND disabled_reason IS NULL",
        )
        .bind(id_to_db(guild_id))
        .bind(id_to_db(role_id))
        .bind(reason)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected())
    }

    /// Guilds where the bot manages something: an enabled rule, a nickname template, or
    /// nicknames it set and has not given back yet.
    pub async fn managed_guilds(self) -> Result<Vec<u64>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(MANAGED_GUILDS)
            .fetch_all(self.pool())
            .await?;
        Ok(ids.into_iter().map(id_from_db).collect())
    }
}

/// [`Rules::managed_guilds`] inside the caller's transaction.
pub(super) async fn managed_guilds_in(
    tx: &mut Transaction<'static, Any>,
) -> Result<Vec<u64>, StoreError> {
    let rows: Vec<i64> = sqlx::query_scalar(MANAGED_GUILDS)
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows.into_iter().map(id_from_db).collect())
}
