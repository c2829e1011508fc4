//! The sync protocol's messages (`docs/sync-protocol.md`), shared by the phones and the
//! server so both sides read and write exactly the same JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Most changes in one push.
pub const MAX_PUSH_CHANGES: usize = 1_000;
/// Most changes in one pull page.
pub const MAX_PULL_CHANGES: usize = 1_000;
/// Longest text in a record (a note or an answer): 64 KiB, as on the phone.
pub const MAX_RECORD_BYTES: usize = 64 * 1024;

/// One change made on a device. `id` is made on the device (a UUIDv7), so sending the
/// same change again is recognised and ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub id: String,
    pub lead_id: String,
    /// The hybrid-logical-clock stamp, text form (`Hlc`'s `Display`).
    pub stamp: String,
    #[serde(flatten)]
    pub body: ChangeBody,
}

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ChangeBody {
    /// Lead fields written together; each is merged last-writer-wins by the change's
    /// stamp. One change per write (not per field) keeps a new lead one change.
    Fields {
        fields: BTreeMap<String, Option<String>>,
    },
    /// A revision of an append-only record (a note, an answer, a call attempt). The
    /// change's id is the revision's id; `body: null` is a tombstone.
    Record {
        kind: RecordKind,
        /// The record's id, the same in every revision.
        record: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        body: Option<String>,
        /// Answers: the script question answered, and its prompt as the rep saw it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        question: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        prompt: Option<String>,
    },
}

impl ChangeBody {
    /// The rep a change assigns its lead to, if it sets `assigned_to`: `Some(None)` when
    /// it unassigns. The server routes pulls by it.
    pub fn assignment(&self) -> Option<Option<&str>> {
        match self {
            Self::Fields { fields } => fields.get(ASSIGNED_TO).map(Option::as_deref),
            Self::Record { .. } => None,
        }
    }
}

/// The lead field that says which rep a lead belongs to (a rep id).
pub const ASSIGNED_TO: &str = "assigned_to";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Note,
    Answer,
    /// A call attempt; `body` is [`AttemptRecord`] as JSON.
    Attempt,
}

/// A call attempt as it travels: times in milliseconds since the epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttemptRecord {
    pub started_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connected_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_at: Option<i64>,
    /// The script stages the call went through, in order (set with the outcome).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
    /// Talk time as the phone reported it, and how it was known (`measured`,
    /// `call_states`, `includes_ringing`, `app_switch`, `unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talk_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talk_confidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// Changes stored by this push.
    pub accepted: u32,
    /// Changes the server already had (a re-sent batch).
    pub duplicates: u32,
}

/// One change as the server sequenced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sequenced {
    pub seq: u64,
    pub device_id: String,
    #[serde(flatten)]
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Sequenced>,
    /// Pass as `since` next time.
    pub cursor: u64,
    /// More changes are waiting: pull again at once.
    pub more: bool,
    /// The rep this device belongs to: the phone lists only its rep's leads and the
    /// team's unassigned ones.
    #[serde(default)]
    pub rep_id: String,
    /// The team's script and settings, when the phone's version of them (`team=` in the
    /// query) is older than the server's; absent otherwise, and from older servers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<TeamConfig>,
}

/// The team's script and settings as a manager last published them (`warmline script
/// set`, `warmline settings set`). The phone checks both with the core's rules and
/// refuses both if either is wrong, keeping what it had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamConfig {
    /// Grows by one with every publication; the phone sends back the last it applied.
    pub version: u64,
    /// The script, TOML (`docs/script-format.md`); absent while the team has not
    /// published one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// Absent while the team has not published settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<TeamSettingsDoc>,
}

/// Team settings as published: a setting left out takes its default (US numbers, the
/// rep's own zone, 08:00 to 20:00 every day, no company name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSettingsDoc {
    /// Said in the script's opener.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    /// Region for numbers written without `+` (`US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
    /// IANA zone assumed for a lead whose zone nothing else tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calling_hours: Option<crate::calling_hours::CallingHours>,
}

/// Device enrolment: the one-time code a manager gave the rep.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolRequest {
    pub code: String,
    pub device_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolResponse {
    pub device_id: String,
    pub rep_id: String,
    pub team_id: String,
    /// The rep's name as the manager typed it ("Sam Reyes"); absent from older servers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rep_name: Option<String>,
    /// The team's name; absent from older servers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_name: Option<String>,
    /// The device's bearer token; shown once, stored by the server only as a hash.
    pub token: String,
}

/// Every error body: a machine-readable code and a sentence. The codes a phone acts on
/// are [`DEVICE_REVOKED`] and [`UNKNOWN_TOKEN`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    /// For `invalid_change`: the refused change's id and the part of it at fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// The error code (HTTP 401) for a token whose device a manager revoked.
pub const DEVICE_REVOKED: &str = "device_revoked";
/// The error code (HTTP 400) for a push with a change the core's rules refuse
/// (`sync::check`); nothing of that push was stored.
pub const INVALID_CHANGE: &str = "invalid_change";
/// The error code (HTTP 401) for a token the server does not know.
pub const UNKNOWN_TOKEN: &str = "unknown_token";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_and_write_the_documented_json() {
        let change = Change {
            id: "0190e7a0-0000-7000-8000-000000000001".into(),
            lead_id: "0190e7a0-0000-7000-8000-0000000000aa".into(),
            stamp: "0001764255600000-0000000000-phone-a".into(),
            body: ChangeBody::Record {
                kind: RecordKind::Note,
                record: "n1".into(),
                body: Some("call after 5".into()),
                question: None,
                prompt: None,
            },
        };
        let json = serde_json::to_value(&change).unwrap();
        assert_eq!(json["type"], "record");
        assert_eq!(json["kind"], "note");
        assert_eq!(json["body"], "call after 5");
        assert!(json.get("question").is_none(), "absent parts are left out");
        assert_eq!(serde_json::from_value::<Change>(json).unwrap(), change);
        let fields: Change = serde_json::from_str(
            r#"{"id":"c2","lead_id":"l1","stamp":"s","type":"fields","fields":{"status":"won","assigned_to":null}}"#,
        )
        .unwrap();
        assert_eq!(
            fields.body,
            ChangeBody::Fields {
                fields: [
                    ("assigned_to".into(), None),
                    ("status".into(), Some("won".into()))
                ]
                .into_iter()
                .collect()
            }
        );
        assert_eq!(fields.body.assignment(), Some(None));
    }

    #[test]
    fn an_older_server_s_enrolment_answer_still_reads() {
        let old: EnrolResponse = serde_json::from_str(
            r#"{"device_id":"d1","rep_id":"r1","team_id":"t1","token":"abc"}"#,
        )
        .unwrap();
        assert_eq!((old.rep_name, old.team_name), (None, None));
        let new: EnrolResponse = serde_json::from_str(
            r#"{"device_id":"d1","rep_id":"r1","team_id":"t1","token":"abc","rep_name":"Sam Reyes","team_name":"Solar North"}"#,
        )
        .unwrap();
        assert_eq!(new.rep_name.as_deref(), Some("Sam Reyes"));
        assert_eq!(new.team_name.as_deref(), Some("Solar North"));
    }

    #[test]
    fn a_pull_page_carries_the_team_s_script_and_settings_only_when_sent() {
        let old: PullResponse =
            serde_json::from_str(r#"{"changes":[],"cursor":4,"more":false,"rep_id":"r1"}"#)
                .unwrap();
        assert_eq!(old.team, None);
        assert!(serde_json::to_value(&old).unwrap().get("team").is_none());
        let page: PullResponse = serde_json::from_str(
            r#"{"changes":[],"cursor":4,"more":false,"rep_id":"r1",
                "team":{"version":2,"script":"id = 'x'","settings":{"company":"Acme","time_zone":"Europe/Paris"}}}"#,
        )
        .unwrap();
        let team = page.team.unwrap();
        assert_eq!(team.version, 2);
        assert_eq!(team.script.as_deref(), Some("id = 'x'"));
        let settings = team.settings.unwrap();
        assert_eq!(settings.company.as_deref(), Some("Acme"));
        assert_eq!(settings.time_zone.as_deref(), Some("Europe/Paris"));
        assert_eq!(
            (settings.default_region, settings.calling_hours),
            (None, None)
        );
    }
}
