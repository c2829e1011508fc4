//! A failure is one readable line on stderr and a non-zero exit: never a panic, a
//! backtrace or a half-done job reported as success.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::process::Output;

use support::Workspace;

/// The single line of stderr, after checking the exit and the absence of a panic.
fn one_line_failure(output: &Output) -> String {
    let stderr = String::from_utf8(output.stderr.clone()).unwrap();
    assert!(!output.status.success(), "it succeeded: {stderr}");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("warmline: "), "{stderr}");
    lines[0].to_owned()
}

#[test]
fn an_unknown_team_is_named_in_one_line() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    let line =
        one_line_failure(&workspace.warmline(&["queue", "--team", "Wind South", "--rep", "Pat"]));
    assert_eq!(
        line,
        "warmline: unknown team \"Wind South\" (see `warmline team list`)"
    );
}

#[test]
fn a_missing_database_is_not_created_by_a_read() {
    let workspace = Workspace::new();
    let line = one_line_failure(&workspace.warmline(&["team", "list"]));
    assert!(line.starts_with("warmline: cannot open "), "{line}");
    assert!(line.contains("team.db: no such file"), "{line}");
    assert!(!workspace.database().exists());
}

#[test]
fn a_file_that_cannot_be_imported_at_all_is_one_error() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    workspace.rep("Solar North", "Pat Reyes");
    let file = workspace.write(
        "contacts.csv",
        "Phone,Email\n+1 312 555 0143,cy@example.com\n",
    );
    let line = one_line_failure(&workspace.warmline(&[
        "import",
        "--team",
        "Solar North",
        file.to_str().unwrap(),
    ]));
    assert!(
        line.contains("contacts.csv: the file has no usable header row: no name column"),
        "{line}"
    );

    let missing = workspace.path().join("nowhere.csv");
    let line = one_line_failure(&workspace.warmline(&[
        "import",
        "--team",
        "Solar North",
        missing.to_str().unwrap(),
    ]));
    assert!(
        line.starts_with("warmline: cannot open ") && line.contains("nowhere.csv"),
        "{line}"
    );
}

#[test]
fn an_unknown_rep_and_a_bad_zone_are_named() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    workspace.rep("Solar North", "Pat Reyes");
    let line =
        one_line_failure(&workspace.warmline(&["rep", "code", "--team", "Solar North", "Kim"]));
    assert!(line.contains("the team has no rep \"Kim\""), "{line}");
    let file = workspace.write("leads.csv", "Name,Phone\nAnn Lee,(415) 555-2671\n");
    let line = one_line_failure(&workspace.warmline(&[
        "import",
        "--team",
        "Solar North",
        file.to_str().unwrap(),
        "--times-in",
        "Mars/Olympus",
    ]));
    assert!(
        line.contains("\"Mars/Olympus\" is not an IANA time zone"),
        "{line}"
    );
}
