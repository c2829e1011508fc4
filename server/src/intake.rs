//! Lead webhooks: `POST /v1/intake/{source}`, one URL per lead source.
//!
//! The source decides how a delivery is authenticated and read (`docs/intake.md`): our
//! signed JSON (`X-Warmline-Timestamp` + `X-Warmline-Signature`), a Meta lead
//! (`X-Hub-Signature-256`), or a Google Ads lead form (its `google_key`). Nothing is
//! stored unless the whole delivery is authentic and every lead in it reads: a bad
//! signature or key is 401, a malformed payload 400, each naming the problem. Google's
//! test leads are acknowledged and not stored. Accepted leads go through
//! [`TeamService::ingest`](crate::service::TeamService::ingest): one lead per phone,
//! assigned in turn, on the reps' phones at their next pull.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use warmline_intake::{
    parse_generic, parse_google, parse_meta, verify_meta_signature, verify_webhook, Checks,
    GoogleSource, IntakeError, ParsedLead,
};

use crate::error::ServerError;
use crate::service::Assignment;
use crate::storage::{Delivered, LeadSource, SourceKind, Storage};
use crate::AppState;

/// What a delivery did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeResponse {
    pub leads: Vec<IntakeLead>,
    /// A test delivery (Google's "send test data"): checked, not stored.
    pub test: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakeLead {
    pub id: String,
    pub merged: bool,
    pub assigned_to: Option<String>,
}

pub(crate) async fn deliver<S: Storage>(
    State(state): State<AppState<S>>,
    Path(source_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<IntakeResponse>, ServerError> {
    let source = state.storage.source(&source_id).await?;
    state
        .limiter
        .check(&format!("source:{}", source.id), Instant::now())
        .map_err(|retry_after_secs| ServerError::RateLimited { retry_after_secs })?;
    let checks = Checks {
        defaults: state.service.intake_defaults(&source.team_id).await?,
        now: Utc::now(),
    };
    let parsed = read_delivery(&source, &headers, &body, &checks)?;
    let test = !parsed.is_empty() && parsed.iter().all(|lead| lead.is_test);
    if test {
        tracing::info!(source = %source.id, "test lead received, not stored");
        return Ok(Json(IntakeResponse {
            leads: Vec::new(),
            test,
        }));
    }
    let leads = ingest_new(&state, &source, parsed).await?;
    tracing::info!(source = %source.id, team = %source.team_id, leads = leads.len(), "leads in");
    Ok(Json(IntakeResponse { leads, test }))
}

/// Ingests the leads not delivered before and answers for each in the delivery's order:
/// a lead whose sender id was seen on this source is answered as the first time and
/// stores nothing (a retried webhook is not a second inquiry).
async fn ingest_new<S: Storage>(
    state: &AppState<S>,
    source: &LeadSource,
    parsed: Vec<ParsedLead>,
) -> Result<Vec<IntakeLead>, ServerError> {
    let mut answers: Vec<Option<Delivered>> = Vec::with_capacity(parsed.len());
    let mut fresh = Vec::new();
    for lead in parsed {
        let seen = match &lead.external_id {
            Some(id) => state.storage.delivered(&source.id, id).await?,
            None => None,
        };
        if seen.is_none() {
            fresh.push((answers.len(), lead));
        }
        answers.push(seen);
    }
    if !fresh.is_empty() {
        let leads = fresh.iter().map(|(_, p)| p.lead.clone()).collect();
        let ingested = state
            .service
            .ingest(&source.team_id, leads, Assignment::RoundRobin)
            .await?;
        if let Some((index, problem)) = ingested.rejected.first() {
            tracing::warn!(source = %source.id, index, problem, "lead refused by the store");
        }
        let refused: Vec<usize> = ingested.rejected.iter().map(|(i, _)| *i).collect();
        let accepted = fresh
            .into_iter()
            .enumerate()
            .filter(|(position, _)| !refused.contains(position))
            .map(|(_, slot)| slot);
        for ((slot, lead), stored) in accepted.zip(ingested.leads) {
            let delivered = Delivered {
                lead_id: stored.id,
                merged: stored.merged,
                assigned_to: stored.assigned_to,
            };
            if let Some(id) = &lead.external_id {
                state
                    .storage
                    .remember_delivery(&source.id, id, &delivered)
                    .await?;
            }
            answers[slot] = Some(delivered);
        }
    }
    Ok(answers
        .into_iter()
        .flatten()
        .map(|d| IntakeLead {
            id: d.lead_id,
            merged: d.merged,
            assigned_to: d.assigned_to,
        })
        .collect())
}

/// Authenticates and reads a delivery as its source's kind expects.
fn read_delivery(
    source: &LeadSource,
    headers: &HeaderMap,
    body: &[u8],
    checks: &Checks,
) -> Result<Vec<ParsedLead>, ServerError> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match source.kind {
        SourceKind::Generic => {
            verify_webhook(
                source.secret.as_bytes(),
                header(warmline_intake::signature::TIMESTAMP_HEADER),
                header(warmline_intake::signature::SIGNATURE_HEADER),
                body,
                checks.now,
            )
            .map_err(refused)?;
            Ok(vec![parse_generic(body, checks).map_err(refused)?])
        }
        SourceKind::Meta => {
            verify_meta_signature(
                source.secret.as_bytes(),
                header(warmline_intake::signature::META_SIGNATURE_HEADER),
                body,
            )
            .map_err(refused)?;
            parse_meta(body, checks)
                .map_err(refused)?
                .into_iter()
                .map(|lead| lead.map_err(|e| ServerError::BadRequest(e.to_string())))
                .collect()
        }
        SourceKind::Google => {
            let google = GoogleSource {
                key: source.secret.clone(),
                ..GoogleSource::default()
            };
            Ok(vec![parse_google(body, &google, checks).map_err(refused)?])
        }
    }
}

/// Authentication failures are 401, everything else the sender got wrong is 400.
fn refused(err: IntakeError) -> ServerError {
    match err {
        IntakeError::MissingHeader { .. }
        | IntakeError::MalformedHeader { .. }
        | IntakeError::BadSignature
        | IntakeError::StaleTimestamp { .. }
        | IntakeError::MissingGoogleKey
        | IntakeError::WrongGoogleKey => ServerError::Unauthenticated(err.to_string()),
        other => ServerError::BadRequest(other.to_string()),
    }
}

/// Meta's subscription check: `GET` with `hub.mode=subscribe`, the verify token (the
/// source's secret) and a challenge to echo.
#[derive(Debug, Deserialize)]
pub(crate) struct MetaVerification {
    #[serde(rename = "hub.mode")]
    mode: String,
    #[serde(rename = "hub.verify_token")]
    verify_token: String,
    #[serde(rename = "hub.challenge")]
    challenge: String,
}

pub(crate) async fn verify_subscription<S: Storage>(
    State(state): State<AppState<S>>,
    Path(source_id): Path<String>,
    Query(check): Query<MetaVerification>,
) -> Result<String, ServerError> {
    let source = state.storage.source(&source_id).await?;
    let matches = warmline_intake::signature::keys_match(&check.verify_token, &source.secret);
    if source.kind != SourceKind::Meta || check.mode != "subscribe" || !matches {
        return Err(ServerError::Unauthenticated(
            "the verify token does not match this source".into(),
        ));
    }
    Ok(check.challenge)
}
