use std::collections::HashMap;

use warmline_core::SourceKind;
use warmline_intake::{parse_google, GoogleSource, IntakeError};

use crate::{checks, fields, fixture};

fn source() -> GoogleSource {
    GoogleSource {
        key: "g-key-5e1f2a".into(),
        ..GoogleSource::default()
    }
}

#[test]
fn a_test_lead_is_read_and_flagged() {
    let parsed = parse_google(&fixture("google_test_lead.json"), &source(), &checks()).unwrap();
    assert!(parsed.is_test);
    assert!(parsed.external_id.unwrap().starts_with("TeSter-123"));
    let lead = parsed.lead;
    assert_eq!(
        (lead.first_name.as_str(), lead.last_name.as_str()),
        ("Bea", "Ortiz")
    );
    assert_eq!(lead.phone, "+1 312-555-0143");
    assert_eq!(lead.email.as_deref(), Some("bea@example.org"));
    assert_eq!(lead.source.kind, SourceKind::AdForm);
    assert_eq!(
        lead.source.form_name.as_deref(),
        Some("Google Ads form 40000000001")
    );
    assert_eq!(
        lead.source.campaign_name.as_deref(),
        Some("Google Ads campaign 20000000002")
    );
    assert_eq!(
        lead.asked_about, None,
        "placeholder names say nothing about the lead"
    );
    assert_eq!(
        fields(&lead),
        vec![
            ("Postal code", "60601"),
            ("How many panels do you need?", "About 20"),
            ("Best time to call", "Mornings"),
            (
                "Google click id (gclid)",
                "TeSter-123-ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            ),
        ]
    );
}

#[test]
fn configured_names_replace_ids_and_say_what_was_asked_about() {
    let named = GoogleSource {
        form_names: HashMap::from([("40000000001".into(), "Solar quote (Chicago)".into())]),
        campaign_names: HashMap::from([("20000000002".into(), "Solar - Midwest".into())]),
        ..source()
    };
    let lead = parse_google(&fixture("google_test_lead.json"), &named, &checks())
        .unwrap()
        .lead;
    assert_eq!(
        lead.source.form_name.as_deref(),
        Some("Solar quote (Chicago)")
    );
    assert_eq!(
        lead.source.campaign_name.as_deref(),
        Some("Solar - Midwest")
    );
    assert_eq!(lead.asked_about.as_deref(), Some("Solar quote (Chicago)"));
}

#[test]
fn the_key_is_checked_before_anything_else() {
    let wrong = GoogleSource {
        key: "g-key-other".into(),
        ..source()
    };
    assert!(matches!(
        parse_google(&fixture("google_test_lead.json"), &wrong, &checks()),
        Err(IntakeError::WrongGoogleKey)
    ));
    // No phone either: the key is still what is reported.
    let body = br#"{"lead_id": "x", "google_key": "nope", "user_column_data": []}"#;
    assert!(matches!(
        parse_google(body, &source(), &checks()),
        Err(IntakeError::WrongGoogleKey)
    ));
    let keyless = br#"{"lead_id": "x", "user_column_data": []}"#;
    assert!(matches!(
        parse_google(keyless, &source(), &checks()),
        Err(IntakeError::MissingGoogleKey)
    ));
}

#[test]
fn custom_questions_never_fill_lead_fields() {
    let body = br#"{"google_key": "g-key-5e1f2a", "form_id": "7", "user_column_data": [
        {"column_id": "FIRST_NAME", "string_value": "Bea"},
        {"column_id": "WORK_PHONE", "string_value": "+1 312 555 0143"},
        {"column_id": "CUSTOM_QUESTION_EMAIL", "column_name": "Installer's email", "string_value": "i@example.com"},
        {"string_value": "unnamed answer"}
    ]}"#;
    let lead = parse_google(body, &source(), &checks()).unwrap().lead;
    assert_eq!(lead.phone, "+1 312 555 0143", "a work phone is a phone");
    assert_eq!(lead.email, None);
    assert_eq!(
        fields(&lead),
        vec![
            ("Installer's email", "i@example.com"),
            ("Question 4", "unnamed answer")
        ]
    );
}

#[test]
fn a_lead_without_a_phone_is_refused() {
    let body = br#"{"google_key": "g-key-5e1f2a", "user_column_data": [{"column_id": "FULL_NAME", "string_value": "Bea"}]}"#;
    assert!(matches!(
        parse_google(body, &source(), &checks()),
        Err(IntakeError::MissingPhone)
    ));
    assert!(matches!(
        parse_google(b"{\"google_key\": 5}", &source(), &checks()),
        Err(IntakeError::MalformedJson { .. })
    ));
}
