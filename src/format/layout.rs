//! The canonical layout: where each construct of the language starts a line.
//!
//! - Items and statements start a line; a block's statements are indented by
//!   two spaces, and its closing brace has a line of its own.
//! - A block with at most one simple statement (any number of tiers) is
//!   printed on one line when it has no comment and fits in [`WIDTH`].
//! - A rule or campaign heading too long for one line moves its `when`
//!   condition to a continuation line (indented by four); a condition still
//!   too long breaks before each `or` at its top level (or, without one,
//!   before each `and`).
//! - A list too long for its line, or with a comment inside, has one element
//!   per line, each followed by a comma.
//! - Any other statement too long for its line (a redemption table, the
//!   rules or categories a multiplier targets) takes a continuation line
//!   after each comma between its entries.
//! - In a `tiers` block, the `when` of each level with a requirement is
//!   aligned after the longest such level's name.
//! - Tokens are separated by one space, except after `(`, `[` and unary `-`,
//!   before `)`, `]` and `,`, and between a function and its `(`. Commas in
//!   the tier list and a list's trailing comma on one line are dropped.

use crate::parser::Pair;

use super::printer::{scan_gap, space_between, Printer, BLOCK_INDENT, CONTINUATION, WIDTH};
use crate::parser::Rule;

/// A token as printed.
pub(super) struct Leaf<'s> {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) rule: Rule,
    pub(super) text: &'s str,
}

impl<'s> Leaf<'s> {
    fn of(pair: &Pair<'s>) -> Self {
        let span = pair.as_span();
        Leaf {
            start: span.start,
            end: span.end,
            rule: pair.as_rule(),
            text: pair.as_str(),
        }
    }
}

/// Whether a pair is printed as one token (`not in`: as its two words).
fn is_token(pair: &Pair<'_>) -> bool {
    matches!(
        pair.as_rule(),
        Rule::string | Rule::percent_lit | Rule::op_not_in
    ) || pair.into_inner().next().is_none()
}

/// The token a pair is printed as (see [`is_token`]).
fn token<'s>(pair: &Pair<'s>, out: &mut impl FnMut(Leaf<'s>)) {
    let rule = pair.as_rule();
    match rule {
        Rule::EOI => {}
        // `not in` may have comments and line breaks between its words.
        Rule::op_not_in => {
            let span = pair.as_span();
            out(Leaf {
                start: span.start,
                end: span.start + 3,
                rule,
                text: "not",
            });
            out(Leaf {
                start: span.end.saturating_sub(2),
                end: span.end,
                rule,
                text: "in",
            });
        }
        _ => out(Leaf::of(pair)),
    }
}

/// The tokens of a pair, in order, as printed on one line.
pub(super) fn leaves<'s>(pair: Pair<'s>, out: &mut Vec<Leaf<'s>>) {
    each_leaf(pair, &mut |leaf| out.push(leaf));
}

/// Each token of a pair, in order, as printed on one line, given to `out`
/// (the program's version hashes them as they come).
pub(super) fn each_leaf<'s>(pair: Pair<'s>, out: &mut impl FnMut(Leaf<'s>)) {
    if is_token(&pair) {
        return token(&pair, out);
    }
    let rule = pair.as_rule();
    let mut inner = pair.into_inner().peekable();
    while let Some(child) = inner.next() {
        let next = inner.peek().map(Pair::as_rule);
        if !dropped(rule, child.as_rule(), next) {
            each_leaf(child, out);
        }
    }
}

/// Tokens the canonical layout leaves out: commas between tiers, and a
/// list's trailing comma (a list on several lines gets one back).
fn dropped(parent: Rule, rule: Rule, next: Option<Rule>) -> bool {
    rule == Rule::comma
        && (parent == Rule::tiers_decl || (parent == Rule::list && next == Some(Rule::rbracket)))
}

/// The name of a tier level that has a requirement (`gold when ...`).
fn level_with_requirement<'s>(pair: &Pair<'s>) -> Option<&'s str> {
    if pair.as_rule() != Rule::tier_level {
        return None;
    }
    let mut parts = (*pair).into_inner();
    let name = parts.next()?;
    parts.next()?;
    Some(name.as_str())
}

/// Statements whose comma-separated entries a line too long breaks between.
fn breaks_after_commas(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::burn_table
            | Rule::rule_targets
            | Rule::category_targets
            | Rule::tag_targets
            | Rule::discount_stmt
            | Rule::month_days
            | Rule::weekday_list
    )
}

fn is_block(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::header
            | Rule::tiers_decl
            | Rule::earn_rule
            | Rule::tier_block
            | Rule::override_stmt
            | Rule::campaign
            | Rule::ledger_decl
            | Rule::returns_decl
            | Rule::burn_rule
    )
}

/// The width of tokens printed on one line, or `None` when a comment lies
/// between them (a comment ends its line).
fn flat_width(src: &str, tokens: &[Leaf<'_>]) -> Option<usize> {
    let mut width = 0usize;
    let mut prev: Option<&Leaf<'_>> = None;
    for leaf in tokens {
        if let Some(p) = prev {
            let gap = src.get(p.end..leaf.start).unwrap_or("");
            if !scan_gap(gap).comments.is_empty() {
                return None;
            }
            if space_between(p.rule, leaf.rule) {
                width += 1;
            }
        }
        width += leaf.text.chars().count();
        prev = Some(leaf);
    }
    Some(width)
}

pub(super) struct Layout<'s> {
    src: &'s str,
    pub(super) printer: Printer<'s>,
    /// In a `tiers` block: the width of its longest level name followed
    /// by a requirement, so that their `when`s line up.
    level_width: usize,
}

impl<'s> Layout<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        Layout {
            src,
            printer: Printer::new(src),
            level_width: 0,
        }
    }

    /// Prints the whole program.
    pub(super) fn program(&mut self, file: Pair<'s>) {
        for item in file.into_inner() {
            if item.as_rule() != Rule::EOI {
                self.printer.line();
                self.statement(item);
            }
        }
    }

    fn statement(&mut self, pair: Pair<'s>) {
        if is_block(pair.as_rule()) {
            return self.block(pair);
        }
        if let Some(name) = level_with_requirement(&pair) {
            let width = self.level_width.saturating_sub(name.chars().count());
            let mut all = Vec::new();
            leaves(pair, &mut all);
            if self.fits(self.printer.indent + width, &all) {
                let mut parts = pair.into_inner();
                if let Some(first) = parts.next() {
                    self.node(first);
                }
                self.printer.pad(width);
                for part in parts {
                    self.node(part);
                }
                return;
            }
        }
        let mut all = Vec::new();
        leaves(pair, &mut all);
        if self.fits(self.printer.indent, &all) {
            self.node(pair);
        } else {
            self.entries(pair);
        }
    }

    /// A statement too long for its line: a continuation line after each
    /// comma between entries (of a redemption table, of the rules or
    /// categories a multiplier targets...); lists keep their own layout.
    fn entries(&mut self, pair: Pair<'s>) {
        let rule = pair.as_rule();
        if rule == Rule::list || is_token(&pair) {
            return self.node(pair);
        }
        for child in pair.into_inner() {
            let comma = child.as_rule() == Rule::comma;
            self.entries(child);
            if comma && breaks_after_commas(rule) {
                self.printer.continuation_line();
            }
        }
    }

    fn tokens(&mut self, tokens: &[Leaf<'_>]) {
        for leaf in tokens {
            self.printer
                .token(leaf.start, leaf.end, leaf.rule, leaf.text);
        }
    }

    /// Whether tokens fit on one line from column `col`, without a comment.
    fn fits(&self, col: usize, tokens: &[Leaf<'_>]) -> bool {
        flat_width(self.src, tokens).is_some_and(|w| col + w <= WIDTH)
    }

    /// Prints a pair with its own layout: lists may take several lines,
    /// everything else goes on the current line.
    fn node(&mut self, pair: Pair<'s>) {
        if pair.as_rule() == Rule::list {
            self.list(pair);
        } else if is_token(&pair) {
            let mut out = Vec::new();
            token(&pair, &mut |leaf| out.push(leaf));
            self.tokens(&out);
        } else {
            for child in pair.into_inner() {
                self.node(child);
            }
        }
    }

    /// A construct with a heading and a body in braces.
    fn block(&mut self, pair: Pair<'s>) {
        let rule = pair.as_rule();
        let kids: Vec<Pair<'s>> = pair.into_inner().collect();
        let open = kids.iter().position(|k| k.as_rule() == Rule::lbrace);
        let (Some(open), Some(close)) = (open, kids.last()) else {
            return self.node(pair);
        };
        let heading = kids.get(..open).unwrap_or_default();
        let body: Vec<&Pair<'s>> = kids
            .get(open + 1..kids.len().saturating_sub(1))
            .unwrap_or_default()
            .iter()
            .filter(|k| k.as_rule() != Rule::comma)
            .collect();

        // A tier list of bare names goes on one line; levels with
        // requirements and settings take a line each.
        let bare_tiers = rule == Rule::tiers_decl
            && body
                .iter()
                .all(|b| b.as_rule() == Rule::tier_level && b.into_inner().count() == 1);
        let simple = bare_tiers
            || (rule != Rule::tiers_decl
                && body.len() <= 1
                && body.iter().all(|b| !is_block(b.as_rule())));
        if simple {
            let mut all = Vec::new();
            leaves(pair, &mut all);
            if self.fits(self.printer.indent, &all) {
                return self.tokens(&all);
            }
        }

        self.heading(heading);
        if let Some(brace) = kids.get(open) {
            self.node(*brace);
        }
        let outer = self.printer.open(self.printer.indent + BLOCK_INDENT);
        let outer_width = self.level_width;
        if rule == Rule::tiers_decl {
            self.level_width = body
                .iter()
                .filter_map(|b| level_with_requirement(b))
                .map(|name| name.chars().count())
                .max()
                .unwrap_or(0);
        }
        for stmt in body {
            self.printer.line();
            self.statement(*stmt);
        }
        self.level_width = outer_width;
        self.printer.close(close.as_span().start, outer, outer);
        self.node(*close);
    }

    /// The words before a block's `{`, with its `when` condition on a
    /// continuation line when the heading is too long.
    fn heading(&mut self, parts: &[Pair<'s>]) {
        let mut tokens = Vec::new();
        for part in parts {
            leaves(*part, &mut tokens);
        }
        // the heading ends with ` {`; one with a comment is left as it is
        let too_long =
            flat_width(self.src, &tokens).is_some_and(|w| self.printer.indent + w + 2 > WIDTH);
        for part in parts {
            if too_long && part.as_rule() == Rule::condition {
                self.printer.continuation_line();
                self.condition(*part);
            } else {
                self.node(*part);
            }
        }
    }

    /// A condition on its own continuation line, broken before its
    /// top-level `or`s (or `and`s) if it is still too long.
    fn condition(&mut self, cond: Pair<'s>) {
        let mut tokens = Vec::new();
        leaves(cond, &mut tokens);
        let col = self.printer.indent + CONTINUATION;
        if self.fits(col + 2, &tokens) {
            return self.node(cond);
        }
        for part in cond.into_inner() {
            if part.as_rule() != Rule::expr {
                self.node(part);
                continue;
            }
            let items: Vec<Pair<'s>> = part.into_inner().collect();
            let split = if items.iter().any(|i| i.as_rule() == Rule::op_or) {
                Rule::op_or
            } else {
                Rule::op_and
            };
            for item in items {
                if item.as_rule() == split {
                    self.printer.continuation_line();
                }
                self.node(item);
            }
        }
    }

    /// A list: on the current line if it fits and has no comment, otherwise
    /// one element per line, each followed by a comma.
    fn list(&mut self, pair: Pair<'s>) {
        let mut all = Vec::new();
        leaves(pair, &mut all);
        let Some((open, rest)) = all.split_first() else {
            return;
        };
        self.tokens(std::slice::from_ref(open));
        // The `[` is printed: the column is known.
        if rest.len() <= 1 || self.fits(self.printer.col().saturating_sub(1), &all) {
            return self.tokens(rest);
        }
        let kids: Vec<Pair<'s>> = pair.into_inner().collect();
        let Some((close, inner)) = kids.split_last() else {
            return;
        };
        let line_indent = self.printer.line_indent();
        let outer = self.printer.open(line_indent + CONTINUATION);
        let mut iter = inner.iter().skip(1).peekable();
        while let Some(kid) = iter.next() {
            if kid.as_rule() != Rule::expr {
                continue;
            }
            self.printer.line();
            self.node(*kid);
            match iter.peek() {
                Some(comma) if comma.as_rule() == Rule::comma => self.node(*(*comma)),
                _ => self.printer.synthetic(Rule::comma, ","),
            }
        }
        self.printer
            .close(close.as_span().start, line_indent, outer);
        self.node(*close);
    }
}
