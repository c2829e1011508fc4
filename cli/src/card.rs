//! The prompt card drawn as the phone's in-call overlay would show it, in a box of text.
//!
//! The core builds the card (lines filled in for the lead, choices, questions, the
//! recap); this only lays it out, so what the demo prints is exactly what a rep sees.

use warmline_core::session::{Phase, PromptCard};

use crate::format::{pad, wrap, WIDTH};

/// Width of the text inside the box: the box with its borders fills 80 columns.
const INNER: usize = WIDTH - 4;
/// Width of the labels in the left margin ("SAY", "TIP"...).
const LABEL: usize = 7;
/// The lead's words a terminal card repeats back (the newest first); a phone shows more.
const REPEAT_BACK_SHOWN: usize = 3;

/// The card in a box. During the call: the lines to say, the tip, the choices (numbered
/// as the keyboard picks them), the questions with their answers so far, the lead's
/// words to repeat back, notes. After the hang-up: the notes, the recap checklist and
/// the outcome.
pub fn render(card: &PromptCard) -> String {
    let mut body = Vec::new();
    if matches!(card.phase, Phase::Ended | Phase::OutcomeRecorded) {
        after_the_call(&mut body, card);
    } else {
        during_the_call(&mut body, card);
    }
    framed(&header(card), &body, &footer(card))
}

fn during_the_call(body: &mut Vec<String>, card: &PromptCard) {
    let say: Vec<String> = card
        .lines
        .iter()
        .map(|l| format!("\u{201c}{l}\u{201d}"))
        .collect();
    section(body, "SAY", &say);
    if let Some(tip) = &card.tip {
        section(body, "TIP", std::slice::from_ref(tip));
    }
    let choices: Vec<String> = card
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| format!("[{}] {}", i + 1, c.label))
        .collect();
    section(body, "CHOOSE", &choices);
    for question in &card.questions {
        let answer = question.answer.as_deref().unwrap_or("\u{2026}");
        section(
            body,
            "ASK",
            &[question.prompt.clone(), format!("  \u{2192} {answer}")],
        );
    }
    let mut quotes: Vec<String> = card
        .repeat_back
        .iter()
        .take(REPEAT_BACK_SHOWN)
        .map(|q| {
            let when = if q.earlier_call { ", earlier call" } else { "" };
            format!("\u{201c}{}\u{201d} ({}{when})", q.text, q.prompt)
        })
        .collect();
    if card.repeat_back.len() > REPEAT_BACK_SHOWN {
        quotes.push(format!(
            "and {} more",
            card.repeat_back.len() - REPEAT_BACK_SHOWN
        ));
    }
    section(body, "REPEAT", &quotes);
    notes(body, card);
}

fn after_the_call(body: &mut Vec<String>, card: &PromptCard) {
    notes(body, card);
    let recap: Vec<String> = card
        .checklist
        .iter()
        .map(|item| format!("[{}] {}", if item.covered { "x" } else { " " }, item.label))
        .collect();
    section(body, "RECAP", &recap);
    if card.phase == Phase::Ended {
        if let Some(outcome) = card.suggested_outcome {
            section(
                body,
                "OUTCOME",
                &[format!("{} (suggested)", outcome.as_str())],
            );
        }
    }
}

fn notes(body: &mut Vec<String>, card: &PromptCard) {
    let notes: Vec<String> = card.notes.iter().map(|n| format!("\u{2022} {n}")).collect();
    section(body, "NOTES", &notes);
}

/// "Connect · stage 1 of 8 · connected".
fn header(card: &PromptCard) -> String {
    let phase = match card.phase {
        Phase::Dialling => "dialling",
        Phase::Connected | Phase::InScript => "on the call",
        Phase::Ended => "call ended",
        Phase::OutcomeRecorded => "outcome logged",
    };
    format!(
        "{} \u{b7} stage {} of {} \u{b7} {phase}",
        card.title, card.stage_number, card.stage_count
    )
}

/// The navigation the card allows: "‹ back   next ›"; none once the call is over.
fn footer(card: &PromptCard) -> String {
    if matches!(card.phase, Phase::Ended | Phase::OutcomeRecorded) {
        return String::new();
    }
    let back = if card.can_go_back {
        "\u{2039} back"
    } else {
        ""
    };
    let next = if card.can_go_next {
        "next \u{203a}"
    } else {
        ""
    };
    format!(
        "{back}{}{next}",
        if back.is_empty() || next.is_empty() {
            ""
        } else {
            "   "
        }
    )
}

/// Appends `items` under `label`, each wrapped with a hanging indent; nothing when empty.
fn section(body: &mut Vec<String>, label: &str, items: &[String]) {
    for (i, item) in items.iter().enumerate() {
        for (j, line) in wrap(item, INNER - LABEL - 2).into_iter().enumerate() {
            let margin = if i == 0 && j == 0 { label } else { "" };
            let indent = if j == 0 { "" } else { " " };
            body.push(format!("{} {indent}{line}", pad(margin, LABEL)));
        }
    }
}

/// `body` in a box with `title` in the top border and `footer` in the bottom one.
fn framed(title: &str, body: &[String], footer: &str) -> String {
    let rule = |text: &str, left: &str, right: &str, align_right: bool| {
        let text = if text.is_empty() {
            String::new()
        } else {
            format!(" {text} ")
        };
        let fill = (WIDTH - 2).saturating_sub(text.chars().count() + 1);
        if align_right {
            format!("{left}{}{text}\u{2500}{right}", "\u{2500}".repeat(fill))
        } else {
            format!("{left}\u{2500}{text}{}{right}", "\u{2500}".repeat(fill))
        }
    };
    let mut out = vec![rule(title, "\u{250c}", "\u{2510}", false)];
    out.extend(
        body.iter()
            .map(|line| format!("\u{2502} {} \u{2502}", pad(line, INNER))),
    );
    out.push(rule(footer, "\u{2514}", "\u{2518}", true));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use warmline_core::script::{OutcomeKind, QuestionKind, RecapItem};
    use warmline_core::session::{CardChoice, CardQuestion, ChecklistItem};

    use super::*;

    fn card() -> PromptCard {
        PromptCard {
            session_id: "s".into(),
            lead_id: "l".into(),
            phase: Phase::InScript,
            stage_id: "connect".into(),
            title: "Connect".into(),
            lines: vec![
                "Hi Ann, this is Sam from Brightside Solar.".into(),
                "You recently responded to our ad about Solar for farms - autumn and asked us to call, so I'm getting back to you to see if I can help.".into(),
            ],
            tip: Some("Calm and neutral.".into()),
            choices: vec![
                CardChoice { id: "yes".into(), label: "Yes, now is fine".into(), ends_with: None },
                CardChoice { id: "not_now".into(), label: "Not now".into(), ends_with: None },
            ],
            questions: vec![CardQuestion {
                id: "q".into(),
                prompt: "What caught their attention?".into(),
                kind: QuestionKind::Text,
                options: vec![],
                answer: Some("the battery".into()),
            }],
            stage_number: 1,
            stage_count: 8,
            can_go_back: false,
            can_go_next: true,
            repeat_back: vec![],
            checklist: vec![ChecklistItem {
                item: RecapItem::WhoYouAre,
                label: "Said who you are".into(),
                covered: true,
            }],
            suggested_outcome: None,
            notes: vec!["call after 5".into()],
        }
    }

    #[test]
    fn the_card_shows_everything_the_overlay_does_within_80_columns() {
        let text = render(&card());
        assert!(
            text.contains("Connect \u{b7} stage 1 of 8 \u{b7} on the call"),
            "{text}"
        );
        assert!(
            text.contains("SAY     \u{201c}Hi Ann, this is Sam from Brightside Solar.\u{201d}"),
            "{text}"
        );
        assert!(text.contains("about Solar for farms"), "{text}");
        assert!(text.contains("TIP     Calm and neutral."), "{text}");
        assert!(text.contains("CHOOSE  [1] Yes, now is fine"), "{text}");
        assert!(text.contains("        [2] Not now"), "{text}");
        assert!(
            text.contains("ASK     What caught their attention?"),
            "{text}"
        );
        assert!(text.contains("\u{2192} the battery"), "{text}");
        assert!(text.contains("NOTES   \u{2022} call after 5"), "{text}");
        assert!(text.contains("next \u{203a}"), "{text}");
        assert!(
            !text.contains("RECAP"),
            "the recap shows once the call ends: {text}"
        );
        for line in text.lines() {
            assert_eq!(line.chars().count(), WIDTH, "{line:?}");
        }
    }

    #[test]
    fn after_the_call_the_recap_and_outcome_show() {
        let mut card = card();
        card.phase = Phase::Ended;
        card.suggested_outcome = Some(OutcomeKind::Qualified);
        let text = render(&card);
        assert!(text.contains("RECAP   [x] Said who you are"), "{text}");
        assert!(text.contains("OUTCOME qualified (suggested)"), "{text}");
        assert!(text.contains("call ended"), "{text}");
        assert!(text.contains("NOTES   \u{2022} call after 5"), "{text}");
        assert!(!text.contains("SAY"), "the script is over: {text}");
        card.phase = Phase::OutcomeRecorded;
        let text = render(&card);
        assert!(
            !text.contains("(suggested)"),
            "the outcome is logged: {text}"
        );
    }
}
