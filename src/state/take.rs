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
pub(super) struct Takes<'c, 'l> {
    /// Per balance: how many takes the change makes of its lots.
    counts: BTreeMap<&'c str, usize>,
    /// Per balance taken from many times: its lots' positions sorted by
    /// event, day and position.
    sorted: BTreeMap<&'c str, Vec<usize>>,
    /// What the takes altered, to undo them on an error.
    log: &'l mut TakeLog<'c>,
}

/// What a change's takes altered of the lots, in order: each lot's points
/// before a take (by balance and position), and the lots they emptied
/// and dropped (with their positions before). Undoing it costs what the
/// takes touched, not the wallet's lots.
#[derive(Default)]
pub(super) struct TakeLog<'c> {
    pub(super) points: Vec<(&'c str, usize, Exact)>,
    pub(super) dropped: Vec<(&'c str, usize, Lot)>,
}

impl TakeLog<'_> {
    /// Puts `balance`'s lots back as they were before the takes: the lots
    /// dropped at their places (the lots after them, added by the change,
    /// gone), then each lot's points, the last take first. `before` is how
    /// many lots the wallet had.
    pub(super) fn undo(&mut self, balance: &str, lots: &mut Vec<Lot>, before: usize) {
        let (dropped, others): (Vec<_>, Vec<_>) = std::mem::take(&mut self.dropped)
            .into_iter()
            .partition(|(b, ..)| *b == balance);
        self.dropped = others;
        let dropped: Vec<(usize, Lot)> = dropped.into_iter().map(|(_, at, l)| (at, l)).collect();
        lots.truncate(before.saturating_sub(dropped.len()));
        if !dropped.is_empty() {
            // Merged in one pass, in position order.
            let mut kept = std::mem::take(lots).into_iter();
            let mut dropped = dropped.into_iter().peekable();
            for at in 0..before {
                let next = match dropped.next_if(|(d, _)| *d == at) {
                    Some((_, lot)) => Some(lot),
                    None => kept.next(),
                };
                lots.extend(next);
            }
        }
        for (_, at, points) in self.points.iter().rev().filter(|(b, ..)| *b == balance) {
            if let Some(lot) = lots.get_mut(*at) {
                lot.points = *points;
            }
        }
    }
}

impl<'c, 'l> Takes<'c, 'l> {
    pub(super) fn of(c: &'c StateChange, log: &'l mut TakeLog<'c>) -> Takes<'c, 'l> {
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
            log,
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
        let (at, lot) = found
            .and_then(|i| Some((i, wallet.lots.get_mut(i)?)))
            .ok_or_else(|| StateError::NoSuchLot {
                balance: balance.to_string(),
                event: event.to_string(),
            })?;
        self.log.points.push((balance, at, lot.points));
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

    /// Drops the lots the takes emptied (into the log).
    pub(super) fn finish(self, s: &mut MemberState) {
        for balance in self.counts.keys() {
            if let Some(w) = s.wallets.get_mut(*balance) {
                if !w.lots.iter().any(|l| l.points.is_zero()) {
                    continue;
                }
                let lots = std::mem::take(&mut w.lots);
                w.lots.reserve(lots.len());
                for (at, lot) in lots.into_iter().enumerate() {
                    if lot.points.is_zero() {
                        self.log.dropped.push((balance, at, lot));
                    } else {
                        w.lots.push(lot);
                    }
                }
            }
        }
    }
}

/// Lots `a` and `b` by event, day and position.
fn by_name(lots: &[Lot], a: usize, b: &usize) -> Ordering {
    let name = |i: usize| lots.get(i).map(|l| (l.event.as_str(), l.earned_on, i));
    name(a).cmp(&name(*b))
}
