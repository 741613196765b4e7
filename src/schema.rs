//! JSON Schemas of what the crate reads and writes (feature `schema`), for
//! services in other languages that validate what they send and read.
//! The repository keeps them in `docs/schemas/`, and a test checks those
//! files against the types.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use crate::exact::Exact;
use crate::input::{Event, Member, Value};
use crate::outcome::Outcome;
use crate::state::MemberState;
use crate::tier::TierStatus;

/// The JSON Schemas of [`Member`], [`Event`], [`Outcome`], [`MemberState`]
/// and [`TierStatus`], by name (`member`, `event`, `outcome`, `state`,
/// `tier_status`), as pretty-printed JSON.
///
/// ```
/// let schemas = loyalty_rules::json_schemas();
/// assert!(schemas["event"].contains("\"purchase\""));
/// ```
pub fn json_schemas() -> std::collections::BTreeMap<&'static str, String> {
    let pretty = |s: Schema| serde_json::to_string_pretty(&s).unwrap_or_default() + "\n";
    [
        ("member", pretty(schemars::schema_for!(Member))),
        ("event", pretty(schemars::schema_for!(Event))),
        ("outcome", pretty(schemars::schema_for!(Outcome))),
        ("state", pretty(schemars::schema_for!(MemberState))),
        ("tier_status", pretty(schemars::schema_for!(TierStatus))),
        (
            "budgets",
            pretty(schemars::schema_for!(crate::budget::Budgets)),
        ),
    ]
    .into_iter()
    .collect()
}

impl JsonSchema for Exact {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Exact".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact number as text: a decimal (\"12.5\") or a fraction with no finite decimal expansion (\"10/3\").",
            "type": "string",
            "pattern": "^-?[0-9]+(\\.[0-9]+)?(/[0-9]+)?$"
        })
    }
}

impl JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AttributeValue".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An attribute's value: true/false, a number, text, or a list of text (an attribute declared `list`). A number, money or date may be given as text (\"12.50\", \"2026-11-20\") to keep every digit.",
            "anyOf": [
                {"type": ["boolean", "number", "string"]},
                {"type": "array", "items": {"type": "string"}}
            ]
        })
    }
}
