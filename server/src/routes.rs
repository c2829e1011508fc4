//! The HTTP API (`docs/sync-protocol.md`).

use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use warmline_core::sync::check_change;
use warmline_core::sync::wire::{
    EnrolRequest, EnrolResponse, PullResponse, PushRequest, PushResponse, MAX_PULL_CHANGES,
    MAX_PUSH_CHANGES,
};

use crate::error::ServerError;
use crate::metrics::Metrics;
use crate::storage::{Device, Storage};
use crate::AppState;

/// The whole API, with compression, body limits and counters.
pub fn router<S: Storage>(state: AppState<S>) -> Router {
    let limit = state.config.max_body_bytes;
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics::<S>))
        .route("/v1/enrol", post(enrol::<S>))
        .route("/v1/push", post(push::<S>))
        .route("/v1/pull", get(pull::<S>))
        .route("/v1/devices/{device}/revoke", post(revoke::<S>))
        .route(
            "/v1/intake/{source}",
            post(crate::intake::deliver::<S>).get(crate::intake::verify_subscription::<S>),
        )
        .layer(middleware::from_fn_with_state(state.clone(), count::<S>))
        .layer(DefaultBodyLimit::max(limit))
        .layer(RequestDecompressionLayer::new())
        .layer(CompressionLayer::new())
        .with_state(state)
}

async fn count<S: Storage>(
    State(state): State<AppState<S>>,
    request: Request,
    next: Next,
) -> Response {
    Metrics::add(&state.metrics.requests, 1);
    let response = next.run(request).await;
    if !response.status().is_success() {
        Metrics::add(&state.metrics.errors, 1);
    }
    response
}

async fn metrics<S: Storage>(State(state): State<AppState<S>>) -> impl IntoResponse {
    (
        [("content-type", "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

/// The device behind the request's bearer token, within its rate limit.
async fn device<S: Storage>(
    state: &AppState<S>,
    headers: &HeaderMap,
) -> Result<Device, ServerError> {
    let token = crate::auth::bearer(headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()))?;
    let device = state.storage.authenticate(token).await?;
    state
        .limiter
        .check(&device.id, Instant::now())
        .map_err(|retry_after_secs| ServerError::RateLimited { retry_after_secs })?;
    Ok(device)
}

async fn enrol<S: Storage>(
    State(state): State<AppState<S>>,
    Json(request): Json<EnrolRequest>,
) -> Result<Json<EnrolResponse>, ServerError> {
    let (device, token) = state
        .storage
        .enrol(&request.code, &request.device_name)
        .await?;
    Metrics::add(&state.metrics.enrolments, 1);
    tracing::info!(device = %device.id, team = %device.team_id, "device enrolled");
    // The code is used up by now: a failure here must not cost the phone its token.
    let (rep_name, team_name) = match state.storage.names(&device).await {
        Ok((rep, team)) => (Some(rep), Some(team)),
        Err(err) => {
            tracing::warn!(device = %device.id, error = %err, "enrolled without names");
            (None, None)
        }
    };
    Ok(Json(EnrolResponse {
        device_id: device.id,
        rep_id: device.rep_id,
        team_id: device.team_id,
        rep_name,
        team_name,
        token,
    }))
}

/// Which team the device to revoke is in: the admin token is the server's, not a team's,
/// and every storage call names its team.
#[derive(Debug, Deserialize)]
struct RevokeRequest {
    team_id: String,
}

#[derive(Debug, Serialize)]
struct RevokeResponse {
    device_id: String,
    revoked: bool,
}

/// Revokes a device: its next push or pull is refused with `device_revoked`; the rep's
/// other devices go on. Needs the server's admin token (ADR 0007).
async fn revoke<S: Storage>(
    State(state): State<AppState<S>>,
    Path(device_id): Path<String>,
    headers: HeaderMap,
    Json(request): Json<RevokeRequest>,
) -> Result<Json<RevokeResponse>, ServerError> {
    admin(&state, &headers)?;
    state
        .storage
        .revoke_device(&request.team_id, &device_id)
        .await?;
    tracing::info!(device = %device_id, team = %request.team_id, "device revoked");
    Ok(Json(RevokeResponse {
        device_id,
        revoked: true,
    }))
}

/// Checks the request carries the server's admin token.
fn admin<S>(state: &AppState<S>, headers: &HeaderMap) -> Result<(), ServerError> {
    let Some(expected) = &state.config.admin_token_hash else {
        return Err(ServerError::NotAdmin(
            "this server has no admin token (set WARMLINE_ADMIN_TOKEN when starting it); \
             `warmline device revoke` works on its database without one"
                .into(),
        ));
    };
    let token = crate::auth::bearer(headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()))?;
    if crate::auth::hash_secret(token) != *expected {
        return Err(ServerError::NotAdmin(
            "this is not the server's admin token".into(),
        ));
    }
    Ok(())
}

async fn push<S: Storage>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    Json(request): Json<PushRequest>,
) -> Result<Json<PushResponse>, ServerError> {
    let device = device(&state, &headers).await?;
    check_push(&request)?;
    let outcome = state.storage.push(&device, request.changes).await?;
    Metrics::add(&state.metrics.changes_accepted, u64::from(outcome.accepted));
    Metrics::add(
        &state.metrics.changes_duplicate,
        u64::from(outcome.duplicates),
    );
    Ok(Json(PushResponse {
        accepted: outcome.accepted,
        duplicates: outcome.duplicates,
    }))
}

/// Refuses a push whose batch or any change is out of bounds, naming the change.
fn check_push(request: &PushRequest) -> Result<(), ServerError> {
    if request.changes.len() > MAX_PUSH_CHANGES {
        return Err(ServerError::BadRequest(format!(
            "a push carries at most {MAX_PUSH_CHANGES} changes; this one has {}: send the rest in another push",
            request.changes.len()
        )));
    }
    for (index, change) in request.changes.iter().enumerate() {
        check_change(change).map_err(|problem| ServerError::InvalidChange {
            index,
            change_id: change.id.chars().take(64).collect(),
            field: problem.field,
            problem: problem.problem,
        })?;
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
struct PullQuery {
    #[serde(default)]
    since: u64,
    /// Seconds to wait for new changes when there are none.
    #[serde(default)]
    wait: u64,
    limit: Option<usize>,
    /// The version of the team's script and settings the device has; without it, they
    /// are never sent.
    team: Option<u64>,
}

async fn pull<S: Storage>(
    State(state): State<AppState<S>>,
    headers: HeaderMap,
    Query(query): Query<PullQuery>,
) -> Result<Json<PullResponse>, ServerError> {
    let device = device(&state, &headers).await?;
    let limit = query
        .limit
        .unwrap_or(MAX_PULL_CHANGES)
        .clamp(1, MAX_PULL_CHANGES);
    let mut team = crate::team::newer_than(&*state.storage, &device.team_id, query.team).await?;
    // Newer script or settings are news enough: no waiting for changes then.
    let wait = match team {
        Some(_) => Duration::ZERO,
        None => Duration::from_secs(query.wait).min(state.config.max_pull_wait),
    };
    let mut page = wait_for_visible(&*state.storage, &device, query.since, limit, wait).await?;
    if team.is_none() && !wait.is_zero() {
        // Published while the pull waited.
        team = crate::team::newer_than(&*state.storage, &device.team_id, query.team).await?;
    }
    page.team = team;
    Metrics::add(&state.metrics.changes_pulled, page.changes.len() as u64);
    Ok(Json(page))
}

/// Pulls, and while nothing visible to the device is new, waits for pushes to its team
/// until `wait` runs out. A push of other reps' leads wakes the wait but is not shown, so
/// the wait goes on; the page finally returned still moves the cursor past it.
async fn wait_for_visible<S: Storage>(
    storage: &S,
    device: &Device,
    since: u64,
    limit: usize,
    wait: Duration,
) -> Result<PullResponse, ServerError> {
    let deadline = tokio::time::Instant::now() + wait;
    // Subscribed before reading, so a push landing between the read and the wait wakes it.
    let mut woken = storage.subscribe(&device.team_id);
    loop {
        let page = storage.pull(device, since, limit).await?;
        if !page.changes.is_empty() || wait.is_zero() {
            return Ok(page);
        }
        match tokio::time::timeout_at(deadline, woken.changed()).await {
            Ok(Ok(())) => {}
            Ok(Err(_)) | Err(_) => return Ok(page),
        }
    }
}
