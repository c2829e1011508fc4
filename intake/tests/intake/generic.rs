use warmline_core::{Error as CoreError, SourceKind};
use warmline_intake::{parse_generic, IntakeError};

use crate::{checks, fields, fixture, utc};

fn parse(json: &str) -> Result<warmline_intake::ParsedLead, IntakeError> {
    parse_generic(json.as_bytes(), &checks())
}

#[test]
fn every_documented_field_lands_in_the_lead() {
    let parsed = parse_generic(&fixture("generic_lead.json"), &checks()).unwrap();
    let lead = &parsed.lead;
    assert_eq!(parsed.external_id.as_deref(), Some("site-7731"));
    assert!(!parsed.is_test);
    assert_eq!(
        (lead.first_name.as_str(), lead.last_name.as_str()),
        ("Ann", "Lee")
    );
    assert_eq!(
        lead.phone, "(415) 555-2671",
        "the raw number is kept; the core normalises"
    );
    assert_eq!(lead.email.as_deref(), Some("ann.lee@example.com"));
    assert_eq!(lead.company.as_deref(), Some("Lee Family Farms"));
    assert_eq!(lead.source.kind, SourceKind::WebForm);
    assert_eq!(
        lead.source.campaign_name.as_deref(),
        Some("Autumn open days")
    );
    assert_eq!(lead.source.form_name.as_deref(), Some("Contact us"));
    assert_eq!(
        lead.asked_about.as_deref(),
        Some("solar panels for a barn roof")
    );
    assert_eq!(lead.inquired_at, Some(utc("2026-11-27T14:05:31Z")));
    assert_eq!(lead.time_zone.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(lead.assigned_to.as_deref(), Some("rep-maria"));
    assert_eq!(
        fields(lead),
        vec![
            ("Roof area", "about 300 m²"),
            ("Budget", "25000"),
            ("Heard about us from", "a neighbour, the county fair"),
            ("Newsletter", "false"),
        ],
        "in the order written; null is no answer"
    );
}

#[test]
fn a_minimal_lead_has_a_name_and_a_phone_and_defaults_to_a_web_form() {
    let parsed = parse(r#"{"name": "Mary Ann Lee", "phone": "+1 415 555 2671"}"#).unwrap();
    assert_eq!(parsed.lead.first_name, "Mary");
    assert_eq!(parsed.lead.last_name, "Ann Lee");
    assert_eq!(parsed.lead.source.kind, SourceKind::WebForm);
    assert_eq!(
        parsed.lead.inquired_at, None,
        "no time: the core stamps it on arrival"
    );
    assert_eq!(parsed.external_id, None);
}

#[test]
fn without_asked_about_the_ad_name_says_what_they_asked_about() {
    let parsed = parse(
        r#"{"name": "Ann", "phone": "4155552671", "source": "ad_form",
            "campaign_name": "Q4 solar", "form_name": "Farm quote", "ad_name": "Solar for farms - autumn"}"#,
    )
    .unwrap();
    assert_eq!(
        parsed.lead.asked_about.as_deref(),
        Some("Solar for farms - autumn")
    );
    assert_eq!(parsed.lead.source.kind, SourceKind::AdForm);
}

#[test]
fn test_leads_are_flagged() {
    let parsed = parse(r#"{"name": "Test", "phone": "4155552671", "is_test": true}"#).unwrap();
    assert!(parsed.is_test);
}

#[test]
fn unknown_fields_are_refused_with_their_position() {
    let err =
        parse("{\"name\": \"Ann\",\n \"phone\": \"4155552671\",\n \"askedabout\": \"solar\"}")
            .unwrap_err();
    match err {
        IntakeError::MalformedJson { line, message, .. } => {
            assert_eq!(line, 3);
            assert!(message.contains("askedabout"), "{message}");
        }
        other => panic!("{other}"),
    }
}

#[test]
fn broken_json_and_wrong_types_name_the_place() {
    let err = parse("{\"name\": \"Ann\",\n \"phone\": 4155552671}").unwrap_err();
    assert!(
        matches!(err, IntakeError::MalformedJson { line: 2, .. }),
        "a phone must be text: {err}"
    );
    let err = parse("{\"name\": \"Ann\"\n \"phone\": \"1\"}").unwrap_err();
    assert!(
        matches!(err, IntakeError::MalformedJson { line: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("line 2"), "{err}");
    assert!(matches!(parse(""), Err(IntakeError::MalformedJson { .. })));
    assert!(matches!(
        parse("[]"),
        Err(IntakeError::MalformedJson { .. })
    ));
}

#[test]
fn a_lead_missing_its_phone_or_name_is_refused_by_what_is_missing() {
    assert!(matches!(
        parse(r#"{"name": "Ann"}"#),
        Err(IntakeError::MissingPhone)
    ));
    assert!(matches!(
        parse(r#"{"name": "Ann", "phone": "  "}"#),
        Err(IntakeError::MissingPhone)
    ));
    assert!(matches!(
        parse(r#"{"phone": "4155552671"}"#),
        Err(IntakeError::MissingName)
    ));
}

#[test]
fn the_cores_checks_apply() {
    assert!(matches!(
        parse(r#"{"name": "Ann", "phone": "(111) 555-2671"}"#),
        Err(IntakeError::Invalid(CoreError::InvalidPhone(_)))
    ));
    assert!(matches!(
        parse(r#"{"name": "Ann", "phone": "4155552671", "time_zone": "Mars/Olympus"}"#),
        Err(IntakeError::Invalid(CoreError::InvalidInput {
            field: "time_zone",
            ..
        }))
    ));
    assert!(matches!(
        parse(r#"{"name": "Ann", "phone": "4155552671", "inquired_at": "2027-01-01T00:00:00Z"}"#),
        Err(IntakeError::Invalid(CoreError::InvalidInput {
            field: "inquired_at",
            ..
        }))
    ));
}

#[test]
fn bad_values_of_our_own_fields_are_named() {
    let err =
        parse(r#"{"name": "Ann", "phone": "4155552671", "source": "billboard"}"#).unwrap_err();
    assert!(matches!(&err, IntakeError::UnknownSourceKind { value } if value == "billboard"));
    let err = parse(r#"{"name": "Ann", "phone": "4155552671", "inquired_at": "27/11/2026"}"#)
        .unwrap_err();
    assert!(matches!(&err, IntakeError::UnreadableDate { field, .. } if field == "inquired_at"));
    let err = parse(r#"{"name": "Ann", "phone": "4155552671", "custom_fields": {"a": {"b": 1}}}"#)
        .unwrap_err();
    assert!(matches!(err, IntakeError::MalformedJson { .. }), "{err}");
}
