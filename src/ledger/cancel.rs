//! Cancelled redemptions: what the state keeps of a redemption while it
//! can be cancelled, what a cancellation gives back, and why one is
//! refused.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Lot, SpentLot};
use crate::exact::Exact;

/// What the state keeps of a redemption while it can be cancelled (within
/// the program's return window).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "ReceiptRepr")]
#[non_exhaustive]
pub struct RedemptionReceipt {
    /// The local date of the redemption.
    pub day: NaiveDate,
    /// The burn rule or the reward.
    pub name: String,
    /// Whether it was a reward of the catalog.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reward: bool,
    /// The balance spent from.
    pub balance: String,
    /// The points spent.
    pub points: Exact,
    /// The lots that paid, each as it was, with the points it paid (empty
    /// for a balance without a ledger): a cancellation gives them back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<Lot>,
    /// Its place among the member's events: how many the state had
    /// applied before it ([`MemberState::events`](crate::MemberState::events)).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub sequence: u64,
    /// Whether it was activity for its balance (`expire after N months
    /// without earning or redeeming`): cancelling it puts the balance's
    /// last activity back to `activity_before`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub activity: bool,
    /// The balance's last activity before it, when it was activity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_before: Option<NaiveDate>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A redemption's receipt as written, before its lots are checked.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptRepr {
    day: NaiveDate,
    name: String,
    #[serde(default)]
    reward: bool,
    balance: String,
    points: Exact,
    #[serde(default)]
    lots: Vec<Lot>,
    #[serde(default)]
    sequence: u64,
    #[serde(default)]
    activity: bool,
    #[serde(default)]
    activity_before: Option<NaiveDate>,
}

impl TryFrom<ReceiptRepr> for RedemptionReceipt {
    type Error = String;

    fn try_from(r: ReceiptRepr) -> Result<Self, String> {
        for (i, l) in r.lots.iter().enumerate() {
            super::wallet::check_lot(i, l)?;
        }
        let paid = r
            .lots
            .iter()
            .try_fold(Exact::ZERO, |sum, l| sum.checked_add(l.points))
            .ok_or("the lots paid more than can be kept exactly")?;
        if r.points.is_negative() || (!r.lots.is_empty() && paid != r.points) {
            return Err(format!(
                "a redemption of {} points cannot have been paid by lots of {paid}",
                r.points
            ));
        }
        Ok(RedemptionReceipt {
            day: r.day,
            name: r.name,
            reward: r.reward,
            balance: r.balance,
            points: r.points,
            lots: r.lots,
            sequence: r.sequence,
            activity: r.activity,
            activity_before: r.activity_before,
        })
    }
}

/// Points a return forgave (`shortfall forgive`) because they had been
/// spent: if a redemption made before the return is cancelled, its points
/// pay this first, as the return would have taken them had they been
/// there. Kept while one of those redemptions can still be cancelled.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "ForgivenRepr")]
#[non_exhaustive]
pub struct Forgiven {
    /// The balance the points were forgiven in.
    pub balance: String,
    /// The return that forgave them.
    pub event: String,
    /// The points forgiven and not yet paid back, above zero.
    pub points: Exact,
    /// The return's place among the member's events: cancelling a
    /// redemption of the balance made before it (a smaller
    /// [`RedemptionReceipt::sequence`]) pays this.
    pub sequence: u64,
}

impl Forgiven {
    /// Whether cancelling the redemption `r` pays this: one of the balance
    /// made before the return.
    pub(crate) fn paid_by(&self, r: &RedemptionReceipt) -> bool {
        self.balance == r.balance && r.sequence < self.sequence
    }
}

/// A forgiven shortfall as written, before its points are checked.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ForgivenRepr {
    balance: String,
    event: String,
    points: Exact,
    sequence: u64,
}

impl TryFrom<ForgivenRepr> for Forgiven {
    type Error = String;

    fn try_from(f: ForgivenRepr) -> Result<Self, String> {
        if f.points.is_negative() || f.points.is_zero() {
            return Err(format!(
                "points forgiven by return {} are above zero, not {}",
                f.event, f.points
            ));
        }
        Ok(Forgiven {
            balance: f.balance,
            event: f.event,
            points: f.points,
            sequence: f.sequence,
        })
    }
}

/// What a cancellation gave back.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CancelOutcome {
    /// The redemption cancelled.
    pub redemption: String,
    /// Its burn rule or reward.
    pub name: String,
    /// Whether it was a reward of the catalog.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reward: bool,
    /// The balance the points go back to.
    pub balance: String,
    /// The points given back.
    pub points: Exact,
    /// Of them, what pays points the wallet owed to returns (`shortfall
    /// negative`): the balance was below zero by as much, so it grows by
    /// all of `points` (less `withheld`), and the lots by the rest.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub paid_owed: Exact,
    /// Of them, what returns made after the redemption had forgiven
    /// because it was spent (`shortfall forgive`): taken back now, so the
    /// balance grows by `points` less this.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub withheld: Exact,
    /// The returns whose forgiven points `withheld` pays, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forgiven_by: Vec<String>,
    /// The lots they go back to (points of a lot that has ended since
    /// expire at once: the outcome's `change.expired` lists them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<SpentLot>,
}

/// Why a cancellation is refused. The state is unchanged.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
#[non_exhaustive]
pub enum CancelRefusal {
    /// The program has no return window (`returns { within N days }`),
    /// within which redemptions are cancelled.
    #[error("the program takes no cancellations: a redemption is cancelled within the return window (`returns {{ within N days }}`)")]
    NoCancellations,
    /// The state keeps no such redemption.
    #[error("redemption {redemption} is not one the member can cancel (unknown, cancelled already, or past its window)")]
    UnknownRedemption {
        /// The redemption.
        redemption: String,
    },
    /// Later than the program's window.
    #[error("redemption {redemption} of {day} cannot be cancelled after {within} days")]
    TooLate {
        /// The redemption.
        redemption: String,
        /// Its day.
        day: NaiveDate,
        /// The window.
        within: u32,
    },
    /// Dated before the redemption was made.
    #[error("redemption {redemption} of {day} cannot be cancelled on {on}, before it was made")]
    TooEarly {
        /// The redemption.
        redemption: String,
        /// Its day.
        day: NaiveDate,
        /// The cancellation's day.
        on: NaiveDate,
    },
}
