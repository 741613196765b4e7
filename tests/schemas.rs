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

/// Every amount an event takes reads a JSON number as well as a string
/// (`"points": 500`, a returned line's `"quantity": 1`), and the schema
/// says so: a service that validates with it does not refuse what the
/// crate reads (the examples' returns were refused by it).
#[test]
fn the_schema_takes_numbers_wherever_the_reader_does() {
    let schemas = loyalty_rules::json_schemas();
    let event: serde_json::Value = serde_json::from_str(&schemas["event"]).unwrap();
    let amounts = [
        "quantity",
        "unit_price",
        "discount",
        "tax",
        "shipping",
        "points",
        "order",
        "amount",
    ];
    let mut seen = Vec::new();
    let mut stack = vec![("".to_string(), &event)];
    while let Some((path, node)) = stack.pop() {
        match node {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    for (name, prop) in props {
                        if amounts.contains(&name.as_str()) {
                            let types = prop["type"].to_string();
                            assert!(types.contains("\"number\""), "{path}.{name}: {prop}");
                            seen.push(format!("{path}.{name}"));
                        }
                    }
                }
                for (k, v) in map {
                    stack.push((format!("{path}/{k}"), v));
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    stack.push((format!("{path}[{i}]"), v));
                }
            }
            _ => {}
        }
    }
    // The line's three, the purchase's two and its tender in points, the
    // redemption's two, the return's amount and a returned line's quantity.
    assert_eq!(seen.len(), 10, "{seen:?}");
}
