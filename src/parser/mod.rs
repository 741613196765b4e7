//! Program text to AST. The grammar (`grammar/loyalty.pest`) defines the
//! language; a hand-written parser (`fast`) builds the same concrete syntax
//! tree for the programs it takes, and pest parses the rest and says what is
//! wrong with text that is not a program. The AST builder reads the tree,
//! and so does the formatter, through `syntax_tree`.

mod award;
mod build;
mod campaigns;
mod expr;
mod fast;
mod header;
mod history;
mod ledger;
mod messages;
mod mistakes;
mod recovery;
mod tiers;
mod tree;

use pest::Parser as _;
pub(crate) use tree::{Pair, Tree};

use crate::ast::ProgramAst;
use crate::error::Diagnostic;
use crate::limits::{Limit, Limits};
use crate::span::Span;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/loyalty.pest"]
pub(crate) struct LoyaltyParser;

/// Parses program text into an AST, or returns every syntax error found.
pub(crate) fn parse(src: &str, limits: &Limits) -> Result<ProgramAst, Vec<Diagnostic>> {
    tree_and_ast(src, limits).map(|(_, ast)| ast)
}

/// Parses program text into its concrete syntax tree (every token with its
/// place), after the same checks and with the same errors as [`parse`]: the
/// formatter prints programs from it.
pub(crate) fn syntax_tree<'s>(src: &'s str, limits: &Limits) -> Result<Tree<'s>, Vec<Diagnostic>> {
    tree_and_ast(src, limits).map(|(tree, _)| tree)
}

/// The concrete syntax tree and the AST, for a compile that reads both.
pub(crate) fn tree_and_ast<'s>(
    src: &'s str,
    limits: &Limits,
) -> Result<(Tree<'s>, ProgramAst), Vec<Diagnostic>> {
    let depth = check_raw_text(src, limits)?;
    let fast = if depth <= FAST_DEPTH {
        fast::parse(src)
    } else {
        None
    };
    let tree = match fast {
        Some(tree) => tree,
        None => by_pest(src)?,
    };
    let file = tree.root().ok_or_else(|| {
        vec![Diagnostic::error(
            src,
            Span::new(0, 0),
            "the program is empty",
        )]
    })?;
    let mut builder = build::Builder::new(src, limits);
    let ast = builder.program(file);
    let ast = builder.finish(ast)?;
    Ok((tree, ast))
}

/// The tree pest builds, or its syntax errors in the author's words: the
/// first, and those of the statements after it (see [`recover`]).
fn by_pest(src: &str) -> Result<Tree<'_>, Vec<Diagnostic>> {
    match LoyaltyParser::parse(Rule::program_file, src) {
        Ok(pairs) => Ok(Tree::from_pest(src, pairs)),
        Err(e) => {
            let mut errors = messages::from_pest_all(src, &e);
            recover(src, messages::error_position(&e), &mut errors);
            Err(errors)
        }
    }
}

/// More syntax errors after the one at `pos`, at most one a statement: the
/// text is parsed again from the start of the next top-level statement (a
/// line that starts one outside any block), and so on, up to
/// [`MORE_SYNTAX_ERRORS`] more. Each parse stops at its error, so the text
/// is read about once in all. After a block that does not close, no
/// statement is known to start, and the first error is the last.
fn recover(src: &str, mut pos: usize, errors: &mut Vec<Diagnostic>) {
    let starts = recovery::statement_starts(src);
    for _ in 0..MORE_SYNTAX_ERRORS {
        let Some(&next) = starts.iter().find(|s| **s > pos) else {
            return;
        };
        let Some(rest) = src.get(next..) else {
            return;
        };
        let Err(e) = LoyaltyParser::parse(Rule::program_file, rest) else {
            return;
        };
        let d = messages::from_pest(src, next, &e);
        pos = next.saturating_add(messages::error_position(&e));
        // The same mistake found again elsewhere is reported once.
        if !errors.iter().any(|o| o.line == d.line) {
            errors.push(d);
        }
    }
}

/// At most this many syntax errors after the first.
const MORE_SYNTAX_ERRORS: usize = 20;

/// How the hand-written parser and pest compare on one text (see
/// [`crate::parser_twin`]).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Twin {
    /// Both parsers built the same tree.
    Same,
    /// The hand-written parser left the text to pest, which accepts it
    /// (`true`) or not (`false`).
    Declined(bool),
    /// The text is over a limit or nested deeper than the hand-written
    /// parser goes: pest alone parses it.
    NotTried,
    /// The hand-written parser built a tree pest does not build: where they
    /// part, as text.
    Different(String),
}

pub(crate) fn twin(src: &str) -> Twin {
    if !check_raw_text(src, &Limits::default()).is_ok_and(|depth| depth <= FAST_DEPTH) {
        return Twin::NotTried;
    }
    match (fast::parse(src), by_pest(src)) {
        (None, pest) => Twin::Declined(pest.is_ok()),
        (Some(_), Err(e)) => Twin::Different(format!(
            "pest does not take the text: {}",
            e.first().map_or("", |d| d.message.as_str())
        )),
        (Some(fast), Ok(pest)) => match fast.first_difference(&pest) {
            None => Twin::Same,
            Some(at) => Twin::Different(at),
        },
    }
}

/// Programs nested deeper than this many brackets are parsed by pest, whose
/// stack guard stops early enough on a small stack for the stages after it
/// (the hand-written parser needs less stack per level than they do).
const FAST_DEPTH: usize = 16;

/// Size and nesting checks on the raw text, before the parsers run: they
/// recurse on nested parentheses, so their depth must be bounded first.
/// Returns the deepest nesting of brackets.
fn check_raw_text(src: &str, limits: &Limits) -> Result<usize, Vec<Diagnostic>> {
    if src.len() > limits.max_program_bytes {
        return Err(vec![Diagnostic::limit(
            src,
            Span::new(0, 0),
            Limit::ProgramBytes,
            format!(
                "the program is {} bytes long; the limit is {} bytes",
                src.len(),
                limits.max_program_bytes
            ),
        )]);
    }
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut i = 0usize;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 1,
                        b'"' | b'\n' => break,
                        _ => {}
                    }
                    i += 1;
                }
            }
            b'#' => i = skip_line(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line(bytes, i),
            b'(' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > limits.max_expr_depth {
                    return Err(vec![Diagnostic::limit(
                        src,
                        Span::new(i, i + 1),
                        Limit::ExprDepth,
                        format!(
                            "brackets are nested more than {} levels deep",
                            limits.max_expr_depth
                        ),
                    )]);
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(deepest)
}

fn skip_line(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&c) = bytes.get(i) {
        if c == b'\n' {
            break;
        }
        i += 1;
    }
    i
}
