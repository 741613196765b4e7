//! One rule's awards: the formula on its base, then tier and campaign
//! multipliers, rounding and caps. When an explanation is asked for, each of
//! these is recorded as a step; otherwise nothing is built and nothing is
//! allocated.

use super::context::{name_of, Ctx, LineCtx};
use super::scratch::{Credit, Who, BOXES};
use super::settle::{cut, round_rule};
use crate::error::EvalError;
use crate::exact::Exact;
use crate::name::Name;
use crate::outcome::{Award, LineAward, Step};
use crate::plan::{AwardPlan, Formula, RulePlan};
use crate::rounding::Granularity;

/// Points earned so far in this event, per recipient and balance.
pub(crate) fn earned_of(earned: &Earned, who: Who, balance: usize) -> Exact {
    earned.get(who, balance).copied().unwrap_or(Exact::ZERO)
}

/// Points earned so far in this event, per recipient and balance.
pub(crate) type Earned = super::by_balance::ByBalance<Exact>;

pub(crate) fn overflow(rule: &str, during: &str) -> EvalError {
    EvalError::Overflow {
        rule: rule.to_string(),
        during: during.to_string(),
    }
}

/// An award with nothing in it (and nothing allocated): what an award box
/// holds between evaluations, and what a new award starts from.
pub(crate) fn empty_award() -> Award {
    Award {
        rule: Name::default(),
        campaign: None,
        tier_override: None,
        balance: Name::default(),
        member: Name::default(),
        formula: Name::default(),
        base: None,
        computed: Exact::ZERO,
        lines: Vec::new(),
        steps: Vec::new(),
        read: Vec::new(),
        points: Exact::ZERO,
        group: None,
    }
}

/// Where steps go: into a list when explaining, nowhere otherwise (and then
/// the step is never built).
pub(crate) struct Trace<'t>(pub Option<&'t mut Vec<Step>>);

impl Trace<'_> {
    pub(crate) fn push(&mut self, step: impl FnOnce() -> Step) {
        if let Some(steps) = &mut self.0 {
            steps.push(step());
        }
    }
}

/// Buffers a rule reuses between events.
pub(crate) struct Buffers<'b> {
    /// Positions of the lines a `for each line` rule matched.
    pub matched: &'b mut Vec<u32>,
    /// Indices of the campaign multipliers kept for one amount.
    pub kept: &'b mut Vec<u32>,
    /// Boxes of earlier outcomes' awards, emptied, to hold new ones
    /// without allocating (explained evaluation only).
    #[allow(clippy::vec_box, reason = "the boxes are what is reused")]
    pub boxes: &'b mut Vec<Box<Award>>,
    /// Names of the input's texts (a line's SKU and category).
    pub names: &'b mut crate::name::NameCache,
}

pub(crate) struct RuleRun<'r, 'a> {
    pub ctx: &'r Ctx<'a>,
    /// Campaigns running for this event, ascending.
    pub running: &'r [u32],
    pub rule: &'r RulePlan,
    /// Index of the rule in the plan.
    pub index: usize,
    pub explain: bool,
    /// Where the credits of this rule's unit start: what is before it was
    /// earned by earlier units (read by `% of earned by`).
    pub unit_start: usize,
    /// Per campaign, when explaining: whether it could touch an award (1)
    /// and whether it did (2); empty otherwise.
    pub campaign_use: &'r [std::cell::Cell<u8>],
    /// Where rules stopped by their per-member limit are noted, when explaining.
    pub limited: Option<&'r std::cell::RefCell<Vec<(usize, u64)>>>,
    /// The recipients' ids as names, by `Who`, when explaining.
    pub ids: &'r [Name],
}

impl RuleRun<'_, '_> {
    pub(super) fn name(&self) -> &str {
        &self.rule.name
    }

    pub(crate) fn runs(&self, campaign: usize) -> bool {
        u32::try_from(campaign).is_ok_and(|c| self.running.binary_search(&c).is_ok())
    }

    /// Appends the rule's awards to `out`; `false` when it does not apply.
    pub(crate) fn awards(
        &self,
        earned: &crate::eval::award::Earned,
        bufs: &mut Buffers<'_>,
        out: &mut Vec<Credit>,
    ) -> Result<bool, EvalError> {
        let r = self.rule;
        if r.campaign.is_some_and(|c| !self.runs(c)) {
            return Ok(false);
        }
        let (plans, tier_override) = r.awards_for(self.ctx.tier);
        if r.per_line {
            self.ctx.check_lines(r)?;
            bufs.matched.clear();
            for (position, l) in (0u32..).zip(self.ctx.lines()) {
                if self.ctx.rule_holds(r, Some(&l))? {
                    bufs.matched.push(position);
                }
            }
            if bufs.matched.is_empty() {
                return Ok(false);
            }
        } else if !self.ctx.rule_holds(r, None)? {
            return Ok(false);
        }
        let start = out.len();
        let mut gives = plans.is_empty();
        for a in plans {
            let (credit, some) = if r.per_line {
                self.line_award(a, bufs, tier_override)?
            } else {
                let earlier = out.get(..self.unit_start).unwrap_or_default();
                self.event_award(a, earned, earlier, bufs, tier_override)?
            };
            gives |= some;
            out.push(credit);
        }
        // A rule whose awards all come to nothing does not apply (and so
        // gives no badge, uses no limit and does not stop).
        if !gives || self.limit_reached()? {
            // Their explanations' boxes serve the next awards.
            for c in out.drain(start..) {
                if let (Some(boxed), true) = (c.award, bufs.boxes.len() < BOXES) {
                    bufs.boxes.push(boxed);
                }
            }
            return Ok(false);
        }
        self.settle(out.get_mut(start..).unwrap_or_default())?;
        Ok(true)
    }

    /// The explanation's award, before its amounts, when explaining: in a
    /// box from `boxes` when there is one.
    #[allow(clippy::vec_box, reason = "the boxes are what is reused")]
    fn shell(
        &self,
        a: &AwardPlan,
        who: Who,
        tier_override: Option<u16>,
        boxes: &mut Vec<Box<Award>>,
    ) -> Option<Box<Award>> {
        if !self.explain {
            return None;
        }
        let plan = self.ctx.plan;
        let award = Award {
            rule: self.rule.name.clone(),
            campaign: self
                .rule
                .campaign
                .and_then(|c| plan.campaigns.get(c))
                .map(|c| c.name.clone()),
            tier_override: tier_override.and_then(|t| plan.tiers.get(usize::from(t)).cloned()),
            balance: plan
                .balances
                .get(a.balance)
                .map(|b| b.name.clone())
                .unwrap_or_default(),
            member: name_of(self.ids, who, self.ctx.member, self.ctx.event),
            formula: a.text.clone(),
            read: self.ctx.award_read(self.rule, a),
            ..empty_award()
        };
        Some(match boxes.pop() {
            Some(mut boxed) => {
                *boxed = award;
                boxed
            }
            None => Box::new(award),
        })
    }

    fn event_award(
        &self,
        a: &AwardPlan,
        earned: &crate::eval::award::Earned,
        earlier: &[Credit],
        bufs: &mut Buffers<'_>,
        tier_override: Option<u16>,
    ) -> Result<(Credit, bool), EvalError> {
        let who = self.ctx.who(a.recipient);
        let mut award = self.shell(a, who, tier_override, bufs.boxes);
        let so_far = match &a.formula {
            Formula::PercentEarned {
                by: Some(rules), ..
            } => {
                let mut sum = Exact::ZERO;
                for c in earlier {
                    if c.who == who && c.balance == a.balance && rules.contains(&c.rule) {
                        sum = sum
                            .checked_add(c.points)
                            .ok_or_else(|| overflow(self.name(), "its award"))?;
                    }
                }
                sum
            }
            // What the rules before gave, for `% of earned` (no other
            // formula reads it).
            Formula::PercentEarned { by: None, .. } => earned_of(earned, who, a.balance),
            _ => Exact::ZERO,
        };
        let (base, computed) = self.formula(a, None, so_far)?;
        let precision = self.ctx.plan.precision(a.balance);
        let mut trace = Trace(award.as_mut().map(|a| &mut a.steps));
        let value = self.multiply(None, a.balance, computed, precision, bufs.kept, &mut trace)?;
        if let Some(award) = &mut award {
            award.base = base.map(Exact::normalize);
            award.computed = computed.normalize();
        }
        let credit = Credit {
            rule: self.index,
            who,
            balance: a.balance,
            points: value,
            pending: None,
            award,
        };
        Ok((credit, !computed.is_zero()))
    }

    fn line_award(
        &self,
        a: &AwardPlan,
        bufs: &mut Buffers<'_>,
        tier_override: Option<u16>,
    ) -> Result<(Credit, bool), EvalError> {
        let who = self.ctx.who(a.recipient);
        let mut award = self.shell(a, who, tier_override, bufs.boxes);
        let precision = self.ctx.plan.precision(a.balance);
        let mut gives = false;
        let mut sum = Exact::ZERO;
        let mut computed_sum = Exact::ZERO;
        let ov = || overflow(self.name(), "the sum of its lines");
        for l in bufs.matched.iter().filter_map(|p| self.ctx.line(*p)) {
            let (base, computed) = self.formula(a, Some(&l), Exact::ZERO)?;
            gives |= !computed.is_zero();
            let mut steps = Vec::new();
            let mut trace = Trace(award.is_some().then_some(&mut steps));
            let mut value = self.multiply(
                Some(l.line),
                a.balance,
                computed,
                precision,
                bufs.kept,
                &mut trace,
            )?;
            if self.rule.granularity == Granularity::Line {
                value = round_rule(self.rule, value, precision, &mut trace)
                    .ok_or_else(|| overflow(self.name(), "its rounding"))?;
            }
            value = match &self.rule.cap_line {
                Some(c) => cut(c, c.limit.into(), value, &mut trace),
                None => value,
            };
            sum = sum.checked_add(value).ok_or_else(ov)?;
            if let Some(award) = &mut award {
                computed_sum = computed_sum.checked_add(computed).ok_or_else(ov)?;
                self.ctx.explain_lines(1 + steps.len())?;
                award.lines.push(LineAward {
                    line: l.index,
                    sku: bufs.names.name(&l.line.sku),
                    category: bufs.names.name(&l.line.category),
                    base: base.map(Exact::normalize),
                    computed: computed.normalize(),
                    steps,
                    points: value.normalize(),
                });
            }
        }
        if let Some(award) = &mut award {
            award.computed = computed_sum.normalize();
        }
        let credit = Credit {
            rule: self.index,
            who,
            balance: a.balance,
            points: sum,
            pending: None,
            award,
        };
        Ok((credit, gives))
    }

    /// The formula on its base: (base, points), exact. A rate per several
    /// units multiplies before it divides, and a quotient that does not
    /// terminate stays a fraction until the rounding.
    pub(super) fn formula(
        &self,
        a: &AwardPlan,
        line: Option<&LineCtx<'_>>,
        earned: Exact,
    ) -> Result<(Option<Exact>, Exact), EvalError> {
        let name = self.name();
        let base_of = |e| -> Result<Exact, EvalError> {
            Ok(self.ctx.number(e, line, name)?.max(Exact::ZERO))
        };
        let ov = || overflow(name, "its award");
        Ok(match &a.formula {
            Formula::Flat { n } => (None, (*n).into()),
            Formula::Rate { n, unit, base } => {
                let b = base_of(base)?;
                let mut points = if n.one {
                    b
                } else {
                    b.times(n.value).ok_or_else(ov)?
                };
                if !unit.one {
                    points = points.checked_div(unit.value.into()).ok_or_else(ov)?;
                }
                (Some(b), points)
            }
            Formula::Step { n, unit, base } => {
                let b = base_of(base)?;
                let per_unit = if unit.one {
                    Some(b)
                } else {
                    b.checked_div(unit.value.into())
                };
                let steps = per_unit.and_then(Exact::floor).ok_or_else(ov)?;
                let points = if n.one {
                    steps
                } else {
                    crate::exact::mul(n.value, steps).ok_or_else(ov)?
                };
                (Some(b), points.into())
            }
            Formula::Quantity { n, per } => {
                let q = base_of(per)?;
                (Some(q), q.times(*n).ok_or_else(ov)?)
            }
            Formula::Percent { rate, base } => {
                let b = base_of(base)?;
                (Some(b), b.times(*rate).ok_or_else(ov)?)
            }
            Formula::PercentEarned { rate, .. } => {
                (Some(earned), earned.times(*rate).ok_or_else(ov)?)
            }
        })
    }
}
