//! Expiry as time passes: the lots that ended before a day.

use chrono::NaiveDate;

use super::{later, ExpiredLot, Expiry, LedgerPlan, Lot, Wallet};
use crate::state::MemberState;

/// The lots of the program's ledgers that no longer hold on `day`: past
/// their expiry, or all of a balance's lots once it went without activity
/// for its period.
pub(crate) fn expire(
    ledgers: &[LedgerPlan],
    state: &MemberState,
    day: NaiveDate,
) -> Vec<ExpiredLot> {
    let mut out = Vec::new();
    for ledger in ledgers {
        let Some(wallet) = state.wallets.get(&ledger.name) else {
            continue;
        };
        let ended = ledger.ended(wallet, day);
        for lot in &wallet.lots {
            if let Some(on) = ended(lot) {
                out.push(ExpiredLot {
                    balance: ledger.name.clone(),
                    event: lot.event.clone(),
                    earned_on: lot.earned_on,
                    points: lot.points,
                    on,
                });
            }
        }
    }
    out
}

impl LedgerPlan {
    /// The balance's lots that still hold on `day` (what expires before it
    /// left out), in its spending order: soonest expiring (lots without an
    /// expiry date last), then oldest; or oldest first. The lot of event
    /// `first`, if any, goes before all others.
    pub(crate) fn live_lots<'s>(
        &self,
        state: &'s MemberState,
        day: NaiveDate,
        first: Option<&str>,
    ) -> Vec<&'s Lot> {
        let Some(wallet) = state.wallets.get(&self.name) else {
            return Vec::new();
        };
        let ended = self.ended(wallet, day);
        let mut lots: Vec<&Lot> = wallet
            .lots
            .iter()
            .filter(|l| !l.points.is_zero() && ended(l).is_none())
            .collect();
        let not_first = |l: &Lot| first != Some(l.event.as_str());
        if self.oldest_first {
            lots.sort_by_key(|l| (not_first(l), l.earned_on));
        } else {
            lots.sort_by_key(|l| {
                (
                    not_first(l),
                    l.expires_on.is_none(),
                    l.expires_on,
                    l.earned_on,
                )
            });
        }
        lots
    }

    /// For each lot of `wallet` with points left, the day it ended if it
    /// no longer holds on `day`: the day after its last, or the day its
    /// balance's time without activity ran out (a lot at a time, so that
    /// what holds is found in time linear in the lots).
    pub(super) fn ended<'w>(
        &self,
        wallet: &'w Wallet,
        day: NaiveDate,
    ) -> impl Fn(&Lot) -> Option<NaiveDate> + 'w {
        let inactive_from = match self.expiry {
            Expiry::Inactive { n, months, .. } => wallet
                .last_activity
                .and_then(|last| later(last, n, months))
                .filter(|end| *end <= day),
            _ => None,
        };
        move |lot: &Lot| {
            if lot.points.is_zero() {
                return None;
            }
            match (inactive_from, lot.expires_on) {
                (Some(end), _) => Some(end),
                (None, Some(last)) if last < day => last.succ_opt(),
                _ => None,
            }
        }
    }
}
