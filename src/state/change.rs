//! The change an event makes to a member's state, carried by its outcome.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::exact::Exact;
use crate::ledger::{ExpiredLot, Lot, NewLot, RedemptionReceipt, SpentLot};
use crate::returns::Receipt;
use crate::tier::TierState;

/// What applying an outcome does to the evaluated member's state: points
/// per balance, counters, rule usage and badges, on the event's local date;
/// and, in [`others`](Self::others), what it does to the state of each
/// other member it credits (a referral's).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct StateChange {
    /// The event's local date in the program's time zone.
    pub day: NaiveDate,
    /// Days before this one are no longer read by any period of the
    /// program; applying the change drops them from the state.
    pub keep_from: NaiveDate,
    /// What the event does to each balance: the points it earned, less
    /// what a redemption spent or a return took back (balances it leaves
    /// as they were are left out). Lots that expired before the event are
    /// in [`expired`](Self::expired), not here.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub balances: BTreeMap<String, Exact>,
    /// What each counter gained (counters that gained nothing are left out).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counters: BTreeMap<String, Exact>,
    /// Rules with a per-member cap or limit that applied, with what they gave.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, RuleUse>,
    /// Badges earned by this event.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub badges: Vec<String>,
    /// What tier reviews deducted from counters' lifetime totals
    /// (`deduct N COUNTER at LEVEL`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub deducted: BTreeMap<String, Exact>,
    /// Lots this event adds to balances kept by a ledger.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<NewLot>,
    /// The receipt of this purchase (a program that takes returns), or of
    /// the purchase a return gave back to, as it is after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Box<(String, Receipt)>>,
    /// Receipts of purchases before this day can no longer be returned:
    /// applying the change drops them (and the redemptions before it). Set
    /// only when the state the event was evaluated against keeps some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipts_from: Option<NaiveDate>,
    /// What a return takes from counters, on the purchase's day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncounted: Vec<(String, NaiveDate, Exact)>,
    /// What a return gives back of the purchase's use of rules with a
    /// per-member cap or limit, on the purchase's day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub released: Vec<(String, NaiveDate, RuleRelease)>,
    /// Balances whose credit by a purchase a return took back entirely:
    /// (balance, the purchase's day, the balance's last activity before
    /// it). Unless an event credited the balance since, its last activity
    /// goes back to the latest of that and the days its lots were earned,
    /// so a purchase returned whole does not keep points from expiring.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity_undone: Vec<(String, NaiveDate, Option<NaiveDate>)>,
    /// Balances this event is activity for without adding a lot to them: a
    /// redemption from a ledger whose lots expire after a time without
    /// earning or redeeming. Their last activity becomes the event's day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity: Vec<String>,
    /// Activity on an earlier day than the event's: rewards issued
    /// automatically on the day points vested since the member's last
    /// event, from a ledger that counts redeeming. The balance's last
    /// activity becomes that day, unless it is later already.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub activity_on: Vec<(String, NaiveDate)>,
    /// Badges a return took back, as the purchase earned them: (badge, the
    /// purchase's day, the badge before the purchase). One earning less;
    /// when none was since, the badge is what it was before (or none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub badges_undone: Vec<(String, NaiveDate, Option<crate::state::Badge>)>,
    /// Points a return took back from lots.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reversed: Vec<SpentLot>,
    /// What the event changes in the state of each other member it credits
    /// (a referral's referrer or referred, when not the evaluated member),
    /// by member id: their points per balance, the lots of ledger balances,
    /// and a balance a tier threshold reads, by day. `MemberState::apply`
    /// on that member's state applies this part.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub others: BTreeMap<String, StateChange>,
    /// Points a return could not take back and left owed (a balance below
    /// zero), per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub owed: BTreeMap<String, Exact>,
    /// Points a redemption took from lots.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub spent: Vec<SpentLot>,
    /// What the state keeps of this redemption while it can be cancelled
    /// (a program with a return window), by the redemption's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redemption: Option<Box<(String, RedemptionReceipt)>>,
    /// The redemption a cancellation undid: its receipt goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<String>,
    /// Points a cancellation gives back to the lots that paid them (each
    /// as it was, with the points it gets back), by balance; applied
    /// before `expired`, which expires those of a lot that has ended.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restored: Vec<(String, Lot)>,
    /// Of what a cancellation gives back, what pays points that returns
    /// made after the redemption forgave (`MemberState::forgiven`, oldest
    /// first): taken from the lots given back after what is owed, and not
    /// in the balance.
    #[serde(default, skip_serializing_if = "Exact::is_zero")]
    pub withheld: Exact,
    /// Points a return forgave because they were spent, kept in the state
    /// while a redemption made before it can be cancelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forgiven: Vec<crate::ledger::Forgiven>,
    /// Lots that expired before this event's day (applied first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub expired: Vec<ExpiredLot>,
    /// The member's tier after the event, for a program that computes
    /// tiers (it replaces the state's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Box<TierState>>,
}

/// One application of a rule that has a per-member cap or limit.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RuleUse {
    /// Points it gave the member, per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub points: BTreeMap<String, Exact>,
}

/// What a return gives back of a rule's per-member use: the application
/// itself when the rest of the purchase no longer applies the rule (a
/// limit's use), and the points the rest no longer gets from it (a cap's
/// room).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RuleRelease {
    /// Applications given back: 1 or 0.
    pub times: u64,
    /// Points given back, per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub points: BTreeMap<String, Exact>,
}

impl StateChange {
    /// A change that changes nothing, on `day`.
    pub(crate) fn empty(day: NaiveDate) -> Self {
        StateChange {
            day,
            keep_from: day,
            balances: BTreeMap::new(),
            counters: BTreeMap::new(),
            rules: BTreeMap::new(),
            badges: Vec::new(),
            deducted: BTreeMap::new(),
            lots: Vec::new(),
            receipt: None,
            receipts_from: None,
            uncounted: Vec::new(),
            released: Vec::new(),
            activity_undone: Vec::new(),
            activity: Vec::new(),
            activity_on: Vec::new(),
            badges_undone: Vec::new(),
            reversed: Vec::new(),
            others: BTreeMap::new(),
            owed: BTreeMap::new(),
            spent: Vec::new(),
            redemption: None,
            cancelled: None,
            restored: Vec::new(),
            withheld: Exact::ZERO,
            forgiven: Vec::new(),
            expired: Vec::new(),
            tier: None,
        }
    }
}
