//! Where the server keeps teams, reps, devices and each team's change log.
//!
//! One trait, several backends: [`SqliteStorage`] (embedded, the default) now, and
//! PostgreSQL for several server instances behind a load balancer next; one conformance
//! suite (`server/tests/conformance.rs`) runs against each. Every method that touches
//! team data takes the authenticated device (or a team id), so no query can cross teams.

mod sqlite;

use std::future::Future;
use std::time::Duration;

use warmline_core::sync::wire::{Change, PullResponse};

pub use sqlite::SqliteStorage;

use crate::error::ServerError;

pub type Result<T> = std::result::Result<T, ServerError>;

/// A rep, created by a manager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rep {
    pub id: String,
    pub team_id: String,
    pub name: String,
}

/// An enrolled device, as authenticated by its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub id: String,
    pub team_id: String,
    pub rep_id: String,
    pub name: String,
}

/// What a push stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PushOutcome {
    pub accepted: u32,
    pub duplicates: u32,
    /// The team's newest sequence number after the push.
    pub latest: u64,
}

/// How long an enrolment code stays usable unless said otherwise.
pub const ENROLMENT_CODE_LIFETIME: Duration = Duration::from_secs(7 * 24 * 3600);

pub trait Storage: Send + Sync + 'static {
    fn create_team(&self, name: &str) -> impl Future<Output = Result<String>> + Send;

    /// Creates a rep and a one-time enrolment code for their phone, valid for `valid_for`.
    fn create_rep(
        &self,
        team_id: &str,
        name: &str,
        valid_for: Duration,
    ) -> impl Future<Output = Result<(Rep, String)>> + Send;

    /// Exchanges an enrolment code for a device and its token; the code is used up.
    fn enrol(
        &self,
        code: &str,
        device_name: &str,
    ) -> impl Future<Output = Result<(Device, String)>> + Send;

    /// The device a bearer token belongs to; revoked devices are refused.
    fn authenticate(&self, token: &str) -> impl Future<Output = Result<Device>> + Send;

    /// Cuts a device off at once; only within its team.
    fn revoke_device(
        &self,
        team_id: &str,
        device_id: &str,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Appends `changes` to the device's team log, ignoring ones already there (by id).
    /// All or nothing: the changes are checked before any is stored.
    fn push(
        &self,
        device: &Device,
        changes: Vec<Change>,
    ) -> impl Future<Output = Result<PushOutcome>> + Send;

    /// The device's team's changes after `since`, at most `limit`.
    fn pull(
        &self,
        device: &Device,
        since: u64,
        limit: usize,
    ) -> impl Future<Output = Result<PullResponse>> + Send;

    /// The newest sequence number of a team's log (0 when empty).
    fn latest(&self, team_id: &str) -> impl Future<Output = Result<u64>> + Send;
}
