//! Observers: the apps register a callback and keep the handle they get back.
//!
//! Dropping (Kotlin: `close()`, Swift: releasing) the [`ObservationHandle`] drops the
//! core's subscription, so a screen that goes away stops listening without a second call.

use std::sync::Mutex;

use warmline_core::Subscription;

/// Told which leads changed, after the change is committed. Called on a background
/// thread: hop to the UI thread before drawing.
#[uniffi::export(callback_interface)]
pub trait LeadsObserver: Send + Sync {
    fn on_leads_changed(&self, lead_ids: Vec<String>);
}

/// Told that the queue may have changed (a lead added, called, moved, or new calling
/// hours): read it again. Called on a background thread.
#[uniffi::export(callback_interface)]
pub trait QueueObserver: Send + Sync {
    fn on_queue_changed(&self);
}

/// Keeps an observation alive; drop it (or call `cancel`) to stop.
#[derive(Debug, uniffi::Object)]
pub struct ObservationHandle {
    subscription: Mutex<Option<Subscription>>,
}

impl ObservationHandle {
    pub(crate) fn new(subscription: Subscription) -> Self {
        Self {
            subscription: Mutex::new(Some(subscription)),
        }
    }
}

#[uniffi::export]
impl ObservationHandle {
    /// Stops the observation now rather than when the handle is released.
    pub fn cancel(&self) {
        let mut subscription = self.subscription.lock().unwrap_or_else(|p| p.into_inner());
        subscription.take();
    }
}
