//! The loops an open app runs, in the core so the shells hold none: keeping in sync, and
//! redrawing the queue when its order changes by itself.
//!
//! Each driver is a thread started with a handle; dropping the handle stops it (a long
//! poll in flight is left to finish on its own and its result dropped). The waits come
//! from the core's schedule ([`crate::sync::SyncStatus::next_attempt_at`], back-off and
//! `Retry-After` included) and the queue's own `refresh_at`, measured on the core's
//! clock; a shell that learns the network is back calls [`SyncDriver::network_available`]
//! to cut a back-off short.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

use super::lead_screens::SyncScreen;
use crate::notify::Subscription;
use crate::sync::HttpClient;
use crate::warmline::Warmline;

/// How long a pull waits on the server for news while the app is open (the server's
/// cap).
pub const LONG_POLL: Duration = Duration::from_secs(25);
/// The longest a driver sleeps without looking again (a clock that jumps, a missed wake).
const MAX_SLEEP: Duration = Duration::from_secs(60);
/// The shortest pause between two redraws the clock asked for.
const MIN_SLEEP: Duration = Duration::from_secs(1);

/// Why a driver's sleep ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wake {
    Stopped,
    /// Something happened (network back, a local change): act now.
    Woken,
    /// The time it waited for has come.
    Due,
    /// It slept [`MAX_SLEEP`] and the time has not come: look again.
    NotYet,
}

/// What wakes a driver early.
#[derive(Debug, Default)]
struct Signal {
    stopped: bool,
    woken: bool,
}

#[derive(Debug, Default)]
struct Shared {
    signal: Mutex<Signal>,
    bell: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Signal> {
        self.signal.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn wake(&self) {
        self.lock().woken = true;
        self.bell.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.bell.notify_all();
    }

    /// Sleeps up to `wait` (at most [`MAX_SLEEP`]) or until woken.
    fn sleep(&self, wait: Duration) -> Wake {
        let mut signal = self.lock();
        if !signal.woken && !signal.stopped {
            signal = self
                .bell
                .wait_timeout(signal, wait.min(MAX_SLEEP))
                .map(|(guard, _)| guard)
                .unwrap_or_else(|p| p.into_inner().0);
        }
        let woken = std::mem::take(&mut signal.woken);
        match (signal.stopped, woken) {
            (true, _) => Wake::Stopped,
            (false, true) => Wake::Woken,
            (false, false) if wait > MAX_SLEEP => Wake::NotYet,
            (false, false) => Wake::Due,
        }
    }

    fn stopped(&self) -> bool {
        self.lock().stopped
    }
}

/// Receives the sync status after every attempt.
pub type SyncListener = dyn Fn(SyncScreen) + Send + Sync;

/// Keeps this phone in sync while it runs: long polls for news, pushes each local change
/// at once, backs off after failures as the schedule says.
#[must_use = "dropping the driver stops it"]
pub struct SyncDriver {
    poll: Arc<Shared>,
    push: Arc<Shared>,
    _writes: Subscription,
}

impl std::fmt::Debug for SyncDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncDriver").finish_non_exhaustive()
    }
}

impl SyncDriver {
    /// Starts syncing `warmline` with `server` as the device holding `token`.
    pub fn start(
        warmline: &Arc<Warmline>,
        http: Arc<dyn HttpClient>,
        server: String,
        token: String,
        listener: Arc<SyncListener>,
    ) -> Self {
        let poll = Arc::new(Shared::default());
        let push = Arc::new(Shared::default());
        let target = Arc::new((http, server, token, listener));
        {
            let (weak, poll, target) = (
                Arc::downgrade(warmline),
                Arc::clone(&poll),
                Arc::clone(&target),
            );
            thread::spawn(move || {
                let (http, server, token, listener) = &*target;
                // Holds the store only while working, so a dropped app can close it.
                loop {
                    let Some(warmline) = weak.upgrade() else {
                        return;
                    };
                    let wait = warmline
                        .sync_status()
                        .map(|s| {
                            (s.next_attempt_at - warmline.clock.now())
                                .to_std()
                                .unwrap_or_default()
                        })
                        .unwrap_or(MAX_SLEEP);
                    drop(warmline);
                    if !wait.is_zero() {
                        match poll.sleep(wait) {
                            Wake::Stopped => return,
                            Wake::NotYet => continue,
                            Wake::Woken | Wake::Due => {}
                        }
                    }
                    let Some(warmline) = weak.upgrade() else {
                        return;
                    };
                    let _ = warmline.sync_waiting(http.as_ref(), server, token, LONG_POLL);
                    if poll.stopped() {
                        return;
                    }
                    if let Ok(screen) = warmline.sync_screen() {
                        listener(screen);
                    }
                }
            });
        }
        {
            let (weak, push, target) = (
                Arc::downgrade(warmline),
                Arc::clone(&push),
                Arc::clone(&target),
            );
            thread::spawn(move || {
                let (http, server, token, listener) = &*target;
                while push.sleep(MAX_SLEEP) != Wake::Stopped {
                    let Some(warmline) = weak.upgrade() else {
                        return;
                    };
                    // Nothing to send, or backing off after a failure: the long-poll
                    // thread pushes when the schedule says (or the network comes back).
                    let Ok(status) = warmline.sync_status() else {
                        continue;
                    };
                    if status.pending_changes == 0 || status.next_attempt_at > warmline.clock.now()
                    {
                        continue;
                    }
                    let _ = warmline.sync(http.as_ref(), server, token);
                    if let Ok(screen) = warmline.sync_screen() {
                        listener(screen);
                    }
                }
            });
        }
        let on_write = Arc::clone(&push);
        let writes = warmline.subscribe_writes(Arc::new(move |_: &[String]| on_write.wake()));
        Self {
            poll,
            push,
            _writes: writes,
        }
    }

    /// The network came back: try now instead of waiting out a back-off.
    pub fn network_available(&self) {
        self.poll.wake();
    }
}

impl Drop for SyncDriver {
    fn drop(&mut self) {
        self.poll.stop();
        self.push.stop();
    }
}

/// Tells every screen watcher to recompute when the queue's order changes by itself (a
/// held lead becomes callable, a window closes), so the shells need no timer.
#[must_use = "dropping the driver stops it"]
pub struct RefreshDriver {
    shared: Arc<Shared>,
    _writes: Subscription,
}

impl std::fmt::Debug for RefreshDriver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshDriver").finish_non_exhaustive()
    }
}

impl RefreshDriver {
    pub fn start(warmline: &Arc<Warmline>) -> Self {
        let shared = Arc::new(Shared::default());
        let weak = Arc::downgrade(warmline);
        let sleeper = Arc::clone(&shared);
        // The instant the queue says its order will change by itself; read here, before
        // the thread starts, so a clock moved right after `start` is noticed.
        let mut awaited = warmline.queue(1).ok().and_then(|q| q.refresh_at);
        thread::spawn(move || {
            loop {
                let Some(warmline) = weak.upgrade() else {
                    return;
                };
                let now = warmline.clock.now();
                if awaited.is_some_and(|at| at <= now) {
                    warmline.writes.notify(&[]);
                    // Our own notification is not news to us.
                    sleeper.lock().woken = false;
                }
                awaited = warmline.queue(1).ok().and_then(|q| q.refresh_at);
                drop(warmline);
                let wait = awaited.map_or(MAX_SLEEP, |at| {
                    (at - now).to_std().unwrap_or_default().max(MIN_SLEEP)
                });
                if sleeper.sleep(wait) == Wake::Stopped {
                    return;
                }
            }
        });
        let on_write = Arc::clone(&shared);
        let writes = warmline.subscribe_writes(Arc::new(move |_: &[String]| on_write.wake()));
        Self {
            shared,
            _writes: writes,
        }
    }

    /// The phone's clock moved (time zone change, manual set, a test clock): look again.
    pub fn clock_changed(&self) {
        self.shared.wake();
    }
}

impl Drop for RefreshDriver {
    fn drop(&mut self) {
        self.shared.stop();
    }
}
