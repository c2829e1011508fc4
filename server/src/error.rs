//! Errors as HTTP responses: a status and a JSON body with a code and a sentence.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use warmline_core::sync::wire::{ErrorBody, INVALID_CHANGE};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("missing or malformed Authorization header: use `Bearer <device token>`")]
    NoToken,
    #[error("this device token is unknown to the server: enrol the device with a new code")]
    UnknownToken,
    #[error("this device was revoked by the team's manager: enrol it again with a new code")]
    DeviceRevoked,
    /// An admin route was called without the server's admin token (ADR 0007).
    #[error("{0}")]
    NotAdmin(String),
    #[error("the enrolment code is unknown, used or expired")]
    BadEnrolmentCode,
    /// A lead delivery whose signature, timestamp or key does not check out.
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    BadRequest(String),
    /// A pushed change the core's rules refuse (`warmline_core::sync::check`).
    #[error("change {index} ({change_id}) was refused, nothing of this push was stored: {field}: {problem}")]
    InvalidChange {
        index: usize,
        change_id: String,
        field: String,
        problem: String,
    },
    #[error("not found: {0}")]
    NotFound(String),
    #[error("too many requests from this device; retry after {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    #[error("storage failed: {0}")]
    Storage(String),
}

impl ServerError {
    fn code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::NoToken => (StatusCode::UNAUTHORIZED, "no_token"),
            Self::UnknownToken => (StatusCode::UNAUTHORIZED, "unknown_token"),
            Self::DeviceRevoked => (StatusCode::UNAUTHORIZED, "device_revoked"),
            Self::NotAdmin(_) => (StatusCode::FORBIDDEN, "not_admin"),
            Self::BadEnrolmentCode => (StatusCode::FORBIDDEN, "bad_enrolment_code"),
            Self::Unauthenticated(_) => (StatusCode::UNAUTHORIZED, "bad_signature"),
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::InvalidChange { .. } => (StatusCode::BAD_REQUEST, INVALID_CHANGE),
            Self::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            Self::RateLimited { .. } => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::Storage(_) => (StatusCode::INTERNAL_SERVER_ERROR, "storage"),
        }
    }
}

impl From<rusqlite::Error> for ServerError {
    fn from(err: rusqlite::Error) -> Self {
        Self::Storage(err.to_string())
    }
}

impl From<tokio_postgres::Error> for ServerError {
    fn from(err: tokio_postgres::Error) -> Self {
        // The driver's own text is only "db error"; the server's message says what failed.
        Self::Storage(match err.as_db_error() {
            Some(db) => format!("PostgreSQL {}: {}", db.code().code(), db.message()),
            None => format!("PostgreSQL: {err}"),
        })
    }
}

impl From<deadpool_postgres::PoolError> for ServerError {
    fn from(err: deadpool_postgres::PoolError) -> Self {
        Self::Storage(format!("no PostgreSQL connection: {err}"))
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let (status, code) = self.code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let (change_id, field) = match &self {
            Self::InvalidChange {
                change_id, field, ..
            } => (Some(change_id.clone()), Some(field.clone())),
            _ => (None, None),
        };
        let body = ErrorBody {
            error: code.into(),
            message: self.to_string(),
            change_id,
            field,
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::RateLimited { retry_after_secs } = self {
            if let Ok(value) = retry_after_secs.to_string().parse() {
                response.headers_mut().insert("retry-after", value);
            }
        }
        response
    }
}
