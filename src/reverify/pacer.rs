//! Keeps calls to Resonite under `RESONITE_MAX_RPS`, shared by every concurrent task.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

pub struct Pacer {
    limiter: DefaultDirectRateLimiter,
}

impl Pacer {
    /// `per_second` may be fractional (0.5 = one call every two seconds). No bursts: calls
    /// are spread evenly, which is what a shared upstream wants.
    pub fn new(per_second: f64) -> Self {
        let period = Duration::from_secs_f64(1.0 / per_second.max(0.000_1));
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::direct(quota),
        }
    }

    /// Waits for the next free slot.
    pub async fn ready(&self) {
        self.limiter.until_ready().await;
    }
}
