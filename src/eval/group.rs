//! `group "NAME" [by BALANCE]`: of the rules of a group that apply, only the
//! one that gives the most points in the group's balance (`points` unless
//! the group names another) applies; the first wins a tie.

use super::award::{Buffers, RuleRun};
use super::context::Ctx;
use super::scratch::{Credit, Who};
use crate::error::EvalError;
use crate::exact::Exact;
use crate::name::Name;
use crate::outcome::{GroupChoice, Rival};

pub(crate) struct GroupRun<'r, 'a> {
    pub ctx: &'r Ctx<'a>,
    pub running: &'r [u32],
    pub campaign_use: &'r [std::cell::Cell<u8>],
    pub explain: bool,
    pub name: &'r Name,
    pub balance: usize,
    /// Where rules stopped by their per-member limit are noted, when explaining.
    pub limited: Option<&'r std::cell::RefCell<Vec<(usize, u64)>>>,
    /// The recipients' ids as names, when explaining.
    pub ids: &'r [Name],
}

impl GroupRun<'_, '_> {
    /// Appends the best rule's awards to `out`; returns that rule when it
    /// stops the evaluation.
    pub(crate) fn best(
        &self,
        rules: &[usize],
        earned: &crate::eval::award::Earned,
        bufs: &mut Buffers<'_>,
        out: &mut Vec<Credit>,
    ) -> Result<Option<usize>, EvalError> {
        let plan = self.ctx.plan;
        let start = out.len();
        // The best so far stays at `start..`; each contender is appended
        // after it and then dropped or moved down.
        let mut best: Option<(usize, Exact)> = None;
        let mut tried: Vec<(usize, Exact)> = Vec::new();
        for &i in rules {
            let Some(rule) = plan.rules.get(i) else {
                continue;
            };
            let run = RuleRun {
                ctx: self.ctx,
                running: self.running,
                rule,
                index: i,
                explain: self.explain,
                unit_start: start,
                campaign_use: self.campaign_use,
                limited: self.limited,
                ids: self.ids,
            };
            let mark = out.len();
            if !run.awards(earned, bufs, out)? {
                continue;
            }
            let mut total = Exact::ZERO;
            for c in out.get(mark..).unwrap_or_default() {
                if c.balance == self.balance && c.who == Who::Member {
                    total = total
                        .checked_add(c.points)
                        .ok_or_else(|| super::tally::overflow(plan, i, "the group's comparison"))?;
                }
            }
            if self.explain {
                tried.push((i, total));
            }
            if best.is_none_or(|(_, t)| total > t) {
                out.drain(start..mark);
                best = Some((i, total));
            } else {
                out.truncate(mark);
            }
        }
        let Some((winner, points)) = best else {
            return Ok(None);
        };
        if self.explain {
            let choice = GroupChoice {
                group: self.name.clone(),
                balance: plan
                    .balances
                    .get(self.balance)
                    .map(|b| b.name.clone())
                    .unwrap_or_default(),
                points: points.normalize(),
                rivals: tried
                    .iter()
                    .filter(|(i, _)| *i != winner)
                    .map(|(i, p)| Rival {
                        rule: plan
                            .rules
                            .get(*i)
                            .map(|r| r.name.clone())
                            .unwrap_or_default(),
                        points: p.normalize(),
                    })
                    .collect(),
            };
            for c in out.get_mut(start..).unwrap_or_default() {
                if let Some(a) = &mut c.award {
                    a.group = Some(choice.clone());
                }
            }
        }
        Ok(plan.rules.get(winner).filter(|r| r.stop).map(|_| winner))
    }
}
