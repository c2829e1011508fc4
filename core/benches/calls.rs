//! Call and notes benchmarks, with percentiles (criterion reports means, not tails):
//! - an intent to its next card, including the durable save;
//! - a one-word search over 1,000,000 notes;
//! - a cold open of 100,000 leads and 1,000,000 notes to the first queue page.
//!
//! cargo bench -p warmline-core --bench calls

#[path = "fixture/mod.rs"]
mod fixture;

use fixture::{percentiles, timed};

use warmline_core::session::Intent;
use warmline_core::{Durability, Outcome};

fn intents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = fixture::open(&dir.path().join("calls.db"), Durability::PowerSafe);
    let leads: Vec<String> = app
        .add_leads(fixture::new_leads(0, 200))
        .expect("leads")
        .into_iter()
        .map(|l| l.expect("lead").id.to_string())
        .collect();
    let script = [
        Intent::Choose {
            choice: "yes".into(),
        },
        Intent::Choose {
            choice: "still_looking".into(),
        },
        Intent::Answer {
            question: "caught_attention".into(),
            value: "the battery backup for the pumps".into(),
        },
        Intent::Next,
        Intent::Answer {
            question: "anything_else".into(),
            value: "they heard about us from a neighbour".into(),
        },
        Intent::Next,
        Intent::Back,
        Intent::Next,
        Intent::Next,
        Intent::Answer {
            question: "current_vendor".into(),
            value: "SunCo".into(),
        },
        Intent::Note {
            text: "wants a quote before March".into(),
        },
        Intent::Next,
    ];
    let mut times = Vec::new();
    for lead in &leads {
        let card = app.start_call(lead).expect("start");
        for intent in &script {
            timed(&mut times, || {
                app.call_intent(&card.session_id, intent.clone())
                    .expect("intent")
            });
        }
        app.end_call(&card.session_id, Outcome::Qualified)
            .expect("end");
    }
    println!(
        "intent -> next card, durable (synchronous=FULL): {}",
        percentiles(times)
    );
}

fn search_and_cold_open() {
    let path = fixture::store_with_notes(100_000, 10);
    let app = fixture::open(&path, Durability::PowerSafe);
    for (label, word, runs) in [
        ("rare word (~0.25% of notes, ranked)", "w0042", 200),
        ("common word (~65% of notes, newest first)", "roof", 10),
    ] {
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..runs {
            found = timed(&mut times, || app.search_notes(word, 20).expect("search")).len();
        }
        println!(
            "search 1,000,000 notes, {label}, {found} shown: {}",
            percentiles(times)
        );
    }
    drop(app);
    let mut times = Vec::new();
    for _ in 0..30 {
        timed(&mut times, || {
            fixture::open(&path, Durability::PowerSafe)
                .queue(50)
                .expect("queue")
        });
    }
    println!(
        "cold open, 100,000 leads + 1,000,000 notes, to the first queue page: {}",
        percentiles(times)
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    intents();
    search_and_cold_open();
}
