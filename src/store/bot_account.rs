//! The bot account's install identity and the leases that let exactly one process hold
//! its session and hub (migration 0018; the leases are the sweep's table of 0002).

use super::StoreError;

/// The stored install identity: the `UID` header and the `secretMachineId`.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredInstall {
    pub uid: String,
    pub machine_id: String,
}

impl std::fmt::Debug for StoredInstall {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredInstall")
            .field("uid", &self.uid)
            .field("machine_id", &"[redacted]")
            .finish()
    }
}

repository! {
    /// The bot account's install identity.
    BotAccount
}

impl<'a> BotAccount<'a> {
    /// The install identity: `candidate` is stored if there is none yet (the first process
    /// wins a race); the stored one is returned either way.
    pub async fn install_identity(
        self,
        candidate: &StoredInstall,
        now: i64,
    ) -> Result<StoredInstall, StoreError> {
        sqlx::query(
            "INSERT INTO resonite_install (singleton, uid, machine_id, created_at)
             VALUES (1, $1, $2, $3) ON CONFLICT (singleton) DO NOTHING",
        )
        .bind(&candidate.uid)
        .bind(&candidate.machine_id)
        .bind(now)
        .execute(self.pool())
        .await?;
        let (uid, machine_id): (String, String) =
            sqlx::query_as("SELECT uid, machine_id FROM resonite_install WHERE singleton = 1")
                .fetch_one(self.pool())
                .await?;
        Ok(StoredInstall { uid, machine_id })
    }
}
