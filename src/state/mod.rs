//! Member state: what a member did before an event, kept by the host and
//! passed in with every event (the crate stores nothing). An evaluation
//! reads the state and returns, in its [`Outcome`], the change the event
//! makes; [`MemberState::apply`] is the only way a state changes.
//!
//! ```
//! use loyalty_rules::{Event, Member, MemberState, Program};
//!
//! let program = Program::compile(r#"
//!     program "Coffee Club" { currency USD }
//!     counter visits
//!     count 1 to visits on purchase
//!     earn "Fifth visit this month" on purchase when visits this month == 5 { award 500 points }
//! "#)?;
//! let member = Member::new("m-1");
//! let mut state = program.new_state(&member);
//! let mut points = Vec::new();
//! for day in 1..=6 {
//!     let event = Event::from_json(&format!(r#"{{"kind": "purchase", "id": "t{day}",
//!         "timestamp": "2026-11-0{day}T08:00:00Z", "currency": "USD", "lines": []}}"#))?;
//!     let outcome = program.evaluate_with(&member, &state, &event)?;
//!     points.push(outcome.points("m-1", "points").to_string());
//!     state.apply(&outcome)?;
//! }
//! assert_eq!(points, ["0", "0", "0", "0", "500", "0"]);
//! assert_eq!(state.counter("visits").map(|c| c.total.to_string()), Some("6".into()));
//! assert_eq!(state.balance("points").map(|p| p.to_string()), Some("500".into()));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod apply;
mod backup;
mod change;
mod give_back;
mod recent;
mod take;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::exact::Exact;
use crate::input::InputError;
use crate::ledger::Wallet;
use crate::returns::Receipt;
use crate::tier::TierState;

pub(crate) use apply::streak_on;
pub use change::{RuleRelease, RuleUse, StateChange};
pub use recent::RecentIds;

/// The version of the state's JSON that this crate writes and reads.
pub const STATE_SCHEMA: u32 = 1;

/// Everything the crate knows about a member between events: balances,
/// counters by day, per-member rule usage (for caps and limits) and badges.
///
/// Its JSON carries `"schema": 1`; a state of an unknown schema version, or
/// with a negative counter, is refused when read. A state belongs to one
/// program (by name, so that a new version of the same program can read a
/// state an earlier version wrote) and one member. Counters, balances and
/// rules the program no longer declares are kept and reported by
/// [`Program::check_state`](crate::Program::check_state), never dropped.
///
/// Days are local dates in the program's time zone. Only the days that the
/// program's periods can reach are kept (a program that reads `this year`
/// keeps about a year); lifetime totals are kept apart, so the state stays
/// bounded however long the member's history.
///
/// What a later reversal of an event needs is exactly what that event
/// changed: its outcome's [`StateChange`] (counters, rule usage, badges,
/// points per balance) and awards. The host keeps the outcome with its
/// transaction, as it keeps the transaction; the state does not copy it,
/// so that it stays bounded.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MemberState {
    /// The version of this JSON shape: [`STATE_SCHEMA`].
    #[serde(deserialize_with = "schema_version")]
    pub schema: u32,
    /// The name of the program the state belongs to.
    pub program: String,
    /// The member's id.
    pub member: String,
    /// Points per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub balances: BTreeMap<String, Exact>,
    /// Counters by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub counters: BTreeMap<String, Counter>,
    /// Usage of rules with a per-member cap or limit, by rule name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub rules: BTreeMap<String, RuleUsage>,
    /// Badges the member holds, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub badges: BTreeMap<String, Badge>,
    /// Balances kept as lots (`ledger BALANCE { ... }`), by balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wallets: BTreeMap<String, Wallet>,
    /// Purchases that can still be returned, by id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub receipts: BTreeMap<String, Receipt>,
    /// Redemptions that can still be cancelled (within the return
    /// window), by id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub redemptions: BTreeMap<String, crate::ledger::RedemptionReceipt>,
    /// Points returns forgave because they were spent (`shortfall
    /// forgive`), paid first from what cancelling a redemption made before
    /// the return gives back; kept while such a redemption can still be
    /// cancelled, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forgiven: Vec<crate::ledger::Forgiven>,
    /// The member's tier, for a program that computes tiers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<TierState>,
    /// How many outcomes have been applied.
    #[serde(default)]
    pub events: u64,
    /// The ids of the last events applied, oldest first, at most
    /// [`MemberState::RECENT`] (`time` events are not kept). An event among
    /// them, or a purchase that can still be returned (its receipt), is in
    /// the state already ([`MemberState::has_applied`]): evaluating it
    /// again, or applying its outcome again, is
    /// [`StateError::AlreadyApplied`], so that an event delivered twice is
    /// credited once.
    #[serde(default, skip_serializing_if = "RecentIds::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub recent: RecentIds,
}

/// One counter: its lifetime total, what it gained each day, and its
/// current streak of consecutive days.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, try_from = "CounterRepr")]
#[non_exhaustive]
pub struct Counter {
    /// Everything ever counted.
    pub total: Exact,
    /// What was counted on each local date (days the program's periods can
    /// no longer reach are dropped).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub days: BTreeMap<NaiveDate, Exact>,
    /// The run of consecutive days on which the counter grew, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub streak: Option<Streak>,
    /// What tier reviews deducted from the lifetime total (`deduct`), by
    /// the day of the event whose review did, for the days a return can
    /// still reach: a return made after a period's end takes back the
    /// difference its purchase made to that period's deduction (negative:
    /// given back).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub deducted: BTreeMap<NaiveDate, Exact>,
}

impl Counter {
    /// The counter as it stood at the end of `last`: what later days
    /// counted taken out of its days and its total, and what reviews
    /// deducted after it put back. `None` when a sum overflows.
    pub(crate) fn as_of(&self, last: NaiveDate) -> Option<Counter> {
        let after = |d: &NaiveDate| *d > last;
        let mut total = self.total;
        for (_, v) in self.days.iter().filter(|(d, _)| after(d)) {
            total = total.checked_sub(*v)?;
        }
        for (_, v) in self.deducted.iter().filter(|(d, _)| after(d)) {
            total = total.checked_add(*v)?;
        }
        let before = |m: &BTreeMap<NaiveDate, Exact>| {
            m.iter()
                .filter(|(d, _)| !after(d))
                .map(|(d, v)| (*d, *v))
                .collect()
        };
        Some(Counter {
            total: total.max(Exact::ZERO),
            days: before(&self.days),
            streak: self.streak.filter(|s| !after(&s.last)),
            deducted: before(&self.deducted),
        })
    }
}

/// A run of consecutive days on which a counter grew.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Streak {
    /// The last day of the run.
    pub last: NaiveDate,
    /// How many days it has.
    pub days: u32,
}

/// How often a rule with a per-member cap or limit applied, and what it
/// gave, in total and per day.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RuleUsage {
    /// Events the rule applied to.
    pub times: u64,
    /// Points it gave the member, per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub points: BTreeMap<String, Exact>,
    /// The same per local date.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub days: BTreeMap<NaiveDate, DayUsage>,
}

/// A rule's usage on one day.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct DayUsage {
    /// Events the rule applied to that day.
    pub times: u64,
    /// Points it gave that day, per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub points: BTreeMap<String, Exact>,
}

/// A badge the member earned.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Badge {
    /// The local date it was first earned.
    pub first: NaiveDate,
    /// The local date it was last earned.
    pub last: NaiveDate,
    /// How many times it was earned.
    pub times: u64,
}

/// Why an outcome cannot be applied to a state, or a state cannot be used
/// with a program. The state is unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "error", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StateError {
    /// The state belongs to another program.
    #[error("the state belongs to program \"{found}\", not \"{expected}\"")]
    OtherProgram {
        /// The program in use.
        expected: String,
        /// The program the state names.
        found: String,
    },
    /// The state belongs to another member.
    #[error("the state belongs to member {found}, not {expected}")]
    OtherMember {
        /// The member in use.
        expected: String,
        /// The member the state names.
        found: String,
    },
    /// A grant names a tier the program does not declare.
    #[error(
        "the grant names tier \"{tier}\", which the program does not declare{}",
        crate::error::tiers_known(suggestion.as_deref(), known)
    )]
    UnknownTier {
        /// The tier.
        tier: String,
        /// A declared tier with a close name (or the same in other
        /// letters: tier names are case-sensitive).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggestion: Option<String>,
        /// The declared tiers, comma separated.
        known: String,
    },
    /// A grant ends before it starts, so it would never hold.
    #[error("the grant of {tier} cannot end ({until}) before it starts ({from})")]
    GrantEndsBeforeStart {
        /// The tier granted.
        tier: String,
        /// The grant's first day.
        from: NaiveDate,
        /// The grant's last day.
        until: NaiveDate,
    },
    /// A grant ends before the day the member's tier was reviewed to (the
    /// day of the state's last event): it would never hold, since events
    /// already applied are not evaluated again.
    #[error(
        "the grant of {tier} ends on {until}, before {reviewed}, the day member {member}'s tier \
         was reviewed to: it would never hold (events already applied are not evaluated again)"
    )]
    GrantEndedBeforeState {
        /// The tier granted.
        tier: String,
        /// The member.
        member: String,
        /// The grant's last day.
        until: NaiveDate,
        /// The day the state's tier was reviewed to.
        reviewed: NaiveDate,
    },
    /// A grant to end ([`Program::end_grant`](crate::Program::end_grant))
    /// that the member does not hold past the day it would end on.
    #[error("member {member} holds no grant of {tier} on {day} to end")]
    NoGrantToEnd {
        /// The tier named.
        tier: String,
        /// The member.
        member: String,
        /// The last day it was to be held.
        day: NaiveDate,
    },
    /// A grant would end before the day the member's tier was reviewed to,
    /// on which the member held it.
    #[error(
        "the grant of {tier} cannot end on {last_day}: member {member}'s tier was reviewed to \
         {reviewed} with it held (events already applied are not evaluated again)"
    )]
    GrantEndBeforeState {
        /// The tier granted.
        tier: String,
        /// The member.
        member: String,
        /// The last day asked.
        last_day: NaiveDate,
        /// The day the state's tier was reviewed to.
        reviewed: NaiveDate,
    },
    /// An outcome takes back, from what a cancellation gives back, more
    /// points than returns forgave for its redemption.
    #[error(
        "redemption {redemption} has no {points} points forgiven by a return in balance {balance}"
    )]
    NotForgiven {
        /// The balance.
        balance: String,
        /// The redemption cancelled.
        redemption: String,
        /// The points the outcome takes back.
        points: Exact,
    },
    /// An outcome expires or spends a lot the state does not have.
    #[error("balance {balance} has no such lot of event {event}")]
    NoSuchLot {
        /// The balance.
        balance: String,
        /// The event of the lot.
        event: String,
    },
    /// The event is in the state already (delivered twice, or another
    /// event under its id): see [`MemberState::has_applied`].
    #[error("event {event} is already in member {member}'s state: an event is applied once")]
    AlreadyApplied {
        /// The event's id.
        event: String,
        /// The member whose state has it.
        member: String,
    },
    /// A state was read as of a day before its last event
    /// ([`Program::expiring`](crate::Program::expiring)): it holds what
    /// happened up to that event (lots earned later, a later activity), so
    /// it cannot say what held on an earlier day.
    #[error(
        "member {member}: the state holds events of {last}, so it cannot be read as of \
         {as_of}; ask as of {last} or later"
    )]
    ReadBeforeState {
        /// The member.
        member: String,
        /// The day asked.
        as_of: NaiveDate,
        /// The day of the state's last event that it can tell: the latest
        /// day a lot was earned, a ledger's activity, or the tier's review.
        last: NaiveDate,
    },
    /// A balance the program keeps as lots (`ledger BALANCE`) is not what
    /// its lots hold, less what returns left owed: a state written by hand,
    /// or by a version of the program without the ledger (points and no
    /// lots). Points that are in no lot could be neither spent nor expired.
    #[error("{}", lots_do_not_add_up(member, balance, points, lots))]
    LotsDoNotAddUp {
        /// The member.
        member: String,
        /// The balance.
        balance: String,
        /// The balance's points.
        points: Exact,
        /// What its lots hold, less what returns left owed.
        lots: Exact,
    },
    /// A total would leave the range of exact numbers.
    #[error("{what} is too large to keep exactly")]
    Overflow {
        /// What overflowed, such as `counter nights`.
        what: String,
    },
}

impl StateError {
    /// The member the error names in its text, if it names one (a host
    /// that reports errors of many members adds it to the others).
    pub fn member(&self) -> Option<&str> {
        match self {
            StateError::AlreadyApplied { member, .. }
            | StateError::GrantEndedBeforeState { member, .. }
            | StateError::NoGrantToEnd { member, .. }
            | StateError::GrantEndBeforeState { member, .. }
            | StateError::ReadBeforeState { member, .. }
            | StateError::LotsDoNotAddUp { member, .. } => Some(member),
            _ => None,
        }
    }
}

/// `member m's points is 500, but its lots come to 0: ...`, with the lot
/// to write for points the lots are missing.
fn lots_do_not_add_up(member: &str, balance: &str, points: &Exact, lots: &Exact) -> String {
    let mut text = format!(
        "member {member}'s {balance} is {points}, but its lots come to {lots}: a balance the \
         program keeps as lots (`ledger {balance}`) is what its lots hold, less what returns \
         left owed"
    );
    let missing = points.checked_sub(*lots).filter(|m| *m > Exact::ZERO);
    if let Some(missing) = missing {
        text.push_str(&format!(
            "; give the state a lot for the points earned before it, dated the day they count \
             from: \"wallets\": {{\"{balance}\": {{\"lots\": [{{\"event\": \"opening\", \
             \"earned_on\": \"2026-01-01\", \"earned\": \"{missing}\", \"points\": \"{missing}\"}}]}}}}"
        ));
    }
    text
}

impl MemberState {
    /// An empty state of `member` under the program named `program`. See
    /// also [`Program::new_state`](crate::Program::new_state).
    pub fn new(program: &str, member: &str) -> Self {
        MemberState {
            schema: STATE_SCHEMA,
            program: program.to_string(),
            member: member.to_string(),
            balances: BTreeMap::new(),
            counters: BTreeMap::new(),
            rules: BTreeMap::new(),
            badges: BTreeMap::new(),
            wallets: BTreeMap::new(),
            receipts: BTreeMap::new(),
            redemptions: BTreeMap::new(),
            forgiven: Vec::new(),
            tier: None,
            events: 0,
            recent: RecentIds::default(),
        }
    }

    /// How many of the last events' ids a state keeps ([`MemberState::recent`]).
    pub const RECENT: usize = RecentIds::CAPACITY;

    /// Whether the event `id` is in the state already: one of the last
    /// [`MemberState::RECENT`] events applied, or a purchase that can still
    /// be returned, or a redemption that can still be cancelled.
    ///
    /// ```
    /// use loyalty_rules::{Event, Member, Program, StateError};
    /// let program = Program::compile(r#"
    ///     program "Cafe" { currency EUR }
    ///     earn "Base" on purchase { award 1 point per EUR of tx.amount }
    /// "#)?;
    /// let member = Member::new("m-1");
    /// let mut state = program.new_state(&member);
    /// let coffee = Event::from_json(r#"{"kind": "purchase", "id": "c-1",
    ///     "timestamp": "2026-06-01T08:00:00Z", "currency": "EUR",
    ///     "lines": [{"sku": "espresso", "quantity": 1, "unit_price": "2.40"}]}"#)?;
    /// let outcome = program.evaluate_with(&member, &state, &coffee)?;
    /// state.apply(&outcome)?;
    /// assert!(state.has_applied("c-1"));
    /// // Delivered again: refused, and so is the outcome applied again.
    /// assert!(program.evaluate_with(&member, &state, &coffee).is_err());
    /// assert!(matches!(state.apply(&outcome), Err(StateError::AlreadyApplied { .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_applied(&self, id: &str) -> bool {
        self.receipts.contains_key(id)
            || self.redemptions.contains_key(id)
            || self.recent.contains(id)
    }

    /// Reads a state from JSON, refusing an unknown schema version, unknown
    /// fields, negative counters and inexact numbers; errors name the path,
    /// line and column. A state is written by its `Serialize` (`serde_json::
    /// to_string(&state)`), which reads back equal to itself.
    ///
    /// ```
    /// let program: loyalty_rules::Program = r#"program "P" { currency USD }
    ///     earn "A" on review { award 5 points }"#.parse()?;
    /// let state = program.new_state(&loyalty_rules::Member::new("m"));
    /// let text = serde_json::to_string(&state)?;
    /// assert_eq!(loyalty_rules::MemberState::from_json(&text)?, state);
    ///
    /// let e = loyalty_rules::MemberState::from_json(
    ///     r#"{"schema": 2, "program": "P", "member": "m"}"#).unwrap_err();
    /// assert_eq!(e.path, "schema");
    /// assert_eq!(e.message, "unknown state schema version 2; this version of loyalty-rules reads version 1");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_json(text: &str) -> Result<MemberState, InputError> {
        crate::input::read_json(text)
    }

    /// Reads a JSON array of states, as strictly as [`MemberState::from_json`].
    pub fn list_from_json(text: &str) -> Result<Vec<MemberState>, InputError> {
        crate::input::read_json(text)
    }

    /// Points in `balance`, or `None` when the state has never held that
    /// balance (which is not the same as zero).
    pub fn balance(&self, balance: &str) -> Option<Exact> {
        self.balances.get(balance).copied()
    }

    /// A counter, or `None` when nothing was ever counted in it.
    pub fn counter(&self, name: &str) -> Option<&Counter> {
        self.counters.get(name)
    }

    /// The lots of a balance kept by a ledger, when it has ever had one.
    pub fn wallet(&self, balance: &str) -> Option<&Wallet> {
        self.wallets.get(balance)
    }

    /// A badge, when the member has earned it.
    pub fn badge(&self, name: &str) -> Option<&Badge> {
        self.badges.get(name)
    }

    /// What a counter (or a balance kept by day) holds from `from` to `to`,
    /// both included, or over its lifetime without `from`: zero for one the
    /// state has never counted, `None` on an overflow.
    pub(crate) fn held(
        &self,
        counter: &str,
        from: Option<NaiveDate>,
        to: NaiveDate,
    ) -> Option<Exact> {
        match (self.counters.get(counter), from) {
            (None, _) => Some(Exact::ZERO),
            (Some(c), None) => Some(c.total),
            (Some(_), Some(from)) => self.counted(counter, from, to),
        }
    }

    /// The sum of a counter's days from `from` to `to`, both included.
    pub(crate) fn counted(&self, counter: &str, from: NaiveDate, to: NaiveDate) -> Option<Exact> {
        let c = self.counters.get(counter)?;
        crate::exact::checked_sum(c.days.range(from..=to).map(|(_, v)| v))
    }
}

fn schema_version<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = u64::deserialize(d)?;
    if v == u64::from(STATE_SCHEMA) {
        Ok(STATE_SCHEMA)
    } else {
        Err(serde::de::Error::custom(format!(
            "unknown state schema version {v}; this version of loyalty-rules reads version {STATE_SCHEMA}"
        )))
    }
}

/// A counter as written, before its values are checked.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CounterRepr {
    total: Exact,
    #[serde(default)]
    days: BTreeMap<NaiveDate, Exact>,
    #[serde(default)]
    streak: Option<Streak>,
    #[serde(default)]
    deducted: BTreeMap<NaiveDate, Exact>,
}

impl TryFrom<CounterRepr> for Counter {
    type Error = String;

    fn try_from(c: CounterRepr) -> Result<Self, String> {
        if c.total.is_negative() {
            return Err(format!(
                "a counter cannot be negative, but total is {}",
                c.total
            ));
        }
        if let Some((day, v)) = c.days.iter().find(|(_, v)| v.is_negative()) {
            return Err(format!("a counter cannot be negative, but {day} has {v}"));
        }
        Ok(Counter {
            total: c.total,
            days: c.days,
            streak: c.streak,
            deducted: c.deducted,
        })
    }
}
