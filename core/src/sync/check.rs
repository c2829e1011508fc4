//! What a synced change may carry: one set of rules, by which the server refuses a push
//! and a phone decides whether a pulled change can be applied. A value the store could
//! not read back (an unknown status or zone, a number where text belongs, a 4 MiB name)
//! never enters a store: the server answers the pushing phone with the change and field
//! at fault, and a phone quarantines what slipped past an older server instead of
//! failing to open.

use std::fmt;
use std::str::FromStr;

use chrono::DateTime;
use chrono_tz::Tz;

use super::hlc::Hlc;
use super::wire::{AttemptRecord, Change, ChangeBody, RecordKind, MAX_RECORD_BYTES};
use crate::attempt::TalkConfidence;
use crate::ids::LeadId;
use crate::lead::SourceKind;
use crate::outcome::{LeadStatus, Outcome};
use crate::timezone::ZoneSource;

/// Longest short text field (a name, a campaign, an email), in bytes.
pub const MAX_TEXT_BYTES: usize = 1024;
/// Longest id (a record, a rep, a change), in bytes.
pub const MAX_ID_BYTES: usize = 64;
/// Longest set of a lead's other form answers, as JSON, in bytes.
pub const MAX_CUSTOM_FIELDS_BYTES: usize = 16 * 1024;
/// Longest question id or prompt of an answer, in bytes.
pub const MAX_PROMPT_BYTES: usize = 2048;

/// Why a change cannot be stored: the part at fault and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeProblem {
    /// `id`, `lead_id`, a lead field's name, `body`, `question`, `prompt` or `record`.
    pub field: String,
    pub problem: String,
}

impl fmt::Display for ChangeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

/// What a lead field holds; each kind has one check and knows its column type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    /// Text that must be present (may be empty where the column allows it).
    Text {
        required: bool,
        non_empty: bool,
    },
    Phone,
    Instant {
        required: bool,
    },
    Count,
    Zone {
        required: bool,
    },
    ZoneSource,
    SourceKind,
    Status,
    RepId,
    CustomFields,
}

use FieldKind::{
    Count, CustomFields, Instant, Phone, RepId, SourceKind as Source, Status, Text, Zone,
    ZoneSource as ZoneFrom,
};

const NAME: FieldKind = Text {
    required: true,
    non_empty: true,
};
const TEXT_OR_EMPTY: FieldKind = Text {
    required: true,
    non_empty: false,
};
const OPTIONAL_TEXT: FieldKind = Text {
    required: false,
    non_empty: true,
};
const ZONE: FieldKind = Zone { required: true };
const MAYBE_ZONE: FieldKind = Zone { required: false };
const WHEN: FieldKind = Instant { required: true };
const MAYBE_WHEN: FieldKind = Instant { required: false };

/// Lead columns that replicate, each with what it may hold.
pub(crate) const LEAD_FIELDS: [(&str, FieldKind); 27] = [
    ("first_name", NAME),
    ("last_name", TEXT_OR_EMPTY),
    ("phone_e164", Phone),
    ("phone_raw", TEXT_OR_EMPTY),
    ("email", OPTIONAL_TEXT),
    ("company", OPTIONAL_TEXT),
    ("created_at", WHEN),
    ("source_kind", Source),
    ("campaign_name", OPTIONAL_TEXT),
    ("ad_name", OPTIONAL_TEXT),
    ("form_name", OPTIONAL_TEXT),
    ("asked_about", OPTIONAL_TEXT),
    ("first_inquired_at", WHEN),
    ("inquired_at", WHEN),
    ("inquiry_count", Count),
    ("time_zone", ZONE),
    ("time_zone_source", ZoneFrom),
    ("status", Status),
    ("assigned_to", RepId),
    ("attempts", Count),
    ("last_attempt_at", MAYBE_WHEN),
    ("next_action_at", MAYBE_WHEN),
    ("callback_at", MAYBE_WHEN),
    ("custom_fields", CustomFields),
    ("reserved_by", RepId),
    ("reserved_until", MAYBE_WHEN),
    ("also_time_zone", MAYBE_ZONE),
];

impl FieldKind {
    /// Stored in an INTEGER column.
    pub(crate) fn is_integer(self) -> bool {
        matches!(self, Instant { .. } | Count)
    }

    fn required(self) -> bool {
        match self {
            Text { required, .. } | Instant { required } | Zone { required } => required,
            RepId => false,
            Phone | Count | ZoneFrom | Source | Status | CustomFields => true,
        }
    }

    /// Whether `value` may be stored in a field of this kind.
    pub(crate) fn check(self, value: Option<&str>) -> Result<(), String> {
        let Some(value) = value else {
            return if self.required() {
                Err("may not be null".into())
            } else {
                Ok(())
            };
        };
        match self {
            Text { non_empty, .. } => text(value, MAX_TEXT_BYTES, non_empty),
            Phone => phone(value),
            Instant { .. } => instant(value),
            Count => value
                .parse::<u32>()
                .map(drop)
                .map_err(|_| format!("{} is not a count", quoted(value))),
            Zone { .. } => Tz::from_str(value)
                .map(drop)
                .map_err(|_| format!("{} is not an IANA time zone", quoted(value))),
            ZoneFrom => known(ZoneSource::parse(value).is_ok(), "zone source", value),
            Source => known(SourceKind::parse(value).is_ok(), "lead source", value),
            Status => known(LeadStatus::parse(value).is_ok(), "lead status", value),
            RepId => text(value, MAX_ID_BYTES, true),
            CustomFields => custom_fields(value),
        }
    }
}

/// Checks one value of lead field `name` by its rule; the field's name and the problem
/// when refused (an unknown field is refused too).
pub(crate) fn check_lead_field(
    name: &str,
    value: Option<&str>,
) -> Result<(), (&'static str, String)> {
    let (field, kind) =
        lead_field(name).ok_or(("field", format!("{name:?} is not a lead field")))?;
    kind.check(value).map_err(|problem| (field, problem))
}

/// The rule for lead field `name`, if it is one that replicates.
pub(crate) fn lead_field(name: &str) -> Option<(&'static str, FieldKind)> {
    LEAD_FIELDS
        .iter()
        .find(|(field, _)| *field == name)
        .copied()
}

/// Checks every part of `change`; the first problem found.
pub fn check_change(change: &Change) -> Result<(), ChangeProblem> {
    let at = |field: &str, problem: String| ChangeProblem {
        field: field.to_owned(),
        problem,
    };
    text(&change.id, MAX_ID_BYTES, true).map_err(|p| at("id", p))?;
    LeadId::from_str(&change.lead_id).map_err(|_| {
        at(
            "lead_id",
            format!("{} is not a lead id", quoted(&change.lead_id)),
        )
    })?;
    Hlc::from_str(&change.stamp).map_err(|_| {
        at(
            "stamp",
            format!("{} is not a clock stamp", quoted(&change.stamp)),
        )
    })?;
    match &change.body {
        ChangeBody::Fields { fields } => fields.iter().try_for_each(|(name, value)| {
            let (_, kind) = lead_field(name)
                .ok_or_else(|| at(name, "is not a lead field this version knows".into()))?;
            kind.check(value.as_deref()).map_err(|p| at(name, p))
        }),
        ChangeBody::Record {
            kind,
            record,
            body,
            question,
            prompt,
        } => {
            text(record, MAX_ID_BYTES, true).map_err(|p| at("record", p))?;
            for (field, value) in [("question", question), ("prompt", prompt)] {
                if let Some(value) = value {
                    text(value, MAX_PROMPT_BYTES, false).map_err(|p| at(field, p))?;
                }
            }
            match (kind, body) {
                (_, None) => Ok(()),
                (RecordKind::Attempt, Some(body)) => attempt(body).map_err(|p| at("body", p)),
                (RecordKind::Note | RecordKind::Answer, Some(body)) => {
                    text(body, MAX_RECORD_BYTES, false).map_err(|p| at("body", p))
                }
            }
        }
    }
}

fn text(value: &str, max_bytes: usize, non_empty: bool) -> Result<(), String> {
    if non_empty && value.trim().is_empty() {
        return Err("may not be empty".into());
    }
    if value.len() > max_bytes {
        return Err(format!(
            "is {} bytes; the limit is {max_bytes}",
            value.len()
        ));
    }
    if value.contains('\0') {
        return Err("contains a NUL character".into());
    }
    Ok(())
}

fn phone(value: &str) -> Result<(), String> {
    let digits = value.strip_prefix('+').unwrap_or("");
    if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!(
            "{} is not an E.164 number (+ and 7 to 15 digits)",
            quoted(value)
        ))
    }
}

fn instant(value: &str) -> Result<(), String> {
    value
        .parse::<i64>()
        .ok()
        .and_then(DateTime::from_timestamp_millis)
        .map(drop)
        .ok_or_else(|| format!("{} is not an instant in milliseconds", quoted(value)))
}

fn custom_fields(value: &str) -> Result<(), String> {
    text(value, MAX_CUSTOM_FIELDS_BYTES, false)?;
    serde_json::from_str::<Vec<(String, String)>>(value)
        .map(drop)
        .map_err(|_| "is not a JSON list of [name, value] pairs".into())
}

fn attempt(body: &str) -> Result<(), String> {
    text(body, MAX_TEXT_BYTES, false)?;
    let record: AttemptRecord =
        serde_json::from_str(body).map_err(|e| format!("is not a call attempt: {e}"))?;
    let times = [
        Some(record.started_at),
        record.connected_at,
        record.ended_at,
        record.outcome_at,
        record.callback_at,
    ];
    if times
        .into_iter()
        .flatten()
        .any(|ms| DateTime::from_timestamp_millis(ms).is_none())
    {
        return Err("has a time out of range".into());
    }
    if let Some(outcome) = &record.outcome {
        let callback_at = record.callback_at.and_then(DateTime::from_timestamp_millis);
        Outcome::parse(outcome, callback_at)
            .map_err(|_| format!("has an unknown outcome {}", quoted(outcome)))?;
    }
    if let Some(confidence) = &record.talk_confidence {
        TalkConfidence::parse(confidence)
            .map_err(|_| format!("has an unknown talk-time confidence {}", quoted(confidence)))?;
    }
    if record.stages.len() > 200 || record.stages.iter().any(|s| s.len() > MAX_ID_BYTES) {
        return Err("lists too many stages, or one too long".into());
    }
    Ok(())
}

fn known(ok: bool, what: &str, value: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{} is not a {what} this version knows",
            quoted(value)
        ))
    }
}

/// A value as shown in a problem: quoted, and cut short if long.
fn quoted(value: &str) -> String {
    const SHOWN: usize = 40;
    match value.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{:?}…", &value[..cut]),
        None => format!("{value:?}"),
    }
}
