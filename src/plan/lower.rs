//! Conditions lowered for evaluation: the leaves whose kinds are known when
//! the program is compiled become typed [`Test`]s that compare in place,
//! without building a [`Value`](crate::eval) per operand or dispatching on
//! value kinds (a date part is compared as a whole number, a text field with
//! a constant as text). The logic around them (`and`, `or`, `not`) stays as
//! it is, so a lowered condition has the same three-valued truth as the
//! expression it replaces; anything not lowered is evaluated as before.
//!
//! This is the last step of planning: the index and the analyses of what a
//! program reads see the conditions as written.

use rust_decimal::prelude::ToPrimitive;

use super::{CmpOp, Const, ConstSet, Expr, Func, Plan};
use crate::types::Field;

/// A condition leaf of known kinds.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    /// A text field `==` (or `!=`, `equal` false) a text constant.
    Text {
        field: Field,
        value: Box<str>,
        equal: bool,
    },
    /// A date or time part compared with another part or a whole number
    /// (`month(tx.date) == month(member.birthday)`, `hour(tx.time) >= 18`).
    Part {
        op: CmpOp,
        left: Part,
        right: Operand,
    },
    /// A date or time part in a set of whole numbers or weekdays, as bits
    /// (`weekday(tx.date) in [saturday, sunday]`).
    PartIn { part: Part, bits: u64, negate: bool },
}

impl Test {
    /// The fields and attributes the test reads.
    pub(crate) fn args(&self) -> impl Iterator<Item = Arg> {
        let (a, b) = match self {
            Test::Text { field, .. } => (Arg::Field(*field), None),
            Test::Part { left, right, .. } => (
                left.arg,
                match right {
                    Operand::Part(p) => Some(p.arg),
                    Operand::Int(_) => None,
                },
            ),
            Test::PartIn { part, .. } => (part.arg, None),
        };
        std::iter::once(a).chain(b)
    }

    /// The fields the test reads.
    pub(crate) fn fields(&self) -> impl Iterator<Item = Field> {
        self.args().filter_map(|x| match x {
            Arg::Field(f) => Some(f),
            Arg::Attr(_) => None,
        })
    }
}

/// `FUNC(ARG)`: a part of a date or time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part {
    pub func: Func,
    pub arg: Arg,
}

/// What a part is taken of.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Arg {
    Field(Field),
    Attr(usize),
}

/// The right side of a part comparison.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Operand {
    Part(Part),
    Int(i64),
}

#[cfg(test)]
thread_local! {
    /// Compiles without lowering (tests compare the two).
    pub(crate) static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Lowers the conditions of the plan's rules, campaigns, segments and counts.
pub(crate) fn conditions(plan: &mut Plan) {
    #[cfg(test)]
    if OFF.with(std::cell::Cell::get) {
        return;
    }
    let rules = plan.rules.iter_mut().filter_map(|r| r.condition.as_mut());
    let campaigns = plan
        .campaigns
        .iter_mut()
        .filter_map(|c| c.condition.as_mut());
    let segments = plan.segments.iter_mut().map(|s| &mut s.condition);
    let counts = plan.counts.iter_mut().filter_map(|c| c.condition.as_mut());
    for e in rules.chain(campaigns).chain(segments).chain(counts) {
        condition(e);
    }
}

/// Lowers the leaves of one condition, through its `and`, `or` and `not`
/// (iteratively: a condition's depth costs no stack here).
fn condition(root: &mut Expr) {
    let mut stack = vec![root];
    while let Some(e) = stack.pop() {
        match e {
            Expr::And(a, b) | Expr::Or(a, b) => {
                stack.push(a);
                stack.push(b);
            }
            Expr::Not(x) => stack.push(x),
            leaf => {
                if let Some(t) = test(leaf) {
                    *leaf = Expr::Test(Box::new(t));
                }
            }
        }
    }
}

/// The typed test of a leaf, when its kinds allow one.
fn test(e: &Expr) -> Option<Test> {
    match e {
        Expr::Cmp(op @ (CmpOp::Eq | CmpOp::Ne), a, b) => match (a.as_ref(), b.as_ref()) {
            (Expr::Field(f), Expr::Const(Const::Text(t)))
            | (Expr::Const(Const::Text(t)), Expr::Field(f)) => Some(Test::Text {
                field: *f,
                value: t.clone(),
                equal: *op == CmpOp::Eq,
            }),
            _ => part_cmp(*op, a, b),
        },
        Expr::Cmp(op, a, b) => part_cmp(*op, a, b),
        Expr::InSet {
            item,
            set: ConstSet::Other(values),
            negate,
        } => {
            let part = part(item)?;
            let mut bits = 0u64;
            for v in values {
                let n = int(v, part.func)?;
                let n = u32::try_from(n).ok().filter(|n| *n < 64)?;
                bits |= 1 << n;
            }
            Some(Test::PartIn {
                part,
                bits,
                negate: *negate,
            })
        }
        _ => None,
    }
}

fn part_cmp(op: CmpOp, a: &Expr, b: &Expr) -> Option<Test> {
    let (op, left, right) = match (part(a), part(b)) {
        (Some(l), Some(r)) if weekday(l.func) == weekday(r.func) => (op, l, Operand::Part(r)),
        (Some(l), None) => (op, l, Operand::Int(int_of(b, l.func)?)),
        (None, Some(r)) => (flip(op), r, Operand::Int(int_of(a, r.func)?)),
        _ => return None,
    };
    Some(Test::Part { op, left, right })
}

/// `a op b` as `b flip(op) a`.
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        same => same,
    }
}

fn part(e: &Expr) -> Option<Part> {
    let Expr::Call(func, x) = e else { return None };
    let arg = match x.as_ref() {
        Expr::Field(f) => Arg::Field(*f),
        Expr::Attr(slot) => Arg::Attr(*slot),
        _ => return None,
    };
    Some(Part { func: *func, arg })
}

fn int_of(e: &Expr, of: Func) -> Option<i64> {
    match e {
        Expr::Const(c) => int(c, of),
        _ => None,
    }
}

/// Whether a part is a weekday (else a number).
fn weekday(f: Func) -> bool {
    f == Func::Weekday
}

/// A constant of the kind of the part `of` as a whole number: a weekday
/// (Monday 0) for `weekday`, a whole number for the others.
fn int(c: &Const, of: Func) -> Option<i64> {
    match c {
        Const::Num(n) if !weekday(of) && n.fract().is_zero() => n.to_i64(),
        Const::Weekday(w) if weekday(of) => Some(i64::from(*w)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
