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
    let mut depth: u32 = 0;
    let mut line_start = true;
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if line_start && depth == 0 && !c.is_whitespace() {
            let word = src
                .get(i..)
                .unwrap_or("")
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("");
            if STARTS.contains(&word) {
                starts.push(i);
            }
        }
        if c == '\n' {
            line_start = true;
            continue;
        }
        if !c.is_whitespace() {
            line_start = false;
        }
        match c {
            '{' => depth = depth.saturating_add(1),
            '}' => depth = depth.saturating_sub(1),
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
    starts
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
