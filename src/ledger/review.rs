//! Expiry as time passes: the lots that ended before a day.

use chrono::NaiveDate;

use super::{later, ExpiredLot, Expiry, LedgerPlan, Lot};
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
        let inactive_from = match ledger.expiry {
            Expiry::Inactive { n, months, .. } => wallet
                .last_activity
                .and_then(|last| later(last, n, months))
                .filter(|end| *end <= day),
            _ => None,
        };
        for lot in &wallet.lots {
            if lot.points.is_zero() {
                continue;
            }
            let on = match (inactive_from, lot.expires_on) {
                (Some(end), _) => Some(end),
                (None, Some(last)) if last < day => last.succ_opt(),
                _ => None,
            };
            if let Some(on) = on {
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
        let gone = expire(std::slice::from_ref(self), state, day);
        let mut lots: Vec<&Lot> = state
            .wallets
            .get(&self.name)
            .map(|w| w.lots.iter().collect())
            .unwrap_or_default();
        lots.retain(|l| {
            !l.points.is_zero()
                && !gone
                    .iter()
                    .any(|e| e.event == l.event && e.earned_on == l.earned_on)
        });
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
}
