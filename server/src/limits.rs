//! Rate limiting: a token bucket per key (a device, a lead source, a client address), in
//! memory. Full buckets are forgotten once there are many, so a flood of addresses cannot
//! grow the table without end.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets kept before the full ones are forgotten.
const MAX_BUCKETS: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: f64) -> Self {
        Self {
            per_second,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `key`'s bucket at `now`; `Err(seconds)` says how long
    /// until one is available.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), u64> {
        self.bucket(key, now, true)
    }

    /// Whether `key` has a request left at `now`, without taking it.
    pub fn peek(&self, key: &str, now: Instant) -> Result<(), u64> {
        self.bucket(key, now, false)
    }

    fn bucket(&self, key: &str, now: Instant, take: bool) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_BUCKETS {
            self.forget_full(&mut buckets, now);
        }
        let (tokens, last) = buckets.entry(key.to_owned()).or_insert((self.burst, now));
        let refill = now.saturating_duration_since(*last).as_secs_f64() * self.per_second;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= 1.0 {
            if take {
                *tokens -= 1.0;
            }
            Ok(())
        } else {
            Err(((1.0 - *tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }

    /// Drops the buckets that have refilled: forgetting them changes nothing.
    fn forget_full(&self, buckets: &mut HashMap<String, (f64, Instant)>, now: Instant) {
        buckets.retain(|_, (tokens, last)| {
            *tokens + now.saturating_duration_since(*last).as_secs_f64() * self.per_second
                < self.burst
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_the_rate_applies_per_device() {
        let limiter = RateLimiter::new(2.0, 3.0);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check("a", t0).is_ok());
        }
        assert_eq!(limiter.check("a", t0), Err(1));
        assert!(
            limiter.check("b", t0).is_ok(),
            "another device has its own bucket"
        );
        assert!(limiter.check("a", t0 + Duration::from_millis(500)).is_ok());
    }
}
