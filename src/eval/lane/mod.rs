//! The straight lane of [`points`](super::points): a purchase is evaluated
//! rule by rule into running sums per balance, without the interpreter's
//! list of credits, its settlement pass over them or its general totals,
//! and with the arithmetic of `Fixed` (`src/exact/fixed.rs`): exact
//! decimals as 128-bit integers and a scale, a few machine instructions per
//! operation.
//!
//! A plan takes the lane when every purchase rule awards something
//! ([`plan`], decided at compile time with what else the lane needs to know
//! of the program). Program caps and then campaign
//! budgets cut each award as it is credited, in evaluation order (for
//! awards that are never negative, what cutting in order leaves); a
//! group's best rule is picked as the interpreter picks it. The event's
//! context (validation, local time, tier, attributes, this event's counts,
//! the member's segment), conditions, per-member limits and what a rule gave
//! the member before are read through the interpreter's own functions. An
//! award whose campaigns stack other than by multiplying, whose rate is per
//! several units, or that shares its balance with another award of its rule
//! is computed by the interpreter's exact functions (`exact.rs`) and taken
//! in once settled; the others are computed in `Fixed` (`rule.rs`).
//!
//! The lane never reports an error: on any error, or on anything it does
//! not expect (a negative award, a number a `Fixed` cannot hold, such as
//! points still a fraction at the transaction's total), it gives up and
//! the interpreter evaluates the event from the start, which gives the
//! error (evaluation is pure, so nothing is left behind).
//! `tests/lane_twin.rs` holds it to the interpreter's results.

mod exact;
mod rule;

use std::cmp::Ordering;

use super::award::RuleRun;
use super::context::Ctx;
use super::scratch::Scratch;
use super::{fill_candidates, sequence_of, Given};
use crate::error::EvalError;
use crate::exact::{Exact, Fixed};
use crate::input::{Event, Member};
use crate::keywords::Combine;
use crate::kinds::Kind;
use crate::plan::{AwardPlan, Formula, Plan, RulePlan, Stacking, Unit};
use crate::points::{Credited, Points};
use crate::rounding::RoundingMode;

/// What the lane decides once per program, when it is compiled: whether
/// purchases take the lane at all (every purchase rule awards something),
/// and what it would otherwise decide again on every event.
#[derive(Debug, Clone)]
pub(crate) struct LanePlan {
    /// Per rule: its multipliers each multiply in turn (tier ones, and
    /// campaign ones that `stacking multiply` and are not exclusive), so
    /// that its awards are computed in `Fixed`.
    plain: Vec<bool>,
    /// Per rule: some balance gets several of its awards (in its own list
    /// or a tier override's), so that they are settled on their sum.
    shared: Vec<bool>,
    /// Per balance: the least limit of the program's caps on it.
    limits: Vec<Option<Fixed>>,
    /// Whether a rule reads what named rules earned (`% of earned by`):
    /// then the lane keeps what each rule credited.
    earned_by: bool,
}

/// The lane's plan for `plan`, or `None` when purchases do not take it.
pub(crate) fn plan(plan: &Plan) -> Option<LanePlan> {
    let purchase = plan.sequences.get(Kind::Purchase.index())?;
    let awards =
        |r: &RulePlan| !r.awards.is_empty() && r.tier_overrides.iter().all(|(_, a)| !a.is_empty());
    let eligible = purchase.iter().all(|u| match u {
        Unit::Rule(i) => plan.rules.get(*i).is_some_and(awards),
        Unit::Group { rules, .. } => rules.iter().all(|i| plan.rules.get(*i).is_some_and(awards)),
    });
    // A cap per member reads the member's history: the interpreter's.
    if !eligible || plan.has_member_caps {
        return None;
    }
    let plain = plan
        .rules
        .iter()
        .map(|r| {
            let campaigns = &r.campaign_multipliers;
            campaigns
                .iter()
                .all(|m| m.stacking == Stacking::Multiply && m.exclusive.is_none())
                && !(plan.combine == Combine::Add
                    && !r.tier_multipliers.is_empty()
                    && !campaigns.is_empty())
        })
        .collect();
    let repeats = |list: &[AwardPlan]| {
        list.iter()
            .enumerate()
            .any(|(i, a)| list.iter().take(i).any(|b| b.balance == a.balance))
    };
    let shared = plan
        .rules
        .iter()
        .map(|r| repeats(&r.awards) || r.tier_overrides.iter().any(|(_, a)| repeats(a)))
        .collect();
    let mut limits: Vec<Option<Fixed>> = vec![None; plan.balances.len()];
    for cap in &plan.caps {
        if let Some(slot) = limits.get_mut(cap.balance) {
            let limit = Fixed::of(cap.cap.limit);
            *slot = Some(match *slot {
                Some(l) if l.cmp(limit)?.is_le() => l,
                _ => limit,
            });
        }
    }
    let earned_by = plan
        .rules
        .iter()
        .flat_map(RulePlan::every_award)
        .any(|a| matches!(a.formula, Formula::PercentEarned { by: Some(_), .. }));
    Some(LanePlan {
        plain,
        shared,
        limits,
        earned_by,
    })
}

/// What a balance has earned so far in the lane: all of it (read by `% of
/// earned`), and, after the program's caps, the part rounded by its rules
/// and one exact part per mode of rules rounded per transaction.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sum {
    earned: Fixed,
    /// The least limit of the program's caps on the balance.
    limit: Option<Fixed>,
    rounded: Fixed,
    pending: [Fixed; 5],
    /// Bit `mode as usize`: a part of that mode is pending.
    modes: u8,
}

impl Default for Sum {
    fn default() -> Self {
        Sum {
            earned: Fixed::ZERO,
            limit: None,
            rounded: Fixed::ZERO,
            pending: [Fixed::ZERO; 5],
            modes: 0,
        }
    }
}

/// The lane's evaluation of a purchase: `None` when it gives up (then the
/// interpreter evaluates the event).
pub(super) fn points<'a>(
    plan: &'a Plan,
    member: &'a Member,
    given: Given<'_>,
    event: &'a Event,
    s: &mut Scratch,
) -> Option<Points<'a>> {
    run(plan, member, given, event, s).ok()?;
    let mut out = Points::empty();
    for (bi, b) in plan.balances.iter().enumerate() {
        if bi == 0 && plan.quiet_points {
            continue;
        }
        let sum = s.sums.get(bi)?;
        let mut total = sum.rounded;
        if sum.modes != 0 {
            for mode in RoundingMode::ALL {
                let k = mode as usize;
                if sum.modes & (1 << k) != 0 {
                    total = total.add(sum.pending.get(k)?.round(mode, b.precision)?)?;
                }
            }
        }
        let mut points = total.round(plan.rounding, b.precision)?;
        // Rounding parts up must not lift the total over a cap.
        if let Some(limit) = sum.limit {
            points = points.min(limit)?;
        }
        out.push(Credited {
            member: &member.id,
            balance: &b.name,
            qualifying: b.qualifying,
            points: crate::rounding::at_places(points.decimal()?, b.precision),
        });
    }
    Some(out)
}

/// Runs the candidate rules in sequence order, leaving each balance's sums
/// in `s.sums`.
fn run(
    plan: &Plan,
    member: &Member,
    given: Given<'_>,
    event: &Event,
    s: &mut Scratch,
) -> Result<(), EvalError> {
    let lane = plan.lane.as_ref().ok_or_else(give_up)?;
    let Scratch {
        running,
        candidates,
        matched,
        kept,
        amounts,
        seen,
        by_category,
        by_sku,
        sums,
        counts,
        settled,
        credited,
        budget_room,
        ..
    } = s;
    // The event as the interpreter takes it: this event counted, the
    // member's segment (conditions and limits read them), the campaigns.
    let mut ctx = Ctx::new(
        plan,
        member,
        given.state,
        event,
        amounts,
        (by_category, by_sku),
    )?;
    let month = ctx.prepare(given.tier, counts, running)?;
    sums.resize(plan.balances.len(), Sum::default());
    if plan.has_budgets {
        budget_room.resize(plan.campaigns.len(), None);
    }
    for (sum, limit) in sums.iter_mut().zip(&lane.limits) {
        sum.limit = *limit;
    }
    let (sequence, index) = sequence_of(plan, event);
    if let Some(index) = index {
        fill_candidates(candidates, seen, index, &ctx, month);
    }
    // One rule run, its rule set per unit.
    let Some(first) = plan.rules.first() else {
        return Ok(());
    };
    let mut run = RuleRun {
        ctx: &ctx,
        running,
        rule: first,
        index: 0,
        explain: false,
        unit_start: 0,
        campaign_use: &[],
        limited: None,
        ids: &[],
    };
    for unit in candidates.iter().filter_map(|p| sequence.get(*p as usize)) {
        settled.clear();
        let winner = match unit {
            Unit::Rule(i) => match plan.rules.get(*i) {
                Some(rule) => {
                    (run.rule, run.index) = (rule, *i);
                    run.straight(lane, sums, credited, matched, kept, settled)?
                        .then_some(*i)
                }
                None => None,
            },
            // Of the group's rules that apply, the first that gives the
            // most in the group's balance (before the program's caps).
            Unit::Group { balance, rules, .. } => {
                let mut best: Option<(usize, Fixed)> = None;
                for &i in rules {
                    let Some(rule) = plan.rules.get(i) else {
                        continue;
                    };
                    (run.rule, run.index) = (rule, i);
                    let mark = settled.len();
                    if !run.straight(lane, sums, credited, matched, kept, settled)? {
                        continue;
                    }
                    let mut total = Fixed::ZERO;
                    for a in settled.get(mark..).unwrap_or_default() {
                        if a.balance == *balance {
                            total = total.add(a.points).ok_or_else(give_up)?;
                        }
                    }
                    let better = match best {
                        None => true,
                        Some((_, t)) => total.cmp(t).ok_or_else(give_up)?.is_gt(),
                    };
                    if better {
                        settled.drain(..mark);
                        best = Some((i, total));
                    } else {
                        settled.truncate(mark);
                    }
                }
                best.map(|(i, _)| i)
            }
        };
        // A campaign's budget: what all members left of it, less what this
        // event's earlier awards took, after the program's caps.
        let budget = winner
            .filter(|_| plan.has_budgets)
            .and_then(|i| plan.rules.get(i))
            .and_then(|r| r.campaign)
            .and_then(|ci| Some((ci, plan.campaigns.get(ci)?)))
            .and_then(|(ci, c)| Some((ci, c, c.budget?)));
        for a in settled.iter() {
            let room = match budget {
                Some((ci, c, (limit, balance))) if balance == a.balance => {
                    let slot = budget_room.get_mut(ci).ok_or_else(give_up)?;
                    if slot.is_none() {
                        let used = given.budgets.map_or(Exact::ZERO, |b| b.used(&c.name));
                        let used = Fixed::of_exact(used).ok_or_else(give_up)?;
                        *slot = Some(Fixed::of(limit).sub(used).ok_or_else(give_up)?.max_zero());
                    }
                    slot.as_mut()
                }
                _ => None,
            };
            credit(sums, a.balance, a.points, a.pending, room).ok_or_else(give_up)?;
        }
        // What each rule gave, for `% of earned by` it in later rules.
        if let (true, Some(rule)) = (lane.earned_by, winner) {
            credited.extend(settled.iter().map(|a| (rule, a.balance, a.points)));
        }
        if winner
            .and_then(|i| plan.rules.get(i))
            .is_some_and(|r| r.stop)
        {
            break;
        }
    }
    Ok(())
}

/// A rule's award, settled and not yet credited.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Settled {
    balance: usize,
    points: Fixed,
    /// The rule's rounding mode, when it rounds per transaction.
    pending: Option<RoundingMode>,
}

/// The lane gives up; the interpreter will say why, if anything is wrong.
fn give_up() -> EvalError {
    EvalError::Overflow {
        rule: String::new(),
        during: "the straight lane".into(),
    }
}

/// Credits one award of a rule, settled, to its balance. The program's
/// caps cut awards in evaluation order, each cap the output of the one
/// before: as awards are never negative (the lane gives up on one that is),
/// what they let through of the awards so far is the least of their
/// limits and the awards' sum, and an award gets what that grows by. A
/// campaign's budget then cuts it to what is left of the budget (`budget`,
/// taken from as it goes), as the interpreter's budgets follow its caps.
fn credit(
    sums: &mut [Sum],
    balance: usize,
    mut value: Fixed,
    pending: Option<RoundingMode>,
    budget: Option<&mut Fixed>,
) -> Option<()> {
    if value.is_negative() {
        return None;
    }
    let sum = sums.get_mut(balance)?;
    let before = sum.earned;
    sum.earned = before.add(value)?;
    if let Some(limit) = sum.limit {
        if sum.earned.cmp(limit)? == Ordering::Greater {
            value = limit.sub(before)?.max_zero();
        }
    }
    // What is left of a campaign's budget, then cut by what this takes.
    if let Some(room) = budget {
        value = value.min(*room)?;
        *room = room.sub(value)?;
    }
    let part = match pending {
        None => &mut sum.rounded,
        Some(mode) => {
            sum.modes |= 1 << (mode as usize);
            sum.pending.get_mut(mode as usize)?
        }
    };
    *part = part.add(value)?;
    Some(())
}
