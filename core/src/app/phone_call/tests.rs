use chrono::{Duration, TimeZone};
use proptest::prelude::*;

use super::*;

const IPHONE: PhoneCapabilities = PhoneCapabilities {
    call_states: true,
    answer_state: true,
};
const ANDROID: PhoneCapabilities = PhoneCapabilities {
    call_states: true,
    answer_state: false,
};
const NO_PERMISSION: PhoneCapabilities = PhoneCapabilities {
    call_states: false,
    answer_state: false,
};

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 15, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn call(capabilities: PhoneCapabilities, reports: &[(i64, PhoneEvent)]) -> PhoneCall {
    let reports: Vec<_> = reports.iter().map(|(s, e)| (at(*s), *e)).collect();
    PhoneCall::from_reports(capabilities, &reports)
}

use PhoneEvent::*;

#[test]
fn an_answered_iphone_call_counts_and_its_talk_time_comes_from_the_call_states() {
    let c = call(
        IPHONE,
        &[
            (0, DialRequested),
            (1, AppBackground),
            (2, CallDialing),
            (9, CallActive),
            (
                200,
                CallEnded {
                    measured_seconds: None,
                },
            ),
            (201, AppForeground),
        ],
    );
    assert_eq!(c.placement, Placement::Placed);
    assert_eq!(c.answered, Some(true));
    assert_eq!(
        c.talk,
        TalkTime {
            seconds: 191,
            confidence: TalkConfidence::CallStates
        }
    );
    assert_eq!(c.view(), CallView::OutcomeSheet);
    assert_eq!(c.default_outcome(), None);
}

#[test]
fn the_phones_measured_duration_beats_every_estimate_even_when_it_comes_late() {
    let c = call(
        ANDROID,
        &[
            (0, DialRequested),
            (1, CallDialing),
            (
                60,
                CallEnded {
                    measured_seconds: None,
                },
            ),
            (61, AppForeground),
            (
                65,
                CallEnded {
                    measured_seconds: Some(41),
                },
            ),
        ],
    );
    assert_eq!(
        c.talk,
        TalkTime {
            seconds: 41,
            confidence: TalkConfidence::Measured
        }
    );
    assert_eq!(c.answered, Some(true));
}

#[test]
fn an_android_call_without_a_measured_duration_is_an_upper_bound_with_the_ringing() {
    let c = call(
        ANDROID,
        &[
            (0, DialRequested),
            (1, CallDialing),
            (
                31,
                CallEnded {
                    measured_seconds: None,
                },
            ),
        ],
    );
    assert_eq!(
        c.talk,
        TalkTime {
            seconds: 30,
            confidence: TalkConfidence::IncludesRinging
        }
    );
    assert_eq!(
        c.answered, None,
        "Android cannot tell an answered call from a ringing one"
    );
    assert_eq!(c.default_outcome(), None);
}

#[test]
fn nobody_answering_on_an_iphone_suggests_no_answer() {
    let c = call(
        IPHONE,
        &[
            (0, DialRequested),
            (1, CallDialing),
            (
                30,
                CallEnded {
                    measured_seconds: None,
                },
            ),
        ],
    );
    assert_eq!(c.answered, Some(false));
    assert_eq!(c.default_outcome(), Some(Outcome::NoAnswer));
    assert_eq!(c.view(), CallView::OutcomeSheet);
}

#[test]
fn a_zero_second_measured_call_was_not_answered() {
    let c = call(
        ANDROID,
        &[
            (0, DialRequested),
            (1, CallDialing),
            (
                25,
                CallEnded {
                    measured_seconds: Some(0),
                },
            ),
        ],
    );
    assert_eq!(c.default_outcome(), Some(Outcome::NoAnswer));
}

#[test]
fn coming_back_from_the_dialer_without_a_call_cancels_the_dial() {
    let c = call(
        ANDROID,
        &[
            (0, DialRequested),
            (1, DialerOpened),
            (1, AppBackground),
            (6, AppForeground),
        ],
    );
    assert_eq!(c.placement, Placement::Cancelled);
    assert_eq!(c.view(), CallView::Closed);
    assert_eq!(c.talk.confidence, TalkConfidence::Unknown);
}

#[test]
fn saying_the_call_did_not_happen_cancels_it_on_any_phone() {
    let c = call(NO_PERMISSION, &[(0, DialRequested), (3, DialCancelled)]);
    assert_eq!(c.placement, Placement::Cancelled);
}

#[test]
fn without_call_states_the_rep_coming_back_asks_for_the_outcome_with_an_app_switch_estimate() {
    let c = call(
        NO_PERMISSION,
        &[(0, DialRequested), (1, AppBackground), (95, AppForeground)],
    );
    assert_eq!(c.placement, Placement::Pending);
    assert_eq!(c.view(), CallView::OutcomeSheet);
    assert_eq!(
        c.talk,
        TalkTime {
            seconds: 94,
            confidence: TalkConfidence::AppSwitch
        }
    );
}

#[test]
fn the_card_shows_over_the_dialer_only_while_the_app_is_behind_a_live_call() {
    let live = call(
        IPHONE,
        &[
            (0, DialRequested),
            (1, AppBackground),
            (2, CallDialing),
            (8, CallActive),
        ],
    );
    assert!(live.shows_overlay());
    let back = call(
        IPHONE,
        &[
            (0, DialRequested),
            (1, AppBackground),
            (2, CallDialing),
            (8, CallActive),
            (20, AppForeground),
        ],
    );
    assert!(!back.shows_overlay());
    assert_eq!(back.view(), CallView::InCall);
}

#[test]
fn a_late_report_of_the_call_placed_wins_over_an_inferred_cancel() {
    // The foreground report overtook the call-state report on its way in; the times
    // say the call came first.
    let c = call(
        ANDROID,
        &[(0, DialRequested), (10, AppForeground), (2, CallDialing)],
    );
    assert_eq!(c.placement, Placement::Placed);
}

#[test]
fn hold_and_resume_are_tracked() {
    let held = call(
        IPHONE,
        &[
            (0, DialRequested),
            (2, CallDialing),
            (5, CallActive),
            (30, CallHeld),
        ],
    );
    assert!(held.on_hold);
    let resumed = call(
        IPHONE,
        &[
            (0, DialRequested),
            (2, CallDialing),
            (5, CallActive),
            (30, CallHeld),
            (40, CallActive),
        ],
    );
    assert!(!resumed.on_hold);
    assert_eq!(
        resumed.answered_at,
        Some(at(5)),
        "talk time counts from the first answer"
    );
}

fn any_event() -> impl Strategy<Value = PhoneEvent> {
    prop_oneof![
        Just(DialRequested),
        Just(DialerOpened),
        Just(CallDialing),
        Just(CallActive),
        Just(CallHeld),
        proptest::option::of(0u32..600).prop_map(|m| CallEnded {
            measured_seconds: m
        }),
        Just(AppBackground),
        Just(AppForeground),
        Just(DialCancelled),
    ]
}

proptest! {
    /// Reports arriving in any order, any number of times, describe the same call.
    #[test]
    fn arrival_order_and_repeats_do_not_change_the_call(
        reports in proptest::collection::vec((0i64..300, any_event()), 0..12),
        shuffle_seed in any::<u64>(),
        repeat in proptest::collection::vec(any::<prop::sample::Index>(), 0..4),
        capabilities in (any::<bool>(), any::<bool>()),
    ) {
        let capabilities = PhoneCapabilities { call_states: capabilities.0, answer_state: capabilities.1 };
        let reports: Vec<_> = reports.into_iter().map(|(s, e)| (at(s), e)).collect();
        let mut arrived = reports.clone();
        if !reports.is_empty() {
            for index in &repeat {
                arrived.push(reports[index.index(reports.len())]);
            }
        }
        // A deterministic shuffle from the seed.
        let mut state = shuffle_seed | 1;
        for i in (1..arrived.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            arrived.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(
            PhoneCall::from_reports(capabilities, &reports),
            PhoneCall::from_reports(capabilities, &arrived)
        );
    }
}
