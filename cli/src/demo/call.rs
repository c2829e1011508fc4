//! One call walked through the script on the phone, card by card, printed as the in-call
//! overlay shows it. Who decides at each card (the choice, the answers, a note, the
//! outcome) is a [`Rep`]: the scripted Sam of the plain demo, or a person at the keyboard.
//! Every step is an intent sent to the core, which checks it, saves it and answers with
//! the next card.

use std::io::{BufRead, IsTerminal, Write};

use chrono::{Duration, Utc};
use warmline_core::script::OutcomeKind;
use warmline_core::session::{CardQuestion, Intent, PromptCard};
use warmline_core::{Outcome, Warmline};

use crate::card;
use crate::fail::Context;
use crate::format::hanging;

/// A call longer than this many steps is taken to be going round in circles.
const MAX_STEPS: usize = 60;

/// Where the rep moves the call from a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Move {
    Choose(String),
    Next,
    Back,
}

/// The person on the call: decides what to note and where to go at each card.
pub trait Rep {
    /// What the lead said to `question`, if the rep notes anything.
    fn answer(&mut self, question: &CardQuestion) -> Result<Option<String>, String>;
    /// A free note on this card, if any.
    fn note(&mut self, card: &PromptCard) -> Result<Option<String>, String>;
    fn next_move(&mut self, card: &PromptCard) -> Result<Move, String>;
    /// The outcome logged after hanging up (the card offers one).
    fn outcome(&mut self, card: &PromptCard) -> Result<Outcome, String>;
}

/// Dials `lead_id`, walks the script with `rep` until a choice ends the call, hangs up
/// and logs the outcome, printing the last card with the recap checklist. Returns the
/// outcome logged.
pub fn walk(phone: &Warmline, lead_id: &str, rep: &mut dyn Rep) -> Result<Outcome, String> {
    let dialling = phone.start_call(lead_id).context("cannot start the call")?;
    let session = dialling.session_id.clone();
    println!("Dialling... the phone app comes to the front; the overlay follows the call.");
    let mut card = phone
        .call_connected(&session, Utc::now())
        .context("cannot record the connection")?;
    println!("Connected.");
    let mut steps = 0;
    loop {
        steps += 1;
        if steps > MAX_STEPS {
            return Err(format!("the call did not end within {MAX_STEPS} steps"));
        }
        println!("{}", card::render(&card));
        card = take_notes(phone, card, rep)?;
        let chosen = rep.next_move(&card)?;
        let ends_call = match &chosen {
            Move::Choose(id) => card
                .choices
                .iter()
                .any(|c| &c.id == id && c.ends_with.is_some()),
            Move::Next | Move::Back => false,
        };
        match phone.call_intent(&session, intent_of(&card, &chosen)) {
            Ok(_) if ends_call => break,
            Ok(next) => card = next,
            // A move the script does not allow here: the card says why; ask again.
            Err(refused) => println!("  (not possible here: {refused})"),
        }
    }
    let ended = phone
        .call_ended(&session, Utc::now())
        .context("cannot record the hang-up")?;
    println!("Call ended.");
    let outcome = rep.outcome(&ended)?;
    println!("  \u{2192} outcome: {}", outcome.as_str());
    let last = phone
        .end_call(&session, outcome)
        .context("cannot log the outcome")?;
    println!("{}", card::render(&last));
    Ok(outcome)
}

/// Sends the rep's answers to the card's open questions and their note, printing each.
fn take_notes(
    phone: &Warmline,
    mut card: PromptCard,
    rep: &mut dyn Rep,
) -> Result<PromptCard, String> {
    let open: Vec<CardQuestion> = card
        .questions
        .iter()
        .filter(|q| q.answer.is_none())
        .cloned()
        .collect();
    for question in open {
        if let Some(value) = rep.answer(&question)? {
            println!(
                "{}",
                hanging("  \u{270e} ", &format!("{}  {value}", question.prompt), 4)
            );
            card = phone
                .call_intent(
                    &card.session_id,
                    Intent::Answer {
                        question: question.id.clone(),
                        value,
                    },
                )
                .context("cannot save the answer")?;
        }
    }
    if let Some(text) = rep.note(&card)? {
        println!("{}", hanging("  \u{270e} ", &format!("note: {text}"), 4));
        card = phone
            .call_intent(&card.session_id, Intent::Note { text })
            .context("cannot save the note")?;
    }
    Ok(card)
}

fn intent_of(card: &PromptCard, chosen: &Move) -> Intent {
    match chosen {
        Move::Choose(id) => {
            let label = card
                .choices
                .iter()
                .find(|c| &c.id == id)
                .map_or(id.as_str(), |c| c.label.as_str());
            println!("  \u{2192} {label}");
            Intent::Choose { choice: id.clone() }
        }
        Move::Next => {
            println!("  \u{2192} next");
            Intent::Next
        }
        Move::Back => {
            println!("  \u{2190} back");
            Intent::Back
        }
    }
}

/// The plain demo's Sam: follows one good call to a booked next step.
#[derive(Debug, Default)]
pub struct ScriptedRep;

/// The choice Sam makes at each stage that has choices.
const CHOICES: [(&str, &str); 3] = [
    ("connect", "yes"),
    ("still_looking", "still_looking"),
    ("wrap_up", "booked"),
];

/// What the lead says, by question.
const ANSWERS: [(&str, &str); 11] = [
    (
        "caught_attention",
        "The power bill: about $900 a month, and a neighbour's panels paid off",
    ),
    (
        "anything_else",
        "Keeping the milking shed running through outages",
    ),
    (
        "tell_me_more",
        "Two outages last winter; they lost a day's milk each time",
    ),
    (
        "why_important",
        "The farm's margins are thin; the bill is the biggest cost after feed",
    ),
    (
        "hoped_for",
        "A rough price and whether the grain store roof is big enough",
    ),
    (
        "company_does",
        "A dairy farm, 120 cows, milking twice a day",
    ),
    ("current_vendor", "Prairie Electric Co-op"),
    ("vendor_since", "12 years"),
    (
        "vendor_reason",
        "The only supplier when they bought the farm",
    ),
    (
        "vendor_gap",
        "Nothing when the grid is down, and the price keeps going up",
    ),
    (
        "next_step",
        "Site visit Thursday 10:00 with Joe (her husband)",
    ),
];

/// Sam's free notes, by stage.
const NOTES: [(&str, &str); 1] = [(
    "wrap_up",
    "Prefers a text before any call; Joe decides on spending with her",
)];

fn lookup(table: &[(&str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

impl Rep for ScriptedRep {
    fn answer(&mut self, question: &CardQuestion) -> Result<Option<String>, String> {
        Ok(lookup(&ANSWERS, &question.id).map(str::to_owned))
    }

    fn note(&mut self, card: &PromptCard) -> Result<Option<String>, String> {
        Ok(lookup(&NOTES, &card.stage_id).map(str::to_owned))
    }

    fn next_move(&mut self, card: &PromptCard) -> Result<Move, String> {
        if let Some(choice) = lookup(&CHOICES, &card.stage_id) {
            return Ok(Move::Choose(choice.to_owned()));
        }
        match card.choices.first() {
            Some(first) if !card.can_go_next => Ok(Move::Choose(first.id.clone())),
            _ => Ok(Move::Next),
        }
    }

    fn outcome(&mut self, card: &PromptCard) -> Result<Outcome, String> {
        let kind = card.suggested_outcome.unwrap_or(OutcomeKind::Qualified);
        Outcome::from_kind(kind, None).context("the scripted call cannot end this way")
    }
}

/// A person driving the call from the keyboard, one line per prompt. Enter takes the
/// default (skip a question, the first choice, next, the suggested outcome), so the end
/// of the input finishes the call the default way.
pub struct KeyboardRep<R> {
    input: R,
    /// Piped input is not echoed by a terminal: print it after the prompt instead.
    echo: bool,
}

impl<R: BufRead> KeyboardRep<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            echo: !std::io::stdin().is_terminal(),
        }
    }

    /// Prints `prompt` and reads one line, trimmed ("" at the end of the input).
    fn ask(&mut self, prompt: &str) -> Result<String, String> {
        print!("{prompt}> ");
        std::io::stdout()
            .flush()
            .context("cannot write to the terminal")?;
        let mut line = String::new();
        self.input
            .read_line(&mut line)
            .context("cannot read the keyboard")?;
        let line = line.trim().to_owned();
        if self.echo {
            println!("{line}");
        }
        Ok(line)
    }
}

impl<R: BufRead> Rep for KeyboardRep<R> {
    fn answer(&mut self, question: &CardQuestion) -> Result<Option<String>, String> {
        let text = self.ask(&format!("{} (Enter to skip)", question.prompt))?;
        Ok(Some(text).filter(|t| !t.is_empty()))
    }

    fn note(&mut self, _card: &PromptCard) -> Result<Option<String>, String> {
        let text = self.ask("A note (Enter to skip)")?;
        Ok(Some(text).filter(|t| !t.is_empty()))
    }

    fn next_move(&mut self, card: &PromptCard) -> Result<Move, String> {
        let back = if card.can_go_back { ", b = back" } else { "" };
        loop {
            let prompt = if card.choices.is_empty() {
                format!("Enter = next{back}")
            } else {
                format!("Choose 1-{} (Enter = 1{back})", card.choices.len())
            };
            let typed = self.ask(&prompt)?;
            if let Some(chosen) = read_move(card, &typed) {
                return Ok(chosen);
            }
            println!("  (type a choice's number, Enter or b)");
        }
    }

    fn outcome(&mut self, card: &PromptCard) -> Result<Outcome, String> {
        let kinds = OutcomeKind::ALL;
        let default = card.suggested_outcome.unwrap_or(OutcomeKind::NoAnswer);
        let menu: Vec<String> = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| format!("{} {}", i + 1, k.as_str()))
            .collect();
        println!("{}", hanging("Outcome: ", &menu.join(", "), 9));
        loop {
            let typed = self.ask(&format!("Outcome (Enter = {})", default.as_str()))?;
            let kind = match typed.as_str() {
                "" => Some(default),
                number => number
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| kinds.get(n.wrapping_sub(1)).copied()),
            };
            match kind {
                Some(OutcomeKind::NotAGoodTime) => return self.callback(),
                Some(kind) => return Outcome::from_kind(kind, None).context("cannot log it"),
                None => println!("  (type 1-{} or Enter)", kinds.len()),
            }
        }
    }
}

impl<R: BufRead> KeyboardRep<R> {
    /// "Not a good time": the agreed callback, in hours from now.
    fn callback(&mut self) -> Result<Outcome, String> {
        loop {
            let typed = self.ask("Call back in how many hours? (Enter = 24)")?;
            let hours = if typed.is_empty() {
                Some(24)
            } else {
                typed.parse::<i64>().ok()
            };
            match hours.filter(|h| (1..=24 * 90).contains(h)) {
                Some(hours) => {
                    return Ok(Outcome::NotAGoodTime {
                        callback_at: Utc::now() + Duration::hours(hours),
                    })
                }
                None => println!("  (a whole number of hours, 1 to 2160)"),
            }
        }
    }
}

/// The move `typed` asks for on `card`, if it is one.
fn read_move(card: &PromptCard, typed: &str) -> Option<Move> {
    match typed {
        "b" | "B" => Some(Move::Back),
        "" => Some(match card.choices.first() {
            Some(first) => Move::Choose(first.id.clone()),
            None => Move::Next,
        }),
        number => {
            let index = number.parse::<usize>().ok()?.checked_sub(1)?;
            card.choices.get(index).map(|c| Move::Choose(c.id.clone()))
        }
    }
}
