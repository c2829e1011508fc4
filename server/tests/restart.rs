//! The server killed with SIGKILL mid-stream and restarted, again and again, loses
//! nothing it acknowledged (SQLite backend).

#![allow(clippy::unwrap_used, clippy::expect_used)] // in tests a panic is the failure report

mod support;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use warmline_server::storage::{SqliteStorage, Storage};

const ROUNDS: u64 = 12;

fn start(db: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_warmline-server"))
        .args(["--listen", "127.0.0.1:0", "--rate", "100000", "--database"])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("the listening line")
        .to_owned();
    (child, url)
}

fn push(url: &str, token: &str, ids: &[String]) -> bool {
    let changes: Vec<_> = ids
        .iter()
        .map(|id| {
            json!({ "id": id, "lead_id": "0190e7a0-0000-7000-8000-000000000001", "stamp": "0001764255600000-0000000000-a",
                          "type": "record", "kind": "note", "record": id, "body": "kept" })
        })
        .collect();
    ureq::post(&format!("{url}/v1/push"))
        .timeout(Duration::from_secs(5))
        .set("authorization", &format!("Bearer {token}"))
        .send_json(json!({ "changes": changes }))
        .is_ok()
}

fn all_ids(url: &str, token: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut since = 0;
    loop {
        let page: serde_json::Value = ureq::get(&format!("{url}/v1/pull?since={since}"))
            .set("authorization", &format!("Bearer {token}"))
            .call()
            .unwrap()
            .into_json()
            .unwrap();
        for change in page["changes"].as_array().unwrap() {
            ids.insert(change["id"].as_str().unwrap().to_owned());
        }
        since = page["cursor"].as_u64().unwrap();
        if !page["more"].as_bool().unwrap() {
            return ids;
        }
    }
}

#[test]
fn acknowledged_pushes_survive_sigkill_and_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("server.db");
    let token = {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let storage = SqliteStorage::open(&db).unwrap();
        runtime.block_on(async {
            let team = storage.create_team("Brightside").await.unwrap();
            let (_, code) = storage
                .create_rep(&team, "Sam", Duration::from_secs(600))
                .await
                .unwrap();
            storage.enrol(&code, "phone").await.unwrap().1
        })
    };
    let mut acknowledged = BTreeSet::new();
    let mut next = 0u64;
    for round in 0..ROUNDS {
        let (mut server, url) = start(&db);
        let stop = Arc::new(AtomicBool::new(false));
        let pusher = {
            let (url, token, stop) = (url.clone(), token.clone(), Arc::clone(&stop));
            let first = next;
            std::thread::spawn(move || {
                let mut acked = Vec::new();
                let mut n = first;
                while !stop.load(Ordering::Relaxed) {
                    let batch: Vec<String> = (n..n + 5).map(|i| format!("change-{i}")).collect();
                    n += 5;
                    if !push(&url, &token, &batch) {
                        break;
                    }
                    acked.extend(batch);
                }
                (acked, n)
            })
        };
        std::thread::sleep(Duration::from_millis(40 + (round * 37) % 200));
        server.kill().unwrap(); // SIGKILL
        server.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        let (acked, reached) = pusher.join().unwrap();
        next = reached;
        acknowledged.extend(acked);
    }
    assert!(
        acknowledged.len() > 50,
        "only {} pushes were acknowledged",
        acknowledged.len()
    );
    let (mut server, url) = start(&db);
    let stored = all_ids(&url, &token);
    server.kill().unwrap();
    server.wait().unwrap();
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(
        lost.is_empty(),
        "{} acknowledged changes lost, e.g. {:?}",
        lost.len(),
        lost.first()
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}
