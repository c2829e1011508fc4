//! Queue benchmarks: the ranked first page over 100,000 leads, and a cold open.
//!
//! cargo bench -p warmline-core --bench queue

#![allow(clippy::unwrap_used)] // a benchmark that fails should stop loudly

#[path = "fixture/mod.rs"]
mod fixture;

use criterion::{criterion_group, criterion_main, Criterion};
use warmline_core::Durability;

const LEADS: u64 = 100_000;

fn queue_top_50(c: &mut Criterion) {
    let path = fixture::store(LEADS);
    let app = fixture::open(&path, Durability::PowerSafe);
    let first = app.queue(50).unwrap();
    assert_eq!(first.entries.len(), 50);
    eprintln!(
        "open leads: {}, callable now: {}",
        first.open, first.callable_now
    );
    c.bench_function("queue: top 50 of 100k leads", |b| {
        b.iter(|| app.queue(50).unwrap())
    });
}

fn cold_open_first_page(c: &mut Criterion) {
    let path = fixture::store(LEADS);
    c.bench_function("cold open of 100k leads + first page", |b| {
        b.iter(|| {
            let app = fixture::open(&path, Durability::PowerSafe);
            app.queue(50).unwrap()
        })
    });
}

criterion_group!(benches, queue_top_50, cold_open_first_page);
criterion_main!(benches);
