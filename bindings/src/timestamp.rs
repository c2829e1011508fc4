//! The one way an instant crosses the boundary.
//!
//! In Rust it is `chrono::DateTime<Utc>`; on the wire it is milliseconds since the Unix
//! epoch (`i64`); `uniffi.toml` turns it into `java.time.Instant` in Kotlin and `Date` in
//! Swift, so neither app ever handles raw epoch numbers.

use chrono::{DateTime, Utc};

pub type Timestamp = DateTime<Utc>;

uniffi::custom_type!(Timestamp, i64, {
    remote,
    lower: |instant| instant.timestamp_millis(),
    try_lift: |millis| DateTime::from_timestamp_millis(millis).ok_or_else(|| {
        uniffi::deps::anyhow::anyhow!("{millis} ms since the epoch is outside the supported range")
    }),
});
