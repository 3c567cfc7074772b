//! Start-up never gives up on a service that does not answer: the database, Discord (and
//! whatever else the process needs before it can work) are tried again with backoff, 1 s
//! doubling to 60 s, each retry said once in the log. Only an answer that cannot change by
//! waiting (a refused token, a database newer than this binary) ends the process.

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

/// The first wait after a failure; doubles up to [`MAX_WAIT`].
pub(super) const FIRST_WAIT: Duration = Duration::from_secs(1);
pub(super) const MAX_WAIT: Duration = Duration::from_secs(60);

/// How one attempt failed.
#[derive(Debug)]
pub(super) enum Attempt<E> {
    /// The service did not answer, or answered "not now": try again later.
    Retry(E),
    /// Waiting will not help.
    GiveUp(E),
}

/// The wait before retry number `retry` (1-based): 1 s, 2 s, 4 s, … 60 s.
pub(super) fn backoff(retry: u32) -> Duration {
    let exp = retry.saturating_sub(1).min(6);
    FIRST_WAIT.saturating_mul(1 << exp).min(MAX_WAIT)
}

/// Runs `attempt` until it succeeds, waiting [`backoff`] between failures and logging each
/// retry once (`what` names the service). Returns the first error waiting cannot cure.
pub(super) async fn until_up<T, E, F, Fut>(what: &'static str, mut attempt: F) -> Result<T, E>
where
    E: Display,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Attempt<E>>>,
{
    let mut retry = 0u32;
    loop {
        match attempt().await {
            Ok(value) => {
                if retry > 0 {
                    tracing::info!(
                        service = what,
                        attempts = retry + 1,
                        "{what} answers; starting"
                    );
                }
                return Ok(value);
            }
            Err(Attempt::GiveUp(e)) => return Err(e),
            Err(Attempt::Retry(e)) => {
                retry += 1;
                let wait = backoff(retry);
                tracing::warn!(
                    service = what,
                    attempt = retry,
                    retry_in = ?wait,
                    error = %e,
                    "{what} is not answering; retrying"
                );
                tokio::time::sleep(wait).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_from_one_second_to_a_minute() {
        let waits: Vec<u64> = (1..=9).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[tokio::test]
    async fn retries_until_the_service_answers_and_stops_at_a_final_answer() {
        let mut tries = 0;
        let up: Result<u32, String> = until_up("test", || {
            tries += 1;
            let n = tries;
            async move {
                if n < 2 {
                    Err(Attempt::Retry(format!("down {n}")))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(up, Ok(2));

        let refused: Result<(), String> = until_up("test", || async {
            Err(Attempt::GiveUp("refused".to_owned()))
        })
        .await;
        assert_eq!(refused, Err("refused".to_owned()));
    }
}
