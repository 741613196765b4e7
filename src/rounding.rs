//! Rounding modes and where rounding happens.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// How a fractional number of points is rounded to the balance's precision.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RoundingMode {
    /// Toward negative infinity (the default): 12.9 becomes 12.
    Floor,
    /// Toward positive infinity: 12.1 becomes 13.
    Ceil,
    /// To nearest, ties to even ("banker's rounding"): 12.5 becomes 12.
    HalfEven,
    /// To nearest, ties away from zero: 12.5 becomes 13.
    HalfUp,
    /// To nearest, ties toward zero: 12.5 becomes 12.
    HalfDown,
}

impl RoundingMode {
    /// Every mode, in declaration order (`mode as usize` is its position).
    pub(crate) const ALL: [RoundingMode; 5] = [
        RoundingMode::Floor,
        RoundingMode::Ceil,
        RoundingMode::HalfEven,
        RoundingMode::HalfUp,
        RoundingMode::HalfDown,
    ];

    pub(crate) fn from_keyword(word: &str) -> Option<Self> {
        Some(match word {
            "floor" => RoundingMode::Floor,
            "ceil" => RoundingMode::Ceil,
            // `half-up` as the design brief writes it.
            "half_even" | "half-even" => RoundingMode::HalfEven,
            "half_up" | "half-up" => RoundingMode::HalfUp,
            "half_down" | "half-down" => RoundingMode::HalfDown,
            _ => return None,
        })
    }

    /// The keyword that selects this mode in a program.
    pub fn keyword(self) -> &'static str {
        match self {
            RoundingMode::Floor => "floor",
            RoundingMode::Ceil => "ceil",
            RoundingMode::HalfEven => "half_even",
            RoundingMode::HalfUp => "half_up",
            RoundingMode::HalfDown => "half_down",
        }
    }

    /// Rounds `value` to `decimals` decimal places.
    pub fn apply(self, value: Decimal, decimals: u32) -> Decimal {
        if value.scale() <= decimals {
            // Already exact at this precision: nothing to round.
            return value;
        }
        let strategy = match self {
            RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundingMode::Ceil => RoundingStrategy::ToPositiveInfinity,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfDown => RoundingStrategy::MidpointTowardZero,
        };
        value.round_dp_with_strategy(decimals, strategy)
    }
}

/// At which level an award is rounded.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Granularity {
    /// Each line of a `for each line` rule is rounded on its own.
    Line,
    /// Each award of a rule is rounded once (the default).
    Rule,
    /// Awards stay exact; each balance's total is rounded once.
    Transaction,
}

impl Granularity {
    /// The word after `per` that selects this granularity in a program.
    pub fn keyword(self) -> &'static str {
        match self {
            Granularity::Line => "line",
            Granularity::Rule => "rule",
            Granularity::Transaction => "transaction",
        }
    }
}

/// A word that is not one of a keyword enum's words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{found}` is not {what}: expected {expected}")]
#[non_exhaustive]
pub struct ParseKeywordError {
    /// The word given.
    pub found: String,
    /// What was expected, such as `a rounding mode`.
    pub what: &'static str,
    /// The words accepted, as a list for people.
    pub expected: &'static str,
}

impl fmt::Display for RoundingMode {
    /// The program's keyword: `half_even`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

impl FromStr for RoundingMode {
    type Err = ParseKeywordError;

    /// ```
    /// use loyalty_rules::RoundingMode;
    /// assert_eq!("half_up".parse::<RoundingMode>(), Ok(RoundingMode::HalfUp));
    /// assert_eq!(RoundingMode::HalfUp.to_string(), "half_up");
    /// assert!("nearest".parse::<RoundingMode>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RoundingMode::from_keyword(s).ok_or_else(|| ParseKeywordError {
            found: s.to_string(),
            what: "a rounding mode",
            expected: "floor, ceil, half_even, half_up or half_down",
        })
    }
}

impl fmt::Display for Granularity {
    /// The word after `per`: `transaction`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

impl FromStr for Granularity {
    type Err = ParseKeywordError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "line" => Granularity::Line,
            "rule" => Granularity::Rule,
            "transaction" => Granularity::Transaction,
            _ => {
                return Err(ParseKeywordError {
                    found: s.to_string(),
                    what: "a rounding granularity",
                    expected: "line, rule or transaction",
                })
            }
        })
    }
}

/// An amount written with at least `places` decimal places: a money amount
/// at its currency's (`5` USD as `5.00`), a total at its balance's precision
/// (`437.30`); trailing zeros are added or dropped, never a digit that
/// counts.
pub(crate) fn at_places(v: rust_decimal::Decimal, places: u32) -> rust_decimal::Decimal {
    let mut v = crate::exact::normalized(v);
    if v.scale() < places {
        v.rescale(places);
    }
    v
}
