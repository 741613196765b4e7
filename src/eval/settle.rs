//! After a rule's formula and multipliers: its per-member limit, its
//! rounding (per rule, or left for the transaction), and its caps (per
//! transaction, per member), on the rule's total per recipient and balance.

use rust_decimal::Decimal;

use super::award::{overflow, RuleRun, Trace};
use super::scratch::{Credit, Who};
use crate::error::EvalError;
use crate::exact::Exact;
use crate::outcome::Step;
use crate::plan::{CapPlan, RulePlan};
use crate::rounding::{Granularity, RoundingMode};

impl RuleRun<'_, '_> {
    /// Whether the rule's per-member limit is reached (noted for the
    /// explanation): then the rule does not apply.
    pub(super) fn limit_reached(&self) -> Result<bool, EvalError> {
        match self.ctx.limit_reached(self.rule)? {
            Some(used) => {
                if let Some(list) = self.limited {
                    list.borrow_mut().push((self.index, used));
                }
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// `cap ... per member [per PERIOD]`: what the rule already gave the
    /// member in the period (from the state) plus `here` (earlier awards of
    /// this rule in this event) leaves room for at most the rest.
    pub(super) fn member_cap(&self, c: &mut Credit, here: Exact) -> Result<(), EvalError> {
        let Some(mc) = &self.rule.cap_member else {
            return Ok(());
        };
        if c.who != Who::Member {
            return Ok(());
        }
        let (_, before) = self.ctx.on().used(self.rule, mc.period, Some(c.balance))?;
        let used = before
            .checked_add(here)
            .ok_or_else(|| overflow(self.name(), "its cap"))?;
        let room = cap_room(mc.cap.limit, used, self.name())?;
        if c.points > room {
            let value = c.points;
            if let Some(a) = c.award.as_mut() {
                a.steps.push(Step::MemberCap {
                    cap: mc.cap.text.clone(),
                    limit: mc.cap.limit.normalize(),
                    period: mc.period,
                    used: before.normalize(),
                    before: value.normalize(),
                    after: room.normalize(),
                });
            }
            c.points = room;
        }
        Ok(())
    }

    /// The rule's rounding and its `cap ... per transaction`, on the rule's
    /// total per recipient and balance: a rule with two awards to one
    /// balance is rounded once, on their sum. When several awards share a
    /// total, the last one carries the rounding; a cap cuts in award order
    /// (earlier awards keep theirs). Rules rounded `per transaction` stay
    /// exact and are rounded with the balance's total, in their own mode.
    pub(super) fn settle(&self, credits: &mut [Credit]) -> Result<(), EvalError> {
        let rule = self.rule;
        if let [only] = credits {
            // One award (the usual rule): its own total.
            return self.settle_one(only);
        }
        for first in 0..credits.len() {
            let Some(key) = credits.get(first).map(|c| (c.who, c.balance)) else {
                continue;
            };
            let seen = credits
                .iter()
                .take(first)
                .any(|c| (c.who, c.balance) == key);
            if seen {
                continue;
            }
            let same = |c: &&mut Credit| (c.who, c.balance) == key;
            if rule.granularity == Granularity::Transaction {
                for c in credits.iter_mut().skip(first).filter(same) {
                    c.pending = Some(rule.rounding);
                }
            }
            if rule.granularity == Granularity::Rule {
                self.round_together(credits, first, key)?;
            }
            if let Some(cap) = &rule.cap_tx {
                let mut used = Exact::ZERO;
                for c in credits.iter_mut().skip(first).filter(same) {
                    let room = cap_room(cap.limit, used, self.name())?;
                    let mut trace = Trace(c.award.as_mut().map(|a| &mut a.steps));
                    c.points = cut(cap, room, c.points, &mut trace);
                    used = used
                        .checked_add(c.points)
                        .ok_or_else(|| overflow(self.name(), "its cap"))?;
                }
            }
            if rule.cap_member.is_some() {
                let mut here = Exact::ZERO;
                for c in credits.iter_mut().skip(first).filter(same) {
                    self.member_cap(c, here)?;
                    here = here
                        .checked_add(c.points)
                        .ok_or_else(|| overflow(self.name(), "its cap"))?;
                }
            }
        }
        Ok(())
    }

    /// `settle` for a rule with one award.
    pub(super) fn settle_one(&self, c: &mut Credit) -> Result<(), EvalError> {
        let rule = self.rule;
        let mut trace = Trace(c.award.as_mut().map(|a| &mut a.steps));
        match rule.granularity {
            Granularity::Transaction => c.pending = Some(rule.rounding),
            Granularity::Rule => {
                let precision = self.ctx.plan.precision(c.balance);
                c.points = round_rule(rule, c.points, precision, &mut trace)
                    .ok_or_else(|| overflow(self.name(), "its rounding"))?;
            }
            Granularity::Line => {}
        }
        if let Some(cap) = &rule.cap_tx {
            c.points = cut(cap, cap.limit.into(), c.points, &mut trace);
        }
        self.member_cap(c, Exact::ZERO)
    }

    /// Rounds the rule's total for `key` (recipient, balance) once; the last
    /// of its credits takes the difference, or, when that would leave it
    /// below zero (0.6 and 0 rounded down together), the credits take it
    /// from the last back, none below zero, so that a cap cutting them in
    /// order cuts what they add up to.
    pub(super) fn round_together(
        &self,
        credits: &mut [Credit],
        first: usize,
        key: (Who, usize),
    ) -> Result<(), EvalError> {
        let mode = self.rule.rounding;
        let precision = self.ctx.plan.precision(key.1);
        let ov = || overflow(self.name(), "its rounding");
        let same = |c: &Credit| (c.who, c.balance) == key;
        let Some(last) = credits.iter().rposition(same) else {
            return Ok(());
        };
        let mut others = 0;
        let mut before_others = Exact::ZERO;
        for c in credits.iter().take(last).skip(first).filter(|c| same(c)) {
            others += 1;
            before_others = before_others.checked_add(c.points).ok_or_else(ov)?;
        }
        if others == 0 {
            let Some(last) = credits.get_mut(last) else {
                return Ok(());
            };
            let mut trace = Trace(last.award.as_mut().map(|a| &mut a.steps));
            last.points =
                round_rule(self.rule, last.points, precision, &mut trace).ok_or_else(ov)?;
            return Ok(());
        }
        let last_points = credits.get(last).map_or(Exact::ZERO, |c| c.points);
        let total = before_others.checked_add(last_points).ok_or_else(ov)?;
        let mut quiet = Trace(None);
        let rounded = round_rule(self.rule, total, precision, &mut quiet).ok_or_else(ov)?;
        if rounded == total {
            return Ok(());
        }
        // What the credits still have to give up (below zero when rounding down).
        let mut left = rounded.checked_sub(total).ok_or_else(ov)?;
        for c in credits
            .get_mut(first..=last)
            .unwrap_or_default()
            .iter_mut()
            .rev()
        {
            if !same(c) || left.is_zero() {
                continue;
            }
            // Rounding up is taken by the last credit whole; rounding down
            // takes at most what a credit has.
            let take = if left.is_negative() {
                left.max(c.points.checked_neg().ok_or_else(ov)?.min(Exact::ZERO))
            } else {
                left
            };
            if take.is_zero() {
                continue;
            }
            let share = c.points.checked_add(take).ok_or_else(ov)?;
            left = left.checked_sub(take).ok_or_else(ov)?;
            let mut trace = Trace(c.award.as_mut().map(|a| &mut a.steps));
            trace.push(|| Step::RoundTogether {
                mode,
                decimals: precision,
                others,
                total_before: total.normalize(),
                total_after: rounded.normalize(),
                before: c.points.normalize(),
                after: share.normalize(),
            });
            c.points = share;
        }
        Ok(())
    }
}

/// Rounds as the rule says: its first step (`MODE to N then`), if any,
/// then its mode to the balance's `decimals`, each step recorded.
pub(crate) fn round_rule(
    rule: &RulePlan,
    value: Exact,
    decimals: u32,
    trace: &mut Trace<'_>,
) -> Option<Exact> {
    let value = match rule.first_round {
        Some((mode, first)) => round(mode, value, first, trace)?,
        None => value,
    };
    round(rule.rounding, value, decimals, trace)
}

/// Rounds, recording a step when the value changes; `None` on overflow.
pub(crate) fn round(
    mode: RoundingMode,
    value: Exact,
    decimals: u32,
    trace: &mut Trace<'_>,
) -> Option<Exact> {
    let after = Exact::from(value.round(mode, decimals)?);
    // Whether the rounding changed anything matters only to the explanation.
    if trace.0.is_some() && after != value {
        trace.push(|| Step::Round {
            mode,
            decimals,
            before: value.normalize(),
            after: after.normalize(),
        });
    }
    Some(after)
}

/// What is left of a cap's limit after `used`, never below zero.
pub(crate) fn cap_room(limit: Decimal, used: Exact, rule: &str) -> Result<Exact, EvalError> {
    Ok(Exact::from(limit)
        .checked_sub(used)
        .ok_or_else(|| overflow(rule, "a cap"))?
        .max(Exact::ZERO))
}

/// Cuts `value` to `room` (a cap's limit, or what is left of it), recording
/// the cut as a step.
pub(crate) fn cut(cap: &CapPlan, room: Exact, value: Exact, trace: &mut Trace<'_>) -> Exact {
    if value <= room {
        return value;
    }
    trace.push(|| Step::Cap {
        cap: cap.text.clone(),
        limit: cap.limit.normalize(),
        before: value.normalize(),
        after: room.normalize(),
    });
    room
}

/// `budget N points` in campaigns: in evaluation order, each award of a
/// budgeted campaign's rule gets at most what all members left of the
/// budget (the budgets' state, and this event's earlier awards); `used`
/// gets what this event used, by campaign.
pub(crate) fn budgets(
    plan: &crate::plan::Plan,
    state: Option<&crate::budget::Budgets>,
    credits: &mut [Credit],
    used: &mut [Exact],
) -> Result<(), EvalError> {
    for c in credits.iter_mut() {
        let Some(rule) = plan.rules.get(c.rule) else {
            continue;
        };
        let Some((ci, cp)) = rule
            .campaign
            .and_then(|ci| plan.campaigns.get(ci).map(|cp| (ci, cp)))
        else {
            continue;
        };
        let Some((limit, balance)) = cp.budget else {
            continue;
        };
        if c.balance != balance {
            continue;
        }
        let ov = || overflow(&rule.name, "its campaign's budget");
        let Some(slot) = used.get_mut(ci) else {
            continue;
        };
        let before = state
            .map_or(Exact::ZERO, |b| b.used(&cp.name))
            .checked_add(*slot)
            .ok_or_else(ov)?;
        let room = cap_room(limit, before, &rule.name)?;
        if c.points > room {
            let value = c.points;
            if let Some(a) = c.award.as_mut() {
                a.steps.push(Step::Budget {
                    campaign: cp.name.clone(),
                    limit: limit.normalize(),
                    used: before.normalize(),
                    before: value.normalize(),
                    after: room.normalize(),
                });
            }
            c.points = room;
        }
        *slot = slot.checked_add(c.points).ok_or_else(ov)?;
    }
    Ok(())
}
