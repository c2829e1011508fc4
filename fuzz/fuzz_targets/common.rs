#![allow(dead_code)] // each target uses part of it

// Shared by every target: a US team in Chicago, at a fixed time.

use chrono::{DateTime, TimeZone, Utc};
use warmline_core::lead::IntakeDefaults;
use warmline_core::phone::Region;
use warmline_intake::Checks;

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
        .single()
        .unwrap_or_default()
}

pub fn checks() -> Checks {
    let region: Region = "US"
        .parse()
        .unwrap_or_else(|_| unreachable!("US is a region"));
    Checks {
        defaults: IntakeDefaults {
            region,
            time_zone: chrono_tz::America::Chicago,
        },
        now: now(),
    }
}
