//! Rule conditions compiled to closures when the program is compiled: each
//! node of a condition becomes a closure that reads its field in place and
//! calls its children directly, so evaluating a condition walks no tree,
//! matches no node kind and builds no `Result`. A compiled condition has
//! the three-valued truth of [`Ctx::truth_of`] on the same condition
//! (`plan::lower::tests` holds the two to it); a condition with a node that
//! can fail (arithmetic, counters) is not compiled and is walked as before.

use std::sync::Arc;

use super::context::{Ctx, LineCtx};
use super::expr::{compare, holds, in_set, konst, truth};
use super::value::Value;
use crate::error::EvalError;
use crate::exact::{Exact, Fixed};
use crate::plan::lower::Test;
use crate::plan::{CmpOp, Const, Expr, Plan, RulePlan};
use crate::types::Field;

/// A node's truth: `None` when unknown.
type Truth = dyn for<'c, 'a> Fn(&'c Ctx<'a>, Option<&'c LineCtx<'a>>) -> Option<bool> + Send + Sync;

/// A rule's condition, compiled.
#[derive(Clone)]
pub(crate) struct Check(Arc<Truth>);

impl Check {
    /// Whether the condition holds: only a `true` does.
    pub(crate) fn holds(&self, ctx: &Ctx<'_>, line: Option<&LineCtx<'_>>) -> bool {
        (self.0)(ctx, line) == Some(true)
    }
}

impl<'a> Ctx<'a> {
    /// Whether a rule's condition holds, compiled when it could be (a rule
    /// without a condition always applies).
    pub(crate) fn rule_holds(
        &self,
        rule: &RulePlan,
        line: Option<&LineCtx<'a>>,
    ) -> Result<bool, EvalError> {
        match (&rule.check, &rule.condition) {
            (Some(check), _) => Ok(check.holds(self, line)),
            (None, Some(c)) => self.holds(c, line, &rule.name),
            (None, None) => Ok(true),
        }
    }
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Check")
    }
}

/// Compiles the condition of every rule that has one of the shapes below.
pub(crate) fn compile_rules(plan: &mut Plan) {
    #[cfg(test)]
    if crate::plan::lower::OFF.with(std::cell::Cell::get) {
        return;
    }
    for rule in &mut plan.rules {
        rule.check = rule.condition.as_ref().and_then(compile);
    }
}

/// The condition as a closure, when every node of it has one.
pub(crate) fn compile(e: &Expr) -> Option<Check> {
    node(e, 0).map(|b| Check(Arc::from(b)))
}

/// Conditions nest at most this deep here (deeper ones are walked, whose
/// depth the program's limits already bound).
const DEEPEST: usize = 64;

fn node(e: &Expr, depth: usize) -> Option<Box<Truth>> {
    if depth > DEEPEST {
        return None;
    }
    Some(match e {
        Expr::And(a, b) | Expr::Or(a, b) => {
            // `false and x` is false and `true or x` is true, whatever x;
            // otherwise an unknown side makes the result unknown.
            let decisive = matches!(e, Expr::Or(..));
            let (a, b) = (node(a, depth + 1)?, node(b, depth + 1)?);
            Box::new(move |c, l| {
                let first = a(c, l);
                if first == Some(decisive) {
                    return Some(decisive);
                }
                match (first, b(c, l)) {
                    (_, Some(x)) if x == decisive => Some(decisive),
                    (Some(_), Some(_)) => Some(!decisive),
                    _ => None,
                }
            })
        }
        Expr::Not(x) => {
            let x = node(x, depth + 1)?;
            Box::new(move |c, l| x(c, l).map(|b| !b))
        }
        Expr::Test(t) => test(t),
        Expr::Field(Field::MemberFirstPurchase) => {
            Box::new(|c, _| Some(c.member.purchase_count == 0))
        }
        Expr::Field(f) => {
            let f = *f;
            Box::new(move |c, l| truth(c.field(f, l)))
        }
        Expr::Attr(slot) => {
            let slot = *slot;
            Box::new(move |c, _| truth(c.attrs.get(slot).copied().unwrap_or(Value::Absent)))
        }
        Expr::Cmp(op, a, b) => match (a.as_ref(), b.as_ref()) {
            (Expr::Field(f), Expr::Const(k)) => field_cmp(*op, *f, k.clone(), false),
            (Expr::Const(k), Expr::Field(f)) => field_cmp(*op, *f, k.clone(), true),
            _ => return None,
        },
        Expr::InSet { item, set, negate } => {
            let Expr::Field(f) = item.as_ref() else {
                return None;
            };
            let (f, set, negate) = (*f, set.clone(), *negate);
            Box::new(move |c, l| match c.field(f, l) {
                // Unknown whether a missing value is in the set, or not in it.
                Value::Absent => None,
                v => Some(in_set(&set, &v) != negate),
            })
        }
        Expr::Contains { item, list, negate } => match (item.as_ref(), list.as_ref()) {
            (Expr::Const(Const::Text(t)), Expr::Field(f)) => {
                let (f, t, negate) = (*f, t.clone(), *negate);
                Box::new(move |c, l| match c.field(f, l) {
                    Value::Texts(list) => Some(c.list_contains(list, &t) != negate),
                    _ => None,
                })
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// A field compared with a constant (`flipped`: the constant on the left).
/// A number is compared as a `Fixed` (a few instructions), or as an exact
/// number when one does not fit.
fn field_cmp(op: CmpOp, f: Field, k: Const, flipped: bool) -> Box<Truth> {
    if let Const::Num(d) = k {
        let (fixed, exact) = (Fixed::of(d), Exact::from(d));
        // A purchase's amounts are read as they are held (which fields are
        // amounts is known here, once).
        if f.is_amount() {
            return Box::new(move |c, l| {
                let x = c.amount_field(f, l)?;
                let ord = x
                    .cmp(fixed)
                    .unwrap_or_else(|| Exact::from(x.to_decimal()).cmp(&exact));
                Some(holds(op, if flipped { ord.reverse() } else { ord }))
            });
        }
        return Box::new(move |c, l| {
            // A number compared with anything else (a missing value) is
            // unknown, as `compare` says.
            let Value::Num(n) = c.field(f, l) else {
                return None;
            };
            let ord = Fixed::of_exact(n)
                .and_then(|x| x.cmp(fixed))
                .unwrap_or_else(|| n.cmp(&exact));
            Some(holds(op, if flipped { ord.reverse() } else { ord }))
        });
    }
    if flipped {
        Box::new(move |c, l| compare(op, &konst(&k), &c.field(f, l)))
    } else {
        Box::new(move |c, l| compare(op, &c.field(f, l), &konst(&k)))
    }
}

/// A typed test; a text field of the line or the transaction is read in
/// place.
fn test(t: &Test) -> Box<Truth> {
    if let Test::Text {
        field,
        value,
        equal,
    } = t
    {
        let (value, equal) = (value.clone(), *equal);
        let is = move |found: &str| (found == &*value) == equal;
        match field {
            Field::LineCategory => {
                return Box::new(move |_, l| l.map(|l| is(&l.line.category)));
            }
            Field::LineSku => return Box::new(move |_, l| l.map(|l| is(&l.line.sku))),
            Field::TxChannel => return Box::new(move |c, _| c.tx.map(|t| is(&t.channel))),
            Field::TxStore => return Box::new(move |c, _| c.tx.map(|t| is(&t.store))),
            _ => {}
        }
    }
    let t = t.clone();
    Box::new(move |c, l| c.test(&t, l))
}
