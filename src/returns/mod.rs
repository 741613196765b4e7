//! Returns: a purchase given back, line by line, within the program's
//! window. The member state keeps a receipt of each purchase in the window
//! (its transaction, the tier it was made at, the points it still holds per
//! balance, what was returned so far); a `return` event takes back what the
//! returned goods earned, exactly: per balance, the points the purchase
//! holds above what the rest of the purchase earns by itself (a bonus whose
//! threshold no longer holds goes entirely), and the counts it added.

pub(crate) mod refund;
pub(crate) mod rest;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact::Exact;
use crate::input::Transaction;
use crate::ledger::SpentLot;

/// `returns { ... }` as compiled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReturnsPlan {
    /// Days after the purchase a return is accepted.
    pub within_days: u32,
    /// `shortfall negative`: a balance may go below zero (else what is
    /// missing is forgiven and reported).
    pub negative: bool,
    /// `pro rata`: returns give back an amount of the purchase (else lines).
    pub pro_rata: bool,
    /// `refund N points = M CUR [to BALANCE]`: points per unit of money,
    /// and the balance, for what the purchase paid with points.
    pub refund: Option<(Decimal, Decimal, usize)>,
}

impl ReturnsPlan {
    /// Whether `day` is past the window that opened on `since` (a
    /// purchase's or a redemption's day): the window's last day is
    /// `within` days after it.
    pub fn is_past(&self, since: NaiveDate, day: NaiveDate) -> bool {
        let last = since
            .checked_add_days(chrono::Days::new(u64::from(self.within_days)))
            .unwrap_or(NaiveDate::MAX);
        day > last
    }
}

/// What the state keeps of a purchase while it can be returned.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Receipt {
    /// The local date of the purchase.
    pub day: NaiveDate,
    /// The version of the program that evaluated the purchase
    /// ([`Program::version`](crate::Program::version): its text without
    /// comments and layout): its return is evaluated by that version, which
    /// knows what the purchase earned. `None` in a state written before
    /// versions were recorded (any version then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// The purchase as made.
    pub transaction: Transaction,
    /// The tier the purchase was made at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// The member's tier status just before the purchase, for a program
    /// that computes tiers: a return takes back a longer hold of the same
    /// level that the purchase gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_before: Option<crate::tier::TierState>,
    /// The points the purchase still holds, per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub held: BTreeMap<String, Exact>,
    /// What it still counts, per counter.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub counted: BTreeMap<String, Exact>,
    /// What the purchase used of rules with a per-member cap or limit,
    /// per rule (what a return can give back).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub used: BTreeMap<String, crate::state::RuleUse>,
    /// What the purchase used of campaign budgets, by campaign (what a
    /// return can give back).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub budgets: BTreeMap<String, Exact>,
    /// What each rule with a per-member limit or cap had used before the
    /// purchase, in the periods of its limit (times) and cap (points per
    /// balance): the rest of a purchase has the room this left, no more.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub used_before: BTreeMap<String, crate::state::DayUsage>,
    /// What all members had used of each campaign's budget before the
    /// purchase: the rest of a purchase has the room this left, no more.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub budgets_before: BTreeMap<String, Exact>,
    /// The last day each balance the purchase credited had been credited
    /// before it (its wallet's last activity), to go back to when a
    /// return takes back all the purchase credited.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub activity: BTreeMap<String, NaiveDate>,
    /// The badges the purchase earned (and its rest still earns), each with
    /// the badge before the purchase (none when it was the first).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub badges: BTreeMap<String, Option<crate::state::Badge>>,
    /// Each counter's streak before the purchase: to restore when a return
    /// takes back all the purchase's day counted, and for the rest of a
    /// purchase to read.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub streaks: BTreeMap<String, crate::state::Streak>,
    /// Quantities returned so far, by line position.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub returned: BTreeMap<usize, Decimal>,
    /// The amount returned so far (`pro rata`).
    #[serde(default, skip_serializing_if = "Decimal::is_zero")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub returned_amount: Decimal,
}

impl Receipt {
    /// Whether the whole purchase has been returned: every line (`by
    /// line`) or its whole amount (`pro rata`).
    pub fn is_complete(&self) -> bool {
        let lines = &self.transaction.lines;
        let all_lines = lines
            .iter()
            .enumerate()
            .all(|(i, l)| self.returned.get(&i).is_some_and(|r| *r >= l.quantity));
        let amount = rest::purchase_amount(&self.transaction);
        all_lines || (!self.returned_amount.is_zero() && self.returned_amount >= amount)
    }
}

/// A line given back: its position in the purchase, its SKU, or both (the
/// SKU then a check), and how many.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReturnLine {
    /// The line's position in the purchase, from 0; without it, the
    /// purchase's one line of [`sku`](ReturnLine::sku) (a SKU on several
    /// lines is refused, [`ReturnRefusal::SkuOnLines`]). In an outcome's
    /// [`ReturnOutcome::lines`], always given: the line taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The line's SKU: with a position, a check (a return whose line has
    /// another SKU is refused, [`ReturnRefusal::OtherSku`], rather than
    /// taking back another line's points: a position counted from 1, say);
    /// alone, the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// How many of it.
    #[serde(deserialize_with = "crate::input::exact_decimal")]
    pub quantity: Decimal,
}

/// What a return took back.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReturnOutcome {
    /// The purchase.
    pub purchase: String,
    /// The lines returned (`by line`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<ReturnLine>,
    /// The amount returned (`pro rata`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub amount: Option<Decimal>,
    /// The goods given back (`by line`), in the order the return lists
    /// them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub goods: Vec<ReturnedGoods>,
    /// Points the return takes back, per balance: what the purchase
    /// earned that its rest does not.
    pub points: BTreeMap<String, Exact>,
    /// What the purchase held before the return, per balance.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub held: BTreeMap<String, Exact>,
    /// What the rest of the purchase earns by itself, evaluated as the
    /// purchase was made: per rule and balance, in evaluation order, for
    /// the member (after the rules' rounding and caps; a rule rounded `per
    /// transaction` still exact). Empty when nothing is left of it.
    /// [`points`](Self::points) is [`held`](Self::held) less this (none
    /// below zero: a rest that earns more keeps what the purchase held).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rest: Vec<RestAward>,
    /// What the rest of the purchase earns by itself, per balance the
    /// purchase held: [`rest`](Self::rest) added up, and rounded where a
    /// rule rounds `per transaction`. Empty when nothing is left of it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rest_earns: BTreeMap<String, Exact>,
    /// The lots they were taken from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<SpentLot>,
    /// Of [`points`](Self::points), what the lots no longer held (spent
    /// already), per balance: under `shortfall negative` still taken, the
    /// balance going below zero (the wallet's `owed`); under `shortfall
    /// forgive` not taken, and also in [`forgiven`](Self::forgiven).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub shortfall: BTreeMap<String, Exact>,
    /// Of the shortfall, what was forgiven (`shortfall forgive`), per
    /// balance: the balance goes down by `points` less this.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub forgiven: BTreeMap<String, Exact>,
    /// What counters lose, per counter.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub uncounted: BTreeMap<String, Exact>,
    /// What rules with a per-member cap or limit get back of the
    /// purchase's use, per rule: the use itself when the rest of the
    /// purchase no longer applies the rule, and the points it no longer
    /// gives.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub released: BTreeMap<String, crate::state::RuleRelease>,
    /// What campaign budgets get back, by campaign: what the purchase used
    /// of them that the rest of it no longer does (the outcome's
    /// [`budgets`](crate::Outcome::budgets) has it as a negative use).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub budgets: BTreeMap<String, Exact>,
    /// Points that paid for the returned goods, given back (`refund`), per
    /// balance: a new lot earned on the return's day.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub refunded: BTreeMap<String, Exact>,
    /// Badges the purchase earned that its rest does not: taken back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub badges: Vec<String>,
    /// Whether the whole purchase has now been returned.
    pub complete: bool,
}

/// Goods a return gives back: a line of the purchase and how many of it.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReturnedGoods {
    /// The line's position in the purchase, from 0 (an explanation shows
    /// it from 1, as it shows the purchase's lines).
    pub line: usize,
    /// The line's SKU.
    pub sku: String,
    /// The line's category.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// How many of it.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub quantity: Decimal,
    /// What they cost: their price less their share of the line's
    /// discount.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub amount: Decimal,
}

/// What the rest of a purchase earns by itself from one rule, in one
/// balance (see [`ReturnOutcome::rest`]).
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RestAward {
    /// The rule.
    pub rule: String,
    /// The balance.
    pub balance: String,
    /// The points.
    pub points: Exact,
}

/// Why a return is refused. The state is unchanged.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReturnRefusal {
    /// The program does not take returns (`returns { ... }`).
    #[error("the program does not take returns")]
    NoReturns,
    /// The state has no receipt of the purchase.
    #[error(
        "purchase {purchase} is not one the member can return (unknown, or its receipt is gone)"
    )]
    UnknownPurchase {
        /// The purchase.
        purchase: String,
    },
    /// The purchase is among the member's recent events, but its receipt
    /// is gone: returned in full, or past its window.
    #[error("purchase {purchase} has nothing left to return: it was returned in full, or its return window has passed")]
    NothingLeft {
        /// The purchase.
        purchase: String,
    },
    /// The purchase was evaluated by another version of the program: what
    /// its rest earns is for that version to say.
    #[error("purchase {purchase} was evaluated by another version of the program ({version}): evaluate its return with that version, which knows what it earned")]
    OtherVersion {
        /// The purchase.
        purchase: String,
        /// The version that evaluated it ([`Program::version`](crate::Program::version)).
        version: String,
    },
    /// Later than the program's window.
    #[error("purchase {purchase} of {day} cannot be returned after {within} days")]
    TooLate {
        /// The purchase.
        purchase: String,
        /// Its day.
        day: NaiveDate,
        /// The window.
        within: u32,
    },
    /// Dated before the purchase was made.
    #[error("purchase {purchase} of {day} cannot be returned on {on}, before it was made")]
    TooEarly {
        /// The purchase.
        purchase: String,
        /// Its day.
        day: NaiveDate,
        /// The return's day.
        on: NaiveDate,
    },
    /// A return without lines (`by line`).
    #[error("a return gives back at least one line")]
    NoLines,
    /// Lines given to a program that returns pro rata, or an amount to one
    /// that returns by line.
    #[error("this program takes returns {mode}: give {what}")]
    WrongForm {
        /// `by line` or `pro rata`.
        mode: String,
        /// What to give.
        what: String,
    },
    /// More than is left of the purchase's amount (`pro rata`).
    #[error("{asked} returned of purchase {purchase}, but {left} of {amount} are left to return")]
    TooMuch {
        /// The purchase.
        purchase: String,
        /// The amount asked.
        asked: Decimal,
        /// The purchase's amount.
        amount: Decimal,
        /// What is left to return.
        left: Decimal,
    },
    /// A line the purchase does not have.
    #[error("purchase {purchase} has no line {line}: {}", line_range(*lines))]
    NoSuchLine {
        /// The purchase.
        purchase: String,
        /// The line asked.
        line: usize,
        /// How many lines the purchase has (0 in refusals written before
        /// it was given).
        #[serde(default)]
        lines: usize,
    },
    /// A line whose SKU is not the one the return gives for it.
    #[error(
        "line {line} of purchase {purchase} is {found}, not {sku}: {}",
        sku_lines(sku, at)
    )]
    OtherSku {
        /// The purchase.
        purchase: String,
        /// The line asked.
        line: usize,
        /// The SKU the return gives.
        sku: Box<str>,
        /// The line's SKU.
        found: Box<str>,
        /// The lines of the purchase with the SKU the return gives.
        at: Box<[usize]>,
    },
    /// A line named by a SKU that the purchase does not have.
    #[error("purchase {purchase} has no {sku}: {}", skus_of(skus))]
    NoSuchSku {
        /// The purchase.
        purchase: String,
        /// The SKU the return gives.
        sku: Box<str>,
        /// The purchase's SKUs, in the order of its lines.
        skus: Box<[String]>,
    },
    /// A line named by its SKU alone, which is on several lines of the
    /// purchase: which one is the host's to say.
    #[error(
        "purchase {purchase} has {sku} on {}: give the line's position too (`\"line\": {}`, {FROM_0})",
        positions(at),
        at.first().copied().unwrap_or(0)
    )]
    SkuOnLines {
        /// The purchase.
        purchase: String,
        /// The SKU the return gives.
        sku: Box<str>,
        /// The lines with it.
        at: Box<[usize]>,
    },
    /// A returned line that names neither its position nor its SKU.
    #[error("returned line {index} names neither its position in the purchase (`line`, from 0) nor its SKU (`sku`)")]
    LineNotNamed {
        /// Its place in the return's `lines`, from 0.
        index: usize,
    },
    /// More than was bought (and not returned yet).
    #[error("line {line} of purchase {purchase}: {asked} returned, but {left} of {bought} are left to return")]
    TooMany {
        /// The purchase.
        purchase: String,
        /// The line.
        line: usize,
        /// The quantity asked.
        asked: Decimal,
        /// What was bought.
        bought: Decimal,
        /// What is left to return.
        left: Decimal,
    },
    /// A quantity that is zero or negative.
    #[error("line {line}: a quantity returned is above zero, not {asked}")]
    BadQuantity {
        /// The line.
        line: usize,
        /// The quantity asked.
        asked: Decimal,
    },
    /// Part of a line with a discount that does not split exactly.
    #[error("line {line}'s discount of {discount} does not split exactly over {left} of {quantity}: return the whole line")]
    Indivisible {
        /// The line.
        line: usize,
        /// Its discount.
        discount: Decimal,
        /// What would be left.
        left: Decimal,
        /// What was bought.
        quantity: Decimal,
    },
}

/// How a refusal says which way lines are counted.
const FROM_0: &str = "counted from 0; the explanation's line 1 is line 0";

/// Where a purchase has a SKU, for a refusal.
fn sku_lines(sku: &str, at: &[usize]) -> String {
    if at.is_empty() {
        format!("the purchase has no {sku}")
    } else {
        format!("{sku} is {} ({FROM_0})", positions(at))
    }
}

/// `line 0`, `lines 0 and 2`, `lines 0, 2 and 5`.
fn positions(at: &[usize]) -> String {
    match at {
        [one] => format!("line {one}"),
        [first @ .., last] => {
            let first: Vec<String> = first.iter().map(usize::to_string).collect();
            format!("lines {} and {last}", first.join(", "))
        }
        [] => "no line".to_string(),
    }
}

/// A purchase's SKUs, each once, for a refusal.
fn skus_of(skus: &[String]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for s in skus {
        if !seen.contains(&s.as_str()) {
            seen.push(s);
        }
    }
    match seen.as_slice() {
        [] => "it has no lines".to_string(),
        [one] => format!("its SKU is {one}"),
        [first @ .., last] => format!("its SKUs are {} and {last}", first.join(", ")),
    }
}

/// Which line positions a purchase of `lines` lines has, for a refusal: a
/// return counts from 0, an explanation from 1.
fn line_range(lines: usize) -> String {
    match lines {
        0 => "it has no lines".to_string(),
        1 => format!("its only line is 0 ({FROM_0})"),
        n => format!("its lines are 0 to {} ({FROM_0})", n - 1),
    }
}
