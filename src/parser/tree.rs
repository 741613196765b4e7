//! The concrete syntax tree the AST builder and the formatter read: every
//! token of the grammar's non-silent rules with its place, in the order
//! pest would give them. Both parsers produce it: the hand-written one in
//! `fast` for programs it takes, pest for the rest (and for every error).

use super::Rule;
use crate::span::Span;

/// One node, in pre-order: its rule, its bytes, and the index just after
/// its last descendant (its next sibling, when it has one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Raw {
    pub(super) rule: Rule,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) next: usize,
}

/// A whole parse: the source and its nodes in pre-order.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Tree<'s> {
    src: &'s str,
    nodes: Vec<Raw>,
}

impl<'s> Tree<'s> {
    pub(super) fn new(src: &'s str, nodes: Vec<Raw>) -> Self {
        Tree { src, nodes }
    }

    /// pest's pairs as a tree: one pass over their start and end tokens.
    pub(super) fn from_pest(src: &'s str, pairs: pest::iterators::Pairs<'s, Rule>) -> Self {
        let mut nodes: Vec<Raw> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for token in pairs.tokens() {
            match token {
                pest::Token::Start { rule, pos } => {
                    open.push(nodes.len());
                    nodes.push(Raw {
                        rule,
                        start: pos.pos(),
                        end: pos.pos(),
                        next: 0,
                    });
                }
                pest::Token::End { pos, .. } => {
                    let next = nodes.len();
                    if let Some(raw) = open.pop().and_then(|i| nodes.get_mut(i)) {
                        raw.end = pos.pos();
                        raw.next = next;
                    }
                }
            }
        }
        Tree { src, nodes }
    }

    /// Where this tree and `other` first differ, as text; `None` when they
    /// are the same.
    pub(super) fn first_difference(&self, other: &Tree<'_>) -> Option<String> {
        let show = |t: &Tree<'_>, i: usize| match t.nodes.get(i) {
            Some(r) => format!(
                "{:?} {}..{} {:?}",
                r.rule,
                r.start,
                r.end,
                t.src.get(r.start..r.end).unwrap_or("")
            ),
            None => "nothing".to_string(),
        };
        let at = (0..self.nodes.len().max(other.nodes.len()))
            .find(|&i| self.nodes.get(i) != other.nodes.get(i))?;
        Some(format!(
            "node {at}: {} here, {} from pest",
            show(self, at),
            show(other, at)
        ))
    }

    /// The first top-level node (the whole file), if any.
    pub(crate) fn root(&self) -> Option<Pair<'_>> {
        (!self.nodes.is_empty()).then_some(Pair { tree: self, at: 0 })
    }
}

/// A node of a [`Tree`]: pest's `Pair`, for the methods the builder and
/// the formatter use.
#[derive(Clone, Copy)]
pub(crate) struct Pair<'t> {
    tree: &'t Tree<'t>,
    at: usize,
}

impl<'t> Pair<'t> {
    fn raw(&self) -> Raw {
        self.tree.nodes.get(self.at).copied().unwrap_or(Raw {
            rule: Rule::EOI,
            start: 0,
            end: 0,
            next: self.at + 1,
        })
    }

    pub(crate) fn as_rule(&self) -> Rule {
        self.raw().rule
    }

    pub(crate) fn as_span(&self) -> Span {
        let r = self.raw();
        Span::new(r.start, r.end)
    }

    /// The node's span without the whitespace pest skipped after its last
    /// token (a non-atomic rule that ends with an optional part that is
    /// absent ends after it): a caret under `budget 100 points` stops at
    /// `points`, not at the next line's `}`.
    pub(crate) fn trimmed_span(&self) -> Span {
        let r = self.raw();
        let text = self.tree.src.get(r.start..r.end).unwrap_or("");
        let trimmed = text.trim_end_matches([' ', '\t', '\r', '\n']);
        Span::new(r.start, r.start + trimmed.len())
    }

    pub(crate) fn as_str(&self) -> &'t str {
        let r = self.raw();
        self.tree.src.get(r.start..r.end).unwrap_or("")
    }

    /// The node's children, in order.
    pub(crate) fn into_inner(self) -> Pairs<'t> {
        Pairs {
            tree: self.tree,
            at: self.at + 1,
            end: self.raw().next,
        }
    }

    /// The node's descendants, in pre-order.
    pub(crate) fn descendants(self) -> impl Iterator<Item = Pair<'t>> {
        let tree = self.tree;
        (self.at + 1..self.raw().next).map(move |at| Pair { tree, at })
    }
}

/// The children of a node.
#[derive(Clone)]
pub(crate) struct Pairs<'t> {
    tree: &'t Tree<'t>,
    at: usize,
    end: usize,
}

impl<'t> Iterator for Pairs<'t> {
    type Item = Pair<'t>;

    fn next(&mut self) -> Option<Pair<'t>> {
        if self.at >= self.end {
            return None;
        }
        let pair = Pair {
            tree: self.tree,
            at: self.at,
        };
        self.at = pair.raw().next.max(self.at + 1);
        Some(pair)
    }
}
