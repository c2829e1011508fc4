//! One conformance suite for every storage backend: each test below is written once,
//! generic over [`Storage`], and run on SQLite (a temp file) and on PostgreSQL (a fresh
//! database in a throwaway cluster, `support::postgres`). What a backend must do:
//! enrolment, secrets stored hashed, revocation, team isolation in every method,
//! idempotent all-or-nothing pushes, paged pulls, per-rep routing with reassignment,
//! and waking long polls. PostgreSQL-only tests at the end cover several instances
//! sharing one database.

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use warmline_core::sync::wire::{Change, ChangeBody, RecordKind, Sequenced, TeamSettingsDoc};
use warmline_server::auth::hash_secret;
use warmline_server::storage::{Device, SourceKind, Storage};
use warmline_server::ServerError;

/// A backend under test, with a way to read its tables directly.
struct Backend<S> {
    storage: S,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
}

enum Raw {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Raw {
    /// Every value of one text column, read around the storage layer.
    async fn column(&self, table: &str, column: &str) -> Vec<String> {
        let sql = format!("SELECT {column} FROM {table}");
        match self {
            Self::Sqlite(path) => {
                let conn = rusqlite::Connection::open(path).unwrap();
                let mut stmt = conn.prepare(&sql).unwrap();
                stmt.query_map([], |r| r.get(0))
                    .unwrap()
                    .collect::<Result<_, _>>()
                    .unwrap()
            }
            Self::Postgres(url) => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(connection);
                let rows = client.query(&sql, &[]).await.unwrap();
                rows.iter().map(|r| r.get(0)).collect()
            }
        }
    }
}

fn sqlite() -> Backend<warmline_server::storage::SqliteStorage> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("server.db");
    Backend {
        storage: warmline_server::storage::SqliteStorage::open(&path).unwrap(),
        raw: Raw::Sqlite(path),
        _dir: Some(dir),
    }
}

async fn postgres() -> Backend<warmline_server::storage::PgStorage> {
    let url = support::postgres::fresh_database();
    Backend {
        storage: warmline_server::storage::PgStorage::connect(&url)
            .await
            .unwrap(),
        raw: Raw::Postgres(url),
        _dir: None,
    }
}

/// Runs each named test on both backends: `sqlite::name` and `postgres::name`.
macro_rules! on_every_backend {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(&super::sqlite()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name(&super::postgres().await).await;
                }
            )*
        }
    };
}

on_every_backend!(
    enrolment_codes_work_once_loosely_typed_and_expire,
    tokens_and_codes_are_stored_only_as_hashes,
    a_revoked_device_is_cut_off_and_only_its_own_team_can_revoke_it,
    one_team_never_sees_another_teams_data_through_any_method,
    a_resent_push_stores_nothing_twice,
    a_push_that_fails_midway_stores_nothing,
    pulls_come_in_order_page_by_page_and_resume_at_the_cursor,
    a_rep_pulls_its_own_leads_and_unassigned_ones_only,
    reassignment_brings_the_new_rep_the_whole_history_and_tells_the_old_one,
    taking_an_unassigned_lead_tells_every_rep_then_hides_it,
    ownership_follows_the_latest_stamp_not_the_arrival_order,
    a_push_wakes_waiting_pulls_of_its_team_only,
    pulls_miss_nothing_while_many_devices_push_at_once,
    the_server_s_own_view_pulls_every_lead_once_whoever_owns_it,
    teams_reps_and_lead_sources_are_listed_and_found_within_their_team,
    a_team_s_script_and_settings_are_kept_per_team_with_a_growing_version,
);

// ---------------------------------------------------------------------------------------
// Helpers: a clock stamp at a given millisecond, changes as the phones make them.

fn stamp(ms: u64) -> String {
    format!("{:016}-{:010}-phone", 1_764_255_600_000 + ms, 0)
}

fn note(id: &str, lead: &str, text: &str, ms: u64) -> Change {
    Change {
        id: id.into(),
        lead_id: lead.into(),
        stamp: stamp(ms),
        body: ChangeBody::Record {
            kind: RecordKind::Note,
            record: id.into(),
            body: Some(text.into()),
            question: None,
            prompt: None,
        },
    }
}

/// A lead write as the phones make it: several fields at once, `assigned_to` among them.
fn lead(id: &str, lead: &str, name: &str, assigned: Option<&str>, ms: u64) -> Change {
    let fields: BTreeMap<String, Option<String>> = [
        ("first_name".to_owned(), Some(name.to_owned())),
        ("phone_e164".to_owned(), Some("+12125550190".to_owned())),
        ("assigned_to".to_owned(), assigned.map(str::to_owned)),
    ]
    .into_iter()
    .collect();
    Change {
        id: id.into(),
        lead_id: lead.into(),
        stamp: stamp(ms),
        body: ChangeBody::Fields { fields },
    }
}

/// An assignment alone, as a manager's reassignment arrives.
fn assign(id: &str, lead: &str, rep: Option<&str>, ms: u64) -> Change {
    Change {
        id: id.into(),
        lead_id: lead.into(),
        stamp: stamp(ms),
        body: ChangeBody::Fields {
            fields: [("assigned_to".to_owned(), rep.map(str::to_owned))]
                .into_iter()
                .collect(),
        },
    }
}

/// A rep with an enrolled device; returns the device (its `rep_id` is the rep's id).
async fn device<S: Storage>(s: &S, team: &str, rep: &str) -> Device {
    let (_, code) = s
        .create_rep(team, rep, Duration::from_secs(60))
        .await
        .unwrap();
    s.enrol(&code, &format!("{rep}'s phone")).await.unwrap().0
}

/// Another device of the same rep, enrolled with a second code.
async fn second_device<S: Storage>(s: &S, first: &Device) -> Device {
    let code = s
        .issue_code(&first.team_id, &first.rep_id, Duration::from_secs(60))
        .await
        .unwrap();
    s.enrol(&code, "tablet").await.unwrap().0
}

/// Everything after `since` the device may see, following `more`; and the last cursor.
async fn pull_all<S: Storage>(s: &S, device: &Device, since: u64) -> (Vec<Sequenced>, u64) {
    let (mut all, mut cursor) = (Vec::new(), since);
    loop {
        let page = s.pull(device, cursor, 1000).await.unwrap();
        assert_eq!(page.rep_id, device.rep_id, "a pull names the device's rep");
        all.extend(page.changes);
        cursor = page.cursor;
        if !page.more {
            return (all, cursor);
        }
    }
}

fn ids(changes: &[Sequenced]) -> Vec<&str> {
    changes.iter().map(|c| c.change.id.as_str()).collect()
}

fn sorted_ids(changes: &[Sequenced]) -> Vec<&str> {
    let mut ids = ids(changes);
    ids.sort_unstable();
    ids.dedup();
    ids
}

// ---------------------------------------------------------------------------------------
// The server's own view, and what intake needs.

async fn the_server_s_own_view_pulls_every_lead_once_whoever_owns_it<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let other = s.create_team("Elsewhere").await.unwrap();
    let sam = device(s, &team, "Sam").await;
    let ana = device(s, &team, "Ana").await;
    let stranger = device(s, &other, "Zed").await;
    s.push(&sam, vec![lead("f1", "L1", "Ann", Some(&sam.rep_id), 1)])
        .await
        .unwrap();
    s.push(&ana, vec![lead("f2", "L2", "Bo", Some(&ana.rep_id), 2)])
        .await
        .unwrap();
    s.push(&sam, vec![assign("r1", "L1", Some(&ana.rep_id), 3)])
        .await
        .unwrap();
    s.push(&stranger, vec![lead("f9", "L9", "Cy", None, 4)])
        .await
        .unwrap();
    let (all, _) = pull_all(s, &Device::whole_team(&team), 0).await;
    assert_eq!(
        ids(&all),
        ["f1", "f2", "r1"],
        "every lead of the team, each change once (no history copies), no other team's"
    );
}

async fn teams_reps_and_lead_sources_are_listed_and_found_within_their_team<S: Storage>(
    b: &Backend<S>,
) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let other = s.create_team("Elsewhere").await.unwrap();
    let names: Vec<String> = s.teams().await.unwrap().into_iter().map(|t| t.1).collect();
    assert_eq!(names, ["Brightside", "Elsewhere"]);
    device(s, &team, "Sam").await;
    device(s, &team, "Ana").await;
    device(s, &other, "Zed").await;
    let reps: Vec<String> = s
        .reps(&team)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(reps, ["Sam", "Ana"], "the team's reps, oldest first");

    let made = s
        .create_source(&team, SourceKind::Meta, "Autumn ads")
        .await
        .unwrap();
    assert_eq!(made.secret.len(), 64, "256 random bits");
    let found = s.source(&made.id).await.unwrap();
    assert_eq!(found, made);
    assert_eq!(
        (found.team_id.as_str(), found.kind),
        (team.as_str(), SourceKind::Meta)
    );
    let second = s
        .create_source(&team, SourceKind::Google, "Search")
        .await
        .unwrap();
    assert_ne!(second.secret, made.secret);
    assert!(matches!(
        s.source("no-such-source").await,
        Err(ServerError::NotFound(_))
    ));
    assert!(matches!(
        s.create_source("no-such-team", SourceKind::Generic, "Web")
            .await,
        Err(ServerError::NotFound(_))
    ));
    assert!(matches!(
        s.create_source(&team, SourceKind::Generic, " ").await,
        Err(ServerError::BadRequest(_))
    ));
}

async fn a_team_s_script_and_settings_are_kept_per_team_with_a_growing_version<S: Storage>(
    b: &Backend<S>,
) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let other = s.create_team("Elsewhere").await.unwrap();
    assert_eq!(
        s.team_config(&team).await.unwrap(),
        None,
        "nothing published yet"
    );

    assert_eq!(s.publish_script(&team, "id = 'one'").await.unwrap(), 1);
    let config = s.team_config(&team).await.unwrap().unwrap();
    assert_eq!(
        (config.version, config.script.as_deref(), config.settings),
        (1, Some("id = 'one'"), None)
    );
    let settings = TeamSettingsDoc {
        company: Some("Brightside Solar".into()),
        time_zone: Some("America/Chicago".into()),
        ..TeamSettingsDoc::default()
    };
    assert_eq!(s.publish_settings(&team, &settings).await.unwrap(), 2);
    assert_eq!(s.publish_script(&team, "id = 'two'").await.unwrap(), 3);
    let config = s.team_config(&team).await.unwrap().unwrap();
    assert_eq!(config.version, 3);
    assert_eq!(
        config.script.as_deref(),
        Some("id = 'two'"),
        "the newest script"
    );
    assert_eq!(config.settings, Some(settings), "the settings are kept");

    assert_eq!(s.team_config(&other).await.unwrap(), None, "another team's");
    assert_eq!(
        s.publish_settings(&other, &TeamSettingsDoc::default())
            .await
            .unwrap(),
        1,
        "each team counts its own versions"
    );
    assert_eq!(s.team_config(&team).await.unwrap().unwrap().version, 3);
    assert!(matches!(
        s.publish_script("no-such-team", "id = 'x'").await,
        Err(ServerError::NotFound(_))
    ));
}

// ---------------------------------------------------------------------------------------
// Enrolment and secrets.

async fn enrolment_codes_work_once_loosely_typed_and_expire<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let (rep, code) = s
        .create_rep(&team, "Sam", Duration::from_secs(60))
        .await
        .unwrap();
    let typed = code.to_lowercase().replace('-', "");
    let (device, token) = s.enrol(&typed, "Pixel").await.unwrap();
    assert_eq!(
        (device.team_id.as_str(), device.rep_id.as_str()),
        (team.as_str(), rep.id.as_str())
    );
    assert_eq!(s.authenticate(&token).await.unwrap(), device);
    assert_eq!(
        s.names(&device).await.unwrap(),
        ("Sam".to_owned(), "Brightside".to_owned())
    );
    assert!(matches!(
        s.enrol(&code, "Pixel").await,
        Err(ServerError::BadEnrolmentCode)
    ));
    let (_, expired) = s.create_rep(&team, "Ana", Duration::ZERO).await.unwrap();
    assert!(matches!(
        s.enrol(&expired, "iPhone").await,
        Err(ServerError::BadEnrolmentCode)
    ));
    assert!(matches!(
        s.enrol("AAAA-BBBB-CCCC", "iPhone").await,
        Err(ServerError::BadEnrolmentCode)
    ));
    assert!(matches!(
        s.create_rep("no-such-team", "Tom", Duration::from_secs(60))
            .await,
        Err(ServerError::NotFound(_))
    ));
    assert!(matches!(
        s.create_rep(&team, "  ", Duration::from_secs(60)).await,
        Err(ServerError::BadRequest(_))
    ));
}

async fn tokens_and_codes_are_stored_only_as_hashes<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let (_, code) = s
        .create_rep(&team, "Sam", Duration::from_secs(60))
        .await
        .unwrap();
    let (_, token) = s.enrol(&code, "Pixel").await.unwrap();
    let tokens = b.raw.column("devices", "token_hash").await;
    let codes = b.raw.column("enrolment_codes", "code_hash").await;
    assert_eq!(tokens, [hash_secret(&token)]);
    assert_eq!(codes, [hash_secret(&code)]);
    assert!(
        matches!(
            s.authenticate(&hash_secret(&token)).await,
            Err(ServerError::UnknownToken)
        ),
        "a stolen hash is no token"
    );
}

async fn a_revoked_device_is_cut_off_and_only_its_own_team_can_revoke_it<S: Storage>(
    b: &Backend<S>,
) {
    let s = &b.storage;
    let alpha = s.create_team("Alpha").await.unwrap();
    let beta = s.create_team("Beta").await.unwrap();
    let (_, code) = s
        .create_rep(&alpha, "Sam", Duration::from_secs(60))
        .await
        .unwrap();
    let (phone, token) = s.enrol(&code, "Pixel").await.unwrap();
    let tablet_code = s
        .issue_code(&alpha, &phone.rep_id, Duration::from_secs(60))
        .await
        .unwrap();
    let (tablet, tablet_token) = s.enrol(&tablet_code, "Tablet").await.unwrap();
    assert!(matches!(
        s.revoke_device(&beta, &phone.id).await,
        Err(ServerError::NotFound(_))
    ));
    assert!(
        s.authenticate(&token).await.is_ok(),
        "another team's manager cannot revoke it"
    );
    s.revoke_device(&alpha, &phone.id).await.unwrap();
    assert!(matches!(
        s.authenticate(&token).await,
        Err(ServerError::DeviceRevoked)
    ));
    assert_eq!(
        s.authenticate(&tablet_token).await.unwrap(),
        tablet,
        "the rep's other device goes on"
    );
    assert!(matches!(
        s.revoke_device(&alpha, &phone.id).await,
        Err(ServerError::NotFound(_))
    ));
    let listed = s.devices(&alpha).await.unwrap();
    let summary: Vec<(&str, &str, &str, bool)> = listed
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                d.rep_name.as_str(),
                d.name.as_str(),
                d.revoked_at.is_some(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (phone.id.as_str(), "Sam", "Pixel", true),
            (tablet.id.as_str(), "Sam", "Tablet", false)
        ],
        "listed oldest first, the revoked one marked"
    );
    assert!(listed.iter().all(|d| d.rep_id == phone.rep_id
        && d.enrolled_at > 0
        && d.revoked_at.is_none_or(|at| at >= d.enrolled_at)));
    assert!(
        s.devices(&beta).await.unwrap().is_empty(),
        "another team lists none of them"
    );
}

// ---------------------------------------------------------------------------------------
// Team isolation.

async fn one_team_never_sees_another_teams_data_through_any_method<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let alpha = s.create_team("Alpha").await.unwrap();
    let beta = s.create_team("Beta").await.unwrap();
    let alice = device(s, &alpha, "Alice").await;
    let bob = device(s, &beta, "Bob").await;
    assert_eq!(bob.team_id, beta, "a code enrols into its own team");
    let beta_woken = s.subscribe(&beta);
    s.push(&alice, vec![note("n1", "L1", "alpha's secret", 1)])
        .await
        .unwrap();
    assert_eq!(pull_all(s, &bob, 0).await.0, [], "B pulls nothing of A");
    assert_eq!(s.latest(&beta).await.unwrap(), 0);
    assert!(s.latest(&alpha).await.unwrap() > 0);
    assert!(
        !beta_woken.has_changed().unwrap(),
        "A's push wakes nobody in B"
    );
    // The same change id in another team is another change, not a duplicate.
    let outcome = s
        .push(&bob, vec![note("n1", "L1", "beta's own", 2)])
        .await
        .unwrap();
    assert_eq!((outcome.accepted, outcome.duplicates), (1, 0));
    let (alpha_sees, _) = pull_all(s, &alice, 0).await;
    assert_eq!(alpha_sees.len(), 1);
    assert_eq!(alpha_sees[0].change, note("n1", "L1", "alpha's secret", 1));
    // A lead id in two teams has two owners: assigning it in B leaves A's routing alone.
    s.push(
        &bob,
        vec![lead("l-b", "L1", "Bea", Some("someone-else"), 3)],
    )
    .await
    .unwrap();
    assert_eq!(pull_all(s, &alice, 0).await.0.len(), 1);
}

// ---------------------------------------------------------------------------------------
// Push.

async fn a_resent_push_stores_nothing_twice<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let phone = device(s, &team, "Sam").await;
    let batch = vec![
        note("n1", "L1", "call after 5", 1),
        note("n2", "L1", "asked about batteries", 2),
        lead("f1", "L2", "Ann", None, 3),
    ];
    let first = s.push(&phone, batch.clone()).await.unwrap();
    assert_eq!((first.accepted, first.duplicates), (3, 0));
    let again = s.push(&phone, batch).await.unwrap();
    assert_eq!((again.accepted, again.duplicates), (0, 3));
    assert_eq!(again.latest, first.latest, "a re-sent batch adds nothing");
    let within = s
        .push(
            &phone,
            vec![note("n3", "L1", "x", 4), note("n3", "L1", "x", 4)],
        )
        .await
        .unwrap();
    assert_eq!((within.accepted, within.duplicates), (1, 1));
    assert_eq!(
        ids(&pull_all(s, &phone, 0).await.0),
        ["n1", "n2", "f1", "n3"]
    );
}

async fn a_push_that_fails_midway_stores_nothing<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let phone = device(s, &team, "Sam").await;
    let mut bad = assign("a1", "L1", Some("ana"), 2);
    bad.stamp = "not a stamp".into();
    let failed = s
        .push(&phone, vec![note("n1", "L1", "kept?", 1), bad])
        .await;
    assert!(failed.is_err(), "the second change is refused");
    assert_eq!(s.latest(&team).await.unwrap(), 0, "the first was not kept");
    assert_eq!(pull_all(s, &phone, 0).await.0, []);
    let retried = s
        .push(&phone, vec![note("n1", "L1", "kept?", 1)])
        .await
        .unwrap();
    assert_eq!(
        retried.accepted, 1,
        "nothing half-stored makes it a duplicate"
    );
}

// ---------------------------------------------------------------------------------------
// Pull.

async fn pulls_come_in_order_page_by_page_and_resume_at_the_cursor<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let phone = device(s, &team, "Sam").await;
    let tablet = device(s, &team, "Ana").await;
    let pushed: Vec<Change> = (0..5)
        .map(|i| note(&format!("n{i}"), "L1", &format!("note {i}"), i))
        .collect();
    s.push(&phone, pushed.clone()).await.unwrap();

    let first = s.pull(&tablet, 0, 2).await.unwrap();
    assert!(first.more);
    assert_eq!(first.cursor, first.changes[1].seq);
    let second = s.pull(&tablet, first.cursor, 2).await.unwrap();
    let third = s.pull(&tablet, second.cursor, 2).await.unwrap();
    assert!(!third.more);
    let all: Vec<&Sequenced> = [&first, &second, &third]
        .iter()
        .flat_map(|p| p.changes.iter())
        .collect();
    assert_eq!(
        all.iter().map(|c| c.change.clone()).collect::<Vec<_>>(),
        pushed,
        "exactly what was pushed, in order"
    );
    assert!(all.windows(2).all(|w| w[0].seq < w[1].seq));
    assert!(all.iter().all(|c| c.device_id == phone.id));
    assert_eq!(third.cursor, s.latest(&team).await.unwrap());
    let empty = s.pull(&tablet, third.cursor, 2).await.unwrap();
    assert_eq!(
        (empty.changes.len(), empty.cursor, empty.more),
        (0, third.cursor, false)
    );
}

// ---------------------------------------------------------------------------------------
// Per-rep routing.

async fn a_rep_pulls_its_own_leads_and_unassigned_ones_only<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let sam = device(s, &team, "Sam").await;
    let sam_tablet = second_device(s, &sam).await;
    assert_eq!(sam_tablet.rep_id, sam.rep_id);
    let ana = device(s, &team, "Ana").await;
    s.push(
        &sam,
        vec![
            lead("f1", "L-sam", "Ann", Some(&sam.rep_id), 1),
            note("n1", "L-sam", "prefers mornings", 2),
            lead("f2", "L-open", "Bob", None, 3),
            note("n2", "L-open", "call back", 4),
        ],
    )
    .await
    .unwrap();
    let (ana_sees, ana_cursor) = pull_all(s, &ana, 0).await;
    assert_eq!(
        ids(&ana_sees),
        ["f2", "n2"],
        "Ana gets the unassigned lead only"
    );
    assert_eq!(
        ana_cursor,
        s.latest(&team).await.unwrap(),
        "and skips the rest for good"
    );
    assert_eq!(ids(&pull_all(s, &sam, 0).await.0), ["f1", "n1", "f2", "n2"]);
    assert_eq!(
        ids(&pull_all(s, &sam_tablet, 0).await.0),
        ["f1", "n1", "f2", "n2"],
        "both of Sam's devices see everything of Sam's"
    );
}

async fn reassignment_brings_the_new_rep_the_whole_history_and_tells_the_old_one<S: Storage>(
    b: &Backend<S>,
) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let sam = device(s, &team, "Sam").await;
    let ana = device(s, &team, "Ana").await;
    let tom = device(s, &team, "Tom").await;
    s.push(
        &sam,
        vec![
            lead("f1", "L1", "Ann", Some(&sam.rep_id), 1),
            note("n1", "L1", "prefers mornings", 2),
        ],
    )
    .await
    .unwrap();
    let (_, sam_cursor) = pull_all(s, &sam, 0).await;
    let (nothing, ana_cursor) = pull_all(s, &ana, 0).await;
    assert_eq!(nothing, []);
    let (_, tom_cursor) = pull_all(s, &tom, 0).await;

    // The manager hands the lead to Ana.
    s.push(&sam, vec![assign("r1", "L1", Some(&ana.rep_id), 3)])
        .await
        .unwrap();
    let (ana_gets, ana_cursor) = pull_all(s, &ana, ana_cursor).await;
    assert_eq!(
        sorted_ids(&ana_gets),
        ["f1", "n1", "r1"],
        "Ana gets the whole history"
    );
    let fields = ana_gets.iter().find(|c| c.change.id == "f1").unwrap();
    assert_eq!(fields.change, lead("f1", "L1", "Ann", Some(&sam.rep_id), 1));
    let note_text = ana_gets.iter().find(|c| c.change.id == "n1").unwrap();
    assert_eq!(note_text.change, note("n1", "L1", "prefers mornings", 2));
    let (sam_gets, sam_cursor) = pull_all(s, &sam, sam_cursor).await;
    assert_eq!(
        ids(&sam_gets),
        ["r1"],
        "Sam learns the lead left him, nothing more"
    );
    let (tom_gets, tom_cursor) = pull_all(s, &tom, tom_cursor).await;
    assert_eq!(tom_gets, []);

    // From now on the lead is Ana's alone.
    s.push(&ana, vec![note("n2", "L1", "booked a visit", 4)])
        .await
        .unwrap();
    assert_eq!(ids(&pull_all(s, &ana, ana_cursor).await.0), ["n2"]);
    assert_eq!(pull_all(s, &sam, sam_cursor).await.0, []);

    // Unassigned again: every rep may now call it, so Tom gets its history too.
    s.push(&ana, vec![assign("u1", "L1", None, 5)])
        .await
        .unwrap();
    let (tom_gets, _) = pull_all(s, &tom, tom_cursor).await;
    assert_eq!(sorted_ids(&tom_gets), ["f1", "n1", "n2", "r1", "u1"]);
}

async fn taking_an_unassigned_lead_tells_every_rep_then_hides_it<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let sam = device(s, &team, "Sam").await;
    let ana = device(s, &team, "Ana").await;
    s.push(&sam, vec![lead("f1", "L1", "Ann", None, 1)])
        .await
        .unwrap();
    let (seen, ana_cursor) = pull_all(s, &ana, 0).await;
    assert_eq!(ids(&seen), ["f1"]);
    s.push(&sam, vec![assign("r1", "L1", Some(&sam.rep_id), 2)])
        .await
        .unwrap();
    let (told, ana_cursor) = pull_all(s, &ana, ana_cursor).await;
    assert_eq!(ids(&told), ["r1"], "Ana learns the lead is taken");
    s.push(&sam, vec![note("n1", "L1", "Sam's note", 3)])
        .await
        .unwrap();
    assert_eq!(
        pull_all(s, &ana, ana_cursor).await.0,
        [],
        "and sees no more of it"
    );
}

async fn ownership_follows_the_latest_stamp_not_the_arrival_order<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let sam = device(s, &team, "Sam").await;
    let ana = device(s, &team, "Ana").await;
    // Ana's assignment is newer but arrives first; Sam's older one arrives late.
    s.push(&sam, vec![assign("to-ana", "L1", Some(&ana.rep_id), 20)])
        .await
        .unwrap();
    s.push(&sam, vec![assign("to-sam", "L1", Some(&sam.rep_id), 10)])
        .await
        .unwrap();
    s.push(&sam, vec![note("n1", "L1", "whose?", 30)])
        .await
        .unwrap();
    let (ana_sees, _) = pull_all(s, &ana, 0).await;
    assert_eq!(sorted_ids(&ana_sees), ["n1", "to-ana", "to-sam"]);
    let (sam_sees, _) = pull_all(s, &sam, 0).await;
    assert_eq!(
        sorted_ids(&sam_sees),
        Vec::<&str>::new(),
        "the phones will show it as Ana's"
    );
}

// ---------------------------------------------------------------------------------------
// Waking long polls, and order under concurrency.

async fn a_push_wakes_waiting_pulls_of_its_team_only<S: Storage>(b: &Backend<S>) {
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let other = s.create_team("Other").await.unwrap();
    let phone = device(s, &team, "Sam").await;
    let mut woken = s.subscribe(&team);
    let other_woken = s.subscribe(&other);
    let outcome = s
        .push(&phone, vec![note("n1", "L1", "new", 1)])
        .await
        .unwrap();
    tokio::time::timeout(Duration::from_secs(5), woken.changed())
        .await
        .expect("a push wakes its team's waiting pulls")
        .unwrap();
    assert_eq!(s.latest(&team).await.unwrap(), outcome.latest);
    assert!(!other_woken.has_changed().unwrap());
    s.push(&phone, vec![note("n1", "L1", "new", 1)])
        .await
        .unwrap();
    assert!(
        !woken.has_changed().unwrap(),
        "a push of duplicates wakes nobody"
    );
}

async fn pulls_miss_nothing_while_many_devices_push_at_once<S: Storage>(b: &Backend<S>) {
    const PUSHERS: usize = 4;
    const BATCHES: usize = 15;
    let s = &b.storage;
    let team = s.create_team("Brightside").await.unwrap();
    let mut devices = Vec::new();
    for i in 0..PUSHERS {
        devices.push(device(s, &team, &format!("rep{i}")).await);
    }
    let reader = device(s, &team, "reader").await;
    let mut seen = Vec::new();
    let mut cursor = 0;
    let pusher = |i: usize| {
        let d = &devices[i];
        async move {
            for batch in 0..BATCHES {
                let changes = (0..10)
                    .map(|n| note(&format!("{i}-{batch}-{n}"), &format!("L{i}"), "x", 1))
                    .collect();
                s.push(d, changes).await.unwrap();
            }
        }
    };
    let pushing = async {
        tokio::join!(pusher(0), pusher(1), pusher(2), pusher(3));
    };
    let reading = async {
        for _ in 0..200 {
            let page = s.pull(&reader, cursor, 1000).await.unwrap();
            seen.extend(page.changes.into_iter().map(|c| c.change.id));
            cursor = page.cursor;
            tokio::task::yield_now().await;
        }
    };
    tokio::join!(pushing, reading);
    let (rest, _) = pull_all(s, &reader, cursor).await;
    seen.extend(rest.into_iter().map(|c| c.change.id));
    let total = seen.len();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(total, seen.len(), "nothing twice");
    assert_eq!(seen.len(), PUSHERS * BATCHES * 10, "nothing skipped");
}

// ---------------------------------------------------------------------------------------
// PostgreSQL only: several server instances on one database.

mod instances {
    use super::*;
    use warmline_server::storage::PgStorage;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn instances_starting_together_share_one_schema_and_wake_each_other() {
        let url = support::postgres::fresh_database();
        let (one, two) = tokio::join!(PgStorage::connect(&url), PgStorage::connect(&url));
        let (one, two) = (one.unwrap(), two.unwrap());
        let team = one.create_team("Brightside").await.unwrap();
        let sam = device(&one, &team, "Sam").await;
        let ana = device(&two, &team, "Ana").await;
        let mut woken_on_two = two.subscribe(&team);
        one.push(&sam, vec![note("n1", "L1", "pushed on one", 1)])
            .await
            .unwrap();
        tokio::time::timeout(Duration::from_secs(5), woken_on_two.changed())
            .await
            .expect("a push on instance one wakes long polls on instance two")
            .unwrap();
        assert_eq!(ids(&pull_all(&two, &ana, 0).await.0), ["n1"]);
        // A third instance on the now up-to-date database changes nothing.
        let three = PgStorage::connect(&url).await.unwrap();
        assert_eq!(
            three.latest(&team).await.unwrap(),
            one.latest(&team).await.unwrap()
        );
    }

    #[test]
    fn a_long_poll_on_one_server_returns_when_another_takes_the_push() {
        let url = support::postgres::fresh_database();
        let one = support::start_pg_server_at(&url, warmline_server::Config::default());
        let two = support::start_pg_server_at(&url, warmline_server::Config::default());
        let team = one
            .runtime
            .block_on(one.storage.create_team("Brightside"))
            .unwrap();
        let sam = support::enrol(&one, &team, "Sam");
        let ana = support::enrol(&two, &team, "Ana");
        let waiting = {
            let url = two.url.clone();
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let page: serde_json::Value = ureq::get(&format!("{url}/v1/pull?since=0&wait=20"))
                    .set("authorization", &format!("Bearer {ana}"))
                    .call()
                    .unwrap()
                    .into_json()
                    .unwrap();
                (page, started.elapsed())
            })
        };
        std::thread::sleep(Duration::from_millis(300));
        ureq::post(&format!("{}/v1/push", one.url))
            .set("authorization", &format!("Bearer {sam}"))
            .send_json(serde_json::json!({ "changes": [note("n1", "0190e7a0-0000-7000-8000-000000000001", "from one", 1)] }))
            .unwrap();
        let (page, waited) = waiting.join().unwrap();
        assert_eq!(page["changes"][0]["body"], "from one");
        assert!(
            waited < Duration::from_secs(10),
            "woken, not timed out: {waited:?}"
        );
    }
}
