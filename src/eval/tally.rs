//! After the rules: program caps, then totals per recipient and balance.

use rust_decimal::Decimal;

use super::award::{self, Trace};
use super::context::id_of;
use super::scratch::{Credit, Who};
use crate::error::EvalError;
use crate::input::{Event, Member};
use crate::outcome::{Step, Total};
use crate::plan::Plan;
use crate::points::{Credited, Points};

/// An overflow in the rule at index `rule` of the plan.
pub(crate) fn overflow(plan: &Plan, rule: usize, during: &str) -> EvalError {
    let name = plan.rules.get(rule).map_or("", |r| r.name.as_str());
    award::overflow(name, during)
}

/// Program caps cut awards in evaluation order: earlier rules keep theirs.
/// `earned` holds each recipient's total per balance; awards are never
/// negative, so a cap that no total exceeds cuts nothing and is skipped.
pub(crate) fn apply_program_caps(
    plan: &Plan,
    credits: &mut [Credit],
    earned: &[(Who, usize, Decimal)],
) {
    for cap in &plan.caps {
        let exceeded = earned
            .iter()
            .any(|(_, b, total)| *b == cap.balance && *total > cap.cap.limit);
        if !exceeded {
            continue;
        }
        let mut used = [Decimal::ZERO; 3];
        for c in credits.iter_mut().filter(|c| c.balance == cap.balance) {
            let Some(so_far) = used.get_mut(c.who as usize) else {
                continue;
            };
            let room = (cap.cap.limit - *so_far).max(Decimal::ZERO);
            let mut trace = Trace(c.award.as_mut().map(|a| &mut a.steps));
            c.points = award::cut(&cap.cap, room, c.points, &mut trace);
            *so_far += c.points;
        }
    }
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

/// Every total, in output order: recipient, balance index, points, and,
/// when explaining, the rounding of programs that round per transaction.
fn each_total(
    plan: &Plan,
    credits: &[Credit],
    mut emit: impl FnMut(Who, usize, Decimal, Vec<Step>),
    explain: bool,
) -> Result<(), EvalError> {
    for who in recipients(credits) {
        for (bi, b) in plan.balances.iter().enumerate() {
            let mut mine = credits
                .iter()
                .filter(|c| c.who == who && c.balance == bi)
                .peekable();
            if who != Who::Member && mine.peek().is_none() {
                continue;
            }
            let mut sum = Decimal::ZERO;
            for c in mine {
                sum = sum
                    .checked_add(c.points)
                    .ok_or_else(|| overflow(plan, c.rule, &format!("the total of {}", b.name)))?;
            }
            let mut steps = Vec::new();
            let mut trace = Trace(explain.then_some(&mut steps));
            // Awards of rules rounded `per transaction` are exact until here.
            let points = award::round(plan.rounding, sum, b.precision, &mut trace);
            emit(who, bi, points.normalize(), steps);
        }
    }
    Ok(())
}

/// Totals for an explained outcome.
pub(crate) fn explained(
    plan: &Plan,
    member: &Member,
    event: &Event,
    credits: &[Credit],
) -> Result<Vec<Total>, EvalError> {
    let mut out = Vec::new();
    let emit = |who: Who, bi: usize, points: Decimal, steps: Vec<Step>| {
        let Some(b) = plan.balances.get(bi) else {
            return;
        };
        out.push(Total {
            member: id_of(who, member, event).to_string(),
            balance: b.name.clone(),
            qualifying: b.qualifying,
            points,
            steps,
        });
    };
    each_total(plan, credits, emit, true)?;
    Ok(out)
}

/// Totals without explanation, borrowing names from the plan and the input.
pub(crate) fn lean<'a>(
    plan: &'a Plan,
    member: &'a Member,
    event: &'a Event,
    credits: &[Credit],
) -> Result<Points<'a>, EvalError> {
    let mut out = Vec::with_capacity(plan.balances.len());
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
    each_total(plan, credits, emit, false)?;
    Ok(Points::new(out))
}
