//! Incoming leads are handed out in turn, turns carry on from one batch to the next,
//! a known phone stays with its rep, and a named rep gets what a manager says.

#![allow(clippy::unwrap_used)] // in tests a panic is the failure report

mod support;

use support::{app_at, utc};
use warmline_core::assignment::Assignment;
use warmline_core::{NewLead, Warmline};

fn lead(n: u32) -> NewLead {
    NewLead {
        first_name: format!("Lead {n}"),
        phone: format!("+1 212 555 {:04}", 1000 + n),
        ..NewLead::default()
    }
}

fn assigned(app: &Warmline, batch: Vec<NewLead>, how: &Assignment) -> Vec<Option<String>> {
    app.add_leads_assigned(batch, how)
        .unwrap()
        .into_iter()
        .map(|lead| lead.unwrap().assigned_to)
        .collect()
}

fn reps(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn some(names: &[&str]) -> Vec<Option<String>> {
    names.iter().map(|n| Some((*n).to_owned())).collect()
}

#[test]
fn new_leads_go_round_the_team_and_the_turn_carries_on_to_the_next_batch() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let team = Assignment::RoundRobin(reps(&["ana", "bo", "cy"]));
    assert_eq!(
        assigned(&t.app, (1..=5).map(lead).collect(), &team),
        some(&["ana", "bo", "cy", "ana", "bo"])
    );
    assert_eq!(
        assigned(&t.app, (6..=7).map(lead).collect(), &team),
        some(&["cy", "ana"]),
        "the next batch starts where the last one stopped"
    );
    let grown = Assignment::RoundRobin(reps(&["ana", "bo", "cy", "di"]));
    assert_eq!(
        assigned(&t.app, vec![lead(8)], &grown),
        some(&["di"]),
        "a new rep, never given a lead, goes first"
    );
}

#[test]
fn a_known_phone_stays_with_its_rep_and_a_named_rep_gets_what_the_manager_says() {
    let t = app_at(utc(2026, 11, 27, 15, 0));
    let team = Assignment::RoundRobin(reps(&["ana", "bo"]));
    assert_eq!(
        assigned(&t.app, vec![lead(1), lead(2)], &team),
        some(&["ana", "bo"])
    );
    t.clock.advance(chrono::Duration::hours(1));
    // Lead 2 asks again (a second inquiry), among two new leads.
    assert_eq!(
        assigned(&t.app, vec![lead(3), lead(2), lead(4)], &team),
        some(&["ana", "bo", "bo"]),
        "lead 2 stays with bo; the turn goes on for the new ones"
    );
    assert_eq!(t.app.queue(10).unwrap().open, 4, "one lead per phone");

    t.clock.advance(chrono::Duration::hours(1));
    let to_cy = Assignment::To("cy".into());
    assert_eq!(
        assigned(&t.app, vec![lead(1), lead(9)], &to_cy),
        some(&["cy", "cy"])
    );
    assert_eq!(
        assigned(&t.app, vec![lead(10)], &Assignment::AsGiven),
        vec![None]
    );
}
