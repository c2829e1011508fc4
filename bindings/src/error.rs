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
    /// The lead asked never to be called; the app must not dial it.
    #[error("{detail}")]
    DoNotCall { detail: String },
    /// The intent does not fit the call's current stage (e.g. "Next" where a choice is
    /// needed); the call is unchanged.
    #[error("{detail}")]
    IntentRefused { detail: String },
    /// A script was refused; `detail` lists every problem with its place.
    #[error("{detail}")]
    InvalidScript { detail: String },
    /// A sync could not complete (no network, server refused); nothing local was lost
    /// and the next sync retries.
    #[error("{detail}")]
    Sync { detail: String },
    /// The server refuses this phone: a manager revoked it. Show enrolment; enrolling
    /// again with a new code keeps the unsynced changes.
    #[error("{detail}")]
    DeviceRevoked { detail: String },
    /// The server does not accept this phone's token. Show enrolment.
    #[error("{detail}")]
    Unauthorised { detail: String },
    /// The on-device database failed or is from a newer app version.
    #[error("{detail}")]
    Storage { detail: String },
}

impl From<CoreError> for WarmlineError {
    fn from(err: CoreError) -> Self {
        let detail = err.to_string();
        match err {
            CoreError::InvalidPhone(phone) => Self::InvalidPhoneNumber {
                input: phone_input(&phone),
                detail,
            },
            CoreError::InvalidInput { field, .. } => Self::InvalidInput {
                field: field.into(),
                detail,
            },
            CoreError::InvalidSettings { setting, .. } => Self::InvalidInput {
                field: setting.into(),
                detail,
            },
            CoreError::LeadNotFound { .. }
            | CoreError::AttemptNotFound { .. }
            | CoreError::SessionNotFound { .. } => Self::NotFound { detail },
            CoreError::IntentRefused { .. } => Self::IntentRefused { detail },
            CoreError::InvalidScript(_) => Self::InvalidScript { detail },
            CoreError::Sync { .. } => Self::Sync { detail },
            CoreError::DeviceRevoked { .. } => Self::DeviceRevoked { detail },
            CoreError::Unauthorised { .. } => Self::Unauthorised { detail },
            CoreError::DoNotCall { .. } => Self::DoNotCall { detail },
            CoreError::SchemaTooNew { .. }
            | CoreError::Sqlite(_)
            | CoreError::Corrupt(_)
            | CoreError::Files(_)
            | CoreError::StoreInUse { .. } => {
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
        Self::Storage {
            detail: format!("background work failed: {err}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use warmline_core::PhoneError;

    #[test]
    fn each_core_error_maps_to_the_variant_the_apps_act_on() {
        let phone = CoreError::InvalidPhone(PhoneError::NotDiallable {
            input: "(111) 555-2671".into(),
            e164: "+11115552671".into(),
        });
        match WarmlineError::from(phone) {
            WarmlineError::InvalidPhoneNumber { input, detail } => {
                assert_eq!(input, "(111) 555-2671");
                assert!(detail.contains("(111) 555-2671"), "{detail}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let field = CoreError::InvalidInput {
            field: "email",
            problem: "is not an email".into(),
        };
        assert!(
            matches!(WarmlineError::from(field), WarmlineError::InvalidInput { field, .. } if field == "email")
        );
        let missing = CoreError::LeadNotFound { id: "abc".into() };
        assert!(
            matches!(WarmlineError::from(missing), WarmlineError::NotFound { detail } if detail.contains("abc"))
        );
        let newer = CoreError::SchemaTooNew {
            path: "rep.db".into(),
            found: 9,
            supported: 1,
        };
        assert!(
            matches!(WarmlineError::from(newer), WarmlineError::Storage { detail } if detail.contains("update the app"))
        );
        let revoked = CoreError::DeviceRevoked {
            detail: "this device was revoked".into(),
        };
        assert!(
            matches!(WarmlineError::from(revoked), WarmlineError::DeviceRevoked { detail } if detail.contains("new enrolment code"))
        );
        let unknown = CoreError::Unauthorised {
            detail: "unknown token".into(),
        };
        assert!(matches!(
            WarmlineError::from(unknown),
            WarmlineError::Unauthorised { .. }
        ));
    }
}
