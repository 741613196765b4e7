//! The output side of the formatter: lines, indentation, the space between
//! two tokens, and the comments found between the tokens of the source.
//!
//! The layout (`layout.rs`) decides where lines start; the printer carries
//! the comments along. A comment that followed a token on its line in the
//! source follows it in the output; a comment on a line of its own stays on a
//! line of its own, before the token that followed it. A blank line between
//! two statements is kept (several become one); blank lines at the start and
//! end of a block are dropped.

use crate::parser::Rule;

/// Longest line the layout aims for, in characters.
pub(super) const WIDTH: usize = 100;
/// Indentation of a block's statements, relative to the block.
pub(super) const BLOCK_INDENT: usize = 2;
/// Indentation of a line that continues the line before it.
pub(super) const CONTINUATION: usize = 4;

/// A comment found between two tokens of the source.
#[derive(Debug, Clone, Copy)]
pub(super) struct Comment<'s> {
    /// The comment as written, `//` or `#` included, trailing spaces removed.
    pub text: &'s str,
    /// A line break comes before it in the source.
    pub own_line: bool,
    /// A blank line comes before it in the source.
    pub blank_before: bool,
}

/// What lies between two tokens of the source.
#[derive(Debug, Default)]
pub(super) struct Gap<'s> {
    pub comments: Vec<Comment<'s>>,
    /// A blank line comes after the last comment (or the previous token).
    pub blank_after: bool,
}

/// Reads the comments in the text between two tokens. The text holds only
/// white space and comments, except where the layout dropped a token (a
/// trailing comma), which is skipped.
pub(super) fn scan_gap(gap: &str) -> Gap<'_> {
    let bytes = gap.as_bytes();
    let mut found = Gap::default();
    let mut newlines = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        let starts_comment = b == b'#' || (b == b'/' && bytes.get(i + 1) == Some(&b'/'));
        if starts_comment {
            let end = gap
                .get(i..)
                .and_then(|rest| rest.find('\n'))
                .map_or(gap.len(), |n| i + n);
            let text = gap.get(i..end).unwrap_or("").trim_end();
            found.comments.push(Comment {
                text,
                own_line: newlines > 0,
                blank_before: newlines > 1,
            });
            newlines = 0;
            i = end;
            continue;
        }
        if b == b'\n' {
            newlines += 1;
        }
        i += 1;
    }
    found.blank_after = newlines > 1;
    found
}

/// Whether a space separates two tokens printed on one line.
pub(super) fn space_between(prev: Rule, next: Rule) -> bool {
    let glued = matches!(next, Rule::comma | Rule::rparen | Rule::rbracket)
        || matches!(prev, Rule::lparen | Rule::lbracket | Rule::op_neg)
        // a function call: `month(tx.date)`
        || (prev == Rule::ident && next == Rule::lparen)
        // an empty block: `tier gold {}`
        || (prev == Rule::lbrace && next == Rule::rbrace);
    !glued
}

/// Builds the formatted text, one token at a time.
pub(super) struct Printer<'s> {
    src: &'s str,
    out: String,
    /// Source offset up to which tokens and comments have been printed.
    pos: usize,
    /// Indentation of the statements (or list elements) being printed.
    pub indent: usize,
    /// Indentation of the current output line.
    line_indent: usize,
    /// Characters on the current output line, indentation included.
    col: usize,
    /// Something is printed on the current output line.
    line_open: bool,
    /// The next token starts a new line with this indentation.
    next_line: Option<usize>,
    /// The next line may not be preceded by a blank line (a closing brace).
    tight: bool,
    /// Nothing printed yet in the current block: no blank line before it.
    at_start: bool,
    /// A comment ended the current line: the next token starts a new one.
    broken: bool,
    /// The gap before the next token ends with a blank line.
    blank_pending: bool,
    /// Spaces added to the one before the next token on the same line (a
    /// column aligned with the lines around it).
    pad: usize,
    prev: Option<Rule>,
}

impl<'s> Printer<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        Printer {
            src,
            out: String::with_capacity(src.len() + src.len() / 8),
            pos: 0,
            indent: 0,
            line_indent: 0,
            col: 0,
            line_open: false,
            next_line: None,
            tight: false,
            at_start: true,
            broken: false,
            blank_pending: false,
            pad: 0,
            prev: None,
        }
    }

    /// The column after the last printed character.
    pub(super) fn col(&self) -> usize {
        self.col
    }

    /// Indentation of the current output line.
    pub(super) fn line_indent(&self) -> usize {
        self.line_indent
    }

    /// The next token starts a statement: a new line at the current indentation.
    pub(super) fn line(&mut self) {
        self.next_line = Some(self.indent);
    }

    /// The next token continues the statement on a new, further indented line.
    pub(super) fn continuation_line(&mut self) {
        self.next_line = Some(self.indent + CONTINUATION);
    }

    /// Enters a block or a list whose lines are indented by `indent`; returns
    /// the indentation to restore with [`Printer::close`].
    pub(super) fn open(&mut self, indent: usize) -> usize {
        self.at_start = true;
        std::mem::replace(&mut self.indent, indent)
    }

    /// Leaves a block or a list: the comments before its closing token stay
    /// inside it, and the closing token starts a line at `closing_indent`.
    pub(super) fn close(&mut self, closing: usize, closing_indent: usize, outer: usize) {
        self.line();
        self.flush(closing);
        self.indent = outer;
        self.next_line = Some(closing_indent);
        self.tight = true;
    }

    /// Prints a token of the source, after the comments that precede it.
    pub(super) fn token(&mut self, start: usize, end: usize, rule: Rule, text: &str) {
        self.flush(start);
        self.put(rule, text);
        self.pos = self.pos.max(end);
    }

    /// The next token, if it follows on the same line, is `n` more
    /// columns to the right.
    pub(super) fn pad(&mut self, n: usize) {
        self.pad = n;
    }

    /// Prints a token that the source does not have (a trailing comma).
    pub(super) fn synthetic(&mut self, rule: Rule, text: &str) {
        self.put(rule, text);
    }

    /// Prints the comments at the end of the source; returns the text.
    pub(super) fn finish(mut self) -> String {
        self.indent = 0;
        self.line();
        self.flush(self.src.len());
        if self.line_open {
            self.out.push('\n');
        }
        self.out
    }

    fn put(&mut self, rule: Rule, text: &str) {
        if let Some(indent) = self.next_line.take() {
            let blank = self.blank_pending && !self.tight;
            self.start_line(indent, blank);
        } else if self.broken {
            self.start_line(self.indent + CONTINUATION, false);
        } else if self.line_open && self.prev.is_some_and(|prev| space_between(prev, rule)) {
            self.push(" ");
            for _ in 0..std::mem::take(&mut self.pad) {
                self.push(" ");
            }
        }
        self.pad = 0;
        self.push(text);
        self.prev = Some(rule);
        self.broken = false;
        self.tight = false;
        self.at_start = false;
        self.blank_pending = false;
    }

    /// Prints the comments between the last printed token and `upto`.
    fn flush(&mut self, upto: usize) {
        let Some(gap) = self.src.get(self.pos..upto) else {
            return;
        };
        let gap = scan_gap(gap);
        for comment in &gap.comments {
            self.comment(comment);
        }
        // an empty gap (a second flush at one place) keeps what the first found
        self.blank_pending = gap.blank_after || (self.blank_pending && gap.comments.is_empty());
        self.pos = self.pos.max(upto);
    }

    fn comment(&mut self, comment: &Comment<'_>) {
        if !comment.own_line && self.line_open {
            self.push(" ");
        } else {
            let statement_level = self.next_line.is_some();
            let indent = self.next_line.unwrap_or(self.indent + CONTINUATION);
            self.start_line(indent, comment.blank_before && statement_level);
        }
        self.push(comment.text);
        self.broken = true;
        self.at_start = false;
        self.blank_pending = false;
    }

    fn start_line(&mut self, indent: usize, blank: bool) {
        if self.line_open {
            self.out.push('\n');
        }
        if blank && !self.at_start {
            self.out.push('\n');
        }
        self.line_open = false;
        self.col = 0;
        self.line_indent = indent;
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.col = indent;
    }

    fn push(&mut self, text: &str) {
        self.out.push_str(text);
        self.col += text.chars().count();
        self.line_open = true;
    }
}
