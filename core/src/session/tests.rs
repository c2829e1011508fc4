use chrono::{Duration, TimeZone};
use proptest::prelude::*;

use super::*;

fn at(minute: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap() + Duration::minutes(minute)
}

fn run(script: &Script, events: &[SessionEvent]) -> SessionState {
    let mut state = SessionState::new(script);
    for (i, e) in events.iter().enumerate() {
        state.apply(script, at(i as i64), e).unwrap();
    }
    state
}

fn choose(id: &str) -> SessionEvent {
    SessionEvent::Choose { choice: id.into() }
}

fn answer(q: &str, v: &str) -> SessionEvent {
    SessionEvent::Answer {
        question: q.into(),
        value: v.into(),
    }
}

#[test]
fn the_happy_path_covers_all_six_points() {
    let script = Script::default_script();
    let state = run(
        &script,
        &[
            SessionEvent::Connected,
            choose("yes"),
            choose("still_looking"),
            answer("caught_attention", "the battery backup"),
            SessionEvent::Next,
            SessionEvent::Next,
            SessionEvent::Next,
            answer("company_does", "a dairy farm"),
            SessionEvent::Next,
            answer("current_vendor", "SunCo"),
            SessionEvent::Next,
            choose("booked"),
        ],
    );
    assert_eq!(state.stage, "wrap_up");
    assert_eq!(state.suggested, Some(OutcomeKind::Qualified));
    assert_eq!(state.covered(&script).len(), 6);
    assert_eq!(state.phase, Phase::InScript);
}

#[test]
fn skipping_a_stage_leaves_its_points_missed() {
    let script = Script::default_script();
    let state = run(
        &script,
        &[
            choose("yes"),
            choose("still_looking"),
            SessionEvent::Skip,
            SessionEvent::Skip,
            SessionEvent::Skip,
            SessionEvent::Skip,
            SessionEvent::Skip,
        ],
    );
    assert_eq!(state.stage, "wrap_up");
    let covered = state.covered(&script);
    assert!(!covered.contains(&RecapItem::WhyInterested));
    assert!(!covered.contains(&RecapItem::PresentSituation));
    assert!(covered.contains(&RecapItem::AppropriateTime));
}

#[test]
fn back_returns_to_the_previous_stage_and_keeps_answers() {
    let script = Script::default_script();
    let mut state = run(
        &script,
        &[
            choose("yes"),
            choose("still_looking"),
            answer("caught_attention", "price"),
        ],
    );
    state.apply(&script, at(10), &SessionEvent::Next).unwrap();
    state.apply(&script, at(11), &SessionEvent::Back).unwrap();
    assert_eq!(state.stage, "attention");
    assert_eq!(state.answers["caught_attention"].value, "price");
    state.apply(&script, at(12), &SessionEvent::Back).unwrap();
    state.apply(&script, at(13), &SessionEvent::Back).unwrap();
    assert_eq!(state.stage, "connect");
    assert!(matches!(
        state.apply(&script, at(14), &SessionEvent::Back),
        Err(Error::IntentRefused { .. })
    ));
}

#[test]
fn intents_that_do_not_fit_the_stage_are_refused_and_change_nothing() {
    let script = Script::default_script();
    let state = run(&script, &[SessionEvent::Connected]);
    for bad in [
        SessionEvent::Next,
        choose("found"),
        answer("current_vendor", "x"),
        answer("nope", "x"),
    ] {
        let mut copy = state.clone();
        let err = copy.apply(&script, at(5), &bad).unwrap_err();
        assert!(matches!(err, Error::IntentRefused { .. }), "{bad:?}: {err}");
        assert_eq!(copy, state, "{bad:?} changed the state");
    }
    let mut copy = state.clone();
    assert!(copy
        .apply(
            &script,
            at(5),
            &SessionEvent::Note {
                text: "x".repeat(MAX_NOTE_BYTES + 1)
            }
        )
        .is_err());
    assert!(copy
        .apply(&script, at(5), &SessionEvent::Note { text: "  ".into() })
        .is_err());
    assert_eq!(copy, state);
}

#[test]
fn not_a_good_time_needs_its_callback_time() {
    let script = Script::default_script();
    let mut state = run(&script, &[choose("not_now"), choose("agreed")]);
    assert_eq!(state.suggested, Some(OutcomeKind::NotAGoodTime));
    let without = SessionEvent::End {
        outcome: OutcomeKind::NotAGoodTime,
        callback_at: None,
    };
    assert!(matches!(
        state.apply(&script, at(3), &without),
        Err(Error::InvalidInput {
            field: "callback_at",
            ..
        })
    ));
    let with = SessionEvent::End {
        outcome: OutcomeKind::NotAGoodTime,
        callback_at: Some(at(600)),
    };
    state.apply(&script, at(3), &with).unwrap();
    assert_eq!(
        state.outcome,
        Some(Outcome::NotAGoodTime {
            callback_at: at(600)
        })
    );
    assert!(
        state.apply(&script, at(4), &SessionEvent::Next).is_err(),
        "nothing after the outcome"
    );
}

fn any_event() -> impl Strategy<Value = SessionEvent> {
    let ids = prop::sample::select(vec![
        "yes",
        "not_now",
        "still_looking",
        "found",
        "agreed",
        "close",
        "booked",
        "later",
        "not_a_fit",
        "bogus",
    ]);
    let questions = prop::sample::select(vec![
        "caught_attention",
        "anything_else",
        "tell_me_more",
        "current_vendor",
        "next_step",
        "chose_instead",
        "bogus",
    ]);
    prop_oneof![
        3 => Just(SessionEvent::Next),
        2 => Just(SessionEvent::Back),
        1 => Just(SessionEvent::Skip),
        1 => Just(SessionEvent::Connected),
        3 => ids.prop_map(|c| SessionEvent::Choose { choice: c.into() }),
        3 => (questions, "[a-z ]{0,12}").prop_map(|(q, v)| SessionEvent::Answer { question: q.into(), value: v }),
        1 => "[a-z ]{0,12}".prop_map(|text| SessionEvent::Note { text }),
    ]
}

proptest! {
    /// Random intents: never a panic; refused intents change nothing; an accepted answer
    /// stays (until replaced by another answer to the same question); replaying the
    /// accepted log gives the live state; back after a move returns to where it was.
    #[test]
    fn random_intent_sequences(events in prop::collection::vec(any_event(), 0..60)) {
        let script = Script::default_script();
        let mut live = SessionState::new(&script);
        let mut accepted: Vec<(DateTime<Utc>, SessionEvent)> = Vec::new();
        let mut answers: BTreeMap<String, String> = BTreeMap::new();
        for (i, event) in events.into_iter().enumerate() {
            let before = live.clone();
            match live.apply(&script, at(i as i64), &event) {
                Ok(()) => {
                    if let SessionEvent::Answer { question, value } = &event {
                        answers.insert(question.clone(), value.trim().to_owned());
                    }
                    let moved = matches!(event, SessionEvent::Next | SessionEvent::Skip)
                        || (matches!(event, SessionEvent::Choose { .. }) && live.stage != before.stage);
                    accepted.push((at(i as i64), event));
                    if moved {
                        let mut back = live.clone();
                        back.apply(&script, at(i as i64), &SessionEvent::Back).unwrap();
                        prop_assert_eq!(&back.stage, &before.stage);
                        prop_assert_eq!(&back.history, &before.history);
                    }
                }
                Err(_) => prop_assert_eq!(&live, &before),
            }
            prop_assert!(script.stage(&live.stage).is_some());
        }
        for (question, value) in &answers {
            prop_assert_eq!(&live.answers[question].value, value);
        }
        let replayed = SessionState::replay(&script, accepted.iter().map(|(t, e)| (*t, e))).unwrap();
        prop_assert_eq!(replayed, live);
    }
}

#[test]
fn a_yes_no_question_offers_the_core_s_own_yes_and_no() {
    let script = Script::parse(
        r#"
id = "t"
name = "t"
start = "ask"

[[stage]]
id = "ask"
title = "Ask"
say = ["Do you own the roof?"]
  [[stage.question]]
  id = "owner"
  prompt = "Owns the roof?"
  kind = "yes_no"
  [[stage.question]]
  id = "roof"
  prompt = "Roof type"
  kind = "choice"
  options = ["Tile", "Metal"]
  [[stage.choice]]
  id = "done"
  label = "Done"
  end = "qualified"
"#,
    )
    .unwrap();
    let state = run(&script, &[]);
    let card = card::build(
        "s",
        "l",
        &script,
        &state,
        &crate::script::TemplateValues::default(),
        &[],
    );
    let options: Vec<&[String]> = card
        .questions
        .iter()
        .map(|q| q.options.as_slice())
        .collect();
    assert_eq!(
        options,
        [
            &["Yes".to_owned(), "No".to_owned()][..],
            &["Tile".to_owned(), "Metal".to_owned()][..]
        ]
    );
}
