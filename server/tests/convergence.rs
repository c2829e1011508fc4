//! Proof that sync converges under a hostile network: requests dropped, responses lost
//! after the server committed, requests duplicated, delayed and delivered out of order,
//! while three phones of one team change the same leads. Afterwards, with the network
//! healthy again, every phone holds the same lead fields, and every note any phone saved
//! exists exactly once on every phone.
//!
//! `WARMLINE_CONVERGENCE_SEEDS=500 cargo test -p warmline-server --test convergence`
//! runs longer than the CI default.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use chrono::{Duration, TimeZone};
use support::{enrol, phone, start_server, Ureq};
use warmline_core::sync::{HttpClient, HttpRequest, HttpResponse};
use warmline_core::{ManualClock, NewLead, Outcome, Warmline};
use warmline_server::storage::Storage;

/// A small deterministic generator, so a failing seed can be replayed.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Wraps the real client and misbehaves at random.
struct Faulty {
    inner: Ureq,
    rng: Mutex<Rng>,
    /// Requests held back, delivered later (delay and reordering).
    held: Mutex<Vec<HttpRequest>>,
    enabled: Mutex<bool>,
}

impl Faulty {
    fn new(seed: u64) -> Self {
        Self {
            inner: Ureq,
            rng: Mutex::new(Rng(seed)),
            held: Mutex::new(Vec::new()),
            enabled: Mutex::new(true),
        }
    }

    fn heal(&self) {
        *self.enabled.lock().unwrap() = false;
        for request in self.held.lock().unwrap().drain(..) {
            let _ = self.inner.send(request);
        }
    }
}

impl HttpClient for Faulty {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        if !*self.enabled.lock().unwrap() {
            return self.inner.send(request);
        }
        // Sometimes deliver a held-back request first: it arrives late and out of order.
        let late = {
            let mut held = self.held.lock().unwrap();
            let deliver = !held.is_empty() && self.rng.lock().unwrap().below(3) == 0;
            deliver.then(|| held.remove(0))
        };
        if let Some(late) = late {
            let _ = self.inner.send(late);
        }
        let fault = self.rng.lock().unwrap().below(10);
        match fault {
            0 => Err("fault: request dropped".into()),
            1 => {
                let _ = self.inner.send(request);
                Err("fault: response lost after the server committed".into())
            }
            2 => {
                let _ = self.inner.send(request.clone());
                self.inner.send(request)
            }
            3 => {
                self.held.lock().unwrap().push(request);
                Err("fault: request delayed".into())
            }
            _ => self.inner.send(request),
        }
    }
}

struct Phone {
    app: Warmline,
    token: String,
    net: Faulty,
}

/// What every phone must agree on: each lead's synced fields and calls, and the notes.
fn state(
    app: &Warmline,
    leads: &[String],
) -> (BTreeMap<String, String>, BTreeSet<(String, String)>) {
    let mut fields = BTreeMap::new();
    let mut notes = BTreeSet::new();
    for id in leads {
        let calls: Vec<String> = app
            .lead_detail(id)
            .unwrap()
            .attempts
            .iter()
            .map(|a| {
                format!(
                    "{} {:?} {:?} {:?} {:?}",
                    a.id, a.started_at, a.connected_at, a.ended_at, a.outcome
                )
            })
            .collect();
        fields.insert(format!("{id} calls"), calls.join("; "));
        let lead = app.lead(id).unwrap();
        fields.insert(
            id.clone(),
            format!(
                "{:?} attempts={} next={:?} callback={:?} inquiries={} fields={:?}",
                lead.status,
                lead.attempts,
                lead.next_action_at,
                lead.callback_at,
                lead.inquiry_count,
                lead.custom_fields
            ),
        );
        for note in app.notes(id).unwrap() {
            assert!(
                notes.insert((note.id.clone(), note.text.clone())),
                "note {} twice on one phone",
                note.id
            );
        }
    }
    (fields, notes)
}

fn run(seed: u64, steps: u64) {
    let server = start_server();
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        chrono::Utc
            .with_ymd_and_hms(2026, 11, 27, 15, 0, 0)
            .unwrap(),
    ));
    let phones: Vec<Phone> = (0..3)
        .map(|i| Phone {
            app: phone(dir.path(), &format!("rep{i}"), clock.clone()),
            token: enrol(&server, &team, &format!("rep{i}")),
            net: Faulty::new(seed * 31 + i),
        })
        .collect();
    // Phone 0 brings in the leads; everyone starts from a healthy sync.
    let leads: Vec<String> = (0..4)
        .map(|i| {
            let new = NewLead {
                first_name: format!("Lead{i}"),
                phone: format!("+1 212 555 {:04}", 100 + i),
                ..NewLead::default()
            };
            phones[0].app.add_lead(new).unwrap().id.to_string()
        })
        .collect();
    for p in &phones {
        p.app.sync(&Ureq, &server.url, &p.token).unwrap();
    }
    for p in &phones {
        p.app.sync(&Ureq, &server.url, &p.token).unwrap();
    }

    let mut rng = Rng(seed);
    let mut written = BTreeSet::new();
    for step in 0..steps {
        clock.advance(Duration::seconds(i64::try_from(rng.below(90)).unwrap()));
        let p = &phones[usize::try_from(rng.below(3)).unwrap()];
        let lead = &leads[usize::try_from(rng.below(leads.len() as u64)).unwrap()];
        match rng.below(7) {
            0 | 1 => {
                let note = p
                    .app
                    .add_note(lead, &format!("seed {seed} step {step}"))
                    .unwrap();
                written.insert((note.id, note.text));
            }
            2 => {
                let outcome = [
                    Outcome::NoAnswer,
                    Outcome::Voicemail,
                    Outcome::Qualified,
                    Outcome::NotAFit,
                ][usize::try_from(rng.below(4)).unwrap()];
                let _ = p.app.record_outcome(lead, outcome);
            }
            3 => {
                let _ = p
                    .app
                    .schedule_callback(lead, clock.now() + Duration::hours(2));
            }
            4 => {
                // A call that connects and ends: its revisions race other phones' calls.
                if let Ok(attempt) = p.app.start_attempt(lead) {
                    let id = attempt.id.to_string();
                    let at = clock.now();
                    p.app
                        .attempt_connected(&id, at + Duration::seconds(7))
                        .unwrap();
                    p.app
                        .attempt_ended(&id, at + Duration::seconds(95))
                        .unwrap();
                }
            }
            _ => {
                // A failed sync is fine: the next one retries.
                let _ = p.app.sync(&p.net, &server.url, &p.token);
            }
        }
    }

    // The network heals (late requests finally arrive); everyone syncs until quiet.
    for p in &phones {
        p.net.heal();
    }
    for _ in 0..2 {
        for p in &phones {
            p.app.sync(&Ureq, &server.url, &p.token).unwrap();
        }
    }
    let reference = state(&phones[0].app, &leads);
    for (i, p) in phones.iter().enumerate() {
        assert_eq!(
            p.app.pending_changes().unwrap(),
            0,
            "seed {seed}: phone {i} still has changes to send"
        );
        assert_eq!(
            state(&p.app, &leads),
            reference,
            "seed {seed}: phone {i} differs from phone 0"
        );
    }
    assert_eq!(
        reference.1, written,
        "seed {seed}: every note saved exists exactly once everywhere"
    );
}

use warmline_core::Clock as _;

#[test]
fn three_phones_converge_through_a_faulty_network() {
    let seeds: u64 = std::env::var("WARMLINE_CONVERGENCE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(12);
    for seed in 1..=seeds {
        run(seed, 80);
    }
}
