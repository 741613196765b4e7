//! The rest of a purchase after a return: by line (quantities less what
//! was returned, discounts split when they split exactly) or pro rata (the
//! lines' amounts shrunk in proportion, to the cent), and the member's
//! state it is evaluated against: as it was before the purchase.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Receipt, ReturnRefusal};
use crate::budget::Budgets;
use crate::exact::Exact;
use crate::input::{Member, Return, Transaction};
use crate::plan::Plan;
use crate::state::{MemberState, RuleUsage};

/// `by line`: the quantities asked, checked against what is left, and the
/// rest of the purchase.
pub(crate) fn by_line(
    r: &Return,
    tx: &Transaction,
    returned: &mut BTreeMap<usize, Decimal>,
) -> Result<(Transaction, bool), ReturnRefusal> {
    for l in &r.lines {
        let Some(line) = tx.lines.get(l.line) else {
            return Err(ReturnRefusal::NoSuchLine {
                purchase: r.purchase.clone(),
                line: l.line,
                lines: tx.lines.len(),
            });
        };
        if let Some(sku) = l.sku.as_ref().filter(|sku| **sku != line.sku) {
            return Err(ReturnRefusal::OtherSku {
                purchase: r.purchase.clone(),
                line: l.line,
                sku: sku.as_str().into(),
                found: line.sku.as_str().into(),
                at: tx
                    .lines
                    .iter()
                    .enumerate()
                    .filter(|(_, other)| other.sku == *sku)
                    .map(|(i, _)| i)
                    .collect::<Vec<_>>()
                    .into(),
            });
        }
        if l.quantity <= Decimal::ZERO {
            return Err(ReturnRefusal::BadQuantity {
                line: l.line,
                asked: l.quantity,
            });
        }
        let before = returned.get(&l.line).copied().unwrap_or(Decimal::ZERO);
        let left = line.quantity - before;
        if l.quantity > left {
            return Err(ReturnRefusal::TooMany {
                purchase: r.purchase.clone(),
                line: l.line,
                asked: l.quantity,
                bought: line.quantity,
                left,
            });
        }
        returned.insert(l.line, before + l.quantity);
    }
    let rest = remaining(tx, returned)?;
    let complete = rest.lines.is_empty();
    Ok((rest, complete))
}

/// A line's amount: its price times its quantity, less its discount.
pub(crate) fn line_amount(l: &crate::input::Line) -> Decimal {
    crate::exact::mul(l.unit_price, l.quantity).map_or(Decimal::ZERO, |x| x - l.discount)
}

/// The purchase's amount: its lines' amounts.
pub(crate) fn purchase_amount(tx: &Transaction) -> Decimal {
    tx.lines
        .iter()
        .map(line_amount)
        .fold(Decimal::ZERO, |a, b| a + b)
}

/// `pro rata`: the purchase with its lines' amounts shrunk in proportion to
/// `rest` of `amount` (each floored to the currency's minor unit, the last
/// line taking what is left, so that they add up to `rest` exactly); the
/// lines keep their quantities and prices, their discounts grow.
pub(crate) fn scaled(tx: &Transaction, amount: Decimal, rest: Decimal, places: u32) -> Transaction {
    let mut out = tx.clone();
    let mut left = rest;
    let n = out.lines.len();
    for (i, l) in out.lines.iter_mut().enumerate() {
        let full = line_amount(l);
        let share = if i + 1 == n {
            left
        } else if amount.is_zero() {
            Decimal::ZERO
        } else {
            full.checked_mul(rest)
                .and_then(|x| x.checked_div(amount))
                .unwrap_or(Decimal::ZERO)
                .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::ToZero)
                .min(left)
        };
        let share = share.max(Decimal::ZERO).min(full);
        left -= share;
        l.discount += full - share;
    }
    out
}

/// The purchase without what has been returned of it; a line's discount
/// is split in proportion, when it splits exactly.
fn remaining(
    tx: &Transaction,
    returned: &BTreeMap<usize, Decimal>,
) -> Result<Transaction, ReturnRefusal> {
    let mut rest = tx.clone();
    let mut lines = Vec::new();
    for (i, line) in tx.lines.iter().enumerate() {
        let gone = returned.get(&i).copied().unwrap_or(Decimal::ZERO);
        let left = line.quantity - gone;
        if left <= Decimal::ZERO {
            continue;
        }
        lines.push(left_of(line, gone).ok_or(ReturnRefusal::Indivisible {
            line: i,
            discount: line.discount,
            left,
            quantity: line.quantity,
        })?);
    }
    rest.lines = lines;
    Ok(rest)
}

/// A line with `gone` of its quantity returned: the quantity left, and
/// the share of its discount that stays, when it splits exactly (`None`
/// when it does not).
pub(crate) fn left_of(line: &crate::input::Line, gone: Decimal) -> Option<crate::input::Line> {
    let left = line.quantity.checked_sub(gone)?;
    let mut l = line.clone();
    if gone > Decimal::ZERO && !line.discount.is_zero() {
        l.discount = discount_left(line, left)?;
    }
    l.quantity = left;
    Some(l)
}

/// The share of a line's discount that `left` of its quantity keeps, when
/// it splits exactly (`Decimal`'s own quotient rounds); else `None`, and a
/// return of part of the line is refused.
pub(crate) fn discount_left(line: &crate::input::Line, left: Decimal) -> Option<Decimal> {
    crate::exact::mul(line.discount, left)
        .and_then(|x| crate::exact::Exact::ratio(x, line.quantity))
        .and_then(|x| x.as_decimal())
}

/// The member's state as it was before a purchase, for evaluating its rest
/// as it was made: each counter without what the purchase still counts and
/// without the days after the purchase's (the state keeps a return
/// window's more days for this), with the streak it had before it; each
/// rule with a per-member limit or cap with what the member had used of it
/// before the purchase, on the purchase's day; and campaign budgets with
/// what all members had used of them before it. So the rest has the room
/// the purchase had, no more: a bonus whose limit was used up before it,
/// or points a cap or a budget cut, are not earned by what is left of it
/// either, and a bonus for what the member did before (spend this year, a
/// mark crossed) stays when the rest still earns it. Events on the
/// purchase's day after it are read as before it.
pub(crate) fn as_before(
    plan: &Plan,
    member: &Member,
    now: Option<&MemberState>,
    receipt: &Receipt,
) -> (MemberState, Budgets) {
    let mut state = MemberState::new(&plan.name, &member.id);
    let day = receipt.day;
    for (name, c) in now.iter().flat_map(|s| &s.counters) {
        let counted = receipt.counted.get(name).copied().unwrap_or(Exact::ZERO);
        // As at the end of the purchase's day, without the purchase's count.
        let Some(mut before) = c.as_of(day) else {
            continue;
        };
        before.total = less(before.total, counted);
        if let Some(v) = before.days.get_mut(&day) {
            *v = less(*v, counted);
        }
        before.days.retain(|_, v| !v.is_zero());
        before.streak = receipt.streaks.get(name).copied();
        before.deducted = BTreeMap::new();
        if !before.total.is_zero() || !before.days.is_empty() || before.streak.is_some() {
            state.counters.insert(name.clone(), before);
        }
    }
    for (rule, used) in &receipt.used_before {
        state.rules.insert(
            rule.clone(),
            RuleUsage {
                times: used.times,
                points: used.points.clone(),
                days: BTreeMap::from([(day, used.clone())]),
            },
        );
    }
    let mut budgets = Budgets::new(&plan.name);
    budgets.used = receipt.budgets_before.clone();
    (state, budgets)
}

/// `a - b`, not below zero (a state's counts never are).
fn less(a: Exact, b: Exact) -> Exact {
    a.checked_sub(b).unwrap_or(Exact::ZERO).max(Exact::ZERO)
}
