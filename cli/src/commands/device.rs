//! `warmline device`: a team's enrolled phones, and revoking one that was lost or whose
//! rep left. The storage refuses a revoked device's token from its next request on.

use chrono::{DateTime, Utc};
use warmline_server::storage::{DeviceEntry, Storage};

use crate::args::DeviceCommand;
use crate::fail::Context;
use crate::format::table;
use crate::store::{rep, team_id};

pub async fn run<S: Storage>(storage: &S, command: DeviceCommand) -> Result<(), String> {
    match command {
        DeviceCommand::List { team, rep: wanted } => {
            let team = team_id(storage, &team).await?;
            let rep_id = match wanted {
                Some(wanted) => Some(rep(storage, &team, &wanted).await?.id),
                None => None,
            };
            let rows: Vec<Vec<String>> = devices(storage, &team)
                .await?
                .into_iter()
                .filter(|d| rep_id.as_ref().is_none_or(|id| *id == d.rep_id))
                .map(|d| {
                    vec![
                        d.id,
                        day(d.enrolled_at),
                        d.revoked_at.map_or_else(|| "-".to_owned(), day),
                        d.rep_name,
                        d.name,
                    ]
                })
                .collect();
            println!(
                "{}",
                table(&["ID", "ENROLLED", "REVOKED", "REP", "DEVICE"], &rows)
            );
        }
        DeviceCommand::Revoke { team, device } => {
            let team = team_id(storage, &team).await?;
            let wanted = device.trim();
            let found = devices(storage, &team)
                .await?
                .into_iter()
                .find(|d| d.id == wanted)
                .ok_or_else(|| {
                    format!(
                        "the team has no device {wanted:?} (see `warmline device list --team ...`)"
                    )
                })?;
            if let Some(at) = found.revoked_at {
                return Err(format!(
                    "device {} ({}, {}) was already revoked at {}",
                    found.id,
                    found.name,
                    found.rep_name,
                    instant(at)
                ));
            }
            storage
                .revoke_device(&team, &found.id)
                .await
                .context("cannot revoke the device")?;
            println!(
                "Revoked {} ({}, rep {}): its next sync is refused; the rep's other devices go on.",
                found.id, found.name, found.rep_name
            );
        }
    }
    Ok(())
}

async fn devices<S: Storage>(storage: &S, team: &str) -> Result<Vec<DeviceEntry>, String> {
    storage
        .devices(team)
        .await
        .context("cannot list the team's devices")
}

/// Milliseconds since the epoch as "2026-11-27 14:05 UTC".
fn instant(ms: i64) -> String {
    utc(ms, "%Y-%m-%d %H:%M UTC")
}

/// Milliseconds since the epoch as the UTC day "2026-11-27" (the device table fits 80
/// columns).
fn day(ms: i64) -> String {
    utc(ms, "%Y-%m-%d")
}

fn utc(ms: i64, format: &str) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .map_or_else(|| ms.to_string(), |t| t.format(format).to_string())
}
