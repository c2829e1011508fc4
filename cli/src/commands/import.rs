//! `warmline import`: leads from a CSV file, read as a stream and stored in batches,
//! with a report of every row that could not be imported.
//!
//! Reading and checking rows is `warmline_intake::CsvImport` (the same rules as the
//! webhooks); merging, assignment and storing are the team service's `ingest` (the same
//! as the server's intake). Every row ends up counted: new, merged, or rejected with its
//! line and problem, whether the file's reader or the store refused it.

use std::fmt;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use warmline_intake::{Checks, CsvImport, CsvOptions, ImportedRow, RowError};
use warmline_server::service::{Assignment, Ingested, TeamService};
use warmline_server::storage::Storage;

use super::Service;
use crate::args::ImportArgs;
use crate::fail::Context;
use crate::store::{rep, team_id};

/// Leads stored per call to the service: one transaction each, and a progress step.
const BATCH: usize = 500;

/// A row that was not imported: its line in the file and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub line: u64,
    pub problem: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

impl From<RowError> for Rejected {
    fn from(row: RowError) -> Self {
        Self {
            line: row.line,
            problem: row.error.to_string(),
        }
    }
}

/// What happened to the file's rows.
#[derive(Debug, Default)]
pub struct Tally {
    pub new: u64,
    pub merged: u64,
    /// In line order once the import is done.
    pub rejected: Vec<Rejected>,
}

impl Tally {
    pub fn rows(&self) -> u64 {
        self.new + self.merged + self.rejected.len() as u64
    }

    /// Counts what the service did with `batch`, whose rows it answered in order.
    fn count(&mut self, batch: &[ImportedRow], ingested: Ingested) {
        for lead in &ingested.leads {
            if lead.merged {
                self.merged += 1;
            } else {
                self.new += 1;
            }
        }
        for (index, problem) in ingested.rejected {
            let line = batch.get(index).map_or(0, |row| row.line);
            self.rejected.push(Rejected { line, problem });
        }
    }

    /// Puts the rejected rows in line order: the reader's and the store's refusals
    /// arrive separately.
    fn finish(&mut self) {
        self.rejected.sort_by_key(|r| r.line);
    }
}

pub async fn run<S: Storage>(service: &Service<S>, args: &ImportArgs) -> Result<(), String> {
    let team = team_id(&*service.storage, &args.team).await?;
    let assignment = match &args.assign_to {
        Some(wanted) => Assignment::To(rep(&*service.storage, &team, wanted).await?.id),
        None => Assignment::RoundRobin,
    };
    let options = CsvOptions {
        times_in: args
            .times_in
            .as_deref()
            .map(|zone| warmline_core::timezone::parse_zone("--times-in", zone))
            .transpose()
            .context("cannot read --times-in")?,
        ..CsvOptions::default()
    };
    let path = args.file.display().to_string();
    let file = File::open(&args.file).context(format!("cannot open {path}"))?;
    let checks = checks(&service.teams, &team).await?;
    let bar = progress_bar(file.metadata().map_or(0, |m| m.len()));
    let rows = CsvImport::new(bar.wrap_read(file), options, checks)
        .context(format!("cannot import {path}"))?;
    let tally = ingest_rows(&service.teams, &team, &assignment, rows, &bar).await;
    bar.finish_and_clear();
    let tally = tally?;
    println!("{}", summary(&path, &tally));
    if let Some(report) = &args.report {
        write_report(report, &tally.rejected)
            .context(format!("cannot write {}", report.display()))?;
        println!("The rejected rows are in {}.", report.display());
    }
    Ok(())
}

/// Stores good rows in batches as they are read and keeps the bad ones for the report.
/// A batch the service cannot store stops the import, saying how far it got.
pub async fn ingest_rows<S: Storage>(
    service: &TeamService<S>,
    team: &str,
    assignment: &Assignment,
    rows: impl Iterator<Item = Result<ImportedRow, RowError>>,
    bar: &ProgressBar,
) -> Result<Tally, String> {
    let mut tally = Tally::default();
    let mut batch = Vec::with_capacity(BATCH);
    for row in rows {
        match row {
            Ok(row) => batch.push(row),
            Err(error) => tally.rejected.push(error.into()),
        }
        if batch.len() == BATCH {
            store_batch(service, team, assignment, &mut batch, &mut tally).await?;
            bar.set_message(format!("{} leads stored", tally.new + tally.merged));
        }
    }
    store_batch(service, team, assignment, &mut batch, &mut tally).await?;
    tally.finish();
    Ok(tally)
}

async fn store_batch<S: Storage>(
    service: &TeamService<S>,
    team: &str,
    assignment: &Assignment,
    batch: &mut Vec<ImportedRow>,
    tally: &mut Tally,
) -> Result<(), String> {
    let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
        return Ok(());
    };
    let lines = format!("lines {} to {}", first.line, last.line);
    let leads = batch.iter().map(|row| row.lead.lead.clone()).collect();
    let ingested = service
        .ingest(team, leads, assignment.clone())
        .await
        .map_err(|e| {
            format!(
                "cannot store the leads of {lines} (the {} before them are stored): {e}",
                tally.new + tally.merged
            )
        })?;
    tally.count(batch, ingested);
    batch.clear();
    Ok(())
}

/// What the rows are checked against: the team's phone region and zone, and now.
pub async fn checks<S: Storage>(service: &TeamService<S>, team: &str) -> Result<Checks, String> {
    let defaults = service
        .intake_defaults(team)
        .await
        .context("cannot read the team's settings")?;
    Ok(Checks {
        defaults,
        now: chrono::Utc::now(),
    })
}

/// A bar over the file's bytes; indicatif draws nothing when stderr is not a terminal.
fn progress_bar(bytes: u64) -> ProgressBar {
    let bar = ProgressBar::new(bytes);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:30} {bytes}/{total_bytes} {msg} ({eta} left)")
    {
        bar.set_style(style);
    }
    bar
}

/// The counts, then every rejected row with its line and problem.
pub fn summary(file: &str, tally: &Tally) -> String {
    let mut lines = vec![
        format!("{file}: {} rows read", tally.rows()),
        format!("  {} new leads", tally.new),
        format!(
            "  {} merged into existing leads (a known phone: a new inquiry)",
            tally.merged
        ),
        format!("  {} rejected", tally.rejected.len()),
    ];
    lines.extend(tally.rejected.iter().map(|r| format!("    {r}")));
    lines.join("\n")
}

/// The rejected rows as CSV: `line,problem`.
fn write_report(path: &Path, rejected: &[Rejected]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(File::create(path)?);
    writeln!(out, "line,problem")?;
    for row in rejected {
        writeln!(out, "{},{}", row.line, csv_cell(&row.problem))?;
    }
    out.flush()
}

/// A CSV cell, quoted when it holds a comma, a quote or a line break.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_cells_are_quoted_only_when_needed() {
        assert_eq!(csv_cell("no phone number"), "no phone number");
        assert_eq!(
            csv_cell(r#"phone number "555-0000-1" is bad, really"#),
            r#""phone number ""555-0000-1"" is bad, really""#
        );
    }

    #[test]
    fn a_lead_the_store_refuses_is_reported_by_its_line_among_the_others() {
        use warmline_intake::ParsedLead;
        use warmline_server::service::IngestedLead;

        let row = |line| ImportedRow {
            line,
            lead: ParsedLead {
                lead: warmline_core::NewLead::default(),
                external_id: None,
                is_test: false,
            },
        };
        let batch = [row(4), row(6), row(9)];
        let stored = |merged| IngestedLead {
            id: "l".into(),
            merged,
            assigned_to: None,
        };
        let mut tally = Tally {
            rejected: vec![Rejected {
                line: 7,
                problem: "no phone number".into(),
            }],
            ..Tally::default()
        };
        tally.count(
            &batch,
            Ingested {
                leads: vec![stored(false), stored(true)],
                rejected: vec![(1, "refused by the store".into())],
            },
        );
        tally.finish();
        assert_eq!((tally.new, tally.merged, tally.rows()), (1, 1, 4));
        let lines: Vec<u64> = tally.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [6, 7]);
        assert_eq!(tally.rejected[0].problem, "refused by the store");
    }

    #[test]
    fn the_summary_counts_every_row_and_names_each_rejected_one() {
        let tally = Tally {
            new: 3,
            merged: 1,
            rejected: vec![
                Rejected {
                    line: 3,
                    problem: "no phone number".into(),
                },
                Rejected {
                    line: 7,
                    problem: "the row has 3 cells where the header has 7".into(),
                },
            ],
        };
        let text = summary("leads.csv", &tally);
        assert!(
            text.starts_with("leads.csv: 6 rows read\n  3 new leads\n  1 merged"),
            "{text}"
        );
        assert!(
            text.contains("  2 rejected\n    line 3: no phone number\n    line 7: the row"),
            "{text}"
        );
    }
}
