//! Evaluation of a compiled plan against one member and one event.

mod award;
mod context;
mod expr;
mod value;

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::error::EvalError;
use crate::index::{month_key, SeqIndex};
use crate::input::{Event, Member};
use crate::outcome::{Award, Outcome, ProgramId, Total};
use crate::plan::{CampaignPlan, Plan, Schedule, Unit};
use award::{Earned, RuleAwards, RuleRun};
use context::Ctx;

pub(crate) fn evaluate(plan: &Plan, member: &Member, event: &Event) -> Result<Outcome, EvalError> {
    let ctx = Ctx::new(plan, member, event)?;
    let empty_units = Vec::new();
    let empty_index = SeqIndex::default();
    let (sequence, index) = match event {
        Event::Purchase(_) => (plan.sequences.first(), plan.seq_index.first()),
        Event::SignUp(_) => (plan.sequences.get(1), plan.seq_index.get(1)),
        Event::Review(_) => (plan.sequences.get(2), plan.seq_index.get(2)),
        Event::CheckIn(_) => (plan.sequences.get(3), plan.seq_index.get(3)),
        Event::Share(_) => (plan.sequences.get(4), plan.seq_index.get(4)),
        Event::Referral(_) => (plan.sequences.get(5), plan.seq_index.get(5)),
        Event::Custom(c) => (
            plan.custom_sequences.get(&c.name),
            plan.custom_index.get(&c.name),
        ),
    };
    let (sequence, index) = (
        sequence.unwrap_or(&empty_units),
        index.unwrap_or(&empty_index),
    );
    let month = month_key(ctx.date);
    // Only campaigns whose window can include this month are tried.
    let mut active = vec![false; plan.campaigns.len()];
    let mut running: Vec<u32> = Vec::new();
    let by_month = plan.campaign_index.by_month.get(&month);
    for &ci in plan
        .campaign_index
        .always
        .iter()
        .chain(by_month.into_iter().flatten())
    {
        let (Some(c), Some(slot)) = (plan.campaigns.get(ci as usize), active.get_mut(ci as usize))
        else {
            continue;
        };
        *slot = ctx.campaign_runs(c)?;
        if *slot {
            running.push(ci);
        }
    }
    running.sort_unstable();
    let candidates = candidates(index, &ctx, month);
    let mut awards: Vec<Award> = Vec::new();
    // The balance index of each award, so that caps and totals never compare names.
    let mut balances: Vec<usize> = Vec::new();
    let mut earned: Earned = Vec::new();
    for unit in candidates.iter().filter_map(|p| sequence.get(*p as usize)) {
        let (rule, applied) = match unit {
            Unit::Rule(i) => {
                let Some(rule) = plan.rules.get(*i) else {
                    continue;
                };
                let run = RuleRun {
                    ctx: &ctx,
                    active: &active,
                    rule,
                };
                (rule, run.awards(&earned)?)
            }
            Unit::Group(members) => {
                // Only the best of an exclusive group applies; the first wins a tie.
                let mut best: Option<(&crate::plan::RulePlan, RuleAwards, Decimal)> = None;
                for i in members {
                    let Some(rule) = plan.rules.get(*i) else {
                        continue;
                    };
                    let run = RuleRun {
                        ctx: &ctx,
                        active: &active,
                        rule,
                    };
                    if let Some(found) = run.awards(&earned)? {
                        let total = found
                            .0
                            .iter()
                            .fold(Decimal::ZERO, |s, a| s.saturating_add(a.points));
                        if best.as_ref().map_or(true, |(_, _, t)| total > *t) {
                            best = Some((rule, found, total));
                        }
                    }
                }
                match best {
                    Some((rule, found, _)) => (rule, Some(found)),
                    None => continue,
                }
            }
        };
        let Some((found, indices)) = applied else {
            continue;
        };
        for (a, b) in found.into_iter().zip(indices) {
            add_earned(&mut earned, &a.member, b, a.points, &a.rule)?;
            awards.push(a);
            balances.push(b);
        }
        if rule.stop {
            break;
        }
    }
    apply_program_caps(plan, &mut awards, &balances);
    let totals = totals(plan, &member.id, &awards, &balances)?;
    Ok(Outcome {
        program: ProgramId {
            name: plan.name.clone(),
            hash: plan.hash.clone(),
        },
        event: event.id().to_string(),
        kind: event.kind_name().to_string(),
        member: member.id.clone(),
        campaigns: running
            .iter()
            .filter_map(|ci| plan.campaigns.get(*ci as usize))
            .map(|c| c.name.clone())
            .collect(),
        awards,
        totals,
    })
}

/// Positions in the sequence of the units that can match this event, in order.
fn candidates(index: &SeqIndex, ctx: &Ctx<'_>, month: i32) -> Vec<u32> {
    let mut out = index.always.clone();
    let mut extend = |found: Option<&Vec<u32>>| {
        if let Some(found) = found {
            out.extend_from_slice(found);
        }
    };
    if let Some(tx) = ctx.tx {
        for line in &tx.lines {
            extend(index.by_sku.get(&line.sku));
            extend(index.by_category.get(&line.category));
        }
        extend(index.by_channel.get(&tx.channel));
    }
    extend(index.by_month.get(&month));
    out.sort_unstable();
    out.dedup();
    out
}

fn add_earned(
    earned: &mut Earned,
    member: &str,
    balance: usize,
    points: Decimal,
    rule: &str,
) -> Result<(), EvalError> {
    let overflow = || EvalError::Overflow {
        rule: rule.to_string(),
        during: "the running total".into(),
    };
    match earned
        .iter_mut()
        .find(|(m, b, _)| m == member && *b == balance)
    {
        Some((_, _, p)) => *p = p.checked_add(points).ok_or_else(overflow)?,
        None => earned.push((member.to_string(), balance, points)),
    }
    Ok(())
}

/// Program caps cut awards in evaluation order: earlier rules keep theirs.
fn apply_program_caps(plan: &Plan, awards: &mut [Award], balances: &[usize]) {
    for cap in &plan.caps {
        let mut used: Vec<(String, Decimal)> = Vec::new();
        let capped = awards
            .iter_mut()
            .zip(balances)
            .filter(|(_, b)| **b == cap.balance);
        for (a, _) in capped {
            let slot = match used.iter().position(|(m, _)| *m == a.member) {
                Some(i) => i,
                None => {
                    used.push((a.member.clone(), Decimal::ZERO));
                    used.len() - 1
                }
            };
            let Some((_, so_far)) = used.get_mut(slot) else {
                continue;
            };
            let room = (cap.cap.limit - *so_far).max(Decimal::ZERO);
            a.points = award::cut(&cap.cap, room, a.points, &mut a.steps).normalize();
            *so_far += a.points;
        }
    }
}

fn totals(
    plan: &Plan,
    member: &str,
    awards: &[Award],
    balances: &[usize],
) -> Result<Vec<Total>, EvalError> {
    let mut members: Vec<&str> = vec![member];
    for a in awards {
        if !members.contains(&a.member.as_str()) {
            members.push(&a.member);
        }
    }
    let mut out = Vec::new();
    for m in members {
        for (bi, b) in plan.balances.iter().enumerate() {
            let mine: Vec<&Award> = awards
                .iter()
                .zip(balances)
                .filter(|(a, ab)| a.member == m && **ab == bi)
                .map(|(a, _)| a)
                .collect();
            if m != member && mine.is_empty() {
                continue;
            }
            let mut sum = Decimal::ZERO;
            for a in &mine {
                sum = sum
                    .checked_add(a.points)
                    .ok_or_else(|| EvalError::Overflow {
                        rule: a.rule.clone(),
                        during: format!("the total of {}", b.name),
                    })?;
            }
            let mut steps = Vec::new();
            // Awards of rules rounded `per transaction` are exact until here.
            let points = award::round(plan.rounding, sum, b.precision, &mut steps);
            out.push(Total {
                member: m.to_string(),
                balance: b.name.clone(),
                qualifying: b.qualifying,
                points: points.normalize(),
                steps,
            });
        }
    }
    Ok(out)
}

impl Ctx<'_> {
    fn campaign_runs(&self, c: &CampaignPlan) -> Result<bool, EvalError> {
        if let Some((from, to)) = c.window {
            if self.date < from || self.date > to {
                return Ok(false);
            }
        }
        let on_schedule = match c.schedule {
            Schedule::Always => true,
            Schedule::MonthDays(mask) => mask & (1u32 << self.date.day()) != 0,
            Schedule::Weekdays(mask) => {
                mask & (1u8 << self.date.weekday().num_days_from_monday()) != 0
            }
        };
        if !on_schedule {
            return Ok(false);
        }
        if let Some((from, to)) = c.hours {
            let t = self.time;
            let inside = if from <= to {
                from <= t && t < to
            } else {
                t >= from || t < to
            };
            if !inside {
                return Ok(false);
            }
        }
        match &c.condition {
            Some(cond) => self.holds(cond, None, &c.name),
            None => Ok(true),
        }
    }
}
