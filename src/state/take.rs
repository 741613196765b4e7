//! Taking points from lots: what expired, what a redemption spent and
//! what a return took back each name a lot by its event and day. A change
//! that takes from many lots (a year of purchases expiring at once) finds
//! them through the wallet's lots sorted by that name, so that applying it
//! costs `n log n` in the lots, not `n` for each lot it takes.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::apply::{overflow, sum};
use super::{MemberState, StateChange, StateError};
use crate::exact::Exact;
use crate::ledger::Lot;

/// From this many takes of one balance, its lots are searched sorted (a
/// few, so that the generated histories of the tests take both ways).
const SORT_FROM: usize = 4;

/// Where points taken from a lot go.
#[derive(Clone, Copy)]
pub(super) enum Gone {
    Expired,
    Redeemed,
    Reversed,
}

/// The takes of one change, applied one by one; the lots they empty are
/// dropped once all are taken ([`Takes::finish`]).
pub(super) struct Takes<'c> {
    /// Per balance: how many takes the change makes of its lots.
    counts: BTreeMap<&'c str, usize>,
    /// Per balance taken from many times: its lots' positions sorted by
    /// event, day and position.
    sorted: BTreeMap<&'c str, Vec<usize>>,
}

impl<'c> Takes<'c> {
    pub(super) fn of(c: &'c StateChange) -> Takes<'c> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let balances = c
            .expired
            .iter()
            .map(|e| e.balance.as_str())
            .chain(c.spent.iter().map(|u| u.balance.as_str()))
            .chain(c.reversed.iter().map(|u| u.balance.as_str()));
        for b in balances {
            *counts.entry(b).or_default() += 1;
        }
        Takes {
            counts,
            sorted: BTreeMap::new(),
        }
    }

    /// Takes `points` from the first lot (in the wallet's order) that
    /// `event` earned on `earned_on` and that has them, and adds them to
    /// the wallet's total of where they went.
    pub(super) fn take(
        &mut self,
        s: &mut MemberState,
        balance: &'c str,
        (event, earned_on): (&str, NaiveDate),
        points: Exact,
        gone: Gone,
    ) -> Result<(), StateError> {
        let wallet = s.wallets.entry(balance.to_string()).or_default();
        let lots = &wallet.lots;
        let fits = |l: &Lot| !l.points.is_zero() && l.points >= points;
        let found = if self.counts.get(balance).copied().unwrap_or(0) < SORT_FROM {
            lots.iter()
                .position(|l| l.event == event && l.earned_on == earned_on && fits(l))
        } else {
            let order = self.sorted.entry(balance).or_insert_with(|| {
                let mut order: Vec<usize> = (0..lots.len()).collect();
                order.sort_by(|a, b| by_name(lots, *a, b));
                order
            });
            let name = |i: usize| lots.get(i).map(|l| (l.event.as_str(), l.earned_on));
            let start = order.partition_point(|i| name(*i) < Some((event, earned_on)));
            order
                .get(start..)
                .unwrap_or_default()
                .iter()
                .take_while(|i| name(**i) == Some((event, earned_on)))
                .copied()
                .find(|i| lots.get(*i).is_some_and(fits))
        };
        let lot =
            found
                .and_then(|i| wallet.lots.get_mut(i))
                .ok_or_else(|| StateError::NoSuchLot {
                    balance: balance.to_string(),
                    event: event.to_string(),
                })?;
        let what = || format!("balance {balance}");
        lot.points = lot
            .points
            .checked_sub(points)
            .ok_or_else(|| overflow(what()))?;
        let total = match gone {
            Gone::Expired => &mut wallet.expired,
            Gone::Redeemed => &mut wallet.redeemed,
            Gone::Reversed => &mut wallet.reversed,
        };
        *total = sum(*total, points, what)?;
        Ok(())
    }

    /// Drops the lots the takes emptied.
    pub(super) fn finish(self, s: &mut MemberState) {
        for balance in self.counts.keys() {
            if let Some(w) = s.wallets.get_mut(*balance) {
                w.lots.retain(|l| !l.points.is_zero());
            }
        }
    }
}

/// Lots `a` and `b` by event, day and position.
fn by_name(lots: &[Lot], a: usize, b: &usize) -> Ordering {
    let name = |i: usize| lots.get(i).map(|l| (l.event.as_str(), l.earned_on, i));
    name(a).cmp(&name(*b))
}
