//! The same mistake again: a currency written as the unit of points
//! (`award 5 USD`, `cap 50 USD per transaction`) or a word that is no
//! currency after `per` (`per litre of line.quantity`) is made wherever the
//! program counts so, and the parser stops at the first. Each later place
//! where the same word stands so, outside strings and comments, is
//! reported with it, so that one round of fixes takes them all.

use super::amounts::{award_unit, cap_unit, rate_unit};
use super::word_at;
use crate::error::Diagnostic;

/// At most this many places reported after the first.
const MORE: usize = 99;

/// A unit mistake at `pos` (the place the parser stopped), if that is what
/// it is.
fn unit_mistake(src: &str, pos: usize) -> Option<Diagnostic> {
    award_unit(src, pos)
        .or_else(|| rate_unit(src, pos))
        .or_else(|| cap_unit(src, pos))
}

/// The places after `first` (reported at `pos`) where the same word is
/// written as a unit again, when `first` is such a mistake.
pub(in crate::parser) fn same_unit_elsewhere(
    src: &str,
    pos: usize,
    first: &Diagnostic,
) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    if unit_mistake(src, pos).is_none_or(|d| d.message != first.message) {
        return out;
    }
    let Some(word) = src.get(first.span.start..first.span.end) else {
        return out;
    };
    if word.is_empty() {
        return out;
    }
    // One pass over the text after the first place: strings and comments
    // skipped, each word read once (the cost stays linear in the text).
    let start = first.span.end;
    let rest = src.get(start..).unwrap_or("");
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let (mut in_string, mut in_comment) = (false, false);
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if in_comment {
            in_comment = c != '\n';
            continue;
        }
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' | '\n' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '#' => in_comment = true,
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => in_comment = true,
            c if ident(c) => {
                let len = rest.get(i..).map_or(0, |r| word_at(r).len());
                let at = start + i;
                // Past the word (and any digits that started it): each
                // word is read whole, so a match is the whole word.
                while chars.peek().is_some_and(|(j, _)| *j < i + len) {
                    chars.next();
                }
                if src.get(at..at + len) != Some(word) {
                    continue;
                }
                let end = at + len;
                // The parser stops at the word (`award 5 USD`), or at `of`
                // after it (`per litre of`).
                let next = src
                    .get(end..)
                    .map_or(end, |r| end + (r.len() - r.trim_start().len()));
                let d = unit_mistake(src, at).or_else(|| unit_mistake(src, next));
                if let Some(d) = d.filter(|d| d.span.start >= first.span.end) {
                    if !out.iter().any(|o| o.span == d.span) {
                        out.push(d);
                    }
                }
                if out.len() >= MORE {
                    break;
                }
            }
            _ => {}
        }
    }
    out
}
