#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The canonical formatter through the public API: each layout rule on an
//! exact text, the shipped programs, and the same outcomes before and after.
//! The round-trip properties (same syntax tree, idempotence, comments kept,
//! layout independent of the source's) are unit tests in `src/format/`,
//! which can compare syntax trees.

mod common;

use loyalty_rules::{format_program, Event, Member, Program};

const HEADER: &str = "program \"P\" { currency USD }\n";

fn fmt(src: &str) -> String {
    let formatted = format_program(src).unwrap();
    assert_eq!(
        format_program(&formatted).unwrap(),
        formatted,
        "not idempotent"
    );
    formatted
}

#[test]
fn statements_start_lines_and_short_blocks_stay_on_one() {
    assert_eq!(
        fmt("program \"P\" {currency USD timezone \"UTC\"} tiers{a,b , c}\nearn \"A\" on review {award 5 points} earn \"B\" on sign_up {award 1 point award 2 points}"),
        "program \"P\" {\n  currency USD\n  timezone \"UTC\"\n}\ntiers { a b c }\n\
         earn \"A\" on review { award 5 points }\n\
         earn \"B\" on sign_up {\n  award 1 point\n  award 2 points\n}\n"
    );
}

#[test]
fn blank_lines_between_statements_are_kept_once() {
    assert_eq!(
        fmt("\n\nprogram \"P\" {\n\n  currency USD\n\n\n  timezone \"UTC\"\n\n}\n\n\n\ncap 5 points per transaction\n\n"),
        "program \"P\" {\n  currency USD\n\n  timezone \"UTC\"\n}\n\ncap 5 points per transaction\n"
    );
}

#[test]
fn tokens_are_spaced_one_way() {
    assert_eq!(
        fmt(&format!("{HEADER}earn \"A\" on purchase when not(tx.amount>=10USD)and month( tx.date )in[1,2,]and - tx.amount<-(5 USD) {{ award 10%of earned }}")),
        format!("{HEADER}earn \"A\" on purchase\n    when not (tx.amount >= 10 USD) and month(tx.date) in [1, 2] and -tx.amount < -(5 USD) {{\n  award 10% of earned\n}}\n")
    );
}

#[test]
fn a_long_heading_moves_its_condition_and_then_breaks_it() {
    let long = "tx.channel == \"store\" and tx.amount >= 100 USD";
    let src = format!("{HEADER}earn \"A long rule name\" on purchase for each line when {long} and line.category == \"dining\" or member.tier == gold {{ award 1 point }}");
    assert_eq!(
        fmt(&src),
        format!(
            "{HEADER}earn \"A long rule name\" on purchase for each line\n    \
             when {long} and line.category == \"dining\"\n    \
             or member.tier == gold {{\n  award 1 point\n}}\n"
        )
    );
    // Without `or`, it breaks before each `and`.
    let src = format!("{HEADER}earn \"A long rule name\" on purchase for each line when {long} and line.category == \"dining\" and member.tier == gold {{ award 1 point }}");
    assert_eq!(
        fmt(&src),
        format!(
            "{HEADER}earn \"A long rule name\" on purchase for each line\n    \
             when tx.channel == \"store\"\n    and tx.amount >= 100 USD\n    \
             and line.category == \"dining\"\n    and member.tier == gold {{\n  award 1 point\n}}\n"
        )
    );
}

#[test]
fn a_long_list_takes_one_line_per_element() {
    let skus: Vec<String> = (0..12).map(|i| format!("\"SKU-{i:04}\"")).collect();
    let src = format!(
        "{HEADER}earn \"A\" on purchase for each line when line.sku in [{}] {{ award 1 point }}",
        skus.join(",")
    );
    let elements: String = skus.iter().map(|s| format!("        {s},\n")).collect();
    assert_eq!(
        fmt(&src),
        format!("{HEADER}earn \"A\" on purchase for each line\n    when line.sku in [\n{elements}    ] {{\n  award 1 point\n}}\n")
    );
}

#[test]
fn a_long_statement_breaks_after_the_commas_between_its_entries() {
    // Found formatting a beauty retailer's redemption table: it came out
    // as one line of 121 columns.
    let src = format!(
        "{HEADER}burn \"Rewards\" from points {{\n  table 100 points = 3.50 USD, 250 points = 8.75 USD, 500 points = 17.50 USD,\n        1000 points = 35 USD, 2000 points = 70 USD\n}}\n\
         campaign \"C\" every weekend {{ multiply \"Groceries\", \"Pharmacy\", \"Household\", \"Fresh\", \"Bakery\", \"Frozen\", \"Beauty\", \"Pets\", \"Toys\" by 2 }}\n\
         earn \"Groceries\" on purchase {{ award 1 point }}\n\
         burn \"Short\" from points {{ table 100 points = 1 USD, 200 points = 2 USD }}\n"
    );
    assert_eq!(
        fmt(&src),
        format!(
            "{HEADER}burn \"Rewards\" from points {{\n  table 100 points = 3.50 USD,\n      250 points = 8.75 USD,\n      500 points = 17.50 USD,\n      \
             1000 points = 35 USD,\n      2000 points = 70 USD\n}}\n\
             campaign \"C\" every weekend {{\n  multiply \"Groceries\",\n      \"Pharmacy\",\n      \"Household\",\n      \"Fresh\",\n      \"Bakery\",\n      \
             \"Frozen\",\n      \"Beauty\",\n      \"Pets\",\n      \"Toys\" by 2\n}}\n\
             earn \"Groceries\" on purchase {{ award 1 point }}\n\
             burn \"Short\" from points {{ table 100 points = 1 USD, 200 points = 2 USD }}\n"
        )
    );
}

#[test]
fn comments_stay_where_they_were() {
    let src = format!(
        "// a program\n{HEADER}\nearn \"A\" on purchase // trailing\n  when line.sku in [\"a\", # old sku\n\"b\"]\n{{\n  // before the award\n  award 1 point\n  // at the end\n}}\n# last words"
    );
    assert_eq!(
        fmt(&src),
        format!(
            "// a program\n{HEADER}\nearn \"A\" on purchase // trailing\n    when line.sku in [\n        \"a\", # old sku\n        \"b\",\n    ] {{\n  \
             // before the award\n  award 1 point\n  // at the end\n}}\n# last words\n"
        )
    );
}

#[test]
fn the_shipped_programs_are_in_the_canonical_layout() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/programs");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "loyalty") {
            let src = std::fs::read_to_string(&path).unwrap();
            assert_eq!(fmt(&src), src, "{}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 7, "{checked} programs");
}

#[test]
fn a_formatted_program_earns_the_same_points() {
    let acme = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/programs/acme.loyalty"
    ))
    .unwrap();
    // The same program laid out badly: statements run together, odd indentation.
    let messy = acme.replace("\n  ", "\n\t\t ").replace(" {\n", "{");
    assert_ne!(messy, acme);
    let formatted = fmt(&messy);
    let member: Member = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/data/member-gold.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let events = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/events.jsonl"
    ))
    .unwrap();
    let programs = [&acme, &messy, &formatted].map(|s| Program::compile(s).unwrap());
    let mut compared = 0;
    for line in events.lines().filter(|l| !l.trim().is_empty()) {
        let event: Event = serde_json::from_str(line).unwrap();
        let outcomes: Vec<serde_json::Value> = programs
            .iter()
            .map(|p| {
                let mut json = serde_json::to_value(p.evaluate(&member, &event).unwrap()).unwrap();
                // The program's id hashes its text.
                json.as_object_mut().unwrap().remove("program");
                json
            })
            .collect();
        assert_eq!(outcomes[0], outcomes[1]);
        assert_eq!(outcomes[0], outcomes[2]);
        compared += 1;
    }
    assert_eq!(
        compared,
        events.lines().filter(|l| !l.trim().is_empty()).count()
    );
    assert!(compared >= 5);
}

#[test]
fn formatting_needs_syntax_only() {
    // Unknown names and types are the checker's business, not the formatter's.
    assert_eq!(
        fmt("program \"P\" { currency XYZ }\nearn \"A\" on nothing when no.such.field { award 1 point }"),
        "program \"P\" { currency XYZ }\nearn \"A\" on nothing when no.such.field { award 1 point }\n"
    );
    let err = format_program("earn \"A\" on review { award }").unwrap_err();
    assert_eq!((err.errors[0].line, err.errors[0].column), (1, 28));
}

#[test]
fn crlf_sources_keep_their_line_endings() {
    let lf = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/programs/acme.loyalty"
    ))
    .unwrap();
    let crlf = lf.replace('\n', "\r\n");
    let formatted = loyalty_rules::format_program(&crlf).unwrap();
    assert_eq!(
        formatted,
        loyalty_rules::format_program(&lf)
            .unwrap()
            .replace('\n', "\r\n")
    );
    assert_eq!(
        loyalty_rules::format_program(&formatted).unwrap(),
        formatted
    );
    assert!(!formatted.replace("\r\n", "").contains('\r'));
}
