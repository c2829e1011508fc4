//! Warmline's sync server.
//!
//! Devices enrol with a one-time code and then push the changes they made offline and
//! pull everyone else's (`docs/sync-protocol.md`). The server keeps one ordered log of
//! changes per team; a pull returns the team's changes after the device's cursor, waiting
//! a while for new ones when there are none (long poll), so a lead assigned on the server
//! reaches an open app within seconds. A device pulls only its rep's leads and the team's
//! unassigned ones (`storage::routing`). Storage sits behind [`storage::Storage`]: SQLite
//! (one file, zero setup, the default) or PostgreSQL (several instances); one
//! conformance suite runs on both.

pub mod auth;
pub mod error;
pub mod intake;
pub mod limits;
pub mod metrics;
mod routes;
pub mod serve;
pub mod service;
pub mod storage;
pub mod team;
pub mod watchers;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use error::ServerError;
pub use routes::router;

/// Limits and timings, set by flags or environment in `warmline serve`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Largest request body accepted, after decompression.
    pub max_body_bytes: usize,
    /// Longest a pull waits for new changes.
    pub max_pull_wait: Duration,
    /// Requests per second a device may make on average, and the burst it may save up.
    pub rate_per_second: f64,
    pub rate_burst: f64,
    /// The hash (`auth::hash_secret`) of the admin token that admin routes such as
    /// revoking a device, and `/metrics`, require; `None` turns those routes off (ADR 0007).
    pub admin_token_hash: Option<String>,
    /// Per client address, for what comes without a valid token (enrolment, and every
    /// refused token or signature): requests per second on average, and the burst.
    pub anonymous_rate_per_second: f64,
    pub anonymous_burst: f64,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_body_bytes: 4 * 1024 * 1024,
            max_pull_wait: Duration::from_secs(25),
            rate_per_second: 20.0,
            rate_burst: 60.0,
            admin_token_hash: None,
            anonymous_rate_per_second: 1.0,
            anonymous_burst: 30.0,
        }
    }
}

/// What every request handler shares.
#[derive(Debug)]
pub struct AppState<S> {
    pub storage: Arc<S>,
    pub config: Arc<Config>,
    pub limiter: Arc<limits::RateLimiter>,
    /// Per client address, for requests without a valid token.
    pub anonymous: Arc<limits::RateLimiter>,
    pub metrics: Arc<metrics::Metrics>,
    /// The teams' replicas: intake, reports, a rep's queue.
    pub service: service::TeamService<S>,
}

impl<S> Clone for AppState<S> {
    fn clone(&self) -> Self {
        Self {
            storage: Arc::clone(&self.storage),
            config: Arc::clone(&self.config),
            limiter: Arc::clone(&self.limiter),
            anonymous: Arc::clone(&self.anonymous),
            metrics: Arc::clone(&self.metrics),
            service: self.service.clone(),
        }
    }
}

impl<S: storage::Storage> AppState<S> {
    /// A server keeping its team replicas in `data_dir`.
    pub fn with_service(storage: S, config: Config, data_dir: impl Into<PathBuf>) -> Self {
        let storage = Arc::new(storage);
        let service = service::TeamService::new(Arc::clone(&storage), data_dir);
        Self::assemble(storage, config, service)
    }

    /// A server keeping its team replicas in a temporary folder (tests, benchmarks; a
    /// replica is a cache, rebuilt from the log when missing).
    pub fn new(storage: S, config: Config) -> Self {
        let storage = Arc::new(storage);
        let service = service::TeamService::temporary(Arc::clone(&storage));
        Self::assemble(storage, config, service)
    }

    fn assemble(storage: Arc<S>, config: Config, service: service::TeamService<S>) -> Self {
        let limiter = limits::RateLimiter::new(config.rate_per_second, config.rate_burst);
        let anonymous =
            limits::RateLimiter::new(config.anonymous_rate_per_second, config.anonymous_burst);
        Self {
            storage,
            config: Arc::new(config),
            limiter: Arc::new(limiter),
            anonymous: Arc::new(anonymous),
            metrics: Arc::new(metrics::Metrics::default()),
            service,
        }
    }
}
