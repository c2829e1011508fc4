//! One sync: push what this phone changed, then pull what the team changed.
//!
//! HTTP is behind [`HttpClient`] (one request in, one response out): the apps implement
//! it on their platform's stack (so TLS and proxies stay the platform's), the CLI and the
//! tests on a small Rust client. A sync stops at the first failure and can simply be run
//! again: pushes are idempotent and the pull cursor only moves with the data it covers.

use rusqlite::OptionalExtension;

use super::outbox;
use super::wire::{
    Change, ChangeBody, EnrolRequest, EnrolResponse, PullResponse, PushRequest, PushResponse,
    MAX_PUSH_CHANGES,
};
use super::Hlc;
use crate::error::{Error, Result};
use crate::lead::{self, LeadId};
use crate::warmline::Warmline;

/// One HTTP request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// One HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The platform's HTTP stack. `Err` is a transport failure (no network, timeout).
pub trait HttpClient: Send + Sync {
    fn send(&self, request: HttpRequest) -> std::result::Result<HttpResponse, String>;
}

/// What a sync did, for the app's sync screen and logs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: u32,
    pub pulled: u32,
    /// Pulled changes that changed something here.
    pub applied: u32,
    /// Pulled changes that could not be applied (logged; the rest went on).
    pub skipped: u32,
    pub bytes_sent: u64,
    pub bytes_received: u64,
}

/// Exchanges a manager's one-time enrolment code for this device's token. The app keeps
/// the token in the platform's secure storage (Keystore, Keychain) and passes it to
/// [`Warmline::sync`].
pub fn enrol(
    http: &dyn HttpClient,
    server: &str,
    code: &str,
    device_name: &str,
) -> Result<EnrolResponse> {
    let body = serde_json::to_vec(&EnrolRequest {
        code: code.to_owned(),
        device_name: device_name.to_owned(),
    })
    .map_err(|e| Error::Corrupt(e.to_string()))?;
    let (enrolment, _) = exchange(http, "POST", &format!("{server}/v1/enrol"), None, body)?;
    Ok(enrolment)
}

/// Sends one request (with the device token when given) and reads the JSON answer;
/// any status but 200 is an error carrying the server's message. Returns the answer and
/// how many bytes came back.
fn exchange<T: serde::de::DeserializeOwned>(
    http: &dyn HttpClient,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> Result<(T, u64)> {
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    if let Some(token) = token {
        headers.push(("authorization".into(), format!("Bearer {token}")));
    }
    let request = HttpRequest {
        method: method.into(),
        url: url.into(),
        headers,
        body,
    };
    let response = http.send(request).map_err(|problem| Error::Sync {
        problem: format!("{method} {url}: {problem}"),
    })?;
    let received = response.body.len() as u64;
    if response.status != 200 {
        let message = String::from_utf8_lossy(&response.body).into_owned();
        return Err(Error::Sync {
            problem: format!("{method} {url}: HTTP {}: {message}", response.status),
        });
    }
    let value = serde_json::from_slice(&response.body).map_err(|e| Error::Sync {
        problem: format!("{url}: unreadable answer: {e}"),
    })?;
    Ok((value, received))
}

impl Warmline {
    /// Pushes every pending change to `server` and pulls everything new.
    pub fn sync(&self, http: &dyn HttpClient, server: &str, token: &str) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        self.push_pending(http, server, token, &mut report)?;
        self.pull_new(http, server, token, &mut report)?;
        Ok(report)
    }

    fn push_pending(
        &self,
        http: &dyn HttpClient,
        server: &str,
        token: &str,
        report: &mut SyncReport,
    ) -> Result<()> {
        // Rows changed before they were stamped (an upgraded store) are stamped now.
        self.db
            .write(|tx| outbox::stamp_records(tx, &self.hlc, self.now_ms()))?;
        loop {
            let (fields, records) = self.db.read(|conn| {
                let fields: Vec<(String, String)> = conn
                    .prepare_cached("SELECT change_id, change FROM outbox ORDER BY seq LIMIT ?1")?
                    .query_map([i64::try_from(MAX_PUSH_CHANGES / 2).unwrap_or(500)], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let records = outbox::pending_records(conn, MAX_PUSH_CHANGES / 2)?;
                Ok((fields, records))
            })?;
            if fields.is_empty() && records.is_empty() {
                return Ok(());
            }
            let mut changes: Vec<Change> = fields
                .iter()
                .map(|(_, json)| {
                    serde_json::from_str(json).map_err(|e| Error::Corrupt(format!("outbox: {e}")))
                })
                .collect::<Result<_>>()?;
            changes.extend(records.iter().map(|pending| pending.change.clone()));
            let count = changes.len();
            let body = serde_json::to_vec(&PushRequest { changes })
                .map_err(|e| Error::Corrupt(e.to_string()))?;
            report.bytes_sent += body.len() as u64;
            let response: PushResponse = self.call(
                http,
                "POST",
                &format!("{server}/v1/push"),
                token,
                body,
                report,
            )?;
            tracing::debug!(
                accepted = response.accepted,
                duplicates = response.duplicates,
                "pushed"
            );
            self.db.write(|tx| {
                for (change_id, _) in &fields {
                    tx.prepare_cached("DELETE FROM outbox WHERE change_id = ?1")?
                        .execute([change_id])?;
                }
                for pending in &records {
                    outbox::acknowledge(tx, pending)?;
                }
                Ok(())
            })?;
            report.pushed += u32::try_from(count).unwrap_or(u32::MAX);
        }
    }

    fn pull_new(
        &self,
        http: &dyn HttpClient,
        server: &str,
        token: &str,
        report: &mut SyncReport,
    ) -> Result<()> {
        loop {
            let cursor: u64 = self.db.read(|conn| {
                Ok(conn
                    .query_row(
                        "SELECT value FROM sync_state WHERE key = 'cursor'",
                        [],
                        |r| r.get::<_, String>(0),
                    )
                    .optional()?
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0))
            })?;
            let page: PullResponse = self.call(
                http,
                "GET",
                &format!("{server}/v1/pull?since={cursor}"),
                token,
                Vec::new(),
                report,
            )?;
            report.pulled += u32::try_from(page.changes.len()).unwrap_or(u32::MAX);
            let now_ms = self.now_ms();
            let ((applied, skipped), rep_changed) = self.change_leads(|tx, _| {
                let rep_changed = remember_rep(tx, &page.rep_id)?;
                let mut touched = std::collections::BTreeSet::new();
                let (mut applied, mut skipped) = (0u32, 0u32);
                for sequenced in &page.changes {
                    let change = &sequenced.change;
                    let outcome = apply(tx, change);
                    if let Ok(stamp) = change.stamp.parse::<Hlc>() {
                        self.hlc.observe(&stamp, now_ms);
                    }
                    match outcome {
                        Ok(true) => {
                            applied += 1;
                            touched.insert(change.lead_id.clone());
                        }
                        Ok(false) => {}
                        Err(err) => {
                            tracing::warn!(change = %change.id, error = %err, "skipped a pulled change");
                            skipped += 1;
                        }
                    }
                }
                tx.execute(
                    "INSERT INTO sync_state (key, value) VALUES ('cursor', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1",
                    [page.cursor.to_string()],
                )?;
                let leads = touched
                    .iter()
                    .filter_map(|id| id.parse::<LeadId>().ok())
                    .filter_map(|id| lead::find(tx, id).ok().flatten())
                    .collect();
                Ok((((applied, skipped), rep_changed), leads))
            })?;
            if rep_changed {
                self.reload_queue()?;
            }
            report.applied += applied;
            report.skipped += skipped;
            if !page.more {
                return Ok(());
            }
        }
    }

    fn call<T: serde::de::DeserializeOwned>(
        &self,
        http: &dyn HttpClient,
        method: &str,
        url: &str,
        token: &str,
        body: Vec<u8>,
        report: &mut SyncReport,
    ) -> Result<T> {
        let (value, received) = exchange(http, method, url, Some(token), body)?;
        report.bytes_received += received;
        Ok(value)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.clock.now().timestamp_millis()).unwrap_or(0)
    }

    /// Changes made here that the server has not acknowledged yet.
    pub fn pending_changes(&self) -> Result<u64> {
        self.db.read(|conn| {
            let fields: i64 = conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?;
            let records: i64 = conn.query_row(
                "SELECT (SELECT count(*) FROM notes WHERE pushed = 0)
                      + (SELECT count(*) FROM attempts WHERE pushed = 0)",
                [],
                |r| r.get(0),
            )?;
            Ok(u64::try_from(fields + records).unwrap_or(0))
        })
    }
}

/// Stores the rep the server says this device belongs to; returns whether it changed
/// (the queue then lists a different set of leads).
fn remember_rep(tx: &rusqlite::Connection, rep_id: &str) -> Result<bool> {
    if rep_id.is_empty() || crate::queue::my_rep(tx)?.as_deref() == Some(rep_id) {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO sync_state (key, value) VALUES ('rep_id', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1",
        [rep_id],
    )?;
    Ok(true)
}

fn apply(tx: &rusqlite::Connection, change: &Change) -> Result<bool> {
    let stamp: Hlc = change.stamp.parse()?;
    match &change.body {
        ChangeBody::Fields { fields } => outbox::apply_fields(tx, &change.lead_id, fields, &stamp),
        ChangeBody::Record {
            kind,
            record,
            body,
            question,
            prompt,
        } => outbox::apply_record(
            tx,
            &outbox::PulledRecord {
                lead: &change.lead_id,
                kind: *kind,
                record,
                body: body.as_deref(),
                question: question.as_deref(),
                prompt: prompt.as_deref(),
                revision: &change.id,
                stamp: &stamp,
            },
        ),
    }
}
