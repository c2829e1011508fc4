//! Identifiers and stored instants, the leaf every module may use: a lead's id (a
//! UUIDv7 made on the device) and instants as the store keeps them (milliseconds since
//! the epoch). Kept apart from `lead` so the timeline and the lead do not import each
//! other.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::{Error, Result};

/// A lead's identity: a UUIDv7, so ids sort by creation and never collide across devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LeadId(Uuid);

impl LeadId {
    pub fn new_at(at: DateTime<Utc>) -> Self {
        Self(new_uuid_at(at))
    }

    pub(crate) fn from_uuid(uuid: Uuid) -> Self {
        Self(uuid)
    }

    /// The id as a number, for cheap comparisons in the queue.
    pub fn as_u128(self) -> u128 {
        self.0.as_u128()
    }
}

/// A UUIDv7 stamped with `at` (the core's clock, not the system's).
pub fn new_uuid_at(at: DateTime<Utc>) -> Uuid {
    let ts = uuid::Timestamp::from_unix(
        uuid::NoContext,
        u64::try_from(at.timestamp()).unwrap_or(0),
        at.timestamp_subsec_nanos(),
    );
    Uuid::new_v7(ts)
}

impl fmt::Display for LeadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for LeadId {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Uuid::parse_str(s)
            .map(LeadId)
            .map_err(|_| Error::InvalidInput {
                field: "lead_id",
                problem: format!("{s:?} is not a lead id"),
            })
    }
}

/// An instant as the store keeps it.
pub(crate) fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(crate) fn timestamp(millis: i64) -> Result<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis)
        .ok_or_else(|| Error::Corrupt(format!("timestamp {millis} is out of range")))
}
