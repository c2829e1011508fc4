//! Lines with the lead's and the rep's details filled in, reading naturally when a detail
//! is missing.
//!
//! Syntax: `{lead.first_name}` is a value; `{lead.first_name|there}` falls back to
//! "there" when the value is missing; `[ about {lead.asked_about}]` is an optional part,
//! dropped whole when a value inside it is missing. A value with neither a fallback nor an
//! enclosing optional part is refused when the script is checked, so no line can ever
//! show "Hey ," or a raw placeholder. `{{`, `}}`, `[[` and `]]` are literal brackets.

use std::collections::BTreeMap;

/// The variables a template may use.
pub const VARIABLES: [&str; 6] = [
    "lead.first_name",
    "lead.asked_about",
    "rep.first_name",
    "team.company",
    "source.phrase",
    "source.campaign",
];

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Value {
        name: String,
        fallback: Option<String>,
    },
    Optional(Vec<Piece>),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// The values to fill in; a missing or blank value counts as missing.
pub type TemplateValues = BTreeMap<&'static str, String>;

impl Template {
    /// Parses `text`; the error says what is wrong and where.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut chars = text.char_indices().peekable();
        let pieces = parse_pieces(&mut chars, text, false)?;
        Ok(Self { pieces })
    }

    /// Problems that would make the line read badly: unknown variables, and values with no
    /// fallback outside an optional part.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        check(&self.pieces, false, &mut problems);
        problems
    }

    pub fn render(&self, values: &TemplateValues) -> String {
        let mut out = String::new();
        for piece in &self.pieces {
            render_piece(piece, values, &mut out);
        }
        tidy(&out)
    }
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

fn parse_pieces(
    chars: &mut Chars<'_>,
    text: &str,
    in_optional: bool,
) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    while let Some((at, c)) = chars.next() {
        let doubled = chars.peek().map(|(_, next)| *next) == Some(c);
        match c {
            '{' | '}' | '[' | ']' if doubled => {
                chars.next();
                literal.push(c);
            }
            '{' => {
                flush(&mut literal, &mut pieces);
                pieces.push(parse_value(chars, text, at)?);
            }
            '[' if in_optional => {
                return Err(format!("optional parts cannot nest (at column {})", at + 1))
            }
            '[' => {
                flush(&mut literal, &mut pieces);
                pieces.push(Piece::Optional(parse_pieces(chars, text, true)?));
            }
            ']' if in_optional => {
                flush(&mut literal, &mut pieces);
                return Ok(pieces);
            }
            '}' | ']' => return Err(format!("unmatched '{c}' at column {}", at + 1)),
            _ => literal.push(c),
        }
    }
    if in_optional {
        return Err("an optional part '[' is never closed with ']'".into());
    }
    flush(&mut literal, &mut pieces);
    Ok(pieces)
}

fn parse_value(chars: &mut Chars<'_>, text: &str, start: usize) -> Result<Piece, String> {
    let mut inner = String::new();
    for (_, c) in chars.by_ref() {
        if c == '}' {
            let (name, fallback) = match inner.split_once('|') {
                Some((name, fallback)) => (name.trim().to_owned(), Some(fallback.to_owned())),
                None => (inner.trim().to_owned(), None),
            };
            if name.is_empty() {
                return Err(format!("an empty {{}} at column {}", start + 1));
            }
            return Ok(Piece::Value { name, fallback });
        }
        inner.push(c);
    }
    Err(format!(
        "'{{' at column {} is never closed in {text:?}",
        start + 1
    ))
}

fn flush(literal: &mut String, pieces: &mut Vec<Piece>) {
    if !literal.is_empty() {
        pieces.push(Piece::Text(std::mem::take(literal)));
    }
}

fn check(pieces: &[Piece], in_optional: bool, problems: &mut Vec<String>) {
    for piece in pieces {
        match piece {
            Piece::Text(_) => {}
            Piece::Value { name, fallback } => {
                if !VARIABLES.contains(&name.as_str()) {
                    problems.push(format!(
                        "unknown variable {{{name}}} (known: {})",
                        VARIABLES.join(", ")
                    ));
                } else if fallback.is_none() && !in_optional {
                    problems.push(format!(
                        "{{{name}}} may be missing: give it a fallback ({{{name}|...}}) or put it in an optional [...] part"
                    ));
                }
            }
            Piece::Optional(inner) => check(inner, true, problems),
        }
    }
}

fn value<'v>(values: &'v TemplateValues, name: &str) -> Option<&'v str> {
    values.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
}

fn render_piece(piece: &Piece, values: &TemplateValues, out: &mut String) {
    match piece {
        Piece::Text(text) => out.push_str(text),
        Piece::Value { name, fallback } => {
            out.push_str(
                value(values, name)
                    .or(fallback.as_deref())
                    .unwrap_or_default(),
            );
        }
        Piece::Optional(inner) => {
            let complete = inner.iter().all(|p| match p {
                Piece::Value { name, fallback } => {
                    value(values, name).is_some() || fallback.is_some()
                }
                _ => true,
            });
            if complete {
                for piece in inner {
                    render_piece(piece, values, out);
                }
            }
        }
    }
}

/// Collapses doubled spaces and spaces before punctuation left by dropped parts.
fn tidy(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if matches!(c, ',' | '.' | '?' | '!' | ';' | ':') && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&'static str, &str)]) -> TemplateValues {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    #[test]
    fn values_fallbacks_and_optional_parts() {
        let t = Template::parse(
            "Hi {lead.first_name|there}[, this is {rep.first_name}][ from {team.company}].",
        )
        .unwrap();
        assert!(t.problems().is_empty());
        let all = values(&[
            ("lead.first_name", "Ann"),
            ("rep.first_name", "Sam"),
            ("team.company", "Brightside"),
        ]);
        assert_eq!(t.render(&all), "Hi Ann, this is Sam from Brightside.");
        assert_eq!(
            t.render(&values(&[("rep.first_name", "Sam")])),
            "Hi there, this is Sam."
        );
        assert_eq!(t.render(&values(&[("lead.first_name", "  ")])), "Hi there.");
    }

    #[test]
    fn literal_brackets_and_tidy_spacing() {
        let t = Template::parse("Press [[1]] {{now}}[ about {lead.asked_about}] , please").unwrap();
        assert_eq!(t.render(&TemplateValues::new()), "Press [1] {now}, please");
    }

    #[test]
    fn problems_name_the_variable() {
        let unknown = Template::parse("Hi {lead.nickname|you}")
            .unwrap()
            .problems();
        assert!(unknown[0].contains("{lead.nickname}"), "{unknown:?}");
        let bare = Template::parse("Hi {lead.first_name}").unwrap().problems();
        assert!(bare[0].contains("fallback"), "{bare:?}");
        assert!(Template::parse("Hi [{lead.first_name}]")
            .unwrap()
            .problems()
            .is_empty());
    }

    #[test]
    fn malformed_templates_are_refused() {
        assert!(Template::parse("Hi {lead.first_name").is_err());
        assert!(Template::parse("Hi ]").is_err());
        assert!(Template::parse("[a [b]]").is_err());
        assert!(Template::parse("[never closed").is_err());
        assert!(Template::parse("{}").is_err());
    }
}
