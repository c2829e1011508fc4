//! Checking a script before any call uses it. Every problem is collected, each with the
//! exact place it is at, so a manager fixing a script sees all of them at once.

use crate::sync::check::MAX_PROMPT_BYTES;
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;

use super::{QuestionKind, Script, Target, Template, LEAD_FIELDS};

/// One problem, and where it is: `stage "connect" > choice "yes"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptProblem {
    pub place: String,
    pub problem: String,
}

/// Why a script was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    pub problems: Vec<ScriptProblem>,
}

impl ScriptError {
    /// A TOML error, placed by line and column in `text`.
    pub(super) fn syntax(err: &toml::de::Error, text: &str) -> Self {
        let place = err.span().map_or_else(
            || "the script".to_owned(),
            |span| {
                let before = text.get(..span.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("line {line}, column {column}")
            },
        );
        Self {
            problems: vec![ScriptProblem {
                place,
                problem: err.message().trim().to_owned(),
            }],
        }
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.place, p.problem))
            .collect();
        write!(
            f,
            "the script has {} problem(s): {}",
            lines.len(),
            lines.join("; ")
        )
    }
}

impl std::error::Error for ScriptError {}

#[derive(Default)]
struct Problems(Vec<ScriptProblem>);

impl Problems {
    fn add(&mut self, place: impl Into<String>, problem: impl Into<String>) {
        self.0.push(ScriptProblem {
            place: place.into(),
            problem: problem.into(),
        });
    }
}

pub(super) fn check(script: &Script) -> Result<(), ScriptError> {
    let mut p = Problems::default();
    if script.stages.is_empty() {
        p.add("the script", "has no stages");
    }
    let mut seen = HashMap::new();
    for (index, stage) in script.stages.iter().enumerate() {
        if let Some(first) = seen.insert(stage.id.as_str(), index) {
            p.add(
                format!("stage {:?} (number {})", stage.id, index + 1),
                format!("duplicates the id of stage number {}", first + 1),
            );
        }
    }
    if script.stage(&script.start).is_none() {
        p.add(
            "start",
            format!("names stage {:?}, which does not exist", script.start),
        );
    }
    for stage in &script.stages {
        check_stage(script, stage, &mut p);
    }
    check_reachability(script, &mut p);
    if p.0.is_empty() {
        Ok(())
    } else {
        Err(ScriptError { problems: p.0 })
    }
}

fn check_stage(script: &Script, stage: &super::Stage, p: &mut Problems) {
    let here = format!("stage {:?}", stage.id);
    if stage.title.trim().is_empty() {
        p.add(&here, "has no title");
    }
    for (n, line) in stage.say.iter().enumerate() {
        let place = format!("{here} > line {}", n + 1);
        match Template::parse(line) {
            Ok(template) => template
                .problems()
                .into_iter()
                .for_each(|problem| p.add(&place, problem)),
            Err(problem) => p.add(&place, problem),
        }
    }
    let mut question_ids = BTreeSet::new();
    for question in &stage.questions {
        let place = format!("{here} > question {:?}", question.id);
        if !question_ids.insert(question.id.as_str()) {
            p.add(&place, "is a duplicate question id in this stage");
        }
        if question.prompt.trim().is_empty() {
            p.add(&place, "has no prompt");
        }
        // Answers travel with their question id and prompt; the sync refuses longer ones.
        if question.id.len() > MAX_PROMPT_BYTES || question.prompt.len() > MAX_PROMPT_BYTES {
            p.add(
                &place,
                format!(
                    "has an id or prompt over {MAX_PROMPT_BYTES} bytes: its answers could not sync"
                ),
            );
        }
        if question.kind == QuestionKind::Choice && question.options.len() < 2 {
            p.add(&place, "is a choice question with fewer than two options");
        }
        if let Some(field) = &question.fills {
            if !LEAD_FIELDS.contains(&field.as_str()) {
                p.add(
                    &place,
                    format!(
                        "fills unknown lead field {field:?} (known: {})",
                        LEAD_FIELDS.join(", ")
                    ),
                );
            }
        }
    }
    let mut choice_ids = BTreeSet::new();
    for choice in &stage.choices {
        let place = format!("{here} > choice {:?}", choice.id);
        if !choice_ids.insert(choice.id.as_str()) {
            p.add(&place, "is a duplicate choice id in this stage");
        }
        if choice.label.trim().is_empty() {
            p.add(&place, "has no label");
        }
        match choice.target() {
            None => p.add(
                &place,
                "needs exactly one of `go` (a stage) or `end` (an outcome)",
            ),
            Some(Target::Stage(target)) if script.stage(&target).is_none() => {
                p.add(
                    &place,
                    format!("goes to stage {target:?}, which does not exist"),
                );
            }
            Some(_) => {}
        }
    }
    if let Some(next) = &stage.next {
        if script.stage(next).is_none() {
            p.add(
                format!("{here} > next"),
                format!("goes to stage {next:?}, which does not exist"),
            );
        }
    }
    if stage.next.is_none() && stage.choices.is_empty() {
        p.add(
            &here,
            "is a dead end: give it `next` or at least one choice",
        );
    }
}

/// Stages the call can move to from `stage`, and whether it can end there.
fn edges(stage: &super::Stage) -> (Vec<&str>, bool) {
    let mut targets: Vec<&str> = stage.next.as_deref().into_iter().collect();
    let mut ends = false;
    for choice in &stage.choices {
        match (&choice.go, choice.end) {
            (Some(go), _) => targets.push(go),
            (None, Some(_)) => ends = true,
            _ => {}
        }
    }
    (targets, ends)
}

fn check_reachability(script: &Script, p: &mut Problems) {
    if script.stage(&script.start).is_none() {
        return;
    }
    let mut reached = BTreeSet::from([script.start.as_str()]);
    let mut queue = VecDeque::from([script.start.as_str()]);
    while let Some(id) = queue.pop_front() {
        let Some(stage) = script.stage(id) else {
            continue;
        };
        for target in edges(stage).0 {
            if script.stage(target).is_some() && reached.insert(target) {
                queue.push_back(target);
            }
        }
    }
    for stage in &script.stages {
        if !reached.contains(stage.id.as_str()) {
            p.add(
                format!("stage {:?}", stage.id),
                format!("cannot be reached from the start stage {:?}", script.start),
            );
        }
    }
    // A stage can finish the call if it ends directly or leads to a stage that can.
    let mut can_end: BTreeSet<&str> = script
        .stages
        .iter()
        .filter(|s| edges(s).1)
        .map(|s| s.id.as_str())
        .collect();
    loop {
        let before = can_end.len();
        for stage in &script.stages {
            if edges(stage).0.iter().any(|t| can_end.contains(t)) {
                can_end.insert(stage.id.as_str());
            }
        }
        if can_end.len() == before {
            break;
        }
    }
    for stage in &script.stages {
        if reached.contains(stage.id.as_str()) && !can_end.contains(stage.id.as_str()) {
            p.add(
                format!("stage {:?}", stage.id),
                "can never reach an end: no path from it leads to a choice with `end`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Script;

    fn problems(toml: &str) -> Vec<String> {
        match Script::parse(toml) {
            Ok(_) => Vec::new(),
            Err(err) => err
                .problems
                .iter()
                .map(|p| format!("{}: {}", p.place, p.problem))
                .collect(),
        }
    }

    const GOOD: &str = r#"
id = "mini"
name = "Mini"
start = "hello"

[[stage]]
id = "hello"
title = "Hello"
say = ["Hi {lead.first_name|there}[, this is {rep.first_name}]."]
next = "bye"

[[stage]]
id = "bye"
title = "Bye"
[[stage.choice]]
id = "done"
label = "Done"
end = "qualified"
"#;

    #[test]
    fn a_good_script_passes() {
        assert_eq!(problems(GOOD), Vec::<String>::new());
    }

    #[test]
    fn each_problem_is_named_with_its_place() {
        let bad = GOOD
            .replace("next = \"bye\"", "next = \"byee\"")
            .replace("{lead.first_name|there}", "{lead.first_name}")
            .replace(
                "end = \"qualified\"",
                "end = \"qualified\"\n[[stage.question]]\nid = \"q\"\nprompt = \"\"",
            );
        let found = problems(&bad);
        let expect = [
            "stage \"hello\" > next: goes to stage \"byee\", which does not exist",
            "stage \"hello\" > line 1: {lead.first_name} may be missing",
            "stage \"bye\" > question \"q\": has no prompt",
            "stage \"bye\": cannot be reached from the start stage \"hello\"",
        ];
        for e in expect {
            assert!(
                found.iter().any(|f| f.starts_with(e)),
                "missing {e:?} in {found:#?}"
            );
        }
    }

    #[test]
    fn a_prompt_too_long_to_sync_is_a_problem() {
        let long = GOOD.replace(
            "end = \"qualified\"",
            &format!(
                "end = \"qualified\"\n[[stage.question]]\nid = \"q\"\nprompt = \"{}\"",
                "a".repeat(3000)
            ),
        );
        assert!(
            problems(&long)
                .iter()
                .any(|p| p.contains("question \"q\": has an id or prompt over 2048 bytes")),
            "{:?}",
            problems(&long)
        );
    }

    #[test]
    fn duplicates_dead_ends_and_endless_loops() {
        let dup = format!("{GOOD}\n[[stage]]\nid = \"hello\"\ntitle = \"Again\"\nnext = \"bye\"\n");
        assert!(problems(&dup)
            .iter()
            .any(|p| p.contains("duplicates the id of stage number 1")));
        let endless = r#"
id = "loop"
name = "Loop"
start = "a"
[[stage]]
id = "a"
title = "A"
next = "b"
[[stage]]
id = "b"
title = "B"
next = "a"
"#;
        let found = problems(endless);
        assert!(
            found
                .iter()
                .any(|p| p.starts_with("stage \"a\": can never reach an end")),
            "{found:?}"
        );
        let dead = GOOD.replace("next = \"bye\"", "");
        assert!(problems(&dead).iter().any(|p| p.contains("dead end")));
    }

    #[test]
    fn bad_branches_and_unknown_things() {
        let bad = GOOD.replace(
            "end = \"qualified\"",
            "go = \"nowhere\"\nend = \"qualified\"",
        );
        assert!(problems(&bad)
            .iter()
            .any(|p| p.contains("exactly one of `go`")));
        let unknown_outcome = GOOD.replace("end = \"qualified\"", "end = \"sold\"");
        assert!(!problems(&unknown_outcome).is_empty());
        let unknown_var = GOOD.replace("{lead.first_name|there}", "{lead.shoe_size|there}");
        assert!(problems(&unknown_var)
            .iter()
            .any(|p| p.contains("unknown variable {lead.shoe_size}")));
        let missing_start = GOOD.replace("start = \"hello\"", "start = \"intro\"");
        assert!(problems(&missing_start)
            .iter()
            .any(|p| p.starts_with("start: names stage \"intro\"")));
    }

    #[test]
    fn a_toml_mistake_is_placed_by_line_and_column() {
        let unknown_key = GOOD.replace("title = \"Bye\"", "title = \"Bye\"\ncolour = \"red\"");
        let found = problems(&unknown_key);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("line 15, column 1: unknown field `colour`"),
            "{found:?}"
        );
        let unclosed = problems("id = \"x\"\nname = \"oops\n");
        assert!(unclosed[0].starts_with("line 2, column "), "{unclosed:?}");
    }

    #[test]
    fn the_default_script_is_valid() {
        let script = Script::parse(super::super::DEFAULT_SCRIPT).unwrap();
        assert!(script.stages.len() >= 8);
    }
}
