//! Change notifications from the store to whoever draws it.
//!
//! The apps observe ("the queue changed, redraw") rather than poll. A subscriber gets a
//! [`Subscription`]; dropping it unsubscribes, so a screen that goes away cannot leak a
//! listener. Listeners are called after the write has committed and with no lock held,
//! so a listener may read the store again.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, Weak};

/// What changed: the ids of the leads whose data was written.
pub type Listener = dyn Fn(&[String]) + Send + Sync;

#[derive(Default)]
struct Registry {
    next_id: u64,
    listeners: BTreeMap<u64, Arc<Listener>>,
}

/// Fan-out of lead changes to any number of listeners.
#[derive(Default, Clone)]
pub struct ChangeNotifier {
    registry: Arc<Mutex<Registry>>,
}

impl std::fmt::Debug for ChangeNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChangeNotifier")
            .field("listeners", &self.listener_count())
            .finish()
    }
}

impl ChangeNotifier {
    pub fn subscribe(&self, listener: Arc<Listener>) -> Subscription {
        let mut registry = lock(&self.registry);
        let id = registry.next_id;
        registry.next_id += 1;
        registry.listeners.insert(id, listener);
        Subscription {
            id,
            registry: Arc::downgrade(&self.registry),
        }
    }

    /// Calls every listener with `lead_ids`. Listeners registered or dropped meanwhile
    /// take effect from the next call.
    pub fn notify(&self, lead_ids: &[String]) {
        let listeners: Vec<Arc<Listener>> =
            lock(&self.registry).listeners.values().cloned().collect();
        for listener in listeners {
            listener(lead_ids);
        }
    }

    pub fn listener_count(&self) -> usize {
        lock(&self.registry).listeners.len()
    }
}

/// A live subscription; dropping it stops the notifications.
#[must_use = "dropping a Subscription unsubscribes at once"]
#[derive(Debug)]
pub struct Subscription {
    id: u64,
    registry: Weak<Mutex<Registry>>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(registry) = self.registry.upgrade() {
            lock(&registry).listeners.remove(&self.id);
        }
    }
}

fn lock(registry: &Mutex<Registry>) -> std::sync::MutexGuard<'_, Registry> {
    // The registry is a plain map: still consistent if a panic poisoned the lock.
    registry
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn dropping_the_subscription_stops_notifications() {
        let notifier = ChangeNotifier::default();
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let subscription = notifier.subscribe(Arc::new(move |_ids: &[String]| {
            counter.fetch_add(1, Ordering::SeqCst);
        }));
        notifier.notify(&["a".to_owned()]);
        drop(subscription);
        notifier.notify(&["b".to_owned()]);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(notifier.listener_count(), 0);
    }
}
