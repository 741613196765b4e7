//! Warnings about a counter read as if this event were not counted yet.
//! Every `count` of the event's kind runs before the rules, so with `count
//! 1 to visits on purchase`, `visits this month == 0` never holds on a
//! purchase, and neither does a segment that asks it; a gap before the
//! event is `days_since(visits)`.

use rust_decimal::Decimal;

use super::Checker;
use crate::codes::Code;
use crate::kinds::Kind;
use crate::plan::{CmpOp, Const, CountPlan, Expr};
use crate::span::Span;
use crate::types::Field;

/// What a `count` surely adds to its counter on every event of its kind:
/// a constant above zero, for the whole event, without a condition.
pub(super) struct CountedFirst {
    kind: Result<Kind, String>,
    at_least: Decimal,
}

impl Checker<'_> {
    /// Notes the `count` rules that surely count every event of their kind.
    pub(super) fn note_counted_first(&mut self, counts: &[CountPlan]) {
        for c in counts {
            if let (None, false, Expr::Const(Const::Num(n))) = (&c.condition, c.per_line, &c.amount)
            {
                if *n > Decimal::ZERO {
                    self.counted_first
                        .entry(c.counter)
                        .or_default()
                        .push(CountedFirst {
                            kind: c.kind.clone(),
                            at_least: *n,
                        });
                }
            }
        }
    }

    /// Warns when the condition of a rule `on kind` compares a counter
    /// with less than this event surely counts, itself or through the
    /// segment it asks for.
    pub(super) fn warn_counted_first(
        &mut self,
        condition: &Expr,
        kind: &Result<Kind, String>,
        span: Span,
    ) {
        // Said only with a warning (a compile makes none for most rules).
        let on = || match kind {
            Ok(k) => format!("a {}", k.name().replace('_', " ")),
            Err(custom) => format!("an event \"{custom}\""),
        };
        for atom in condition.conjuncts() {
            let why = match segment_asked(atom) {
                Some(name) => self
                    .segment_conditions
                    .get(name)
                    .and_then(|c| self.never_counted(c, kind))
                    .map(|why| format!("segment \"{name}\" never holds on {}: {why}", on())),
                None => self
                    .never_counted(atom, kind)
                    .map(|why| format!("this condition can never hold on {}: {why}", on())),
            };
            if let Some(why) = why {
                self.warning(Code::NeverHolds, span, why);
                return;
            }
        }
    }

    /// Why a condition (one of whose `and`ed parts is `counter read OP n`)
    /// cannot hold on an event of `kind` that its `count` counts first.
    fn never_counted(&self, condition: &Expr, kind: &Result<Kind, String>) -> Option<String> {
        condition.conjuncts().into_iter().find_map(|atom| {
            let Expr::Cmp(op, l, r) = atom else {
                return None;
            };
            let (Expr::Counter(counter, period), Expr::Const(Const::Num(n))) = (&**l, &**r) else {
                return None;
            };
            let at_least = self
                .counted_first
                .get(counter)?
                .iter()
                .filter(|c| &c.kind == kind)
                .map(|c| c.at_least)
                .max()?;
            let never = match op {
                CmpOp::Eq => *n < at_least,
                CmpOp::Lt => *n <= at_least,
                CmpOp::Le => *n < at_least,
                CmpOp::Ne | CmpOp::Gt | CmpOp::Ge => false,
            };
            let name = self.counters.get(*counter)?;
            let event = match kind {
                Ok(k) => k.name().to_string(),
                Err(custom) => format!("event \"{custom}\""),
            };
            never.then(|| {
                format!(
                    "`count {at_least} to {name} on {event}` counts this event before the rules run, \
                     so `{name} {period}` is at least {at_least} here; for a gap before the event, \
                     use `days_since({name})`"
                )
            })
        })
    }
}

/// `member.segment == "NAME"`: the segment asked for.
fn segment_asked(e: &Expr) -> Option<&str> {
    let Expr::Cmp(CmpOp::Eq, l, r) = e else {
        return None;
    };
    match (&**l, &**r) {
        (Expr::Field(Field::MemberSegment), Expr::Const(Const::Text(t)))
        | (Expr::Const(Const::Text(t)), Expr::Field(Field::MemberSegment)) => Some(t),
        _ => None,
    }
}
