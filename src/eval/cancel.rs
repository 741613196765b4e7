//! Cancellations: the receipt a redemption leaves while it can be
//! cancelled, and what a cancellation gives back.

use chrono::NaiveDate;

use crate::error::EvalError;
use crate::exact::Exact;
use crate::input::Cancellation;
use crate::ledger::{
    CancelOutcome, CancelRefusal, Lot, RedemptionOutcome, RedemptionReceipt, SpentLot,
};
use crate::plan::Plan;
use crate::state::{MemberState, StateChange};

/// The receipt of a redemption: each lot that paid, as the state holds it
/// before the redemption, with the points it paid.
pub(crate) fn receipt(
    r: &RedemptionOutcome,
    state: Option<&MemberState>,
    day: NaiveDate,
    activity: bool,
) -> RedemptionReceipt {
    let wallet = state.and_then(|s| s.wallets.get(&r.balance));
    let lots = r
        .lots
        .iter()
        .filter_map(|paid| {
            let lot = wallet?
                .lots
                .iter()
                .find(|l| l.event == paid.event && l.earned_on == paid.earned_on)?;
            Some(Lot {
                points: paid.points,
                ..lot.clone()
            })
        })
        .collect();
    RedemptionReceipt {
        day,
        name: r.name.clone(),
        reward: r.reward,
        balance: r.balance.clone(),
        points: r.points,
        lots,
        sequence: state.map_or(0, |s| s.events),
        activity,
        activity_before: activity
            .then(|| wallet.and_then(|w| w.last_activity))
            .flatten(),
    }
}

/// What a cancellation gives back, and the lots it gives it back to.
pub(crate) struct Undone {
    pub outcome: CancelOutcome,
    pub restored: Vec<(String, Lot)>,
    /// For a redemption that was activity: its day, and the balance's last
    /// activity before it.
    pub activity: Option<(NaiveDate, Option<NaiveDate>)>,
}

/// The redemption `c` cancels, checked: the program's window, the state's
/// receipt of it.
pub(crate) fn undo(
    plan: &Plan,
    state: Option<&MemberState>,
    c: &Cancellation,
    day: NaiveDate,
) -> Result<Undone, EvalError> {
    let refuse = |refusal: CancelRefusal| EvalError::CancelRefused {
        event: c.id.clone(),
        refusal,
    };
    let policy = plan
        .returns
        .ok_or_else(|| refuse(CancelRefusal::NoCancellations))?;
    let receipt = state
        .and_then(|s| s.redemptions.get(&c.redemption))
        .ok_or_else(|| {
            refuse(CancelRefusal::UnknownRedemption {
                redemption: c.redemption.clone(),
            })
        })?;
    if day < receipt.day {
        return Err(refuse(CancelRefusal::TooEarly {
            redemption: c.redemption.clone(),
            day: receipt.day,
            on: day,
        }));
    }
    if policy.is_past(receipt.day, day) {
        return Err(refuse(CancelRefusal::TooLate {
            redemption: c.redemption.clone(),
            day: receipt.day,
            within: policy.within_days,
        }));
    }
    let (paid_owed, withheld, forgiven_by) = withheld(state, receipt);
    let lots = receipt
        .lots
        .iter()
        .map(|l| SpentLot {
            balance: receipt.balance.clone(),
            event: l.event.clone(),
            earned_on: l.earned_on,
            points: l.points,
        })
        .collect();
    Ok(Undone {
        outcome: CancelOutcome {
            redemption: c.redemption.clone(),
            name: receipt.name.clone(),
            reward: receipt.reward,
            balance: receipt.balance.clone(),
            points: receipt.points,
            paid_owed,
            withheld,
            forgiven_by,
            lots,
        },
        restored: receipt
            .lots
            .iter()
            .map(|l| (receipt.balance.clone(), l.clone()))
            .collect(),
        activity: receipt
            .activity
            .then_some((receipt.day, receipt.activity_before)),
    })
}

/// Of the points `receipt` gives back: what pays what the wallet owes
/// (its lots pay that first), then what pays points that returns made
/// after the redemption forgave, oldest first, and those returns.
fn withheld(
    state: Option<&MemberState>,
    receipt: &RedemptionReceipt,
) -> (Exact, Exact, Vec<String>) {
    let Some(s) = state else {
        return (Exact::ZERO, Exact::ZERO, Vec::new());
    };
    let owed = s
        .wallets
        .get(&receipt.balance)
        .filter(|_| !receipt.lots.is_empty())
        .map_or(Exact::ZERO, |w| w.owed.max(Exact::ZERO).min(receipt.points));
    let mut left = receipt
        .points
        .checked_sub(owed)
        .unwrap_or(Exact::ZERO)
        .max(Exact::ZERO);
    let (mut withheld, mut by) = (Exact::ZERO, Vec::new());
    for f in s.forgiven.iter().filter(|f| f.paid_by(receipt)) {
        let pay = left.min(f.points);
        if pay.is_zero() {
            break;
        }
        withheld = withheld.checked_add(pay).unwrap_or(withheld);
        left = left.checked_sub(pay).unwrap_or(Exact::ZERO);
        by.push(f.event.clone());
    }
    (owed, withheld, by)
}

/// The state as it is once the points are back in their lots: what the
/// event's expiry reads, so that those of a lot that has ended expire.
pub(crate) fn with_restored(state: &MemberState, undone: &Undone) -> Option<MemberState> {
    let mut after = state.clone();
    let mut withhold = undone.outcome.withheld;
    for (balance, lot) in &undone.restored {
        after.restore(balance, lot, &mut withhold).ok()?;
    }
    Some(after)
}

/// Puts the cancellation in the change: the points back in the balance and
/// in their lots, the redemption's receipt gone.
pub(crate) fn into_change(
    undone: &Undone,
    c: &Cancellation,
    change: &mut StateChange,
) -> Result<(), EvalError> {
    let o = &undone.outcome;
    let slot = change
        .balances
        .entry(o.balance.clone())
        .or_insert(Exact::ZERO);
    *slot = o
        .points
        .checked_sub(o.withheld)
        .and_then(|back| slot.checked_add(back))
        .ok_or_else(|| EvalError::Overflow {
            rule: o.name.clone(),
            during: "the points given back".into(),
        })?;
    change.restored = undone.restored.clone();
    // A redemption cancelled is no longer activity.
    if let Some((day, before)) = undone.activity {
        change
            .activity_undone
            .push((o.balance.clone(), day, before));
    }
    change.withheld = o.withheld;
    change.cancelled = Some(c.redemption.clone());
    Ok(())
}
