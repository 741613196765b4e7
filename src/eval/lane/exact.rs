//! Awards the lane computes with the interpreter's exact functions: those
//! whose multipliers stack other than by multiplying in turn, whose rate is
//! per several units (a quotient that may not terminate), and the awards of
//! a rule that gives one balance several (settled on their sum). What they
//! come to, once settled, is taken into the lane as a `Fixed`.

use super::give_up;
use crate::error::EvalError;
use crate::eval::award::{RuleRun, Trace};
use crate::eval::settle::{cut, round_rule};
use crate::exact::{Exact, Fixed};
use crate::plan::AwardPlan;
use crate::rounding::Granularity;

impl RuleRun<'_, '_> {
    /// An award's points before the rule's own rounding and caps: the
    /// formula and the multipliers, per line (rounded and capped per line)
    /// and summed for a `for each line` rule; and whether its formula came
    /// to anything.
    pub(super) fn exact_value(
        &self,
        a: &AwardPlan,
        earned: Fixed,
        matched: &[u32],
        kept: &mut Vec<u32>,
    ) -> Result<(Exact, bool), EvalError> {
        let r = self.rule;
        let precision = self.ctx.plan.precision(a.balance);
        let mut quiet = Trace(None);
        if !r.per_line {
            let so_far = earned.exact().ok_or_else(give_up)?;
            let (_, computed) = self.formula(a, None, so_far)?;
            let value = self.multiply(None, a.balance, computed, precision, kept, &mut quiet)?;
            return Ok((value, !computed.is_zero()));
        }
        let mut gives = false;
        let mut sum = Exact::ZERO;
        for l in matched.iter().filter_map(|p| self.ctx.line(*p)) {
            let (_, computed) = self.formula(a, Some(&l), Exact::ZERO)?;
            gives |= !computed.is_zero();
            let mut value = self.multiply(
                Some(l.line),
                a.balance,
                computed,
                precision,
                kept,
                &mut quiet,
            )?;
            if r.granularity == Granularity::Line {
                value = round_rule(r, value, precision, &mut quiet).ok_or_else(give_up)?;
            }
            if let Some(c) = &r.cap_line {
                value = cut(c, c.limit.into(), value, &mut quiet);
            }
            sum = sum.checked_add(value).ok_or_else(give_up)?;
        }
        Ok((sum, gives))
    }

    /// The rule's rounding and `cap ... per transaction` on what its awards
    /// to one balance come to: rounded once (the interpreter shares the
    /// difference out, no award below zero, so a cap cutting them in order
    /// leaves the least of the rounded sum and the cap). `Ok(None)` when the
    /// result is not a decimal.
    pub(super) fn exact_settle(
        &self,
        total: Exact,
        precision: u32,
    ) -> Result<Option<Fixed>, EvalError> {
        let r = self.rule;
        let mut quiet = Trace(None);
        let mut points = total;
        if r.granularity == Granularity::Rule {
            points = round_rule(r, points, precision, &mut quiet).ok_or_else(give_up)?;
        }
        if let Some(cap) = &r.cap_tx {
            points = cut(cap, cap.limit.into(), points, &mut quiet);
        }
        Ok(Fixed::of_exact(points))
    }
}
