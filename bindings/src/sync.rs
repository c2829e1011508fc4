//! Sync through the platform's HTTP stack.
//!
//! The apps implement [`HttpTransport`] on `HttpURLConnection` / OkHttp (Android) or
//! `URLSession` (iOS), so TLS, proxies and certificates stay the platform's; the core
//! decides what to send and how to merge what comes back. The transport is called on a
//! background thread and may block.

use std::sync::Arc;

use warmline_core::sync as core_sync;

use crate::error::WarmlineError;
use crate::timestamp::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpHeader {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<HttpHeader>,
    pub body: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HttpResponse {
    pub status: u16,
    /// The response's headers (the core reads `Retry-After`).
    pub headers: Vec<HttpHeader>,
    /// The body as received; if the platform leaves a gzip body compressed, the core
    /// decompresses it.
    pub body: Vec<u8>,
}

/// The request never got an answer (no network, timeout, TLS failure).
#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum TransportError {
    #[error("{detail}")]
    Failed { detail: String },
}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportError {
    fn from(err: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { detail: err.reason }
    }
}

/// One request in, one response out (any status); an error only when no response came.
#[uniffi::export(with_foreign)]
pub trait HttpTransport: Send + Sync {
    fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// What a sync did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncReport {
    pub pushed: u32,
    pub pulled: u32,
    pub applied: u32,
    pub skipped: u32,
    pub bytes_sent: u64,
    pub bytes_received: u64,
}

/// How sync stands: for the status line, and for the app's sync loop, which waits until
/// `next_attempt_at` and syncs again (the core decides the back-off).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SyncStatus {
    pub pending_changes: u64,
    /// Pulled changes this phone could not apply, kept aside.
    pub quarantined_changes: u64,
    pub last_synced_at: Option<Timestamp>,
    pub failures: u32,
    pub last_error: Option<String>,
    pub next_attempt_at: Timestamp,
    /// Set when the server refused this phone's token: show enrolment (or sign out).
    pub signed_out_reason: Option<SignedOutReason>,
}

/// Why the server no longer lets this phone sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SignedOutReason {
    /// A manager revoked the device.
    DeviceRevoked,
    /// The server does not accept the token.
    Unauthorised,
}

impl From<core_sync::SyncStatus> for SyncStatus {
    fn from(s: core_sync::SyncStatus) -> Self {
        Self {
            pending_changes: s.pending_changes,
            quarantined_changes: s.quarantined_changes,
            last_synced_at: s.last_synced_at,
            failures: s.failures,
            last_error: s.last_error,
            next_attempt_at: s.next_attempt_at,
            signed_out_reason: s.signed_out_reason.map(Into::into),
        }
    }
}

impl From<core_sync::SignedOutReason> for SignedOutReason {
    fn from(reason: core_sync::SignedOutReason) -> Self {
        match reason {
            core_sync::SignedOutReason::DeviceRevoked => Self::DeviceRevoked,
            core_sync::SignedOutReason::Unauthorised => Self::Unauthorised,
        }
    }
}

/// The device's credentials after enrolment; keep `token` in secure storage. The names
/// are absent when the server is older than them.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Enrolment {
    pub device_id: String,
    pub rep_id: String,
    pub team_id: String,
    /// The rep's name as the manager typed it.
    pub rep_name: Option<String>,
    pub team_name: Option<String>,
    pub token: String,
}

impl From<core_sync::wire::EnrolResponse> for Enrolment {
    fn from(e: core_sync::wire::EnrolResponse) -> Self {
        Self {
            device_id: e.device_id,
            rep_id: e.rep_id,
            team_id: e.team_id,
            rep_name: e.rep_name,
            team_name: e.team_name,
            token: e.token,
        }
    }
}

/// Adapts the app's transport to the core's `HttpClient`.
pub(crate) struct Transport(pub Arc<dyn HttpTransport>);

impl core_sync::HttpClient for Transport {
    fn send(&self, request: core_sync::HttpRequest) -> Result<core_sync::HttpResponse, String> {
        let request = HttpRequest {
            method: request.method,
            url: request.url,
            headers: request
                .headers
                .into_iter()
                .map(|(name, value)| HttpHeader { name, value })
                .collect(),
            body: request.body,
        };
        self.0
            .send(request)
            .map(|r| core_sync::HttpResponse {
                status: r.status,
                headers: r.headers.into_iter().map(|h| (h.name, h.value)).collect(),
                body: r.body,
            })
            .map_err(|e| e.to_string())
    }
}

impl From<core_sync::SyncReport> for SyncReport {
    fn from(r: core_sync::SyncReport) -> Self {
        Self {
            pushed: r.pushed,
            pulled: r.pulled,
            applied: r.applied,
            skipped: r.skipped,
            bytes_sent: r.bytes_sent,
            bytes_received: r.bytes_received,
        }
    }
}

/// Exchanges a manager's one-time code for this device's credentials. With a store
/// open, prefer `Warmline.enrol`, which also remembers whose phone it is.
#[uniffi::export(async_runtime = "tokio")]
pub async fn enrol_device(
    transport: Arc<dyn HttpTransport>,
    server: String,
    code: String,
    device_name: String,
) -> Result<Enrolment, WarmlineError> {
    let enrolment = tokio::task::spawn_blocking(move || {
        core_sync::enrol(&Transport(transport), &server, &code, &device_name)
    })
    .await??;
    Ok(enrolment.into())
}
