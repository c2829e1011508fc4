//! `warmline serve`: the sync and intake server, as `warmline-server` runs it.

use std::path::Path;

use warmline_server::serve::{serve, shutdown_signal};
use warmline_server::storage::Storage;
use warmline_server::{AppState, Config};

use crate::args::ServeArgs;
use crate::fail::Context;

pub async fn run<S: Storage>(storage: S, data_dir: &Path, args: &ServeArgs) -> Result<(), String> {
    init_logs();
    let config = Config {
        max_body_bytes: args.max_body_bytes,
        rate_per_second: args.rate,
        admin_token_hash: args
            .admin_token
            .as_deref()
            .map(warmline_server::auth::admin_token_hash)
            .transpose()
            .map_err(|e| format!("WARMLINE_ADMIN_TOKEN: {e}"))?,
        ..Config::default()
    };
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .context(format!("cannot listen on {}", args.listen))?;
    let address = listener
        .local_addr()
        .context("cannot read the listening address")?;
    tracing::info!(%address, data_dir = %data_dir.display(), "listening");
    // Tests and scripts read this line to find the port when listening on :0.
    println!("listening on http://{address}");
    let state = AppState::with_service(storage, config, data_dir);
    serve(state, listener, shutdown_signal())
        .await
        .context("the server failed")?;
    tracing::info!("stopped");
    Ok(())
}

/// JSON lines on stderr, `info` and up unless `RUST_LOG` says otherwise.
fn init_logs() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
}
