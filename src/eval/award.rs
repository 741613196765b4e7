//! One rule's awards: the formula on its base, then tier and campaign
//! multipliers, rounding and caps. When an explanation is asked for, each of
//! these is recorded as a step; otherwise nothing is built and nothing is
//! allocated.

use rust_decimal::Decimal;

use super::context::{id_of, Ctx, LineCtx};
use super::scratch::{Credit, Who};
use crate::error::EvalError;
use crate::outcome::{Award, LineAward, Source, Step};
use crate::plan::{AwardPlan, CampaignMultiplier, CapPlan, Formula, RulePlan, Stacking};
use crate::rounding::{Granularity, RoundingMode};

/// Points earned so far in this event, per recipient and balance.
pub(crate) fn earned_of(earned: &[(Who, usize, Decimal)], who: Who, balance: usize) -> Decimal {
    earned
        .iter()
        .find(|(w, b, _)| *w == who && *b == balance)
        .map_or(Decimal::ZERO, |(_, _, p)| *p)
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
        earned: &[(Who, usize, Decimal)],
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
            if bufs.matched.is_empty() {
                return Ok(false);
            }
            for a in plans {
                out.push(self.line_award(a, bufs, tier_override)?);
            }
        } else {
            if let Some(c) = &r.condition {
                if !self.ctx.holds(c, None, &r.name)? {
                    return Ok(false);
                }
            }
            for a in plans {
                out.push(self.event_award(a, earned, bufs.kept, tier_override)?);
            }
        }
        Ok(true)
    }

    fn precision(&self, a: &AwardPlan) -> u32 {
        self.ctx
            .plan
            .balances
            .get(a.balance)
            .map_or(0, |b| b.precision)
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
            computed: Decimal::ZERO,
            lines: Vec::new(),
            steps: Vec::new(),
            points: Decimal::ZERO,
        }))
    }

    fn event_award(
        &self,
        a: &AwardPlan,
        earned: &[(Who, usize, Decimal)],
        kept: &mut Vec<u32>,
        tier_override: Option<u16>,
    ) -> Result<Credit, EvalError> {
        let who = self.ctx.who(a.recipient);
        let mut award = self.shell(a, who, tier_override);
        let so_far = earned_of(earned, who, a.balance);
        let (base, computed) = self.formula(a, None, so_far)?;
        let precision = self.precision(a);
        let mut trace = Trace(award.as_mut().map(|a| &mut a.steps));
        let mut value = self.multiply(None, computed, precision, kept, &mut trace)?;
        if self.rule.granularity != Granularity::Transaction {
            value = round(self.rule.rounding, value, precision, &mut trace);
        }
        value = cap(self.rule.cap_tx.as_ref(), value, &mut trace);
        if let Some(award) = &mut award {
            award.base = base.map(|b| b.normalize());
            award.computed = computed.normalize();
        }
        Ok(Credit {
            rule: self.index,
            who,
            balance: a.balance,
            points: value,
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
        let precision = self.precision(a);
        let mut sum = Decimal::ZERO;
        let mut computed_sum = Decimal::ZERO;
        for l in bufs.matched.iter().filter_map(|p| self.ctx.line(*p)) {
            let (base, computed) = self.formula(a, Some(&l), Decimal::ZERO)?;
            let mut steps = Vec::new();
            let mut trace = Trace(award.is_some().then_some(&mut steps));
            let category = Some(l.line.category.as_str());
            let mut value = self.multiply(category, computed, precision, bufs.kept, &mut trace)?;
            if self.rule.granularity == Granularity::Line {
                value = round(self.rule.rounding, value, precision, &mut trace);
            }
            value = cap(self.rule.cap_line.as_ref(), value, &mut trace);
            sum = sum
                .checked_add(value)
                .ok_or_else(|| overflow(self.name(), "the sum of its lines"))?;
            computed_sum = computed_sum
                .checked_add(computed)
                .ok_or_else(|| overflow(self.name(), "the sum of its lines"))?;
            if let Some(award) = &mut award {
                award.lines.push(LineAward {
                    line: l.index,
                    sku: l.line.sku.clone(),
                    category: l.line.category.clone(),
                    base: base.map(|b| b.normalize()),
                    computed: computed.normalize(),
                    steps,
                    points: value.normalize(),
                });
            }
        }
        let mut trace = Trace(award.as_mut().map(|a| &mut a.steps));
        let mut value = sum;
        if self.rule.granularity == Granularity::Rule {
            value = round(self.rule.rounding, value, precision, &mut trace);
        }
        value = cap(self.rule.cap_tx.as_ref(), value, &mut trace);
        if let Some(award) = &mut award {
            award.computed = computed_sum.normalize();
        }
        Ok(Credit {
            rule: self.index,
            who,
            balance: a.balance,
            points: value,
            award,
        })
    }

    /// The formula on its base: (base, points).
    fn formula(
        &self,
        a: &AwardPlan,
        line: Option<&LineCtx<'_>>,
        earned: Decimal,
    ) -> Result<(Option<Decimal>, Decimal), EvalError> {
        let name = self.name();
        let base_of = |e| -> Result<Decimal, EvalError> {
            Ok(self.ctx.number(e, line, name)?.max(Decimal::ZERO))
        };
        let ov = || overflow(name, "its award");
        Ok(match &a.formula {
            Formula::Flat { n } => (None, *n),
            Formula::Rate { per_unit, base } => {
                let b = base_of(base)?;
                (Some(b), per_unit.checked_mul(b).ok_or_else(ov)?)
            }
            Formula::Step { n, unit, base } => {
                let b = base_of(base)?;
                let steps = b.checked_div(*unit).ok_or_else(ov)?.floor();
                (Some(b), n.checked_mul(steps).ok_or_else(ov)?)
            }
            Formula::Quantity { n, per } => {
                let q = base_of(per)?;
                (Some(q), n.checked_mul(q).ok_or_else(ov)?)
            }
            Formula::Percent { rate, base } => {
                let b = base_of(base)?;
                (Some(b), rate.checked_mul(b).ok_or_else(ov)?)
            }
            Formula::PercentEarned { rate } => {
                (Some(earned), rate.checked_mul(earned).ok_or_else(ov)?)
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
    }

    /// Tier multipliers, then campaign multipliers by priority, as the
    /// campaigns' stacking policies combine them.
    fn multiply(
        &self,
        category: Option<&str>,
        mut value: Decimal,
        precision: u32,
        kept: &mut Vec<u32>,
        trace: &mut Trace<'_>,
    ) -> Result<Decimal, EvalError> {
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
                        factor = factor
                            .checked_add(k.factor - Decimal::ONE)
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
        value: Decimal,
        factor: Decimal,
        source: impl FnOnce() -> Source,
        then_round: Option<RoundingMode>,
        precision: u32,
        trace: &mut Trace<'_>,
    ) -> Result<Decimal, EvalError> {
        let after = value
            .checked_mul(factor)
            .ok_or_else(|| overflow(self.name(), "a multiplier"))?;
        trace.push(|| Step::Multiply {
            factor: factor.normalize(),
            source: source(),
            before: value.normalize(),
            after: after.normalize(),
        });
        Ok(match then_round {
            Some(mode) => round(mode, after, precision, trace),
            None => after,
        })
    }
}

/// Rounds, recording a step when the value changes.
pub(crate) fn round(
    mode: RoundingMode,
    value: Decimal,
    decimals: u32,
    trace: &mut Trace<'_>,
) -> Decimal {
    let after = mode.apply(value, decimals);
    if after != value {
        trace.push(|| Step::Round {
            mode,
            decimals,
            before: value.normalize(),
            after: after.normalize(),
        });
    }
    after
}

/// Applies a rule's cap, if it has one.
fn cap(cap: Option<&CapPlan>, value: Decimal, trace: &mut Trace<'_>) -> Decimal {
    match cap {
        Some(c) => cut(c, c.limit, value, trace),
        None => value,
    }
}

/// Cuts `value` to `room` (a cap's limit, or what is left of it), recording
/// the cut as a step.
pub(crate) fn cut(cap: &CapPlan, room: Decimal, value: Decimal, trace: &mut Trace<'_>) -> Decimal {
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
