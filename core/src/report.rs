//! The manager's report: how fast leads are called, whether speed pays, how calls end
//! and where in the script they stop.
//!
//! Computed from the store alone (a phone's, or the server's replica of the whole team),
//! so every number can be checked by hand against the leads and calls behind it:
//! - **Speed to lead**: from a lead's first inquiry to its first dial (leads never
//!   dialled are counted apart), as percentiles and in delay bands.
//! - **Contact rate by first-dial delay**: of the leads first dialled within each band,
//!   how many were ever reached (a call that connected). The case for calling fast.
//! - **Outcomes**: logged call outcomes, by kind.
//! - **Script stages**: of the calls that logged an outcome after a scripted session,
//!   how many reached each stage and how many stopped there.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::lead::ms;

/// The bands of first-dial delay, as (label, upper bound in minutes).
pub const DELAY_BANDS: [(&str, Option<i64>); 5] = [
    ("under 5 min", Some(5)),
    ("5-30 min", Some(30)),
    ("30 min-2 h", Some(120)),
    ("2-24 h", Some(24 * 60)),
    ("over 24 h", None),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamReport {
    /// Leads whose first inquiry is in the report's window.
    pub leads: u32,
    pub speed_to_lead: SpeedToLead,
    pub contact_by_delay: Vec<DelayBand>,
    /// Logged outcomes by name (`no_answer`, `qualified`, ...), most frequent first.
    pub outcomes: Vec<(String, u32)>,
    /// Stages in the order calls first reach them.
    pub stages: Vec<StageCount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeedToLead {
    pub dialled: u32,
    pub never_dialled: u32,
    pub median: Option<Duration>,
    pub p90: Option<Duration>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DelayBand {
    pub label: &'static str,
    /// Leads first dialled within this band.
    pub leads: u32,
    /// Of those, leads reached on any call.
    pub reached: u32,
}

impl DelayBand {
    /// Reached leads as a share of the band's leads (0 for an empty band).
    pub fn contact_rate(&self) -> f64 {
        if self.leads == 0 {
            0.0
        } else {
            f64::from(self.reached) / f64::from(self.leads)
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageCount {
    pub stage: String,
    /// Calls that reached this stage.
    pub reached: u32,
    /// Calls whose last stage this was.
    pub stopped: u32,
}

/// The report over leads first inquiring in `[since, until)`.
pub fn team_report(
    conn: &Connection,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<TeamReport> {
    let leads = lead_rows(conn, since, until)?;
    let mut delays = Vec::new();
    let mut bands: Vec<DelayBand> = DELAY_BANDS
        .iter()
        .map(|(label, _)| DelayBand {
            label,
            leads: 0,
            reached: 0,
        })
        .collect();
    for lead in &leads {
        let Some(first_dial) = lead.first_dial_ms else {
            continue;
        };
        let delay = Duration::milliseconds((first_dial - lead.inquired_ms).max(0));
        delays.push(delay);
        let band = &mut bands[band_of(delay)];
        band.leads += 1;
        band.reached += u32::from(lead.reached);
    }
    delays.sort();
    let dialled = count(delays.len());
    Ok(TeamReport {
        leads: count(leads.len()),
        speed_to_lead: SpeedToLead {
            dialled,
            never_dialled: count(leads.len()) - dialled,
            median: percentile(&delays, 50),
            p90: percentile(&delays, 90),
        },
        contact_by_delay: bands,
        outcomes: outcomes(conn, since, until)?,
        stages: stages(conn, since, until)?,
    })
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn band_of(delay: Duration) -> usize {
    DELAY_BANDS
        .iter()
        .position(|(_, bound)| bound.is_none_or(|minutes| delay < Duration::minutes(minutes)))
        .unwrap_or(DELAY_BANDS.len() - 1)
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[Duration], p: usize) -> Option<Duration> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

struct LeadRow {
    inquired_ms: i64,
    first_dial_ms: Option<i64>,
    reached: bool,
}

/// The window's leads restricted to the lead ids in `leads.first_inquired_at`.
const IN_WINDOW: &str = "l.first_inquired_at >= ?1 AND l.first_inquired_at < ?2";

fn lead_rows(
    conn: &Connection,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<LeadRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT l.first_inquired_at,
                (SELECT min(a.started_at) FROM attempts a WHERE a.lead_id = l.id),
                EXISTS (SELECT 1 FROM attempts a WHERE a.lead_id = l.id AND a.connected_at IS NOT NULL)
         FROM leads l WHERE {IN_WINDOW}"
    ))?;
    let rows = stmt.query_map([ms(since), ms(until)], |r| {
        Ok(LeadRow {
            inquired_ms: r.get(0)?,
            first_dial_ms: r.get(1)?,
            reached: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn outcomes(
    conn: &Connection,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<(String, u32)>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT a.outcome, count(*) FROM attempts a JOIN leads l ON l.id = a.lead_id
         WHERE a.outcome IS NOT NULL AND {IN_WINDOW}
         GROUP BY a.outcome ORDER BY count(*) DESC, a.outcome"
    ))?;
    let rows = stmt.query_map([ms(since), ms(until)], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn stages(
    conn: &Connection,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<StageCount>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT a.stages FROM attempts a JOIN leads l ON l.id = a.lead_id
         WHERE a.stages IS NOT NULL AND {IN_WINDOW} ORDER BY a.started_at, a.id"
    ))?;
    let calls = stmt
        .query_map([ms(since), ms(until)], |r| r.get::<_, String>(0))?
        .map(|json| {
            let json = json?;
            serde_json::from_str::<Vec<String>>(&json)
                .map_err(|e| Error::Corrupt(format!("stages {json:?}: {e}")))
        })
        .collect::<Result<Vec<_>>>()?;
    let mut order: Vec<String> = Vec::new();
    let mut counts: BTreeMap<String, StageCount> = BTreeMap::new();
    for visited in &calls {
        let mut seen = std::collections::BTreeSet::new();
        for stage in visited {
            if !seen.insert(stage) {
                continue; // a stage revisited with "back" counts once per call
            }
            let entry = counts.entry(stage.clone()).or_insert_with(|| {
                order.push(stage.clone());
                StageCount {
                    stage: stage.clone(),
                    reached: 0,
                    stopped: 0,
                }
            });
            entry.reached += 1;
        }
        if let Some(entry) = visited.last().and_then(|last| counts.get_mut(last)) {
            entry.stopped += 1;
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|stage| counts.remove(&stage))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_fall_in_the_band_below_their_upper_bound() {
        let band = |minutes: i64| DELAY_BANDS[band_of(Duration::minutes(minutes))].0;
        assert_eq!(band(0), "under 5 min");
        assert_eq!(band(4), "under 5 min");
        assert_eq!(band(5), "5-30 min");
        assert_eq!(band(119), "30 min-2 h");
        assert_eq!(band(120), "2-24 h");
        assert_eq!(band(24 * 60), "over 24 h");
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let values: Vec<Duration> = (1..=10).map(Duration::minutes).collect();
        assert_eq!(percentile(&values, 50), Some(Duration::minutes(5)));
        assert_eq!(percentile(&values, 90), Some(Duration::minutes(9)));
        assert_eq!(percentile(&values[..1], 90), Some(Duration::minutes(1)));
        assert_eq!(percentile(&[], 50), None);
    }
}
