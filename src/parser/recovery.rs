//! Where top-level statements start, read from the text alone, so that
//! parsing can start again after a syntax error and report the next one.

/// The keywords that begin a top-level statement (the grammar's `item`).
const STARTS: [&str; 14] = [
    "program",
    "tiers",
    "tier",
    "attribute",
    "earn",
    "cap",
    "campaign",
    "counter",
    "count",
    "segment",
    "ledger",
    "burn",
    "reward",
    "returns",
];

/// The offsets of the statements that start a line outside any block: a
/// line whose first word is a top-level keyword, where the braces opened
/// before it (outside strings and comments) are all closed. A `}` too
/// many counts as none, so that the statements after it are found; a `{`
/// never closed hides every statement after it. One pass over the text.
pub(super) fn statement_starts(src: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    scan(src, src.len(), |i, open| {
        if open.is_empty() && STARTS.contains(&word_at(src, i)) {
            starts.push(i);
        }
    });
    starts
}

/// The `{` still open (the innermost) at the line of `at`, when that line
/// begins with a top-level keyword inside a block and `at` is at or right
/// after that keyword: a block left open, which the statement was read as
/// part of: the `{`, its block's keyword and the line's. A rule in a
/// campaign, or a cap in a rule,
/// is no such line.
pub(super) fn left_open(src: &str, at: usize) -> Option<(usize, &str, &str)> {
    let line_start = src.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = src.get(line_start..)?;
    let first = line_start + (line.len() - line.trim_start().len());
    let keyword = word_at(src, first);
    let before = src.get(first.min(at)..at)?.trim();
    if !STARTS.contains(&keyword) || !(before.is_empty() || before == keyword) {
        return None;
    }
    let mut innermost = None;
    scan(src, first.saturating_add(1), |i, open| {
        if i == first {
            innermost = open.last().copied();
        }
    });
    let open = innermost?;
    let block_line = src.get(..open)?.rfind('\n').map_or(0, |i| i + 1);
    let block_text = src.get(block_line..)?;
    let block = word_at(
        src,
        block_line + (block_text.len() - block_text.trim_start().len()),
    );
    let nested = matches!((block, keyword), ("campaign", "earn") | ("earn", "cap"));
    (!nested && STARTS.contains(&block)).then_some((open, block, keyword))
}

/// The word (letters, digits and `_`) at `i`.
fn word_at(src: &str, i: usize) -> &str {
    super::mistakes::word_at(src.get(i..).unwrap_or(""))
}

/// Whether `at` is outside every block (outside strings and comments).
pub(super) fn at_top_level(src: &str, at: usize) -> bool {
    scan(src, at, |_, _| {}).is_empty()
}

/// The `{` still open at the end of the text (the innermost), outside
/// strings and comments.
pub(super) fn unclosed_brace(src: &str) -> Option<usize> {
    scan(src, src.len(), |_, _| {}).pop()
}

/// Calls `at_line(i, open)` at the first character of each line that is
/// not blank, before `end`, with the `{`s open there (outside strings and
/// comments; a `}` too many closes none); and gives those open at `end`.
fn scan(src: &str, end: usize, mut at_line: impl FnMut(usize, &[usize])) -> Vec<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut line_start = true;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if i >= end {
            return open;
        }
        if line_start && !c.is_whitespace() {
            at_line(i, &open);
        }
        if c == '\n' {
            line_start = true;
            continue;
        }
        if !c.is_whitespace() {
            line_start = false;
        }
        match c {
            '{' => open.push(i),
            '}' => {
                open.pop();
            }
            // A string ends at its quote or at the end of its line.
            '"' => {
                while let Some((_, s)) = chars.next_if(|(_, s)| *s != '\n') {
                    match s {
                        '"' => break,
                        '\\' => {
                            chars.next_if(|(_, s)| *s != '\n');
                        }
                        _ => {}
                    }
                }
            }
            // A comment runs to the end of its line.
            '#' => while chars.next_if(|(_, s)| *s != '\n').is_some() {},
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                while chars.next_if(|(_, s)| *s != '\n').is_some() {}
            }
            _ => {}
        }
    }
    open
}

#[cfg(test)]
mod tests {
    use super::statement_starts;

    #[test]
    fn statements_start_outside_blocks_strings_and_comments() {
        let src = "program \"P\" { currency USD }\n\
                   earn \"A\" on purchase {\n  cap 5 points per transaction\n}\n\
                   # earn \"commented\"\n\
                   earn \"B { brace in a name\" on purchase { award 1 point } // {\n\
                   campaign \"C\" {\n  earn \"D\" on purchase { award 1 point }\n}\n\
                   cap 100 points per transaction\n";
        let found: Vec<&str> = statement_starts(src)
            .into_iter()
            .map(|i| src.get(i..i + 8).unwrap_or(""))
            .collect();
        assert_eq!(
            found,
            [
                "program ",
                "earn \"A\"",
                "earn \"B ",
                "campaign",
                "cap 100 "
            ]
        );
    }

    #[test]
    fn a_block_left_open_hides_what_follows_and_a_brace_too_many_does_not() {
        assert_eq!(
            statement_starts("earn \"A\" on purchase {\nearn \"B\" on purchase { }\n"),
            [0]
        );
        assert_eq!(
            statement_starts("earn \"A\" on purchase { } }\nearn \"B\" on purchase { }\n"),
            [0, 27]
        );
    }
}
