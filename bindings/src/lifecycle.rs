//! Enrolling the open store's phone and signing it out.
//!
//! Signing out closes nothing by itself: the app first drops its `Warmline` (Kotlin:
//! `close()`; Swift: the last reference), warned by `pending_changes()` of what would be
//! lost, then calls [`sign_out`] and deletes the token from the Keystore / Keychain.

use std::sync::Arc;

use warmline_core as core;

use crate::error::WarmlineError;
use crate::sync::{Enrolment, HttpTransport, Transport};
use crate::warmline::Warmline;

#[uniffi::export(async_runtime = "tokio")]
impl Warmline {
    /// Exchanges a manager's one-time code for this device's credentials and remembers
    /// whose phone this is: the rep's leads fill the queue and the rep's first name is
    /// said in the script's opener (unless the app gave one at open). Clears a
    /// `signed_out_reason`; unsynced changes are kept and pushed at the next sync.
    pub async fn enrol(
        &self,
        transport: Arc<dyn HttpTransport>,
        server: String,
        code: String,
        device_name: String,
    ) -> Result<Enrolment, WarmlineError> {
        let core = Arc::clone(&self.core);
        let enrolment = tokio::task::spawn_blocking(move || {
            core.enrol(&Transport(transport), &server, &code, &device_name)
        })
        .await??;
        Ok(enrolment.into())
    }
}

/// Deletes the store at `path` (the app's `Warmline` on it must be closed first; one
/// still finishing a sync is waited for up to 30 s) and returns how many changes had not
/// reached the server and are lost. The core keeps no secret elsewhere: the app deletes
/// the device token it keeps.
#[uniffi::export(async_runtime = "tokio")]
pub async fn sign_out(path: String) -> Result<u64, WarmlineError> {
    Ok(tokio::task::spawn_blocking(move || core::sign_out(path)).await??)
}
