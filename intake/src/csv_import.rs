//! Spreadsheets of leads: a CRM export, Meta's lead download, a manager's own sheet.
//!
//! Headers are matched by their letters only (`Phone Number`, `phone_number`, `PHONE`);
//! every column that is not a lead field is kept as a custom field named by its header.
//! The file is read one row at a time ([`CsvImport`] is an iterator), so a 100,000-row
//! file is never held in memory; each row is checked like a webhook lead, and a bad row
//! is reported with its line instead of stopping the import: good rows are kept, bad rows
//! are reported, none is silently dropped (wholly blank rows hold no lead and are skipped).

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};

use chrono_tz::Tz;
use csv::ByteRecord;
use warmline_core::lead::SourceKind;

use crate::dates::parse_cell_time;
use crate::draft::{Checks, Draft, ParsedLead};
use crate::encoding::{Peeked, Utf8Text};
use crate::error::IntakeError;
use crate::fields::{classify, normalise, LeadField};

/// The default limit on one row's cell text: far above any real form, far below harm.
pub const DEFAULT_MAX_ROW_BYTES: usize = 64 * 1024;

/// How to read a file beyond what its header says.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    /// The source of a row that has no `Source` cell and names no ad (a row naming an ad
    /// came from an ad form).
    pub default_source: SourceKind,
    /// The zone of times written without an offset (`2026-11-27 14:05`); `None` reads
    /// them in the team's zone, where a manager's spreadsheet was most likely written.
    pub times_in: Option<Tz>,
    /// The longest row accepted, in bytes of cell text.
    pub max_row_bytes: usize,
}

impl Default for CsvOptions {
    fn default() -> Self {
        Self {
            default_source: SourceKind::Other,
            times_in: None,
            max_row_bytes: DEFAULT_MAX_ROW_BYTES,
        }
    }
}

/// A good row: its line in the file (the header is line 1) and its lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRow {
    pub line: u64,
    pub lead: ParsedLead,
}

/// A refused row: its line in the file and why.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {error}")]
pub struct RowError {
    pub line: u64,
    #[source]
    pub error: IntakeError,
}

/// Every row of a file, sorted into leads and errors.
#[derive(Debug, Default)]
pub struct CsvReport {
    pub leads: Vec<ImportedRow>,
    pub errors: Vec<RowError>,
}

/// What one column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Lead(LeadField),
    Custom,
}

/// Reads rows as leads, one at a time. Created by [`CsvImport::new`], which reads and
/// checks the header.
pub struct CsvImport<R: Read> {
    reader: csv::Reader<LineCounter<Text<R>>>,
    labels: Vec<String>,
    columns: Vec<Column>,
    options: CsvOptions,
    checks: Checks,
    record: ByteRecord,
    finished: bool,
}

impl<R: Read> fmt::Debug for CsvImport<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvImport")
            .field("labels", &self.labels)
            .field("columns", &self.columns)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

/// Reads the whole file into a report: the convenience over [`CsvImport`]. Fails only
/// when the file has no usable header.
pub fn import_csv<R: Read>(
    input: R,
    options: CsvOptions,
    checks: Checks,
) -> Result<CsvReport, IntakeError> {
    let mut report = CsvReport::default();
    for row in CsvImport::new(input, options, checks)? {
        match row {
            Ok(row) => report.leads.push(row),
            Err(error) => report.errors.push(error),
        }
    }
    Ok(report)
}

impl<R: Read> CsvImport<R> {
    /// Reads the header row. The text is UTF-8, or UTF-16 with a byte-order mark; the
    /// delimiter (comma, semicolon or tab) is the one the header uses most. A file whose
    /// header has no phone column or no name column is refused.
    pub fn new(input: R, options: CsvOptions, checks: Checks) -> Result<Self, IntakeError> {
        let mut text = Utf8Text::detect(input).map_err(unreadable)?;
        let start = read_first_line(&mut text).map_err(unreadable)?;
        let delimiter = sniff_delimiter(&start);
        let text = io::Cursor::new(start).chain(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(LineCounter::new(text));
        let mut header = ByteRecord::new();
        if !reader.read_byte_record(&mut header).map_err(unreadable)? {
            return Err(IntakeError::UnusableHeader {
                problem: "the file is empty".into(),
            });
        }
        let labels: Vec<String> = header.iter().map(header_label).collect();
        let columns = columns_of(&labels);
        check_header(&labels, &columns)?;
        Ok(Self {
            reader,
            labels,
            columns,
            options,
            checks,
            record: ByteRecord::new(),
            finished: false,
        })
    }

    fn read_row(&self) -> Result<ParsedLead, IntakeError> {
        let bytes = self.record.as_slice().len();
        if bytes > self.options.max_row_bytes {
            return Err(IntakeError::RowTooLarge {
                bytes,
                limit: self.options.max_row_bytes,
            });
        }
        if self.record.len() != self.columns.len() {
            return Err(IntakeError::WrongCellCount {
                expected: self.columns.len(),
                found: self.record.len(),
            });
        }
        let mut draft = Draft::default();
        for ((cell, column), label) in self.record.iter().zip(&self.columns).zip(&self.labels) {
            let text = std::str::from_utf8(cell).map_err(|_| IntakeError::NotUtf8 {
                column: label.clone(),
            })?;
            self.read_cell(&mut draft, *column, label, text)?;
        }
        let default_kind = if draft.ad_name.is_some() {
            SourceKind::AdForm
        } else {
            self.options.default_source
        };
        draft.finish(default_kind, &self.checks)
    }

    fn read_cell(
        &self,
        draft: &mut Draft,
        column: Column,
        label: &str,
        text: &str,
    ) -> Result<(), IntakeError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        match column {
            Column::Lead(LeadField::InquiredAt) => {
                let zone = self
                    .options
                    .times_in
                    .unwrap_or(self.checks.defaults.time_zone);
                let at =
                    parse_cell_time(text, zone).ok_or_else(|| IntakeError::UnreadableDate {
                        field: label.to_owned(),
                        value: text.to_owned(),
                    })?;
                draft.inquired_at = Some(at);
            }
            Column::Lead(LeadField::Source) => match loose_source_kind(text) {
                Some(kind) => draft.kind = Some(kind),
                None => draft.keep_custom(label, text),
            },
            Column::Lead(field) => {
                if !draft.fill(field, without_meta_prefix(field, text)) {
                    draft.keep_custom(label, text);
                }
            }
            Column::Custom => draft.keep_custom(label, text),
        }
        Ok(())
    }

    /// The line the row just read starts on. The csv crate's own line numbers drift with
    /// CRLF line ends and blank lines, so lines are counted here.
    fn row_start_line(&mut self) -> u64 {
        let start = self.record.position().map_or(0, |at| at.byte());
        self.reader.get_mut().line_at(start)
    }

    /// The line the reader has reached, for an error with no row of its own.
    fn current_line(&mut self) -> u64 {
        let at = self.reader.position().byte();
        self.reader.get_mut().line_at(at)
    }
}

impl<R: Read> Iterator for CsvImport<R> {
    type Item = Result<ImportedRow, RowError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.finished {
            match self.reader.read_byte_record(&mut self.record) {
                Ok(true) if is_blank(&self.record) => continue,
                Ok(true) => {
                    let line = self.row_start_line();
                    return Some(
                        self.read_row()
                            .map(|lead| ImportedRow { line, lead })
                            .map_err(|error| RowError { line, error }),
                    );
                }
                Ok(false) => self.finished = true,
                Err(err) => {
                    // A read error (the file, not a row) ends the import; the rows before it stand.
                    self.finished = true;
                    return Some(Err(RowError {
                        line: self.current_line(),
                        error: unreadable(err),
                    }));
                }
            }
        }
        None
    }
}

/// The file's text, its first line read ahead (to choose the delimiter) and put back.
type Text<R> = io::Chain<io::Cursor<Vec<u8>>, Utf8Text<Peeked<R>>>;

/// How far to look for the end of the header line when choosing the delimiter.
const HEADER_LOOKAHEAD: usize = 64 * 1024;

/// At least the first line of `input` (or its first [`HEADER_LOOKAHEAD`] bytes), however
/// short the reads it gives.
fn read_first_line(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut start = Vec::new();
    let mut chunk = [0; 4096];
    while start.len() < HEADER_LOOKAHEAD && !start.contains(&b'\n') {
        match input.read(&mut chunk)? {
            0 => break,
            read => start.extend_from_slice(&chunk[..read]),
        }
    }
    Ok(start)
}

/// Passes the input through, noting where its line breaks are, so that a row's line can
/// be told after the csv reader has read ahead. Only what lies ahead of the last question
/// is kept: as much as the reader's read-ahead holds.
struct LineCounter<R> {
    inner: R,
    bytes_read: u64,
    /// Offsets of `\n` bytes not yet passed.
    breaks_ahead: VecDeque<u64>,
    breaks_passed: u64,
    /// Runs of `\r` and `\n` bytes (line ends and blank lines), as `start..end` offsets.
    line_end_runs: VecDeque<(u64, u64)>,
    /// The start of a run still going on at the end of what was read.
    open_run: Option<u64>,
}

impl<R> LineCounter<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            bytes_read: 0,
            breaks_ahead: VecDeque::new(),
            breaks_passed: 0,
            line_end_runs: VecDeque::new(),
            open_run: None,
        }
    }

    /// The line of the first byte at or after `offset` that is not a line end: where the
    /// csv reader says a row starts, it may still have line ends and blank lines to skip.
    /// Offsets must not go backwards.
    fn line_at(&mut self, offset: u64) -> u64 {
        let content = self.skip_line_ends(offset);
        while self.breaks_ahead.front().is_some_and(|at| *at < content) {
            self.breaks_ahead.pop_front();
            self.breaks_passed += 1;
        }
        1 + self.breaks_passed
    }

    fn skip_line_ends(&mut self, offset: u64) -> u64 {
        while let Some(&(start, end)) = self.line_end_runs.front() {
            if end <= offset {
                self.line_end_runs.pop_front();
            } else {
                return if start <= offset { end } else { offset };
            }
        }
        match self.open_run {
            Some(start) if start <= offset => self.bytes_read,
            _ => offset,
        }
    }

    fn note(&mut self, offset: u64, byte: u8) {
        let line_end = byte == b'\n' || byte == b'\r';
        if byte == b'\n' {
            self.breaks_ahead.push_back(offset);
        }
        match (line_end, self.open_run) {
            (true, None) => self.open_run = Some(offset),
            (false, Some(start)) => {
                self.line_end_runs.push_back((start, offset));
                self.open_run = None;
            }
            _ => {}
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        for (i, byte) in buf[..read].iter().enumerate() {
            self.note(self.bytes_read + i as u64, *byte);
        }
        self.bytes_read += read as u64;
        Ok(read)
    }
}

fn unreadable(err: impl fmt::Display) -> IntakeError {
    IntakeError::Unreadable {
        message: err.to_string(),
    }
}

/// The delimiter the first line uses most: comma (the default), semicolon (spreadsheets
/// in locales with a decimal comma) or tab (Meta's lead download).
fn sniff_delimiter(start: &[u8]) -> u8 {
    let first_line = start.split(|b| *b == b'\n').next().unwrap_or_default();
    let count = |delimiter: u8| first_line.iter().filter(|b| **b == delimiter).count();
    [b';', b'\t']
        .into_iter()
        .filter(|d| count(*d) > count(b','))
        .max_by_key(|d| count(*d))
        .unwrap_or(b',')
}

/// A header cell as a label: trimmed, and without a byte-order mark that arrived split
/// across reads.
fn header_label(cell: &[u8]) -> String {
    String::from_utf8_lossy(cell)
        .trim_start_matches('\u{feff}')
        .trim()
        .to_owned()
}

/// What each column holds; a second column for the same field is kept as a custom field.
fn columns_of(labels: &[String]) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::with_capacity(labels.len());
    for label in labels {
        let column = match classify(label) {
            Some(field) if !columns.contains(&Column::Lead(field)) => Column::Lead(field),
            _ => Column::Custom,
        };
        columns.push(column);
    }
    columns
}

fn check_header(labels: &[String], columns: &[Column]) -> Result<(), IntakeError> {
    let has = |fields: &[LeadField]| {
        columns
            .iter()
            .any(|c| matches!(c, Column::Lead(f) if fields.contains(f)))
    };
    let mut missing = Vec::new();
    if !has(&[LeadField::Phone]) {
        missing.push("no phone column (Phone, Phone Number, Mobile, Tel...)");
    }
    if !has(&[
        LeadField::FullName,
        LeadField::FirstName,
        LeadField::LastName,
    ]) {
        missing.push("no name column (Name, Full Name, First Name, Last Name...)");
    }
    if missing.is_empty() {
        return Ok(());
    }
    Err(IntakeError::UnusableHeader {
        problem: format!(
            "{}; the header row is: {}",
            missing.join(" and "),
            shown_labels(labels)
        ),
    })
}

/// The header as a manager would read it, cut short when it is very long.
fn shown_labels(labels: &[String]) -> String {
    const SHOWN: usize = 20;
    let mut shown: Vec<String> = labels
        .iter()
        .take(SHOWN)
        .map(|label| format!("{label:?}"))
        .collect();
    if labels.len() > SHOWN {
        shown.push(format!("and {} more", labels.len() - SHOWN));
    }
    shown.join(", ")
}

/// Meta's lead download prefixes some cells so that spreadsheets keep them as text:
/// `p:+14155552671` for a phone, `l:1203...` for the lead's id.
fn without_meta_prefix(field: LeadField, text: &str) -> &str {
    let prefix = match field {
        LeadField::Phone => "p:",
        LeadField::ExternalId => "l:",
        _ => return text,
    };
    text.trim().strip_prefix(prefix).unwrap_or(text)
}

fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|cell| cell.trim_ascii().is_empty())
}

/// A `Source` cell in the words people use; `None` when it names no kind we know (the
/// cell is then kept as a custom field rather than refusing the row).
fn loose_source_kind(text: &str) -> Option<SourceKind> {
    Some(match normalise(text).as_str() {
        "adform" | "ad" | "leadad" | "leadform" | "facebook" | "instagram" | "meta" | "fb"
        | "ig" | "google" | "googleads" => SourceKind::AdForm,
        "email" | "mail" => SourceKind::Email,
        "socialdm" | "dm" | "directmessage" | "social" | "messenger" | "whatsapp" => {
            SourceKind::SocialDm
        }
        "webform" | "website" | "web" | "contactform" => SourceKind::WebForm,
        "other" => SourceKind::Other,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_says_which_delimiter() {
        assert_eq!(sniff_delimiter(b"Name,Phone,Email\nAnn,1,2"), b',');
        assert_eq!(sniff_delimiter(b"Name;Phone;Notes, long\n"), b';');
        assert_eq!(sniff_delimiter(b"id\tfull_name\tphone_number\n"), b'\t');
        assert_eq!(sniff_delimiter(b"Phone"), b',');
        assert_eq!(sniff_delimiter(b""), b',');
    }

    fn lines_of(file: &str) -> Vec<u64> {
        let defaults = warmline_core::lead::IntakeDefaults {
            region: "US".parse().unwrap(),
            time_zone: chrono_tz::UTC,
        };
        let checks = Checks {
            defaults,
            now: chrono::DateTime::from_timestamp(1_795_788_300, 0).unwrap(),
        };
        CsvImport::new(file.as_bytes(), CsvOptions::default(), checks)
            .unwrap()
            .map(|row| row.map_or_else(|err| err.line, |row| row.line))
            .collect()
    }

    #[test]
    fn a_quote_left_open_to_the_end_keeps_its_rows_line() {
        // Found by fuzzing (csv_import): the row's last byte was a line break inside the
        // open quote, taken for its terminator, and the row was put a line too early.
        assert_eq!(lines_of("Name,Phone\nAnn,1\nBo,\"open\n"), vec![2, 3]);
        assert_eq!(lines_of("Name,Phone\nAnn,1\rBo,\"open\n"), vec![2, 2]);
    }

    #[test]
    fn a_second_column_for_a_field_is_a_custom_field() {
        let labels: Vec<String> = ["Phone", "Mobile", "Budget"].map(String::from).to_vec();
        assert_eq!(
            columns_of(&labels),
            vec![
                Column::Lead(LeadField::Phone),
                Column::Custom,
                Column::Custom
            ]
        );
    }

    #[test]
    fn metas_type_prefixes_are_dropped_from_phones_and_ids_only() {
        assert_eq!(
            without_meta_prefix(LeadField::Phone, " p:+14155552671"),
            "+14155552671"
        );
        assert_eq!(without_meta_prefix(LeadField::ExternalId, "l:120"), "120");
        assert_eq!(without_meta_prefix(LeadField::Company, "p:co"), "p:co");
    }

    #[test]
    fn source_cells_are_read_in_plain_words() {
        assert_eq!(loose_source_kind("Facebook"), Some(SourceKind::AdForm));
        assert_eq!(loose_source_kind("web form"), Some(SourceKind::WebForm));
        assert_eq!(loose_source_kind("E-mail"), Some(SourceKind::Email));
        assert_eq!(loose_source_kind("social_dm"), Some(SourceKind::SocialDm));
        assert_eq!(loose_source_kind("Trade show 2026"), None);
    }
}
