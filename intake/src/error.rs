//! One error type for everything that can be wrong with lead input from outside.
//!
//! Each variant names the problem precisely enough for a webhook's sender or a manager
//! fixing a spreadsheet to act on it without reading our code.

/// Why a payload, a header or a row was refused.
#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("the {header} header is missing")]
    MissingHeader { header: &'static str },

    #[error("the {header} header is malformed: {problem}")]
    MalformedHeader {
        header: &'static str,
        problem: String,
    },

    #[error("the signature does not match the body (wrong secret, or the body was altered)")]
    BadSignature,

    #[error(
        "the signed timestamp {timestamp} is {skew_seconds} s from now, more than the {max_skew_seconds} s allowed: a stale or replayed request"
    )]
    StaleTimestamp {
        timestamp: i64,
        skew_seconds: i64,
        max_skew_seconds: i64,
    },

    #[error("the payload has no google_key")]
    MissingGoogleKey,

    #[error("the google_key does not match the key configured for this source")]
    WrongGoogleKey,

    #[error("malformed {format} JSON at line {line}, column {column}: {message}")]
    MalformedJson {
        format: &'static str,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{field}: {value:?} is not a date and time we can read (RFC 3339, 2026-11-27T14:05:31+0000, 2026-11-27 14:05 or 2026-11-27)")]
    UnreadableDate { field: String, value: String },

    #[error("source {value:?} is not one of ad_form, email, social_dm, web_form, other")]
    UnknownSourceKind { value: String },

    #[error("no phone number")]
    MissingPhone,

    #[error("no name (neither a full name nor a first or last name)")]
    MissingName,

    /// The lead is complete but the core refuses it (impossible phone number, unknown
    /// time zone, malformed email, inquiry time in the future).
    #[error(transparent)]
    Invalid(#[from] warmline_core::Error),

    #[error("the file has no usable header row: {problem}")]
    UnusableHeader { problem: String },

    #[error("the row has {found} cells where the header has {expected}")]
    WrongCellCount { expected: usize, found: usize },

    #[error("the row is {bytes} bytes long, over the limit of {limit}")]
    RowTooLarge { bytes: usize, limit: usize },

    #[error("the {column:?} cell is not UTF-8 text")]
    NotUtf8 { column: String },

    #[error("the file cannot be read: {message}")]
    Unreadable { message: String },
}

impl IntakeError {
    /// A serde_json error, with the format it was reading and serde's position.
    pub(crate) fn json(format: &'static str, err: &serde_json::Error) -> Self {
        Self::MalformedJson {
            format,
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        }
    }
}
