#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use warmline_intake::{sign_meta, sign_webhook, verify_meta_signature, verify_webhook};

const SECRET: &[u8] = b"whsec_fuzz";

fuzz_target!(|input: &[u8]| {
    // Input: timestamp header, signature header and body, separated by newlines.
    let text = String::from_utf8_lossy(input);
    let mut parts = text.splitn(3, '\n');
    let timestamp = parts.next();
    let signature = parts.next();
    let body = parts.next().unwrap_or_default().as_bytes();
    let now = common::now();

    let _ = verify_webhook(SECRET, timestamp, signature, body, now);
    let _ = verify_meta_signature(SECRET, signature, body);

    // What we sign, we accept: for any body, at any time within the allowed skew.
    let skew = timestamp.map_or(0, |t| t.len() as i64 % 300);
    let at = now.timestamp() - skew;
    let signed = sign_webhook(SECRET, at, body);
    assert!(verify_webhook(SECRET, Some(&at.to_string()), Some(&signed), body, now).is_ok());
    assert!(verify_meta_signature(SECRET, Some(&sign_meta(SECRET, body)), body).is_ok());
});
