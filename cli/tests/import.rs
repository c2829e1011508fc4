//! `warmline import`: good rows land in the reps' queues, bad rows are reported by line,
//! nothing is dropped without a word.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use serde_json::Value;
use support::Workspace;

/// Four good rows (one repeating a phone), three bad ones, and a blank row (no lead).
const MIXED: &str = "\
Name,Phone,Email,Created,Ad Name
Ann Lee,(415) 555-2671,ann@example.com,2026-11-20T09:00:00Z,Solar for farms - autumn
Bo Chen,,bo@example.com,2026-11-20T09:05:00Z,
Cy Diaz,+1 312 555 0143,cy@example.com,2026-11-20T09:10:00Z,Heat pumps - winter
Di Evans,+1 312 555 0144,di at example,2026-11-20T09:15:00Z,
Ed Fox,+1 312 555 0145,ed@example.com,last week,
,,,,
Flo Gray,+1 312 555 0146,flo@example.com,2026-11-20T09:25:00Z,
Ann Lee,+14155552671,ann@example.com,2026-11-21T10:00:00Z,Heat pumps - winter
";

fn queue(workspace: &Workspace, team: &str, rep: &str) -> Value {
    let json = workspace.ok(&["queue", "--team", team, "--rep", rep, "--json"]);
    serde_json::from_str(&json).unwrap()
}

fn names(queue: &Value) -> Vec<String> {
    let mut names: Vec<String> = queue["queue"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn good_rows_land_and_every_bad_row_is_reported_by_its_line() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    workspace.rep("Solar North", "Pat Reyes");
    workspace.rep("Solar North", "Kim Ode");
    let file = workspace.write("leads.csv", MIXED);
    let report = workspace.path().join("rejected.csv");

    let output = workspace.warmline(&[
        "import",
        "--team",
        "solar north",
        file.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(output.status.success());
    // The progress bar draws only on a terminal.
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();

    assert!(stdout.contains("leads.csv: 7 rows read"), "{stdout}");
    assert!(stdout.contains("  3 new leads"), "{stdout}");
    assert!(
        stdout.contains("  1 merged into existing leads"),
        "{stdout}"
    );
    assert!(stdout.contains("  3 rejected"), "{stdout}");
    let rejected: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("    line "))
        .collect();
    assert_eq!(rejected.len(), 3, "{stdout}");
    assert!(
        rejected[0].starts_with("    line 3: no phone number"),
        "{stdout}"
    );
    assert!(
        rejected[1].starts_with("    line 5: email: \"di at example\" is not an email address"),
        "{stdout}"
    );
    assert!(
        rejected[2].starts_with("    line 6: Created: \"last week\" is not a date"),
        "{stdout}"
    );
    let written = std::fs::read_to_string(&report).unwrap();
    let mut rows = written.lines();
    assert_eq!(rows.next(), Some("line,problem"));
    assert_eq!(rows.next(), Some("3,no phone number"));
    assert!(rows
        .next()
        .unwrap()
        .starts_with("5,\"email: \"\"di at example\"\""));
    assert!(rows
        .next()
        .unwrap()
        .starts_with("6,\"Created: \"\"last week\"\""));
    assert_eq!(rows.next(), None);

    // Shared out in turn between the two reps, the second Ann Lee merged into the first.
    let pat = queue(&workspace, "Solar North", "Pat Reyes");
    let kim = queue(&workspace, "Solar North", "kim ode");
    let mut all = names(&pat);
    all.extend(names(&kim));
    all.sort();
    assert_eq!(all, ["Ann Lee", "Cy Diaz", "Flo Gray"]);
    assert_eq!(names(&pat).len(), 2, "{pat:#}");
    let ann = pat["queue"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .chain(kim["queue"]["entries"].as_array().unwrap())
        .find(|e| e["name"] == "Ann Lee")
        .unwrap()
        .clone();
    assert_eq!(ann["phone"], "+14155552671");
    assert_eq!(
        ann["asked_about"], "Heat pumps - winter",
        "the newest inquiry: {ann:#}"
    );
    assert_eq!(ann["status"], "new");
    assert!(!ann["reason"].as_str().unwrap().is_empty());
}

#[test]
fn all_leads_can_go_to_one_rep_and_times_can_be_read_in_a_zone() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    workspace.rep("Solar North", "Pat Reyes");
    workspace.rep("Solar North", "Kim Ode");
    let file = workspace.write(
        "wall-clock.csv",
        "Name,Phone,Created\nAnn Lee,(415) 555-2671,2026-11-20 09:00\nCy Diaz,+1 312 555 0143,2026-11-20 10:30\n",
    );

    let stdout = workspace.ok(&[
        "import",
        "--team",
        "Solar North",
        file.to_str().unwrap(),
        "--assign-to",
        "Kim Ode",
        "--times-in",
        "America/Chicago",
    ]);

    assert!(stdout.contains("2 new leads"), "{stdout}");
    assert!(names(&queue(&workspace, "Solar North", "Pat Reyes")).is_empty());
    let kim = queue(&workspace, "Solar North", "Kim Ode");
    assert_eq!(names(&kim), ["Ann Lee", "Cy Diaz"]);
    let ann = &kim["queue"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Ann Lee")
        .unwrap()["inquired_at"];
    // 09:00 in Chicago (UTC-6 in November).
    assert_eq!(ann, "2026-11-20T15:00:00+00:00");
}
