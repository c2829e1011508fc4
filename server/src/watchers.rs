//! Wakes long-polling pulls when their team's log grows.
//!
//! Each storage backend owns one [`Watchers`] and announces every push that grows a
//! team's log: SQLite right after its commit (one server process owns the file),
//! PostgreSQL from a `LISTEN` task that hears every instance's pushes. A waiting pull
//! subscribes before it reads, so a push landing between its read and its wait still
//! wakes it.

use std::collections::HashMap;
use std::sync::Mutex;

use tokio::sync::watch;

#[derive(Debug, Default)]
pub struct Watchers {
    teams: Mutex<HashMap<String, watch::Sender<u64>>>,
}

impl Watchers {
    /// A receiver that changes whenever `team`'s log grows after this call.
    pub fn subscribe(&self, team: &str) -> watch::Receiver<u64> {
        let mut teams = self.teams.lock().unwrap_or_else(|p| p.into_inner());
        teams
            .entry(team.to_owned())
            .or_insert_with(|| watch::channel(0).0)
            .subscribe()
    }

    /// `team`'s log now ends at `latest`. Only news wakes anyone: the same push heard
    /// twice (from this instance and back through PostgreSQL) wakes once.
    pub fn announce(&self, team: &str, latest: u64) {
        let teams = self.teams.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(sender) = teams.get(team) {
            sender.send_if_modified(|known| {
                let news = latest > *known;
                *known = (*known).max(latest);
                news
            });
        }
    }

    /// Wakes every waiting pull to read again: announcements may have been missed.
    pub fn wake_all(&self) {
        let teams = self.teams.lock().unwrap_or_else(|p| p.into_inner());
        for sender in teams.values() {
            sender.send_modify(|_| {});
        }
    }
}
