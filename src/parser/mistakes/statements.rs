//! A rule's statements and the program's declarations in words the
//! language puts otherwise: `to the referrer`, two awards joined by `and`,
//! a group or badge name without quotes, `stop processing`, `segment vip:`,
//! a segment's name in quotes, `on sign up`.

use super::{one_statement, word_at};

/// The help for a mistake at `pos` in a statement or declaration.
pub(super) fn statement_words(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?.trim_end();
    let rest = src.get(pos..)?;
    let word = word_at(rest);
    let last = before.split_whitespace().next_back()?;
    match (last, word) {
        // `award 1000 points to the referrer`.
        ("the", "referrer" | "referred") if before.ends_with(" to the") => {
            Some(format!("write `to {word}`"))
        }
        // `award 1000 points to referrer and 500 points to referred`.
        ("referrer" | "referred", "and") => {
            let award = before.get(before.rfind("award")?..)?;
            let next = one_statement(rest.get("and".len()..)?);
            Some(format!(
                "each award is a statement of its own: `{award}  award {next}`"
            ))
        }
        // `group welcome`, `badge Regular`: names in quotes.
        ("group" | "badge", _) if !word.is_empty() => Some(format!("write `{last} \"{word}\"`")),
        ("stop", _) if !word.is_empty() => {
            Some("write `stop`: no later rule runs for the event once this one applied".into())
        }
        // `on sign up`, `on check in`.
        ("sign", "up") | ("check", "in") if before.ends_with(&format!("on {last}")) => {
            Some(format!("write `on {last}_{word}`"))
        }
        _ => segment_words(before, rest),
    }
}

/// `segment vip: CONDITION`, `segment "vip" when ...`.
fn segment_words(before: &str, rest: &str) -> Option<String> {
    let mut back = before.split_whitespace().rev();
    let last = back.next()?;
    if last == "segment" && rest.starts_with('"') {
        return Some("a segment's name is written without quotes: `segment vip when ...`".into());
    }
    if back.next() == Some("segment") && rest.starts_with(':') {
        let condition = one_statement(rest.get(1..)?);
        return Some(format!("write `segment {last} when {condition}`"));
    }
    None
}
