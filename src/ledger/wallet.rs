//! The lots of a balance as the member state keeps them, and the changes
//! an outcome makes to them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::exact::Exact;

/// A balance kept as lots (`ledger BALANCE { ... }` in the program), in
/// the member state.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "WalletRepr")]
#[non_exhaustive]
pub struct Wallet {
    /// Lots with points left, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<Lot>,
    /// Points that expired, in total.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub expired: Exact,
    /// Points spent on redemptions, in total.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub redeemed: Exact,
    /// Points taken back by returns, in total.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub reversed: Exact,
    /// Points a return could not take back: the next lots pay them first.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub owed: Exact,
    /// The last day an event credited the balance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<NaiveDate>,
}

/// Points one event credited to a balance.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Lot {
    /// The event that earned it.
    pub event: String,
    /// The rules whose awards make it up, in evaluation order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// The local date it was earned.
    pub earned_on: NaiveDate,
    /// The points it was earned with.
    pub earned: Exact,
    /// The points left in it.
    pub points: Exact,
    /// The first day it can be spent (pending before); `None`: at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vests_on: Option<NaiveDate>,
    /// The last day it holds; `None`: it does not expire by date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<NaiveDate>,
    /// Points a return's `refund` gave back for goods paid with points: not
    /// activity, so the lot does not hold the balance's lots longer under
    /// `expire after N months without activity` (it expires with them).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub refund: bool,
}

/// A lot an outcome adds to a balance.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct NewLot {
    /// The balance.
    pub balance: String,
    /// The lot.
    pub lot: Lot,
    /// For a ledger whose lots expire after a time without activity
    /// (`expire after 24 months without activity`): that time, which every
    /// credit of the balance starts again (the lot has no `expires_on`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inactive: Option<crate::period::Period>,
    /// Whether a redemption is activity too (`without earning or
    /// redeeming`), for a ledger that expires after a time without it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redeeming: bool,
    /// Points of the lot that rewards issued automatically took at once
    /// (the lot holds what is left): in the wallet's `redeemed`.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub issued: Exact,
}

/// Points of a lot that expired.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExpiredLot {
    /// The balance.
    pub balance: String,
    /// The event that earned the lot.
    pub event: String,
    /// The day the lot was earned.
    pub earned_on: NaiveDate,
    /// The points that expired.
    pub points: Exact,
    /// The first day it no longer held.
    pub on: NaiveDate,
}

impl Wallet {
    /// Points that can be spent on `day`: in lots vested by then and not
    /// past their last day. (Lots that expire for want of activity end by
    /// the program's ledger rule: [`Program::expiring`](crate::Program::expiring)
    /// says when; the next evaluation, a `time` event, expires them.)
    pub fn available(&self, day: NaiveDate) -> Exact {
        self.sum(|l| l.vests_on.is_none_or(|v| v <= day) && holds(l, day))
    }

    /// Points still pending on `day`, in lots not past their last day.
    pub fn pending(&self, day: NaiveDate) -> Exact {
        self.sum(|l| l.vests_on.is_some_and(|v| v > day) && holds(l, day))
    }

    /// Every point in the lots.
    pub fn total(&self) -> Exact {
        self.sum(|_| true)
    }

    fn sum(&self, keep: impl Fn(&Lot) -> bool) -> Exact {
        sum_points(self.lots.iter().filter(|l| keep(l)))
    }
}

/// Whether `lot` still holds on `day` by its own last day.
fn holds(lot: &Lot, day: NaiveDate) -> bool {
    lot.expires_on.is_none_or(|last| day <= last)
}

/// The points of `lots` (a state read or applied holds them exactly; one
/// a host changed by hand may not: then the sum of the lots before the
/// one that passes what a decimal holds).
pub(crate) fn sum_points<'l>(lots: impl Iterator<Item = &'l Lot> + Clone) -> Exact {
    match try_sum_points(lots.clone()) {
        Ok(sum) => sum,
        Err(i) => try_sum_points(lots.take(i)).unwrap_or(Exact::ZERO),
    }
}

/// The points of `lots`, or the position of the lot whose points pass
/// what a decimal holds. Lots are decimals: summed as integers, a few
/// instructions each (a host shows a member's balances after every
/// event), and exactly when they do not fit.
pub(crate) fn try_sum_points<'l>(
    lots: impl Iterator<Item = &'l Lot> + Clone,
) -> Result<Exact, usize> {
    if let Some(sum) = crate::exact::checked_sum(lots.clone().map(|l| &l.points)) {
        return Ok(sum);
    }
    // Past what a decimal holds: which lot takes it there.
    let mut sum = Exact::ZERO;
    for (i, l) in lots.enumerate() {
        sum = sum.checked_add(l.points).ok_or(i)?;
    }
    Ok(sum)
}

/// Each balance `ledgers` keep as lots is what its lots hold, less what
/// returns left owed: a state written by hand, or by a version of the
/// program without the ledger, may say otherwise (points and no lots),
/// and would then have points that nothing can spend or expire.
pub(crate) fn lots_add_up(
    ledgers: &[super::LedgerPlan],
    state: &crate::state::MemberState,
) -> Result<(), crate::state::StateError> {
    use crate::state::StateError;
    for ledger in ledgers {
        let points = state.balance(&ledger.name).unwrap_or(Exact::ZERO);
        let (lots, owed) = state
            .wallets
            .get(&ledger.name)
            .map_or(Ok((Exact::ZERO, Exact::ZERO)), |w| {
                try_sum_points(w.lots.iter()).map(|lots| (lots, w.owed))
            })
            .map_err(|_| StateError::Overflow {
                what: format!("the lots of balance {}", ledger.name),
            })?;
        let lots = lots.checked_sub(owed).ok_or_else(|| StateError::Overflow {
            what: format!("the lots of balance {}", ledger.name),
        })?;
        if lots != points {
            return Err(StateError::LotsDoNotAddUp {
                member: state.member.clone(),
                balance: ledger.name.clone(),
                points,
                lots,
            });
        }
    }
    Ok(())
}

/// A wallet as written, before its lots are checked.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WalletRepr {
    #[serde(default)]
    lots: Vec<Lot>,
    #[serde(default)]
    expired: Option<Exact>,
    #[serde(default)]
    redeemed: Option<Exact>,
    #[serde(default)]
    reversed: Option<Exact>,
    #[serde(default)]
    owed: Option<Exact>,
    #[serde(default)]
    last_activity: Option<NaiveDate>,
}

impl TryFrom<WalletRepr> for Wallet {
    type Error = String;

    fn try_from(w: WalletRepr) -> Result<Self, String> {
        for (i, l) in w.lots.iter().enumerate() {
            check_lot(i, l)?;
        }
        // Their sum is what a host reads as the balance's points: it must
        // be held exactly.
        if let Err(i) = try_sum_points(w.lots.iter()) {
            let event = w.lots.get(i).map_or("", |l| l.event.as_str());
            return Err(format!(
                "its lots hold more points together than a decimal holds (lot {i}, event \
                 {event}, passes it)"
            ));
        }
        let expired = w.expired.unwrap_or(Exact::ZERO);
        let redeemed = w.redeemed.unwrap_or(Exact::ZERO);
        let reversed = w.reversed.unwrap_or(Exact::ZERO);
        let owed = w.owed.unwrap_or(Exact::ZERO);
        for (what, v) in [
            ("expired", expired),
            ("redeemed", redeemed),
            ("reversed", reversed),
            ("owed", owed),
        ] {
            if v.is_negative() {
                return Err(format!("{what} points cannot be negative, but are {v}"));
            }
        }
        Ok(Wallet {
            lots: w.lots,
            expired,
            redeemed,
            reversed,
            owed,
            last_activity: w.last_activity,
        })
    }
}

/// A lot read from a state: no negative points, no more left than earned,
/// no vesting or expiry before the day earned.
pub(super) fn check_lot(i: usize, l: &Lot) -> Result<(), String> {
    let at = format!("lot {i} (event {})", l.event);
    if l.earned.is_negative() || l.points.is_negative() {
        return Err(format!("{at}: points cannot be negative"));
    }
    if l.points > l.earned {
        return Err(format!(
            "{at}: {} points left is more than the {} it was earned with",
            l.points, l.earned
        ));
    }
    if let Some(v) = l.vests_on.filter(|v| *v < l.earned_on) {
        return Err(format!(
            "{at}: it vests ({v}) before it was earned ({})",
            l.earned_on
        ));
    }
    if let Some(e) = l.expires_on.filter(|e| *e < l.earned_on) {
        return Err(format!(
            "{at}: it expires ({e}) before it was earned ({})",
            l.earned_on
        ));
    }
    Ok(())
}
