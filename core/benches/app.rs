//! The app layer's benchmarks, with percentiles (criterion reports means, not tails):
//! - a phone event or a tap to the next screen state, including the durable save
//!   (target p99 < 2 ms), beside a plain note save on the same store as the reference for
//!   what the disk's flush costs that day;
//! - the queue screen's state over 100,000 leads (target < 10 ms).
//!
//! cargo bench -p warmline-core --bench app

#[path = "fixture/mod.rs"]
mod fixture;

use fixture::{percentiles, timed};

use chrono::Duration as Span;
use warmline_core::app::{DialRequest, DialResult, PhoneCapabilities, PhoneEvent};
use warmline_core::session::Intent;
use warmline_core::{Durability, Outcome};

/// 200 calls, each from the tap through the phone's reports and two script steps to the
/// outcome; every step timed to the screen state it returns.
fn phone_events(durability: Durability) {
    println!("{durability:?}:");
    let dir = tempfile::tempdir().expect("temp dir");
    let app = fixture::open(&dir.path().join("app.db"), durability);
    let leads: Vec<String> = app
        .add_leads(fixture::new_leads(0, 200))
        .expect("leads")
        .into_iter()
        .map(|l| l.expect("lead").id.to_string())
        .collect();
    let request = DialRequest {
        capabilities: PhoneCapabilities {
            call_states: true,
            answer_state: true,
        },
        confirm_outside_hours: true,
    };
    let t = fixture::now();
    let reports = [
        (1, PhoneEvent::AppBackground),
        (2, PhoneEvent::CallDialing),
        (9, PhoneEvent::CallActive),
        (
            95,
            PhoneEvent::CallEnded {
                measured_seconds: None,
            },
        ),
        (96, PhoneEvent::AppForeground),
    ];
    let (mut taps, mut events, mut outcomes) = (Vec::new(), Vec::new(), Vec::new());
    let (mut reads, mut sheets, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    for lead in &leads {
        let session = match timed(&mut taps, || app.dial(lead, request).expect("dial")) {
            DialResult::Dialling { screen, .. } => screen.session_id,
            DialResult::NeedsConfirmation { .. } => unreachable!("confirmed"),
        };
        for (seconds, event) in &reports[..3] {
            timed(&mut events, || {
                app.phone_report(&session, *event, t + Span::seconds(*seconds))
                    .expect("report")
            });
        }
        for choice in ["yes", "still_looking"] {
            timed(&mut events, || {
                app.call_intent(
                    &session,
                    Intent::Choose {
                        choice: choice.into(),
                    },
                )
                .expect("intent");
                app.call_screen(&session).expect("screen")
            });
        }
        for (seconds, event) in &reports[3..] {
            timed(&mut events, || {
                app.phone_report(&session, *event, t + Span::seconds(*seconds))
                    .expect("report")
            });
        }
        timed(&mut notes, || {
            app.add_note(lead, "a plain durable write").expect("note")
        });
        timed(&mut reads, || app.call_screen(&session).expect("screen"));
        timed(&mut sheets, || app.outcome_sheet(&session).expect("sheet"));
        timed(&mut outcomes, || {
            app.end_call(&session, Outcome::Voicemail).expect("outcome");
            app.current_screen().expect("screen")
        });
    }
    println!("tap on call → call screen      {}", percentiles(taps));
    println!("phone event / intent → screen  {}", percentiles(events));
    println!("outcome → next screen          {}", percentiles(outcomes));
    println!("a note saved (reference write) {}", percentiles(notes));
    println!("call screen, read only         {}", percentiles(reads));
    println!("outcome sheet, read only       {}", percentiles(sheets));
}

fn queue_screen() {
    let path = fixture::store(100_000);
    let app = fixture::open(&path, Durability::PowerSafe);
    let mut times = Vec::new();
    for _ in 0..200 {
        timed(&mut times, || app.queue_screen(50).expect("queue screen"));
    }
    println!("queue screen, 50 rows of 100k  {}", percentiles(times));
}

fn main() {
    phone_events(Durability::PowerSafe);
    phone_events(Durability::ProcessSafe);
    queue_screen();
}
