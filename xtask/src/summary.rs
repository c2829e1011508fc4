//! Counting tests across languages and printing the closing line.

/// What one language's test run reported.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
}

#[derive(Debug, Default)]
pub struct Summary {
    checks: Vec<(String, Result<(), String>)>,
    languages: Vec<(String, Result<Counts, String>)>,
}

impl Summary {
    pub fn check(&mut self, name: &str, outcome: Result<(), String>) {
        self.checks.push((name.to_owned(), outcome));
    }

    pub fn record(&mut self, language: &str, outcome: Result<Counts, String>) {
        self.languages.push((language.to_owned(), outcome));
    }

    /// Green only if every check passed and every language ran more than zero tests
    /// with none failing.
    pub fn all_green(&self) -> bool {
        self.checks.iter().all(|(_, r)| r.is_ok())
            && self
                .languages
                .iter()
                .all(|(_, r)| matches!(r, Ok(c) if c.failed == 0 && c.passed > 0))
    }

    pub fn print(&self) {
        eprintln!();
        eprintln!("==== summary ====");
        for (name, outcome) in &self.checks {
            match outcome {
                Ok(()) => eprintln!("check  {name}: ok"),
                Err(why) => eprintln!("check  {name}: FAILED: {why}"),
            }
        }
        let mut total = Counts::default();
        for (language, outcome) in &self.languages {
            match outcome {
                Ok(c) if c.passed == 0 && c.failed == 0 => {
                    eprintln!("{language}: ran no test (counted as a failure)");
                    total.failed += 1;
                }
                Ok(c) => {
                    eprintln!("{language}: {} passed, {} failed", c.passed, c.failed);
                    total.passed += c.passed;
                    total.failed += c.failed;
                }
                Err(why) => {
                    eprintln!("{language}: did not run: {why}");
                    total.failed += 1;
                }
            }
        }
        total.failed += self.checks.iter().filter(|(_, r)| r.is_err()).count() as u64;
        // The closing line CI reads: every language's tests, plus one failure per failed
        // check or language that could not run.
        println!("{} passed, {} failed", total.passed, total.failed);
    }
}

/// Sums `cargo test`'s `test result: ok. N passed; M failed; ...` lines.
pub fn parse_cargo(output: &str) -> Counts {
    let mut counts = Counts::default();
    for line in output
        .lines()
        .filter(|l| l.trim_start().starts_with("test result:"))
    {
        counts.passed += number_before(line, " passed").unwrap_or(0);
        counts.failed += number_before(line, " failed").unwrap_or(0);
    }
    counts
}

/// Reads the JUnit console launcher's `[ N tests successful ]` / `[ N tests failed ]`.
pub fn parse_junit(output: &str) -> Counts {
    let find = |label: &str| {
        output
            .lines()
            .find(|l| l.contains(label))
            .and_then(|l| number_before(l, label))
            .unwrap_or(0)
    };
    Counts {
        passed: find(" tests successful"),
        failed: find(" tests failed"),
    }
}

/// Reads XCTest's last `Executed N tests, with M failures` (the all-tests total) and
/// Swift Testing's `Test run with N tests passed` / `N tests failed` lines.
pub fn parse_swift(output: &str) -> Counts {
    let mut counts = Counts::default();
    if let Some(line) = output.lines().rfind(|l| l.contains("Executed ")) {
        let executed = number_after(line, "Executed ").unwrap_or(0);
        let failures = number_after(line, "with ").unwrap_or(0);
        counts.passed += executed.saturating_sub(failures);
        counts.failed += failures;
    }
    for line in output.lines().filter(|l| l.contains("Test run with ")) {
        let n = number_after(line, "Test run with ").unwrap_or(0);
        if line.contains(" passed") {
            counts.passed += n;
        } else {
            // A failed Swift Testing run does not say how many passed: count it all as failed.
            counts.failed += n.max(1);
        }
    }
    counts
}

fn number_before(line: &str, label: &str) -> Option<u64> {
    let head = &line[..line.find(label)?];
    let digits: String = head
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.chars().rev().collect::<String>().parse().ok()
}

fn number_after(line: &str, label: &str) -> Option<u64> {
    let tail = &line[line.find(label)? + label.len()..];
    tail.chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_results_are_summed_across_test_binaries() {
        let out = "test result: ok. 12 passed; 0 failed; 0 ignored\n\
                   noise\n\
                   test result: FAILED. 3 passed; 2 failed; 1 ignored";
        assert_eq!(
            parse_cargo(out),
            Counts {
                passed: 15,
                failed: 2
            }
        );
    }

    #[test]
    fn junit_console_counts_are_read() {
        let out = "[         9 tests successful      ]\n[         1 tests failed          ]";
        assert_eq!(
            parse_junit(out),
            Counts {
                passed: 9,
                failed: 1
            }
        );
    }

    #[test]
    fn swift_uses_the_all_tests_total_and_swift_testing_lines() {
        let out = "\t Executed 5 tests, with 0 failures (0 unexpected)\n\
                   \t Executed 8 tests, with 1 failure (0 unexpected)\n\
                   ✔ Test run with 0 tests passed after 0.001 seconds.";
        assert_eq!(
            parse_swift(out),
            Counts {
                passed: 7,
                failed: 1
            }
        );
    }

    #[test]
    fn a_language_with_no_tests_is_not_green() {
        let mut summary = Summary::default();
        summary.record("Swift", Ok(Counts::default()));
        assert!(!summary.all_green());
    }
}
