//! Counters for `/metrics`, in the Prometheus text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Metrics {
    pub requests: AtomicU64,
    pub errors: AtomicU64,
    pub changes_accepted: AtomicU64,
    pub changes_duplicate: AtomicU64,
    pub changes_pulled: AtomicU64,
    pub enrolments: AtomicU64,
}

impl Metrics {
    pub fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for (name, help, counter) in [
            (
                "warmline_requests_total",
                "HTTP requests handled.",
                &self.requests,
            ),
            (
                "warmline_request_errors_total",
                "Requests answered with an error.",
                &self.errors,
            ),
            (
                "warmline_changes_accepted_total",
                "Pushed changes stored.",
                &self.changes_accepted,
            ),
            (
                "warmline_changes_duplicate_total",
                "Pushed changes already stored (re-sent).",
                &self.changes_duplicate,
            ),
            (
                "warmline_changes_pulled_total",
                "Changes sent to devices.",
                &self.changes_pulled,
            ),
            (
                "warmline_enrolments_total",
                "Devices enrolled.",
                &self.enrolments,
            ),
        ] {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out
    }
}
