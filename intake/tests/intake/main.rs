//! Real-shaped payloads, valid and invalid, for every intake format.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod csv_files;
mod generic;
mod google;
mod meta;
mod signatures;

use chrono::{DateTime, TimeZone, Utc};
use warmline_core::lead::IntakeDefaults;
use warmline_intake::Checks;

/// 2026-11-27 15:00 UTC: every fixture's lead asked shortly before.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap()
}

/// A US team in Chicago.
pub fn checks() -> Checks {
    Checks {
        defaults: IntakeDefaults {
            region: "US".parse().unwrap(),
            time_zone: chrono_tz::America::Chicago,
        },
        now: now(),
    }
}

pub fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|err| panic!("{path}: {err}"))
}

pub fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

/// Custom fields as `&str` pairs, for comparing with literals.
pub fn fields(lead: &warmline_core::NewLead) -> Vec<(&str, &str)> {
    lead.custom_fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}
