//! Sync server figures over loopback, SQLite and PostgreSQL side by side in one run:
//!
//! - push 10,000 changes in the protocol's batches of 1,000 (raw HTTP);
//! - pull 100,000 leads (one `fields` change each, as the phones make them): the server's
//!   side alone (raw HTTP, pages of 1,000) and a real phone (`Warmline::sync`) applying
//!   them to its store;
//! - 50 devices at once, each pushing batches of its rep's leads and pulling: changes
//!   per second and p50/p99 latency of push and pull.
//!
//! `cargo bench -p warmline-server --bench sync` (add `-- --quick` for a tenth of the
//! sizes). Bounded in count and time; loopback only. Results go to docs/benchmarks.md.
//! The PostgreSQL cluster is a throwaway one (`tests/support/postgres.rs`, `fsync=off`,
//! so its figures exclude the disk flush the SQLite figures include).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a bench that fails should stop loudly

#[path = "../tests/support/mod.rs"]
mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::TimeZone;
use serde_json::{json, Value};
use support::{enrol, enrol_rep, phone, Running, Ureq};
use warmline_core::{ManualClock, NewLead};
use warmline_server::storage::Storage;
use warmline_server::Config;

/// Sizes of one run.
#[derive(Debug, Clone, Copy)]
struct Sizes {
    push: usize,
    pull: usize,
    devices: usize,
    rounds: usize,
    batch: usize,
}

const FULL: Sizes = Sizes {
    push: 10_000,
    pull: 100_000,
    devices: 50,
    rounds: 20,
    batch: 50,
};

/// No phase runs longer than this; devices stop early and the figures say so.
const PHASE_LIMIT: Duration = Duration::from_secs(120);

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes = if quick {
        Sizes {
            push: FULL.push / 10,
            pull: FULL.pull / 10,
            devices: FULL.devices / 5,
            rounds: FULL.rounds / 2,
            batch: FULL.batch,
        }
    } else {
        FULL
    };
    println!("sizes: {sizes:?}");
    let config = Config {
        rate_per_second: 1e9,
        rate_burst: 1e9,
        ..Config::default()
    };
    let sqlite = run("SQLite", &support::start_server_with(config.clone()), sizes);
    let url = support::postgres::fresh_database();
    let postgres = run(
        "PostgreSQL",
        &support::start_pg_server_at(&url, config),
        sizes,
    );
    println!();
    println!("| figure | SQLite | PostgreSQL |");
    println!("|---|---|---|");
    for (name, a, b) in sqlite
        .rows()
        .into_iter()
        .zip(postgres.rows())
        .map(|((n, a), (_, b))| (n, a, b))
    {
        println!("| {name} | {a} | {b} |");
    }
}

#[derive(Debug, Default)]
struct Figures {
    push_secs: f64,
    seed_secs: f64,
    raw_pull_secs: f64,
    phone_pull_secs: f64,
    concurrent_changes_per_sec: f64,
    concurrent_secs: f64,
    push_p50: Duration,
    push_p99: Duration,
    pull_p50: Duration,
    pull_p99: Duration,
    requests: usize,
}

impl Figures {
    fn rows(&self) -> Vec<(&'static str, String)> {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        vec![
            (
                "push 10k changes (10 batches of 1,000)",
                format!("{:.2} s", self.push_secs),
            ),
            (
                "seed 100k leads (100 pushes of 1,000)",
                format!("{:.2} s", self.seed_secs),
            ),
            (
                "pull 100k leads, raw HTTP",
                format!("{:.2} s", self.raw_pull_secs),
            ),
            (
                "pull 100k leads into a phone (Warmline::sync)",
                format!("{:.2} s", self.phone_pull_secs),
            ),
            (
                "50 devices: changes/s",
                format!("{:.0}", self.concurrent_changes_per_sec),
            ),
            (
                "50 devices: wall time",
                format!("{:.1} s ({} requests)", self.concurrent_secs, self.requests),
            ),
            (
                "50 devices: push p50 / p99",
                format!("{} / {}", ms(self.push_p50), ms(self.push_p99)),
            ),
            (
                "50 devices: pull p50 / p99",
                format!("{} / {}", ms(self.pull_p50), ms(self.pull_p99)),
            ),
        ]
    }
}

fn run<S: Storage>(name: &str, server: &Running<S>, sizes: Sizes) -> Figures {
    println!("== {name}");
    let template = lead_template(server);
    let mut figures = Figures {
        push_secs: push_phase(server, &template, sizes.push),
        ..Figures::default()
    };
    println!("push {} changes: {:.2} s", sizes.push, figures.push_secs);
    pull_phase(server, &template, sizes.pull, &mut figures);
    concurrent_phase(server, &template, sizes, &mut figures);
    figures
}

fn team<S: Storage>(server: &Running<S>, name: &str) -> String {
    server
        .runtime
        .block_on(server.storage.create_team(name))
        .unwrap()
}

/// A lead change exactly as a phone makes it: a phone adds a lead and syncs it to a
/// team of its own, and the server hands back what it stored.
fn lead_template<S: Storage>(server: &Running<S>) -> Value {
    let team = team(server, "Template");
    let token = enrol(server, &team, "template");
    let dir = tempfile::tempdir().unwrap();
    let app = phone(dir.path(), "template", clock());
    app.add_lead(NewLead {
        first_name: "Ann".into(),
        last_name: "Example".into(),
        phone: "+1 212 555 0190".into(),
        email: Some("ann@example.com".into()),
        company: Some("Example Roofing".into()),
        asked_about: Some("solar panels for a south-facing roof".into()),
        ..NewLead::default()
    })
    .unwrap();
    app.sync(&Ureq, &server.url, &token).unwrap();
    let page = get(&server.url, &token, 0);
    let change = page["changes"][0].clone();
    println!(
        "a lead change has {} fields, {} bytes of JSON",
        change["fields"].as_object().unwrap().len(),
        change.to_string().len()
    );
    change
}

fn clock() -> Arc<ManualClock> {
    Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
            .unwrap(),
    ))
}

/// The template as lead number `n`, assigned to `rep` (or nobody).
fn lead_change(template: &Value, n: usize, rep: Option<&str>) -> Value {
    let mut change = template.clone();
    let object = change.as_object_mut().unwrap();
    object.remove("seq");
    object.remove("device_id");
    object.insert("id".into(), json!(uuid::Uuid::now_v7().to_string()));
    object.insert("lead_id".into(), json!(uuid::Uuid::now_v7().to_string()));
    let fields = object["fields"].as_object_mut().unwrap();
    let number = format!("+1{:03}555{:04}", 201 + n / 10_000, n % 10_000);
    fields.insert("first_name".into(), json!(format!("Lead{n}")));
    fields.insert("phone_raw".into(), json!(number));
    fields.insert("phone_e164".into(), json!(number));
    fields.insert("assigned_to".into(), json!(rep));
    change
}

fn push(url: &str, token: &str, changes: &[Value]) -> Duration {
    let started = Instant::now();
    let response: Value = ureq::post(&format!("{url}/v1/push"))
        .timeout(Duration::from_secs(60))
        .set("authorization", &format!("Bearer {token}"))
        .send_json(json!({ "changes": changes }))
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(
        response["accepted"].as_u64().unwrap() as usize,
        changes.len()
    );
    started.elapsed()
}

fn get(url: &str, token: &str, since: u64) -> Value {
    ureq::get(&format!("{url}/v1/pull?since={since}"))
        .timeout(Duration::from_secs(60))
        .set("authorization", &format!("Bearer {token}"))
        .call()
        .unwrap()
        .into_json()
        .unwrap()
}

fn push_phase<S: Storage>(server: &Running<S>, template: &Value, count: usize) -> f64 {
    let team = team(server, "Push");
    let token = enrol(server, &team, "pusher");
    let changes: Vec<Value> = (0..count).map(|n| lead_change(template, n, None)).collect();
    let started = Instant::now();
    for batch in changes.chunks(1_000) {
        push(&server.url, &token, batch);
    }
    started.elapsed().as_secs_f64()
}

fn pull_phase<S: Storage>(
    server: &Running<S>,
    template: &Value,
    count: usize,
    figures: &mut Figures,
) {
    let team = team(server, "Pull");
    let seeder = enrol(server, &team, "seeder");
    let started = Instant::now();
    for start in (0..count).step_by(1_000) {
        let batch: Vec<Value> = (start..(start + 1_000).min(count))
            .map(|n| lead_change(template, n, None))
            .collect();
        push(&server.url, &seeder, &batch);
    }
    figures.seed_secs = started.elapsed().as_secs_f64();
    println!("seed {count} leads: {:.2} s", figures.seed_secs);

    let reader = enrol(server, &team, "reader");
    let started = Instant::now();
    let (mut since, mut pulled) = (0, 0);
    loop {
        let page = get(&server.url, &reader, since);
        pulled += page["changes"].as_array().unwrap().len();
        since = page["cursor"].as_u64().unwrap();
        if !page["more"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(pulled, count);
    figures.raw_pull_secs = started.elapsed().as_secs_f64();
    println!(
        "pull {count} leads, raw HTTP: {:.2} s",
        figures.raw_pull_secs
    );

    let token = enrol(server, &team, "phone");
    let dir = tempfile::tempdir().unwrap();
    let app = phone(dir.path(), "phone", clock());
    let started = Instant::now();
    let report = app.sync(&Ureq, &server.url, &token).unwrap();
    figures.phone_pull_secs = started.elapsed().as_secs_f64();
    assert_eq!(report.applied as usize, count, "{report:?}");
    println!(
        "pull {count} leads into a phone: {:.2} s ({} bytes received)",
        figures.phone_pull_secs, report.bytes_received
    );
}

/// Devices of one team, each rep's own leads: every round pushes a batch and pulls.
fn concurrent_phase<S: Storage>(
    server: &Running<S>,
    template: &Value,
    sizes: Sizes,
    figures: &mut Figures,
) {
    let team = team(server, "Busy");
    let devices: Vec<(String, String)> = (0..sizes.devices)
        .map(|i| enrol_rep(server, &team, &format!("rep{i}")))
        .collect();
    let deadline = Instant::now() + PHASE_LIMIT;
    let started = Instant::now();
    let results: Vec<(Vec<Duration>, Vec<Duration>, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = devices
            .iter()
            .enumerate()
            .map(|(d, (rep, token))| {
                let url = server.url.clone();
                scope.spawn(move || device_rounds(&url, template, d, rep, token, sizes, deadline))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let elapsed = started.elapsed();
    let mut pushes: Vec<Duration> = results.iter().flat_map(|r| r.0.clone()).collect();
    let mut pulls: Vec<Duration> = results.iter().flat_map(|r| r.1.clone()).collect();
    let changes: usize = results.iter().map(|r| r.2).sum();
    figures.concurrent_secs = elapsed.as_secs_f64();
    figures.concurrent_changes_per_sec = changes as f64 / elapsed.as_secs_f64();
    figures.requests = pushes.len() + pulls.len();
    (figures.push_p50, figures.push_p99) = percentiles(&mut pushes);
    (figures.pull_p50, figures.pull_p99) = percentiles(&mut pulls);
    println!(
        "{} devices: {changes} changes in {:.1} s = {:.0} changes/s; push p50/p99 {:?}/{:?}; pull p50/p99 {:?}/{:?}",
        sizes.devices,
        figures.concurrent_secs,
        figures.concurrent_changes_per_sec,
        figures.push_p50,
        figures.push_p99,
        figures.pull_p50,
        figures.pull_p99
    );
}

fn device_rounds(
    url: &str,
    template: &Value,
    device: usize,
    rep: &str,
    token: &str,
    sizes: Sizes,
    deadline: Instant,
) -> (Vec<Duration>, Vec<Duration>, usize) {
    let (mut pushes, mut pulls, mut changes, mut since) = (Vec::new(), Vec::new(), 0, 0);
    for round in 0..sizes.rounds {
        if Instant::now() > deadline {
            break;
        }
        let batch: Vec<Value> = (0..sizes.batch)
            .map(|n| {
                lead_change(
                    template,
                    (device * sizes.rounds + round) * sizes.batch + n,
                    Some(rep),
                )
            })
            .collect();
        pushes.push(push(url, token, &batch));
        changes += batch.len();
        let started = Instant::now();
        let page = get(url, token, since);
        pulls.push(started.elapsed());
        since = page["cursor"].as_u64().unwrap();
    }
    (pushes, pulls, changes)
}

fn percentiles(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.50), at(0.99))
}
