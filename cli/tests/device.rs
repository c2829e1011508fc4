//! `warmline device list` and `warmline device revoke` against a running `warmline
//! serve`: a revoked phone's next sync is refused as revoked, the rep's other phone and
//! other reps go on.
#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::sync::Arc;

use support::{enrolment_code, Phone, Workspace};
use warmline_core::{Error, SystemClock};

/// The ids in the first column of a `device list` table, in order.
fn ids(table: &str) -> Vec<String> {
    table
        .lines()
        .skip(1)
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// The REVOKED column of a `device list` row (id, enrolled, revoked, rep, device).
fn revoked_column(row: &str) -> &str {
    row.split_whitespace().nth(2).unwrap()
}

#[test]
fn a_revoked_phone_is_refused_and_the_rep_s_other_phone_goes_on() {
    let workspace = Workspace::new();
    workspace.team("Solar North");
    let pat_code = workspace.rep("Solar North", "Pat Reyes");
    let pat_second =
        enrolment_code(&workspace.ok(&["rep", "code", "--team", "Solar North", "Pat Reyes"]));
    let cy_code = workspace.rep("Solar North", "Cy Okafor");
    let server = workspace.serve();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let [pat_phone, pat_tablet, cy_phone] = [
        (&dirs[0], &pat_code),
        (&dirs[1], &pat_second),
        (&dirs[2], &cy_code),
    ]
    .map(|(dir, code)| Phone::enrol(dir.path(), &server, code, Arc::new(SystemClock)));

    let everyone = workspace.ok(&["device", "list", "--team", "Solar North"]);
    assert!(everyone.starts_with("ID"), "{everyone}");
    assert_eq!(ids(&everyone).len(), 3, "{everyone}");
    let pats = workspace.ok(&[
        "device",
        "list",
        "--team",
        "solar north",
        "--rep",
        "pat reyes",
    ]);
    let pat_ids = ids(&pats);
    assert_eq!(pat_ids.len(), 2, "{pats}");
    assert!(
        pats.contains("Pat Reyes") && !pats.contains("Cy Okafor"),
        "{pats}"
    );
    assert!(
        pats.lines().skip(1).all(|l| revoked_column(l) == "-"),
        "none revoked yet: {pats}"
    );

    let said = workspace.ok(&["device", "revoke", "--team", "Solar North", &pat_ids[0]]);
    assert!(
        said.starts_with(&format!("Revoked {}", pat_ids[0])),
        "{said}"
    );

    let err = pat_phone.try_sync().unwrap_err();
    assert!(matches!(err, Error::DeviceRevoked { .. }), "{err:?}");
    assert_eq!(
        pat_phone.core.sync_status().unwrap().signed_out_reason,
        Some(warmline_core::sync::SignedOutReason::DeviceRevoked)
    );
    pat_tablet.try_sync().expect("Pat's other device goes on");
    cy_phone.try_sync().expect("other reps go on");

    let pats = workspace.ok(&[
        "device",
        "list",
        "--team",
        "Solar North",
        "--rep",
        "Pat Reyes",
    ]);
    let revoked: Vec<&str> = pats.lines().skip(1).map(revoked_column).collect();
    assert_ne!(revoked[0], "-", "the revoked one shows the day: {pats}");
    assert_eq!(revoked[0].len(), "2026-12-01".len(), "{pats}");
    assert_eq!(revoked[1], "-", "{pats}");

    let again = workspace.warmline(&["device", "revoke", "--team", "Solar North", &pat_ids[0]]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8(again.stderr).unwrap();
    assert!(stderr.contains("was already revoked at"), "{stderr}");
    let unknown = workspace.warmline(&["device", "revoke", "--team", "Solar North", "nope"]);
    let stderr = String::from_utf8(unknown.stderr).unwrap();
    assert_eq!(
        stderr.trim(),
        "warmline: the team has no device \"nope\" (see `warmline device list --team ...`)"
    );
}
