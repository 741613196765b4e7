//! Program text to AST. pest stays behind this module's `parse` function so
//! that the parser can be replaced without touching the rest of the crate;
//! the formatter alone reads pest's tree, through `syntax_tree`.

mod award;
mod build;
mod campaigns;
mod expr;
mod header;
mod history;
mod ledger;
mod messages;
mod mistakes;
mod tiers;

use pest::iterators::Pair;
use pest::Parser as _;

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

/// Parses program text into pest's concrete syntax tree (every token with its
/// place), after the same checks and with the same errors as [`parse`]: the
/// formatter prints programs from it.
pub(crate) fn syntax_tree<'s>(
    src: &'s str,
    limits: &Limits,
) -> Result<Pair<'s, Rule>, Vec<Diagnostic>> {
    tree_and_ast(src, limits).map(|(tree, _)| tree)
}

fn tree_and_ast<'s>(
    src: &'s str,
    limits: &Limits,
) -> Result<(Pair<'s, Rule>, ProgramAst), Vec<Diagnostic>> {
    check_raw_text(src, limits)?;
    let mut pairs = LoyaltyParser::parse(Rule::program_file, src)
        .map_err(|e| vec![messages::from_pest(src, &e)])?;
    let file = pairs.next().ok_or_else(|| {
        vec![Diagnostic::error(
            src,
            Span::new(0, 0),
            "the program is empty",
        )]
    })?;
    let mut builder = build::Builder::new(src, limits);
    let ast = builder.program(file.clone());
    Ok((file, builder.finish(ast)?))
}

/// Size and nesting checks on the raw text, before pest runs: pest recurses
/// on nested parentheses, so their depth must be bounded first.
fn check_raw_text(src: &str, limits: &Limits) -> Result<(), Vec<Diagnostic>> {
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
    Ok(())
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
