//! Hybrid logical clocks: timestamps every replica can order the same way.
//!
//! A stamp is the wall-clock millisecond, a counter for events within the same
//! millisecond (or while the wall clock is behind the last stamp seen), and the device id
//! to break the remaining ties. Every replica orders stamps by (millis, counter, device),
//! so "last writer wins" picks the same writer everywhere, whatever order changes arrive in.
//!
//! A device whose clock runs ahead stamps its edits in the future, and those edits win
//! field merges against edits made elsewhere until real time catches up. The server
//! bounds that by refusing to move its clock more than [`MAX_DRIFT`] ahead of its own
//! wall clock (a stamp further ahead is clamped on receipt), so a phone set an hour fast
//! wins for at most that long. Notes and other append-only records do not merge by stamp
//! at all, so no clock, however wrong, can lose one.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;
use std::sync::Mutex;

use crate::error::{Error, Result};

/// How far ahead of the receiver's wall clock a stamp may move the receiver's clock.
pub const MAX_DRIFT_MILLIS: u64 = 5 * 60 * 1000;

/// One hybrid-logical-clock stamp.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
    pub device: String,
}

impl Ord for Hlc {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.millis, self.counter, &self.device).cmp(&(other.millis, other.counter, &other.device))
    }
}

impl PartialOrd for Hlc {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Text form that sorts like the stamps: `0001764255600000-0000000000-device`.
impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:016}-{:010}-{}",
            self.millis, self.counter, self.device
        )
    }
}

impl FromStr for Hlc {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let bad = || Error::InvalidInput {
            field: "hlc",
            problem: format!("{text:?} is not a clock stamp"),
        };
        let mut parts = text.splitn(3, '-');
        let millis = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let counter = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
        let device = parts
            .next()
            .filter(|d| !d.is_empty())
            .ok_or_else(bad)?
            .to_owned();
        Ok(Self {
            millis,
            counter,
            device,
        })
    }
}

/// One replica's clock.
#[derive(Debug)]
pub struct HlcClock {
    device: String,
    last: Mutex<(u64, u32)>,
}

impl HlcClock {
    pub fn new(device: impl Into<String>) -> Self {
        Self {
            device: device.into(),
            last: Mutex::new((0, 0)),
        }
    }

    /// The device id in this clock's stamps.
    pub fn device(&self) -> &str {
        &self.device
    }

    /// A stamp for a local change at wall-clock `now_millis`, later than every stamp this
    /// clock has issued or seen.
    pub fn tick(&self, now_millis: u64) -> Hlc {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        *last = if now_millis > last.0 {
            (now_millis, 0)
        } else {
            (last.0, last.1.saturating_add(1))
        };
        Hlc {
            millis: last.0,
            counter: last.1,
            device: self.device.clone(),
        }
    }

    /// Takes a stamp received from elsewhere into account, so the next local stamp orders
    /// after it; a stamp more than [`MAX_DRIFT_MILLIS`] ahead of `now_millis` only moves
    /// the clock that far.
    pub fn observe(&self, remote: &Hlc, now_millis: u64) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let ceiling = now_millis.saturating_add(MAX_DRIFT_MILLIS);
        let remote = if remote.millis > ceiling {
            (ceiling, 0)
        } else {
            (remote.millis, remote.counter)
        };
        if remote > *last {
            *last = remote;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_from_one_clock_always_increase_even_if_the_wall_clock_goes_back() {
        let clock = HlcClock::new("a");
        let first = clock.tick(1_000);
        let same_ms = clock.tick(1_000);
        let clock_went_back = clock.tick(900);
        let later = clock.tick(2_000);
        assert!(first < same_ms && same_ms < clock_went_back && clock_went_back < later);
        assert_eq!(
            (clock_went_back.millis, clock_went_back.counter),
            (1_000, 2)
        );
    }

    #[test]
    fn after_observing_a_remote_stamp_local_stamps_order_after_it() {
        let a = HlcClock::new("a");
        let b = HlcClock::new("b");
        let from_b = b.tick(5_000);
        a.observe(&from_b, 4_000);
        assert!(a.tick(4_000) > from_b);
    }

    #[test]
    fn a_stamp_far_in_the_future_moves_the_clock_only_by_the_allowed_drift() {
        let a = HlcClock::new("a");
        let now = 10_000_000;
        let hour_fast = Hlc {
            millis: now + 3_600_000,
            counter: 0,
            device: "fast".into(),
        };
        a.observe(&hour_fast, now);
        let next = a.tick(now);
        assert_eq!(next.millis, now + MAX_DRIFT_MILLIS);
    }

    #[test]
    fn ties_break_on_the_device_and_the_text_form_sorts_the_same() {
        let x = Hlc {
            millis: 7,
            counter: 1,
            device: "phone-a".into(),
        };
        let y = Hlc {
            millis: 7,
            counter: 1,
            device: "phone-b".into(),
        };
        assert!(x < y);
        assert!(x.to_string() < y.to_string());
        assert_eq!(x.to_string().parse::<Hlc>().unwrap(), x);
        let big = Hlc {
            millis: 1_764_255_600_000,
            counter: 3,
            device: "d-1".into(),
        };
        assert_eq!(
            big.to_string().parse::<Hlc>().unwrap(),
            big,
            "device ids may contain dashes"
        );
        assert!("nonsense".parse::<Hlc>().is_err());
    }
}
