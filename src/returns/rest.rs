//! The rest of a purchase after a return: by line (quantities less what
//! was returned, discounts split when they split exactly) or pro rata (the
//! lines' amounts shrunk in proportion, to the cent), and the member's
//! state it is evaluated against: as it was before the purchase.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::{Receipt, ReturnLine, ReturnRefusal};
use crate::budget::Budgets;
use crate::exact::Exact;
use crate::input::{Member, Return, Transaction};
use crate::plan::Plan;
use crate::state::{MemberState, RuleUsage};

/// The rest of a purchase after a return by line.
pub(crate) struct ByLine {
    /// The purchase less every line returned so far.
    pub(crate) rest: Transaction,
    /// Whether nothing is left of it.
    pub(crate) complete: bool,
    /// The lines returned, each with its position and SKU.
    pub(crate) lines: Vec<ReturnLine>,
}

/// `by line`: the lines asked, found by position or SKU, their quantities
/// checked against what is left, and the rest of the purchase.
pub(crate) fn by_line(
    r: &Return,
    tx: &Transaction,
    returned: &mut BTreeMap<usize, Decimal>,
) -> Result<ByLine, ReturnRefusal> {
    let mut lines = Vec::with_capacity(r.lines.len());
    for (index, l) in r.lines.iter().enumerate() {
        let at = position(r, tx, index, l)?;
        let Some(line) = tx.lines.get(at) else {
            return Err(ReturnRefusal::NoSuchLine {
                purchase: r.purchase.clone(),
                line: at,
                lines: tx.lines.len(),
            });
        };
        if let Some(sku) = l.sku.as_ref().filter(|sku| **sku != line.sku) {
            return Err(ReturnRefusal::OtherSku {
                purchase: r.purchase.clone(),
                line: at,
                sku: sku.as_str().into(),
                found: line.sku.as_str().into(),
                at: lines_of(tx, sku),
            });
        }
        if l.quantity <= Decimal::ZERO {
            return Err(ReturnRefusal::BadQuantity {
                line: at,
                asked: l.quantity,
            });
        }
        let before = returned.get(&at).copied().unwrap_or(Decimal::ZERO);
        let left = line.quantity - before;
        if l.quantity > left {
            return Err(ReturnRefusal::TooMany {
                purchase: r.purchase.clone(),
                line: at,
                asked: l.quantity,
                bought: line.quantity,
                left,
            });
        }
        returned.insert(at, before + l.quantity);
        lines.push(ReturnLine {
            line: Some(at),
            sku: Some(line.sku.clone()),
            quantity: l.quantity,
        });
    }
    let rest = remaining(tx, returned)?;
    let complete = rest.lines.is_empty();
    Ok(ByLine {
        rest,
        complete,
        lines,
    })
}

/// The position of a returned line: as given, or the purchase's one line
/// of its SKU.
fn position(
    r: &Return,
    tx: &Transaction,
    index: usize,
    l: &ReturnLine,
) -> Result<usize, ReturnRefusal> {
    match (l.line, &l.sku) {
        (Some(at), _) => Ok(at),
        (None, None) => Err(ReturnRefusal::LineNotNamed { index }),
        (None, Some(sku)) => match *lines_of(tx, sku) {
            [at] => Ok(at),
            [] => Err(ReturnRefusal::NoSuchSku {
                purchase: r.purchase.clone(),
                sku: sku.as_str().into(),
                skus: tx.lines.iter().map(|l| l.sku.clone()).collect(),
            }),
            ref several => Err(ReturnRefusal::SkuOnLines {
                purchase: r.purchase.clone(),
                sku: sku.as_str().into(),
                at: several.into(),
            }),
        },
    }
}

/// The positions of a purchase's lines of `sku`.
fn lines_of(tx: &Transaction, sku: &str) -> Box<[usize]> {
    tx.lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.sku == sku)
        .map(|(i, _)| i)
        .collect()
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
