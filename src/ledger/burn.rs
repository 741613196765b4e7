//! Burn rules and rewards as compiled, and what a redemption outcome says.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::exact::Exact;
use crate::plan::Expr;

/// `burn "NAME" from BALANCE { ... }` or `reward "NAME" costs N points`.
#[derive(Debug, Clone)]
pub(crate) struct BurnPlan {
    pub name: String,
    pub balance: usize,
    /// The condition, with its text for refusals.
    pub condition: Option<(Expr, String)>,
    pub price: Price,
    pub minimum: Option<Decimal>,
    pub step: Option<Decimal>,
    /// The maximum, with its text for refusals.
    pub maximum: Option<(Max, String)>,
    /// A reward issued as soon as the member has the points
    /// (`automatically`).
    pub automatic: bool,
}

/// What points buy.
#[derive(Debug, Clone)]
pub(crate) enum Price {
    /// `rate N points = M CUR`
    Rate { points: Decimal, money: Decimal },
    /// `table N points = M CUR, ...`, points rising.
    Table(Vec<(Decimal, Decimal)>),
    /// A reward's cost.
    Reward(Decimal),
}

#[derive(Debug, Clone)]
pub(crate) enum Max {
    Points(Decimal),
    Money(Decimal),
    PercentOfOrder(Decimal),
    /// A share of the amount of the order's lines for which the condition
    /// holds.
    PercentOfLines(Decimal, Expr),
}

/// What a redemption spent and bought.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct RedemptionOutcome {
    /// The burn rule, or the reward.
    pub name: String,
    /// A running campaign's discount on the points it takes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<BurnDiscount>,
    /// Whether it is a reward of the catalog.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reward: bool,
    /// The balance spent from.
    pub balance: String,
    /// The points spent.
    pub points: Exact,
    /// Their money value in the program's currency (burn rules; floored to
    /// the currency's minor unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Exact>,
    /// The currency of the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The lots that paid, in the order spent (empty for a balance
    /// without a ledger).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<SpentLot>,
}

/// A campaign's `discount` on a burn rule or reward.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct BurnDiscount {
    /// The campaign.
    pub campaign: String,
    /// The percentage fewer points.
    pub percent: Decimal,
}

/// Points taken from one lot.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SpentLot {
    /// The balance.
    pub balance: String,
    /// The event that earned the lot.
    pub event: String,
    /// The day the lot was earned.
    pub earned_on: NaiveDate,
    /// The points taken from it.
    pub points: Exact,
}

/// Takes `asked` points from `lots` (each its event, its day and the
/// points it has), in their order, until they are paid: the points taken
/// from each, at the balance's `places`.
pub(crate) fn take_in_order(
    lots: impl IntoIterator<Item = (String, NaiveDate, Decimal)>,
    asked: Decimal,
    balance: &str,
    places: u32,
) -> Vec<SpentLot> {
    let mut left = asked;
    let mut out = Vec::new();
    for (event, earned_on, has) in lots {
        if left <= Decimal::ZERO {
            break;
        }
        let take = has.min(left);
        left = left.checked_sub(take).unwrap_or(Decimal::ZERO);
        out.push(SpentLot {
            balance: balance.to_string(),
            event,
            earned_on,
            points: Exact::from(crate::rounding::at_places(take, places)),
        });
    }
    out
}

/// `(event.partner is "fuel", tier silver)`: what a condition that does not
/// hold read, and the member's tier.
fn what_it_read(read: &[String], tier: Option<&str>) -> String {
    let mut parts: Vec<String> = read.to_vec();
    if let Some(t) = tier {
        parts.push(format!("tier {t}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

/// A refusal's balance, or `points` for one written before refusals named it.
fn or_points(balance: &str) -> &str {
    if balance.is_empty() {
        "points"
    } else {
        balance
    }
}

/// The multiples of `step` on either side of `asked`, for a refusal.
fn nearest(asked: Decimal, step: Decimal) -> String {
    let below = asked
        .checked_div(step)
        .map(|n| n.floor())
        .and_then(|n| n.checked_mul(step));
    match below.and_then(|b| Some((b, b.checked_add(step)?))) {
        Some((b, a)) if b > Decimal::ZERO => format!(": the nearest are {b} and {a}"),
        Some((_, a)) => format!(": the smallest is {a}"),
        None => String::new(),
    }
}

/// What points to spend must be, for a balance with `places` decimals.
fn bad_points(balance: &str, places: u32) -> String {
    let name = or_points(balance);
    if places == 0 {
        format!("{name} to spend are a whole number above zero")
    } else {
        format!("an amount of {name} to spend is above zero, with at most {places} decimals")
    }
}

/// Why a redemption is refused, with the numbers. The state is unchanged.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "refusal", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Refusal {
    /// The redemption names neither a burn rule nor a reward, or both.
    #[error("a redemption names one burn rule (`burn`) or one reward (`reward`)")]
    WhichOne,
    /// No burn rule or reward has the name.
    #[error("the program has no {what} \"{name}\"{}", suggestion.as_ref().map(|s| format!("; did you mean \"{s}\"?")).unwrap_or_default())]
    Unknown {
        /// `burn rule` or `reward`.
        what: String,
        /// The name asked for.
        name: String,
        /// A close name.
        suggestion: Option<String>,
    },
    /// A burn rule named as a reward (`"reward": "Pay with points"`), or a
    /// reward as a burn rule.
    #[error("{}", other_kind(name, is))]
    OtherKind {
        /// The name asked for.
        name: String,
        /// What it is: `burn rule` or `reward`.
        is: String,
    },
    /// A burn rule needs the points to spend.
    #[error("the burn rule \"{name}\" needs the points to spend (`points`)")]
    NoPoints {
        /// The burn rule.
        name: String,
    },
    /// Points other than the reward's cost.
    #[error(
        "the reward \"{name}\" costs {cost} {}, not {asked}",
        or_points(balance)
    )]
    RewardCost {
        /// The reward.
        name: String,
        /// The balance it is paid from (empty in refusals written before
        /// it was named).
        #[serde(default)]
        balance: String,
        /// Its cost.
        cost: Decimal,
        /// The points given.
        asked: Decimal,
    },
    /// Points that are zero, negative, or with more decimals than the
    /// balance keeps (not whole, for a balance of whole points).
    #[error("{asked} {} cannot be spent: {}", or_points(balance), bad_points(balance, *places))]
    BadPoints {
        /// The points asked.
        asked: Decimal,
        /// The balance (empty in refusals written before it was named).
        #[serde(default)]
        balance: String,
        /// The balance's decimals.
        #[serde(default)]
        places: u32,
    },
    /// The rule's or reward's condition does not hold for the member.
    #[error("\"{name}\" is not allowed: `{condition}` does not hold{}", what_it_read(read, tier.as_deref()))]
    NotAllowed {
        /// The burn rule or reward.
        name: String,
        /// Its condition as written.
        condition: String,
        /// The member's tier, if any.
        tier: Option<String>,
        /// What the condition read, in the order it reads it (the tier
        /// aside): `event.partner is "fuel"`, `visits this month is 2`,
        /// `member.segment is missing`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        read: Vec<String>,
    },
    /// Fewer points than the rule's minimum.
    #[error("{asked} {} is below the minimum of {minimum}", or_points(balance))]
    BelowMinimum {
        /// The balance (empty in refusals written before it was named).
        #[serde(default)]
        balance: String,
        /// The points asked.
        asked: Decimal,
        /// The minimum.
        minimum: Decimal,
    },
    /// Not a multiple of the rule's step.
    #[error("{asked} {} is not a multiple of {step}{}", or_points(balance), nearest(*asked, *step))]
    NotAStep {
        /// The balance (empty in refusals written before it was named).
        #[serde(default)]
        balance: String,
        /// The points asked.
        asked: Decimal,
        /// The step.
        step: Decimal,
    },
    /// More than the rule's maximum.
    #[error("{asked} {b} is above the maximum of {maximum} {b} ({limit})", b = or_points(balance))]
    AboveMaximum {
        /// The balance (empty in refusals written before it was named).
        #[serde(default)]
        balance: String,
        /// The points asked.
        asked: Decimal,
        /// The maximum in points.
        maximum: Decimal,
        /// The maximum as written, with the order's amount.
        limit: String,
    },
    /// A maximum as a percentage of the order, without the order's amount
    /// (or lines).
    #[error("the burn rule \"{name}\" limits by the order: give its amount (`order`) or its lines (`lines`)")]
    NoOrder {
        /// The burn rule.
        name: String,
    },
    /// Not one of the table's entries.
    #[error("{asked} {} is not in the table; it takes {}", or_points(balance), entries.iter().map(|e| e.to_string()).collect::<Vec<_>>().join(", "))]
    NotInTable {
        /// The balance (empty in refusals written before it was named).
        #[serde(default)]
        balance: String,
        /// The points asked.
        asked: Decimal,
        /// The table's points, rising.
        entries: Vec<Decimal>,
    },
    /// Not enough points, even counting pending ones.
    #[error(
        "not enough {}: {asked} asked, {available} available{}",
        or_points(balance),
        if pending.is_zero() { String::new() } else { format!(" ({pending} more are pending)") }
    )]
    NotEnough {
        /// The balance that is short (empty in refusals written before it
        /// was named).
        #[serde(default)]
        balance: String,
        /// The points asked.
        asked: Decimal,
        /// The points that can be spent.
        available: Decimal,
        /// The points pending, which could not be spent yet either (zero
        /// in refusals written before they were said, and left out of the
        /// JSON when zero).
        #[serde(default, skip_serializing_if = "Decimal::is_zero")]
        pending: Decimal,
    },
    /// Enough points only with pending ones, which cannot be spent yet.
    #[error(
        "{asked} {} asked, but only {available} can be spent: {pending} are pending",
        or_points(balance)
    )]
    Pending {
        /// The balance (empty in refusals written before it was named).
        #[serde(default)]
        balance: String,
        /// The points asked.
        asked: Decimal,
        /// The points that can be spent.
        available: Decimal,
        /// The points pending.
        pending: Decimal,
    },
}

/// `"Pay" is a burn rule, not a reward: name it by `burn``.
fn other_kind(name: &str, is: &str) -> String {
    let (asked, key) = if is == "reward" {
        ("burn rule", "reward")
    } else {
        ("reward", "burn")
    };
    format!("\"{name}\" is a {is}, not a {asked}: name it by `{key}`")
}
