//! `warmline demo` as a user runs it: the built binary, end to end, within its bound.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::time::Duration;

use support::run_within;

/// The README promises the demo in under a minute.
const BOUND: Duration = Duration::from_secs(60);

/// The text of step `n` of the demo (from its heading to the next one).
fn step(output: &str, n: u32) -> String {
    let start = output
        .find(&format!("\n{n}. "))
        .unwrap_or_else(|| panic!("no step {n} in\n{output}"));
    let rest = &output[start + 1..];
    let end = rest.find(&format!("\n{}. ", n + 1)).unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// The words of `text` with the cards' borders, the alignment and the line wrapping
/// taken out, so a sentence can be found wherever the terminal width broke it.
fn unboxed(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || "│┌└─┐┘".contains(c))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn run_demo(args: &[&str], input: &str) -> String {
    let (output, took) = run_within(args, input, BOUND);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        output.status.success(),
        "the demo failed after {took:?}: {stderr}\n{stdout}"
    );
    assert!(stderr.is_empty(), "the demo wrote to stderr: {stderr}");
    stdout
}

#[test]
fn the_demo_shows_the_whole_flow_with_real_components() {
    let output = run_demo(&["demo"], "");

    let sources = step(&output, 2);
    for kind in ["generic", "meta", "google"] {
        assert!(sources.contains(&format!("  {kind} ")), "{sources}");
    }
    let arrivals = step(&output, 3);
    assert_eq!(
        arrivals.matches(": 200 OK, 1 new lead").count(),
        3,
        "{arrivals}"
    );
    assert!(
        arrivals.contains("line 3: phone number \"555-0000-1\" is not a number"),
        "{arrivals}"
    );

    let queue = step(&output, 5);
    let top = queue
        .lines()
        .find(|l| l.starts_with("1  "))
        .unwrap_or_else(|| panic!("no queue rows in {queue}"));
    assert!(
        top.contains("Maya Okafor"),
        "the freshest lead comes first: {queue}"
    );
    for name in ["Maya Okafor", "Dana Whitfield", "Omar Haddad"] {
        let row = queue
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} missing: {queue}"));
        // Outside the leads' calling hours the queue says when they become callable.
        assert!(
            row.contains("New: asked") || row.contains("Callable at"),
            "each lead has its reason: {row}"
        );
    }
    assert!(
        queue.contains("New: asked 25 min ago") || queue.contains("Callable at"),
        "{queue}"
    );
    assert!(
        !queue.contains("Luis Ortega  "),
        "Jo's lead is not on Sam's phone: {queue}"
    );
    assert!(
        unboxed(&queue).contains("Jo Park's phone lists the others: Luis Ortega, Grace Lindqvist."),
        "{queue}"
    );

    let call = unboxed(&step(&output, 6));
    assert!(
        call.contains("Hi Maya, this is Sam from Brightside Solar."),
        "{call}"
    );
    assert!(
        call.contains(
            "You recently responded to our ad about Solar for farms - autumn and asked us to call"
        ),
        "the opener names the ad: {call}"
    );
    assert!(call.contains("stage 1 of 10"), "{call}");
    assert!(
        call.contains("[x] Understood their present situation"),
        "{call}"
    );
    assert!(call.contains("outcome: qualified"), "{call}");
    assert!(
        call.contains("Maya Okafor is now qualified; next up: Dana Whitfield"),
        "the outcome moved her off the queue: {call}"
    );

    let offline = step(&output, 7);
    assert!(offline.contains("wait in its outbox"), "{offline}");
    assert!(offline.contains("0 left pending"), "{offline}");

    let tablet = unboxed(&step(&output, 8));
    assert!(
        tablet.contains("Maya Okafor is qualified there"),
        "{tablet}"
    );
    assert!(
        tablet.contains("Note: Prefers a text before any call; Joe decides on spending with her"),
        "the second device has the note: {tablet}"
    );
    assert!(
        tablet.contains("Which company do they use now? Prairie Electric Co-op"),
        "{tablet}"
    );

    let summary = unboxed(&step(&output, 9));
    for expected in [
        "Leads in 5 new: 3 by webhook",
        "2 from the CSV; 1 merged into an existing lead; 1 row rejected (line 3)",
        "Sources 3 webhook sources and a CSV import",
        "First dial",
        "(median over 1 dialled of 5 leads)",
        "Call Maya Okafor called; outcome qualified",
        "Notes synced 12 answers and notes reached Sam's tablet",
        "Elapsed",
    ] {
        assert!(
            summary.contains(expected),
            "{expected:?} missing from {summary}"
        );
    }
}

#[test]
fn the_demo_call_can_be_driven_from_the_keyboard() {
    let lines = [
        // Connect: a note, a wrong key, then "Yes, now is fine".
        "Asked me to call her Mo",
        "9",
        "1",
        // Still looking? Back to Connect, then forward again, then "Still looking".
        "",
        "b",
        "",
        "1",
        "",
        "1",
        // What caught their attention: an answer, no note, next.
        "The battery option",
        "",
        "",
        // Anything else: nothing, next.
        "",
        "",
        "",
        // Go deeper: three questions skipped, no note, next.
        "",
        "",
        "",
        "",
        "",
        // Their company: nothing, next.
        "",
        "",
        "",
        // Their situation: the vendor only, next.
        "Sunrise Energy",
        "",
        "",
        "",
        "",
        "",
        // Next step: no answer, no note, "Not a fit" (ends the call).
        "",
        "",
        "3",
        // The outcome: not the suggested one but "not a good time", back in 2 hours.
        "4",
        "2",
    ];
    let output = run_demo(&["demo", "--interactive"], &(lines.join("\n") + "\n"));

    let call = unboxed(&step(&output, 6));
    assert!(
        call.contains("(not possible here") || call.contains("type a choice's number"),
        "{call}"
    );
    assert!(call.contains("\u{2190} back"), "{call}");
    assert!(call.contains("Outcome (Enter = not_a_fit)"), "{call}");
    assert!(call.contains("outcome: not_a_good_time"), "{call}");
    assert!(
        call.contains("Maya Okafor is now callback_scheduled"),
        "{call}"
    );

    let tablet = unboxed(&step(&output, 8));
    assert!(
        tablet.contains("Maya Okafor is callback_scheduled there"),
        "{tablet}"
    );
    assert!(tablet.contains("Note: Asked me to call her Mo"), "{tablet}");
    assert!(
        tablet.contains("What caught their attention? The battery option"),
        "{tablet}"
    );
    assert!(
        tablet.contains("Which company do they use now? Sunrise Energy"),
        "{tablet}"
    );
    assert!(tablet.contains("with 3 notes and answers"), "{tablet}");
    assert!(
        unboxed(&step(&output, 9)).contains("outcome not_a_good_time"),
        "{output}"
    );
}
