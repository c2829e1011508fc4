//! The prompt card: everything the in-call screen, overlay or Live Activity draws.

use chrono::{DateTime, Utc};

use super::{Phase, SessionState};
use crate::script::{
    OutcomeKind, QuestionKind, RecapItem, Script, Target, Template, TemplateValues,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardChoice {
    pub id: String,
    pub label: String,
    /// Set when choosing it ends the call with this outcome.
    pub ends_with: Option<OutcomeKind>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardQuestion {
    pub id: String,
    pub prompt: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    /// What the rep noted so far, if anything.
    pub answer: Option<String>,
}

/// The lead's own words, worth repeating back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub prompt: String,
    pub text: String,
    pub at: DateTime<Utc>,
    /// From an earlier call rather than this one.
    pub earlier_call: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistItem {
    pub item: RecapItem,
    pub label: String,
    pub covered: bool,
}

/// The card for the current moment of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptCard {
    pub session_id: String,
    pub lead_id: String,
    pub phase: Phase,
    pub stage_id: String,
    pub title: String,
    /// The lines to say, filled in for this lead.
    pub lines: Vec<String>,
    pub tip: Option<String>,
    pub choices: Vec<CardChoice>,
    pub questions: Vec<CardQuestion>,
    /// "Stage 3 of 9".
    pub stage_number: u32,
    pub stage_count: u32,
    pub can_go_back: bool,
    pub can_go_next: bool,
    pub repeat_back: Vec<Quote>,
    pub checklist: Vec<ChecklistItem>,
    /// The outcome to offer first when the call ends.
    pub suggested_outcome: Option<OutcomeKind>,
    pub notes: Vec<String>,
}

/// How many of the lead's earlier words a card shows.
const QUOTES: usize = 6;

pub(crate) fn build(
    session_id: &str,
    lead_id: &str,
    script: &Script,
    state: &SessionState,
    values: &TemplateValues,
    earlier: &[Quote],
) -> PromptCard {
    let stage = script.stage(&state.stage);
    let lines = stage
        .map(|s| {
            s.say
                .iter()
                .filter_map(|line| Template::parse(line).ok())
                .map(|t| t.render(values))
                .collect()
        })
        .unwrap_or_default();
    let choices = stage
        .map(|s| {
            s.choices
                .iter()
                .map(|c| CardChoice {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    ends_with: match c.target() {
                        Some(Target::End(outcome)) => Some(outcome),
                        _ => None,
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    let questions = stage
        .map(|s| {
            s.questions
                .iter()
                .map(|q| CardQuestion {
                    id: q.id.clone(),
                    prompt: q.prompt.clone(),
                    kind: q.kind,
                    options: answer_options(q),
                    answer: state.answers.get(&q.id).map(|a| a.value.clone()),
                })
                .collect()
        })
        .unwrap_or_default();
    let covered = state.covered(script);
    let checklist = RecapItem::ALL
        .into_iter()
        .map(|item| ChecklistItem {
            item,
            label: item.label().to_owned(),
            covered: covered.contains(&item),
        })
        .collect();
    PromptCard {
        session_id: session_id.to_owned(),
        lead_id: lead_id.to_owned(),
        phase: state.phase,
        stage_id: state.stage.clone(),
        title: stage.map(|s| s.title.clone()).unwrap_or_default(),
        lines,
        tip: stage.and_then(|s| s.tip.clone()),
        choices,
        questions,
        stage_number: u32::try_from(script.position(&state.stage)).unwrap_or(0),
        stage_count: u32::try_from(script.stages.len()).unwrap_or(0),
        can_go_back: !state.history.is_empty(),
        can_go_next: stage.is_some_and(|s| s.next.is_some()),
        repeat_back: quotes(script, state, earlier),
        checklist,
        suggested_outcome: state.suggested,
        notes: state.notes.iter().map(|(_, text)| text.clone()).collect(),
    }
}

/// This call's answers, newest first, then earlier calls' words.
fn quotes(script: &Script, state: &SessionState, earlier: &[Quote]) -> Vec<Quote> {
    let mut now: Vec<Quote> = state
        .answers
        .iter()
        .map(|(question, answer)| Quote {
            prompt: prompt_of(script, &answer.stage, question),
            text: answer.value.clone(),
            at: answer.at,
            earlier_call: false,
        })
        .collect();
    now.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.prompt.cmp(&b.prompt)));
    now.extend(earlier.iter().cloned());
    now.truncate(QUOTES);
    now
}

fn prompt_of(script: &Script, stage: &str, question: &str) -> String {
    script
        .stage(stage)
        .and_then(|s| s.questions.iter().find(|q| q.id == question))
        .map(|q| q.prompt.clone())
        .unwrap_or_else(|| question.to_owned())
}

/// What the rep may tap as the answer: a choice question's options; "Yes" and "No" for a
/// yes/no question, so both apps store the same words; nothing for free text.
fn answer_options(question: &crate::script::Question) -> Vec<String> {
    match question.kind {
        QuestionKind::YesNo => vec!["Yes".to_owned(), "No".to_owned()],
        _ => question.options.clone(),
    }
}
