//! Expiry as time passes: the lots that ended before a day.

use chrono::NaiveDate;

use super::{later, ExpiredLot, Expiry, LedgerPlan};
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
            Expiry::Inactive { n, months } => wallet
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
