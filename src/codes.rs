//! Stable diagnostic codes: hosts, editors and tests match these, not the
//! English of messages, which may improve from one version to the next.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What kind of problem a [`Diagnostic`](crate::Diagnostic) reports. The
/// code (`L0203`) is stable: a code is never reused for another meaning.
/// `L01xx` are syntax and input, `L02xx` unknown names, `L03xx` types and
/// places, `L04xx` declarations, `L05xx` warnings.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Code {
    /// L0101: the text does not follow the grammar (an unexpected token,
    /// chained comparisons, an empty program).
    #[serde(rename = "L0101")]
    Syntax,
    /// L0102: the program is not valid UTF-8.
    #[serde(rename = "L0102")]
    NotUtf8,
    /// L0103: a number cannot be held exactly (more than 28 significant digits).
    #[serde(rename = "L0103")]
    InexactNumber,
    /// L0104: a resource limit of [`Limits`](crate::Limits) was reached
    /// (the [`Diagnostic`](crate::Diagnostic)'s `limit` says which).
    #[serde(rename = "L0104")]
    Limit,
    /// L0201: a bare name that is not a tier or a weekday (or a counter
    /// without its period).
    #[serde(rename = "L0201")]
    UnknownName,
    /// L0202: a rule name that no rule has.
    #[serde(rename = "L0202")]
    UnknownRule,
    /// L0203: a field (`tx.amont`) that is neither built in nor declared.
    #[serde(rename = "L0203")]
    UnknownField,
    /// L0204: a balance the header does not declare.
    #[serde(rename = "L0204")]
    UnknownBalance,
    /// L0205: a tier the `tiers` list does not have.
    #[serde(rename = "L0205")]
    UnknownTier,
    /// L0206: a function the language does not have.
    #[serde(rename = "L0206")]
    UnknownFunction,
    /// L0207: an event kind that is not built in (custom kinds are
    /// `event "NAME"`).
    #[serde(rename = "L0207")]
    UnknownEventKind,
    /// L0208: a time zone that is not an IANA name.
    #[serde(rename = "L0208")]
    UnknownTimeZone,
    /// L0209: a currency that is not an ISO 4217 code.
    #[serde(rename = "L0209")]
    UnknownCurrency,
    /// L0210: a weekday name that is not one.
    #[serde(rename = "L0210")]
    UnknownWeekday,
    /// L0211: a counter the program does not declare.
    #[serde(rename = "L0211")]
    UnknownCounter,
    /// L0301: a value of the wrong type (a condition that is not true or
    /// false, text compared with money, ...).
    #[serde(rename = "L0301")]
    TypeMismatch,
    /// L0302: an amount in another currency than the program's.
    #[serde(rename = "L0302")]
    CurrencyMismatch,
    /// L0303: something written where it cannot be (a line field outside a
    /// `for each line` rule, a percentage in a condition, ...).
    #[serde(rename = "L0303")]
    NotHere,
    /// L0304: a function given the wrong number or kind of arguments.
    #[serde(rename = "L0304")]
    Arguments,
    /// L0305: a value out of its range (an impossible date, a negative cap,
    /// a precision above 10, a step of zero, ...).
    #[serde(rename = "L0305")]
    InvalidValue,
    /// L0401: something declared or given twice.
    #[serde(rename = "L0401")]
    Duplicate,
    /// L0402: something required is missing (the header, the currency, a
    /// rule's award).
    #[serde(rename = "L0402")]
    Missing,
    /// L0403: a declaration that cannot be (an attribute of an unknown
    /// owner, or that redeclares a built-in field).
    #[serde(rename = "L0403")]
    InvalidDeclaration,
    /// L0404: rules in an order that cannot work (`% of earned by` a rule
    /// that runs later, or on another kind of event).
    #[serde(rename = "L0404")]
    Order,
    /// L0405: the rules of a group compared on different balances.
    #[serde(rename = "L0405")]
    GroupBalance,
    /// L0406: tier levels whose thresholds do not rise with the levels.
    #[serde(rename = "L0406")]
    TierOrder,
    /// L0501 (warning): a condition that can never hold.
    #[serde(rename = "L0501")]
    NeverHolds,
    /// L0502 (warning): a campaign that never runs, or does nothing.
    #[serde(rename = "L0502")]
    NeverRuns,
    /// L0503 (warning): an amount with more decimal places than its currency has.
    #[serde(rename = "L0503")]
    ExtraDecimals,
    /// L0504 (warning): something that works but is probably not meant (a
    /// percentage above 100, a rule named twice, a category multiplier with
    /// no rule `for each line`, `multiply all` reaching a rule that earns a
    /// qualifying balance).
    #[serde(rename = "L0504")]
    Suspicious,
    /// L0505 (warning): `and` inside `or` without parentheses (`A or B and
    /// C` reads as `A or (B and C)`), which an author rarely means.
    #[serde(rename = "L0505")]
    Precedence,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 31] = [
        Code::Syntax,
        Code::NotUtf8,
        Code::InexactNumber,
        Code::Limit,
        Code::UnknownName,
        Code::UnknownRule,
        Code::UnknownField,
        Code::UnknownBalance,
        Code::UnknownTier,
        Code::UnknownFunction,
        Code::UnknownEventKind,
        Code::UnknownTimeZone,
        Code::UnknownCurrency,
        Code::UnknownWeekday,
        Code::UnknownCounter,
        Code::TypeMismatch,
        Code::CurrencyMismatch,
        Code::NotHere,
        Code::Arguments,
        Code::InvalidValue,
        Code::Duplicate,
        Code::Missing,
        Code::InvalidDeclaration,
        Code::Order,
        Code::GroupBalance,
        Code::TierOrder,
        Code::NeverHolds,
        Code::NeverRuns,
        Code::ExtraDecimals,
        Code::Suspicious,
        Code::Precedence,
    ];

    /// The code as written: `L0203`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "L0101",
            Code::NotUtf8 => "L0102",
            Code::InexactNumber => "L0103",
            Code::Limit => "L0104",
            Code::UnknownName => "L0201",
            Code::UnknownRule => "L0202",
            Code::UnknownField => "L0203",
            Code::UnknownBalance => "L0204",
            Code::UnknownTier => "L0205",
            Code::UnknownFunction => "L0206",
            Code::UnknownEventKind => "L0207",
            Code::UnknownTimeZone => "L0208",
            Code::UnknownCurrency => "L0209",
            Code::UnknownWeekday => "L0210",
            Code::UnknownCounter => "L0211",
            Code::TypeMismatch => "L0301",
            Code::CurrencyMismatch => "L0302",
            Code::NotHere => "L0303",
            Code::Arguments => "L0304",
            Code::InvalidValue => "L0305",
            Code::Duplicate => "L0401",
            Code::Missing => "L0402",
            Code::InvalidDeclaration => "L0403",
            Code::Order => "L0404",
            Code::GroupBalance => "L0405",
            Code::TierOrder => "L0406",
            Code::NeverHolds => "L0501",
            Code::NeverRuns => "L0502",
            Code::ExtraDecimals => "L0503",
            Code::Suspicious => "L0504",
            Code::Precedence => "L0505",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_unique_and_serialize_as_written() {
        let mut seen = std::collections::BTreeSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "{c} twice");
            assert_eq!(
                serde_json::to_string(&c).ok(),
                Some(format!("\"{}\"", c.as_str()))
            );
        }
    }
}
