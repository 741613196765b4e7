//! What the host passes in: events (purchases and engagement), members, and
//! their typed attributes. Every type is serde-(de)serializable; amounts are
//! exact decimals, written in JSON as strings (`"12.50"`) or numbers.

mod build;
mod event;
mod exact_serde;
mod hints;
mod json;
mod member;
mod transaction;
mod value;

pub use event::{Activity, Cancellation, CustomEvent, Event, Redemption, Referral, Return};
pub(crate) use exact_serde::decimal as exact_decimal;
pub(crate) use hints::date_help;
pub(crate) use json::read_json;
pub use json::InputError;
pub use member::Member;
pub use transaction::{Line, Tenders, Transaction};
pub use value::Value;

/// Typed attributes by name; a `BTreeMap` so that output order never depends
/// on hashing.
pub type Attributes = std::collections::BTreeMap<String, Value>;
