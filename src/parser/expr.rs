//! Expressions: operator precedence is climbed with explicit stacks (no
//! recursion on operators), and the depth of the resulting tree is bounded so
//! that later passes, which recurse over it, stay within the stack.

use crate::parser::Pair;

use super::build::{children, date_lit, span, time_lit, Builder};
use super::Rule;
use crate::ast::{BinOp, Expr, ExprKind, UnOp};
use crate::codes::Code;
use crate::error::{Diagnostic, Severity};
use crate::limits::Limit;
use crate::span::Span;

enum Op {
    Bin(BinOp, Span),
    Un(UnOp, Span),
}

impl Op {
    fn precedence(&self) -> u8 {
        match self {
            Op::Bin(BinOp::Or, _) => 1,
            Op::Bin(BinOp::And, _) => 2,
            Op::Un(UnOp::Not, _) => 3,
            Op::Bin(
                BinOp::Eq
                | BinOp::Ne
                | BinOp::Lt
                | BinOp::Le
                | BinOp::Gt
                | BinOp::Ge
                | BinOp::In
                | BinOp::NotIn,
                _,
            ) => 4,
            Op::Bin(BinOp::Add | BinOp::Sub, _) => 5,
            Op::Bin(BinOp::Mul | BinOp::Div, _) => 6,
            Op::Un(UnOp::Neg, _) => 7,
        }
    }
}

/// An expression node with the depth of the tree under it.
struct Node {
    expr: Expr,
    depth: usize,
}

/// An operand on the stack: a node, or the terms of a flat `and` or `or`
/// chain still growing. A chain becomes a balanced tree when something else
/// takes it, so that 64 terms are 6 levels deep, not 64: a flat chain is
/// not nesting. Both are associative (also in three-valued logic), and a
/// balanced tree evaluates its terms in the same order, stopping at the
/// same term.
enum Operand {
    Node(Node),
    Chain(BinOp, Vec<Node>),
}

impl Builder<'_> {
    pub(super) fn expr(&mut self, pair: Pair<'_>) -> Option<Expr> {
        self.and_in_or_said = false;
        self.expr_node(pair).map(|node| node.expr)
    }

    /// An expression and its depth: parentheses add none, but the depth of
    /// what they hold counts in the expression around them, so that the
    /// limit bounds the whole tree, not each parenthesised part of it.
    fn expr_node(&mut self, pair: Pair<'_>) -> Option<Node> {
        let mut operands: Vec<Operand> = Vec::new();
        let mut ops: Vec<Op> = Vec::new();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::operand => {
                    for p in part.into_inner() {
                        match p.as_rule() {
                            Rule::op_not => ops.push(Op::Un(UnOp::Not, span(&p))),
                            Rule::op_neg => ops.push(Op::Un(UnOp::Neg, span(&p))),
                            _ => operands.push(Operand::Node(self.primary(p)?)),
                        }
                    }
                }
                rule => {
                    let op = Op::Bin(bin_op(rule)?, span(&part));
                    let prec = op.precedence();
                    while ops.last().is_some_and(|top| top.precedence() >= prec) {
                        let top = ops.pop()?;
                        if prec == 4 && top.precedence() == 4 {
                            if let Op::Bin(_, sp) = op {
                                let help = super::mistakes::tree_help(self.src, sp.start);
                                self.error(
                                    Code::Syntax,
                                    sp,
                                    "comparisons cannot be chained: join them with `and`",
                                );
                                if let Some(last) = self.errors.last_mut() {
                                    last.help = help.or(last.help.take());
                                }
                            }
                            return None;
                        }
                        self.reduce(&mut operands, top)?;
                    }
                    ops.push(op);
                }
            }
        }
        while let Some(top) = ops.pop() {
            self.reduce(&mut operands, top)?;
        }
        let last = operands.pop()?;
        self.operand_node(last)
    }

    /// The node of an operand, building a chain's balanced tree.
    fn operand_node(&mut self, operand: Operand) -> Option<Node> {
        match operand {
            Operand::Node(node) => Some(node),
            Operand::Chain(op, terms) => self.within_depth(balanced(op, terms)?),
        }
    }

    fn reduce(&mut self, operands: &mut Vec<Operand>, op: Op) -> Option<()> {
        let node = match op {
            Op::Un(op, sp) => {
                let inner = operands.pop()?;
                let inner = self.operand_node(inner)?;
                let span = Span::new(sp.start, inner.expr.span.end);
                Node {
                    depth: inner.depth + 1,
                    expr: Expr {
                        kind: ExprKind::Unary(op, Box::new(inner.expr)),
                        span,
                    },
                }
            }
            Op::Bin(op @ (BinOp::And | BinOp::Or), _) => {
                let right = operands.pop()?;
                let right = self.or_side(op, right)?;
                let chain = match operands.pop()? {
                    Operand::Chain(o, mut terms) if o == op => {
                        terms.push(right);
                        Operand::Chain(op, terms)
                    }
                    left => Operand::Chain(op, vec![self.or_side(op, left)?, right]),
                };
                operands.push(chain);
                return Some(());
            }
            Op::Bin(op, _) => {
                let right = operands.pop()?;
                let right = self.operand_node(right)?;
                let left = operands.pop()?;
                let left = self.operand_node(left)?;
                let span = Span::new(left.expr.span.start, right.expr.span.end);
                Node {
                    depth: left.depth.max(right.depth) + 1,
                    expr: Expr {
                        kind: ExprKind::Binary(op, Box::new(left.expr), Box::new(right.expr)),
                        span,
                    },
                }
            }
        };
        operands.push(Operand::Node(self.within_depth(node)?));
        Some(())
    }

    /// The node of one side of `op`: when `op` is `or` and the side an
    /// `and` chain that no parentheses hold (they would have made it a
    /// node), a warning that `and` is read first (`L0505`).
    fn or_side(&mut self, op: BinOp, side: Operand) -> Option<Node> {
        let unparenthesised = op == BinOp::Or && matches!(side, Operand::Chain(BinOp::And, _));
        let node = self.operand_node(side)?;
        if unparenthesised {
            self.warn_and_in_or(node.expr.span);
        }
        Some(node)
    }

    fn warn_and_in_or(&mut self, part: Span) {
        if std::mem::replace(&mut self.and_in_or_said, true) {
            return;
        }
        // The part as written, on one line; a long one is left to the caret.
        let text = self
            .src
            .get(part.start..part.end)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let quoted = text.chars().count() <= 60 && !text.contains(['#', '/']);
        let (message, help) = if quoted {
            (
                format!("`and` is read before `or`: `{text}` is one side of the `or`"),
                format!(
                    "write the parentheses to keep this meaning, `({text})`, or put them around the `or` to read it first"
                ),
            )
        } else {
            (
                "`and` is read before `or`: the part marked is one side of the `or`".to_string(),
                "write parentheses around the part marked to keep this meaning, or around the `or` to read it first"
                    .to_string(),
            )
        };
        self.warnings.push(
            Diagnostic::pending(Severity::Warning, part, message)
                .with_code(Code::Precedence)
                .with_help(Some(help)),
        );
    }

    fn within_depth(&mut self, node: Node) -> Option<Node> {
        if node.depth > self.limits.max_expr_depth {
            self.limit_error(
                node.expr.span,
                Limit::ExprDepth,
                format!(
                    "this expression is nested more than {} levels deep",
                    self.limits.max_expr_depth
                ),
            );
            return None;
        }
        Some(node)
    }

    /// A primary expression. Parentheses, calls and lists recurse, each
    /// through its own small function: stack use per nesting level stays
    /// below the parser's, also in unoptimised builds (tests/hostile.rs).
    fn primary(&mut self, pair: Pair<'_>) -> Option<Node> {
        match pair.as_rule() {
            Rule::paren => self.paren(pair),
            Rule::call => self.call(pair),
            Rule::list => self.list(pair),
            _ => self.literal(pair),
        }
    }

    fn paren(&mut self, pair: Pair<'_>) -> Option<Node> {
        let sp = span(&pair);
        let inner = children(pair).next()?;
        let mut node = self.expr_node(inner)?;
        node.expr.span = sp;
        Some(node)
    }

    fn call(&mut self, pair: Pair<'_>) -> Option<Node> {
        let sp = span(&pair);
        let mut it = children(pair);
        let name = super::build::ident(&it.next()?);
        let mut args = Vec::new();
        let mut below = 0;
        for a in it {
            let arg = self.expr_node(a)?;
            below = below.max(arg.depth);
            args.push(arg.expr);
        }
        self.above(ExprKind::Call(name, args), sp, below)
    }

    fn list(&mut self, pair: Pair<'_>) -> Option<Node> {
        let sp = span(&pair);
        let mut items = Vec::new();
        let mut below = 0;
        for a in children(pair) {
            if items.len() == self.limits.max_list_len {
                self.limit_error(
                    sp,
                    Limit::ListLen,
                    format!(
                        "this list has more than {} elements",
                        self.limits.max_list_len
                    ),
                );
                return None;
            }
            let item = self.expr_node(a)?;
            below = below.max(item.depth);
            items.push(item.expr);
        }
        self.above(ExprKind::List(items), sp, below)
    }

    /// A node over children at most `below` deep.
    fn above(&mut self, kind: ExprKind, span: Span, below: usize) -> Option<Node> {
        self.within_depth(Node {
            expr: Expr { kind, span },
            depth: below + 1,
        })
    }

    fn literal(&mut self, pair: Pair<'_>) -> Option<Node> {
        let sp = span(&pair);
        let kind = match pair.as_rule() {
            Rule::date_lit => ExprKind::Date(date_lit(&pair)),
            Rule::time_lit => ExprKind::Time(time_lit(&pair)),
            Rule::money_lit => {
                let mut amount = None;
                let mut currency = None;
                for c in children(pair) {
                    match c.as_rule() {
                        Rule::number => amount = Some(self.num(&c).value),
                        Rule::currency => currency = Some(super::build::ident(&c)),
                        _ => {}
                    }
                }
                ExprKind::Money(amount?, currency?)
            }
            Rule::percent_lit => {
                let n = children(pair).next()?;
                ExprKind::Percent(self.num(&n).value)
            }
            Rule::number => ExprKind::Number(self.num(&pair).value),
            Rule::string => ExprKind::Text(self.string(pair).name),
            Rule::bool_lit => ExprKind::Bool(pair.as_str() == "true"),
            Rule::path => ExprKind::Path(pair.as_str().to_string()),
            Rule::name => ExprKind::Name(pair.as_str().to_string()),
            Rule::counter_read => self.counter_read(pair)?,
            _ => return None,
        };
        self.above(kind, sp, 0)
    }
}

fn bin_op(rule: Rule) -> Option<BinOp> {
    Some(match rule {
        Rule::op_or => BinOp::Or,
        Rule::op_and => BinOp::And,
        Rule::op_in => BinOp::In,
        Rule::op_not_in => BinOp::NotIn,
        Rule::op_eq => BinOp::Eq,
        Rule::op_ne => BinOp::Ne,
        Rule::op_ge => BinOp::Ge,
        Rule::op_le => BinOp::Le,
        Rule::op_gt => BinOp::Gt,
        Rule::op_lt => BinOp::Lt,
        Rule::op_add => BinOp::Add,
        Rule::op_sub => BinOp::Sub,
        Rule::op_mul => BinOp::Mul,
        Rule::op_div => BinOp::Div,
        _ => return None,
    })
}

/// A balanced tree of `op` over `terms`, in order.
fn balanced(op: BinOp, mut terms: Vec<Node>) -> Option<Node> {
    if terms.len() <= 1 {
        return terms.pop();
    }
    let right = terms.split_off(terms.len() / 2);
    let (left, right) = (balanced(op, terms)?, balanced(op, right)?);
    let span = Span::new(left.expr.span.start, right.expr.span.end);
    Some(Node {
        depth: left.depth.max(right.depth) + 1,
        expr: Expr {
            kind: ExprKind::Binary(op, Box::new(left.expr), Box::new(right.expr)),
            span,
        },
    })
}
