//! One rule's awards: the formula on its base, then tier and campaign
//! multipliers, rounding and caps, each recorded as a step.

use rust_decimal::Decimal;

use super::context::{Ctx, LineCtx};
use crate::error::EvalError;
use crate::outcome::{Award, LineAward, Source, Step};
use crate::plan::{AwardPlan, CampaignMultiplier, CapPlan, Formula, RulePlan, Stacking};
use crate::rounding::{Granularity, RoundingMode};

/// A rule's awards, each with the index of its balance.
pub(crate) type RuleAwards = (Vec<Award>, Vec<usize>);

/// Points earned so far in this event, per (recipient, balance).
pub(crate) type Earned = Vec<(String, usize, Decimal)>;

pub(crate) fn earned_of(earned: &Earned, member: &str, balance: usize) -> Decimal {
    earned
        .iter()
        .find(|(m, b, _)| m == member && *b == balance)
        .map_or(Decimal::ZERO, |(_, _, p)| *p)
}

fn overflow(rule: &str, during: &str) -> EvalError {
    EvalError::Overflow {
        rule: rule.to_string(),
        during: during.to_string(),
    }
}

pub(crate) struct RuleRun<'r, 'a> {
    pub ctx: &'r Ctx<'a>,
    pub active: &'r [bool],
    pub rule: &'r RulePlan,
}

impl RuleRun<'_, '_> {
    fn name(&self) -> &str {
        &self.rule.name
    }

    /// The awards of the rule with their balance indices, or `None` when it
    /// does not apply.
    pub(crate) fn awards(&self, earned: &Earned) -> Result<Option<RuleAwards>, EvalError> {
        let r = self.rule;
        if let Some(c) = r.campaign {
            if !self.active.get(c).copied().unwrap_or(false) {
                return Ok(None);
            }
        }
        let (plans, tier_override) = match self
            .ctx
            .tier
            .and_then(|t| r.tier_overrides.iter().find(|(ot, _)| *ot == t))
        {
            Some((t, list)) => (list, self.ctx.plan.tiers.get(usize::from(*t)).cloned()),
            None => (&r.awards, None),
        };
        let mut out = Vec::with_capacity(plans.len());
        if r.per_line {
            let mut matched: Vec<&LineCtx<'_>> = Vec::new();
            for l in &self.ctx.lines {
                let holds = match &r.condition {
                    Some(c) => self.ctx.holds(c, Some(l), &r.name)?,
                    None => true,
                };
                if holds {
                    matched.push(l);
                }
            }
            if matched.is_empty() {
                return Ok(None);
            }
            for a in plans {
                out.push(self.line_award(a, &matched, tier_override.clone())?);
            }
        } else {
            if let Some(c) = &r.condition {
                if !self.ctx.holds(c, None, &r.name)? {
                    return Ok(None);
                }
            }
            for a in plans {
                out.push(self.event_award(a, earned, tier_override.clone())?);
            }
        }
        Ok(Some((out, plans.iter().map(|a| a.balance).collect())))
    }

    fn recipient(&self, a: &AwardPlan) -> String {
        use crate::input::Event;
        use crate::plan::Recipient;
        match (a.recipient, self.ctx.event) {
            (Recipient::Referrer, Event::Referral(r)) => r.referrer.clone(),
            (Recipient::Referred, Event::Referral(r)) => r.referred.clone(),
            _ => self.ctx.member.id.clone(),
        }
    }

    fn precision(&self, a: &AwardPlan) -> u32 {
        self.ctx
            .plan
            .balances
            .get(a.balance)
            .map_or(0, |b| b.precision)
    }

    fn shell(&self, a: &AwardPlan, tier_override: Option<String>) -> Award {
        Award {
            rule: self.rule.name.clone(),
            campaign: self
                .rule
                .campaign
                .and_then(|c| self.ctx.plan.campaigns.get(c))
                .map(|c| c.name.clone()),
            tier_override,
            balance: self
                .ctx
                .plan
                .balances
                .get(a.balance)
                .map(|b| b.name.clone())
                .unwrap_or_default(),
            member: self.recipient(a),
            formula: a.text.clone(),
            base: None,
            computed: Decimal::ZERO,
            lines: Vec::new(),
            steps: Vec::new(),
            points: Decimal::ZERO,
        }
    }

    fn event_award(
        &self,
        a: &AwardPlan,
        earned: &Earned,
        tier_override: Option<String>,
    ) -> Result<Award, EvalError> {
        let mut award = self.shell(a, tier_override);
        let so_far = earned_of(earned, &award.member, a.balance);
        let (base, computed) = self.formula(a, None, so_far)?;
        let precision = self.precision(a);
        let mut steps = Vec::new();
        let mut value = self.multiply(None, computed, precision, &mut steps)?;
        if self.rule.granularity != Granularity::Transaction {
            value = round(self.rule.rounding, value, precision, &mut steps);
        }
        value = cap(self.rule.cap_tx.as_ref(), value, &mut steps);
        award.base = base.map(|b| b.normalize());
        award.computed = computed.normalize();
        award.steps = steps;
        award.points = value.normalize();
        Ok(award)
    }

    fn line_award(
        &self,
        a: &AwardPlan,
        lines: &[&LineCtx<'_>],
        tier_override: Option<String>,
    ) -> Result<Award, EvalError> {
        let mut award = self.shell(a, tier_override);
        let precision = self.precision(a);
        let mut sum = Decimal::ZERO;
        let mut computed_sum = Decimal::ZERO;
        for l in lines {
            let (base, computed) = self.formula(a, Some(l), Decimal::ZERO)?;
            let mut steps = Vec::new();
            let category = Some(l.line.category.as_str());
            let mut value = self.multiply(category, computed, precision, &mut steps)?;
            if self.rule.granularity == Granularity::Line {
                value = round(self.rule.rounding, value, precision, &mut steps);
            }
            value = cap(self.rule.cap_line.as_ref(), value, &mut steps);
            sum = sum
                .checked_add(value)
                .ok_or_else(|| overflow(self.name(), "the sum of its lines"))?;
            computed_sum = computed_sum
                .checked_add(computed)
                .ok_or_else(|| overflow(self.name(), "the sum of its lines"))?;
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
        let mut value = sum;
        if self.rule.granularity == Granularity::Rule {
            value = round(self.rule.rounding, value, precision, &mut award.steps);
        }
        value = cap(self.rule.cap_tx.as_ref(), value, &mut award.steps);
        award.computed = computed_sum.normalize();
        award.points = value.normalize();
        Ok(award)
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

    /// Tier multipliers, then campaign multipliers by priority, as the
    /// campaigns' stacking policies combine them.
    fn multiply(
        &self,
        category: Option<&str>,
        mut value: Decimal,
        precision: u32,
        steps: &mut Vec<Step>,
    ) -> Result<Decimal, EvalError> {
        let plan = self.ctx.plan;
        if let Some(tier) = self.ctx.tier {
            for m in &self.rule.tier_multipliers {
                if m.tier == tier && m.lines.admits(category) {
                    let source = Source::Tier {
                        tier: plan
                            .tiers
                            .get(usize::from(tier))
                            .cloned()
                            .unwrap_or_default(),
                    };
                    value = self.apply(value, m.factor, source, m.then_round, precision, steps)?;
                }
            }
        }
        let mut kept: Vec<&CampaignMultiplier> = Vec::new();
        for m in &self.rule.campaign_multipliers {
            if !self.active.get(m.campaign).copied().unwrap_or(false) || !m.lines.admits(category) {
                continue;
            }
            let Some(c) = plan.campaigns.get(m.campaign) else {
                continue;
            };
            if let Some(group) = c.exclusive {
                let rival = kept.iter().position(|k| {
                    plan.campaigns.get(k.campaign).and_then(|kc| kc.exclusive) == Some(group)
                });
                if let Some(pos) = rival {
                    // Sorted by priority: a rival of equal priority loses only to a larger factor.
                    if let Some(slot) = kept.get_mut(pos) {
                        let same_priority = plan.campaigns.get(slot.campaign).map(|x| x.priority)
                            == Some(c.priority);
                        if same_priority && m.factor > slot.factor {
                            *slot = m;
                        }
                    }
                    continue;
                }
            }
            kept.push(m);
        }
        let stacking_of = |m: &CampaignMultiplier| {
            plan.campaigns
                .get(m.campaign)
                .map_or(Stacking::Multiply, |c| c.stacking)
        };
        let name_of = |m: &CampaignMultiplier| {
            plan.campaigns
                .get(m.campaign)
                .map(|c| c.name.clone())
                .unwrap_or_default()
        };
        let (mut added, mut bested) = (false, false);
        for m in &kept {
            match stacking_of(m) {
                Stacking::Multiply => {
                    let source = Source::Campaign {
                        campaigns: vec![name_of(m)],
                        stacking: "multiply".into(),
                    };
                    value = self.apply(value, m.factor, source, m.then_round, precision, steps)?;
                }
                Stacking::Add if !added => {
                    added = true;
                    let group: Vec<&&CampaignMultiplier> = kept
                        .iter()
                        .filter(|k| stacking_of(k) == Stacking::Add)
                        .collect();
                    let mut factor = Decimal::ONE;
                    for k in &group {
                        factor = factor
                            .checked_add(k.factor - Decimal::ONE)
                            .ok_or_else(|| overflow(self.name(), "its campaign bonus"))?;
                    }
                    let source = Source::Campaign {
                        campaigns: group.iter().map(|k| name_of(k)).collect(),
                        stacking: "add".into(),
                    };
                    let then_round = group.iter().find_map(|k| k.then_round);
                    value = self.apply(
                        value,
                        factor.max(Decimal::ZERO),
                        source,
                        then_round,
                        precision,
                        steps,
                    )?;
                }
                Stacking::Best if !bested => {
                    bested = true;
                    let mut best: &CampaignMultiplier = m;
                    for k in kept.iter().filter(|k| stacking_of(k) == Stacking::Best) {
                        if k.factor > best.factor {
                            best = k;
                        }
                    }
                    let source = Source::Campaign {
                        campaigns: vec![name_of(best)],
                        stacking: "best".into(),
                    };
                    value = self.apply(
                        value,
                        best.factor,
                        source,
                        best.then_round,
                        precision,
                        steps,
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
        source: Source,
        then_round: Option<RoundingMode>,
        precision: u32,
        steps: &mut Vec<Step>,
    ) -> Result<Decimal, EvalError> {
        let after = value
            .checked_mul(factor)
            .ok_or_else(|| overflow(self.name(), "a multiplier"))?;
        steps.push(Step::Multiply {
            factor: factor.normalize(),
            source,
            before: value.normalize(),
            after: after.normalize(),
        });
        Ok(match then_round {
            Some(mode) => round(mode, after, precision, steps),
            None => after,
        })
    }
}

/// Rounds, recording a step when the value changes.
pub(crate) fn round(
    mode: RoundingMode,
    value: Decimal,
    decimals: u32,
    steps: &mut Vec<Step>,
) -> Decimal {
    let after = mode.apply(value, decimals);
    if after != value {
        steps.push(Step::Round {
            mode,
            decimals,
            before: value.normalize(),
            after: after.normalize(),
        });
    }
    after
}

/// Applies a rule's cap, if it has one.
fn cap(cap: Option<&CapPlan>, value: Decimal, steps: &mut Vec<Step>) -> Decimal {
    match cap {
        Some(c) => cut(c, c.limit, value, steps),
        None => value,
    }
}

/// Cuts `value` to `room` (a cap's limit, or what is left of it), recording
/// the cut as a step.
pub(crate) fn cut(cap: &CapPlan, room: Decimal, value: Decimal, steps: &mut Vec<Step>) -> Decimal {
    if value <= room {
        return value;
    }
    steps.push(Step::Cap {
        cap: cap.text.clone(),
        limit: cap.limit.normalize(),
        before: value.normalize(),
        after: room.normalize(),
    });
    room
}
