//! The demo's server: the real router and team service over SQLite, on a loopback port
//! of a throwaway folder, stopped when the demo ends.

use std::path::Path;
use std::sync::Arc;

use tokio::runtime::Runtime;
use tokio::sync::oneshot;
use warmline_server::serve::serve;
use warmline_server::service::TeamService;
use warmline_server::storage::SqliteStorage;
use warmline_server::{AppState, Config};

use crate::fail::Context;

pub struct DemoServer {
    pub url: String,
    pub storage: Arc<SqliteStorage>,
    pub service: TeamService<SqliteStorage>,
    stop: Option<oneshot::Sender<()>>,
}

impl DemoServer {
    /// Starts a server on a free loopback port, keeping its database and replicas in `dir`.
    pub fn start(runtime: &Runtime, dir: &Path) -> Result<Self, String> {
        let database = dir.join("server.db");
        let storage = SqliteStorage::open(&database)
            .context(format!("cannot open {}", database.display()))?;
        let state = AppState::with_service(storage, Config::default(), dir.join("replicas"));
        let storage = Arc::clone(&state.storage);
        let service = state.service.clone();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .context("cannot listen on loopback")?;
        let url = format!(
            "http://{}",
            listener
                .local_addr()
                .context("cannot read the server's address")?
        );
        let (stop, stopped) = oneshot::channel::<()>();
        runtime.spawn(async move {
            let shutdown = async {
                // A dropped sender stops the server too.
                let _ = stopped.await;
            };
            if let Err(e) = serve(state, listener, shutdown).await {
                eprintln!("warmline: the demo server failed: {e}");
            }
        });
        Ok(Self {
            url,
            storage,
            service,
            stop: Some(stop),
        })
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may already be gone; nothing else to do then.
            let _ = stop.send(());
        }
    }
}
