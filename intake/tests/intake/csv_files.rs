use std::io::Read;

use warmline_core::{Error as CoreError, PhoneError, SourceKind};
use warmline_intake::{import_csv, CsvImport, CsvOptions, CsvReport, IntakeError};

use crate::{checks, fields, fixture, utc};

fn import(text: &str) -> CsvReport {
    import_csv(text.as_bytes(), CsvOptions::default(), checks()).unwrap()
}

fn header_error(text: &[u8]) -> String {
    match import_csv(text, CsvOptions::default(), checks()) {
        Err(IntakeError::UnusableHeader { problem }) => problem,
        other => panic!("expected an unusable header, got {other:?}"),
    }
}

#[test]
fn good_rows_are_kept_and_each_bad_row_is_reported_by_line() {
    let report = import_csv(
        &fixture("leads_mixed.csv")[..],
        CsvOptions::default(),
        checks(),
    )
    .unwrap();

    let good: Vec<(u64, &str)> = report
        .leads
        .iter()
        .map(|row| (row.line, row.lead.lead.first_name.as_str()))
        .collect();
    assert_eq!(good, vec![(2, "Ann"), (6, "Ed"), (8, "Gus")]);

    let bad: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(bad, vec![3, 4, 5, 7, 11], "the blank line 10 holds no lead");
    let error = |line: u64| &report.errors.iter().find(|e| e.line == line).unwrap().error;
    assert!(matches!(error(3), IntakeError::MissingPhone));
    assert!(matches!(
        error(4),
        IntakeError::Invalid(CoreError::InvalidPhone(
            PhoneError::Unparseable { .. } | PhoneError::NotDiallable { .. }
        ))
    ));
    assert!(
        matches!(error(5), IntakeError::UnreadableDate { field, value } if field == "Created" && value == "yesterday")
    );
    assert!(matches!(
        error(7),
        IntakeError::WrongCellCount {
            expected: 7,
            found: 3
        }
    ));
    assert!(matches!(
        error(11),
        IntakeError::Invalid(CoreError::InvalidInput { field: "email", .. })
    ));
    let shown = report.errors[0].to_string();
    assert_eq!(shown, "line 3: no phone number");
}

#[test]
fn a_good_row_keeps_every_column() {
    let report = import_csv(
        &fixture("leads_mixed.csv")[..],
        CsvOptions::default(),
        checks(),
    )
    .unwrap();
    let ann = &report.leads[0].lead.lead;
    assert_eq!(ann.last_name, "Lee");
    assert_eq!(ann.phone, "(415) 555-2671");
    assert_eq!(
        ann.inquired_at,
        Some(utc("2026-11-27T14:05:00Z")),
        "a time without offset is the team's (Chicago) time"
    );
    assert_eq!(
        ann.source.kind,
        SourceKind::AdForm,
        "a row naming an ad came from an ad form"
    );
    assert_eq!(ann.asked_about.as_deref(), Some("Solar for farms - autumn"));
    assert_eq!(
        fields(ann),
        vec![("Budget", "25000"), ("Notes", "Barn roof")]
    );

    let ed = &report.leads[1].lead.lead;
    assert_eq!(ed.asked_about.as_deref(), Some("Heat pumps, winter"));
    assert_eq!(fields(ed), vec![("Notes", "said: \"call after 5\"")]);

    let gus = &report.leads[2].lead.lead;
    assert_eq!(
        gus.source.kind,
        SourceKind::Other,
        "no ad, no source column"
    );
    assert_eq!(fields(gus), vec![("Notes", "two\nlines")]);
}

#[test]
fn header_spellings_all_find_the_same_lead() {
    for header in [
        "Name,Phone,Email",
        "Full Name,Phone Number,E-mail",
        "full_name,phone_number,email",
        "NAME,MOBILE,EMAIL ADDRESS",
        "\u{feff}Contact Name , Tel , Mail",
        "Full name;Telephone;e-mail",
    ] {
        let delimiter = if header.contains(';') { ";" } else { "," };
        let row = ["Ann Lee", "415 555 2671", "ann@example.com"].join(delimiter);
        let report = import(&format!("{header}\n{row}\n"));
        assert!(report.errors.is_empty(), "{header}: {:?}", report.errors);
        let lead = &report.leads[0].lead.lead;
        assert_eq!(
            (lead.first_name.as_str(), lead.last_name.as_str()),
            ("Ann", "Lee"),
            "{header}"
        );
        assert_eq!(lead.email.as_deref(), Some("ann@example.com"), "{header}");
        assert!(
            lead.custom_fields.is_empty(),
            "{header}: {:?}",
            lead.custom_fields
        );
    }
}

#[test]
fn first_and_last_name_columns_and_the_other_aliases() {
    let report = import(
        "First Name,Last Name,Mobile,Company,Created Time,Campaign,Form,Source,Time Zone,Interest,Owner,Lead ID\n\
         Ann,Lee,415 555 2671,Lee Farms,2026-11-27T14:05:31+0000,Q4 solar,Farm quote,Facebook,America/Denver,barn roof,rep-7,l:42\n",
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let row = &report.leads[0];
    let lead = &row.lead.lead;
    assert_eq!(row.lead.external_id.as_deref(), Some("42"));
    assert_eq!(lead.company.as_deref(), Some("Lee Farms"));
    assert_eq!(lead.inquired_at, Some(utc("2026-11-27T14:05:31Z")));
    assert_eq!(lead.source.campaign_name.as_deref(), Some("Q4 solar"));
    assert_eq!(lead.source.form_name.as_deref(), Some("Farm quote"));
    assert_eq!(lead.source.kind, SourceKind::AdForm);
    assert_eq!(lead.time_zone.as_deref(), Some("America/Denver"));
    assert_eq!(lead.asked_about.as_deref(), Some("barn roof"));
    assert_eq!(lead.assigned_to.as_deref(), Some("rep-7"));
}

#[test]
fn metas_tab_separated_download_is_read() {
    let report = import_csv(
        &fixture("meta_export.tsv")[..],
        CsvOptions::default(),
        checks(),
    )
    .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let row = &report.leads[0];
    let lead = &row.lead.lead;
    assert_eq!(row.lead.external_id.as_deref(), Some("1203948572210345"));
    assert_eq!(lead.phone, "+14155552671", "Meta's p: prefix is dropped");
    assert_eq!(lead.inquired_at, Some(utc("2026-11-27T14:05:31Z")));
    assert_eq!(lead.source.kind, SourceKind::AdForm);
    assert_eq!(
        lead.asked_about.as_deref(),
        Some("Solar for farms - autumn")
    );
    let names: Vec<&str> = fields(lead).into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        vec![
            "ad_id",
            "adset_id",
            "adset_name",
            "campaign_id",
            "form_id",
            "is_organic",
            "platform",
            "what_size_is_your_farm?"
        ],
        "every other column, in file order"
    );
}

#[test]
fn a_file_without_phone_or_name_columns_is_one_clear_error() {
    let problem = header_error(b"Name,Email,Budget\nAnn,a@example.com,1\n");
    assert!(problem.contains("no phone column"), "{problem}");
    assert!(!problem.contains("no name column"), "{problem}");
    let problem = header_error(b"Phone,Email\n4155552671,a@example.com\n");
    assert!(
        problem.contains("no name column") && problem.contains("\"Email\""),
        "{problem}"
    );
    let problem = header_error(b"");
    assert!(problem.contains("empty"), "{problem}");
}

#[test]
fn source_cells_kind_or_kept() {
    let report = import("Name,Phone,Source\nAnn,4155552671,Email\nBo,4155552672,Trade show 2026\n");
    let kinds: Vec<SourceKind> = report
        .leads
        .iter()
        .map(|r| r.lead.lead.source.kind)
        .collect();
    assert_eq!(kinds, vec![SourceKind::Email, SourceKind::Other]);
    assert_eq!(
        fields(&report.leads[1].lead.lead),
        vec![("Source", "Trade show 2026")]
    );
}

#[test]
fn options_choose_the_default_source_and_the_zone_of_bare_times() {
    let options = CsvOptions {
        default_source: SourceKind::WebForm,
        times_in: Some(chrono_tz::UTC),
        ..CsvOptions::default()
    };
    let report = import_csv(
        &b"Name,Phone,Date\nAnn,4155552671,2026-11-27 14:05\nBo,4155552672,2026-11-26\n"[..],
        options,
        checks(),
    )
    .unwrap();
    let ann = &report.leads[0].lead.lead;
    assert_eq!(ann.source.kind, SourceKind::WebForm);
    assert_eq!(ann.inquired_at, Some(utc("2026-11-27T14:05:00Z")));
    assert_eq!(
        report.leads[1].lead.lead.inquired_at,
        Some(utc("2026-11-26T00:00:00Z"))
    );
}

#[test]
fn an_oversized_row_or_a_non_utf8_cell_is_reported_not_fatal() {
    let options = CsvOptions {
        max_row_bytes: 100,
        ..CsvOptions::default()
    };
    let long = "x".repeat(200);
    let text = format!("Name,Phone,Notes\nAnn,4155552671,{long}\nBo,4155552672,short\n");
    let report = import_csv(text.as_bytes(), options, checks()).unwrap();
    assert!(matches!(
        report.errors[0].error,
        IntakeError::RowTooLarge { limit: 100, .. }
    ));
    assert_eq!(report.leads.len(), 1);

    let report = import_csv(
        &b"Name,Phone,Notes\nAnn,4155552671,caf\xe9\nBo,4155552672,ok\n"[..],
        CsvOptions::default(),
        checks(),
    )
    .unwrap();
    assert!(
        matches!(&report.errors[0].error, IntakeError::NotUtf8 { column } if column == "Notes")
    );
    assert_eq!(report.errors[0].line, 2);
    assert_eq!(report.leads.len(), 1);
}

/// An endless file: row after row, never finished.
struct Endless {
    bytes: Vec<u8>,
    at: usize,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < buf.len() {
            buf[written] = self.bytes[self.at % self.bytes.len()];
            self.at += 1;
            written += 1;
        }
        Ok(written)
    }
}

#[test]
fn rows_stream_one_at_a_time() {
    let mut header_then_rows = Endless {
        bytes: b"Ann Lee,415 555 2671\n".to_vec(),
        at: 0,
    };
    let mut input = b"Name,Phone\n".to_vec();
    let mut first_rows = vec![0; 64];
    header_then_rows.read_exact(&mut first_rows).unwrap();
    input.extend(first_rows);
    let rows = CsvImport::new(
        input.as_slice().chain(header_then_rows),
        CsvOptions::default(),
        checks(),
    )
    .unwrap();
    let lines: Vec<u64> = rows.take(1000).map(|row| row.unwrap().line).collect();
    assert_eq!(lines.first(), Some(&2));
    assert_eq!(lines.last(), Some(&1001));
}

/// A file that breaks off with an I/O error after the header and one row.
struct Broken(std::io::Cursor<Vec<u8>>);

impl Read for Broken {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.0.read(buf)? {
            0 => Err(std::io::Error::other("disk unplugged")),
            n => Ok(n),
        }
    }
}

#[test]
fn a_read_error_ends_the_import_once_and_keeps_the_rows_before_it() {
    let input = Broken(std::io::Cursor::new(
        b"Name,Phone\nAnn,4155552671\n".to_vec(),
    ));
    let report = import_csv(input, CsvOptions::default(), checks()).unwrap();
    assert_eq!(report.leads.len(), 1);
    assert_eq!(report.errors.len(), 1);
    assert!(
        matches!(&report.errors[0].error, IntakeError::Unreadable { message } if message.contains("disk unplugged"))
    );
}

#[test]
fn lines_are_counted_right_whatever_the_line_ends() {
    for (ending, bom) in [
        ("\n", ""),
        ("\r\n", ""),
        ("\r\n", "\u{feff}"),
        ("\n", "\u{feff}"),
    ] {
        let text = format!(
            "{bom}Name,Phone,Notes{e}Ann,4155552671,{e}{e}{e}Bo,,\"a{e}b{e}c\"{e}Cy,4155552672,x{e}{e}Di,,",
            e = ending
        );
        let report = import(&text);
        let good: Vec<u64> = report.leads.iter().map(|r| r.line).collect();
        let bad: Vec<u64> = report.errors.iter().map(|r| r.line).collect();
        assert_eq!((good, bad), (vec![2, 8], vec![5, 10]), "{text:?}");
        assert_eq!(fields(&report.leads[0].lead.lead), vec![]);
    }
}

#[test]
fn a_utf16_download_reads_like_its_utf8_copy() {
    let text = String::from_utf8(fixture("meta_export.tsv")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let from_utf16 = import_csv(&utf16[..], CsvOptions::default(), checks()).unwrap();
    let from_utf8 = import_csv(text.as_bytes(), CsvOptions::default(), checks()).unwrap();
    assert!(from_utf16.errors.is_empty(), "{:?}", from_utf16.errors);
    assert_eq!(from_utf16.leads, from_utf8.leads);
    assert_eq!(from_utf16.leads.len(), 1);
}

/// Hands out one byte per read, as a slow upload might.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match (self.0.split_first(), buf.first_mut()) {
            (Some((first, rest)), Some(slot)) => {
                *slot = *first;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

#[test]
fn short_reads_change_nothing() {
    let file = b"\xEF\xBB\xBFName;Phone;Notes\r\nAnn;4155552671;\"a;b\"\r\n\r\nBo;;\r\n";
    let report = import_csv(Trickle(file), CsvOptions::default(), checks()).unwrap();
    assert_eq!(report.leads.len(), 1);
    assert_eq!(fields(&report.leads[0].lead.lead), vec![("Notes", "a;b")]);
    let bad: Vec<u64> = report.errors.iter().map(|e| e.line).collect();
    assert_eq!(bad, vec![4]);
}
