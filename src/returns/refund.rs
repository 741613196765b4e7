//! What a return refunds of the points that paid for its purchase
//! (`refund N points = M CUR`): the points the purchase's returned money so
//! far comes to, floored to the balance's decimals, less what the returns before it refunded, so
//! that returning a purchase in parts refunds what returning it whole does,
//! and each share is exact (a third of 3 points is 1).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::rest::line_amount;
use crate::exact::Exact;
use crate::input::Transaction;
use crate::rounding::RoundingMode;

/// The money of a purchase returned so far: `by line`, each line's amount
/// for the quantities returned of it (`returned`); `pro rata`, the amounts
/// returned (`amount`).
pub(crate) enum Returned<'a> {
    Lines(&'a BTreeMap<usize, Decimal>),
    Amount(Decimal),
}

impl Returned<'_> {
    fn money(&self, tx: &Transaction) -> Option<Exact> {
        match self {
            Returned::Amount(a) => Some(Exact::from(*a)),
            Returned::Lines(lines) => {
                let mut sum = Exact::ZERO;
                for (i, q) in lines.iter() {
                    let line = tx.lines.get(*i)?;
                    let share = Exact::from(line_amount(line))
                        .checked_mul(Exact::from(*q))?
                        .checked_div(Exact::from(line.quantity))?;
                    sum = sum.checked_add(share)?;
                }
                Some(sum)
            }
        }
    }
}

/// The points this return refunds: what the money returned after it comes
/// to, less what the money returned before it came to, each floored to
/// `places` (the balance's decimals). `rate` is the program's `(points,
/// money)`; `amount` the purchase's.
pub(crate) fn refund(
    tx: &Transaction,
    amount: Decimal,
    rate: (Decimal, Decimal),
    places: u32,
    before: Returned<'_>,
    after: Returned<'_>,
) -> Decimal {
    let upto = |returned: &Returned<'_>| -> Option<Decimal> {
        let (points, money) = rate;
        Exact::from(tx.tenders.points)
            .checked_mul(returned.money(tx)?)?
            .checked_mul(Exact::from(points))?
            .checked_div(Exact::from(amount).checked_mul(Exact::from(money))?)?
            .round(RoundingMode::Floor, places)
    };
    match (upto(&after), upto(&before)) {
        (Some(a), Some(b)) => a.checked_sub(b).unwrap_or(Decimal::ZERO),
        _ => Decimal::ZERO,
    }
    .max(Decimal::ZERO)
}
