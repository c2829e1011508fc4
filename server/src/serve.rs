//! Running the server on a listener until told to stop.
//!
//! One function shared by `warmline-server`, `warmline serve` and `warmline demo`, so the
//! three serve exactly the same router with the same graceful shutdown: stop accepting
//! connections when `shutdown` completes, then let requests in flight finish.

use std::future::Future;

use tokio::net::TcpListener;

use crate::storage::Storage;
use crate::{router, AppState};

/// Serves the whole API on `listener` until `shutdown` completes and the requests in
/// flight have finished.
pub async fn serve<S: Storage>(
    state: AppState<S>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The client's address, for the limits on requests without a valid token.
    let app = router(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C or, on Unix, SIGTERM: what a terminal or a service manager sends.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, Ctrl-C keeps its default effect (exit).
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
