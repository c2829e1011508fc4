//! Text for an 80-column terminal: durations, shares, wrapped paragraphs and tables.

use chrono::Duration;

/// The width everything printed is kept within.
pub const WIDTH: usize = 80;

/// "42 s", "4 min 10 s", "1 h 05 min", "2 days 3 h".
pub fn duration(d: Duration) -> String {
    let seconds = d.num_seconds().max(0);
    let (days, hours, minutes, secs) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
        seconds % 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{secs} s"),
        (0, 0, _) if secs == 0 => format!("{minutes} min"),
        (0, 0, _) => format!("{minutes} min {secs} s"),
        (0, _, _) => format!("{hours} h {minutes:02} min"),
        (1, _, _) => format!("1 day {hours} h"),
        _ => format!("{days} days {hours} h"),
    }
}

/// `part` of `whole` as a whole percentage, "-" when there is nothing to divide.
pub fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.0}%", f64::from(part) * 100.0 / f64::from(whole))
    }
}

/// Splits `text` into lines of at most `width` characters, breaking at spaces (a word
/// longer than the width is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            lines.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let needed = if line.is_empty() { 0 } else { 1 } + word.chars().count();
        if !line.is_empty() && line.chars().count() + needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` after `prefix`, wrapped within the terminal's width; the lines after the
/// first are indented by `indent` spaces.
pub fn hanging(prefix: &str, text: &str, indent: usize) -> String {
    let first = prefix.chars().count();
    let lines = wrap(text, WIDTH.saturating_sub(first.max(indent)));
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{prefix}{line}")
            } else {
                format!("{}{line}", " ".repeat(indent))
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Each line of `text` wrapped within the terminal's width, keeping its indentation and
/// indenting its continuation two spaces more.
pub fn wrap_lines(text: &str) -> String {
    text.lines()
        .map(|line| {
            let body = line.trim_start();
            let margin = line.len() - body.len();
            hanging(&line[..margin], body, margin + 2)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` cut to `width` characters, ending in "…" when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// `text` padded with spaces to `width` characters.
pub fn pad(text: &str, width: usize) -> String {
    let count = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(count)))
}

/// Rows under a header, columns padded to their widest cell; the last column takes
/// what is left of the terminal's width and is cut to fit.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let fixed: usize = widths
        .iter()
        .take(columns.saturating_sub(1))
        .map(|w| w + 2)
        .sum();
    let last = WIDTH.saturating_sub(fixed).max(10);
    let line = |cells: Vec<String>| {
        let text: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i + 1 == columns {
                    fit(cell, last)
                } else {
                    pad(cell, widths[i])
                }
            })
            .collect();
        text.join("  ").trim_end().to_owned()
    };
    let mut out = vec![line(header.iter().map(|h| (*h).to_owned()).collect())];
    out.extend(rows.iter().map(|row| line(row.clone())));
    out.join("\n")
}

/// "1 new lead", "3 new leads".
pub fn plural(count: u64, what: &str) -> String {
    if count == 1 {
        format!("1 {what}")
    } else {
        format!("{count} {what}s")
    }
}

/// Every line of `text` indented by two spaces.
pub fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_at_their_scale() {
        assert_eq!(duration(Duration::seconds(42)), "42 s");
        assert_eq!(duration(Duration::seconds(250)), "4 min 10 s");
        assert_eq!(duration(Duration::minutes(30)), "30 min");
        assert_eq!(duration(Duration::minutes(65)), "1 h 05 min");
        assert_eq!(duration(Duration::hours(27)), "1 day 3 h");
        assert_eq!(duration(Duration::hours(75)), "3 days 3 h");
        assert_eq!(duration(Duration::seconds(-5)), "0 s");
    }

    #[test]
    fn shares_round_and_say_when_empty() {
        assert_eq!(percent(2, 3), "67%");
        assert_eq!(percent(0, 0), "-");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(
            wrap("Is now an appropriate time to talk?", 12),
            ["Is now an", "appropriate", "time to", "talk?"]
        );
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
    }

    #[test]
    fn hanging_text_wraps_under_its_prefix() {
        let text = hanging("  Leads in    ", &"word ".repeat(30), 14);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("  Leads in    word"));
        assert!(lines[1].starts_with("              word"));
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
        let wrapped = wrap_lines(&format!("a\n    line 3: {}", "problem ".repeat(15)));
        assert!(wrapped.starts_with("a\n    line 3: problem"), "{wrapped}");
        assert!(
            wrapped.lines().nth(2).unwrap().starts_with("      problem"),
            "{wrapped}"
        );
    }

    #[test]
    fn tables_align_and_stay_within_the_width() {
        let text = table(
            &["#", "Name", "Reason"],
            &[
                vec!["1".into(), "Ann Lee".into(), "New: asked 3 min ago".into()],
                vec!["2".into(), "Bo".into(), "x".repeat(200)],
            ],
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "#  Name     Reason");
        assert_eq!(lines[1], "1  Ann Lee  New: asked 3 min ago");
        assert!(lines[2].ends_with('…'));
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH));
    }
}
