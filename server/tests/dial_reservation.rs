//! A dial reserves its lead, and the reservation travels: two reps' phones on one real
//! server (loopback), on SQLite and PostgreSQL. The other rep sees "being called" on
//! the queue row and the lead screen until the call is logged, cancelled or runs out.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use chrono::{Duration, TimeZone};
use support::{enrol_rep, phone, start_pg_server, start_server, Running, Ureq};
use warmline_core::app::{Badge, DialRequest, DialResult, PhoneCapabilities};
use warmline_core::reservation::RESERVATION_MINUTES;
use warmline_core::{ManualClock, NewLead, Outcome, Warmline};
use warmline_server::storage::Storage;

const ANY_PHONE: DialRequest = DialRequest {
    capabilities: PhoneCapabilities {
        call_states: true,
        answer_state: true,
    },
    confirm_outside_hours: true,
};

#[test]
fn another_rep_sees_a_dialled_lead_as_being_called_until_the_call_ends() {
    reservation_travels(&start_server());
}

#[test]
fn another_rep_sees_a_dialled_lead_as_being_called_until_the_call_ends_on_postgres() {
    reservation_travels(&start_pg_server());
}

struct Rep {
    phone: Warmline,
    token: String,
    id: String,
}

impl Rep {
    fn sync<S: Storage>(&self, server: &Running<S>) {
        self.phone.sync(&Ureq, &server.url, &self.token).unwrap();
    }

    /// The "being called" badge on `lead`'s queue row, as (rep, until).
    fn badge(&self, lead: &str) -> Option<(String, chrono::DateTime<chrono::Utc>)> {
        let screen = self.phone.queue_screen(50).unwrap();
        let row = screen
            .rows
            .iter()
            .find(|row| row.lead.lead_id == lead)
            .expect("the lead is in the queue");
        row.badges.iter().find_map(|badge| match badge {
            Badge::BeingCalled { rep_id, until } => Some((rep_id.clone(), *until)),
            _ => None,
        })
    }
}

fn reservation_travels<S: Storage>(server: &Running<S>) {
    let team = server
        .runtime
        .block_on(server.storage.create_team("Brightside"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let start = chrono::Utc
        .with_ymd_and_hms(2026, 11, 30, 15, 0, 0)
        .unwrap();
    let clock = Arc::new(ManualClock::new(start));
    let rep = |name: &str| {
        let (id, token) = enrol_rep(server, &team, name);
        Rep {
            phone: phone(dir.path(), name, clock.clone()),
            token,
            id,
        }
    };
    let (sam, ana) = (rep("sam"), rep("ana"));

    // An unassigned lead: both reps' queues list it.
    let lead = sam
        .phone
        .add_lead(NewLead {
            first_name: "Ann".into(),
            phone: "+1 212 555 0190".into(),
            ..NewLead::default()
        })
        .unwrap()
        .id
        .to_string();
    sam.sync(server);
    ana.sync(server);
    assert_eq!(ana.badge(&lead), None, "nobody is calling them yet");

    // Sam taps call: Ana's phone learns it at its next pull; Sam's own row shows nothing.
    let session = match sam.phone.dial(&lead, ANY_PHONE).unwrap() {
        DialResult::Dialling { screen, .. } => screen.session_id,
        other => panic!("expected a dial, got {other:?}"),
    };
    sam.sync(server);
    ana.sync(server);
    let until = start + Duration::minutes(RESERVATION_MINUTES);
    assert_eq!(ana.badge(&lead), Some((sam.id.clone(), until)));
    let screen = ana.phone.lead_screen(&lead).unwrap();
    assert_eq!(
        screen.being_called.map(|r| r.rep_id),
        Some(Some(sam.id.clone()))
    );
    assert_eq!(sam.badge(&lead), None, "a rep's own dial is not a warning");

    // Sam logs the call: the reservation ends for everyone.
    clock.set(start + Duration::minutes(4));
    sam.phone.end_call(&session, Outcome::NoAnswer).unwrap();
    sam.sync(server);
    ana.sync(server);
    assert_eq!(ana.badge(&lead), None, "the call is over");
    assert_eq!(ana.phone.lead_screen(&lead).unwrap().being_called, None);

    // A dial whose phone then goes silent holds the lead only until it runs out.
    clock.set(start + Duration::hours(3));
    sam.phone.dial(&lead, ANY_PHONE).unwrap();
    sam.sync(server);
    ana.sync(server);
    assert!(ana.badge(&lead).is_some());
    clock.set(start + Duration::hours(3) + Duration::minutes(RESERVATION_MINUTES));
    assert_eq!(ana.badge(&lead), None, "the reservation ran out");
}
