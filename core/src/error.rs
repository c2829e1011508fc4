//! The core's rich error type.
//!
//! It keeps every detail (the SQLite error, the exact input) for logs and tests. The FFI
//! crate maps it, in one place, onto the small error enum the apps see.

use crate::phone::PhoneError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    InvalidPhone(#[from] PhoneError),

    #[error("{field}: {problem}")]
    InvalidInput {
        field: &'static str,
        problem: String,
    },

    #[error("invalid setting {setting}: {problem}")]
    InvalidSettings {
        setting: &'static str,
        problem: String,
    },

    #[error("no lead with id {id}")]
    LeadNotFound { id: String },

    #[error("no call attempt with id {id}")]
    AttemptNotFound { id: String },

    #[error("{problem}")]
    IntentRefused { problem: String },

    #[error("no call session with id {id}")]
    SessionNotFound { id: String },

    #[error(transparent)]
    InvalidScript(#[from] crate::script::ScriptError),

    #[error("sync failed: {problem}")]
    Sync {
        problem: String,
        /// The server asked to wait this long before trying again (HTTP 429/503).
        retry_after_secs: Option<u64>,
    },

    /// The server refused this device's token: a manager revoked the device. Its
    /// unsynced changes stay on the phone; enrolling again with a new code resumes sync.
    #[error("this phone was revoked by the team's manager: sign in again with a new enrolment code (server: {detail})")]
    DeviceRevoked { detail: String },

    /// The server does not accept this device's token (it never gave it, or no longer
    /// does). Enrolling again with a new code resumes sync.
    #[error("the server does not accept this phone's token: sign in again with a new enrolment code (server: {detail})")]
    Unauthorised { detail: String },

    /// Signing out of a store that is still open in this process.
    #[error("the store at {path} is still open: close every handle on it before signing out")]
    StoreInUse { path: String },

    #[error("lead {id} asked not to be called")]
    DoNotCall { id: String },

    #[error(
        "the database at {path} has schema version {found}, newer than this app's {supported}: update the app"
    )]
    SchemaTooNew {
        path: String,
        found: u32,
        supported: u32,
    },

    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("stored data is corrupt: {0}")]
    Corrupt(String),

    /// The store's files could not be handled (deleted at sign-out).
    #[error("{0}")]
    Files(String),
}
