//! Call scripts as data: what the rep says, stage by stage, and where each answer leads.
//!
//! A script is a TOML document (the format is specified in `docs/script-format.md`),
//! checked by [`Script::parse`] before anything uses it, so a session can trust every
//! stage id, branch target and template variable it meets. The default script, which
//! encodes the call-back method, ships inside the app (`core/scripts/default.toml`).

mod template;
mod validate;

use serde::{Deserialize, Serialize};

pub use template::{Template, TemplateValues};
pub use validate::{ScriptError, ScriptProblem};

/// The six points of the method's recap, checked off per call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecapItem {
    WhoYouAre,
    WhereFrom,
    TheAd,
    AppropriateTime,
    WhyInterested,
    PresentSituation,
}

impl RecapItem {
    pub const ALL: [Self; 6] = [
        Self::WhoYouAre,
        Self::WhereFrom,
        Self::TheAd,
        Self::AppropriateTime,
        Self::WhyInterested,
        Self::PresentSituation,
    ];

    /// The checklist line the rep sees.
    pub fn label(self) -> &'static str {
        match self {
            Self::WhoYouAre => "Said who you are",
            Self::WhereFrom => "Said where you're from",
            Self::TheAd => "Named the ad and that they asked for a call",
            Self::AppropriateTime => "Asked if it's an appropriate time",
            Self::WhyInterested => "Understood why they were interested",
            Self::PresentSituation => "Understood their present situation",
        }
    }
}

/// Where a choice leads: another stage, or the end of the call with an outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stage(String),
    End(OutcomeKind),
}

/// An outcome a script can end on; the time of a callback is asked for when ending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeKind {
    NoAnswer,
    Voicemail,
    BadNumber,
    NotAGoodTime,
    FoundElsewhere,
    NotAFit,
    Qualified,
    DoNotCall,
}

impl OutcomeKind {
    pub const ALL: [Self; 8] = [
        Self::NoAnswer,
        Self::Voicemail,
        Self::BadNumber,
        Self::NotAGoodTime,
        Self::FoundElsewhere,
        Self::NotAFit,
        Self::Qualified,
        Self::DoNotCall,
    ];

    /// The name in scripts, stores and the sync protocol (serde uses the same).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoAnswer => "no_answer",
            Self::Voicemail => "voicemail",
            Self::BadNumber => "bad_number",
            Self::NotAGoodTime => "not_a_good_time",
            Self::FoundElsewhere => "found_elsewhere",
            Self::NotAFit => "not_a_fit",
            Self::Qualified => "qualified",
            Self::DoNotCall => "do_not_call",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// A button that moves the call on ("Yes", "Not now", "Found something").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub id: String,
    pub label: String,
    /// Go to this stage...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go: Option<String>,
    /// ...or end the call with this outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<OutcomeKind>,
}

impl Choice {
    pub fn target(&self) -> Option<Target> {
        match (&self.go, self.end) {
            (Some(stage), None) => Some(Target::Stage(stage.clone())),
            (None, Some(outcome)) => Some(Target::End(outcome)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    #[default]
    Text,
    YesNo,
    Choice,
}

/// Something to ask and note down; the answer may fill one of the lead's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    #[serde(default)]
    pub kind: QuestionKind,
    /// For `choice` questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// A lead field the answer is stored in (see [`LEAD_FIELDS`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fills: Option<String>,
}

/// Lead fields a question may fill; they are kept with the lead's custom fields.
pub const LEAD_FIELDS: [&str; 6] = [
    "current_vendor",
    "vendor_since",
    "vendor_reason",
    "vendor_gap",
    "chose_instead",
    "next_step",
];

/// One step of the call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub title: String,
    /// The lines to say, as templates.
    #[serde(default)]
    pub say: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tip: Option<String>,
    #[serde(default, rename = "question", skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    #[serde(default, rename = "choice", skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
    /// Where "Next" goes when the stage has no choice to make.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Recap points this stage covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub covers: Vec<RecapItem>,
}

/// A checked script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Script {
    pub id: String,
    pub name: String,
    pub start: String,
    #[serde(rename = "stage")]
    pub stages: Vec<Stage>,
}

/// The script that ships with the app.
pub const DEFAULT_SCRIPT: &str = include_str!("../../scripts/default.toml");

impl Script {
    /// Reads and checks a script; every problem found is reported, each with its place.
    pub fn parse(toml_text: &str) -> Result<Self, ScriptError> {
        let script: Script =
            toml::from_str(toml_text).map_err(|err| ScriptError::syntax(&err, toml_text))?;
        validate::check(&script)?;
        Ok(script)
    }

    /// Like [`parse`](Self::parse), remembering the last few scripts parsed: every step
    /// of a call reloads its session, whose script text rarely changes, and parsing and
    /// checking it each time would cost more than the step's durable save.
    pub fn parse_cached(toml_text: &str) -> Result<std::sync::Arc<Self>, ScriptError> {
        use std::collections::hash_map::DefaultHasher;
        use std::hash::{Hash, Hasher};
        use std::sync::{Arc, Mutex};
        type Cache = Mutex<Vec<(u64, Arc<str>, Arc<Script>)>>;
        static CACHE: Cache = Mutex::new(Vec::new());
        const KEPT: usize = 8;
        let mut hasher = DefaultHasher::new();
        toml_text.hash(&mut hasher);
        let key = hasher.finish();
        let found = CACHE
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .find(|(k, text, _)| *k == key && &**text == toml_text)
            .map(|(_, _, script)| Arc::clone(script));
        if let Some(script) = found {
            return Ok(script);
        }
        let script = Arc::new(Self::parse(toml_text)?);
        let mut cache = CACHE.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() == KEPT {
            cache.remove(0);
        }
        cache.push((key, Arc::from(toml_text), Arc::clone(&script)));
        Ok(script)
    }

    /// The default script.
    pub fn default_script() -> Self {
        // Checked by a test; a broken default script cannot ship.
        Self::parse(DEFAULT_SCRIPT)
            .unwrap_or_else(|err| panic!("the default script is invalid: {err}"))
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    /// 1-based position of a stage, for "stage i of n".
    pub fn position(&self, id: &str) -> usize {
        self.stages
            .iter()
            .position(|s| s.id == id)
            .map_or(0, |i| i + 1)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }
}
