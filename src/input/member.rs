use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{exact_serde, Attributes};

/// The member an event is evaluated for.
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Member {
    /// The host's id of the member.
    pub id: String,
    /// Current tier, one of the program's `tiers`, if the member has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = null)))]
    pub tier: Option<String>,
    /// When the member joined.
    #[serde(
        default,
        deserialize_with = "exact_serde::optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = null)))]
    pub join_date: Option<NaiveDate>,
    /// Birthday (the year is not used by month or day conditions).
    #[serde(
        default,
        deserialize_with = "exact_serde::optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = null)))]
    pub birthday: Option<NaiveDate>,
    /// Marketing segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = null)))]
    pub segment: Option<String>,
    /// Purchases before this event; zero means this is the first purchase.
    #[serde(
        default,
        skip_serializing_if = "crate::input::exact_serde::is_zero_count"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = 0)))]
    pub purchase_count: u64,
    /// Attributes the program declares with `attribute member.NAME TYPE`.
    #[serde(
        default,
        deserialize_with = "exact_serde::attributes",
        skip_serializing_if = "std::collections::BTreeMap::is_empty"
    )]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {})))]
    pub attributes: Attributes,
}

impl Member {
    /// A member with only an id.
    pub fn new(id: &str) -> Self {
        Member {
            id: id.to_string(),
            ..Member::default()
        }
    }
}
