#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The JSON Schemas kept in docs/schemas/ are those of the types. After a
//! change to the types, `LOYALTY_WRITE_SCHEMAS=1 cargo test --features
//! schema --test schemas` rewrites them.

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schemas");

#[test]
fn the_kept_schemas_are_those_of_the_types() {
    for (name, schema) in loyalty_rules::json_schemas() {
        let path = format!("{DIR}/{name}.json");
        if std::env::var_os("LOYALTY_WRITE_SCHEMAS").is_some() {
            std::fs::write(&path, &schema).unwrap();
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            kept == schema,
            "{path} is not the schema of the type: rewrite it with LOYALTY_WRITE_SCHEMAS=1 cargo test --features schema --test schemas"
        );
    }
}

#[test]
fn the_schemas_say_what_the_readers_refuse() {
    let schemas = loyalty_rules::json_schemas();
    let event: serde_json::Value = serde_json::from_str(&schemas["event"]).unwrap();
    let text = event.to_string();
    for kind in [
        "purchase", "sign_up", "review", "check_in", "share", "referral", "custom", "time",
    ] {
        assert!(text.contains(&format!("\"{kind}\"")), "{kind}");
    }
    // Unknown fields are refused, and the schema says so.
    let line = &event["$defs"]["Line"];
    assert_eq!(line["additionalProperties"], false, "{line}");
    let required: Vec<&str> = line["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["sku", "quantity", "unit_price"]);
    let outcome: serde_json::Value = serde_json::from_str(&schemas["outcome"]).unwrap();
    assert_eq!(outcome["$defs"]["Exact"]["type"], "string");
}
