//! One rule's awards: the formula on its base, then tier and campaign
//! multipliers, rounding and caps. When an explanation is asked for, each of
//! these is recorded as a step; otherwise nothing is built and nothing is
//! allocated.

use rust_decimal::Decimal;

use super::context::{id_of, Ctx, LineCtx};
use super::scratch::{Credit, Who};
use crate::error::EvalError;
use crate::exact::Exact;
use crate::outcome::{Award, LineAward, Source, Step};
use crate::plan::{AwardPlan, CampaignMultiplier, CapPlan, Formula, RulePlan, Stacking};
use crate::rounding::{Granularity, RoundingMode};

/// Points earned so far in this event, per recipient and balance.
pub(crate) fn earned_of(earned: &[(Who, usize, Exact)], who: Who, balance: usize) -> Exact {
    earned
        .iter()
        .find(|(w, b, _)| *w == who && *b == balance)
        .map_or(Exact::ZERO, |(_, _, p)| *p)
}

pub(crate) fn overflow(rule: &str, during: &str) -> EvalError {
    EvalError::Overflow {
        rule: rule.to_string(),
        during: during.to_string(),
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
}

impl RuleRun<'_, '_> {
    fn name(&self) -> &str {
        &self.rule.name
    }

    pub(crate) fn runs(&self, campaign: usize) -> bool {
        u32::try_from(campaign).is_ok_and(|c| self.running.binary_search(&c).is_ok())
    }

    /// Appends the rule's awards to `out`; `false` when it does not apply.
    pub(crate) fn awards(
        &self,
        earned: &[(Who, usize, Exact)],
        bufs: &mut Buffers<'_>,
        out: &mut Vec<Credit>,
    ) -> Result<bool, EvalError> {
        let r = self.rule;
        if r.campaign.is_some_and(|c| !self.runs(c)) {
            return Ok(false);
        }
        let (plans, tier_override) = match self
            .ctx
            .tier
            .and_then(|t| r.tier_overrides.iter().find(|(ot, _)| *ot == t))
        {
            Some((t, list)) => (list, Some(*t)),
            None => (&r.awards, None),
        };
        if r.per_line {
            bufs.matched.clear();
            for (position, l) in (0u32..).zip(self.ctx.lines()) {
                let holds = match &r.condition {
                    Some(c) => self.ctx.holds(c, Some(&l), &r.name)?,
                    None => true,
                };
                if holds {
                    bufs.matched.push(position);
                }
            }
            if bufs.matched.is_empty() || self.limit_reached()? {
                return Ok(false);
            }
            let start = out.len();
            for a in plans {
                out.push(self.line_award(a, bufs, tier_override)?);
            }
            self.settle(out.get_mut(start..).unwrap_or_default())?;
        } else {
            if let Some(c) = &r.condition {
                if !self.ctx.holds(c, None, &r.name)? {
                    return Ok(false);
                }
            }
            if self.limit_reached()? {
                return Ok(false);
            }
            let start = out.len();
            for a in plans {
                let earlier = out.get(..self.unit_start).unwrap_or_default();
                let credit = self.event_award(a, earned, earlier, bufs.kept, tier_override)?;
                out.push(credit);
            }
            self.settle(out.get_mut(start..).unwrap_or_default())?;
        }
        Ok(true)
    }

    /// Whether the rule's per-member limit is reached (noted for the
    /// explanation): then the rule does not apply.
    fn limit_reached(&self) -> Result<bool, EvalError> {
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
    fn member_cap(&self, c: &mut Credit, here: Exact) -> Result<(), EvalError> {
        let Some(mc) = &self.rule.cap_member else {
            return Ok(());
        };
        if c.who != Who::Member {
            return Ok(());
        }
        let (_, before) = self.ctx.used(self.rule, mc.period, Some(c.balance))?;
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
    fn settle(&self, credits: &mut [Credit]) -> Result<(), EvalError> {
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
    fn settle_one(&self, c: &mut Credit) -> Result<(), EvalError> {
        let rule = self.rule;
        let mut trace = Trace(c.award.as_mut().map(|a| &mut a.steps));
        match rule.granularity {
            Granularity::Transaction => c.pending = Some(rule.rounding),
            Granularity::Rule => {
                let precision = self.ctx.plan.precision(c.balance);
                c.points = round(rule.rounding, c.points, precision, &mut trace)
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
    /// of its credits takes the difference.
    fn round_together(
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
        let Some(last) = credits.get_mut(last) else {
            return Ok(());
        };
        let mut trace = Trace(last.award.as_mut().map(|a| &mut a.steps));
        if others == 0 {
            last.points = round(mode, last.points, precision, &mut trace).ok_or_else(ov)?;
            return Ok(());
        }
        let total = before_others.checked_add(last.points).ok_or_else(ov)?;
        let rounded = Exact::from(total.round(mode, precision).ok_or_else(ov)?);
        if rounded == total {
            return Ok(());
        }
        let share = rounded.checked_sub(before_others).ok_or_else(ov)?;
        trace.push(|| Step::RoundTogether {
            mode,
            decimals: precision,
            others,
            total_before: total.normalize(),
            total_after: rounded.normalize(),
            before: last.points.normalize(),
            after: share.normalize(),
        });
        last.points = share;
        Ok(())
    }

    /// The explanation's award, before its amounts, when explaining.
    fn shell(&self, a: &AwardPlan, who: Who, tier_override: Option<u16>) -> Option<Box<Award>> {
        if !self.explain {
            return None;
        }
        let plan = self.ctx.plan;
        Some(Box::new(Award {
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
            member: id_of(who, self.ctx.member, self.ctx.event).to_string(),
            formula: a.text.clone(),
            base: None,
            computed: Exact::ZERO,
            lines: Vec::new(),
            steps: Vec::new(),
            points: Exact::ZERO,
            group: None,
        }))
    }

    fn event_award(
        &self,
        a: &AwardPlan,
        earned: &[(Who, usize, Exact)],
        earlier: &[Credit],
        kept: &mut Vec<u32>,
        tier_override: Option<u16>,
    ) -> Result<Credit, EvalError> {
        let who = self.ctx.who(a.recipient);
        let mut award = self.shell(a, who, tier_override);
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
            _ => earned_of(earned, who, a.balance),
        };
        let (base, computed) = self.formula(a, None, so_far)?;
        let precision = self.ctx.plan.precision(a.balance);
        let mut trace = Trace(award.as_mut().map(|a| &mut a.steps));
        let value = self.multiply(None, computed, precision, kept, &mut trace)?;
        if let Some(award) = &mut award {
            award.base = base.map(Exact::normalize);
            award.computed = computed.normalize();
        }
        Ok(Credit {
            rule: self.index,
            who,
            balance: a.balance,
            points: value,
            pending: None,
            award,
        })
    }

    fn line_award(
        &self,
        a: &AwardPlan,
        bufs: &mut Buffers<'_>,
        tier_override: Option<u16>,
    ) -> Result<Credit, EvalError> {
        let who = self.ctx.who(a.recipient);
        let mut award = self.shell(a, who, tier_override);
        let precision = self.ctx.plan.precision(a.balance);
        let mut sum = Exact::ZERO;
        let mut computed_sum = Exact::ZERO;
        let ov = || overflow(self.name(), "the sum of its lines");
        for l in bufs.matched.iter().filter_map(|p| self.ctx.line(*p)) {
            let (base, computed) = self.formula(a, Some(&l), Exact::ZERO)?;
            let mut steps = Vec::new();
            let mut trace = Trace(award.is_some().then_some(&mut steps));
            let category = Some(l.line.category.as_str());
            let mut value = self.multiply(category, computed, precision, bufs.kept, &mut trace)?;
            if self.rule.granularity == Granularity::Line {
                value = round(self.rule.rounding, value, precision, &mut trace)
                    .ok_or_else(|| overflow(self.name(), "its rounding"))?;
            }
            value = match &self.rule.cap_line {
                Some(c) => cut(c, c.limit.into(), value, &mut trace),
                None => value,
            };
            sum = sum.checked_add(value).ok_or_else(ov)?;
            computed_sum = computed_sum.checked_add(computed).ok_or_else(ov)?;
            if let Some(award) = &mut award {
                award.lines.push(LineAward {
                    line: l.index,
                    sku: l.line.sku.clone(),
                    category: l.line.category.clone(),
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
        Ok(Credit {
            rule: self.index,
            who,
            balance: a.balance,
            points: sum,
            pending: None,
            award,
        })
    }

    /// The formula on its base: (base, points), exact. A rate per several
    /// units multiplies before it divides, and a quotient that does not
    /// terminate stays a fraction until the rounding.
    fn formula(
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
                let mut points = b.times(*n).ok_or_else(ov)?;
                if *unit != Decimal::ONE {
                    points = points.checked_div((*unit).into()).ok_or_else(ov)?;
                }
                (Some(b), points)
            }
            Formula::Step { n, unit, base } => {
                let b = base_of(base)?;
                let steps = b
                    .checked_div((*unit).into())
                    .and_then(Exact::floor)
                    .ok_or_else(ov)?;
                let points = crate::exact::mul(*n, steps).ok_or_else(ov)?;
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

    fn multiplier(&self, k: u32) -> Option<&CampaignMultiplier> {
        self.rule.campaign_multipliers.get(k as usize)
    }

    /// The campaign multipliers that apply to an amount, by index: those of
    /// running campaigns that admit the line's category, with only the first
    /// (by priority) of each exclusive group.
    fn keep(&self, category: Option<&str>, kept: &mut Vec<u32>) {
        kept.clear();
        for (mi, m) in self.rule.campaign_multipliers.iter().enumerate() {
            if !self.runs(m.campaign) || !m.lines.admits(category) {
                continue;
            }
            let mi = u32::try_from(mi).unwrap_or(u32::MAX);
            if let Some(group) = m.exclusive {
                let rival = kept
                    .iter_mut()
                    .find(|k| self.multiplier(**k).and_then(|k| k.exclusive) == Some(group));
                if let Some(slot) = rival {
                    // Sorted by priority: a rival of equal priority loses only to a larger factor.
                    if let Some(current) = self.multiplier(*slot) {
                        if current.priority == m.priority && m.factor > current.factor {
                            *slot = mi;
                        }
                    }
                    continue;
                }
            }
            kept.push(mi);
        }
        if !self.campaign_use.is_empty() {
            let mark = |campaign: usize, level: u8| {
                if let Some(u) = self.campaign_use.get(campaign) {
                    u.set(u.get().max(level));
                }
            };
            for m in self.rule.campaign_multipliers.iter() {
                if self.runs(m.campaign) && m.lines.admits(category) {
                    mark(m.campaign, 1);
                }
            }
            for k in kept.iter().filter_map(|k| self.multiplier(*k)) {
                mark(k.campaign, 2);
            }
        }
    }

    /// Tier multipliers, then campaign multipliers by priority, as the
    /// campaigns' stacking policies combine them.
    fn multiply(
        &self,
        category: Option<&str>,
        mut value: Exact,
        precision: u32,
        kept: &mut Vec<u32>,
        trace: &mut Trace<'_>,
    ) -> Result<Exact, EvalError> {
        let plan = self.ctx.plan;
        if let Some(tier) = self.ctx.tier {
            for m in &self.rule.tier_multipliers {
                if m.tier == tier && m.lines.admits(category) {
                    let source = || Source::Tier {
                        tier: plan
                            .tiers
                            .get(usize::from(tier))
                            .cloned()
                            .unwrap_or_default(),
                    };
                    value = self.apply(value, m.factor, source, m.then_round, precision, trace)?;
                }
            }
        }
        if self.rule.campaign_multipliers.is_empty() {
            return Ok(value);
        }
        self.keep(category, kept);
        let name_of = |m: &CampaignMultiplier| {
            plan.campaigns
                .get(m.campaign)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        let kept = kept.iter().filter_map(|k| self.multiplier(*k));
        let of = |stacking| kept.clone().filter(move |k| k.stacking == stacking);
        let (mut added, mut bested) = (false, false);
        for m in kept.clone() {
            match m.stacking {
                Stacking::Multiply => {
                    let source = || Source::Campaign {
                        campaigns: vec![name_of(m)],
                        stacking: "multiply".into(),
                    };
                    value = self.apply(value, m.factor, source, m.then_round, precision, trace)?;
                }
                Stacking::Add if !added => {
                    added = true;
                    let mut factor = Decimal::ONE;
                    for k in of(Stacking::Add) {
                        factor = k
                            .factor
                            .checked_sub(Decimal::ONE)
                            .and_then(|bonus| crate::exact::add(factor, bonus))
                            .ok_or_else(|| overflow(self.name(), "its campaign bonus"))?;
                    }
                    let source = || Source::Campaign {
                        campaigns: of(Stacking::Add).map(name_of).collect(),
                        stacking: "add".into(),
                    };
                    let then_round = of(Stacking::Add).find_map(|k| k.then_round);
                    let factor = factor.max(Decimal::ZERO);
                    value = self.apply(value, factor, source, then_round, precision, trace)?;
                }
                Stacking::Best if !bested => {
                    bested = true;
                    let mut best: &CampaignMultiplier = m;
                    for k in of(Stacking::Best) {
                        if k.factor > best.factor {
                            best = k;
                        }
                    }
                    let source = || Source::Campaign {
                        campaigns: vec![name_of(best)],
                        stacking: "best".into(),
                    };
                    value = self.apply(
                        value,
                        best.factor,
                        source,
                        best.then_round,
                        precision,
                        trace,
                    )?;
                }
                Stacking::Add | Stacking::Best => {}
            }
        }
        Ok(value)
    }

    fn apply(
        &self,
        value: Exact,
        factor: Decimal,
        source: impl FnOnce() -> Source,
        then_round: Option<RoundingMode>,
        precision: u32,
        trace: &mut Trace<'_>,
    ) -> Result<Exact, EvalError> {
        let after = value
            .times(factor)
            .ok_or_else(|| overflow(self.name(), "a multiplier"))?;
        trace.push(|| Step::Multiply {
            factor: factor.normalize(),
            source: source(),
            before: value.normalize(),
            after: after.normalize(),
        });
        match then_round {
            Some(mode) => round(mode, after, precision, trace)
                .ok_or_else(|| overflow(self.name(), "a multiplier's rounding")),
            None => Ok(after),
        }
    }
}

/// Rounds, recording a step when the value changes; `None` on overflow.
pub(crate) fn round(
    mode: RoundingMode,
    value: Exact,
    decimals: u32,
    trace: &mut Trace<'_>,
) -> Option<Exact> {
    let after = Exact::from(value.round(mode, decimals)?);
    if after != value {
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
