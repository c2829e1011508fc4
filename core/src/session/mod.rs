//! A call in progress: the script walked stage by stage, as an event log.
//!
//! Every intent (next, back, choose, answer, note, skip, end) and platform event
//! (connected, ended) is checked against the current state, appended to the session's
//! log in the store, and applied by [`SessionState::apply`]. The state is never stored:
//! it is the log replayed, so a session reopened after the app was killed is exactly the
//! one that was live, and replaying a log always gives the same state.

pub(crate) mod card;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use card::{CardChoice, CardQuestion, ChecklistItem, PromptCard, Quote};

use crate::error::{Error, Result};
use crate::outcome::Outcome;
use crate::script::{OutcomeKind, RecapItem, Script, Target};

/// The longest note or answer kept: 64 KiB of text.
pub const MAX_NOTE_BYTES: usize = 64 * 1024;

/// Where the call is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Dialling,
    Connected,
    InScript,
    Ended,
    OutcomeRecorded,
}

/// What the rep does on the call screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    Next,
    Back,
    Skip,
    Choose { choice: String },
    Answer { question: String, value: String },
    Note { text: String },
}

/// One entry of a session's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SessionEvent {
    Connected,
    CallEnded,
    Next,
    Back,
    Skip,
    Choose {
        choice: String,
    },
    Answer {
        question: String,
        value: String,
    },
    Note {
        text: String,
    },
    End {
        outcome: OutcomeKind,
        callback_at: Option<DateTime<Utc>>,
    },
}

impl From<Intent> for SessionEvent {
    fn from(intent: Intent) -> Self {
        match intent {
            Intent::Next => Self::Next,
            Intent::Back => Self::Back,
            Intent::Skip => Self::Skip,
            Intent::Choose { choice } => Self::Choose { choice },
            Intent::Answer { question, value } => Self::Answer { question, value },
            Intent::Note { text } => Self::Note { text },
        }
    }
}

/// An answer given in this call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenAnswer {
    pub stage: String,
    pub value: String,
    pub at: DateTime<Utc>,
}

/// The state of a call: the log replayed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    pub phase: Phase,
    pub stage: String,
    /// Stages visited before the current one, oldest first ("back" pops).
    pub history: Vec<String>,
    /// Stages completed by moving on (not by skipping).
    pub completed: BTreeSet<String>,
    pub answers: BTreeMap<String, GivenAnswer>,
    pub notes: Vec<(DateTime<Utc>, String)>,
    /// The outcome the script's last choice pointed at, offered as the default.
    pub suggested: Option<OutcomeKind>,
    pub outcome: Option<Outcome>,
    pub connected_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl SessionState {
    pub fn new(script: &Script) -> Self {
        Self {
            phase: Phase::Dialling,
            stage: script.start.clone(),
            history: Vec::new(),
            completed: BTreeSet::new(),
            answers: BTreeMap::new(),
            notes: Vec::new(),
            suggested: None,
            outcome: None,
            connected_at: None,
            ended_at: None,
        }
    }

    /// Rebuilds the state from a session's log.
    pub fn replay<'e>(
        script: &Script,
        log: impl IntoIterator<Item = (DateTime<Utc>, &'e SessionEvent)>,
    ) -> Result<Self> {
        let mut state = Self::new(script);
        for (at, event) in log {
            state.apply(script, at, event)?;
        }
        Ok(state)
    }

    /// Checks `event` against the state and applies it; on error nothing changes.
    pub fn apply(
        &mut self,
        script: &Script,
        at: DateTime<Utc>,
        event: &SessionEvent,
    ) -> Result<()> {
        if self.phase == Phase::OutcomeRecorded {
            return Err(refused("the call is over and its outcome is recorded"));
        }
        match event {
            SessionEvent::Connected => {
                self.connected_at = Some(at);
                if self.phase == Phase::Dialling {
                    self.phase = Phase::Connected;
                }
            }
            SessionEvent::CallEnded => {
                self.ended_at = Some(at);
                self.phase = Phase::Ended;
            }
            SessionEvent::Next => {
                let next = self.current(script)?.next.clone().ok_or_else(|| {
                    refused(&format!(
                        "this stage needs a choice: {}",
                        self.choice_labels(script)
                    ))
                })?;
                self.move_to(next, true);
            }
            SessionEvent::Skip => {
                let stage = self.current(script)?;
                let target = stage.next.clone().or_else(|| {
                    stage.choices.iter().find_map(|c| match c.target() {
                        Some(Target::Stage(s)) => Some(s),
                        _ => None,
                    })
                });
                let target = target
                    .ok_or_else(|| refused("this is the last stage: end the call instead"))?;
                self.move_to(target, false);
            }
            SessionEvent::Back => {
                let previous = self
                    .history
                    .pop()
                    .ok_or_else(|| refused("this is the first stage"))?;
                self.stage = previous;
                self.suggested = None;
                self.touch();
            }
            SessionEvent::Choose { choice } => {
                let stage = self.current(script)?;
                let found = stage
                    .choices
                    .iter()
                    .find(|c| &c.id == choice)
                    .ok_or_else(|| {
                        refused(&format!(
                            "no choice {choice:?} here; the choices are {}",
                            self.choice_labels(script)
                        ))
                    })?;
                match found.target() {
                    Some(Target::Stage(target)) => self.move_to(target, true),
                    Some(Target::End(outcome)) => {
                        self.completed.insert(self.stage.clone());
                        self.suggested = Some(outcome);
                        self.touch();
                    }
                    None => return Err(Error::Corrupt(format!("choice {choice:?} has no target"))),
                }
            }
            SessionEvent::Answer { question, value } => {
                let stage = self.current(script)?;
                if !stage.questions.iter().any(|q| &q.id == question) {
                    return Err(refused(&format!(
                        "no question {question:?} on stage {:?}",
                        stage.id
                    )));
                }
                let value = checked_text("answer", value)?;
                let stage = stage.id.clone();
                self.answers
                    .insert(question.clone(), GivenAnswer { stage, value, at });
                self.touch();
            }
            SessionEvent::Note { text } => {
                let text = checked_text("note", text)?;
                self.notes.push((at, text));
            }
            SessionEvent::End {
                outcome,
                callback_at,
            } => {
                self.outcome = Some(Outcome::from_kind(*outcome, *callback_at)?);
                self.phase = Phase::OutcomeRecorded;
            }
        }
        Ok(())
    }

    /// Which recap points are covered: those of every stage completed.
    pub fn covered(&self, script: &Script) -> BTreeSet<RecapItem> {
        script
            .stages
            .iter()
            .filter(|s| self.completed.contains(&s.id))
            .flat_map(|s| s.covers.iter().copied())
            .collect()
    }

    fn current<'s>(&self, script: &'s Script) -> Result<&'s crate::script::Stage> {
        script
            .stage(&self.stage)
            .ok_or_else(|| Error::Corrupt(format!("stage {:?} is not in the script", self.stage)))
    }

    fn move_to(&mut self, target: String, completed: bool) {
        if completed {
            self.completed.insert(self.stage.clone());
        }
        self.history
            .push(std::mem::replace(&mut self.stage, target));
        self.suggested = None;
        self.touch();
    }

    /// A script intent during the call moves it into the script.
    fn touch(&mut self) {
        if matches!(self.phase, Phase::Dialling | Phase::Connected) {
            self.phase = Phase::InScript;
        }
    }

    fn choice_labels(&self, script: &Script) -> String {
        script
            .stage(&self.stage)
            .map(|s| {
                s.choices
                    .iter()
                    .map(|c| format!("{:?} ({})", c.id, c.label))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default()
    }
}

fn refused(problem: &str) -> Error {
    Error::IntentRefused {
        problem: problem.to_owned(),
    }
}

/// A note or answer: trimmed, not empty, at most [`MAX_NOTE_BYTES`].
pub fn checked_text(what: &'static str, text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::InvalidInput {
            field: what,
            problem: format!("an empty {what} is not saved"),
        });
    }
    if text.len() > MAX_NOTE_BYTES {
        return Err(Error::InvalidInput {
            field: what,
            problem: format!(
                "the {what} is {} KiB; the limit is 64 KiB",
                text.len().div_ceil(1024)
            ),
        });
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests;
