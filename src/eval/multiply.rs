//! Tier and campaign multipliers on an award: which apply (line filters,
//! running campaigns, exclusive groups by priority), how campaigns stack
//! (multiply, add, best), and each one's rounding.

use rust_decimal::Decimal;

use super::award::{overflow, RuleRun, Trace};
use super::settle::round;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::Line;
use crate::keywords::Combine;
use crate::name::Name;
use crate::outcome::{Source, Step};
use crate::plan::{CampaignMultiplier, Stacking};
use crate::rounding::RoundingMode;

impl RuleRun<'_, '_> {
    pub(super) fn multiplier(&self, k: u32) -> Option<&CampaignMultiplier> {
        self.rule.campaign_multipliers.get(k as usize)
    }

    /// The campaign multipliers that apply to an amount, by index: those of
    /// running campaigns that reach it (the line's category and tags, the
    /// award's balance), with only the first (by priority) of each
    /// exclusive group.
    pub(super) fn keep(&self, line: Option<&Line>, balance: usize, kept: &mut Vec<u32>) {
        kept.clear();
        for (mi, m) in self.rule.campaign_multipliers.iter().enumerate() {
            if !self.runs(m.campaign) || !m.reach.admits(line, balance) {
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
                if self.runs(m.campaign) && m.reach.admits(line, balance) {
                    mark(m.campaign, 1);
                }
            }
            for k in kept.iter().filter_map(|k| self.multiplier(*k)) {
                mark(k.campaign, 2);
            }
        }
    }

    /// Tier multipliers, then campaign multipliers by priority, as the
    /// campaigns' stacking policies combine them; under `multipliers add`
    /// the tier's and the campaigns' bonuses are added into one factor.
    pub(super) fn multiply(
        &self,
        line: Option<&Line>,
        balance: usize,
        mut value: Exact,
        precision: u32,
        kept: &mut Vec<u32>,
        trace: &mut Trace<'_>,
    ) -> Result<Exact, EvalError> {
        let plan = self.ctx.plan;
        let tier_name = |tier: u16| {
            plan.tiers
                .get(usize::from(tier))
                .cloned()
                .unwrap_or_default()
        };
        let tiers = || {
            let tier = self.ctx.tier;
            self.rule
                .tier_multipliers
                .iter()
                .filter(move |m| Some(m.tier) == tier && m.reach.admits(line, balance))
        };
        if !self.rule.campaign_multipliers.is_empty() {
            self.keep(line, balance, kept);
        }
        let additive = plan.combine == Combine::Add
            && tiers().next().is_some()
            && !kept.is_empty()
            && !self.rule.campaign_multipliers.is_empty();
        if additive {
            let mut factor = Decimal::ONE;
            let mut then_round = None;
            let mut add = |f: Decimal, r: Option<RoundingMode>| {
                then_round = then_round.or(r);
                f.checked_sub(Decimal::ONE)
                    .and_then(|bonus| crate::exact::add(factor, bonus))
                    .map(|sum| factor = sum)
                    .ok_or_else(|| overflow(self.name(), "its added bonuses"))
            };
            for m in tiers() {
                add(m.factor, m.then_round)?;
            }
            self.each_campaign(kept, |f, _, r, _| add(f, r))?;
            let source = || {
                let mut campaigns = Vec::new();
                let _ = self.each_campaign(kept, |_, names, _, _| {
                    campaigns.extend(names());
                    Ok(())
                });
                Source::TierAndCampaigns {
                    tier: self.ctx.tier.map(tier_name).unwrap_or_default(),
                    campaigns,
                }
            };
            let factor = factor.max(Decimal::ZERO);
            return self.apply(value, factor, source, then_round, precision, trace);
        }
        for m in tiers() {
            let source = || Source::Tier {
                tier: tier_name(m.tier),
            };
            value = self.apply(value, m.factor, source, m.then_round, precision, trace)?;
        }
        if self.rule.campaign_multipliers.is_empty() {
            return Ok(value);
        }
        self.each_campaign(kept, |factor, names, then_round, stacking| {
            let source = || Source::Campaign {
                campaigns: names(),
                stacking: Name::from_static(stacking),
            };
            value = self.apply(value, factor, source, then_round, precision, trace)?;
            Ok(())
        })?;
        Ok(value)
    }

    /// Each campaign factor that applies to an amount, in order: one per
    /// `multiply` campaign, one for the `add` campaigns together, one for
    /// the best of the `best` ones; with the names of its campaigns.
    fn each_campaign(
        &self,
        kept: &[u32],
        mut f: impl FnMut(
            Decimal,
            &dyn Fn() -> Vec<Name>,
            Option<RoundingMode>,
            &'static str,
        ) -> Result<(), EvalError>,
    ) -> Result<(), EvalError> {
        let plan = self.ctx.plan;
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
                Stacking::Multiply => f(m.factor, &|| vec![name_of(m)], m.then_round, "multiply")?,
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
                    let then_round = of(Stacking::Add).find_map(|k| k.then_round);
                    let names = || of(Stacking::Add).map(name_of).collect();
                    f(factor.max(Decimal::ZERO), &names, then_round, "add")?;
                }
                Stacking::Best if !bested => {
                    bested = true;
                    let mut best: &CampaignMultiplier = m;
                    for k in of(Stacking::Best) {
                        if k.factor > best.factor {
                            best = k;
                        }
                    }
                    f(
                        best.factor,
                        &|| vec![name_of(best)],
                        best.then_round,
                        "best",
                    )?;
                }
                Stacking::Add | Stacking::Best => {}
            }
        }
        Ok(())
    }

    pub(super) fn apply(
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
            factor: crate::exact::normalized(factor),
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
