//! `warmline report`: speed to lead, contact rate by first-dial delay, outcomes and where
//! calls stop in the script, over the leads first asking in a window.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::{json, Value};
use warmline_core::report::TeamReport;
use warmline_server::storage::Storage;

use super::Service;
use crate::args::ReportArgs;
use crate::fail::Context;
use crate::format::{duration, indent, percent, table};
use crate::store::team_id;

/// The window when `--since` is not given.
const DEFAULT_DAYS: i64 = 30;

pub async fn run<S: Storage>(service: &Service<S>, args: &ReportArgs) -> Result<(), String> {
    let team = team_id(&*service.storage, &args.team).await?;
    let (since, until) = window(args.since.as_deref(), args.until.as_deref(), Utc::now())?;
    let report = service
        .teams
        .report(&team, since, until)
        .await
        .context("cannot compute the report")?;
    if args.json {
        println!("{:#}", report_json(&team, since, until, &report));
    } else {
        println!("{}", report_text(since, until, &report));
    }
    Ok(())
}

/// `[since, until)` from the flags: a day is read in UTC, and `--until DAY` includes it.
fn window(
    since: Option<&str>,
    until: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>), String> {
    let until = match until {
        Some(text) => instant("--until", text, Duration::days(1))?,
        None => now,
    };
    let since = match since {
        Some(text) => instant("--since", text, Duration::zero())?,
        None => until - Duration::days(DEFAULT_DAYS),
    };
    if since >= until {
        return Err(format!(
            "the report's window is empty: --since {} is not before --until {}",
            since.to_rfc3339(),
            until.to_rfc3339()
        ));
    }
    Ok((since, until))
}

/// An RFC 3339 instant, or a day's midnight UTC plus `day_offset`.
fn instant(flag: &str, text: &str, day_offset: Duration) -> Result<DateTime<Utc>, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text.trim()) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc() + day_offset)
        .map_err(|_| {
            format!(
                "{flag} {text:?} is not a day (2026-11-27) or an instant (2026-11-27T14:05:00Z)"
            )
        })
}

pub fn report_text(since: DateTime<Utc>, until: DateTime<Utc>, report: &TeamReport) -> String {
    let speed = &report.speed_to_lead;
    let or_dash = |d: Option<Duration>| d.map_or_else(|| "-".to_owned(), duration);
    let mut out = vec![
        format!(
            "Leads first asking from {} to {} UTC: {}",
            since.format("%Y-%m-%d %H:%M"),
            until.format("%Y-%m-%d %H:%M"),
            report.leads
        ),
        String::new(),
        "Speed to lead (from the first inquiry to the first dial)".into(),
        format!(
            "  dialled {}, never dialled {}",
            speed.dialled, speed.never_dialled
        ),
        format!(
            "  median {}, 90th percentile {}",
            or_dash(speed.median),
            or_dash(speed.p90)
        ),
        String::new(),
        "Contact rate by first-dial delay (leads ever reached)".into(),
    ];
    let bands: Vec<Vec<String>> = report
        .contact_by_delay
        .iter()
        .map(|b| {
            vec![
                b.label.to_owned(),
                b.leads.to_string(),
                b.reached.to_string(),
                percent(b.reached, b.leads),
            ]
        })
        .collect();
    out.push(indent(&table(
        &["FIRST DIAL", "LEADS", "REACHED", "RATE"],
        &bands,
    )));
    out.push(String::new());
    out.push("Outcomes of calls".into());
    if report.outcomes.is_empty() {
        out.push("  none logged".into());
    } else {
        let rows: Vec<Vec<String>> = report
            .outcomes
            .iter()
            .map(|(name, calls)| vec![name.clone(), calls.to_string()])
            .collect();
        out.push(indent(&table(&["OUTCOME", "CALLS"], &rows)));
    }
    out.push(String::new());
    out.push("Where calls stop in the script".into());
    if report.stages.is_empty() {
        out.push("  no scripted calls".into());
    } else {
        let rows: Vec<Vec<String>> = report
            .stages
            .iter()
            .map(|s| {
                vec![
                    s.stage.clone(),
                    s.reached.to_string(),
                    s.stopped.to_string(),
                ]
            })
            .collect();
        out.push(indent(&table(
            &["STAGE", "REACHED", "STOPPED THERE"],
            &rows,
        )));
    }
    out.join("\n")
}

pub fn report_json(
    team: &str,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
    report: &TeamReport,
) -> Value {
    let speed = &report.speed_to_lead;
    let seconds = |d: Option<Duration>| d.map(|d| d.num_seconds());
    json!({
        "team": team,
        "since": since.to_rfc3339(),
        "until": until.to_rfc3339(),
        "leads": report.leads,
        "speed_to_lead": {
            "dialled": speed.dialled,
            "never_dialled": speed.never_dialled,
            "median_seconds": seconds(speed.median),
            "p90_seconds": seconds(speed.p90),
        },
        "contact_by_delay": report.contact_by_delay.iter().map(|b| json!({
            "band": b.label,
            "leads": b.leads,
            "reached": b.reached,
            "contact_rate": b.contact_rate(),
        })).collect::<Vec<_>>(),
        "outcomes": report.outcomes.iter().map(|(outcome, calls)| json!({
            "outcome": outcome,
            "calls": calls,
        })).collect::<Vec<_>>(),
        "stages": report.stages.iter().map(|s| json!({
            "stage": s.stage,
            "reached": s.reached,
            "stopped": s.stopped,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn days_are_whole_utc_days_and_until_includes_its_day() {
        let now = at("2026-11-27T16:00:00Z");
        assert_eq!(
            window(Some("2026-11-01"), Some("2026-11-30"), now).unwrap(),
            (at("2026-11-01T00:00:00Z"), at("2026-12-01T00:00:00Z"))
        );
        assert_eq!(
            window(None, None, now).unwrap(),
            (at("2026-10-28T16:00:00Z"), now)
        );
        assert_eq!(
            window(Some("2026-11-27T14:05:00+01:00"), None, now)
                .unwrap()
                .0,
            at("2026-11-27T13:05:00Z")
        );
    }

    #[test]
    fn unreadable_or_empty_windows_are_refused() {
        let now = at("2026-11-27T16:00:00Z");
        assert!(window(Some("yesterday"), None, now)
            .unwrap_err()
            .contains("--since \"yesterday\" is not a day"));
        assert!(window(Some("2026-12-01"), Some("2026-11-01"), now)
            .unwrap_err()
            .contains("window is empty"));
    }
}
