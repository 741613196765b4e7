//! A tier's requirement written as a condition: in parentheses, with
//! `>=`, or with a period inside it.

use crate::error::Diagnostic;
use crate::span::Span;

/// A tier's requirement in parentheses (`silver when (5000 USD pqp and 15
/// flights) or 6000 USD pqp`): a condition takes them there, a requirement
/// does not, so `(` after `when`, `and` or `or` fails only in a
/// requirement. Its paths need none.
pub(super) fn requirement_parens(src: &str, pos: usize) -> Option<Diagnostic> {
    if !src.get(pos..)?.starts_with('(') {
        return None;
    }
    let before = src.get(..pos)?.split_whitespace().next_back()?;
    if !matches!(before, "when" | "and" | "or") {
        return None;
    }
    Some(
        Diagnostic::error(
            src,
            Span::new(pos, pos + 1),
            "a tier's requirement is written without parentheses",
        )
        .with_help(Some(
            "`and` joins the parts of a path and `or` joins the paths, each path whole: \
             `5000 USD spend and 15 flights or 6000 USD spend`"
                .into(),
        )),
    )
}

/// `silver when nights >= 10` in a tiers block: a requirement is the
/// threshold, then the counter.
pub(super) fn requirement_as_condition(src: &str, pos: usize) -> Option<String> {
    let rest = src.get(pos..)?;
    let op = [">=", ">", "=="]
        .into_iter()
        .find(|op| rest.starts_with(op))?;
    let before = src.get(..pos)?;
    if !in_tiers_block(before) {
        return None;
    }
    let words: Vec<&str> = before.split_whitespace().rev().take(3).collect();
    let [counter, "when", level] = words.as_slice() else {
        return None;
    };
    // The number, and a currency after it (`500 USD`).
    let mut tokens = rest.get(op.len()..)?.split_whitespace();
    let number = tokens
        .next()
        .map(|t| t.trim_end_matches(|c: char| !c.is_ascii_digit()))
        .filter(|t| t.parse::<rust_decimal::Decimal>().is_ok())
        .unwrap_or("10");
    let threshold = match tokens.next() {
        Some(c) if c.len() == 3 && c.chars().all(|c| c.is_ascii_uppercase()) => {
            format!("{number} {c}")
        }
        _ => number.to_string(),
    };
    Some(format!(
        "a requirement is the threshold, then the counter: `{level} when {threshold} {counter}`"
    ))
}

/// `silver when 10 nights over 12 months`: a period in a requirement.
pub(super) fn period_in_requirement(src: &str, pos: usize) -> Option<String> {
    let before = src.get(..pos)?;
    if !in_tiers_block(before) {
        return None;
    }
    let last = before.split_whitespace().next_back()?;
    crate::keywords::PERIOD_WORDS.contains(&last).then(|| {
        "a requirement counts over the qualification period: set it in the block, such as \
         `qualify last 12 months`"
            .to_string()
    })
}

/// Whether the text before an error ends inside a tiers block: its `tiers`
/// with no `}` since.
fn in_tiers_block(before: &str) -> bool {
    before
        .rfind("tiers")
        .and_then(|block| before.get(block..))
        .is_some_and(|since| !since.contains('}'))
}
