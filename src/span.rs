//! Source positions.

use serde::{Deserialize, Serialize};

/// A byte range in the program text. Two spans are equal when they cover
/// the same bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The text of `src` it covers as the author wrote it, on one line
    /// (whitespace collapsed), for explanations.
    pub(crate) fn quote(self, src: &str) -> String {
        let text = src.get(self.start..self.end).unwrap_or("");
        let mut quoted = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !quoted.is_empty() {
                quoted.push(' ');
            }
            quoted.push_str(word);
        }
        quoted
    }
}

/// The place of a span in its source: 1-based line and column (in characters),
/// the text of the line, and how many characters of it the span covers.
pub(crate) struct Place {
    pub line: usize,
    pub column: usize,
    /// The line, or for a line longer than [`QUOTED_CHARS`] the part
    /// around the span, with `…` where it is cut.
    pub text: String,
    /// The column `text`'s first character stands for.
    pub text_column: usize,
    pub width: usize,
}

/// The longest line quoted whole; of a longer one, this many characters
/// around the span are.
pub(crate) const QUOTED_CHARS: usize = 240;

pub(crate) fn locate(src: &str, span: Span) -> Place {
    let start = floor_char_boundary(src, span.start.min(src.len()));
    let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
    let before = src.get(..start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count() + 1;
    let rest = src.get(line_start..).unwrap_or("");
    let line_text = rest.split('\n').next().unwrap_or("").trim_end_matches('\r');
    let column = src.get(line_start..start).map_or(0, |s| s.chars().count()) + 1;
    let line_end = line_start + line_text.len();
    let covered = src
        .get(start..end.min(line_end).max(start))
        .map_or(0, |s| s.chars().count());
    let chars = line_text.chars().count();
    if chars <= QUOTED_CHARS {
        return Place {
            line,
            column,
            text: line_text.to_string(),
            text_column: 1,
            width: covered.max(1),
        };
    }
    // A third of the quote before the span, the rest from it on.
    let from = column.saturating_sub(QUOTED_CHARS / 3).max(1);
    let to = from
        .saturating_add(QUOTED_CHARS)
        .min(chars.saturating_add(1));
    let mut text = String::new();
    let mut text_column = from;
    if from > 1 {
        text.push('…');
        text_column = from - 1;
    }
    text.extend(line_text.chars().skip(from - 1).take(to - from));
    if to <= chars {
        text.push('…');
    }
    Place {
        line,
        column,
        text,
        text_column,
        width: covered.min(to.saturating_sub(column)).max(1),
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
