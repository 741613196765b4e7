#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Attributes of a purchase's lines (`attribute line.distance number`): a
//! flight's segments with their distance and fare class, read by rules `for
//! each line`, in `sum(...)`, and by counts; refused when undeclared or of
//! the wrong type, as the member's and the event's are.

mod common;

use common::fixtures::{compile, eval, event, replay};
use loyalty_rules::{EvalError, Member, MemberState};

/// A distance-based airline: miles flown, at least 500 a segment, with a
/// fare class bonus, and elite-qualifying miles counted per segment.
const AIRLINE: &str = r#"
program "Mileage Plan" { currency USD  balance eqm qualifying }
attribute line.distance number
attribute line.fare_class text default "V"
counter segments
count 1 to segments on purchase for each line when line.category == "flight"
earn "Miles flown" on purchase for each line where line.category == "flight" {
  award 1 point per max(line.distance, 500)
}
earn "Class bonus" on purchase for each line where line.category == "flight" and line.fare_class in ["F", "A"] {
  award 0.75 points per max(line.distance, 500)
}
earn "EQM" on purchase when sum(line.distance, line.category == "flight") >= 3000 {
  award 1 point per sum(line.distance, line.category == "flight") to eqm
}
"#;

/// A trip of two segments and a bag fee: SEA-BOS in first (2,496 miles)
/// and BOS-PVD in the default class (43 miles).
const TRIP: &str = r#"{"kind": "purchase", "id": "T1", "timestamp": "2026-03-01T08:00:00-08:00", "currency": "USD",
  "lines": [
    {"sku": "SEA-BOS", "category": "flight", "quantity": 1, "unit_price": "612.00", "attributes": {"distance": "2496", "fare_class": "F"}},
    {"sku": "BOS-PVD", "category": "flight", "quantity": 1, "unit_price": "89.00", "attributes": {"distance": "43"}},
    {"sku": "BAG", "category": "fee", "quantity": 1, "unit_price": "35.00"}
  ]}"#;

#[test]
fn rules_for_each_line_read_each_line_s_attributes() {
    let p = compile(AIRLINE);
    let m = Member::new("m");
    let o = eval(&p, &m, &event(TRIP));
    // 2,496 + 500 (43 is below the minimum) miles flown, 0.75 x 2,496 =
    // 1,872 class bonus on the first-class segment only.
    assert_eq!(o.points(&m.id, "points").to_string(), "4868");
    // 2,539 miles in all: below the 3,000 the rule asks.
    assert_eq!(o.points(&m.id, "eqm").to_string(), "0");
    let text = o.explain();
    assert!(
        text.contains(
            "  2996 points from \"Miles flown\"\n    1 point per max(line.distance, 500)\n    line 1 (SEA-BOS, flight): 2496 on 2496\n    line 2 (BOS-PVD, flight): 500 on 500\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("  1872 points from \"Class bonus\"\n"),
        "{text}"
    );
}

#[test]
fn sums_and_counts_read_line_attributes() {
    let p = compile(AIRLINE);
    let mut state = MemberState::new("Mileage Plan", "m");
    let long = event(
        r#"{"kind": "purchase", "id": "T2", "timestamp": "2026-04-01T08:00:00-08:00", "currency": "USD",
          "lines": [
            {"sku": "SEA-JFK", "category": "flight", "quantity": 1, "unit_price": "410.00", "attributes": {"distance": 2421}},
            {"sku": "JFK-SEA", "category": "flight", "quantity": 1, "unit_price": "410.00", "attributes": {"distance": 2421}}
          ]}"#,
    );
    let all = replay(&p, &mut state, &[event(TRIP), long]);
    assert_eq!(all[1].points("m", "eqm").to_string(), "4842");
    assert_eq!(all[1].points("m", "points").to_string(), "4842");
    // Three flight segments and a bag counted: the bag is not a segment.
    assert_eq!(state.counters["segments"].total.to_string(), "4");
}

#[test]
fn a_line_attribute_is_read_only_where_there_is_a_line() {
    let err = loyalty_rules::Program::compile(
        r#"program "P" { currency USD }
attribute line.distance number
earn "Miles" on purchase { award 1 point per line.distance }
"#,
    )
    .unwrap_err();
    assert_eq!(
        err.errors[0].message,
        "`line.distance` cannot be used in this rule: it is only known in rules `on purchase for each line`"
    );
    let err = loyalty_rules::Program::compile(
        r#"program "P" { currency USD }
attribute line.distance number
earn "Miles" on event "flown" { award 1 point per line.distance }
"#,
    )
    .unwrap_err();
    assert_eq!(
        err.errors[0].message,
        "`line.distance` cannot be used in this rule: it is only known in rules `on purchase for each line`"
    );
}

#[test]
fn an_undeclared_or_mistyped_line_attribute_is_refused() {
    let p = compile(AIRLINE);
    let m = Member::new("m");
    let misspelt = event(&TRIP.replace("\"distance\": \"2496\"", "\"distnace\": \"2496\""));
    let err = p.evaluate(&m, &misspelt).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the input has the attribute line.distnace, which the program does not declare; did you mean line.distance?"
    );
    assert!(matches!(err, EvalError::UnknownAttribute { .. }));
    let err = p.points(&m, &misspelt).unwrap_err();
    assert!(matches!(err, EvalError::UnknownAttribute { .. }));
    // A lenient program ignores it: the line has no distance, and the
    // greater of a missing value and 500 is missing, as any arithmetic on
    // one (section 11): the first segment earns nothing, the second 500.
    let lenient = compile(AIRLINE).lenient_attributes(true);
    let o = eval(&lenient, &m, &misspelt);
    assert_eq!(o.points(&m.id, "points").to_string(), "500");
    assert_eq!(o.ignored_attributes, ["line.distnace"]);
    // Named once, however many lines carry it.
    let both = event(&misspelt_both());
    let o = eval(&lenient, &m, &both);
    assert_eq!(o.ignored_attributes, ["line.distnace"]);
    let wrong = event(&TRIP.replace("\"distance\": \"2496\"", "\"distance\": \"far\""));
    let err = p.evaluate(&m, &wrong).unwrap_err();
    assert_eq!(
        err.to_string(),
        "attribute line.distance of line 1 should be a number, but the input has \"far\""
    );
}

#[test]
fn line_attributes_read_back_from_json_and_are_built_by_name() {
    let e = event(TRIP);
    let json = serde_json::to_string(&e).unwrap();
    assert!(
        json.contains(r#""attributes":{"distance":"2496","fare_class":"F"}"#),
        "{json}"
    );
    assert_eq!(loyalty_rules::Event::from_json(&json).unwrap(), e);
    let built: loyalty_rules::Event =
        loyalty_rules::Transaction::new("T1", "2026-03-01T08:00:00-08:00".parse().unwrap(), "USD")
            .with_line(
                loyalty_rules::Line::new("SEA-BOS")
                    .with_category("flight")
                    .with_unit_price("612.00".parse().unwrap())
                    .with_attribute("distance", loyalty_rules::Decimal::from(2496))
                    .with_attribute("fare_class", "F"),
            )
            .into();
    let p = compile(AIRLINE);
    let o = eval(&p, &Member::new("m"), &built);
    assert_eq!(o.points("m", "points").to_string(), "4368");
    // A key given twice is refused, as in any attributes.
    let twice = TRIP.replace(
        "\"distance\": \"43\"",
        "\"distance\": \"43\", \"distance\": \"44\"",
    );
    assert!(loyalty_rules::Event::from_json(&twice).is_err());
}

#[test]
fn a_return_of_a_segment_takes_back_what_it_earned() {
    let p = compile(&format!("{AIRLINE}returns {{ within 30 days }}\n"));
    let mut state = MemberState::new("Mileage Plan", "m");
    let back = event(
        r#"{"kind": "return", "id": "R1", "timestamp": "2026-03-02T08:00:00-08:00", "purchase": "T1",
            "lines": [{"line": 0, "quantity": 1}]}"#,
    );
    let all = replay(&p, &mut state, &[event(TRIP), back]);
    // The first-class segment: 2,496 flown and 1,872 bonus; the rest
    // earns the 500 of the short segment.
    let r = all[1].returned.as_ref().unwrap();
    assert_eq!(r.points["points"].to_string(), "4368");
    assert_eq!(r.rest_earns["points"].to_string(), "500");
    assert_eq!(state.balances["points"].to_string(), "500");
    assert_eq!(state.counters["segments"].total.to_string(), "1");
}

#[test]
fn an_undeclared_line_field_is_told_how_to_declare_it() {
    let err = loyalty_rules::Program::compile(
        r#"program "P" { currency USD }
earn "F" on purchase for each line when line.fare_class == "F" { award 1 point }
earn "Miles" on purchase for each line { award 1 point per line.distance }
"#,
    )
    .unwrap_err();
    let helps: Vec<Option<&str>> = err.errors.iter().map(|e| e.help.as_deref()).collect();
    assert_eq!(
        helps,
        [
            Some("declare your own field with `attribute line.fare_class text` (or bool, number, money, date)"),
            Some("declare your own field with `attribute line.distance number` (or text, bool, money, date)"),
        ]
    );
}

/// Numbers given as JSON numbers (a segment's distance, a purchase's
/// nights) are written as JSON numbers, so that an event, and a state
/// whose receipt holds it, read back equal to themselves.
#[test]
fn numbers_given_as_numbers_read_back_as_numbers() {
    let p = compile(&format!(
        "{AIRLINE}attribute tx.nights number\nreturns {{ within 30 days }}\n"
    ));
    let e = event(
        r#"{"kind": "purchase", "id": "T9", "timestamp": "2026-03-01T08:00:00-08:00", "currency": "USD",
            "attributes": {"nights": 3},
            "lines": [{"sku": "SEA-BOS", "category": "flight", "quantity": 1, "unit_price": "612.00",
                       "attributes": {"distance": 2496}}]}"#,
    );
    let json = serde_json::to_string(&e).unwrap();
    assert!(json.contains(r#""attributes":{"distance":2496}"#), "{json}");
    assert!(json.contains(r#""attributes":{"nights":3}"#), "{json}");
    assert_eq!(loyalty_rules::Event::from_json(&json).unwrap(), e);
    let mut state = MemberState::new("Mileage Plan", "m");
    // `replay` reads each state back from its JSON and compares; the
    // state after it holds the purchase's receipt.
    replay(&p, &mut state, std::slice::from_ref(&e));
    assert!(state.receipts.contains_key("T9"));
    let back = MemberState::from_json(&serde_json::to_string(&state).unwrap()).unwrap();
    assert_eq!(back, state);
    // A fraction and a number past an f64's exact digits keep every digit.
    let exact = event(
        r#"{"kind": "purchase", "id": "T11", "timestamp": "2026-03-01T08:00:00-08:00", "currency": "USD",
            "attributes": {"nights": 0.125},
            "lines": [{"sku": "A", "quantity": 1, "unit_price": "1.00", "attributes": {"distance": "12345678901234567.5"}}]}"#,
    );
    let json = serde_json::to_string(&exact).unwrap();
    assert!(json.contains(r#""nights":0.125"#), "{json}");
    assert!(
        json.contains(r#""distance":"12345678901234567.5""#),
        "{json}"
    );
    assert_eq!(loyalty_rules::Event::from_json(&json).unwrap(), exact);
    // A whole number past 15 digits, which a reader holding JSON numbers
    // as f64 would change, is written as a string too (as the crate asks
    // its own input to be).
    let big =
        loyalty_rules::Transaction::new("T12", "2026-03-01T08:00:00Z".parse().unwrap(), "USD")
            .with_attribute(
                "nights",
                "12345678901234567"
                    .parse::<loyalty_rules::Decimal>()
                    .unwrap(),
            );
    let json = serde_json::to_string(&loyalty_rules::Event::from(big)).unwrap();
    assert!(json.contains(r#""nights":"12345678901234567""#), "{json}");
}

/// A line that leaves an attribute out has a missing value, for which
/// `not in` is unknown: why a rule gave nothing says which lines have none.
#[test]
fn why_not_names_the_lines_without_the_attribute() {
    let p = compile(
        r#"program "Honors" { currency USD }
attribute line.rate_code text
earn "Base" on purchase for each line
    where line.category in ["room", "incidentals"] and line.rate_code not in ["OTA", "COMP"] {
  award 10 points per USD of line.amount
}
"#,
    );
    let stay = event(
        r#"{"kind": "purchase", "id": "F2", "timestamp": "2026-03-03T11:00:00-06:00", "currency": "USD",
            "lines": [{"sku": "QUEEN", "category": "room", "quantity": 2, "unit_price": "140.00", "attributes": {"rate_code": "OTA"}},
                      {"sku": "PARKING", "category": "incidentals", "quantity": 2, "unit_price": "30.00"}]}"#,
    );
    let m = Member::new("m");
    let why = p.why_not(&m, &p.new_state(&m), &stay).unwrap();
    let said: Vec<String> = why.iter().map(ToString::to_string).collect();
    assert_eq!(
        said,
        ["Base: not applied, no line has `line.rate_code not in [\"OTA\", \"COMP\"]` (line 2 (PARKING) has no line.rate_code)"]
    );
}

/// The trip with both flight segments' distance misspelt.
fn misspelt_both() -> String {
    TRIP.replace("\"distance\"", "\"distnace\"")
}

/// `exists(line.NAME)` tests each line, and `sum(line.NAME)` counts a line
/// without the attribute as nothing.
#[test]
fn exists_and_sum_read_each_line_s_attribute() {
    let p = compile(
        r#"program "S" { currency USD }
attribute line.distance number
attribute line.code text default ""
earn "Sum" on purchase { award 1 point per sum(line.distance) }
earn "Has" on purchase for each line where exists(line.distance) { award 1000 points }
earn "None" on purchase for each line where not exists(line.distance) { award 100000 points }
"#,
    );
    let e = event(
        r#"{"kind": "purchase", "id": "Z", "timestamp": "2026-02-01T07:00:00-08:00", "currency": "USD",
            "lines": [{"sku": "A", "quantity": 1, "unit_price": "1", "attributes": {"distance": 2496}},
                      {"sku": "B", "quantity": 1, "unit_price": "1"},
                      {"sku": "C", "quantity": 1, "unit_price": "1"}]}"#,
    );
    let m = Member::new("m");
    // 2,496 summed; one line has a distance, two do not.
    assert_eq!(eval(&p, &m, &e).points("m", "points").to_string(), "203496");
    let warned = compile(
        r#"program "S" { currency USD }
attribute line.code text default ""
earn "Has" on purchase for each line where exists(line.code) { award 1 point }
"#,
    );
    assert_eq!(
        warned.warnings()[0].message,
        "`exists(line.code)` always holds: the attribute has a default"
    );
}

/// A number written with a thousands separator is told the number alone.
#[test]
fn a_number_with_a_thousands_separator_is_told_the_number_alone() {
    let p = compile(AIRLINE);
    let e = event(&TRIP.replace("\"distance\": \"2496\"", "\"distance\": \"2,496\""));
    assert_eq!(
        p.evaluate(&Member::new("m"), &e).unwrap_err().to_string(),
        "attribute line.distance of line 1 should be a number, but the input has \"2,496\"; write the number alone, \"2496\""
    );
}

/// A line's text read where there is no line (a campaign's condition, a
/// rule on the whole purchase) is told how to ask whether any line has
/// it; a number, how to add it up.
#[test]
fn a_line_attribute_out_of_its_place_is_told_how_to_read_the_lines() {
    let help = |body: &str| {
        first_help(&format!(
            "program \"P\" {{ currency USD }}\nattribute line.distance number\nattribute line.fare_class text\nearn \"Base\" on purchase {{ award 1 point per USD of tx.amount }}\n{body}\n"
        ))
    };
    assert_eq!(
        help("campaign \"First\" when line.fare_class == \"F\" { multiply \"Base\" by 2 }"),
        "each line's is read in a rule `on purchase for each line`; whether any line has it: `sum(line.quantity, line.fare_class == \"F\") > 0`"
    );
    assert_eq!(
        help("earn \"Long\" on purchase when line.distance > 2000 { award 5 points }"),
        "each line's is read in a rule `on purchase for each line`; of the purchase's lines, `sum(line.distance)`"
    );
    // What the help says to write compiles.
    common::fixtures::compile(
        "program \"P\" { currency USD }\nattribute line.fare_class text\nearn \"Base\" on purchase { award 1 point per USD of tx.amount }\ncampaign \"First\" when sum(line.quantity, line.fare_class == \"F\") > 0 { multiply \"Base\" by 2 }\n",
    );
}

/// `per mile` in a program that declares a number of its own is told that
/// number, the event's or the line's, rather than a quantity.
#[test]
fn a_rate_per_a_word_is_told_the_program_s_own_number() {
    let help = |rule: &str| {
        first_help(&format!(
            "program \"P\" {{ currency USD }}\nattribute line.distance number\nattribute event.minutes number\n{rule}\n"
        ))
    };
    assert_eq!(
        help("earn \"Miles\" on purchase for each line where line.category == \"flight\" { award 1 point per mile }"),
        "an award on each event is a number of points: `award 1 point`; `per` takes a number the event gives, such as `per line.distance`"
    );
    assert_eq!(
        help("earn \"Play\" on event \"session\" { award 2 points per minute }"),
        "an award on each event is a number of points: `award 2 points`; `per` takes a number the event gives, such as `per event.minutes`"
    );
}

/// The help of the first error of a program that does not compile.
fn first_help(src: &str) -> String {
    let err = loyalty_rules::Program::compile(src).unwrap_err();
    err.errors[0].help.clone().unwrap_or_default()
}
