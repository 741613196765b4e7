//! After the rules: program caps, then totals per recipient and balance.

use rust_decimal::Decimal;

use super::award::{self, Trace};
use super::by_balance::ByBalance;
use super::context::{id_of, name_of};
use super::scratch::{Credit, Who};
use super::settle;
use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::{Event, Member};
use crate::name::Name;
use crate::outcome::{Step, Total};
use crate::plan::Plan;
use crate::points::{Credited, Points};
use crate::rounding::RoundingMode;

/// An overflow in the rule at index `rule` of the plan.
pub(crate) fn overflow(plan: &Plan, rule: usize, during: &str) -> EvalError {
    let name = plan.rules.get(rule).map_or("", |r| r.name.as_str());
    award::overflow(name, during)
}

/// Program caps cut awards in evaluation order: earlier rules keep theirs.
/// `earned` holds each recipient's total per balance; awards are never
/// negative, so a cap that no total exceeds cuts nothing and is skipped.
/// A cap `per member [per PERIOD]` starts from what the member was
/// credited in the period before (`before`, by cap), and cuts only the
/// evaluated member's awards (another member's state is not at hand, as
/// for a rule's cap per member).
pub(crate) fn apply_program_caps(
    plan: &Plan,
    credits: &mut [Credit],
    earned: &crate::eval::award::Earned,
    before: &[Exact],
) -> Result<(), EvalError> {
    for (ci, cap) in plan.caps.iter().enumerate() {
        let limit = Exact::from(cap.cap.limit);
        let had = before.get(ci).copied().unwrap_or(Exact::ZERO);
        let total = |who: Who| earned.get(who, cap.balance).copied();
        let exceeded = match cap.member {
            None => [Who::Member, Who::Referrer, Who::Referred]
                .into_iter()
                .any(|w| total(w).is_some_and(|t| t > limit)),
            Some(_) => {
                total(Who::Member).is_some_and(|t| t.checked_add(had).is_none_or(|t| t > limit))
            }
        };
        if !exceeded {
            continue;
        }
        let mut used = [had, Exact::ZERO, Exact::ZERO];
        for c in credits.iter_mut().filter(|c| c.balance == cap.balance) {
            if cap.member.is_some() && c.who != Who::Member {
                continue;
            }
            let Some(so_far) = used.get_mut(c.who as usize) else {
                continue;
            };
            let rule = plan.rules.get(c.rule).map_or("", |r| r.name.as_str());
            let room = settle::cap_room(cap.cap.limit, *so_far, rule)?;
            c.points = match cap.member {
                None => {
                    let mut trace = Trace(c.award.as_mut().map(|a| &mut a.steps));
                    settle::cut(&cap.cap, room, c.points, &mut trace)
                }
                Some(period) if c.points > room => {
                    if let Some(a) = c.award.as_mut() {
                        a.steps.push(Step::MemberCap {
                            cap: cap.cap.text.clone(),
                            limit: cap.cap.limit.normalize(),
                            period,
                            used: so_far.normalize(),
                            before: c.points.normalize(),
                            after: room.normalize(),
                        });
                    }
                    room
                }
                Some(_) => c.points,
            };
            *so_far = so_far
                .checked_add(c.points)
                .ok_or_else(|| overflow(plan, c.rule, "a program cap"))?;
        }
    }
    Ok(())
}

/// Recipients in output order: the evaluated member first, then the others
/// as their first award appears.
fn recipients(credits: &[Credit]) -> impl Iterator<Item = Who> {
    let mut order = [Some(Who::Member), None, None];
    let mut n = 1;
    for c in credits {
        if !order.contains(&Some(c.who)) {
            if let Some(slot) = order.get_mut(n) {
                *slot = Some(c.who);
                n += 1;
            }
        }
    }
    order.into_iter().flatten()
}

/// A total's parts: what was rounded already, and the exact part of each
/// rounding mode still pending (`per transaction`), with the modes that
/// occur.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Parts {
    rounded: Exact,
    pending: [Exact; 5],
    used: [bool; 5],
}

/// Every total, in output order: recipient, balance index, points, and,
/// when explaining, the rounding of awards of rules rounded per transaction.
/// Those stay exact until here; each rounding mode's part of a total is
/// rounded on its own, so a rule's own mode is honoured.
fn each_total(
    plan: &Plan,
    credits: &[Credit],
    before: &[Exact],
    parts: &mut ByBalance<Parts>,
    mut emit: impl FnMut(Who, usize, Decimal, Vec<Step>),
    explain: bool,
) -> Result<(), EvalError> {
    // Each recipient's parts per balance, in one pass over the credits
    // (a program may credit thousands of balances in one event).
    parts.clear();
    for c in credits {
        let ov = || {
            let name = plan.balances.get(c.balance).map_or("", |b| b.name.as_str());
            overflow(plan, c.rule, &format!("the total of {name}"))
        };
        let p = parts
            .entry(c.who, c.balance, Parts::default)
            .ok_or_else(ov)?;
        let part = match c.pending {
            None => &mut p.rounded,
            Some(mode) => {
                let k = mode as usize;
                if let Some(u) = p.used.get_mut(k) {
                    *u = true;
                }
                match p.pending.get_mut(k) {
                    Some(part) => part,
                    None => continue,
                }
            }
        };
        *part = part.checked_add(c.points).ok_or_else(ov)?;
    }
    for who in recipients(credits) {
        for (bi, b) in plan.balances.iter().enumerate() {
            if bi == 0 && plan.quiet_points {
                continue;
            }
            let mine = parts.get(who, bi);
            if who != Who::Member && mine.is_none() {
                continue;
            }
            // The rounded part, then one exact part per pending mode, in a
            // fixed order; only the modes that occur are touched.
            let Parts {
                rounded,
                pending,
                used,
            } = mine.copied().unwrap_or_default();
            let mut steps = Vec::new();
            let mut trace = Trace(explain.then_some(&mut steps));
            let mut total = rounded;
            for ((mode, part), used) in RoundingMode::ALL.into_iter().zip(pending).zip(used) {
                if !used {
                    continue;
                }
                let part = settle::round(mode, part, b.precision, &mut trace)
                    .ok_or_else(|| total_overflow(&b.name))?;
                total = total
                    .checked_add(part)
                    .ok_or_else(|| total_overflow(&b.name))?;
            }
            // Every part is rounded to the balance's precision by now.
            let mut points = Exact::from(
                total
                    .round(plan.rounding, b.precision)
                    .ok_or_else(|| total_overflow(&b.name))?,
            );
            // The caps cut the awards while parts rounded per transaction
            // were still exact; rounding those up must not lift the total
            // over a cap.
            for (ci, cap) in plan.caps.iter().enumerate() {
                if cap.balance != bi || (cap.member.is_some() && who != Who::Member) {
                    continue;
                }
                // A cap per member: what the period credited before is used.
                let had = before.get(ci).copied().unwrap_or(Exact::ZERO);
                let room = Exact::from(cap.cap.limit)
                    .checked_sub(had)
                    .ok_or_else(|| total_overflow(&b.name))?
                    .max(Exact::ZERO);
                points = settle::cut(&cap.cap, room, points, &mut trace);
            }
            let points = points.as_decimal().ok_or_else(|| total_overflow(&b.name))?;
            emit(
                who,
                bi,
                crate::rounding::at_places(points, b.precision),
                steps,
            );
        }
    }
    Ok(())
}

fn total_overflow(balance: &str) -> EvalError {
    EvalError::Overflow {
        rule: String::new(),
        during: format!("the total of {balance}"),
    }
}

/// Totals for an explained outcome.
pub(crate) fn explained(
    plan: &Plan,
    member: &Member,
    event: &Event,
    credits: &[Credit],
    before: &[Exact],
    ids: &[Name],
    parts: &mut ByBalance<Parts>,
) -> Result<Vec<Total>, EvalError> {
    let mut out = Vec::new();
    let emit = |who: Who, bi: usize, points: Decimal, steps: Vec<Step>| {
        let Some(b) = plan.balances.get(bi) else {
            return;
        };
        out.push(Total {
            member: name_of(ids, who, member, event),
            balance: b.name.clone(),
            qualifying: b.qualifying,
            points,
            steps,
        });
    };
    each_total(plan, credits, before, parts, emit, true)?;
    Ok(out)
}

/// Totals without explanation, borrowing names from the plan and the input.
pub(crate) fn lean<'a>(
    plan: &'a Plan,
    member: &'a Member,
    event: &'a Event,
    credits: &[Credit],
    before: &[Exact],
    parts: &mut ByBalance<Parts>,
) -> Result<Points<'a>, EvalError> {
    let mut out = Points::empty();
    let emit = |who: Who, bi: usize, points: Decimal, _: Vec<Step>| {
        if let Some(b) = plan.balances.get(bi) {
            out.push(Credited {
                member: id_of(who, member, event),
                balance: &b.name,
                qualifying: b.qualifying,
                points,
            });
        }
    };
    each_total(plan, credits, before, parts, emit, false)?;
    Ok(out)
}
