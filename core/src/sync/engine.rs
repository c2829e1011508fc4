//! One sync: push what this phone changed, then pull what the team changed.
//!
//! HTTP is behind [`HttpClient`] (one request in, one response out): the apps implement
//! it on their platform's stack (so TLS and proxies stay the platform's), the CLI and the
//! tests on a small Rust client. A sync stops at the first failure and can simply be run
//! again: pushes are idempotent and the pull cursor only moves with the data it covers.

use rusqlite::OptionalExtension;

use super::outbox;
use super::quarantine::{self, Settled};
use super::schedule::{self, SignedOutReason, SyncStatus};
use super::wire::{
    Change, EnrolRequest, EnrolResponse, ErrorBody, PullResponse, PushRequest, PushResponse,
    DEVICE_REVOKED, MAX_PUSH_CHANGES,
};
use super::{team, Hlc};
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

/// One HTTP response. A gzip-compressed body may arrive compressed or already
/// decompressed by the platform: the engine recognises either.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name`, ignoring case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Request bodies above this size are sent gzip-compressed.
const COMPRESS_ABOVE_BYTES: usize = 256;
/// The most a compressed answer may inflate to (a pull page is far smaller).
const MAX_ANSWER_BYTES: u64 = 64 * 1024 * 1024;

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
    /// Why the team's script and settings from the server were refused (logged; the
    /// previous ones stay in use).
    pub team_refused: Option<String>,
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
/// any status but 200 is an error carrying the server's message (and its `Retry-After`).
/// Returns the answer and how many bytes travelled each way.
fn exchange<T: serde::de::DeserializeOwned>(
    http: &dyn HttpClient,
    method: &str,
    url: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> Result<(T, Traffic)> {
    let failed = |problem: String, retry_after_secs: Option<u64>| Error::Sync {
        problem: format!("{method} {url}: {problem}"),
        retry_after_secs,
    };
    let mut headers = vec![
        ("content-type".to_owned(), "application/json".to_owned()),
        ("accept-encoding".to_owned(), "gzip".to_owned()),
    ];
    let body = if body.len() > COMPRESS_ABOVE_BYTES {
        headers.push(("content-encoding".into(), "gzip".into()));
        gzip(&body)?
    } else {
        body
    };
    if let Some(token) = token {
        headers.push(("authorization".into(), format!("Bearer {token}")));
    }
    let sent = body.len() as u64;
    let request = HttpRequest {
        method: method.into(),
        url: url.into(),
        headers,
        body,
    };
    let response = http
        .send(request)
        .map_err(|problem| failed(problem, None))?;
    let traffic = Traffic {
        sent,
        received: response.body.len() as u64,
    };
    let answer = gunzip_if_compressed(&response.body).map_err(|e| failed(e, None))?;
    if response.status == 401 {
        return Err(refused(&answer));
    }
    if response.status != 200 {
        let retry_after = response
            .header("retry-after")
            .and_then(|v| v.trim().parse().ok());
        let message = String::from_utf8_lossy(&answer);
        return Err(failed(
            format!("HTTP {}: {message}", response.status),
            retry_after,
        ));
    }
    let value = serde_json::from_slice(&answer)
        .map_err(|e| failed(format!("unreadable answer: {e}"), None))?;
    Ok((value, traffic))
}

/// The error for a token the server refused (HTTP 401): revoked, or otherwise not
/// accepted (unknown; `bad_token` from servers that did not tell the two apart).
fn refused(answer: &[u8]) -> Error {
    let body: Option<ErrorBody> = serde_json::from_slice(answer).ok();
    let detail = body.as_ref().map_or_else(
        || String::from_utf8_lossy(answer).into_owned(),
        |b| b.message.clone(),
    );
    match body {
        Some(b) if b.error == DEVICE_REVOKED => Error::DeviceRevoked { detail },
        _ => Error::Unauthorised { detail },
    }
}

/// Bytes on the wire for one exchange, as sent and received (compressed or not).
#[derive(Debug, Clone, Copy)]
struct Traffic {
    sent: u64,
    received: u64,
}

fn gzip(body: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .map_err(|e| Error::Corrupt(format!("compressing a request: {e}")))
}

/// The body itself, or its decompression when it starts with gzip's magic bytes (a JSON
/// answer never does): platform stacks differ in whether they decompress for us.
fn gunzip_if_compressed(body: &[u8]) -> std::result::Result<std::borrow::Cow<'_, [u8]>, String> {
    use std::io::Read;
    if !body.starts_with(&[0x1f, 0x8b]) {
        return Ok(std::borrow::Cow::Borrowed(body));
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(body)
        .take(MAX_ANSWER_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("a compressed answer could not be read: {e}"))?;
    if out.len() as u64 > MAX_ANSWER_BYTES {
        return Err(format!("the answer inflates past {MAX_ANSWER_BYTES} bytes"));
    }
    Ok(std::borrow::Cow::Owned(out))
}

impl Warmline {
    /// Pushes every pending change to `server` and pulls everything new.
    pub fn sync(&self, http: &dyn HttpClient, server: &str, token: &str) -> Result<SyncReport> {
        self.sync_waiting(http, server, token, std::time::Duration::ZERO)
    }

    /// Like [`sync`](Self::sync), but a pull that finds nothing new waits on the server
    /// up to `wait` for news: the long poll of an open app (the server caps it at 25 s).
    ///
    /// The outcome is recorded for [`sync_status`](Self::sync_status): after a failure
    /// the next attempt backs off. Syncs may overlap (a push after a local change while a
    /// long poll waits): pushes take turns, and the pull cursor only moves forward.
    pub fn sync_waiting(
        &self,
        http: &dyn HttpClient,
        server: &str,
        token: &str,
        wait: std::time::Duration,
    ) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        let outcome = self
            .push_pending(http, server, token, &mut report)
            .and_then(|()| self.pull_new(http, server, token, wait, &mut report));
        let now = self.clock.now();
        match &outcome {
            Ok(()) => self.db.write(|tx| schedule::record_success(tx, now))?,
            Err(err) => {
                let asked = match err {
                    Error::Sync {
                        retry_after_secs, ..
                    } => retry_after_secs.map(std::time::Duration::from_secs),
                    _ => None,
                };
                let spread = schedule::spread_of(self.hlc.device());
                let failures = self.db.write(|tx| {
                    if let Some(reason) = SignedOutReason::of(err) {
                        schedule::record_signed_out(tx, reason)?;
                    }
                    schedule::record_failure(tx, now, &err.to_string(), spread, asked)
                })?;
                tracing::info!(failures, error = %err, "sync failed; backing off");
            }
        }
        // The sync status line redraws.
        self.writes.notify(&[]);
        outcome.map(|()| report)
    }

    /// Pending changes, the last success and failure, and when to sync next.
    pub fn sync_status(&self) -> Result<SyncStatus> {
        let pending = self.pending_changes()?;
        let now = self.clock.now();
        self.db.read(|conn| schedule::status(conn, now, pending))
    }

    fn push_pending(
        &self,
        http: &dyn HttpClient,
        server: &str,
        token: &str,
        report: &mut SyncReport,
    ) -> Result<()> {
        let _one_push_at_a_time = self
            .push_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
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
            // "Synced" ticks turn on.
            self.writes.notify(&[]);
            report.pushed += u32::try_from(count).unwrap_or(u32::MAX);
        }
    }

    fn pull_new(
        &self,
        http: &dyn HttpClient,
        server: &str,
        token: &str,
        wait: std::time::Duration,
        report: &mut SyncReport,
    ) -> Result<()> {
        let mut wait_secs = wait.as_secs();
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
            let team = self.db.read(team::known_version)?;
            let page: PullResponse = self.call(
                http,
                "GET",
                &format!("{server}/v1/pull?since={cursor}&wait={wait_secs}&team={team}"),
                token,
                Vec::new(),
                report,
            )?;
            wait_secs = 0;
            report.pulled += u32::try_from(page.changes.len()).unwrap_or(u32::MAX);
            let now_ms = self.now_ms();
            let now_ms_i64 = i64::try_from(now_ms).unwrap_or(i64::MAX);
            let ((applied, skipped), rep_changed) = self.apply_pulled(|tx, _| {
                let rep_changed = remember_rep(tx, &page.rep_id)?;
                let mut touched = std::collections::BTreeSet::new();
                let (mut applied, mut skipped) = (0u32, 0u32);
                for sequenced in &page.changes {
                    let change = &sequenced.change;
                    let settled = quarantine::settle(tx, change, now_ms_i64)?;
                    if let Ok(stamp) = change.stamp.parse::<Hlc>() {
                        self.hlc.observe(&stamp, now_ms);
                    }
                    if settled.changed() {
                        touched.insert(change.lead_id.clone());
                    }
                    match settled {
                        Settled::Applied { changed: true } => applied += 1,
                        Settled::Applied { changed: false } => {}
                        Settled::Quarantined { .. } => skipped += 1,
                    }
                }
                // Forward only: an overlapping sync may have stored a later cursor.
                tx.execute(
                    "INSERT INTO sync_state (key, value) VALUES ('cursor', ?1) ON CONFLICT (key)
                     DO UPDATE SET value = ?1 WHERE CAST(value AS INTEGER) < CAST(?1 AS INTEGER)",
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
            if let Some(config) = &page.team {
                match self.apply_team_config(config) {
                    Ok(()) => {}
                    Err(err @ (Error::InvalidScript(_) | Error::InvalidSettings { .. })) => {
                        tracing::warn!(version = config.version, error = %err,
                            "refused the team's script and settings from the server; keeping the previous ones");
                        report.team_refused = Some(err.to_string());
                    }
                    Err(err) => return Err(err),
                }
            }
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
        let (value, traffic) = exchange(http, method, url, Some(token), body)?;
        report.bytes_sent += traffic.sent;
        report.bytes_received += traffic.received;
        Ok(value)
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.clock.now().timestamp_millis()).unwrap_or(0)
    }

    /// Tries again the pulled changes an older core set aside: this one may know the
    /// fields or values it could not.
    pub(crate) fn retry_quarantined(&self) -> Result<()> {
        // Opening the store: a read, and no write unless there is something to retry.
        if !self.db.read(quarantine::holds_older)? {
            return Ok(());
        }
        let at = i64::try_from(self.now_ms()).unwrap_or(i64::MAX);
        self.apply_pulled(|tx, _| {
            let leads = quarantine::retry_after_upgrade(tx, at)?
                .iter()
                .filter_map(|id| id.parse::<LeadId>().ok())
                .filter_map(|id| lead::find(tx, id).ok().flatten())
                .collect();
            Ok(((), leads))
        })
    }

    /// Changes made here that the server has not acknowledged yet.
    pub fn pending_changes(&self) -> Result<u64> {
        self.db.read(pending_count)
    }
}

/// Changes in the store that the server has not acknowledged yet.
pub(crate) fn pending_count(conn: &rusqlite::Connection) -> Result<u64> {
    let fields: i64 = conn.query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))?;
    let records: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM notes WHERE pushed = 0)
              + (SELECT count(*) FROM attempts WHERE pushed = 0 AND placed = 1)",
        [],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(fields + records).unwrap_or(0))
}

/// Stores the rep the server says this device belongs to; returns whether it changed
/// (the queue then lists a different set of leads).
pub(crate) fn remember_rep(tx: &rusqlite::Connection, rep_id: &str) -> Result<bool> {
    if rep_id.is_empty() || crate::queue::my_rep(tx)?.as_deref() == Some(rep_id) {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO sync_state (key, value) VALUES ('rep_id', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1",
        [rep_id],
    )?;
    Ok(true)
}
