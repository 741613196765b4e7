//! One rule in the lane: whether it applies, then each award's points in
//! [`Fixed`] arithmetic (the formula, the tier and campaign multipliers,
//! rounding and caps, in the interpreter's order), settled for crediting.
//!
//! An award whose multipliers combine other than by multiplying in turn
//! (`stacking add` or `best`, exclusive campaigns, `multipliers add`),
//! whose rate is per several units, or that shares its balance with another
//! award of the rule is computed by the interpreter's own functions,
//! exactly (`exact.rs`), and taken into the lane once settled.

use super::{give_up, LanePlan, Settled, Sum};
use crate::error::EvalError;
use crate::eval::award::RuleRun;
use crate::eval::context::LineCtx;
use crate::exact::{Exact, Fixed};
use crate::plan::{AwardPlan, Expr, Formula};
use crate::rounding::{Granularity, RoundingMode};
use crate::types::Field;

impl RuleRun<'_, '_> {
    /// Appends the rule's awards, settled (rounded, capped per line, per
    /// transaction and per member), to `out`: not yet credited, so that a
    /// group can compare its rules first. `false` when the rule does not
    /// apply.
    pub(super) fn straight(
        &self,
        lane: &LanePlan,
        sums: &[Sum],
        credited: &[(usize, usize, Fixed)],
        matched: &mut Vec<u32>,
        kept: &mut Vec<u32>,
        out: &mut Vec<Settled>,
    ) -> Result<bool, EvalError> {
        let r = self.rule;
        if r.campaign.is_some_and(|c| !self.runs(c)) {
            return Ok(false);
        }
        let (awards, _) = r.awards_for(self.ctx.tier);
        if r.per_line {
            self.ctx.check_lines(r)?;
            matched.clear();
            for (position, l) in (0u32..).zip(self.ctx.lines()) {
                if self.ctx.rule_holds(r, Some(&l))? {
                    matched.push(position);
                }
            }
            if matched.is_empty() {
                return Ok(false);
            }
        } else if !self.ctx.rule_holds(r, None)? {
            return Ok(false);
        }
        let plain = lane.plain.get(self.index).copied().unwrap_or(false);
        let repeats = lane.shared.get(self.index).copied().unwrap_or(true);
        let pending = (r.granularity == Granularity::Transaction).then_some(r.rounding);
        let start = out.len();
        let mut gives = awards.is_empty();
        // A balance the rule awards more than once is settled on the sum.
        for (i, a) in awards.iter().enumerate() {
            if repeats && awards.iter().take(i).any(|b| b.balance == a.balance) {
                continue;
            }
            let precision = self.ctx.plan.precision(a.balance);
            let shared = repeats && awards.iter().skip(i + 1).any(|b| b.balance == a.balance);
            let points = if shared {
                let mut total = Exact::ZERO;
                for b in awards.iter().skip(i).filter(|b| b.balance == a.balance) {
                    let earned = self.earned_for(b, sums, credited)?;
                    let (value, some) = self.exact_value(b, earned, matched, kept)?;
                    gives |= some;
                    total = total.checked_add(value).ok_or_else(give_up)?;
                }
                self.exact_settle(total, precision)?
            } else {
                let earned = match a.formula {
                    Formula::PercentEarned { .. } => self.earned_for(a, sums, credited)?,
                    _ => Fixed::ZERO,
                };
                // A rate per several units may not terminate: exact.
                let exact = !plain || matches!(&a.formula, Formula::Rate { unit, .. } if !unit.one);
                if exact {
                    let (value, some) = self.exact_value(a, earned, matched, kept)?;
                    gives |= some;
                    self.exact_settle(value, precision)?
                } else {
                    match self.fixed(a, earned, matched) {
                        Some((points, some)) => {
                            gives |= some;
                            Some(points)
                        }
                        None => None,
                    }
                }
            };
            let points = self.fixed_member_cap(a.balance, points.ok_or_else(give_up)?)?;
            out.push(Settled {
                balance: a.balance,
                points,
                pending,
            });
        }
        // A rule whose awards all come to nothing does not apply.
        if !gives || self.ctx.limit_reached(r)?.is_some() {
            out.truncate(start);
            return Ok(false);
        }
        Ok(true)
    }

    /// What `% of earned` reads for an award: what the rules before this
    /// unit gave its balance, or what the named ones gave it (zero for the
    /// other formulas, which do not read it).
    #[inline]
    fn earned_for(
        &self,
        a: &AwardPlan,
        sums: &[Sum],
        credited: &[(usize, usize, Fixed)],
    ) -> Result<Fixed, EvalError> {
        Ok(match &a.formula {
            Formula::PercentEarned { by: None, .. } => {
                sums.get(a.balance).ok_or_else(give_up)?.earned
            }
            Formula::PercentEarned { by: Some(by), .. } => {
                let mut sum = Fixed::ZERO;
                for c in credited
                    .iter()
                    .filter(|c| c.1 == a.balance && by.contains(&c.0))
                {
                    sum = sum.add(c.2).ok_or_else(give_up)?;
                }
                sum
            }
            _ => Fixed::ZERO,
        })
    }

    /// `cap ... per member [per PERIOD]`: what the rule gave the member in
    /// the period before this event leaves room for at most the rest (the
    /// rule's only award to the balance in this event).
    #[inline]
    fn fixed_member_cap(&self, balance: usize, points: Fixed) -> Result<Fixed, EvalError> {
        let Some(mc) = &self.rule.cap_member else {
            return Ok(points);
        };
        let (_, before) = self.ctx.on().used(self.rule, mc.period, Some(balance))?;
        let before = Fixed::of_exact(before).ok_or_else(give_up)?;
        let room = Fixed::of(mc.cap.limit)
            .sub(before)
            .ok_or_else(give_up)?
            .max_zero();
        points.min(room).ok_or_else(give_up)
    }

    /// An award's points, settled, in `Fixed` arithmetic, and whether its
    /// formula came to anything; `None` when a number does not fit (the
    /// lane gives up).
    #[inline]
    fn fixed(&self, a: &AwardPlan, earned: Fixed, matched: &[u32]) -> Option<(Fixed, bool)> {
        let r = self.rule;
        let precision = self.ctx.plan.precision(a.balance);
        let mut gives = false;
        let mut points = if r.per_line {
            let mut sum = Fixed::ZERO;
            for l in matched.iter().filter_map(|p| self.ctx.line(*p)) {
                let computed = self.fixed_formula(a, Some(&l), earned)?;
                gives |= !computed.is_zero();
                let mut value =
                    self.fixed_multiply(Some(l.line), a.balance, computed, precision)?;
                if r.granularity == Granularity::Line {
                    value = self.fixed_round(value, precision)?;
                }
                if let Some(c) = &r.cap_line {
                    value = value.min(Fixed::of(c.limit))?;
                }
                sum = sum.add(value)?;
            }
            sum
        } else {
            let computed = self.fixed_formula(a, None, earned)?;
            gives = !computed.is_zero();
            self.fixed_multiply(None, a.balance, computed, precision)?
        };
        if r.granularity == Granularity::Rule {
            points = self.fixed_round(points, precision)?;
        }
        if let Some(cap) = &r.cap_tx {
            points = points.min(Fixed::of(cap.limit))?;
        }
        Some((points, gives))
    }

    /// The formula on its base (as `RuleRun::formula` computes it).
    fn fixed_formula(
        &self,
        a: &AwardPlan,
        line: Option<&LineCtx<'_>>,
        earned: Fixed,
    ) -> Option<Fixed> {
        let base = |e: &Expr| -> Option<Fixed> {
            // The usual bases read in place; any other through the
            // expression evaluator (the same value either way).
            let amount = match (e, line) {
                (Expr::Field(Field::LineAmount), Some(l)) => Some(l.amount),
                (Expr::Field(Field::LineGross), Some(l)) => Some(l.gross),
                (Expr::Field(Field::LineQuantity), Some(l)) => Some(Fixed::of(l.line.quantity)),
                (Expr::Field(Field::TxAmount), _) if self.ctx.tx.is_some() => {
                    Some(self.ctx.sums.amount)
                }
                _ => None,
            };
            let value = match amount {
                Some(f) => f,
                None => Fixed::of_exact(self.ctx.number(e, line, &self.rule.name).ok()?)?,
            };
            Some(value.max_zero())
        };
        match &a.formula {
            Formula::Flat { n } => Some(Fixed::of(*n)),
            Formula::Step { n, unit, base: e } => {
                let b = base(e)?;
                let steps = if unit.one {
                    b.round(RoundingMode::Floor, 0)?
                } else {
                    b.steps(Fixed::of(unit.value))?
                };
                if n.one {
                    Some(steps)
                } else {
                    Fixed::of(n.value).mul(steps)
                }
            }
            Formula::Rate { n, unit, base: e } if unit.one => {
                let b = base(e)?;
                if n.one {
                    Some(b)
                } else {
                    b.mul(Fixed::of(n.value))
                }
            }
            Formula::Quantity { n, per } => base(per)?.mul(Fixed::of(*n)),
            Formula::Percent { rate, base: e } => base(e)?.mul(Fixed::of(*rate)),
            Formula::PercentEarned { rate, .. } => earned.mul(Fixed::of(*rate)),
            Formula::Rate { .. } => None,
        }
    }

    /// Tier multipliers, then campaign multipliers by priority, each
    /// multiplying in turn and rounding when it says so.
    fn fixed_multiply(
        &self,
        line: Option<&crate::input::Line>,
        balance: usize,
        mut value: Fixed,
        precision: u32,
    ) -> Option<Fixed> {
        let apply = |value: Fixed, factor, then_round: Option<RoundingMode>| {
            let after = value.mul(Fixed::of(factor))?;
            match then_round {
                Some(mode) => after.round(mode, precision),
                None => Some(after),
            }
        };
        let tier = self.ctx.tier;
        for m in &self.rule.tier_multipliers {
            if Some(m.tier) == tier && m.reach.admits(line, balance) {
                value = apply(value, m.factor, m.then_round)?;
            }
        }
        for m in &self.rule.campaign_multipliers {
            if self.runs(m.campaign) && m.reach.admits(line, balance) {
                value = apply(value, m.factor, m.then_round)?;
            }
        }
        Some(value)
    }

    /// The rule's rounding: its first step, if any, then its mode.
    fn fixed_round(&self, value: Fixed, precision: u32) -> Option<Fixed> {
        let value = match self.rule.first_round {
            Some((mode, first)) => value.round(mode, first)?,
            None => value,
        };
        value.round(self.rule.rounding, precision)
    }
}
