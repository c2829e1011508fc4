//! Where the server keeps teams, reps, devices and each team's change log.
//!
//! One trait, two backends: [`SqliteStorage`] (embedded, the default: one server, zero
//! setup) and [`PgStorage`] (PostgreSQL, for several server instances behind a load
//! balancer); one conformance suite (`server/tests/conformance.rs`) runs against each.
//! Every method that touches team data takes the authenticated device (or a team id), so
//! no query can cross teams. Who may pull which change is decided once, in [`routing`].

mod postgres;
pub mod routing;
mod sqlite;

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;
use warmline_core::sync::wire::{Change, PullResponse, TeamConfig, TeamSettingsDoc};

pub use postgres::PgStorage;
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

impl Device {
    /// The server's own view of a team (its replica, `crate::service`): never enrolled,
    /// never authenticated by a token, and it pulls every lead of the team.
    pub fn whole_team(team_id: &str) -> Self {
        Self {
            id: format!("server:{team_id}"),
            team_id: team_id.to_owned(),
            rep_id: WHOLE_TEAM.to_owned(),
            name: "warmline server".to_owned(),
        }
    }
}

/// The rep id of [`Device::whole_team`]; rep ids are UUIDs, so no rep has it.
pub const WHOLE_TEAM: &str = "*";

/// A device as a manager sees it in the list of a team's devices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceEntry {
    pub id: String,
    pub rep_id: String,
    pub rep_name: String,
    /// The name the phone gave when it enrolled ("Sam's Pixel").
    pub name: String,
    /// When it enrolled, in milliseconds since the epoch.
    pub enrolled_at: i64,
    /// When a manager revoked it (milliseconds since the epoch); `None` while it may sync.
    pub revoked_at: Option<i64>,
}

/// Where leads come from: a webhook per source, authenticated by the source's secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Our signed JSON webhook (`X-Warmline-Signature`).
    Generic,
    /// Meta lead ads (`X-Hub-Signature-256` with the app secret).
    Meta,
    /// Google Ads lead forms (the `google_key` in the body).
    Google,
}

impl SourceKind {
    pub const ALL: [Self; 3] = [Self::Generic, Self::Meta, Self::Google];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::Meta => "meta",
            Self::Google => "google",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
            .ok_or_else(|| {
                ServerError::BadRequest(format!(
                    "{text:?} is not a source kind: use generic, meta or google"
                ))
            })
    }
}

/// The answer a lead delivery got: the lead it became and whom it went to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub lead_id: String,
    /// It was a new inquiry on a lead already known by its phone.
    pub merged: bool,
    pub assigned_to: Option<String>,
}

/// A lead source of a team. Its secret signs (or, for Google, accompanies) every
/// delivery; it is kept as given, since checking an HMAC needs the key itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadSource {
    pub id: String,
    pub team_id: String,
    pub kind: SourceKind,
    pub name: String,
    pub secret: String,
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

    /// A new one-time enrolment code for an existing rep of the team: the rep's second
    /// phone, or a code that expired unused.
    fn issue_code(
        &self,
        team_id: &str,
        rep_id: &str,
        valid_for: Duration,
    ) -> impl Future<Output = Result<String>> + Send;

    /// Exchanges an enrolment code for a device and its token; the code is used up.
    fn enrol(
        &self,
        code: &str,
        device_name: &str,
    ) -> impl Future<Output = Result<(Device, String)>> + Send;

    /// The device a bearer token belongs to: [`ServerError::UnknownToken`] for a token
    /// the server never gave, [`ServerError::DeviceRevoked`] for a revoked device.
    fn authenticate(&self, token: &str) -> impl Future<Output = Result<Device>> + Send;

    /// The names of the device's rep and team, as (rep, team): what the phone shows
    /// after enrolment.
    fn names(&self, device: &Device) -> impl Future<Output = Result<(String, String)>> + Send;

    /// The team's devices with their reps' names, oldest first, revoked ones included.
    fn devices(&self, team_id: &str) -> impl Future<Output = Result<Vec<DeviceEntry>>> + Send;

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

    /// The changes after `since` that the device's rep may see (its rep's leads, the
    /// team's unassigned leads, and leads just taken from its rep), at most `limit`.
    /// When nothing more is waiting, the cursor moves to the end of the team's log: what
    /// was skipped can only become visible again through copies appended later.
    fn pull(
        &self,
        device: &Device,
        since: u64,
        limit: usize,
    ) -> impl Future<Output = Result<PullResponse>> + Send;

    /// The newest sequence number of a team's log (0 when empty).
    fn latest(&self, team_id: &str) -> impl Future<Output = Result<u64>> + Send;

    /// A receiver that changes whenever the team's log grows after this call, whichever
    /// server instance took the push.
    fn subscribe(&self, team_id: &str) -> watch::Receiver<u64>;

    /// Every team, as (id, name), oldest first.
    fn teams(&self) -> impl Future<Output = Result<Vec<(String, String)>>> + Send;

    /// The team's reps, oldest first (the order round-robin assignment goes in).
    fn reps(&self, team_id: &str) -> impl Future<Output = Result<Vec<Rep>>> + Send;

    /// Adds a lead source and makes its secret (returned in the source, shown once).
    fn create_source(
        &self,
        team_id: &str,
        kind: SourceKind,
        name: &str,
    ) -> impl Future<Output = Result<LeadSource>> + Send;

    /// A lead source by id (any team: a webhook names its source, not its team).
    fn source(&self, source_id: &str) -> impl Future<Output = Result<LeadSource>> + Send;

    /// What was answered for the sender's lead `external_id` from `source_id`, if that lead
    /// was delivered before (a retried webhook).
    fn delivered(
        &self,
        source_id: &str,
        external_id: &str,
    ) -> impl Future<Output = Result<Option<Delivered>>> + Send;

    /// Remembers the answer for lead `external_id` from `source_id`; the first one stays.
    fn remember_delivery(
        &self,
        source_id: &str,
        external_id: &str,
        delivered: &Delivered,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The team's script and settings as last published, with their version; `None`
    /// before the first publication.
    fn team_config(&self, team_id: &str)
        -> impl Future<Output = Result<Option<TeamConfig>>> + Send;

    /// Publishes the team's script (TOML, already checked: [`crate::team`]), keeping its
    /// settings; returns the new version.
    fn publish_script(&self, team_id: &str, toml: &str)
        -> impl Future<Output = Result<u64>> + Send;

    /// Publishes the team's settings (already checked: [`crate::team`]), keeping its
    /// script; returns the new version.
    fn publish_settings(
        &self,
        team_id: &str,
        settings: &TeamSettingsDoc,
    ) -> impl Future<Output = Result<u64>> + Send;
}

/// A new source secret: 256 random bits as hex.
fn new_source_secret() -> Result<String> {
    crate::auth::new_token()
}

/// Milliseconds since the epoch, as stored.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Ids made by the server (teams, reps, devices): UUIDv7, sortable by creation.
fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// When a code made now and valid for `valid_for` expires.
fn expiry(valid_for: Duration) -> i64 {
    now_ms().saturating_add(i64::try_from(valid_for.as_millis()).unwrap_or(i64::MAX / 2))
}

/// A trimmed name of 1 to 200 characters, or an error naming `what` is wrong.
fn checked_name(what: &str, name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() || name.len() > 200 {
        return Err(ServerError::BadRequest(format!(
            "the {what} must be 1 to 200 characters"
        )));
    }
    Ok(name.to_owned())
}

/// A change as stored in the log (its JSON), or an error naming it.
fn change_json(change: &Change) -> Result<String> {
    serde_json::to_string(change)
        .map_err(|e| ServerError::BadRequest(format!("change {}: {e}", change.id)))
}

/// Team settings as stored (JSON).
fn settings_json(settings: &TeamSettingsDoc) -> Result<String> {
    serde_json::to_string(settings)
        .map_err(|e| ServerError::BadRequest(format!("team settings: {e}")))
}

/// Team settings read back, or an error naming the team.
fn stored_settings(team_id: &str, json: &str) -> Result<TeamSettingsDoc> {
    serde_json::from_str(json).map_err(|e| {
        ServerError::Storage(format!(
            "team {team_id}'s stored settings are unreadable: {e}"
        ))
    })
}

/// A stored change read back, or an error naming the log row.
fn stored_change(seq: u64, body: &str) -> Result<Change> {
    serde_json::from_str(body)
        .map_err(|e| ServerError::Storage(format!("stored change {seq} is unreadable: {e}")))
}
