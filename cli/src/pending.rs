//! TEMPORARY stand-in for the server's service API while it lands on `main`; removed at
//! the merge.
#![allow(dead_code, clippy::unused_async)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use warmline_server::storage::{Rep, Storage};
use warmline_server::{AppState, Config, ServerError};

fn missing() -> ServerError {
    ServerError::Storage("the service layer has not landed yet".into())
}

#[derive(Debug)]
pub struct TeamService<S> {
    storage: Arc<S>,
}
impl<S> Clone for TeamService<S> {
    fn clone(&self) -> Self {
        Self {
            storage: Arc::clone(&self.storage),
        }
    }
}
impl<S: Storage> TeamService<S> {
    pub fn new(storage: Arc<S>, _data_dir: impl Into<PathBuf>) -> Self {
        Self { storage }
    }
    pub async fn ingest(
        &self,
        _team_id: &str,
        _leads: Vec<warmline_core::NewLead>,
        _assign: Assignment,
    ) -> Result<Ingested, ServerError> {
        Err(missing())
    }
    pub async fn report(
        &self,
        _team_id: &str,
        _since: DateTime<Utc>,
        _until: DateTime<Utc>,
    ) -> Result<warmline_core::report::TeamReport, ServerError> {
        Err(missing())
    }
    pub async fn rep_queue(
        &self,
        _team_id: &str,
        _rep: &str,
        _limit: usize,
    ) -> Result<warmline_core::Queue, ServerError> {
        Err(missing())
    }
    pub async fn create_source(
        &self,
        _team_id: &str,
        _kind: SourceKind,
        _name: &str,
    ) -> Result<(LeadSource, String), ServerError> {
        Err(missing())
    }
}
#[derive(Debug, Clone)]
pub enum Assignment {
    RoundRobin,
    To(String),
}
#[derive(Debug)]
pub struct Ingested {
    pub leads: Vec<IngestedLead>,
}
#[derive(Debug)]
pub struct IngestedLead {
    pub id: String,
    pub merged: bool,
    pub assigned_to: Option<String>,
}
#[derive(Debug, Clone, Copy)]
pub enum SourceKind {
    Generic,
    Meta,
    Google,
}
impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Generic => "generic",
            Self::Meta => "meta",
            Self::Google => "google",
        }
    }
}
#[derive(Debug)]
pub struct LeadSource {
    pub id: String,
    pub team_id: String,
    pub kind: SourceKind,
    pub name: String,
}

pub trait Listing {
    async fn teams(&self) -> Result<Vec<(String, String)>, ServerError> {
        Err(missing())
    }
    async fn reps(&self, _team_id: &str) -> Result<Vec<Rep>, ServerError> {
        Err(missing())
    }
}
impl<S: Storage> Listing for S {}

pub fn with_service<S: Storage>(storage: S, config: Config, _data_dir: PathBuf) -> AppState<S> {
    AppState::new(storage, config)
}
