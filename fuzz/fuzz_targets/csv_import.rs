#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use warmline_intake::{CsvImport, CsvOptions};

fuzz_target!(|file: &[u8]| {
    let options = CsvOptions {
        max_row_bytes: 512,
        ..CsvOptions::default()
    };
    if let Ok(rows) = CsvImport::new(file, options, common::checks()) {
        let mut last_line = 0;
        for row in rows {
            let line = match &row {
                Ok(row) => row.line,
                Err(err) => err.line,
            };
            assert!(line >= 1, "a row's line is 1-based");
            assert!(
                line >= last_line,
                "rows come in file order: {line} after {last_line}"
            );
            last_line = line;
        }
    }
});
