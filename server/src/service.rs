//! The server's own view of each team, for what needs the whole team at once: bringing
//! leads in (one lead per phone, assignment in turn), the manager's report, and a rep's
//! queue as their phone shows it.
//!
//! Rather than re-implementing the lead rules on the server, each team has a *replica*:
//! a `warmline-core` store in the data folder that syncs with the team's log like a
//! phone, except that it sees every lead ([`Device::whole_team`]) and talks to the
//! storage directly instead of over HTTP ([`StorageClient`]). Intake writes leads into
//! the replica with the core's own intake (merge by phone, zones, statuses), and the
//! replica's push puts them in the log, where the reps' phones pull them; long polls
//! wake at once. The replica is a cache: deleting it only costs a full pull.
//!
//! One team's replica does one thing at a time (a per-team lock), so two webhooks for
//! the same phone arriving together still make one lead. Several server instances
//! (PostgreSQL) each keep their own replica; two inquiries from one phone reaching two
//! instances in the same instant could make two leads (written down in ADR 0006).

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use warmline_core::assignment::Assignment as CoreAssignment;
use warmline_core::lead::IntakeDefaults;
use warmline_core::report::TeamReport;
use warmline_core::sync::wire::{PushRequest, PushResponse, MAX_PULL_CHANGES};
use warmline_core::sync::{HttpClient, HttpRequest, HttpResponse};
use warmline_core::{DeviceSettings, NewLead, Queue, SystemClock, Warmline};

use crate::error::ServerError;
use crate::storage::{Device, LeadSource, Rep, SourceKind, Storage};

/// The zone the server assumes for a team's leads when nothing tells, until the team
/// publishes its own (`warmline settings set`); the replica receives the team's settings
/// with its pulls, like a phone.
const TEAM_ZONE: &str = "America/New_York";

/// How incoming leads are assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assignment {
    /// New leads in turn among the team's reps; a known phone stays with its rep.
    RoundRobin,
    /// Every lead to this rep (id or name).
    To(String),
}

/// What an intake did, lead by lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ingested {
    pub leads: Vec<IngestedLead>,
    /// Leads the core refused (by their position in the batch), with the reason.
    pub rejected: Vec<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestedLead {
    pub id: String,
    /// A known phone: a new inquiry on an existing lead.
    pub merged: bool,
    /// The rep id the lead is assigned to.
    pub assigned_to: Option<String>,
}

/// The team views, shared by the HTTP routes and the `warmline` command.
#[derive(Debug)]
pub struct TeamService<S> {
    storage: Arc<S>,
    data_dir: Arc<DataDir>,
    replicas: Arc<Mutex<HashMap<String, Arc<Replica>>>>,
}

impl<S> Clone for TeamService<S> {
    fn clone(&self) -> Self {
        Self {
            storage: Arc::clone(&self.storage),
            data_dir: Arc::clone(&self.data_dir),
            replicas: Arc::clone(&self.replicas),
        }
    }
}

#[derive(Debug)]
enum DataDir {
    Kept(PathBuf),
    /// Made on first use, removed when the service goes (tests, and servers given no
    /// folder); a server that never opens a replica leaves nothing behind.
    Temporary(std::sync::OnceLock<tempfile::TempDir>),
}

impl DataDir {
    fn path(&self) -> Result<PathBuf, ServerError> {
        match self {
            Self::Kept(path) => Ok(path.clone()),
            Self::Temporary(dir) => {
                if let Some(dir) = dir.get() {
                    return Ok(dir.path().to_owned());
                }
                let made = tempfile::Builder::new()
                    .prefix("warmline-replicas-")
                    .tempdir()
                    .map_err(|e| {
                        ServerError::Storage(format!("no temporary folder for replicas: {e}"))
                    })?;
                Ok(dir.get_or_init(|| made).path().to_owned())
            }
        }
    }
}

/// One team's replica; `turn` makes its syncs and writes take turns.
#[derive(Debug)]
struct Replica {
    core: Arc<Warmline>,
    turn: Mutex<()>,
}

impl<S: Storage> TeamService<S> {
    /// Keeps the teams' replicas in `data_dir` (created if missing).
    pub fn new(storage: Arc<S>, data_dir: impl Into<PathBuf>) -> Self {
        Self::with_dir(storage, DataDir::Kept(data_dir.into()))
    }

    /// Keeps the replicas in a temporary folder, made on first use and removed with the
    /// service.
    pub fn temporary(storage: Arc<S>) -> Self {
        Self::with_dir(storage, DataDir::Temporary(std::sync::OnceLock::new()))
    }

    fn with_dir(storage: Arc<S>, data_dir: DataDir) -> Self {
        Self {
            storage,
            data_dir: Arc::new(data_dir),
            replicas: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// How leads are read and checked for this team (the region of national numbers, the
    /// zone when nothing tells).
    pub async fn intake_defaults(&self, team_id: &str) -> Result<IntakeDefaults, ServerError> {
        self.with_synced(team_id, |core| {
            core.team_settings()
                .validate()
                .map_err(|e| ServerError::Storage(format!("team settings: {e}")))
        })
        .await
    }

    /// Checks, merges by phone, assigns and appends `leads` to the team's log, so they
    /// reach the reps' phones on their next pull (an open app's long poll at once).
    pub async fn ingest(
        &self,
        team_id: &str,
        leads: Vec<NewLead>,
        assign: Assignment,
    ) -> Result<Ingested, ServerError> {
        let reps = self.storage.reps(team_id).await?;
        let assignment = match assign {
            Assignment::RoundRobin => {
                CoreAssignment::RoundRobin(reps.iter().map(|r| r.id.clone()).collect())
            }
            Assignment::To(rep) => CoreAssignment::To(find_rep(&reps, &rep)?.id.clone()),
        };
        self.with_synced(team_id, move |core| {
            let outcomes = core
                .add_leads_assigned(leads, &assignment)
                .map_err(core_error)?;
            let mut ingested = Ingested {
                leads: Vec::new(),
                rejected: Vec::new(),
            };
            for (index, outcome) in outcomes.into_iter().enumerate() {
                match outcome {
                    Ok(lead) => ingested.leads.push(IngestedLead {
                        id: lead.id.to_string(),
                        merged: lead.inquiry_count > 1,
                        assigned_to: lead.assigned_to,
                    }),
                    Err(err) => ingested.rejected.push((index, err.to_string())),
                }
            }
            Ok(ingested)
        })
        .await
    }

    /// The manager's report over leads first inquiring in `[since, until)`.
    pub async fn report(
        &self,
        team_id: &str,
        since: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<TeamReport, ServerError> {
        self.with_synced(team_id, move |core| {
            core.team_report(since, until).map_err(core_error)
        })
        .await
    }

    /// The queue `rep` (id or name) sees on the phone now, with reasons.
    pub async fn rep_queue(
        &self,
        team_id: &str,
        rep: &str,
        limit: usize,
    ) -> Result<Queue, ServerError> {
        let reps = self.storage.reps(team_id).await?;
        let rep_id = find_rep(&reps, rep)?.id.clone();
        self.with_synced(team_id, move |core| {
            core.queue_of(&rep_id, limit).map_err(core_error)
        })
        .await
    }

    /// Adds a lead source to the team; returns it and its secret (shown once).
    pub async fn create_source(
        &self,
        team_id: &str,
        kind: SourceKind,
        name: &str,
    ) -> Result<(LeadSource, String), ServerError> {
        let source = self.storage.create_source(team_id, kind, name).await?;
        let secret = source.secret.clone();
        Ok((source, secret))
    }

    /// Brings the team's replica up to date, runs `work` on it, and pushes what it wrote;
    /// all on the blocking pool, one at a time per team.
    async fn with_synced<T: Send + 'static>(
        &self,
        team_id: &str,
        work: impl FnOnce(&Warmline) -> Result<T, ServerError> + Send + 'static,
    ) -> Result<T, ServerError> {
        let replica = self.replica(team_id).await?;
        let _turn = replica.turn.lock().await;
        let client = StorageClient {
            storage: Arc::clone(&self.storage),
            device: Device::whole_team(team_id),
            runtime: tokio::runtime::Handle::current(),
        };
        let core = Arc::clone(&replica.core);
        tokio::task::spawn_blocking(move || {
            core.sync(&client, LOCAL, "").map_err(core_error)?;
            let value = work(&core)?;
            core.sync(&client, LOCAL, "").map_err(core_error)?;
            Ok(value)
        })
        .await
        .map_err(|e| ServerError::Storage(format!("the team's replica failed: {e}")))?
    }

    /// The team's replica, opened on first use (the team must exist).
    async fn replica(&self, team_id: &str) -> Result<Arc<Replica>, ServerError> {
        let mut replicas = self.replicas.lock().await;
        if let Some(replica) = replicas.get(team_id) {
            return Ok(Arc::clone(replica));
        }
        let known = self.storage.teams().await?;
        if !known.iter().any(|(id, _)| id == team_id) {
            return Err(ServerError::NotFound(format!("team {team_id}")));
        }
        let dir = self.data_dir.path()?;
        let path = dir.join(format!("{team_id}.db"));
        let core = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir).map_err(|e| {
                ServerError::Storage(format!("cannot create {}: {e}", dir.display()))
            })?;
            let settings = DeviceSettings {
                time_zone: TEAM_ZONE.into(),
                rep_first_name: None,
            };
            Warmline::open(&path, settings, Arc::new(SystemClock)).map_err(|e| {
                ServerError::Storage(format!("cannot open the replica {}: {e}", path.display()))
            })
        })
        .await
        .map_err(|e| ServerError::Storage(format!("opening a replica failed: {e}")))??;
        let replica = Arc::new(Replica {
            core: Arc::new(core),
            turn: Mutex::new(()),
        });
        replicas.insert(team_id.to_owned(), Arc::clone(&replica));
        Ok(replica)
    }
}

/// The rep named by id or by name (ignoring case); a name two reps share is refused.
fn find_rep<'a>(reps: &'a [Rep], wanted: &str) -> Result<&'a Rep, ServerError> {
    if let Some(rep) = reps.iter().find(|r| r.id == wanted) {
        return Ok(rep);
    }
    let named: Vec<&Rep> = reps
        .iter()
        .filter(|r| r.name.eq_ignore_ascii_case(wanted.trim()))
        .collect();
    match named.as_slice() {
        [rep] => Ok(rep),
        [] => Err(ServerError::NotFound(format!(
            "rep {wanted:?} in this team"
        ))),
        _ => Err(ServerError::BadRequest(format!(
            "{} reps are called {wanted:?}: use the rep's id",
            named.len()
        ))),
    }
}

fn core_error(err: warmline_core::Error) -> ServerError {
    ServerError::Storage(format!("the team's replica: {err}"))
}

/// The replica's "server address": requests never leave the process.
const LOCAL: &str = "local:";

/// The sync engine's HTTP client for a replica, answering from the storage directly:
/// the same push and pull a phone gets, without a token or a socket.
struct StorageClient<S> {
    storage: Arc<S>,
    device: Device,
    runtime: tokio::runtime::Handle,
}

impl<S: Storage> HttpClient for StorageClient<S> {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let path = request.url.strip_prefix(LOCAL).unwrap_or(&request.url);
        let answer = if path == "/v1/push" {
            self.push(&request)
        } else if let Some(query) = path.strip_prefix("/v1/pull?") {
            self.pull(query)
        } else {
            Err(ServerError::NotFound(format!("{} {path}", request.method)))
        };
        Ok(match answer {
            Ok(body) => HttpResponse {
                status: 200,
                headers: Vec::new(),
                body,
            },
            Err(err) => HttpResponse {
                status: 500,
                headers: Vec::new(),
                body: err.to_string().into_bytes(),
            },
        })
    }
}

impl<S: Storage> StorageClient<S> {
    fn push(&self, request: &HttpRequest) -> Result<Vec<u8>, ServerError> {
        let body = decompressed(request)?;
        let push: PushRequest = serde_json::from_slice(&body)
            .map_err(|e| ServerError::BadRequest(format!("replica push: {e}")))?;
        let outcome = self
            .runtime
            .block_on(self.storage.push(&self.device, push.changes))?;
        to_json(&PushResponse {
            accepted: outcome.accepted,
            duplicates: outcome.duplicates,
        })
    }

    fn pull(&self, query: &str) -> Result<Vec<u8>, ServerError> {
        let number = |name: &str| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
                .and_then(|v| v.parse().ok())
        };
        let since = number("since").unwrap_or(0);
        let page = self.runtime.block_on(async {
            let mut page = self
                .storage
                .pull(&self.device, since, MAX_PULL_CHANGES)
                .await?;
            page.team =
                crate::team::newer_than(&*self.storage, &self.device.team_id, number("team"))
                    .await?;
            Ok::<_, ServerError>(page)
        })?;
        to_json(&page)
    }
}

fn decompressed(request: &HttpRequest) -> Result<Vec<u8>, ServerError> {
    let gzipped = request
        .headers
        .iter()
        .any(|(name, value)| name.eq_ignore_ascii_case("content-encoding") && value == "gzip");
    if !gzipped {
        return Ok(request.body.clone());
    }
    let mut body = Vec::new();
    flate2::read::GzDecoder::new(request.body.as_slice())
        .read_to_end(&mut body)
        .map_err(|e| ServerError::BadRequest(format!("replica push: {e}")))?;
    Ok(body)
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, ServerError> {
    serde_json::to_vec(value).map_err(|e| ServerError::Storage(e.to_string()))
}
