//! A clock the app can supply: for UI tests, previews and the cross-language scenarios,
//! which must control "now" exactly as the Rust tests do.

use chrono::{DateTime, Utc};

use crate::timestamp::Timestamp;

/// The source of "now" for the core. Apps normally open the store without one (the
/// system clock); tests pass their own.
#[uniffi::export(callback_interface)]
pub trait WarmlineClock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// Adapts a foreign clock to the core's `Clock`.
pub(crate) struct ForeignClock(pub Box<dyn WarmlineClock>);

impl std::fmt::Debug for ForeignClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ForeignClock")
    }
}

impl warmline_core::Clock for ForeignClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.now()
    }
}
