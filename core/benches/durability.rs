//! How long a durable write takes: recording an outcome, at each durability level.
//! Prints p50/p99/max over individual calls (criterion reports means, not tails).
//!
//! cargo bench -p warmline-core --bench durability

#[path = "fixture/mod.rs"]
mod fixture;

use std::time::{Duration, Instant};

use warmline_core::{Durability, Outcome};

const CALLS: u64 = 2_000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

fn measure(durability: Durability) -> Vec<Duration> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("durability.db");
    let app = fixture::open(&path, durability);
    let ids: Vec<String> = app
        .add_leads(fixture::new_leads(0, CALLS))
        .expect("leads")
        .into_iter()
        .map(|lead| lead.expect("lead").id.to_string())
        .collect();
    let mut times: Vec<Duration> = ids
        .iter()
        .map(|id| {
            let start = Instant::now();
            app.record_outcome(id, Outcome::NoAnswer).expect("outcome");
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    println!("record_outcome, {CALLS} calls each (one transaction each, WAL):");
    for (name, durability) in [
        ("FULL (PowerSafe)", Durability::PowerSafe),
        ("NORMAL (ProcessSafe)", Durability::ProcessSafe),
    ] {
        let t = measure(durability);
        println!(
            "  synchronous={name:<22} p50 {:>8.3} ms   p99 {:>8.3} ms   max {:>8.3} ms",
            percentile(&t, 0.50).as_secs_f64() * 1e3,
            percentile(&t, 0.99).as_secs_f64() * 1e3,
            t[t.len() - 1].as_secs_f64() * 1e3,
        );
    }
}
