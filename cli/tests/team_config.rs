//! `warmline script` and `warmline settings`, run as a manager runs them: a script is
//! checked with the core's rules (every problem printed with its place, exit 1, nothing
//! published) or published; settings are merged, checked and published; both reach a
//! phone through `warmline serve` and apply from its next call.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use support::{Phone, Workspace};
use warmline_core::session::Intent;
use warmline_core::{ManualClock, NewLead, Outcome};

const TEAM_SCRIPT: &str = r#"id = "demo-day"
name = "Demo day invite"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hello {lead.first_name|there}, {rep.first_name|a consultant} here from {team.company|our company}."]

  [[stage.choice]]
  id = "no"
  label = "Not interested"
  end = "not_a_fit"
"#;

/// Four problems at four places: a variable that may be missing, an unknown variable, a
/// branch to nowhere, a stage nothing leads to.
const BROKEN_SCRIPT: &str = r#"id = "broken"
name = "Broken"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hi {lead.first_name}, it's {rep.shoe_size|me}."]

  [[stage.choice]]
  id = "yes"
  label = "Yes"
  go = "boko"

  [[stage.choice]]
  id = "no"
  label = "No"
  end = "not_a_fit"

[[stage]]
id = "orphan"
title = "Orphan"
next = "hello"
"#;

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn a_script_with_problems_prints_each_with_its_place_and_publishes_nothing() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    let file = workspace.write("broken.toml", BROKEN_SCRIPT);
    let output = workspace.warmline(&[
        "script",
        "set",
        "--team",
        "Solar North",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(!text.contains("panicked"), "{text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("warmline: ")
            && lines[0].ends_with("broken.toml has 4 problems; nothing was published:"),
        "{text}"
    );
    for expected in [
        "  stage \"hello\" > line 1: {lead.first_name} may be missing",
        "  stage \"hello\" > line 1: unknown variable {rep.shoe_size}",
        "  stage \"hello\" > choice \"yes\": goes to stage \"boko\", which does not exist",
        "  stage \"orphan\": cannot be reached from the start stage \"hello\"",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected:?} missing from {text}"
        );
    }
    assert_eq!(lines.len(), 5, "one line per problem: {text}");

    // A TOML mistake is placed by line and column.
    let file = workspace.write("typo.toml", "id = \"x\"\nname = \"no end\n");
    let output = workspace.warmline(&[
        "script",
        "set",
        "--team",
        "Solar North",
        file.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("\n  line 2, column "),
        "{}",
        stderr(&output)
    );

    // Nothing was published: the team still shows the default script.
    let output = workspace.warmline(&["script", "show", "--team", "Solar North"]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout.clone()).unwrap(),
        warmline_core::script::DEFAULT_SCRIPT
    );
    assert!(
        stderr(&output).contains("has not published a script"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_good_script_is_published_and_shown_back() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    let file = workspace.write("team.toml", TEAM_SCRIPT);
    let out = workspace.ok(&[
        "script",
        "set",
        "--team",
        "solar north",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.contains("as the script of solar north (version 1)"),
        "{out}"
    );
    assert_eq!(
        workspace.ok(&["script", "show", "--team", "Solar North"]),
        TEAM_SCRIPT
    );
    let missing = workspace.warmline(&["script", "set", "--team", "Solar North", "nowhere.toml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).starts_with("warmline: cannot read nowhere.toml: "),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn settings_are_merged_checked_and_shown() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    let shown = workspace.ok(&["settings", "show", "--team", "Solar North"]);
    assert!(
        shown.contains("Calling hours  08:00-20:00 every day (not set)"),
        "{shown}"
    );
    assert!(shown.contains("Version        0"), "{shown}");

    let out = workspace.ok(&[
        "settings",
        "set",
        "--team",
        "Solar North",
        "--company",
        " Brightside Solar ",
        "--calling-hours",
        "09:00-18:00",
        "--closed",
        "sat,sun",
        "--time-zone",
        "America/Chicago",
    ]);
    assert!(out.contains("(version 1)"), "{out}");
    let out = workspace.ok(&["settings", "set", "--team", "Solar North", "--region", "gb"]);
    for expected in [
        "Company        Brightside Solar",
        "Calling hours  09:00-18:00, closed Sat, Sun, in each lead's own time",
        "Region         GB",
        "Time zone      America/Chicago",
        "Version        2",
    ] {
        assert!(out.contains(expected), "{expected:?} missing from {out}");
    }

    // A wrong setting is refused in one line naming it; nothing changes.
    for (flag, value, expected) in [
        ("--time-zone", "Mars/Olympus_Mons", "invalid setting team_time_zone: \"Mars/Olympus_Mons\" is not an IANA time zone"),
        ("--calling-hours", "20:00-08:00", "invalid setting calling_hours: the Monday window ends (08:00) before it starts (20:00)"),
        ("--region", "XX", "invalid setting default_region: \"XX\" is not a known two-letter region code"),
    ] {
        let output = workspace.warmline(&["settings", "set", "--team", "Solar North", flag, value]);
        assert_eq!(output.status.code(), Some(1), "{flag} {value}");
        let text = stderr(&output);
        assert_eq!(text.lines().count(), 1, "{text}");
        assert!(
            text.starts_with(&format!("warmline: cannot publish the settings: {expected}")),
            "{text}"
        );
    }
    let shown = workspace.ok(&["settings", "show", "--team", "Solar North"]);
    assert!(shown.contains("Version        2"), "{shown}");
    assert!(shown.contains("Time zone      America/Chicago"), "{shown}");

    let out = workspace.ok(&[
        "settings",
        "set",
        "--team",
        "Solar North",
        "--closed",
        "none",
    ]);
    assert!(
        out.contains("Calling hours  09:00-18:00 every day, in each lead's own time"),
        "{out}"
    );
}

#[test]
fn a_published_script_and_company_reach_the_phone_for_its_next_call() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    let code = workspace.rep("Solar North", "Ann Lee");
    let server = workspace.serve();
    let clock = Arc::new(ManualClock::new(chrono::Utc::now()));
    let phone = Phone::enrol(workspace.path(), &server, &code, clock);
    let lead = |name: &str, number: &str| {
        phone
            .core
            .add_lead(NewLead {
                first_name: name.into(),
                phone: number.into(),
                ..NewLead::default()
            })
            .unwrap()
            .id
            .to_string()
    };
    let (cy, di) = (lead("Cy", "+1 212 555 0192"), lead("Di", "+1 212 555 0193"));
    phone.sync();
    let open = phone.core.start_call(&cy).unwrap();
    assert_eq!(open.lines[0], "Hi Cy, this is Ann from our company.");

    let file = workspace.write("team.toml", TEAM_SCRIPT);
    workspace.ok(&[
        "script",
        "set",
        "--team",
        "Solar North",
        file.to_str().unwrap(),
    ]);
    workspace.ok(&[
        "settings",
        "set",
        "--team",
        "Solar North",
        "--company",
        "Acme Roofing",
    ]);
    phone.sync();

    // The call in progress is unchanged; the next one follows the team's script.
    let card = phone.core.call_card(&open.session_id).unwrap();
    assert_eq!(card.lines[0], "Hi Cy, this is Ann from our company.");
    let card = phone
        .core
        .call_intent(
            &card.session_id,
            Intent::Choose {
                choice: "yes".into(),
            },
        )
        .unwrap();
    assert_eq!(card.stage_id, "still_looking");
    phone
        .core
        .end_call(&card.session_id, Outcome::NotAFit)
        .unwrap();
    let next = phone.core.start_call(&di).unwrap();
    assert_eq!(next.lines, ["Hello Di, Ann here from Acme Roofing."]);
}

#[test]
fn the_server_reads_imported_numbers_with_the_team_s_published_region() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    workspace.rep("Solar North", "Pat Reyes");
    let file = workspace.write("london.csv", "Name,Phone\nIvy Moss,020 7946 0018\n");
    let import = || workspace.ok(&["import", "--team", "Solar North", file.to_str().unwrap()]);
    let before = import();
    assert!(
        before.contains("  1 rejected"),
        "a US number it is not: {before}"
    );
    workspace.ok(&["settings", "set", "--team", "Solar North", "--region", "GB"]);
    let after = import();
    assert!(after.contains("  1 new lead"), "{after}");
}
