use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{exact_serde, Attributes};

/// A purchase: lines, taxes, shipping, and how it was paid.
///
/// Amounts are in `currency`, which must be the program's currency.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Transaction {
    /// The host's id of the transaction.
    pub id: String,
    /// When it happened, with its UTC offset (RFC 3339 in JSON). Calendar
    /// conditions read it in the program's time zone.
    #[serde(deserialize_with = "exact_serde::timestamp")]
    pub timestamp: DateTime<FixedOffset>,
    /// Sales channel, such as `store`, `online` or `app`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "")))]
    pub channel: String,
    /// Store id, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "")))]
    pub store: String,
    /// ISO 4217 currency code of every amount in the transaction.
    pub currency: String,
    /// The lines bought.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = [])))]
    pub lines: Vec<Line>,
    /// Tax charged on top of the lines.
    #[serde(
        default,
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub tax: Decimal,
    /// Shipping charged on top of the lines.
    #[serde(
        default,
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub shipping: Decimal,
    /// How the total was paid.
    #[serde(default, skip_serializing_if = "no_tenders")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {"card": "0", "cash": "0", "gift_card": "0", "points": "0", "stored_value": "0"})))]
    pub tenders: Tenders,
    /// Attributes the program declares with `attribute tx.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

/// One line of a purchase.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Line {
    /// Stock-keeping unit.
    pub sku: String,
    /// Product category, such as `dining`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "")))]
    pub category: String,
    /// Free-form tags, such as `organic`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = [])))]
    pub tags: Vec<String>,
    /// Quantity bought (more than zero; may be fractional, as for weighed goods).
    #[serde(deserialize_with = "exact_serde::decimal")]
    pub quantity: Decimal,
    /// Price of one unit before discounts.
    #[serde(deserialize_with = "exact_serde::decimal")]
    pub unit_price: Decimal,
    /// Discount on the whole line.
    #[serde(
        default,
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub discount: Decimal,
    /// Attributes the program declares with `attribute line.NAME TYPE`
    /// (a flight segment's distance, a room's rate code).
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

/// How a purchase was paid, by kind of tender. Missing kinds are zero.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Tenders {
    /// Paid by card.
    #[serde(
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub card: Decimal,
    /// Paid in cash.
    #[serde(
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub cash: Decimal,
    /// Paid from stored value (a wallet).
    #[serde(
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub stored_value: Decimal,
    /// Paid with gift cards.
    #[serde(
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub gift_card: Decimal,
    /// The part paid with points, in money.
    #[serde(
        deserialize_with = "exact_serde::decimal",
        skip_serializing_if = "exact_serde::is_default"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = "0")))]
    pub points: Decimal,
    /// Kinds of payment the program declares itself (`tender cobrand_card`
    /// in its header; read as `tx.paid.cobrand_card`), by name.
    #[serde(
        deserialize_with = "exact_serde::decimals",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub other: BTreeMap<String, Decimal>,
}

/// Whether a purchase's tenders are what tenders left out read as: none.
fn no_tenders(t: &Tenders) -> bool {
    [t.card, t.cash, t.stored_value, t.gift_card, t.points]
        .iter()
        .all(exact_serde::is_default)
        && t.other.is_empty()
}
