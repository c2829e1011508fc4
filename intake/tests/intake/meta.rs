use warmline_core::SourceKind;
use warmline_intake::{parse_meta, IntakeError, ParsedLead};

use crate::{checks, fields, fixture, utc};

fn all_ok(body: &[u8]) -> Vec<ParsedLead> {
    parse_meta(body, &checks())
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_page_of_two_leads_gives_two_leads_in_order() {
    let leads = all_ok(&fixture("meta_page.json"));
    assert_eq!(leads.len(), 2);

    let ann = &leads[0];
    assert_eq!(ann.external_id.as_deref(), Some("1203948572210345"));
    assert_eq!(
        (ann.lead.first_name.as_str(), ann.lead.last_name.as_str()),
        ("Ann", "Lee")
    );
    assert_eq!(ann.lead.phone, "+14155552671");
    assert_eq!(ann.lead.email.as_deref(), Some("ann.lee@example.com"));
    assert_eq!(ann.lead.inquired_at, Some(utc("2026-11-27T14:05:31Z")));
    assert_eq!(ann.lead.source.kind, SourceKind::AdForm);
    assert_eq!(
        ann.lead.source.ad_name.as_deref(),
        Some("Solar for farms - autumn")
    );
    assert_eq!(
        ann.lead.source.form_name.as_deref(),
        Some("Farm solar quote")
    );
    assert_eq!(
        ann.lead.source.campaign_name.as_deref(),
        Some("Q4 Solar prospecting")
    );
    assert_eq!(
        ann.lead.asked_about.as_deref(),
        Some("Solar for farms - autumn"),
        "the ad they answered names what they asked about"
    );
    assert_eq!(
        fields(&ann.lead),
        vec![
            ("What size is your farm?", "40 to 100 acres"),
            ("Job title", "Owner"),
            ("City", "Fresno"),
            ("Which buildings?", "Barn, Grain store"),
        ],
        "the other answers, in form order"
    );
    assert!(!ann.is_test);

    let raj = &leads[1];
    assert_eq!(
        (raj.lead.first_name.as_str(), raj.lead.last_name.as_str()),
        ("Raj", "Patel")
    );
    assert_eq!(raj.lead.company.as_deref(), Some("Patel Dairy"));
    assert_eq!(raj.lead.inquired_at, Some(utc("2026-11-27T14:31:02Z")));
    assert!(raj.lead.custom_fields.is_empty());
}

#[test]
fn a_single_lead_object_is_one_lead() {
    let body = br#"{"id": "99", "created_time": "2026-11-27T09:00:00+0000", "form_name": "Untitled form 11/27/2026",
        "campaign_name": "Heat pumps for older homes",
        "field_data": [{"name": "full_name", "values": ["Ann Lee"]}, {"name": "phone_number", "values": ["+14155552671"]}]}"#;
    let leads = all_ok(body);
    assert_eq!(leads.len(), 1);
    assert_eq!(
        leads[0].lead.asked_about.as_deref(),
        Some("Heat pumps for older homes"),
        "Meta's placeholder form name is skipped"
    );
}

#[test]
fn one_bad_lead_in_a_page_does_not_hide_the_good_one() {
    let body = br#"{"data": [
        {"id": "1", "field_data": [{"name": "full_name", "values": ["No Phone"]}]},
        {"id": "2", "created_time": "last tuesday", "field_data": [{"name": "full_name", "values": ["Bad Date"]}, {"name": "phone_number", "values": ["+14155552671"]}]},
        {"id": "3", "field_data": [{"name": "full_name", "values": ["Ann Lee"]}, {"name": "phone_number", "values": ["+14155552671"]}]}
    ]}"#;
    let results = parse_meta(body, &checks()).unwrap();
    assert_eq!(results.len(), 3);
    let first = results[0].as_ref().unwrap_err();
    assert_eq!((first.index, first.id.as_deref()), (0, Some("1")));
    assert!(matches!(first.error, IntakeError::MissingPhone));
    assert!(first.to_string().contains("#1 (id 1)"), "{first}");
    let second = results[1].as_ref().unwrap_err();
    assert!(
        matches!(&second.error, IntakeError::UnreadableDate { field, .. } if field == "created_time")
    );
    assert_eq!(
        results[2].as_ref().unwrap().external_id.as_deref(),
        Some("3")
    );
}

#[test]
fn a_repeated_standard_field_is_kept_as_an_answer() {
    let body = br#"{"id": "5", "field_data": [
        {"name": "full_name", "values": ["Ann Lee"]},
        {"name": "phone_number", "values": ["+14155552671"]},
        {"name": "work_phone_number", "values": ["+13125550143"]},
        {"name": "no_answer", "values": []}
    ]}"#;
    let leads = all_ok(body);
    assert_eq!(leads[0].lead.phone, "+14155552671");
    assert_eq!(
        fields(&leads[0].lead),
        vec![("Work phone number", "+13125550143")]
    );
}

#[test]
fn malformed_payloads_are_refused_whole() {
    for body in [
        &b"{\"data\": [ {\"id\": \"1\",}\n]}"[..],
        b"{\"data\": {}}",
        b"{\"field_data\": \"full_name\"}",
        b"not json",
    ] {
        assert!(
            matches!(
                parse_meta(body, &checks()),
                Err(IntakeError::MalformedJson { .. })
            ),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}
