//! Shared by the sync tests: a real server on loopback (on SQLite or PostgreSQL) and a
//! blocking HTTP client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod postgres;

use std::sync::Arc;
use std::time::Duration;

use warmline_core::{DeviceSettings, ManualClock, Warmline};
use warmline_server::storage::{SqliteStorage, Storage};
use warmline_server::{router, AppState, Config};

/// The `warmline` command's blocking client (one implementation for the CLI and the tests).
#[path = "../../../cli/src/http.rs"]
mod http;
#[allow(unused_imports)] // not every test binary syncs a phone
pub use http::Ureq;

pub struct Running<S = SqliteStorage> {
    pub url: String,
    pub storage: Arc<S>,
    /// The team views (intake, reports, queues) the server uses.
    pub service: warmline_server::service::TeamService<S>,
    pub runtime: tokio::runtime::Runtime,
    _dir: Option<tempfile::TempDir>,
}

/// A server on a fresh SQLite file.
pub fn start_server() -> Running {
    start_server_with(Config::default())
}

pub fn start_server_with(config: Config) -> Running {
    let dir = tempfile::tempdir().unwrap();
    let storage = SqliteStorage::open(dir.path().join("server.db")).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    serve(storage, runtime, Some(dir), config)
}

/// A server on a fresh PostgreSQL database of the tests' cluster.
pub fn start_pg_server() -> Running<warmline_server::storage::PgStorage> {
    start_pg_server_at(&postgres::fresh_database(), Config::default())
}

/// A server on the PostgreSQL database at `url` (several may share one).
pub fn start_pg_server_at(
    url: &str,
    config: Config,
) -> Running<warmline_server::storage::PgStorage> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let storage = runtime
        .block_on(warmline_server::storage::PgStorage::connect(url))
        .unwrap();
    serve(storage, runtime, None, config)
}

fn serve<S: Storage>(
    storage: S,
    runtime: tokio::runtime::Runtime,
    dir: Option<tempfile::TempDir>,
    config: Config,
) -> Running<S> {
    let state = AppState::new(storage, config);
    let storage = Arc::clone(&state.storage);
    let service = state.service.clone();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    runtime.spawn(async move { axum::serve(listener, app).await });
    Running {
        url,
        storage,
        service,
        runtime,
        _dir: dir,
    }
}

/// Creates a rep in `team` and enrols a device for them; the device's token.
pub fn enrol<S: Storage>(server: &Running<S>, team: &str, rep: &str) -> String {
    enrol_rep(server, team, rep).1
}

/// Like [`enrol`], also returning the new rep's id.
pub fn enrol_rep<S: Storage>(server: &Running<S>, team: &str, rep: &str) -> (String, String) {
    let (made, code) = server
        .runtime
        .block_on(
            server
                .storage
                .create_rep(team, rep, Duration::from_secs(60)),
        )
        .unwrap();
    let (_, token) = server
        .runtime
        .block_on(server.storage.enrol(&code, rep))
        .unwrap();
    (made.id, token)
}

pub fn phone(dir: &std::path::Path, name: &str, clock: Arc<ManualClock>) -> Warmline {
    let device = DeviceSettings {
        time_zone: "America/New_York".into(),
        rep_first_name: Some(name.into()),
    };
    Warmline::open(dir.join(format!("{name}.db")), device, clock).unwrap()
}
