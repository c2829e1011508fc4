//! The public error: small, stable, every variant with a readable message.
//!
//! The core's [`warmline_core::Error`] keeps every detail; the apps only need to know
//! what kind of problem it is (to choose what to show) and a sentence to show. The
//! mapping from one to the other lives here and nowhere else.

use warmline_core::Error as CoreError;

#[derive(Debug, thiserror::Error, uniffi::Error)]
pub enum WarmlineError {
    /// A phone number that cannot be dialled; `input` is exactly what was given.
    #[error("{detail}")]
    InvalidPhoneNumber { input: String, detail: String },
    /// Some other input was refused; `field` names it.
    #[error("{detail}")]
    InvalidInput { field: String, detail: String },
    /// The thing asked for does not exist (on this device).
    #[error("{detail}")]
    NotFound { detail: String },
    /// The same lead exists already.
    #[error("{detail}")]
    AlreadyExists { detail: String },
    /// The on-device database failed or is from a newer app version.
    #[error("{detail}")]
    Storage { detail: String },
}

impl From<CoreError> for WarmlineError {
    fn from(err: CoreError) -> Self {
        let detail = err.to_string();
        match err {
            CoreError::InvalidPhone(phone) => {
                Self::InvalidPhoneNumber { input: phone_input(&phone), detail }
            }
            CoreError::InvalidInput { field, .. } => Self::InvalidInput { field: field.into(), detail },
            CoreError::InvalidSettings { setting, .. } => {
                Self::InvalidInput { field: setting.into(), detail }
            }
            CoreError::LeadNotFound { .. } => Self::NotFound { detail },
            CoreError::DuplicatePhone { .. } => Self::AlreadyExists { detail },
            CoreError::SchemaTooNew { .. } | CoreError::Sqlite(_) | CoreError::Corrupt(_) => {
                tracing::error!(error = %detail, "storage error");
                Self::Storage { detail }
            }
        }
    }
}

fn phone_input(err: &warmline_core::PhoneError) -> String {
    use warmline_core::PhoneError::*;
    match err {
        Empty { input } | Unparseable { input, .. } | NotDiallable { input, .. } => input.clone(),
    }
}

impl From<tokio::task::JoinError> for WarmlineError {
    fn from(err: tokio::task::JoinError) -> Self {
        Self::Storage { detail: format!("background work failed: {err}") }
    }
}
