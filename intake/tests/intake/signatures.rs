use warmline_intake::signature::{
    keys_match, MAX_CLOCK_SKEW, META_SIGNATURE_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use warmline_intake::{
    sign_meta, sign_webhook, verify_meta_signature, verify_webhook, IntakeError,
};

use crate::{fixture, now};

const SECRET: &[u8] = b"whsec_farm_site_01";

fn signed(body: &[u8], timestamp: i64) -> (String, String) {
    (timestamp.to_string(), sign_webhook(SECRET, timestamp, body))
}

fn verify(secret: &[u8], headers: (&str, &str), body: &[u8]) -> Result<(), IntakeError> {
    verify_webhook(secret, Some(headers.0), Some(headers.1), body, now())
}

#[test]
fn a_signed_body_is_accepted() {
    let body = fixture("generic_lead.json");
    let (ts, sig) = signed(&body, now().timestamp() - 30);
    assert!(sig.starts_with("v1=") && sig.len() == 67, "{sig}");
    verify(SECRET, (&ts, &sig), &body).unwrap();
}

#[test]
fn a_wrong_secret_or_an_altered_body_is_a_bad_signature() {
    let body = fixture("generic_lead.json");
    let (ts, sig) = signed(&body, now().timestamp());
    assert!(matches!(
        verify(b"whsec_someone_else", (&ts, &sig), &body),
        Err(IntakeError::BadSignature)
    ));
    let mut altered = body.clone();
    let at = altered.iter().position(|b| *b == b'4').unwrap();
    altered[at] = b'5';
    assert!(matches!(
        verify(SECRET, (&ts, &sig), &altered),
        Err(IntakeError::BadSignature)
    ));
}

#[test]
fn a_signature_is_bound_to_its_timestamp() {
    let body = fixture("generic_lead.json");
    let (_, sig) = signed(&body, now().timestamp() - 10);
    let other_time = (now().timestamp() - 20).to_string();
    assert!(matches!(
        verify(SECRET, (&other_time, &sig), &body),
        Err(IntakeError::BadSignature)
    ));
}

#[test]
fn a_stale_or_future_timestamp_is_refused_even_when_correctly_signed() {
    let body = fixture("generic_lead.json");
    let limit = MAX_CLOCK_SKEW.num_seconds();
    for timestamp in [now().timestamp() - limit - 1, now().timestamp() + limit + 1] {
        let (ts, sig) = signed(&body, timestamp);
        let err = verify(SECRET, (&ts, &sig), &body).unwrap_err();
        assert!(
            matches!(err, IntakeError::StaleTimestamp { skew_seconds, .. } if skew_seconds == limit + 1),
            "{err}"
        );
    }
    let (ts, sig) = signed(&body, now().timestamp() - limit);
    verify(SECRET, (&ts, &sig), &body).unwrap();
}

#[test]
fn missing_headers_are_named() {
    let body = b"{}";
    let (ts, sig) = signed(body, now().timestamp());
    let missing_ts = verify_webhook(SECRET, None, Some(&sig), body, now()).unwrap_err();
    assert!(
        matches!(missing_ts, IntakeError::MissingHeader { header } if header == TIMESTAMP_HEADER)
    );
    let missing_sig = verify_webhook(SECRET, Some(&ts), None, body, now()).unwrap_err();
    assert!(
        matches!(missing_sig, IntakeError::MissingHeader { header } if header == SIGNATURE_HEADER)
    );
    assert!(missing_sig.to_string().contains("X-Warmline-Signature"));
}

#[test]
fn garbled_headers_are_malformed_not_mismatched() {
    let body = b"{}";
    let (ts, sig) = signed(body, now().timestamp());
    let hex = sig.trim_start_matches("v1=");
    for garbled in [
        String::new(),
        hex.to_owned(),
        format!("v2={hex}"),
        format!("v1={}", &hex[..40]),
        format!("v1={}zz", &hex[..62]),
        format!("v1={hex}00"),
        "v1=é".repeat(30),
    ] {
        let err = verify(SECRET, (&ts, &garbled), body).unwrap_err();
        assert!(
            matches!(err, IntakeError::MalformedHeader { header, .. } if header == SIGNATURE_HEADER),
            "{garbled:?}: {err}"
        );
    }
    for garbled_ts in ["", "soon", "1795788300.5", "-1795788300"] {
        let err = verify(SECRET, (garbled_ts, &sig), body).unwrap_err();
        assert!(
            matches!(err, IntakeError::MalformedHeader { header, .. } if header == TIMESTAMP_HEADER),
            "{garbled_ts:?}: {err}"
        );
    }
}

#[test]
fn uppercase_hex_from_a_sender_is_still_read() {
    let body = b"{}";
    let (ts, sig) = signed(body, now().timestamp());
    let upper = format!("v1={}", sig.trim_start_matches("v1=").to_uppercase());
    verify(SECRET, (&ts, &upper), body).unwrap();
}

#[test]
fn meta_signatures_cover_the_body_with_the_app_secret() {
    let body = fixture("meta_page.json");
    let header = sign_meta(b"meta-app-secret", &body);
    assert!(header.starts_with("sha256="));
    verify_meta_signature(b"meta-app-secret", Some(&header), &body).unwrap();
    assert!(matches!(
        verify_meta_signature(b"another-app", Some(&header), &body),
        Err(IntakeError::BadSignature)
    ));
    assert!(matches!(
        verify_meta_signature(b"meta-app-secret", Some(&header), &body[1..]),
        Err(IntakeError::BadSignature)
    ));
    assert!(matches!(
        verify_meta_signature(b"meta-app-secret", None, &body),
        Err(IntakeError::MissingHeader { header }) if header == META_SIGNATURE_HEADER
    ));
    let sha1_style = header.replace("sha256=", "sha1=");
    assert!(matches!(
        verify_meta_signature(b"meta-app-secret", Some(&sha1_style), &body),
        Err(IntakeError::MalformedHeader { .. })
    ));
}

#[test]
fn the_documented_openssl_example_verifies() {
    // docs/intake.md, "Signing a request": the same secret, time and body.
    let body = br#"{"name":"Ann Lee","phone":"+14155552671"}"#;
    let signature = sign_webhook(b"whsec_demo", 1_795_788_300, body);
    assert_eq!(
        signature,
        "v1=6534703ffcadf53ae73a5eb267b9eeda7f72d6d8bcd27f80c0abd2c30cda2100"
    );
    let at = chrono::DateTime::from_timestamp(1_795_788_360, 0).unwrap();
    verify_webhook(
        b"whsec_demo",
        Some("1795788300"),
        Some(&signature),
        body,
        at,
    )
    .unwrap();
}

#[test]
fn shared_keys_must_match_exactly() {
    assert!(keys_match("g-key-5e1f2a", "g-key-5e1f2a"));
    assert!(!keys_match("g-key-5e1f2a", "g-key-5e1f2b"));
    assert!(!keys_match("g-key-5e1f2a", "g-key-5e1f2a "));
}
