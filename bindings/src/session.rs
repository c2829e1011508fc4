//! Call sessions, prompt cards, notes and search as the apps see them.

use warmline_core as core;
use warmline_core::script;
use warmline_core::session;

use crate::timestamp::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum CallPhase {
    Dialling,
    Connected,
    InScript,
    Ended,
    OutcomeRecorded,
}

/// What the rep does on the call screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CallIntent {
    Next,
    Back,
    Skip,
    Choose { choice_id: String },
    Answer { question_id: String, value: String },
    Note { text: String },
}

/// An outcome a script choice points at; the app offers it first when the call ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum QuestionKind {
    Text,
    YesNo,
    Choice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum RecapItem {
    WhoYouAre,
    WhereFrom,
    TheAd,
    AppropriateTime,
    WhyInterested,
    PresentSituation,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardChoice {
    pub id: String,
    pub label: String,
    pub ends_with: Option<OutcomeKind>,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardQuestion {
    pub id: String,
    pub prompt: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub answer: Option<String>,
}

/// The lead's own words, worth repeating back.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Quote {
    pub prompt: String,
    pub text: String,
    pub at: Timestamp,
    pub earlier_call: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ChecklistItem {
    pub item: RecapItem,
    pub label: String,
    pub covered: bool,
}

/// Everything the in-call screen, overlay or Live Activity draws.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PromptCard {
    pub session_id: String,
    pub lead_id: String,
    pub phase: CallPhase,
    pub stage_id: String,
    pub title: String,
    pub lines: Vec<String>,
    pub tip: Option<String>,
    pub choices: Vec<CardChoice>,
    pub questions: Vec<CardQuestion>,
    pub stage_number: u32,
    pub stage_count: u32,
    pub can_go_back: bool,
    pub can_go_next: bool,
    pub repeat_back: Vec<Quote>,
    pub checklist: Vec<ChecklistItem>,
    pub suggested_outcome: Option<OutcomeKind>,
    pub notes: Vec<String>,
}

/// A note, or an answer to a script question.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Note {
    pub id: String,
    pub lead_id: String,
    pub session_id: Option<String>,
    pub prompt: Option<String>,
    pub text: String,
    pub at: Timestamp,
    /// The server has it: show the "synced" tick.
    pub synced: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SearchHit {
    pub note: Note,
    pub lead_name: String,
    /// The matching part, matches in `[` `]`.
    pub snippet: String,
}

/// A script's name and shape, for the settings screen.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScriptSummary {
    pub id: String,
    pub name: String,
    pub stage_titles: Vec<String>,
    /// The script as TOML, for editing.
    pub toml: String,
}

impl From<CallIntent> for session::Intent {
    fn from(intent: CallIntent) -> Self {
        match intent {
            CallIntent::Next => Self::Next,
            CallIntent::Back => Self::Back,
            CallIntent::Skip => Self::Skip,
            CallIntent::Choose { choice_id } => Self::Choose { choice: choice_id },
            CallIntent::Answer { question_id, value } => Self::Answer {
                question: question_id,
                value,
            },
            CallIntent::Note { text } => Self::Note { text },
        }
    }
}

impl From<script::OutcomeKind> for OutcomeKind {
    fn from(kind: script::OutcomeKind) -> Self {
        use script::OutcomeKind as K;
        match kind {
            K::NoAnswer => Self::NoAnswer,
            K::Voicemail => Self::Voicemail,
            K::BadNumber => Self::BadNumber,
            K::NotAGoodTime => Self::NotAGoodTime,
            K::FoundElsewhere => Self::FoundElsewhere,
            K::NotAFit => Self::NotAFit,
            K::Qualified => Self::Qualified,
            K::DoNotCall => Self::DoNotCall,
        }
    }
}

impl From<session::Phase> for CallPhase {
    fn from(phase: session::Phase) -> Self {
        use session::Phase as P;
        match phase {
            P::Dialling => Self::Dialling,
            P::Connected => Self::Connected,
            P::InScript => Self::InScript,
            P::Ended => Self::Ended,
            P::OutcomeRecorded => Self::OutcomeRecorded,
        }
    }
}

fn question_kind(kind: script::QuestionKind) -> QuestionKind {
    match kind {
        script::QuestionKind::Text => QuestionKind::Text,
        script::QuestionKind::YesNo => QuestionKind::YesNo,
        script::QuestionKind::Choice => QuestionKind::Choice,
    }
}

fn recap_item(item: script::RecapItem) -> RecapItem {
    use script::RecapItem as R;
    match item {
        R::WhoYouAre => RecapItem::WhoYouAre,
        R::WhereFrom => RecapItem::WhereFrom,
        R::TheAd => RecapItem::TheAd,
        R::AppropriateTime => RecapItem::AppropriateTime,
        R::WhyInterested => RecapItem::WhyInterested,
        R::PresentSituation => RecapItem::PresentSituation,
    }
}

impl From<session::PromptCard> for PromptCard {
    fn from(c: session::PromptCard) -> Self {
        Self {
            session_id: c.session_id,
            lead_id: c.lead_id,
            phase: c.phase.into(),
            stage_id: c.stage_id,
            title: c.title,
            lines: c.lines,
            tip: c.tip,
            choices: c
                .choices
                .into_iter()
                .map(|ch| CardChoice {
                    id: ch.id,
                    label: ch.label,
                    ends_with: ch.ends_with.map(Into::into),
                })
                .collect(),
            questions: c
                .questions
                .into_iter()
                .map(|q| CardQuestion {
                    id: q.id,
                    prompt: q.prompt,
                    kind: question_kind(q.kind),
                    options: q.options,
                    answer: q.answer,
                })
                .collect(),
            stage_number: c.stage_number,
            stage_count: c.stage_count,
            can_go_back: c.can_go_back,
            can_go_next: c.can_go_next,
            repeat_back: c
                .repeat_back
                .into_iter()
                .map(|q| Quote {
                    prompt: q.prompt,
                    text: q.text,
                    at: q.at,
                    earlier_call: q.earlier_call,
                })
                .collect(),
            checklist: c.checklist.into_iter().map(Into::into).collect(),
            suggested_outcome: c.suggested_outcome.map(Into::into),
            notes: c.notes,
        }
    }
}

impl From<core::Note> for Note {
    fn from(n: core::Note) -> Self {
        Self {
            id: n.id,
            lead_id: n.lead_id,
            session_id: n.session_id,
            prompt: n.prompt,
            text: n.text,
            at: n.at,
            synced: n.synced,
        }
    }
}

impl From<core::SearchHit> for SearchHit {
    fn from(h: core::SearchHit) -> Self {
        Self {
            note: h.note.into(),
            lead_name: h.lead_name,
            snippet: h.snippet,
        }
    }
}

impl From<script::Script> for ScriptSummary {
    fn from(s: script::Script) -> Self {
        Self {
            toml: s.to_toml(),
            stage_titles: s.stages.iter().map(|st| st.title.clone()).collect(),
            id: s.id,
            name: s.name,
        }
    }
}

impl From<session::ChecklistItem> for ChecklistItem {
    fn from(i: session::ChecklistItem) -> Self {
        Self {
            item: recap_item(i.item),
            label: i.label,
            covered: i.covered,
        }
    }
}
