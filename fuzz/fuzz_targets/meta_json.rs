#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    if let Ok(leads) = warmline_intake::parse_meta(body, &common::checks()) {
        for lead in leads {
            // Formatting the error walks every field of it.
            let _ = lead.map_err(|err| err.to_string());
        }
    }
});
