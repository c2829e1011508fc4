//! Offline sync: how replicas order and merge changes.
//!
//! This is the part of sync every replica (phones and the server) must agree on exactly:
//! the hybrid logical clock and the merge rules. The outbox, the protocol and the server
//! build on it.

pub mod check;
pub mod engine;
pub mod hlc;
pub mod merge;
pub(crate) mod outbox;
mod quarantine;
pub mod schedule;
mod team;
pub mod wire;

pub use check::{check_change, ChangeProblem};
pub use engine::{enrol, HttpClient, HttpRequest, HttpResponse, SyncReport};
pub use hlc::{Hlc, HlcClock, MAX_DRIFT_MILLIS};
pub use merge::{FieldWrite, Replica, Revision};
pub use schedule::{SignedOutReason, SyncStatus};
