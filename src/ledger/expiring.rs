//! What a member's lots will lose to expiry if nothing changes: by balance
//! and by the day they stop holding, as a host shows it ("1,200 points
//! expire on 1 February"), computed by the ledger's own rules (the end of
//! a month, quarter or year; a fixed day; a time without activity) rather
//! than again by the host.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::wallet::sum_points;
use super::{later, Expiry, LedgerPlan, Lot};
use crate::exact::Exact;
use crate::state::MemberState;

/// Points of a balance kept as lots that stop holding on a day, unless
/// they are spent first (or, for a ledger that expires without activity,
/// the balance is credited again); see [`Program::expiring`](crate::Program::expiring).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Expiring {
    /// The balance.
    pub balance: String,
    /// The first day the points no longer hold (the day after their last).
    pub on: NaiveDate,
    /// The points, in all the lots that end that day.
    pub points: Exact,
    /// How many lots they are in.
    pub lots: usize,
    /// Whether they expire for want of activity (`expire after N months
    /// without activity`): a credit to the balance (or, `without earning or
    /// redeeming`, a redemption from it) moves the day for all of them.
    pub without_activity: bool,
}

/// The latest day `state` can be dated by: a lot earned, a ledger's last
/// activity, or the day its tier was reviewed to (`None` for a state with
/// none of them, which cannot be dated).
pub(crate) fn last_day(state: &MemberState) -> Option<NaiveDate> {
    let wallets = state
        .wallets
        .values()
        .flat_map(|w| w.lots.iter().map(|l| l.earned_on).chain(w.last_activity));
    wallets.chain(state.tier.as_ref().map(|t| t.reviewed)).max()
}

/// The lots of `state` that still hold on `as_of` and will end, grouped
/// by balance (in the order of the program's `ledger` declarations) and
/// by the day they end (soonest first).
pub(crate) fn expiring(
    ledgers: &[LedgerPlan],
    state: &MemberState,
    as_of: NaiveDate,
) -> Vec<Expiring> {
    let mut out = Vec::new();
    for ledger in ledgers {
        let Some(wallet) = state.wallets.get(&ledger.name) else {
            continue;
        };
        let ended = ledger.ended(wallet, as_of);
        // Every lot ends the same day, for want of activity.
        let inactive = match ledger.expiry {
            Expiry::Inactive { n, months, .. } => {
                Some(wallet.last_activity.and_then(|last| later(last, n, months)))
            }
            _ => None,
        };
        let mut by_day: BTreeMap<NaiveDate, Vec<&Lot>> = BTreeMap::new();
        for lot in &wallet.lots {
            if lot.points.is_zero() || ended(lot).is_some() {
                continue;
            }
            let on = match inactive {
                Some(end) => end,
                None => lot.expires_on.and_then(|last| last.succ_opt()),
            };
            if let Some(on) = on {
                by_day.entry(on).or_default().push(lot);
            }
        }
        out.extend(by_day.into_iter().map(|(on, lots)| Expiring {
            balance: ledger.name.clone(),
            on,
            points: sum_points(lots.iter().copied()),
            lots: lots.len(),
            without_activity: inactive.is_some(),
        }));
    }
    out
}
