#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let _ = warmline_intake::parse_generic(body, &common::checks());
});
