//! Leads stored with the team's default zone before the number's area code or the form's
//! state could say better are given the zone those now say, once, when the store opens
//! after the step that added the second zone (ADR 0010).
//!
//! Like the team default itself (`apply_team_zone`), this is a local rewrite, not a
//! change to replicate: every replica derives the same zone from the same synced number
//! and answers with the same table, so they agree without a push.

use chrono_tz::Tz;
use rusqlite::{params, Connection};

use super::rows::parse_fields;
use crate::error::Result;
use crate::phone::region_of_e164;
use crate::timezone::state::state_in_fields;
use crate::timezone::{self, ZoneClues, ZoneSource};

/// Re-resolves every lead whose zone is the team default; returns how many moved.
pub(crate) fn rederive_default_zones(conn: &Connection, team_default: Tz) -> Result<usize> {
    let guessed: Vec<(String, String, String)> = conn
        .prepare("SELECT id, phone_e164, custom_fields FROM leads WHERE time_zone_source = 'team_default'")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update = conn.prepare(
        "UPDATE leads SET time_zone = ?2, also_time_zone = ?3, time_zone_source = ?4 WHERE id = ?1",
    )?;
    let mut moved = 0;
    for (id, e164, fields) in guessed {
        let fields = parse_fields(&fields)?;
        let region = region_of_e164(&e164);
        let clues = ZoneClues {
            explicit: None,
            state: state_in_fields(&fields),
            e164: &e164,
            region: region.as_deref(),
        };
        let (zones, source) = timezone::resolve(&clues, team_default)?;
        if source != ZoneSource::TeamDefault {
            update.execute(params![
                id,
                zones.main.name(),
                zones.also.map(|tz| tz.name()),
                source.as_str()
            ])?;
            moved += 1;
        }
    }
    Ok(moved)
}
