use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{exact_serde, Attributes, Transaction};
use crate::kinds::Kind;

/// Something that happened to a member: a purchase or an engagement.
///
/// In JSON the kind is a field: `{"kind": "purchase", "id": ..., "lines": [...]}`,
/// `{"kind": "review", "id": ..., "timestamp": ...}`,
/// `{"kind": "custom", "name": "app_install", ...}`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A purchase (`on purchase`).
    Purchase(Transaction),
    /// The member signed up (`on sign_up`).
    SignUp(Activity),
    /// The member wrote a review (`on review`).
    Review(Activity),
    /// The member checked in (`on check_in`).
    CheckIn(Activity),
    /// The member shared something (`on share`).
    Share(Activity),
    /// A referral completed (`on referral`).
    Referral(Referral),
    /// A kind of the program's own (`on event "NAME"`).
    Custom(CustomEvent),
    /// Points spent: by a burn rule (`burn`, with the `points` to spend) or
    /// on a reward of the catalog (`reward`).
    Redemption(Redemption),
    /// Lines of an earlier purchase given back (`returns { ... }` in the
    /// program).
    Return(Return),
    /// A redemption undone, within the return window: its points go back.
    Cancellation(Cancellation),
    /// Time passing: no rule runs, but a program that computes tiers
    /// reviews the member's tier up to this moment (statuses that ended
    /// are renewed, kept in grace or lowered; deductions are made). In
    /// JSON: `{"kind": "time", "id": "close-2026", "timestamp": "2027-01-01T00:00:00Z"}`.
    Time(Activity),
}

/// An engagement event without a purchase.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Activity {
    /// The host's id of the event.
    pub id: String,
    /// When it happened, with its UTC offset.
    #[serde(deserialize_with = "exact_serde::timestamp")]
    pub timestamp: DateTime<FixedOffset>,
    /// Attributes the program declares with `attribute event.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

/// A completed referral: `referrer` brought in `referred`. Awards go to the
/// evaluated member unless a rule says `to referrer` or `to referred`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Referral {
    /// The host's id of the event.
    pub id: String,
    /// When it happened, with its UTC offset.
    #[serde(deserialize_with = "exact_serde::timestamp")]
    pub timestamp: DateTime<FixedOffset>,
    /// Member id of the member who referred.
    pub referrer: String,
    /// Member id of the member who was referred.
    pub referred: String,
    /// Attributes the program declares with `attribute event.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

/// Points spent, by the burn rule named `burn` (the member asks to spend
/// `points`; `order` is the order's amount, which a maximum as a
/// percentage of the order needs) or on the reward named `reward`.
///
/// In JSON: `{"kind": "redemption", "id": "r-1", "timestamp": ..., "burn":
/// "Pay with points", "points": "2500", "order": "80.00"}` or `{"kind":
/// "redemption", "id": "r-2", "timestamp": ..., "reward": "Free coffee"}`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Redemption {
    /// The host's id of the event.
    pub id: String,
    /// When it happened, with its UTC offset.
    #[serde(deserialize_with = "exact_serde::timestamp")]
    pub timestamp: DateTime<FixedOffset>,
    /// The burn rule, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub burn: Option<String>,
    /// The reward, by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward: Option<String>,
    /// The points to spend (a burn rule's; a reward costs what it costs).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "exact_serde::optional_decimal"
    )]
    pub points: Option<rust_decimal::Decimal>,
    /// The order's lines, for a maximum on eligible lines (`maximum 100%
    /// of lines when ...`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<crate::input::Line>,
    /// The order's amount, in the program's currency.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "exact_serde::optional_decimal"
    )]
    pub order: Option<rust_decimal::Decimal>,
    /// Attributes the program declares with `attribute event.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

/// Lines of an earlier purchase given back.
///
/// In JSON: `{"kind": "return", "id": "ret-1", "timestamp": ..., "purchase":
/// "t-1", "lines": [{"line": 0, "quantity": 1}]}`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Return {
    /// The host's id of the event.
    pub id: String,
    /// When it happened, with its UTC offset.
    #[serde(deserialize_with = "exact_serde::timestamp")]
    pub timestamp: DateTime<FixedOffset>,
    /// The id of the purchase.
    pub purchase: String,
    /// The lines given back (a program that returns `by line`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = [])))]
    pub lines: Vec<crate::returns::ReturnLine>,
    /// The amount given back (a program that returns `pro rata`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "exact_serde::optional_decimal"
    )]
    pub amount: Option<rust_decimal::Decimal>,
    /// Attributes the program declares with `attribute event.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

/// A redemption undone (the order it paid for was cancelled): its points
/// go back to the lots that paid them.
///
/// In JSON: `{"kind": "cancellation", "id": "c-1", "timestamp": ...,
/// "redemption": "r-1"}`.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Cancellation {
    /// The host's id of the event.
    pub id: String,
    /// When it happened, with its UTC offset.
    #[serde(deserialize_with = "exact_serde::timestamp")]
    pub timestamp: DateTime<FixedOffset>,
    /// The id of the redemption.
    pub redemption: String,
    /// Attributes the program declares with `attribute event.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

/// An event of a kind the program names itself.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CustomEvent {
    /// The host's id of the event.
    pub id: String,
    /// The kind, as in `on event "NAME"`: not a built-in kind's name.
    #[serde(deserialize_with = "exact_serde::custom_name")]
    pub name: String,
    /// When it happened, with its UTC offset.
    #[serde(deserialize_with = "exact_serde::timestamp")]
    pub timestamp: DateTime<FixedOffset>,
    /// Attributes the program declares with `attribute event.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

impl Event {
    /// The host's id of the event.
    pub fn id(&self) -> &str {
        match self {
            Event::Purchase(t) => &t.id,
            Event::SignUp(a)
            | Event::Review(a)
            | Event::CheckIn(a)
            | Event::Share(a)
            | Event::Time(a) => &a.id,
            Event::Referral(r) => &r.id,
            Event::Redemption(r) => &r.id,
            Event::Return(r) => &r.id,
            Event::Cancellation(c) => &c.id,
            Event::Custom(c) => &c.id,
        }
    }

    /// When the event happened.
    pub fn timestamp(&self) -> DateTime<FixedOffset> {
        match self {
            Event::Purchase(t) => t.timestamp,
            Event::SignUp(a)
            | Event::Review(a)
            | Event::CheckIn(a)
            | Event::Share(a)
            | Event::Time(a) => a.timestamp,
            Event::Referral(r) => r.timestamp,
            Event::Redemption(r) => r.timestamp,
            Event::Return(r) => r.timestamp,
            Event::Cancellation(c) => c.timestamp,
            Event::Custom(c) => c.timestamp,
        }
    }

    /// The kind's name as programs write it (`purchase`, `review`, or a custom name).
    pub fn kind_name(&self) -> &str {
        match self.kind() {
            Ok(k) => k.name(),
            Err(custom) => custom,
        }
    }

    /// The built-in kind, or the custom kind's name.
    pub(crate) fn kind(&self) -> Result<Kind, &str> {
        Ok(match self {
            Event::Purchase(_) => Kind::Purchase,
            Event::SignUp(_) => Kind::SignUp,
            Event::Review(_) => Kind::Review,
            Event::CheckIn(_) => Kind::CheckIn,
            Event::Share(_) => Kind::Share,
            Event::Referral(_) => Kind::Referral,
            Event::Time(_) => Kind::Time,
            Event::Redemption(_) => Kind::Redemption,
            Event::Return(_) => Kind::Return,
            Event::Cancellation(_) => Kind::Cancellation,
            Event::Custom(c) => return Err(&c.name),
        })
    }

    pub(crate) fn attributes(&self) -> &Attributes {
        match self {
            Event::Purchase(t) => &t.attributes,
            Event::SignUp(a)
            | Event::Review(a)
            | Event::CheckIn(a)
            | Event::Share(a)
            | Event::Time(a) => &a.attributes,
            Event::Referral(r) => &r.attributes,
            Event::Redemption(r) => &r.attributes,
            Event::Return(r) => &r.attributes,
            Event::Cancellation(c) => &c.attributes,
            Event::Custom(c) => &c.attributes,
        }
    }
}
