//! Screen states delivered to observers.
//!
//! A screen observer is told the screen's whole state once when it starts and again after
//! every commit that changed it (crux-style: the shell redraws what it is given, it never
//! asks "what changed?"). A state equal to the last one delivered is not sent again, so a
//! busy store does not make a still screen flicker.

use std::sync::{Arc, Mutex};

use crate::error::Result;
use crate::notify::Subscription;
use crate::warmline::Warmline;

/// Computes the screen's state from the store.
pub type Compute<T> = dyn Fn(&Warmline) -> Result<T> + Send + Sync;
/// Receives each new state, or the error that stopped computing it.
pub type Deliver<T> = dyn Fn(Result<T>) + Send + Sync;

/// Delivers `compute`'s state now and after each commit that changes it, until the
/// returned subscription is dropped. Runs on the writer's thread after its commit, with
/// no lock held.
pub fn watch<T>(
    warmline: &Arc<Warmline>,
    compute: Arc<Compute<T>>,
    deliver: Arc<Deliver<T>>,
) -> Subscription
where
    T: PartialEq + Clone + Send + 'static,
{
    let last: Arc<Mutex<Option<T>>> = Arc::new(Mutex::new(None));
    let send = {
        let last = Arc::clone(&last);
        move |warmline: &Warmline| match compute(warmline) {
            Ok(state) => {
                let mut last = last.lock().unwrap_or_else(|p| p.into_inner());
                if last.as_ref() != Some(&state) {
                    *last = Some(state.clone());
                    drop(last);
                    deliver(Ok(state));
                }
            }
            Err(error) => deliver(Err(error)),
        }
    };
    let weak = Arc::downgrade(warmline);
    let send = Arc::new(send);
    let on_write = Arc::clone(&send);
    let subscription = warmline.subscribe_writes(Arc::new(move |_: &[String]| {
        if let Some(warmline) = weak.upgrade() {
            on_write(&warmline);
        }
    }));
    send(warmline);
    subscription
}
