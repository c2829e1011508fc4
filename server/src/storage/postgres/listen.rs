//! Wakes this instance's long polls for pushes taken by any instance.
//!
//! A push sends `NOTIFY warmline_changes, '<team id>:<latest seq>'` inside its
//! transaction, so PostgreSQL delivers it only if the push commits, and only after. Each
//! instance keeps one dedicated connection that `LISTEN`s and feeds [`Watchers`]. When
//! that connection drops, the task reconnects every second and then wakes every waiting
//! pull to read again, since notifications sent meanwhile are lost; long polls also end
//! at their deadline whatever happens, so a lost wake delays a change, never loses it.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::AbortHandle;
use tokio_postgres::{AsyncMessage, NoTls};

use super::Result;
use crate::watchers::Watchers;

const CHANNEL: &str = "warmline_changes";

/// The listening task; stopped when dropped.
#[derive(Debug)]
pub(super) struct Listener(AbortHandle);

impl Listener {
    /// Connects once (so a wrong URL fails at startup), then listens in the background;
    /// returns once the first `LISTEN` is in place, so every push made elsewhere after the
    /// storage is handed out wakes this instance's pulls.
    pub(super) async fn start(
        config: tokio_postgres::Config,
        watchers: Arc<Watchers>,
    ) -> Result<Self> {
        let first = config.connect(NoTls).await?;
        let (listening, started) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(async move {
            let mut connection = Some(first);
            let mut first_listen = Some(listening);
            loop {
                if let Some((client, conn)) = connection.take() {
                    listen(client, conn, &watchers, first_listen.take()).await;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                match config.connect(NoTls).await {
                    Ok(pair) => connection = Some(pair),
                    Err(err) => {
                        tracing::warn!(error = %err, "cannot reconnect to listen for pushes")
                    }
                }
            }
        });
        // A first LISTEN that failed drops the sender: carry on, the loop reconnects.
        let _ = started.await;
        Ok(Self(task.abort_handle()))
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Listens on one connection until it fails.
async fn listen<S, T>(
    client: tokio_postgres::Client,
    mut connection: tokio_postgres::Connection<S, T>,
    watchers: &Watchers,
    first_listen: Option<tokio::sync::oneshot::Sender<()>>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let messages = async {
        while let Some(message) = std::future::poll_fn(|cx| connection.poll_message(cx)).await {
            match message {
                Ok(AsyncMessage::Notification(note)) => announce(watchers, note.payload()),
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "the connection listening for pushes failed");
                    return;
                }
            }
        }
    };
    let subscribe = async {
        match client.batch_execute(&format!("LISTEN {CHANNEL}")).await {
            // At startup `start` waits for this, so nothing was missed. After a lost
            // connection, anything pushed while none listened is read now.
            Ok(()) => match first_listen {
                Some(started) => {
                    let _ = started.send(());
                }
                None => watchers.wake_all(),
            },
            Err(err) => {
                tracing::warn!(error = %err, "cannot LISTEN for pushes");
                return;
            }
        }
        std::future::pending::<()>().await;
    };
    tokio::select! {
        () = messages => {}
        () = subscribe => {}
    }
}

fn announce(watchers: &Watchers, payload: &str) {
    match payload
        .rsplit_once(':')
        .map(|(team, seq)| (team, seq.parse()))
    {
        Some((team, Ok(latest))) => watchers.announce(team, latest),
        _ => tracing::warn!(payload, "an unreadable push notification"),
    }
}

/// Tells every instance, on commit, that `team_id`'s log now ends at `latest`.
pub(super) async fn notify(
    tx: &deadpool_postgres::Transaction<'_>,
    team_id: &str,
    latest: i64,
) -> Result<()> {
    let statement = tx.prepare_cached("SELECT pg_notify($1, $2)").await?;
    tx.execute(&statement, &[&CHANNEL, &format!("{team_id}:{latest}")])
        .await?;
    Ok(())
}
